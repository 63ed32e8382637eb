"""Run the system Graphviz `dot` through the `graphviz` package: DOT source in (stdin), SVG out.

Like sphinx.ext.graphviz: the source goes in on stdin, output and stderr are captured, and a
missing `dot` is reported in Chinese with what to install. Results are memoised by source
text, so identical charts are laid out once per process (tests build the same catalog often).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

import graphviz

from onewindow.errors import MissingToolError, OnewindowError

CJK_FONT = "WenQuanYi Micro Hei"
# What browsers on phones fall back to when the font dot measured with is not installed.
CJK_FONT_STACK = f"{CJK_FONT},PingFang SC,Hiragino Sans GB,Microsoft YaHei,Noto Sans CJK SC,Source Han Sans SC,sans-serif"
DOT_MISSING = "找不到 Graphviz 的 dot 命令，无法生成流程图。请先安装 Graphviz：sudo apt-get install graphviz"
INSTALL_HINT = "sudo apt-get install graphviz fonts-wqy-microhei（或运行 scripts/setup.sh）"


class GraphvizError(OnewindowError):
    category = "流程图生成失败"


def require_dot() -> None:
    """Fail early and clearly when Graphviz or the CJK font is not installed."""
    if shutil.which("dot") is None:
        raise MissingToolError(DOT_MISSING, INSTALL_HINT)
    if not _font_installed():
        raise MissingToolError(f"找不到中文字体“{CJK_FONT}”（文泉驿微米黑），流程图中的汉字会显示为方框。"
                               "请安装：sudo apt-get install fonts-wqy-microhei", INSTALL_HINT)


@lru_cache(maxsize=1)
def _font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # no fontconfig to ask; dot will still find the font if it is there
    try:
        out = subprocess.run([fc_list, CJK_FONT, "family"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return True
    return CJK_FONT in out.stdout


@lru_cache(maxsize=1)
def dot_version() -> str:
    """Graphviz version, part of the cache key of charts: a new `dot` lays them out anew."""
    try:
        return ".".join(map(str, graphviz.version()))
    except graphviz.ExecutableNotFound as exc:
        raise MissingToolError(DOT_MISSING, INSTALL_HINT) from exc
    except (graphviz.CalledProcessError, RuntimeError):
        return "unknown"


def dot_to_svg(source: str, what: str = "流程图") -> str:
    """Lay out DOT `source` with `dot -Tsvg`; the SVG text, fonts given a CJK fallback stack.
    `what` names the chart in error messages."""
    try:
        return _render(source)
    except graphviz.CalledProcessError as exc:
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else str(exc.stderr)
        raise GraphvizError(f"dot 无法生成{what}（退出码 {exc.returncode}）：{stderr.strip()[:500]}",
                            "这是 onewindow 的缺陷，不是目录的问题；请把这条信息报告给维护者") from exc


@lru_cache(maxsize=512)
def _render(source: str) -> str:
    try:
        svg = graphviz.pipe("dot", "svg", source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise MissingToolError(DOT_MISSING, INSTALL_HINT) from exc
    text = svg.decode("utf-8")
    return text.replace(f'font-family="{CJK_FONT}"', f'font-family="{CJK_FONT_STACK}"')
