"""The site's base URL: where it comes from and what it may be.

It lands in every QR code, in `<link rel=canonical>`, in the sitemap and in flowchart links,
so it must be a plain absolute http(s) URL: no quotes, angle brackets, spaces or control
characters that could end an attribute, no credentials, no query or fragment (page paths are
appended to it), and short enough that a QR code with a page path stays easy to scan.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from onewindow.errors import ConfigError, UsageError, os_reason, printable

# Level-M QR codes of up to ~180 bytes (version 9) scan reliably from a printed A4 poster;
# page paths add up to ~60 characters.
MAX_SITE_URL = 120
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_PATH = re.compile(r"(/([A-Za-z0-9._~!$&()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*\Z")
EXAMPLE = "例如 https://zwfw.example.gov.cn/guide/"


def site_url_problem(url: str) -> str:
    """Why `url` cannot be the site's base URL, in Chinese ("" when it can)."""
    if len(url) > MAX_SITE_URL:
        return f"网址太长（{len(url)} 个字符，上限 {MAX_SITE_URL}），二维码会密得难以扫描"
    if not url.isascii() or any(not ch.isprintable() or ch.isspace() for ch in url):
        return "网址只能由英文字母、数字和 - . _ ~ / : % 等符号组成（不能有空格、控制字符或中文；中文路径请先百分号编码，中文域名请写成 xn-- 形式）"
    if re.search(r"[\"'<>`\\^{}|\[\]]", url):
        return "网址中不能有引号、尖括号、反斜杠、花括号、竖线或方括号"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "网址的主机名或端口写法不对"
    if parts.scheme not in ("http", "https") or not url.lower().startswith(parts.scheme + "://"):
        return "网址必须以 https:// 或 http:// 开头"
    if "@" in parts.netloc:
        return "网址中不能包含用户名或密码（@）"
    host = parts.hostname or ""
    if not host or not all(_HOST_LABEL.match(label) for label in host.rstrip(".").split(".")):
        return "网址的主机名写法不对"
    if port == 0:
        return "网址的端口写法不对"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "网址不能带 ? 查询参数或 # 锚点（页面路径要接在它后面）"
    if not _PATH.match(parts.path):
        return "网址路径中有不允许的字符（% 后面必须是两位十六进制数）"
    return ""


def check_site_url(url: str, where: str) -> str:
    """The validated base URL ending in "/"; a usage error (exit 2) names `where` it came from."""
    url = url.strip(" \t")  # a pasted space, nothing more: other whitespace is refused
    problem = site_url_problem(url)
    if problem:
        raise UsageError(f"{where} 的值“{printable(url[:MAX_SITE_URL])}”不能用作网站地址：{problem}", EXAMPLE)
    return url.rstrip("/") + "/"


def read_site_url(mkdocs_yml: Path) -> str:
    """`site_url` from mkdocs.yml (plain YAML read; Material's !!python tags are skipped)."""

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except OSError as exc:
        raise ConfigError(f"无法读取 {printable(str(mkdocs_yml))}：{os_reason(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{printable(str(mkdocs_yml))} 不是 UTF-8 编码的文本") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise ConfigError(f"{printable(str(mkdocs_yml))} {where}不是有效的 YAML", "检查缩进、冒号和引号") from exc
    url = str(config.get("site_url") or "").strip() if isinstance(config, dict) else ""
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{printable(str(mkdocs_yml))} 中的 site_url 必须是以 https:// 开头的网址（二维码要用它生成完整链接）",
                          "例如 site_url: https://zwfw.example.gov.cn/guide/")
    problem = site_url_problem(url)
    if problem:
        raise ConfigError(f"{printable(str(mkdocs_yml))} 中的 site_url 不能用作网站地址：{problem}", EXAMPLE)
    return url.rstrip("/") + "/"


def resolve_site_url(option: str | None, mkdocs_yml: Path, catalog_dir: Path | None = None) -> str:
    """The one base URL of a build or notice: --site-url, else ONEWINDOW_SITE_URL, else a local
    catalog's own `site_url` in layer.yml (each district of a province publishes its own site,
    while they may share one mkdocs.yml), else mkdocs.yml."""
    if option is not None:
        return check_site_url(option, "--site-url")
    if os.environ.get("ONEWINDOW_SITE_URL"):
        return check_site_url(os.environ["ONEWINDOW_SITE_URL"], "环境变量 ONEWINDOW_SITE_URL")
    if catalog_dir is not None and (layer_url := _layer_site_url(catalog_dir)):
        return check_site_url(layer_url, f"{printable(str(catalog_dir / 'layer.yml'))} 的 site_url")
    return read_site_url(mkdocs_yml)


def _layer_site_url(catalog_dir: Path) -> str:
    """`site_url` of layer.yml, read leniently: `check` reports whatever else is wrong there."""
    try:
        data = yaml.safe_load((catalog_dir / "layer.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    value = data.get("site_url") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""
