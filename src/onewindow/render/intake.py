"""What a front-desk clerk works from: the intake rows of an item or a bundle, and the one
definition of the one-time notice (一次性告知书) and the acceptance receipt (受理回执).

Both the ReportLab notice (`onewindow notice`) and the desk page (site/desk/) are drawn from
what this module computes: the rows, the subject line and the office facts are built here
from the model, and every sentence of the documents comes from WORDING. The desk receives
the same rows and WORDING as JSON and only chooses which rows to show; it never words a
sentence itself. tests/test_desk.py prints the same request through both and compares them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from onewindow.catalog.model import Bundle, Item, Material
from onewindow.errors import NoticeRequestError

# Every sentence and label of the notice and the receipt. Placeholders are {name} fields,
# filled by str.format here and by the same-named fields in desk.js.
WORDING: dict[str, str] = {
    "notice_title": "一次性告知书",
    "number": "编号：{number}",
    "addressee": "{applicant}：",
    "applicant_default": "申请人",
    "intro": "您于{date}申请办理的{subject}，经综合窗口形式审查，申请材料{problems}。{law}"
             "现将需要补正的全部内容一次性告知如下：",
    "problem_missing": "不齐全",
    "problem_defective": "不符合法定形式",
    "problem_join": "、",
    "law_licensing": "根据《中华人民共和国行政许可法》第三十二条的规定，",
    "missing_heading": "需要补交的材料（共 {count} 项）",
    "defect_heading": "需要补正的材料（共 {count} 项）",
    "deferral_heading": "容缺受理",
    "office_heading": "办理地点和联系方式",
    "numerals": "一二三四五",
    "section": "{numeral}、{heading}",
    "missing_head": "序号|材料名称|形式及份数|来源（出具单位）|说明",
    "defect_head": "序号|材料名称|存在的问题|补正要求",
    "deferral_secondary": "“{name}”为容缺材料，可先行受理，请在受理之日起 {days} 个工作日内补齐。",
    "deferral_rest_main": "其余 {count} 项为主件材料，须补齐（补正）后方可受理。",
    "deferral_all_main": "以上材料均为主件材料，须补齐（补正）后方可受理。",
    "deferral_all_secondary": "以上材料均为容缺材料，窗口可先行受理，请按上述期限补齐。",
    "qr_caption": "扫码查看完整办事指南",
    "closing": "补齐材料后，请携带本告知书到受理窗口办理。对告知内容有异议的，可拨打监督投诉电话反映。"
               "本告知书一式两份，申请人和受理窗口各执一份。",
    "sign_clerk": "告知人（窗口工作人员）：__________________",
    "sign_applicant": "申请人签收：__________________",
    "sign_date": "告知日期：{date}",
    "sign_applicant_date": "签收日期：______年____月____日",
    "stamp": "（受理窗口盖章）",
    "footer": "{name} 一次性告知书",
    # The receipt (受理回执), handed over when nothing blocking is missing.
    "receipt_title": "受理回执",
    "receipt_intro": "您于{date}申请办理的{subject}，申请材料经综合窗口形式审查，符合受理条件，予以受理。",
    "received_heading": "已收取的材料（共 {count} 项）",
    "later_heading": "容缺受理：待补齐的材料（共 {count} 项）",
    "later_line": "“{name}”：请在受理之日起 {days} 个工作日内补齐。",
    "fetched_heading": "由窗口调取、无需提交的材料",
    "time_heading": "办理时限",
    "receipt_closing": "请妥善保管本回执，凭回执查询办理进度、领取办理结果。",
    "receipt_sign_clerk": "受理人（窗口工作人员）：__________________",
    "receipt_sign_date": "受理日期：{date}",
}

NUMBER_FORMAT = "{counter}-{date}-{seq:03d}"  # desk.js pads the sequence to the same three digits


@dataclass(frozen=True)
class IntakeRow:
    """One document the clerk takes in (or the window fetches), as the desk and the notice show it."""

    id: str
    name: str
    form: str  # 原件 1 份 / 复印件 2 份 / 免提交（数据共享获取）
    requirement: str  # form, medium and paper size in one line (notice column 形式及份数)
    source: str  # who issues it (notice column 来源)
    notes: tuple[str, ...]  # when needed, main or 容缺 (notice column 说明)
    points: tuple[str, ...]  # review points (审查要点)
    secondary: bool  # 容缺: may follow after acceptance
    supply_days: int | None
    required: bool
    condition: str
    shared: bool  # fetched by the window itself: nothing to bring
    situations: tuple[str, ...] = ()  # item situations this row applies to (empty: all)
    users: tuple[str, ...] = ()  # in a bundle: the member items that need it
    member: str = ""  # in a bundle: code of the member item a specific row belongs to


@dataclass(frozen=True)
class Subject:
    """What an intake is for: one item or one bundle, with everything a notice says about it."""

    kind: str  # "item" | "bundle"
    key: str  # item code or bundle id
    name: str
    subject: str  # the phrase after 申请办理的
    licensing: bool  # an administrative licence: the notice cites 行政许可法第三十二条
    office: tuple[tuple[str, str], ...]
    url_path: str
    window: str  # window category id, the default counter prefix of notice numbers
    common: tuple[IntakeRow, ...]  # a bundle's common materials; an item's materials
    own: tuple[tuple[str, str, tuple[IntakeRow, ...]], ...] = ()  # bundle: (code, name, rows) per member
    time_limits: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple[IntakeRow, ...]:
        return self.common + tuple(r for _, _, rows in self.own for r in rows)

    def row(self, row_id: str) -> IntakeRow | None:
        return next((r for r in self.rows if r.id == row_id), None)


def _source(m: Material) -> str:
    source = f"{m.source}（{m.issuer}）" if m.issuer else m.source
    return "；".join(x for x in (source, m.source_note) if x)


def _requirement(m: Material) -> str:
    return "，".join([f"{m.form_text}，{m.medium}", *([f"规格 {m.spec}"] if m.spec else [])])


def _notes(m: Material) -> tuple[str, ...]:
    notes = [] if m.required else [f"需要时提交：{m.condition}"]
    notes.append(f"容缺材料：可先受理，受理后 {m.supply_days} 个工作日内补齐" if m.secondary else "主件：补齐后方可受理")
    return tuple(notes)


def _row(row_id: str, uses: Sequence[tuple[Item, Material]], *, member: str = "",
         with_users: bool = False) -> IntakeRow:
    """A row for one material, or for one document several bundle members share."""
    materials = [m for _, m in uses]
    # The document is needed up front if any item treats it as a main document (主件).
    main = next((m for m in materials if not m.secondary), None)
    lead = main or materials[0]
    required = any(m.required for m in materials)
    shared = all(m.shared for m in materials)
    forms = list(dict.fromkeys(m.form_text for m in materials))
    requirement = list(dict.fromkeys(_requirement(m) for m in materials))
    points = tuple(dict.fromkeys(p for m in materials for p in m.review_points))
    notes = _notes(lead) if required else _notes(next(m for m in materials if not m.required))
    return IntakeRow(
        id=row_id, name=lead.name, form="；".join(forms), requirement="；".join(requirement),
        source=_source(lead), notes=notes, points=points, secondary=main is None,
        supply_days=None if main else max(m.supply_days or 0 for m in materials), required=required,
        condition="" if required else "；".join(dict.fromkeys(m.condition for m in materials)), shared=shared,
        situations=lead.situations if len(uses) == 1 and not member else (),
        users=tuple(dict.fromkeys(i.name for i, _ in uses)) if with_users else (), member=member)


def _office(item: Item, department_label: str = "实施部门", department: str = "") -> tuple[tuple[str, str], ...]:
    window = item.window.name + (f"（{item.window.location}）" if item.window.location else "")
    return (("办理地点", item.department.address), ("受理窗口", window), ("办理时间", item.department.hours),
            ("咨询电话", item.enquiry_phone), ("监督投诉电话", item.complaint_phone),
            (department_label, department or item.department.name))


def item_subject(item: Item) -> Subject:
    rows = tuple(_row(m.id, [(item, m)]) for m in item.materials)
    return Subject("item", item.code, item.name, f"“{item.name}”（事项编码：{item.code}）",
                   item.type == "行政许可", _office(item), item.url_path, item.window.id, rows,
                   time_limits=(f"{item.name}：承诺{item.time_limit.committed_text}",))


def bundle_row_id(item: Item, material: Material) -> str:
    """Ids in a bundle name the member: two members may both call a document `application-form`."""
    return f"{item.code}.{material.id}"


def bundle_subject(bundle: Bundle) -> Subject:
    # Common materials and each member's own come from the model's one bundle plan, as the
    # bundle page and the bundle checklist PDF show them.
    plan = bundle.plan
    common_rows = tuple(_row(bundle_row_id(c.uses[0].item, c.material), [(u.item, u.material) for u in c.uses],
                             with_users=True) for c in plan.common)
    own = tuple((m.item.code, m.item.name,
                 tuple(_row(bundle_row_id(m.item, mat), [(m.item, mat)], member=m.item.code, with_users=True)
                       for mat in m.materials)) for m in plan.members)
    lead = next((m.item for m in bundle.members if bundle.lead_department
                 and m.item.department.id == bundle.lead_department.id), bundle.members[0].item)
    names = "、".join(m.item.name for m in bundle.members)
    departments = "、".join(dict.fromkeys(m.item.department.name for m in bundle.members))
    return Subject("bundle", bundle.id, bundle.name,
                   f"“{bundle.name}”一件事（含{names}共 {len(bundle.members)} 个事项）",
                   any(m.item.type == "行政许可" for m in bundle.members),
                   _office(lead, "联办部门", departments), bundle.url_path, lead.window.id, common_rows, own,
                   tuple(f"{m.item.name}：承诺{m.item.time_limit.committed_text}" for m in bundle.members))


def cn_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def notice_number(counter: str, date: datetime.date, seq: int) -> str:
    return NUMBER_FORMAT.format(counter=counter, date=f"{date:%Y%m%d}", seq=seq)


COUNTER_PATTERN = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff_-]{1,24}$")


@dataclass(frozen=True)
class NoticeRequest:
    """What the clerk found: rows missing, rows to correct (with what is wrong), who and when."""

    missing: tuple[IntakeRow, ...]
    defective: tuple[tuple[IntakeRow, str], ...]
    date: datetime.date
    applicant: str = ""
    number: str = ""

    @property
    def rows(self) -> tuple[IntakeRow, ...]:
        return self.missing + tuple(r for r, _ in self.defective)


def valid_ids_text(subject: Subject) -> str:
    return "\n".join(f"  {r.id}　{r.name}" + ("（窗口调取，无需申请人提交）" if r.shared else "")
                     for r in subject.rows)


def resolve_request(subject: Subject, missing_ids: Sequence[str], defective: Sequence[tuple[str, str]],
                    date: datetime.date, applicant: str = "", number: str = "") -> NoticeRequest:
    """Turn the ids a clerk typed into rows; any unknown id is an error listing the valid ones."""
    missing_ids = list(dict.fromkeys(missing_ids))
    defect_ids = [i for i, _ in defective]
    unknown = [i for i in [*missing_ids, *defect_ids] if subject.row(i) is None]
    what = "事项" if subject.kind == "item" else "一件事"
    if unknown:
        raise NoticeRequestError(
            f"{what}“{subject.name}”（{subject.key}）没有这些材料标识：{'、'.join(dict.fromkeys(unknown))}\n"
            f"可用的材料标识：\n{valid_ids_text(subject)}",
            "用 --missing 和 --defective 写上面列出的材料标识，多个用英文逗号分隔")
    both = [i for i in missing_ids if i in defect_ids]
    if both:
        raise NoticeRequestError(f"材料 {'、'.join(both)} 不能同时列为缺少（--missing）和需要补正（--defective）",
                                 "缺少的材料写在 --missing，已提交但有问题的写在 --defective")
    fetched = [r for r in (subject.row(i) for i in [*missing_ids, *defect_ids]) if r is not None and r.shared]
    if fetched:
        raise NoticeRequestError(
            f"材料“{'、'.join(r.name for r in fetched)}”由窗口通过数据共享获取，不能要求申请人补交或补正",
            "由窗口调取电子证照；如果调取失败，请联系实施部门处理")
    if not missing_ids and not defective:
        raise NoticeRequestError("没有指定缺少或需要补正的材料",
                                 f"例如 --missing {subject.rows[0].id}；可用的材料标识：\n{valid_ids_text(subject)}")
    return NoticeRequest(tuple(r for i in missing_ids if (r := subject.row(i))),
                         tuple((r, reason) for i, reason in defective if (r := subject.row(i))),
                         date, applicant, number)


def deferral_text(request: NoticeRequest) -> list[str]:
    """Which rows may follow under 容缺 acceptance, and whether the application can be accepted now."""
    later = [r for r in request.rows if r.secondary]
    main = [r for r in request.rows if not r.secondary]
    lines = [WORDING["deferral_secondary"].format(name=r.name, days=r.supply_days) for r in later]
    if not main:
        lines.append(WORDING["deferral_all_secondary"])
    elif later:
        lines.append(WORDING["deferral_rest_main"].format(count=len(main)))
    else:
        lines.append(WORDING["deferral_all_main"])
    return lines


def intro_text(subject: Subject, request: NoticeRequest) -> str:
    problems = [WORDING["problem_missing"]] if request.missing else []
    problems += [WORDING["problem_defective"]] if request.defective else []
    return WORDING["intro"].format(date=cn_date(request.date), subject=subject.subject,
                                   problems=WORDING["problem_join"].join(problems),
                                   law=WORDING["law_licensing"] if subject.licensing else "")


def notes_of(row: IntakeRow, *, points: bool = True) -> list[str]:
    """The 说明 cell: users of a shared document, when needed, main or 容缺, then review points."""
    users = [f"用于：{'、'.join(row.users)}"] if row.users else []
    return [*users, *row.notes, *([f"· {p}" for p in row.points] if points else [])]


def section_titles(request: NoticeRequest) -> list[str]:
    """Numbered section headings in the order both documents print them."""
    headings = []
    if request.missing:
        headings.append(WORDING["missing_heading"].format(count=len(request.missing)))
    if request.defective:
        headings.append(WORDING["defect_heading"].format(count=len(request.defective)))
    headings += [WORDING["deferral_heading"], WORDING["office_heading"]]
    return [WORDING["section"].format(numeral=n, heading=h) for n, h in zip(WORDING["numerals"], headings, strict=False)]


def desk_json(subject: Subject) -> dict[str, object]:
    """The subject as desk.js reads it (plain JSON types)."""
    data = asdict(subject)
    data["office"] = [list(pair) for pair in subject.office]
    data["own"] = [{"code": code, "name": name, "rows": [asdict(r) for r in rows]} for code, name, rows in subject.own]
    return data
