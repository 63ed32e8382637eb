"""The one-time notice (一次性告知书) as a PDF: when an application is incomplete, the clerk
tells the applicant in writing, once, everything that is missing or must be corrected.

Rows, subject line, office facts and every sentence come from onewindow.render.intake, the
definition the desk page (site/desk/) prints from too. The notice is laid out on one A4
page: when the full detail does not fit, review points are left out, then the type shrinks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from onewindow.render.intake import (
    WORDING,
    IntakeRow,
    NoticeRequest,
    Subject,
    cn_date,
    deferral_text,
    intro_text,
    notes_of,
    section_titles,
)
from onewindow.render.pdf.page import FRAME_HEIGHT, MARGIN, page_count, write_pdf
from onewindow.render.pdf.parts import grid_style, info_grid, rows_whole
from onewindow.render.pdf.qr import QrCode
from onewindow.render.pdf.styles import RULE, Styles, get_styles, para, table_style

WIDTH = A4[0] - 2 * MARGIN
MISSING_COLUMNS = (10 * mm, 58 * mm, 27 * mm, 37 * mm, 48 * mm)
DEFECT_COLUMNS = (10 * mm, 58 * mm, 52 * mm, 60 * mm)


def _scaled(s: Styles, factor: float) -> Styles:
    """The same styles with smaller type (for a long notice that must stay on one page)."""
    if factor == 1:
        return s
    fields = {name: getattr(s, name) for name in s.__dataclass_fields__}
    for name, style in fields.items():
        if isinstance(style, ParagraphStyle):
            fields[name] = ParagraphStyle(f"{style.name}-{factor}", parent=style, fontSize=style.fontSize * factor,
                                          leading=style.leading * factor, spaceBefore=style.spaceBefore * factor,
                                          spaceAfter=style.spaceAfter * factor)
    return type(s)(**fields)


def _head(s: Styles, key: str) -> list[object]:
    return [para(h, s.head) for h in WORDING[key].split("|")]


def missing_table(s: Styles, rows: Sequence[IntakeRow], points: bool) -> Table:
    data: list[list[object]] = [_head(s, "missing_head")]
    for n, r in enumerate(rows, start=1):
        data.append([para(str(n), s.center), para(r.name, s.cell), para(r.requirement, s.cell),
                     para(r.source, s.cell), [para(x, s.cell) for x in notes_of(r, points=points)]])
    table = Table(data, colWidths=list(MISSING_COLUMNS), repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def defect_table(s: Styles, defective: Sequence[tuple[IntakeRow, str]], points: bool) -> Table:
    data: list[list[object]] = [_head(s, "defect_head")]
    for n, (r, reason) in enumerate(defective, start=1):
        data.append([para(str(n), s.center), para(r.name, s.cell), para(reason, s.cell),
                     [para(r.requirement, s.cell), *(para(x, s.cell) for x in notes_of(r, points=points))]])
    table = Table(data, colWidths=list(DEFECT_COLUMNS), repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def office_block(s: Styles, subject: Subject, page_url: str, qr: float = 28 * mm) -> Table:
    grid = info_grid(s, subject.office, WIDTH - qr - 6 * mm)
    table = Table([[grid, [QrCode(page_url, qr), para(WORDING["qr_caption"], s.center)]]],
                  colWidths=[WIDTH - qr - 6 * mm, qr + 6 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    return table


def signature_block(s: Styles, request: NoticeRequest, scale: float = 1) -> KeepTogether:
    rows = [[para(WORDING["sign_clerk"], s.body), para(WORDING["sign_applicant"], s.body)],
            [para(WORDING["sign_date"].format(date=cn_date(request.date)), s.body),
             para(WORDING["sign_applicant_date"], s.body)],
            ["", para(WORDING["stamp"], s.right)]]
    table = Table(rows, colWidths=[WIDTH / 2] * 2, rowHeights=[11 * mm * scale, 8 * mm * scale, 14 * mm * scale])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE)]))
    return KeepTogether([Spacer(1, 3 * mm * scale), table])


def notice_story(subject: Subject, page_url: str, request: NoticeRequest, *, points: bool = True,
                 scale: float = 1) -> list[Flowable]:
    s = _scaled(get_styles(), scale)
    title = ParagraphStyle("notice-title", parent=s.title, fontSize=20 * scale, leading=26 * scale, alignment=TA_CENTER)
    indented = ParagraphStyle("notice-body", parent=s.body, firstLineIndent=2 * s.body.fontSize)
    story: list[Flowable] = [
        para(WORDING["notice_title"], title), para(WORDING["number"].format(number=request.number), s.right),
        Spacer(1, 2 * mm * scale),
        para(WORDING["addressee"].format(applicant=request.applicant or WORDING["applicant_default"]), s.body),
        para(intro_text(subject, request), indented)]
    bodies: list[list[Flowable]] = []
    if request.missing:
        bodies.append([missing_table(s, request.missing, points)])
    if request.defective:
        bodies.append([defect_table(s, request.defective, points)])
    bodies.append([para(x, s.body) for x in deferral_text(request)])
    bodies.append([office_block(s, subject, page_url, 28 * mm * scale)])
    for heading, body in zip(section_titles(request), bodies, strict=True):
        story += [para(heading, s.heading), *body]
    story += [Spacer(1, 2 * mm * scale), para(WORDING["closing"], s.body), signature_block(s, request, scale)]
    return story


# From the fullest notice to the most compact; the first that fits on one page is printed.
LAYOUTS: tuple[dict[str, object], ...] = (
    {"points": True, "scale": 1.0}, {"points": False, "scale": 1.0},
    {"points": False, "scale": 0.9}, {"points": False, "scale": 0.8}, {"points": False, "scale": 0.75},
    {"points": False, "scale": 0.7},
)


def write_notice(subject: Subject, page_url: str, out: Path, request: NoticeRequest) -> Path:
    """Write the notice for `subject` and `request` to `out`; the QR code links to `page_url`."""
    meta = {"title": f"{subject.name} {WORDING['notice_title']}", "footer": WORDING["footer"].format(name=subject.name),
            "author": dict(subject.office).get("实施部门", ""), "subject": WORDING["notice_title"]}
    make: Callable[[dict[str, object]], list[Flowable]] = lambda layout: notice_story(  # noqa: E731
        subject, page_url, request, points=bool(layout["points"]), scale=float(layout["scale"]))  # type: ignore[arg-type]
    chosen = next((layout for layout in LAYOUTS if page_count(make(layout)) == 1), LAYOUTS[-1])
    return write_pdf(out, make(chosen), **meta)  # type: ignore[arg-type]
