"""What changed for citizens between two versions of the catalog.

`diff_catalogs` compares two resolved models and returns plain change records; it never
reads files or git. `render_markdown` turns those records into a pull-request comment.
Comparisons use the texts citizens read (form_text, role_text, committed_text...), so a
change that looks the same on the guide page is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from onewindow.catalog.model import Bundle, Catalog, Item, Material

T = TypeVar("T")

ADDED, REMOVED, CHANGED, RENAMED = "added", "removed", "changed", "renamed"


@dataclass(frozen=True)
class Change:
    """One visible difference inside an item: a row of the comment's table."""

    action: str  # added / removed / changed
    section: str  # 申请材料, 受理条件, 办理时限...
    subject: str  # what changed: a material name, a field label
    before: str = ""
    after: str = ""
    worse: bool = False  # harder for citizens: more visits, longer limits, new materials or fees


@dataclass(frozen=True)
class RegisterChange:
    """A change to a register or department record that every citing item's guide shows."""

    register: str  # 法律法规登记册（laws.yml）...
    action: str
    subject: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    department: str
    status: str  # added / removed / changed
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class BundleChange:
    id: str
    name: str
    status: str  # added / removed / changed / affected
    members_added: tuple[str, ...] = ()  # member item labels
    members_removed: tuple[str, ...] = ()
    order_changed: tuple[str, ...] = ()  # members whose prerequisites changed
    changed_items: tuple[str, ...] = ()  # members whose own guide changed
    old_name: str = ""  # set when the bundle was renamed
    old_id: str = ""  # set when the bundle's id changed


@dataclass(frozen=True)
class CatalogDiff:
    items: tuple[ItemChange, ...] = ()
    bundles: tuple[BundleChange, ...] = ()
    skipped: tuple[str, ...] = ()  # record files left out because a side could not be read
    registers: tuple[RegisterChange, ...] = ()
    waiting: tuple[str, ...] = ()  # skipped bundles that read fine but wait for a member that did not

    def of_status(self, status: str) -> list[ItemChange]:
        return [c for c in self.items if c.status == status]

    @property
    def worse(self) -> list[tuple[ItemChange, Change]]:
        """Changes of existing items that make things harder for citizens."""
        return [(entry, c) for entry in self.items if entry.status in (CHANGED, RENAMED)
                for c in entry.changes if c.worse]

    @property
    def empty(self) -> bool:
        return not self.items and not self.bundles and not self.registers


# --------------------------------------------------------------------------- items


def _label(item: Item) -> str:
    return f"{item.name}（{item.code}）"


def material_summary(material: Material) -> str:
    """How a material reads in a checklist row, in one line."""
    parts = [material.form_text]
    if not material.shared:
        parts.append(material.medium)
    parts.append(material.need_text)
    parts.append(material.role_text)
    return "，".join(parts)


def _situations_text(material: Material, item: Item) -> str:
    names = {s.id: s.name for s in item.situations}
    return "、".join(names.get(s, s) for s in material.situations) or "所有情形"


# Attributes of a material a citizen or clerk sees, with their labels.
_MATERIAL_FIELDS: tuple[tuple[str, Callable[[Material, Item], str]], ...] = (
    ("名称", lambda m, _: m.name),
    ("形式和份数", lambda m, _: m.form_text),
    ("载体", lambda m, _: m.medium),
    ("来源", lambda m, _: m.source),
    ("是否必要", lambda m, _: m.need_text),
    ("主件或容缺", lambda m, _: m.role_text),
    ("适用情形", _situations_text),
    ("依据", lambda m, _: "；".join(r.text for r in m.basis)),
)


