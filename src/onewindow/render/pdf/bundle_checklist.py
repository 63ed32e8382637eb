"""The checklist of a "一件事" bundle: documents several member items need are collected once
(多报合一), then each item's own materials follow under its department."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from onewindow.catalog.model import Bundle, Item, Material
from onewindow.catalog.plan import BundlePlan, CommonMaterial, MaterialUse
from onewindow.render.pdf.page import FRAME_HEIGHT, MARGIN, write_pdf
from onewindow.render.pdf.parts import (
    form_cell,
    grid_style,
    header,
    info_grid,
    name_cell,
    need_cell,
    receipt_block,
    role_cell,
    rows_whole,
    section,
    tick_cell,
)
from onewindow.render.pdf.styles import Styles, cn_date, get_styles, para

WIDTH = A4[0] - 2 * MARGIN
COMMON_HEAD = ("收到", "材料名称", "形式及份数", "载体", "主件/容缺", "使用该材料的事项")
COMMON_COLUMNS = (10 * mm, 46 * mm, 24 * mm, 13 * mm, 21 * mm, 66 * mm)
OWN_HEAD = ("收到", "材料名称", "形式及份数", "载体", "主件/容缺", "提交情形")
OWN_COLUMNS = (10 * mm, 62 * mm, 24 * mm, 13 * mm, 25 * mm, 46 * mm)
CONCLUSION = ("材料齐全，予以受理", "容缺受理，已告知补齐期限", "材料不全，已出具一次性告知书")


def _distinct(values: list[str]) -> str:
    return "；".join(dict.fromkeys(values))


def _users(common: CommonMaterial) -> list[tuple[int, str]]:
    """Each member item once, with the situations in which it needs the document (none: always)."""
    by_item: dict[int, list[MaterialUse]] = {}
    for use in common.uses:
        by_item.setdefault(use.number, []).append(use)
    users = []
    for number, uses in by_item.items():
        always = any(u.material.required for u in uses)
        conditions = "；".join(dict.fromkeys(u.material.condition for u in uses))
        users.append((number, uses[0].item.name + ("" if always else f"（{conditions}）")))
    return users


def _common_row(s: Styles, number: int, common: CommonMaterial) -> list[object]:
    material = common.material
    forms = [u.material for u in common.uses]
    if len({(m.form_text, m.shared) for m in forms}) == 1:
        form = form_cell(s, material)
    else:  # items ask for different forms: say which needs what
        form = [para(f"{m.form_text}（事项{u.number}）", s.cell) for u, m in zip(common.uses, forms, strict=True)]
    secondary = [u for u in common.uses if u.material.secondary]
    # The document is needed up front if any item treats it as a main document (主件).
    role = role_cell(s, material if len(secondary) == len(common.uses) else
                     next(u.material for u in common.uses if not u.material.secondary))
    users = [para(f"事项{number}　{text}", s.cell) for number, text in _users(common)]
    return [tick_cell(material), name_cell(s, f"{number}. ", material), form,
            para(_distinct([m.medium for m in forms]), s.cell), role, users]


def common_table(s: Styles, common: tuple[CommonMaterial, ...]) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in COMMON_HEAD]]
    rows += [_common_row(s, n, c) for n, c in enumerate(common, start=1)]
    shared = [n for n, c in enumerate(common, start=1) if c.material.shared]
    table = Table(rows, colWidths=list(COMMON_COLUMNS), repeatRows=1)
    table.setStyle(grid_style(shared))
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def own_table(s: Styles, item: Item, materials: list[Material]) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in OWN_HEAD]]
    rows += [[tick_cell(m), name_cell(s, f"{n}. ", m), form_cell(s, m), para(m.medium, s.cell),
              role_cell(s, m), need_cell(s, item, m)] for n, m in enumerate(materials, start=1)]
    shared = [n for n, m in enumerate(materials, start=1) if m.shared]
    table = Table(rows, colWidths=list(OWN_COLUMNS), repeatRows=1)
    table.setStyle(grid_style(shared))
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def _members_table(s: Styles, plan: BundlePlan) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in ("序号", "事项名称", "事项编码", "实施部门", "办理顺序")]]
    names = {m.number: f"事项{m.number}" for m in plan.members}
    for m in plan.members:
        item = m.item
        order = f"第 {m.stage} 批：" + m.order_text(names)
        rows.append([para(str(m.number), s.center), para(item.name, s.cell), para(item.code, s.cell),
                     para(item.department.name, s.cell), para(order, s.cell)])
    table = Table(rows, colWidths=[12 * mm, 62 * mm, 38 * mm, 42 * mm, 26 * mm], repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def write_bundle_checklist(bundle: Bundle, page_url: str, out: Path) -> Path:
    """Write the joint checklist of `bundle` to `out`; the QR code links to `page_url`."""
    s = get_styles()
    plan = bundle.plan
    common = plan.common
    lead = bundle.lead_department.name if bundle.lead_department else "—"
    facts = [("一件事", bundle.name), ("牵头部门", lead), ("场景", bundle.scenario or "—"),
             ("生效日期", cn_date(bundle.effective) if bundle.effective else "—")]
    story: list[Flowable] = [
        header(s, f"“{bundle.name}”一件事 联办收件清单", bundle.summary or "多个事项一次提交、一窗受理", page_url, WIDTH),
        Spacer(1, 2 * mm), info_grid(s, facts, WIDTH),
        *section(s, f"包含事项（共 {len(bundle.members)} 项）"), _members_table(s, plan),
        *section(s, f"一、共用材料（只需提交一次，共 {len(common)} 项）"),
        common_table(s, common) if common else para("各事项没有共用的材料。", s.body),
        *section(s, "二、各事项专用材料"),
    ]
    for m in plan.members:
        title = para(f"事项{m.number}　{m.item.name}（{m.item.code}）　{m.item.department.name}", s.subheading)
        body = own_table(s, m.item, list(m.materials)) if m.materials else para("本事项的材料均已列入共用材料。", s.note)
        story += [KeepTogether([title, Spacer(1, 1 * mm), body]), Spacer(1, 3 * mm)]
    story += [para("说明：共用材料只收一份，由窗口分送各部门；容缺材料可先行受理、限期补齐；"
                   "灰底“免提交（窗口调取）”的材料由窗口通过数据共享调取。", s.note),
              receipt_block(s, WIDTH, CONCLUSION)]
    return write_pdf(out, story, title=f"{bundle.name} 联办收件清单", footer=f"“{bundle.name}”一件事 联办收件清单",
                     author=lead, subject="一件事联办收件清单")
