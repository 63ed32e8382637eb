"""The embedded CJK fonts. ReportLab can only embed TrueType outlines (not CFF/OTF Noto CJK),
so we use TrueType fonts installed by the project's set-up: WenQuanYi Micro Hei (Debian
fonts-wqy-microhei) for the text, and HanaMin A/B (fonts-hanazono) for the characters it lacks:
CJK Extension A (䶮) and Extensions B–F (𠀀 𬌗), which turn up in people's and places' names.
A character no installed font has is named by `undrawable` (check warns with OW230; `notice`
warns on the command line) instead of vanishing from a printed notice.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
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

# Fallbacks, in order: HanaMinA covers the BMP and Extension A, HanaMinB the supplementary planes.
FALLBACK_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
)
FALLBACK_HINT = "sudo apt-get install fonts-hanazono"

_BFCHAR = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.M)
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond the BMP written as UTF-16 pairs.

    ReportLab writes U+20000 as `<20000>` (odd-length hex), which PDF readers reject, so a name
    set in Extension B prints but cannot be searched, copied or read back; the PDF spec wants
    the UTF-16BE code units, `<D840DC00>`."""
    def pair(match: re.Match[str]) -> str:
        units = chr(int(match[2], 16)).encode("utf-16-be").hex().upper()
        return f"{match[1]} <{units}>"

    return _BFCHAR.sub(pair, _reportlab_to_unicode(fontname, subset))


ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # TTFont.addObjects looks the function up here

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


_chosen: dict[tuple[tuple[tuple[str, int], ...], str], str] = {}  # (candidates, $ONEWINDOW_CJK_FONT) → name


def register_cjk_font(candidates: tuple[tuple[str, int], ...] = CANDIDATES) -> str:
    """Register the CJK font with ReportLab (once per file) and return its font name.

    Every paragraph asks for it (a poster: thousands), so the answer is kept per setting
    instead of looking for the files again; a registered font is already in memory."""
    setting = (candidates, os.environ.get(ENV_VAR, "").strip())
    if (known := _chosen.get(setting)) is not None:
        return known
    _chosen[setting] = name = _register(candidates)
    return name


def _register(candidates: tuple[tuple[str, int], ...]) -> str:
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


@cache
def fallback_fonts() -> tuple[str, ...]:
    """Registered names of the installed fallback fonts (none installed: an empty tuple)."""
    names = []
    for index, (path, face) in enumerate(FALLBACK_CANDIDATES):
        if not Path(path).is_file():
            continue
        name = f"{FONT_NAME}Fallback{index}"
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=face))
        except (TTFError, OSError):
            continue
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        names.append(name)
    return tuple(names)


@cache
def coverage(name: str) -> frozenset[int]:
    """Code points the registered font `name` has a real glyph for."""
    face = pdfmetrics.getFont(name).face
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


def _ignorable(char: str) -> bool:
    """Characters no font needs to draw: controls, format marks, spaces, combining marks."""
    return char.isascii() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn")


def _font_of(char: str, primary: str) -> str | None:
    if char.isascii() or ord(char) in coverage(primary):
        return primary
    return next((name for name in fallback_fonts() if ord(char) in coverage(name)), None)


def with_fallback(escaped: str) -> str:
    """Paragraph markup in which every character the main font lacks is set in a fallback font.

    `escaped` is already XML-escaped text (entities are ASCII, so they are never split)."""
    primary = register_cjk_font()
    main = coverage(primary)
    if all(char.isascii() or ord(char) in main for char in escaped):
        return escaped  # the common case: one pass, no fallback font loaded
    out: list[str] = []
    for char in escaped:
        font = _font_of(char, primary)
        out.append(char if font in (primary, None) else f'<font name="{font}">{char}</font>')
    return "".join(out)


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that no installed font can draw, in order of appearance."""
    primary = register_cjk_font()
    main = coverage(primary)
    missing: dict[str, None] = {}
    for char in text:
        if char.isascii() or ord(char) in main or _ignorable(char) or char in missing:
            continue
        if _font_of(char, primary) is None:
            missing[char] = None
    return list(missing)


def describe_chars(chars: list[str]) -> str:
    """䶮（U+4DAE）、😀（U+1F600）"""
    return "、".join(f"{char}（U+{ord(char):04X}）" for char in chars)
