"""The standard intake checklist (统一标准化收件清单) of one item, for the clerk's formal check."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from onewindow.catalog.model import Item
from onewindow.render.pdf.page import FRAME_HEIGHT, MARGIN, write_pdf
from onewindow.render.pdf.parts import (
    form_cell,
    grid_style,
    header,
    info_grid,
    name_cell,
    need_cell,
    receipt_block,
    review_cell,
    role_cell,
    rows_whole,
    section,
    tick_cell,
)
from onewindow.render.pdf.styles import Styles, cn_date, get_styles, para

WIDTH = A4[0] - 2 * MARGIN
HEAD = ("收到", "材料名称", "形式及份数", "载体", "主件/容缺", "提交情形", "审查要点")
COLUMNS = (10 * mm, 44 * mm, 22 * mm, 13 * mm, 21 * mm, 26 * mm, 44 * mm)
CONCLUSION = ("材料齐全，予以受理", "容缺受理，已告知补齐期限", "材料不全，已出具一次性告知书")


def time_text(item: Item) -> str:
    limit = item.time_limit
    text = "即办件，当场办结" if limit.on_the_spot else f"法定 {limit.legal_text}，承诺 {limit.committed_text}"
    return text + (f"。{limit.note}" if limit.note else "")


def visits_text(item: Item) -> str:
    text = f"{item.visits} 次（{item.visits_label}）"
    return text + (f"。原因：{item.visit_reason}" if item.visits and item.visit_reason else "")


def online_text(item: Item) -> str:
    online = item.online
    if not online.available:
        return "不可网上办理" + ("，支持邮寄申请" if online.mail else "")
    text = "可网上办理" + (f"（{online.depth}）" if online.depth else "")
    return text + (f"：{online.url}" if online.url else "")


def item_facts(item: Item) -> list[tuple[str, str]]:
    effective = cn_date(item.effective) + (f"（{cn_date(item.revised)}修订）" if item.revised else "")
    window = item.window.name + (f"（{item.window.location}）" if item.window.location else "")
    # With a 通办范围, code and type share a cell so a short checklist still fits one page.
    head = ([("事项编码", f"{item.code}（{item.type}）"), ("通办范围", item.scope)] if item.scope
            else [("事项编码", item.code), ("事项类型", item.type)])
    return [
        *head,
        ("实施部门", item.department.name), ("综合窗口", window),
        ("办理时限", time_text(item)), ("到现场次数", visits_text(item)),
        ("收费", item.fee.text), ("网上办理", online_text(item)),
        ("咨询电话", item.enquiry_phone), ("监督投诉电话", item.complaint_phone),
        ("办理结果", "、".join(o.name + ("（证照样本见办事指南）" if o.sample else "") for o in item.outputs)),
        ("生效日期", effective),
        *optional_facts(item),
    ]


def optional_facts(item: Item) -> list[tuple[str, str]]:
    """Guide elements an item may not have; a row only when there is something to say."""
    facts = [("办理时间", item.hours if item.hours != item.department.hours else ""),
             ("数量限制", item.quantity_limit if item.quantity_limit != "无数量限制" else ""),
             ("中介服务", "；".join(f"{s.name}（{s.provider}）" for s in item.intermediary))]
    return [(label, value) for label, value in facts if value]


def refusal_and_remedy(s: Styles, item: Item) -> list[Flowable]:
    """不予受理/不予许可情形 and 救济途径 in two short notes: what the clerk tells an applicant
    who is turned away (the bases are on the item page). Notes, not sections, so a short
    checklist still fits one page."""
    parts = [f"{title}：" + "；".join(f"{n}. {c.text.rstrip('。')}" for n, c in enumerate(cases, start=1)) + "。"
             for title, cases in (("不予受理的情形", item.not_accepted), ("不予许可的情形", item.not_granted))
             if cases]
    if item.remedy:
        r = item.remedy
        parts.append(f"救济途径：行政复议，{r.review_deadline}向{r.review_body}申请；"
                     f"行政诉讼，{r.litigation_deadline}向{r.court}提起。")
    return [para("".join(parts), s.note)] if parts else []


def materials_table(s: Styles, item: Item) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in HEAD]]
    shared_rows = []
    for n, material in enumerate(item.materials, start=1):
        if material.shared:
            shared_rows.append(n)
        rows.append([tick_cell(material), name_cell(s, f"{n}. ", material), form_cell(s, material),
                     para(material.medium, s.cell), role_cell(s, material), need_cell(s, item, material),
                     review_cell(s, material)])
    # repeatRows: the header row is repeated at the top of every page the list runs onto.
    table = Table(rows, colWidths=list(COLUMNS), repeatRows=1)
    table.setStyle(grid_style(shared_rows))
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def legend(s: Styles) -> Flowable:
    return para("说明：收到一项勾选一项。容缺材料可先行受理，申请人须在期限内补齐；"
                "灰底“免提交（窗口调取）”的材料由窗口通过电子证照库或部门数据共享调取，不得要求申请人提交。"
                "材料不全的，须向申请人出具一次性告知书。", s.note)


def write_checklist(item: Item, page_url: str, out: Path) -> Path:
    """Write the intake checklist of `item` to `out`; the QR code links to `page_url`."""
    s = get_styles()
    story: list[Flowable] = [
        header(s, item.name, f"标准化收件清单（窗口形式审查用） · {item.department.name}", page_url, WIDTH),
        Spacer(1, 3 * mm),
        info_grid(s, item_facts(item), WIDTH),
        *section(s, f"申请材料（共 {len(item.materials)} 项）"),
        materials_table(s, item),
        Spacer(1, 2 * mm),
        legend(s),
        Spacer(1, 1 * mm),
        *refusal_and_remedy(s, item),
        receipt_block(s, WIDTH, CONCLUSION),
    ]
    return write_pdf(out, story, title=f"{item.name} 收件清单", footer=f"{item.name}（{item.code}）收件清单",
                     author=item.department.name, subject="标准化收件清单")
