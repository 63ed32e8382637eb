"""Paragraph styles, colours and text helpers shared by every front-desk PDF."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from onewindow.render.pdf.fonts import register_cjk_font, with_fallback

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#444444")
HEAD_FILL = colors.HexColor("#e4e9f0")
LABEL_FILL = colors.HexColor("#f2f4f7")
SHARED_FILL = colors.HexColor("#eeeeee")
ACCENT = colors.HexColor("#0b4f8a")


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle


@cache
def _styles(font: str) -> Styles:
    def style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        # wordWrap="CJK" lets Chinese break between any two characters inside narrow cells.
        settings: dict[str, object] = {"textColor": INK, "alignment": TA_LEFT, **extra}
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **settings)

    return Styles(
        font=font,
        title=style("title", 17, 22, spaceAfter=2),
        subtitle=style("subtitle", 9.5, 13, textColor=MUTED),
        heading=style("heading", 11.5, 15, spaceBefore=8, spaceAfter=4, textColor=ACCENT),
        subheading=style("subheading", 10, 14, spaceBefore=2, textColor=ACCENT),
        body=style("body", 10, 15),
        note=style("note", 8, 11, textColor=MUTED),
        label=style("label", 8.5, 11, textColor=MUTED),
        cell=style("cell", 8.5, 11.5),
        cell_small=style("cell_small", 7.5, 10, textColor=MUTED),
        head=style("head", 8.5, 11, alignment=TA_CENTER),
        center=style("center", 8.5, 11.5, alignment=TA_CENTER),
        right=style("right", 10, 15, alignment=TA_RIGHT),
    )


def get_styles() -> Styles:
    """Styles in the embedded CJK font (registers the font; raises MissingToolError without it)."""
    return _styles(register_cjk_font())


def esc(text: object) -> str:
    """Catalog text as literal Paragraph text: markup like <font> or <a href=…> stays visible text;
    characters the main font lacks (䶮 𠀀) are set in a fallback font."""
    return with_fallback(escape(str(text)))


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain (untrusted) text."""
    return Paragraph(esc(text), style)


def markup(escaped: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of our own markup; every catalog value inside must already be passed through esc()."""
    return Paragraph(escaped, style)


def cn_date(iso: str) -> str:
    """2024-01-05 → 2024年1月5日 (dates on forms are written the Chinese way)."""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
    except ValueError:
        return iso
    return f"{year}年{month}月{day}日"


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle whose cell font is the CJK font: a Table otherwise sets Helvetica for every
    cell, which puts an unembedded standard font into the PDF even when no cell uses it."""
    return TableStyle([("FONT", (0, 0), (-1, -1), get_styles().font, 8.5), *commands])
