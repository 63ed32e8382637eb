"""The embedded CJK font. ReportLab can only embed TrueType outlines (not CFF/OTF Noto CJK),
so we use a TrueType collection installed by the project's set-up (Debian fonts-wqy-*)."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from onewindow.errors import MissingToolError

FONT_NAME = "OneWindowCJK"
ENV_VAR = "ONEWINDOW_CJK_FONT"
INSTALL_HINT = "sudo apt-get install fonts-wqy-microhei"

# (path, index of the face inside a .ttc collection), most preferred first.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
)

_registered: dict[str, str] = {}  # font file → registered name (registration parses the file once)


def find_font(candidates: tuple[tuple[str, int], ...] = CANDIDATES) -> tuple[Path, int]:
    """The font file to embed: $ONEWINDOW_CJK_FONT if set, else the first installed candidate."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        path = Path(override)
        if not path.is_file():
            raise MissingToolError(f"环境变量 {ENV_VAR} 指定的中文字体文件 {path} 不存在",
                                   f"改正路径（TrueType 字体 .ttf/.ttc），或删除该变量使用文泉驿微米黑：{INSTALL_HINT}")
        return path, 0
    for name, index in candidates:
        if Path(name).is_file():
            return Path(name), index
    raise MissingToolError(
        "找不到可嵌入 PDF 的中文字体“文泉驿微米黑”（WenQuanYi Micro Hei，"
        f"{candidates[0][0] if candidates else 'wqy-microhei.ttc'}），无法生成收件清单等 PDF",
        f"安装字体：{INSTALL_HINT}；或用环境变量 {ENV_VAR} 指定一个 TrueType 中文字体文件")


def register_cjk_font(candidates: tuple[tuple[str, int], ...] = CANDIDATES) -> str:
    """Register the CJK font with ReportLab (once per file) and return its font name."""
    path, index = find_font(candidates)
    key = f"{path.resolve()}#{index}"
    if key in _registered:
        return _registered[key]
    name = FONT_NAME if not _registered else f"{FONT_NAME}{len(_registered)}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except (TTFError, OSError) as exc:
        raise MissingToolError(f"中文字体文件 {path} 无法使用：{exc}",
                               f"需要 TrueType 字体（.ttf/.ttc，不能是 CFF/OTF）；{INSTALL_HINT}") from exc
    # The font has no bold or italic face: map them to itself so <b> markup never fails.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    _registered[key] = name
    return name
