"""QR posters for the hall wall: a grid of QR codes with item names, one poster per
department and per window category. Citizens scan the code of the item they need."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from onewindow.catalog.model import Department, Window
from onewindow.render.pdf.page import MARGIN, write_pdf
from onewindow.render.pdf.qr import QrCode
from onewindow.render.pdf.styles import ACCENT, MUTED, RULE, Styles, get_styles, para, table_style

COLUMNS = 3
QR_SIZE = 46 * mm


@dataclass(frozen=True)
class PosterEntry:
    name: str
    code: str
    url: str


@dataclass(frozen=True)
class Poster:
    title: str
    subtitle: str
    details: tuple[str, ...]  # address, hours, phone… one line each
    entries: tuple[PosterEntry, ...]
    footer: str


def department_poster(dept: Department, entries: tuple[PosterEntry, ...]) -> Poster:
    return Poster(dept.name, f"手机扫码，查看办事指南（共 {len(entries)} 个事项）",
                  (f"办理地点：{dept.address}", f"办理时间：{dept.hours}",
                   f"咨询电话：{dept.phone}；监督投诉电话：{dept.complaint_phone}"),
                  entries, f"{dept.name} 办事指南二维码")


def window_poster(window: Window, entries: tuple[PosterEntry, ...]) -> Poster:
    details = tuple(x for x in (f"窗口位置：{window.location}" if window.location else "",
                                window.description) if x)
    return Poster(f"{window.name}综合窗口", f"手机扫码，查看办事指南（共 {len(entries)} 个事项）", details, entries,
                  f"{window.name}综合窗口 办事指南二维码")


def _poster_styles(s: Styles) -> dict[str, ParagraphStyle]:
    base = {"fontName": s.font, "alignment": TA_CENTER, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("poster-title", fontSize=24, leading=30, textColor=ACCENT, **base),
        "subtitle": ParagraphStyle("poster-subtitle", fontSize=13, leading=18, spaceBefore=2, **base),
        "detail": ParagraphStyle("poster-detail", fontSize=9.5, leading=13, textColor=MUTED, **base),
        "name": ParagraphStyle("poster-name", fontSize=11.5, leading=14.5, **base),
        "code": ParagraphStyle("poster-code", fontSize=7.5, leading=10, textColor=MUTED, **base),
    }


def _cell(entry: PosterEntry, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [QrCode(entry.url, QR_SIZE), para(entry.name, st["name"]), para(f"事项编码 {entry.code}", st["code"])]


def _grid(entries: tuple[PosterEntry, ...], st: dict[str, ParagraphStyle], width: float) -> Table:
    columns = min(COLUMNS, len(entries))  # a poster with one or two codes keeps them centred
    cells = [_cell(e, st) for e in entries]
    cells += [[] for _ in range(-len(cells) % columns)]  # fill the last row
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    table = Table(rows, colWidths=[width / COLUMNS] * columns, hAlign="CENTER")
    # A frame around each code, none around the blanks that fill the last row.
    boxes = [("BOX", (i % columns, i // columns), (i % columns, i // columns), 0.4, RULE)
             for i in range(len(entries))]
    table.setStyle(table_style([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"), *boxes,
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def write_poster(poster: Poster, out: Path) -> Path:
    """Write `poster` to `out` (A4 portrait, three QR codes per row)."""
    width = A4[0] - 2 * MARGIN
    st = _poster_styles(get_styles())
    story: list[Flowable] = [para(poster.title, st["title"]), para(poster.subtitle, st["subtitle"]),
                             Spacer(1, 2 * mm)]
    story += [para(line, st["detail"]) for line in poster.details]
    story += [Spacer(1, 5 * mm),
              _grid(poster.entries, st, width) if poster.entries else para("暂无事项。", st["detail"])]
    return write_pdf(out, story, title=poster.title, footer=poster.footer, subject="办事指南二维码")
