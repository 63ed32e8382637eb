"""Page set-up shared by the documents: A4/A3 frames, a footer with 第 x 页 共 y 页,
document metadata and ReportLab's invariant mode (byte-identical output for identical input)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from onewindow.render.pdf.styles import MUTED, get_styles

MARGIN = 15 * mm
BOTTOM = 18 * mm  # room for the footer
FRAME_HEIGHT = A4[1] - MARGIN - BOTTOM


def _numbered_canvas(footer: str, font: str) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say 共 y 页."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's API name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, height = self._pagesize
            y = BOTTOM - 9 * mm
            self.saveState()
            if number > 1:  # continuation pages say what they continue, in case they get separated
                self.setFillColor(MUTED)
                self.setFont(font, 8)
                self.drawRightString(width - MARGIN, height - 10 * mm,
                                     _fit(f"{footer}（续）", font, 8, width - 2 * MARGIN))
            self.setStrokeColor(MUTED)
            self.setLineWidth(0.4)
            self.line(MARGIN, y + 4 * mm, width - MARGIN, y + 4 * mm)
            self.setFillColor(MUTED)
            self.setFont(font, 8)
            self.drawString(MARGIN, y, _fit(footer, font, 8, width - 2 * MARGIN - 32 * mm))
            self.drawRightString(width - MARGIN, y, f"第 {number} 页 共 {total} 页")
            self.restoreState()

    return NumberedCanvas


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a one-line footer so it never runs into the page number."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _doc(target: Any, pagesize: tuple[float, float], **meta: Any) -> SimpleDocTemplate:
    font = get_styles().font
    # invariant: fixed dates and document ids, so two builds are byte-identical;
    # initialFontName: otherwise ReportLab lists an unembedded Helvetica on every page.
    return SimpleDocTemplate(target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                             bottomMargin=BOTTOM, creator="onewindow", invariant=1, initialFontName=font,
                             lang="zh-CN", **meta)


def page_count(story: Sequence[Flowable], pagesize: tuple[float, float] = A4) -> int:
    """How many pages `story` takes (a dry run in memory; the flowables are spent afterwards)."""
    doc = _doc(io.BytesIO(), pagesize)
    doc.build(list(story))
    return doc.page


def write_pdf(out: Path, story: Sequence[Flowable], *, title: str, footer: str, author: str = "",
              subject: str = "", pagesize: tuple[float, float] = A4) -> Path:
    """Lay out `story` into `out` (parent directories created). Footer text is plain, not markup."""
    font = get_styles().font
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = _doc(str(out), pagesize, title=title, author=author, subject=subject)
    doc.build(list(story), canvasmaker=_numbered_canvas(footer, font))
    return out