def _pair(gone: dict[str, T], new: dict[str, T], *tests: Callable[[T, T], bool]) -> dict[str, str]:
    """Old key → new key for records whose identifier changed but which are the same record:
    each test in turn pairs an old record with the one new record it matches (never guessing
    between two)."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for same in tests:
        for old_key, old in gone.items():
            if old_key in pairs:
                continue
            matches = [key for key, record in new.items() if key not in taken and same(old, record)]
            if len(matches) == 1:
                pairs[old_key] = matches[0]
                taken.add(matches[0])
    return pairs


def _renames(gone: dict[str, Material], new: dict[str, Material]) -> dict[str, str]:
    """Materials whose id changed: same name, or (when the name changed too) the same checklist row."""
    return _pair(gone, new, lambda a, b: a.name == b.name,
                 lambda a, b: material_summary(a) == material_summary(b))


def _worse_material(label: str, was: str, now: str, old: Material, new: Material) -> bool:
    if label == "是否必要":
        return not old.required and new.required
    if label == "主件或容缺":
        return old.secondary and not new.secondary
    if label == "形式和份数":
        return (old.shared and not new.shared) or new.copies > old.copies or (
            old.form != new.form and new.form == "原件")
    return False


def _material_changes(old: Item, new: Item) -> Iterator[Change]:
    before = {m.id: m for m in old.materials}
    after = {m.id: m for m in new.materials}
    renames = _renames({k: v for k, v in before.items() if k not in after},
                       {k: v for k, v in after.items() if k not in before})
    renamed_to = set(renames.values())
    for mid, material in before.items():
        if mid not in after and mid not in renames:
            yield Change(REMOVED, "申请材料", material.name, material_summary(material), "")
    for mid, material in after.items():
        if mid in renamed_to:
            old_id = next(k for k, v in renames.items() if v == mid)
            yield Change(RENAMED, "申请材料", f"{material.name}：标识", old_id, mid)
            was_material = before[old_id]
        elif mid not in before:
            yield Change(ADDED, "申请材料", material.name, "", material_summary(material), worse=True)
            continue
        else:
            was_material = before[mid]
        for label, read in _MATERIAL_FIELDS:
            was, now = read(was_material, old), read(material, new)
            if was != now:
                yield Change(CHANGED, "申请材料", f"{material.name}：{label}", was, now,
                             worse=_worse_material(label, was, now, was_material, material))


def _set_changes(section: str, old: Iterable[str], new: Iterable[str], *,
                 added_is_worse: bool = False) -> Iterator[Change]:
    """Added/removed entries of a list compared by their text, in their written order."""
    old_list, new_list = list(dict.fromkeys(old)), list(dict.fromkeys(new))
    for text in old_list:
        if text not in new_list:
            yield Change(REMOVED, section, text)
    for text in new_list:
        if text not in old_list:
            yield Change(ADDED, section, text, worse=added_is_worse)


def _value_change(section: str, subject: str, was: str, now: str, worse: bool = False) -> Iterator[Change]:
    if was != now:
        yield Change(CHANGED, section, subject, was, now, worse=worse)


def _longer(old: Item, new: Item, which: str) -> bool:
    """A time limit grew: more working days, or an on-the-spot item that now takes days."""
    def days(item: Item) -> int:
        limit = item.time_limit
        value = limit.legal_days if which == "legal" else limit.committed_days
        return 0 if limit.on_the_spot and value is None else int(value or 0)
    return days(new) > days(old)


_DEPTHS = ("", "Ⅰ级", "Ⅱ级", "Ⅲ级", "Ⅳ级")


def _less_online(old: Item, new: Item) -> bool:
    def rank(item: Item) -> int:
        depth = item.online.depth if item.online.available else ""
        return _DEPTHS.index(depth) if depth in _DEPTHS else 0
    return rank(new) < rank(old)


def _new_fees(old: Item, new: Item) -> bool:
    if not new.fee.charged:
        return False
    return not old.fee.charged or bool({i.name for i in new.fee.items} - {i.name for i in old.fee.items})


def _time_text(item: Item, which: str) -> str:
    limit = item.time_limit
    if which == "legal":
        return "无（即办件）" if limit.on_the_spot and limit.legal_days is None else limit.legal_text
    return limit.committed_text


def _visits_text(item: Item) -> str:
    return f"{item.visits} 次（{item.visits_label}）"


def _output_text(item: Item) -> list[str]:
    return [f"{o.name}（{o.type}{'，有效期' + o.validity if o.validity else ''}）" for o in item.outputs]


def _online_text(item: Item) -> str:
    return (item.online.depth or "可网办") if item.online.available else "不可网办"


def item_facts(item: Item) -> tuple[Change, ...]:
    """Everything a citizen reads in one item's guide, as rows: a new or removed item is
    summarised in full so a reviewer sees what the guide says without opening the file."""
    rows = [("基本信息", "事项名称", item.name), ("基本信息", "实施部门", item.department.name),
            ("基本信息", "综合窗口", item.window.name)]
    rows += [("设定依据", "", r.text) for r in item.legal_basis]
    rows += [("受理条件", "", c.text) for c in item.conditions]
    rows += [("申请材料", m.name, material_summary(m)) for m in item.materials]
    rows += [("办理时限", "法定办结时限", _time_text(item, "legal")),
             ("办理时限", "承诺办结时限", _time_text(item, "committed")),
             ("收费", "收费标准", item.fee.text), ("到现场次数", "到办事现场次数", _visits_text(item)),
             ("网上办理", "网上办理深度", _online_text(item))]
    rows += [("审批结果", "", text) for text in _output_text(item)]
    return tuple(Change(ADDED, section, subject or text, "", text if subject else "")
                 for section, subject, text in rows)


def item_changes(old: Item, new: Item) -> tuple[Change, ...]:
    """Every citizen-visible difference between two versions of one item, in guide order."""
    found: list[Change] = []
    found += _value_change("基本信息", "事项名称", old.name, new.name)
    found += _value_change("基本信息", "实施部门", old.department.name, new.department.name)
    found += _value_change("基本信息", "综合窗口", old.window.name, new.window.name)
    found += _set_changes("设定依据", (r.text for r in old.legal_basis), (r.text for r in new.legal_basis))
    found += _set_changes("受理条件", (c.text for c in old.conditions), (c.text for c in new.conditions),
                          added_is_worse=True)
    found += _material_changes(old, new)
    found += _value_change("办理时限", "法定办结时限", _time_text(old, "legal"), _time_text(new, "legal"),
                           _longer(old, new, "legal"))
    found += _value_change("办理时限", "承诺办结时限", _time_text(old, "committed"),
                           _time_text(new, "committed"), _longer(old, new, "committed"))
    found += _value_change("收费", "收费标准", old.fee.text, new.fee.text, _new_fees(old, new))
    found += _value_change("到现场次数", "到办事现场次数", _visits_text(old), _visits_text(new),
                           new.visits > old.visits)
    found += _value_change("网上办理", "网上办理深度", _online_text(old), _online_text(new),
                           _less_online(old, new))
    found += _set_changes("审批结果", _output_text(old), _output_text(new))
    return tuple(found)


def item_renames(base: Catalog, head: Catalog) -> dict[str, str]:
    """Old code → new code for items whose code changed (a re-coded item is not one item
    removed and another added): the same name, in the same department first. A new code with a
    new name stays a new item: 新办 and 延续 share basis and materials but are two items."""
    gone = {code: item for code, item in base.items.items() if code not in head.items}
    new = {code: item for code, item in head.items.items() if code not in base.items}
    return _pair(gone, new, lambda a, b: (a.name, a.department.id) == (b.name, b.department.id),
                 lambda a, b: a.name == b.name)


def _item_diffs(base: Catalog, head: Catalog, skip: frozenset[str], renames: dict[str, str]) -> list[ItemChange]:
    out: list[ItemChange] = []
    renamed_to = {new: old for old, new in renames.items()}
    for code in sorted(set(base.items) | set(head.items)):
        old, new = base.items.get(code), head.items.get(code)
        if code in renames:
            continue  # reported under its new code
        if code in renamed_to and new:
            was = base.items[renamed_to[code]]
            recoded = Change(CHANGED, "基本信息", "事项编码", was.code, new.code)
            out.append(ItemChange(code, new.name, new.department.name, RENAMED, (recoded, *item_changes(was, new))))
        elif old and new:
            changes = item_changes(old, new)
            if changes:
                out.append(ItemChange(code, new.name, new.department.name, CHANGED, changes))
        elif new and new.source_file not in skip:
            out.append(ItemChange(code, new.name, new.department.name, ADDED, item_facts(new)))
        elif old and old.source_file not in skip:
            out.append(ItemChange(code, old.name, old.department.name, REMOVED, item_facts(old)))
    return out


# --------------------------------------------------------------------------- bundles


def _members(bundle: Bundle, recode: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Member code → its prerequisites, with codes that changed read as their new code."""
    def code(c: str) -> str:
        return (recode or {}).get(c, c)

    return {code(m.item.code): tuple(code(a) for a in m.after) for m in bundle.members}


