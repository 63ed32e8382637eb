"""Building blocks shared by the documents: header with QR code, label/value grids,
material cells, the checkbox and the receipt (签收) block."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from onewindow.catalog.model import Item, Material
from onewindow.render.pdf.qr import QrCode
from onewindow.render.pdf.styles import (
    HEAD_FILL,
    LABEL_FILL,
    RULE,
    SHARED_FILL,
    Styles,
    esc,
    markup,
    para,
    table_style,
)

SHARED_TEXT = "免提交（窗口调取）"


class Checkbox(Flowable):
    """An empty square for the clerk's tick."""

    def __init__(self, size: float = 3.6 * mm) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def header(s: Styles, title: str, subtitle: str, url: str, width: float, qr_size: float = 24 * mm) -> Table:
    """Title block on the left, the QR code to the online guide on the right."""
    qr_cell = [QrCode(url, qr_size), para("扫码查看办事指南", s.center)]
    table = Table([[[para(title, s.title), para(subtitle, s.subtitle)], qr_cell]],
                  colWidths=[width - qr_size - 4 * mm, qr_size + 4 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def section(s: Styles, title: str) -> list[Flowable]:
    """A section heading that never stays alone at the foot of a page: it moves to the next
    page when less than 35 mm remain (unlike keepWithNext, the table below may still split)."""
    return [CondPageBreak(35 * mm), para(title, s.heading)]


def info_grid(s: Styles, pairs: Sequence[tuple[str, str]], width: float) -> Table:
    """Two label/value pairs per row. Values are plain text (escaped here)."""
    label_w = 23 * mm
    value_w = (width - 2 * label_w) / 2
    rows = []
    for i in range(0, len(pairs), 2):
        row: list[object] = []
        for label, value in pairs[i:i + 2]:
            row += [para(label, s.label), para(value, s.cell)]
        rows.append(row + [""] * (4 - len(row)))
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL), ("BACKGROUND", (2, 0), (2, -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def grid_style(shared_rows: Sequence[int] = ()) -> TableStyle:
    """Ruled table with a shaded, repeated header row; shaded rows for materials the window fetches."""
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), SHARED_FILL) for r in shared_rows]
    return table_style(commands)


def rows_whole(table: Table, width: float, frame_height: float) -> Table:
    """Rows move to the next page whole; only a row too tall for any page is split inside
    (without that, ReportLab stops with a LayoutError on an over-long review point)."""
    table.wrap(width, frame_height)
    table.splitInRow = int(max(table._rowHeights, default=0) > 0.6 * frame_height)
    return table


def tick_cell(material: Material) -> Flowable | str:
    """Nothing to tick for a material the window fetches itself."""
    return "" if material.shared else Checkbox()


Cell = list[Paragraph]


def name_cell(s: Styles, number: str, material: Material) -> Cell:
    # Separate paragraphs rather than <br/>: ReportLab's CJK wrapping adds an empty line
    # before a <br/> when the preceding line fills the cell exactly.
    source = material.source
    if material.issuer and not material.shared:
        source = f"{source}（{material.issuer}）"
    guide = "空白表格和填写示例见办事指南" if material.blank_form or material.sample else ""
    detail = "；".join(x for x in (f"来源：{source}", material.source_note.rstrip("。；;. "),
                                   f"规格：{material.spec}" if material.spec else "", guide) if x)
    return [para(f"{number}{material.name}", s.cell), para(detail, s.cell_small)]


def form_cell(s: Styles, material: Material) -> Cell:
    return [para(SHARED_TEXT if material.shared else material.form_text, s.cell)]


def role_cell(s: Styles, material: Material) -> Cell:
    if material.secondary:
        return [para("容缺", s.cell), para(f"受理后 {material.supply_days} 个工作日内补齐", s.cell_small)]
    return [para("主件", s.cell)]


def situations_text(item: Item, material: Material) -> str:
    names = {sit.id: sit.name for sit in item.situations}
    return "适用情形：" + "、".join(names.get(x, x) for x in material.situations) if material.situations else ""


def need_cell(s: Styles, item: Item, material: Material, *, situations: bool = True) -> Cell:
    cell = [para("必要", s.cell)] if material.required else [para(f"需要时提交：{material.condition}", s.cell)]
    if situations and material.situations:
        cell.append(para(situations_text(item, material), s.cell_small))
    return cell


def review_cell(s: Styles, material: Material) -> Cell:
    points = [f"· {p}" for p in material.review_points]
    if material.shared:
        points.insert(0, "窗口通过电子证照库或部门共享调取，申请人无需提交")
    return [para(p, s.cell) for p in points] or [para("—", s.cell)]


def receipt_block(s: Styles, width: float, conclusion: Sequence[str]) -> KeepTogether:
    """Where the clerk records the outcome and both sides sign; kept on one page."""
    boxes = "&nbsp;&nbsp;&nbsp;".join(f'<font size="12">□</font> {esc(c)}' for c in conclusion)
    gap = "&nbsp;" * 8
    blank_date = f"{gap}年{gap}月{gap}日"
    rows = [
        [para("收件结论", s.label), markup(boxes, s.cell), "", ""],
        [para("受理人（签字）", s.label), "", para("申请人（签字）", s.label), ""],
        [para("受理日期", s.label), markup(blank_date, s.cell), para("联系电话", s.label), ""],
    ]
    label_w = 25 * mm
    value_w = width / 2 - label_w
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w], rowHeights=[None, 11 * mm, 8 * mm])
    table.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE), ("SPAN", (1, 0), (3, 0)),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL), ("BACKGROUND", (2, 1), (2, -1), LABEL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return KeepTogether([Spacer(1, 3 * mm), table])
