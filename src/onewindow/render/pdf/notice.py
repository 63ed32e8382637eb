"""The one-time notice (一次性告知书): when an application is incomplete, the clerk tells the
applicant in writing, once, everything that is missing or must be corrected."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from onewindow.catalog.model import Item, Material
from onewindow.errors import NoticeRequestError
from onewindow.render.pdf.page import FRAME_HEIGHT, MARGIN, write_pdf
from onewindow.render.pdf.parts import grid_style, info_grid, rows_whole, section
from onewindow.render.pdf.qr import QrCode
from onewindow.render.pdf.styles import RULE, Styles, get_styles, para, table_style

WIDTH = A4[0] - 2 * MARGIN
MISSING_HEAD = ("序号", "材料名称", "形式及份数", "来源（出具单位）", "说明")
MISSING_COLUMNS = (11 * mm, 50 * mm, 27 * mm, 40 * mm, 52 * mm)
DEFECT_HEAD = ("序号", "材料名称", "存在的问题", "补正要求")
DEFECT_COLUMNS = (11 * mm, 50 * mm, 55 * mm, 64 * mm)


@dataclass(frozen=True)
class NoticeRequest:
    missing: tuple[Material, ...]
    defective: tuple[tuple[Material, str], ...]  # material, what is wrong with it
    date: datetime.date
    applicant: str = ""

    @property
    def materials(self) -> tuple[Material, ...]:
        return self.missing + tuple(m for m, _ in self.defective)


def valid_ids_text(item: Item) -> str:
    return "\n".join(f"  {m.id}　{m.name}" + ("（窗口调取，无需申请人提交）" if m.shared else "")
                     for m in item.materials)


def resolve_request(item: Item, missing_ids: Sequence[str], defective: Sequence[tuple[str, str]],
                    date: datetime.date, applicant: str = "") -> NoticeRequest:
    """Turn the material ids a clerk typed into materials; any unknown id is an error listing the valid ones."""
    missing_ids = list(dict.fromkeys(missing_ids))
    defect_ids = [i for i, _ in defective]
    unknown = [i for i in [*missing_ids, *defect_ids] if item.material(i) is None]
    if unknown:
        raise NoticeRequestError(
            f"事项“{item.name}”（{item.code}）没有这些材料标识：{'、'.join(dict.fromkeys(unknown))}\n"
            f"可用的材料标识：\n{valid_ids_text(item)}",
            "用 --missing 和 --defective 写上面列出的材料标识，多个用英文逗号分隔")
    both = [i for i in missing_ids if i in defect_ids]
    if both:
        raise NoticeRequestError(f"材料 {'、'.join(both)} 不能同时列为缺少（--missing）和需要补正（--defective）",
                                 "缺少的材料写在 --missing，已提交但有问题的写在 --defective")
    fetched = [m for m in (item.material(i) for i in [*missing_ids, *defect_ids]) if m is not None and m.shared]
    if fetched:
        raise NoticeRequestError(
            f"材料“{'、'.join(m.name for m in fetched)}”由窗口通过数据共享获取，不能要求申请人补交或补正",
            "由窗口调取电子证照；如果调取失败，请联系实施部门处理")
    if not missing_ids and not defective:
        raise NoticeRequestError("没有指定缺少或需要补正的材料",
                                 f"例如 --missing {item.materials[0].id}；可用的材料标识：\n{valid_ids_text(item)}")
    return NoticeRequest(tuple(m for i in missing_ids if (m := item.material(i))),
                         tuple((m, reason) for i, reason in defective if (m := item.material(i))),
                         date, applicant)


def _cn(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _source(m: Material) -> str:
    source = f"{m.source}（{m.issuer}）" if m.issuer else m.source
    return "；".join(x for x in (source, m.source_note) if x)


def _requirement(m: Material) -> str:
    parts = [f"{m.form_text}，{m.medium}"]
    if m.spec:
        parts.append(f"规格 {m.spec}")
    return "，".join(parts)


def _notes(m: Material) -> list[str]:
    notes = [] if m.required else [f"需要时提交：{m.condition}"]
    notes.append(f"容缺材料：可先受理，受理后 {m.supply_days} 个工作日内补齐" if m.secondary else "主件：补齐后方可受理")
    notes += [f"· {p}" for p in m.review_points]
    return notes


def missing_table(s: Styles, materials: Sequence[Material]) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in MISSING_HEAD]]
    for n, m in enumerate(materials, start=1):
        rows.append([para(str(n), s.center), para(m.name, s.cell), para(_requirement(m), s.cell),
                     para(_source(m), s.cell), [para(x, s.cell) for x in _notes(m)]])
    table = Table(rows, colWidths=list(MISSING_COLUMNS), repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def defect_table(s: Styles, defective: Sequence[tuple[Material, str]]) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in DEFECT_HEAD]]
    for n, (m, reason) in enumerate(defective, start=1):
        rows.append([para(str(n), s.center), para(m.name, s.cell), para(reason, s.cell),
                     [para(_requirement(m), s.cell), *(para(x, s.cell) for x in _notes(m))]])
    table = Table(rows, colWidths=list(DEFECT_COLUMNS), repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def deferral_text(request: NoticeRequest) -> list[str]:
    """Which materials may follow under 容缺 acceptance, and whether the application can be accepted now."""
    later = [m for m in request.materials if m.secondary]
    main = [m for m in request.materials if not m.secondary]
    lines = [f"“{m.name}”为容缺材料，可先行受理，请在受理之日起 {m.supply_days} 个工作日内补齐。" for m in later]
    if main:
        lines.append(f"其余 {len(main)} 项为主件材料，须补齐（补正）后方可受理。" if later
                     else "以上材料均为主件材料，须补齐（补正）后方可受理。")
    else:
        lines.append("以上材料均为容缺材料，窗口可先行受理，请按上述期限补齐。")
    return lines


def office_block(s: Styles, item: Item, page_url: str) -> Table:
    window = item.window.name + (f"（{item.window.location}）" if item.window.location else "")
    facts = [("办理地点", item.department.address), ("受理窗口", window), ("办理时间", item.department.hours),
             ("咨询电话", item.enquiry_phone), ("监督投诉电话", item.complaint_phone),
             ("实施部门", item.department.name)]
    qr = 28 * mm
    grid = info_grid(s, facts, WIDTH - qr - 6 * mm)
    table = Table([[grid, [QrCode(page_url, qr), para("扫码查看完整办事指南", s.center)]]],
                  colWidths=[WIDTH - qr - 6 * mm, qr + 6 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "CENTER")]))
    return table


def signature_block(s: Styles, date: datetime.date) -> KeepTogether:
    blank = "_" * 18
    rows = [[para(f"告知人（窗口工作人员）：{blank}", s.body), para(f"申请人签收：{blank}", s.body)],
            [para(f"告知日期：{_cn(date)}", s.body), para("签收日期：______年____月____日", s.body)],
            ["", para("（受理窗口盖章）", s.right)]]
    table = Table(rows, colWidths=[WIDTH / 2] * 2, rowHeights=[12 * mm, 10 * mm, 16 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE)]))
    return KeepTogether([Spacer(1, 4 * mm), table])


def _intro(item: Item, request: NoticeRequest) -> str:
    problems = "、".join(x for x in ("不齐全" if request.missing else "", "不符合法定形式" if request.defective else "") if x)
    law = "根据《中华人民共和国行政许可法》第三十二条的规定，" if item.type == "行政许可" else ""
    return (f"您于{_cn(request.date)}申请办理的“{item.name}”（事项编码：{item.code}），"
            f"经综合窗口形式审查，申请材料{problems}。{law}现将需要补正的全部内容一次性告知如下：")


def write_notice(item: Item, page_url: str, out: Path, request: NoticeRequest) -> Path:
    """Write the one-time notice for `item` and `request` to `out`; the QR code links to `page_url`."""
    s = get_styles()
    title = ParagraphStyle("notice-title", parent=s.title, fontSize=20, leading=26, alignment=TA_CENTER)
    indented = ParagraphStyle("notice-body", parent=s.body, firstLineIndent=20)
    number = f"编号：{item.code}-{request.date:%Y%m%d}"
    story: list[Flowable] = [para("一次性告知书", title), para(number, s.right), Spacer(1, 3 * mm),
                             para(f"{request.applicant or '申请人'}：", s.body), para(_intro(item, request), indented)]
    parts: list[tuple[str, list[Flowable]]] = []
    if request.missing:
        parts.append((f"需要补交的材料（共 {len(request.missing)} 项）", [missing_table(s, request.missing)]))
    if request.defective:
        parts.append((f"需要补正的材料（共 {len(request.defective)} 项）", [defect_table(s, request.defective)]))
    parts.append(("容缺受理", [para(x, s.body) for x in deferral_text(request)]))
    parts.append(("办理地点和联系方式", [office_block(s, item, page_url)]))
    for numeral, (heading, body) in zip("一二三四", parts, strict=False):
        story += [*section(s, f"{numeral}、{heading}"), *body]
    story += [Spacer(1, 3 * mm),
              para("补齐材料后，请携带本告知书到受理窗口办理。对告知内容有异议的，可拨打监督投诉电话反映。"
                   "本告知书一式两份，申请人和受理窗口各执一份。", s.body),
              signature_block(s, request.date)]
    return write_pdf(out, story, title=f"{item.name} 一次性告知书", footer=f"{item.name}（{item.code}）一次性告知书",
                     author=item.department.name, subject="一次性告知书")