def _bundle_diff(old: Bundle | None, new: Bundle | None, changed_codes: set[str],
                 labels: dict[str, str], skip: frozenset[str], recode: dict[str, str]) -> BundleChange | None:
    bundle = new or old
    assert bundle is not None
    if old is None or new is None:
        if bundle.source_file in skip:
            return None
        status = ADDED if old is None else REMOVED
        return BundleChange(bundle.id, bundle.name, status)
    before, after = _members(old, recode), _members(new)
    added = tuple(labels[c] for c in after if c not in before)
    removed = tuple(labels[c] for c in before if c not in after)
    reordered = tuple(labels[c] for c in after if c in before and set(after[c]) != set(before[c]))
    touched = tuple(labels[c] for c in after if c in before and c in changed_codes)
    renamed = old.name if old.name != new.name else ""
    old_id = old.id if old.id != new.id else ""
    if added or removed or reordered or renamed or old_id:
        return BundleChange(new.id, new.name, CHANGED, added, removed, reordered, touched, renamed, old_id)
    if touched:
        return BundleChange(new.id, new.name, "affected", changed_items=touched)
    return None


def bundle_renames(base: Catalog, head: Catalog, recode: dict[str, str]) -> dict[str, str]:
    """Old id → new id for bundles whose id changed: same name, or the same members."""
    gone = {bid: b for bid, b in base.bundles.items() if bid not in head.bundles}
    new = {bid: b for bid, b in head.bundles.items() if bid not in base.bundles}
    return _pair(gone, new, lambda a, b: a.name == b.name,
                 lambda a, b: set(_members(a, recode)) == set(_members(b)))


