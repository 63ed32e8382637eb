"""The checklist of a "一件事" bundle: documents several member items need are collected once
(多报合一), then each item's own materials follow under its department."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from onewindow.catalog.model import Bundle, BundleMember, Item, Material
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


@dataclass(frozen=True)
class Use:
    """One member item's use of a material."""

    number: int  # position of the member in the bundle, from 1
    item: Item
    material: Material


@dataclass(frozen=True)
class CommonMaterial:
    uses: tuple[Use, ...]  # two or more distinct member items

    @property
    def material(self) -> Material:
        return self.uses[0].material


def normalise_name(name: str) -> str:
    """Names compared for sameness: full-width/half-width folded, whitespace dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def member_materials(member: BundleMember) -> tuple[Material, ...]:
    """The member's materials for the situation the bundle uses it in (all when none is set)."""
    situation = member.situation
    return tuple(m for m in member.item.materials
                 if not situation or not m.situations or situation in m.situations)


def split_materials(bundle: Bundle) -> tuple[list[CommonMaterial], list[tuple[int, BundleMember, list[Material]]]]:
    """Common materials (same register `ref`, or the same normalised name, needed by ≥ 2 member
    items) in first-use order, and each member's remaining specific materials."""
    uses = [Use(n, member.item, m) for n, member in enumerate(bundle.members, start=1)
            for m in member_materials(member)]
    # A material named like a register entry is the same document as a ref to that entry.
    aliases = {normalise_name(u.material.name): f"ref:{u.material.ref}" for u in reversed(uses) if u.material.ref}

    def key(material: Material) -> str:
        if material.ref:
            return f"ref:{material.ref}"
        name = normalise_name(material.name)
        return aliases.get(name, f"name:{name}")

    groups: dict[str, list[Use]] = {}
    for use in uses:
        groups.setdefault(key(use.material), []).append(use)
    common_keys = {k for k, group in groups.items() if len({u.number for u in group}) >= 2}
    common = [CommonMaterial(tuple(groups[k])) for k in groups if k in common_keys]
    specific = [(n, member, [m for m in member_materials(member) if key(m) not in common_keys])
                for n, member in enumerate(bundle.members, start=1)]
    return common, specific


def _distinct(values: list[str]) -> str:
    return "；".join(dict.fromkeys(values))


def _users(common: CommonMaterial) -> list[tuple[int, str]]:
    """Each member item once, with the situations in which it needs the document (none: always)."""
    by_item: dict[int, list[Use]] = {}
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


def common_table(s: Styles, common: list[CommonMaterial]) -> Table:
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


def _members_table(s: Styles, bundle: Bundle) -> Table:
    rows: list[list[object]] = [[para(h, s.head) for h in ("序号", "事项名称", "事项编码", "实施部门", "办理顺序")]]
    for n, member in enumerate(bundle.members, start=1):
        item = member.item
        order = "先办结：" + "、".join(
            f"事项{next(i for i, m in enumerate(bundle.members, 1) if m.item.code == c)}" for c in member.after
        ) if member.after else "可同时办理"
        rows.append([para(str(n), s.center), para(item.name, s.cell), para(item.code, s.cell),
                     para(item.department.name, s.cell), para(order, s.cell)])
    table = Table(rows, colWidths=[12 * mm, 62 * mm, 38 * mm, 42 * mm, 26 * mm], repeatRows=1)
    table.setStyle(grid_style())
    return rows_whole(table, WIDTH, FRAME_HEIGHT)


def write_bundle_checklist(bundle: Bundle, page_url: str, out: Path) -> Path:
    """Write the joint checklist of `bundle` to `out`; the QR code links to `page_url`."""
    s = get_styles()
    common, specific = split_materials(bundle)
    lead = bundle.lead_department.name if bundle.lead_department else "—"
    facts = [("一件事", bundle.name), ("牵头部门", lead), ("场景", bundle.scenario or "—"),
             ("生效日期", cn_date(bundle.effective) if bundle.effective else "—")]
    story: list[Flowable] = [
        header(s, f"“{bundle.name}”一件事 联办收件清单", bundle.summary or "多个事项一次提交、一窗受理", page_url, WIDTH),
        Spacer(1, 2 * mm), info_grid(s, facts, WIDTH),
        *section(s, f"包含事项（共 {len(bundle.members)} 项）"), _members_table(s, bundle),
        *section(s, f"一、共用材料（只需提交一次，共 {len(common)} 项）"),
        common_table(s, common) if common else para("各事项没有共用的材料。", s.body),
        *section(s, "二、各事项专用材料"),
    ]
    for n, member, materials in specific:
        title = para(f"事项{n}　{member.item.name}（{member.item.code}）　{member.item.department.name}", s.subheading)
        body = own_table(s, member.item, materials) if materials else para("本事项的材料均已列入共用材料。", s.note)
        story += [KeepTogether([title, Spacer(1, 1 * mm), body]), Spacer(1, 3 * mm)]
    story += [para("说明：共用材料只收一份，由窗口分送各部门；容缺材料可先行受理、限期补齐；"
                   "灰底“免提交（窗口调取）”的材料由窗口通过数据共享调取。", s.note),
              receipt_block(s, WIDTH, CONCLUSION)]
    return write_pdf(out, story, title=f"{bundle.name} 联办收件清单", footer=f"“{bundle.name}”一件事 联办收件清单",
                     author=lead, subject="一件事联办收件清单")
