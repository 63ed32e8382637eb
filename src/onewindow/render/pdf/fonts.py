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

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

# Which font draws which character is decided in onewindow.fontcoverage (no ReportLab needed
# there, so `check` can ask too); the names are re-exported for the renderer's callers.
from onewindow.fontcoverage import (
    CANDIDATES,
    ENV_VAR,
    FALLBACK_CANDIDATES,
    FALLBACK_HINT,
    INSTALL_HINT,
    FontSet,
    describe_chars,
    find_font,
    installed,
    undrawable,
    unusable_font,
)

__all__ = ["CANDIDATES", "ENV_VAR", "FALLBACK_CANDIDATES", "FALLBACK_HINT", "FONT_NAME", "INSTALL_HINT",
           "describe_chars", "find_font", "register_cjk_font", "undrawable", "with_fallback"]

FONT_NAME = "OneWindowCJK"

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
_fallbacks: dict[str, str | None] = {}  # fallback font file → registered name, None if unusable


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
        raise unusable_font(path, exc) from exc
    # The font has no bold or italic face: map them to itself so <b> markup never fails.
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    _registered[key] = name
    return name


def _fallback_font(font: int) -> str | None:
    """The registered name of fallback font `font` (numbered as in fontcoverage.FontSet);
    None if it cannot be registered (the character is then drawn blank, as without it)."""
    where = _installed_for_setting().fallbacks[font - 1]
    if where is None:
        return None
    path, face = where
    key = f"{path.resolve()}#{face}"
    if key not in _fallbacks:
        name: str | None = f"{FONT_NAME}Fallback{len(_fallbacks)}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=face))
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        except (TTFError, OSError):
            name = None
        _fallbacks[key] = name
    return _fallbacks[key]


_font_sets: dict[str, FontSet] = {}  # $ONEWINDOW_CJK_FONT → the fonts paragraphs are set in


def _installed_for_setting() -> FontSet:
    """`installed()`, looked up once per setting: every paragraph asks (a poster: thousands)."""
    setting = os.environ.get(ENV_VAR, "").strip()
    if (known := _font_sets.get(setting)) is None:
        _font_sets[setting] = known = installed()
    return known


def with_fallback(escaped: str) -> str:
    """Paragraph markup in which every character the main font lacks is set in the fallback font
    that has it (fontcoverage.FontSet.font_for chooses, the same choice `check` relies on).

    `escaped` is already XML-escaped text (entities are ASCII, so they are never split)."""
    register_cjk_font()
    fonts = _installed_for_setting()
    if fonts.all_in_main(escaped):
        return escaped  # the common case: one pass, no fallback font loaded
    out: list[str] = []
    for char in escaped:
        font = fonts.font_for(char)
        name = _fallback_font(font) if font else None
        out.append(f'<font name="{name}">{char}</font>' if name else char)
    return "".join(out)