def _bundle_diffs(base: Catalog, head: Catalog, items: list[ItemChange],
                  skip: frozenset[str], recode: dict[str, str]) -> list[BundleChange]:
    changed = {c.code for c in items if c.status in (CHANGED, RENAMED)}
    labels = {code: _label(i) for code, i in (*base.items.items(), *head.items.items())}
    labels |= {old: labels[new] for old, new in recode.items()}
    ids = bundle_renames(base, head, recode)
    out = []
    for bid in sorted(set(base.bundles) | set(head.bundles)):
        if bid in ids:
            continue  # compared under its new id
        was = next((old for old, new in ids.items() if new == bid), bid)
        found = _bundle_diff(base.bundles.get(was), head.bundles.get(bid), changed, labels, skip, recode)
        if found:
            out.append(found)
    return out


# --------------------------------------------------------------------------- registers

LAWS, MATERIALS, WINDOWS, DEPARTMENTS = ("法律法规登记册（laws.yml）", "通用材料登记册（materials.yml）",
                                         "综合窗口（windows.yml）", "部门（departments/）")

# Fields of each register entry that guides show, with their labels.
_LAW_FIELDS = (("名称", "title"), ("效力层级", "level"), ("制定机关", "issuer"), ("文号", "doc_number"),
               ("施行日期", "effective"), ("最近修订日期", "revised"), ("原文链接", "url"))
_MATERIAL_REGISTER_FIELDS = (("名称", "name"), ("出具单位", "issuer"), ("数据共享获取", "shared"),
                             ("说明", "description"))
_WINDOW_FIELDS = (("说明", "description"), ("位置", "location"))
_DEPARTMENT_FIELDS = (("名称", "name"), ("地址", "address"), ("办公时间", "hours"), ("咨询电话", "phone"),
                      ("投诉电话", "complaint_phone"), ("交通", "transit"), ("网站", "website"))


def _read(entry: object, key: str) -> str:
    value = entry.get(key, "") if isinstance(entry, dict) else getattr(entry, key, "")
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def _entries_diff(register: str, old: dict[str, object], new: dict[str, object],
                  fields: tuple[tuple[str, str], ...], label: Callable[[str, object], str]) -> Iterator[RegisterChange]:
    first = fields[0][1]
    for key in old:
        if key not in new:
            yield RegisterChange(register, REMOVED, label(key, old[key]), _read(old[key], first), "")
    for key, entry in new.items():
        if key not in old:
            yield RegisterChange(register, ADDED, label(key, entry), "", _read(entry, first))
            continue
        for title, attr in fields:
            was, now = _read(old[key], attr), _read(entry, attr)
            if was != now:
                yield RegisterChange(register, CHANGED, f"{label(key, entry)}：{title}", was, now)


