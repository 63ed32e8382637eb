"""Which characters the printed PDFs can draw, known without loading a font.

The front-desk PDFs (onewindow.render.pdf) embed TrueType fonts: the main CJK font and, for the
characters it lacks, the fallback fonts, tried in order. This module is the one place that says
which font draws a character, for the renderer (which sets it in that font) and for `check`
(OW230, a character no font has) alike.

Reading a font's character map takes ReportLab and a parse of tens of megabytes, which `check`
would pay in every worker process. So the coverage of the fonts the project's set-up installs is
precomputed by scripts/font_coverage.py into fontcoverage.json (ranges of code points), and an
installed font is recognised by its size and a hash of its table directory: the offsets, lengths
and checksums of all its tables, the character map's included, a few hundred bytes to read. A
font the table does not know (another version, $ONEWINDOW_CJK_FONT pointing elsewhere, a table
that cannot be read) has its character map read for real, with ReportLab, as the renderer does.

Nothing here imports ReportLab unless a font has to be read.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import struct
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

from onewindow.errors import MissingToolError

ENV_VAR = "ONEWINDOW_CJK_FONT"
INSTALL_HINT = "sudo apt-get install fonts-wqy-microhei"
FALLBACK_HINT = "sudo apt-get install fonts-hanazono"
TABLE_FILE = "fontcoverage.json"  # in the onewindow package, written by scripts/font_coverage.py

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


def unusable_font(path: Path, reason: object) -> MissingToolError:
    """The error for a main font file that exists but cannot be read as a TrueType font."""
    return MissingToolError(f"中文字体文件 {path} 无法使用：{reason}",
                            f"需要 TrueType 字体（.ttf/.ttc，不能是 CFF/OTF）；{INSTALL_HINT}")


class FontUnreadable(Exception):
    """A font file that is missing, truncated or not TrueType."""


@dataclass(frozen=True)
class Ranges:
    """A set of code points as sorted, disjoint, non-adjacent inclusive ranges."""

    spans: tuple[tuple[int, int], ...]
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [start for start, _ in self.spans])

    @classmethod
    def of(cls, codes: Iterable[int]) -> Ranges:
        spans: list[list[int]] = []
        for code in sorted(set(codes)):
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
        return cls(tuple((start, end) for start, end in spans))

    @classmethod
    def parse(cls, text: str) -> Ranges:
        """From `20-7e,a0,a2-ff` (hexadecimal); raises ValueError on anything else."""
        spans = []
        for part in text.split(","):
            start, _, end = part.partition("-")
            spans.append((int(start, 16), int(end or start, 16)))
        if any(not 0 <= a <= b <= sys.maxunicode for a, b in spans) or any(
                b1 + 1 >= a2 for (_, b1), (a2, _) in pairwise(spans)):
            raise ValueError("ranges not sorted, disjoint code points")
        return cls(tuple(spans))

    def format(self) -> str:
        return ",".join(f"{a:x}-{b:x}" if a != b else f"{a:x}" for a, b in self.spans)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        at = bisect.bisect_right(self._starts, code) - 1
        return at >= 0 and code <= self.spans[at][1]

    def __len__(self) -> int:
        return sum(end - start + 1 for start, end in self.spans)

    def char_class(self) -> str:
        """The ranges as the inside of a regular-expression character class."""
        def one(code: int) -> str:
            return re.escape(chr(code))
        return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in self.spans)


def font_identity(path: Path, face: int = 0) -> str:
    """`size:hash` of a font face: its file size and a SHA-256 of the face's table directory
    (the sfnt header and every table's tag, checksum, offset and length). A few hundred bytes are
    read; a different version of a font has different table checksums."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(12)
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= face < count:
                    raise FontUnreadable(f"no face {face} in a collection of {count}")
                handle.seek(12 + 4 * face)
                (offset,) = struct.unpack(">I", handle.read(4))
                handle.seek(offset)
                head = handle.read(12)
            elif face:
                raise FontUnreadable(f"no face {face} in a single font")
            if len(head) < 12 or head[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
                raise FontUnreadable("not a TrueType font")
            (tables,) = struct.unpack(">H", head[4:6])
            directory = handle.read(16 * tables)
            if len(directory) < 16 * tables:
                raise FontUnreadable("truncated table directory")
    except (OSError, struct.error) as exc:
        raise FontUnreadable(str(exc)) from exc
    return f"{size}:{hashlib.sha256(head + directory).hexdigest()[:32]}"


def read_coverage(path: Path, face: int = 0) -> Ranges:
    """The code points the font really has a glyph for, from its character map, read the way the
    renderer reads it (ReportLab); raises FontUnreadable."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        parsed = TTFontFile(str(path), subfontIndex=face)
    except (TTFError, OSError, struct.error, ValueError, KeyError, IndexError) as exc:
        raise FontUnreadable(str(exc)) from exc
    return Ranges.of(code for code, glyph in parsed.charToGlyph.items() if glyph)


def table_of_installed_fonts() -> dict[str, object]:
    """The table scripts/font_coverage.py ships: every candidate font installed here, read for real."""
    fonts = []
    for path, face in CANDIDATES + FALLBACK_CANDIDATES:
        if Path(path).is_file():
            ranges = read_coverage(Path(path), face)
            fonts.append({"file": path, "face": face, "identity": font_identity(Path(path), face),
                          "glyphs": len(ranges), "ranges": ranges.format()})
    return {"about": "Code points each PDF font draws, by font identity (size:sha256 of its table "
                     "directory); written by scripts/font_coverage.py, do not edit.", "fonts": fonts}


def table_text(table: dict[str, object]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=1) + "\n"


@cache
def shipped_table() -> dict[str, Ranges]:
    """Font identity → coverage, as shipped in the package; empty if the file is missing or damaged
    (every font is then read for real)."""
    try:
        data = json.loads(files("onewindow").joinpath(TABLE_FILE).read_text(encoding="utf-8"))
        return {str(font["identity"]): Ranges.parse(str(font["ranges"])) for font in data["fonts"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@cache
def coverage(path: Path, face: int = 0) -> Ranges:
    """What the font at `path` draws: from the shipped table when it is a font the table was made
    from, else read from the font itself. Raises FontUnreadable."""
    known = shipped_table().get(font_identity(path, face))
    return known if known is not None else read_coverage(path, face)


def _ignorable(char: str) -> bool:
    """Characters no font needs to draw: controls, format marks, spaces, combining marks."""
    return char.isascii() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn")


@dataclass(frozen=True)
class FontSet:
    """The main font and the fallback candidates, in the order the renderer tries them: font 0
    is the main font, font i ≥ 1 is FALLBACK_CANDIDATES[i - 1] (None where it is not installed).
    A fallback is only looked at when the main font lacks a character."""

    main: tuple[Path, int]
    fallbacks: tuple[tuple[Path, int] | None, ...]

    @cached_property
    def main_coverage(self) -> Ranges:
        """Raises MissingToolError when the main font cannot be read."""
        try:
            return coverage(*self.main)
        except FontUnreadable as exc:
            raise unusable_font(self.main[0], exc) from exc

    @cached_property
    def _drawn_by_main(self) -> re.Pattern[str]:
        return re.compile(f"[\\x00-\\x7f{self.main_coverage.char_class()}]*")

    def all_in_main(self, text: str) -> bool:
        """Whether the main font draws every character of `text` (ASCII always counts as drawn)."""
        return text.isascii() or self._drawn_by_main.fullmatch(text) is not None

    def _covers(self, font: int, code: int) -> bool:
        where = self.fallbacks[font - 1]
        if where is None:
            return False
        try:
            return code in coverage(*where)
        except FontUnreadable:
            return False  # a damaged fallback is as good as none: the renderer skips it too

    def font_for(self, char: str) -> int | None:
        """The font that draws `char`: 0 for the main font, i for fallback i, None for none."""
        code = ord(char)
        if char.isascii() or code in self.main_coverage:
            return 0
        return next((font for font in range(1, len(self.fallbacks) + 1) if self._covers(font, code)), None)

    def undrawable(self, text: str) -> list[str]:
        """The distinct characters of `text` that no font draws, in order of appearance."""
        if self.all_in_main(text):
            return []
        missing: dict[str, None] = {}
        for char in text:
            if char not in missing and not _ignorable(char) and self.font_for(char) is None:
                missing[char] = None
        return list(missing)


@cache
def _font_set(main: tuple[Path, int], fallbacks: tuple[tuple[Path, int] | None, ...]) -> FontSet:
    return FontSet(main, fallbacks)


def installed() -> FontSet:
    """The fonts the PDFs would use now; raises MissingToolError without a usable main font."""
    fallbacks = tuple((Path(path), face) if Path(path).is_file() else None for path, face in FALLBACK_CANDIDATES)
    fonts = _font_set(find_font(), fallbacks)
    fonts.main_coverage  # noqa: B018 - raises now if the main font is unreadable
    return fonts


def undrawable(text: str) -> list[str]:
    """The distinct characters of `text` that no installed font can draw, in order of appearance."""
    return installed().undrawable(text)


def describe_chars(chars: list[str]) -> str:
    """䶮（U+4DAE）、😀（U+1F600）"""
    return "、".join(f"{char}（U+{ord(char):04X}）" for char in chars)
