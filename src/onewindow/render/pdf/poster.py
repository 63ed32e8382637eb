"""QR posters for the hall wall: a grid of QR codes with item names, one poster per
department and per window category (a window's poster lists its bundles too). Citizens scan
the code of the item they need.

The grid fills the page: the number of columns and the size of the codes are chosen so the
codes are as large as the sheet allows (up to MAX_QR), and rows are stretched to the foot of
the page. Only when even MIN_QR codes do not fit on one sheet does the grid flow over pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from onewindow.catalog.model import Department, Window
from onewindow.render.pdf.page import FRAME_HEIGHT, MARGIN, write_pdf
from onewindow.render.pdf.qr import QrCode
from onewindow.render.pdf.styles import ACCENT, MUTED, RULE, Styles, get_styles, para, table_style

MAX_COLUMNS = 5
MAX_QR = 75 * mm  # larger codes only add paper, not readability
MIN_QR = 30 * mm  # scanned from a metre away
TEXT_HEIGHT = 17 * mm  # two lines of name, the code line and the cell padding
FLOW_COLUMNS = 4


@dataclass(frozen=True)
class PosterEntry:
    name: str
    code: str
    url: str
    caption: str = ""  # the line under the name; "事项编码 <code>" when empty

    @property
    def label(self) -> str:
        return self.caption or f"事项编码 {self.code}"


@dataclass(frozen=True)
class GridLayout:
    columns: int
    qr: float
    row_height: float | None  # stretched rows when the grid fits on one page


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
    bundles = sum(1 for e in entries if e.caption)
    counts = f"{len(entries) - bundles} 个事项" + (f"、{bundles} 个一件事" if bundles else "")
    return Poster(f"{window.name}综合窗口", f"手机扫码，查看办事指南（共 {counts}）", details, entries,
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


def grid_layout(count: int, width: float, height: float,
                text_height: Callable[[float], float] = lambda _: TEXT_HEIGHT) -> GridLayout:
    """Columns and code size that make `count` codes as large as one page of width × height allows;
    `text_height(cell_width)` is the height the names and captions under a code take."""
    best: GridLayout | None = None
    # Text only takes room from the codes: when even codes without captions are too small for
    # one sheet, skip measuring every caption at every width (hundreds of paragraphs).
    if max(min(width / c - 6 * mm, height / -(-count // c), MAX_QR) for c in range(1, MAX_COLUMNS + 1)) < MIN_QR:
        return _flowing(width)
    for columns in range(1, MAX_COLUMNS + 1):
        rows = -(-count // columns)
        qr = min(width / columns - 6 * mm, height / rows - text_height(width / columns), MAX_QR)
        if best is None or qr > best.qr + 0.5 * mm:
            best = GridLayout(columns, qr, height / rows)
    assert best is not None
    if best.qr >= MIN_QR:
        return best
    return _flowing(width)


def _flowing(width: float) -> GridLayout:
    """Too many for one sheet: a fixed grid of readable codes that flows over pages."""
    return GridLayout(FLOW_COLUMNS, min(width / FLOW_COLUMNS - 6 * mm, MAX_QR), None)


def _cell(entry: PosterEntry, st: dict[str, ParagraphStyle], qr: float) -> list[Flowable]:
    return [QrCode(entry.url, qr), para(entry.name, st["name"]), para(entry.label, st["code"])]


def _text_height(entries: tuple[PosterEntry, ...], st: dict[str, ParagraphStyle], cell_width: float) -> float:
    """The tallest name and caption under a code in a cell `cell_width` wide, paddings included."""
    inner = cell_width - 12

    def height(entry: PosterEntry) -> float:
        return sum(para(text, st[key]).wrap(inner, 1000)[1] for text, key in ((entry.name, "name"), (entry.label, "code")))

    return max(height(e) for e in entries) + 13 + 2 * mm


def _grid(entries: tuple[PosterEntry, ...], st: dict[str, ParagraphStyle], width: float, height: float) -> Table:
    layout = grid_layout(len(entries), width, height, lambda w: _text_height(entries, st, w))
    columns = min(layout.columns, len(entries))
    cells = [_cell(e, st, layout.qr) for e in entries]
    cells += [[] for _ in range(-len(cells) % columns)]  # fill the last row
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    heights = [layout.row_height] * len(rows) if layout.row_height else None
    table = Table(rows, colWidths=[width / columns] * columns, rowHeights=heights, hAlign="CENTER")
    # A frame around each code, none around the blanks that fill the last row.
    boxes = [("BOX", (i % columns, i // columns), (i % columns, i // columns), 0.4, RULE)
             for i in range(len(entries))]
    table.setStyle(table_style([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *boxes,
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return table


def write_poster(poster: Poster, out: Path) -> Path:
    """Write `poster` to `out` (A4 portrait, the grid sized to fill the rest of the page)."""
    width = A4[0] - 2 * MARGIN - 12  # the frame keeps 6 pt of padding on each side
    st = _poster_styles(get_styles())
    story: list[Flowable] = [para(poster.title, st["title"]), para(poster.subtitle, st["subtitle"]),
                             Spacer(1, 2 * mm)]
    story += [para(line, st["detail"]) for line in poster.details]
    story.append(Spacer(1, 5 * mm))
    # What the heading takes, measured the way the page lays it out (space before/after included).
    used = sum(f.wrap(width, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
    height = FRAME_HEIGHT - 12 - used - 2 * mm
    story.append(_grid(poster.entries, st, width, height) if poster.entries else para("暂无事项。", st["detail"]))
    return write_pdf(out, story, title=poster.title, footer=poster.footer, subject="办事指南二维码")