def register_changes(base: Catalog, head: Catalog) -> tuple[RegisterChange, ...]:
    """Changes to laws, common materials, windows and departments: each shows on every guide
    that cites the entry, so a reviewer must see them even when no item file changed."""
    found: list[RegisterChange] = []
    found += _entries_diff(LAWS, dict(base.laws), dict(head.laws), _LAW_FIELDS, lambda k, _: f"`{k}`")
    found += _entries_diff(MATERIALS, dict(base.common_materials), dict(head.common_materials),
                           _MATERIAL_REGISTER_FIELDS, lambda k, _: f"`{k}`")
    found += _entries_diff(WINDOWS, dict(base.windows), dict(head.windows), _WINDOW_FIELDS, lambda k, _: k)
    found += _entries_diff(DEPARTMENTS, dict(base.departments), dict(head.departments), _DEPARTMENT_FIELDS,
                           lambda k, _: f"`{k}`")
    return tuple(found)


def diff_catalogs(base: Catalog, head: Catalog, skip_files: Iterable[str] = (),
                  waiting: Iterable[str] = ()) -> CatalogDiff:
    """Compare two catalogs. Items whose record file is in `skip_files` (could not be read on
    one side) are never reported as added or removed."""
    skip = frozenset(skip_files)
    recode = item_renames(base, head)
    items = _item_diffs(base, head, skip, recode)
    # An unreadable register (an empty side) is not a register whose every entry was removed.
    registers = register_changes(base, head) if base.laws and head.laws else ()
    return CatalogDiff(tuple(items), tuple(_bundle_diffs(base, head, items, skip, recode)), tuple(sorted(skip)),
                       registers, tuple(sorted(set(waiting))))


# --------------------------------------------------------------------------- Markdown


@dataclass
class _Doc:
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


_ACTION_LABELS = {ADDED: "新增", REMOVED: "删除", CHANGED: "修改", RENAMED: "改标识"}
WORSE = "⚠️"


def _cell(text: str) -> str:
    """Table cells: no pipes or line breaks; empty reads as a dash."""
    text = " ".join(text.replace("|", "\\|").split())
    return text or "—"


def _row(change: Change) -> str:
    action = f"{WORSE} " * change.worse + f"{_ACTION_LABELS[change.action]}{change.section}"
    return f"| {action} | {_cell(change.subject)} | {_cell(change.before)} | {_cell(change.after)} |"


def _fact_row(change: Change) -> str:
    text = change.after or change.before
    subject = change.subject if text else ""
    return f"| {change.section} | {_cell(subject) if subject else '—'} | {_cell(text or change.subject)} |"


def _summary_line(diff: CatalogDiff, base_name: str, head_name: str) -> str:
    counts = (f"新增 {len(diff.of_status(ADDED))} 个事项，删除 {len(diff.of_status(REMOVED))} 个事项，"
              f"修改 {len(diff.of_status(CHANGED))} 个事项，涉及 {len(diff.bundles)} 个“一件事”")
    if diff.of_status(RENAMED):
        counts += f"，{len(diff.of_status(RENAMED))} 个事项改了事项编码"
    if diff.registers:
        counts += f"，登记册和部门信息 {len(diff.registers)} 处变化"
    worse = f" {WORSE} 其中 {len(diff.worse)} 处变化对群众更不利，见下文。" if diff.worse else ""
    return f"比较 `{base_name}` → `{head_name}`：{counts}。{worse}"


def _item_table(entry: ItemChange) -> list[str]:
    head = f"#### {entry.name}（`{entry.code}`，{entry.department}）"
    if entry.status not in (CHANGED, RENAMED):
        return [head, "", "| 项目 | 内容 | 指南写明 |", "| --- | --- | --- |",
                *(_fact_row(c) for c in entry.changes), ""]
    return [head, "", "| 变化 | 内容 | 原来 | 现在 |", "| --- | --- | --- | --- |",
            *(_row(c) for c in entry.changes), ""]


def _render_worse(doc: _Doc, diff: CatalogDiff) -> None:
    if not diff.worse:
        return
    doc.add(f"### {WORSE} 对群众更不利的变化", "")
    for entry, change in diff.worse:
        what = f"{change.subject}：{change.before} → {change.after}" if change.action == CHANGED else \
            f"{_ACTION_LABELS[change.action]}{change.section}“{change.subject}”"
        doc.add(f"- {entry.name}（`{entry.code}`）：{what}")
    doc.add("", "请确认这些变化有法律依据，并在指南或公告中向群众说明。", "")


def _render_items(doc: _Doc, diff: CatalogDiff, budget: int | None) -> None:
    """New, removed and changed items, each with a table, while the budget (characters for
    the tables) lasts: a pull-request comment has a size limit."""
    used = 0
    for status, title in ((ADDED, "新增事项"), (REMOVED, "删除事项"), (RENAMED, "改了事项编码的事项"),
                          (CHANGED, "修改的事项")):
        entries = diff.of_status(status)
        if not entries:
            continue
        doc.add(f"### {title}", "")
        for shown, entry in enumerate(entries):
            table = _item_table(entry)
            used += sum(len(line) + 1 for line in table)
            if budget is not None and used > budget:
                rest = "、".join(f"{c.name}（`{c.code}`）" for c in entries[shown:])
                doc.add(f"另有 {len(entries) - shown} 个{title}因评论长度限制未列出明细：{rest}。"
                        "在本地运行 onewindow diff 可查看全部。", "")
                break
            doc.add(*table)


def _render_registers(doc: _Doc, diff: CatalogDiff) -> None:
    registers = list(dict.fromkeys(r.register for r in diff.registers))
    for register in registers:
        doc.add(f"### {register}", "", "| 变化 | 内容 | 原来 | 现在 |", "| --- | --- | --- | --- |")
        for change in (r for r in diff.registers if r.register == register):
            doc.add(f"| {_ACTION_LABELS[change.action]} | {_cell(change.subject)} | {_cell(change.before)} | "
                    f"{_cell(change.after)} |")
        doc.add("")


def _bundle_line(change: BundleChange) -> str:
    head = f"- {change.name}（`{change.id}`）"
    if change.status == ADDED:
        return f"{head}：新增"
    if change.status == REMOVED:
        return f"{head}：删除"
    parts = [f"标识由 `{change.old_id}` 改为 `{change.id}`"] if change.old_id else []
    if change.old_name:
        parts.append(f"名称由“{change.old_name}”改为“{change.name}”")
    if change.members_added:
        parts.append(f"新增成员事项 {'、'.join(change.members_added)}")
    if change.members_removed:
        parts.append(f"移出成员事项 {'、'.join(change.members_removed)}")
    if change.order_changed:
        parts.append(f"办理顺序（前置事项）调整：{'、'.join(change.order_changed)}")
    if change.changed_items:
        parts.append(f"成员事项有变化：{'、'.join(change.changed_items)}")
    return f"{head}：{'；'.join(parts)}"


def render_markdown(diff: CatalogDiff, base_name: str, head_name: str, *, notes: Iterable[str] = (),
                    max_item_chars: int | None = None) -> str:
    """The pull-request comment: summary, items, bundles, and what could not be compared.
    `max_item_chars` caps the per-item tables (GitHub comments hold at most 65,536 characters)."""
    doc = _Doc(["## 办事指南变更说明", ""])
    doc.add(_summary_line(diff, base_name, head_name), "")
    for note in notes:
        doc.add(f"> ⚠️ {note}", "")
    if diff.empty:
        where = "能读取的内容中" if diff.skipped else "两个版本之间，办事指南"
        doc.add(f"{where}没有群众可见的变化。", "")
    _render_worse(doc, diff)
    _render_items(doc, diff, max_item_chars)
    _render_registers(doc, diff)
    if diff.bundles:
        doc.add("### 涉及的“一件事”", "", *(_bundle_line(b) for b in diff.bundles), "")
    if diff.skipped:
        reasons = {f: "成员事项无法读取，暂不比较" for f in diff.waiting}
        doc.add("### 未能比较的文件", "", *(f"- `{f}`：{reasons.get(f, '无法读取')}" for f in diff.skipped), "")
    return "\n".join(doc.lines).rstrip("\n") + "\n"
