"""What changed for citizens between two versions of the catalog.

`diff_catalogs` compares two resolved models and returns plain change records; it never
reads files or git. `render_markdown` turns those records into a pull-request comment.
Comparisons use the texts citizens read (form_text, role_text, committed_text...), so a
change that looks the same on the guide page is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from onewindow.catalog.model import Bundle, Catalog, Item, Material

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    """One visible difference inside an item: a row of the comment's table."""

    action: str  # added / removed / changed
    section: str  # 申请材料, 受理条件, 办理时限...
    subject: str  # what changed: a material name, a field label
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


@dataclass(frozen=True)
class CatalogDiff:
    items: tuple[ItemChange, ...] = ()
    bundles: tuple[BundleChange, ...] = ()
    skipped: tuple[str, ...] = ()  # record files left out because a side could not be read

    def of_status(self, status: str) -> list[ItemChange]:
        return [c for c in self.items if c.status == status]

    @property
    def empty(self) -> bool:
        return not self.items and not self.bundles


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


def _material_changes(old: Item, new: Item) -> Iterator[Change]:
    before = {m.id: m for m in old.materials}
    after = {m.id: m for m in new.materials}
    for mid, material in before.items():
        if mid not in after:
            yield Change(REMOVED, "申请材料", material.name, material_summary(material), "")
    for mid, material in after.items():
        if mid not in before:
            yield Change(ADDED, "申请材料", material.name, "", material_summary(material))
            continue
        for label, read in _MATERIAL_FIELDS:
            was, now = read(before[mid], old), read(material, new)
            if was != now:
                yield Change(CHANGED, "申请材料", f"{material.name}：{label}", was, now)


def _set_changes(section: str, old: Iterable[str], new: Iterable[str]) -> Iterator[Change]:
    """Added/removed entries of a list compared by their text, in their written order."""
    old_list, new_list = list(dict.fromkeys(old)), list(dict.fromkeys(new))
    for text in old_list:
        if text not in new_list:
            yield Change(REMOVED, section, text)
    for text in new_list:
        if text not in old_list:
            yield Change(ADDED, section, text)


def _value_change(section: str, subject: str, was: str, now: str) -> Iterator[Change]:
    if was != now:
        yield Change(CHANGED, section, subject, was, now)


def _time_text(item: Item, which: str) -> str:
    limit = item.time_limit
    if which == "legal":
        return "无（即办件）" if limit.on_the_spot and limit.legal_days is None else limit.legal_text
    return limit.committed_text


def _visits_text(item: Item) -> str:
    return f"{item.visits} 次（{item.visits_label}）"


def _output_text(item: Item) -> list[str]:
    return [f"{o.name}（{o.type}{'，有效期' + o.validity if o.validity else ''}）" for o in item.outputs]


def item_changes(old: Item, new: Item) -> tuple[Change, ...]:
    """Every citizen-visible difference between two versions of one item, in guide order."""
    found: list[Change] = []
    found += _value_change("基本信息", "事项名称", old.name, new.name)
    found += _value_change("基本信息", "实施部门", old.department.name, new.department.name)
    found += _value_change("基本信息", "综合窗口", old.window.name, new.window.name)
    found += _set_changes("设定依据", (r.text for r in old.legal_basis), (r.text for r in new.legal_basis))
    found += _set_changes("受理条件", (c.text for c in old.conditions), (c.text for c in new.conditions))
    found += _material_changes(old, new)
    found += _value_change("办理时限", "法定办结时限", _time_text(old, "legal"), _time_text(new, "legal"))
    found += _value_change("办理时限", "承诺办结时限", _time_text(old, "committed"),
                           _time_text(new, "committed"))
    found += _value_change("收费", "收费标准", old.fee.text, new.fee.text)
    found += _value_change("到现场次数", "到办事现场次数", _visits_text(old), _visits_text(new))
    found += _value_change("网上办理", "网上办理深度", old.online.depth or "不可网办",
                           new.online.depth or "不可网办")
    found += _set_changes("审批结果", _output_text(old), _output_text(new))
    return tuple(found)


def _item_diffs(base: Catalog, head: Catalog, skip: frozenset[str]) -> list[ItemChange]:
    out: list[ItemChange] = []
    for code in sorted(set(base.items) | set(head.items)):
        old, new = base.items.get(code), head.items.get(code)
        if old and new:
            changes = item_changes(old, new)
            if changes:
                out.append(ItemChange(code, new.name, new.department.name, CHANGED, changes))
        elif new and new.source_file not in skip:
            out.append(ItemChange(code, new.name, new.department.name, ADDED))
        elif old and old.source_file not in skip:
            out.append(ItemChange(code, old.name, old.department.name, REMOVED))
    return out


# --------------------------------------------------------------------------- bundles


def _members(bundle: Bundle) -> dict[str, tuple[str, ...]]:
    return {m.item.code: m.after for m in bundle.members}


def _bundle_diff(old: Bundle | None, new: Bundle | None, changed_codes: set[str],
                 labels: dict[str, str], skip: frozenset[str]) -> BundleChange | None:
    bundle = new or old
    assert bundle is not None
    if old is None or new is None:
        if bundle.source_file in skip:
            return None
        status = ADDED if old is None else REMOVED
        return BundleChange(bundle.id, bundle.name, status)
    before, after = _members(old), _members(new)
    added = tuple(labels[c] for c in after if c not in before)
    removed = tuple(labels[c] for c in before if c not in after)
    reordered = tuple(labels[c] for c in after if c in before and set(after[c]) != set(before[c]))
    touched = tuple(labels[c] for c in after if c in before and c in changed_codes)
    renamed = old.name if old.name != new.name else ""
    if added or removed or reordered or renamed:
        return BundleChange(new.id, new.name, CHANGED, added, removed, reordered, touched, renamed)
    if touched:
        return BundleChange(new.id, new.name, "affected", changed_items=touched)
    return None


def _bundle_diffs(base: Catalog, head: Catalog, items: list[ItemChange],
                  skip: frozenset[str]) -> list[BundleChange]:
    changed = {c.code for c in items if c.status == CHANGED}
    labels = {code: _label(i) for code, i in (*base.items.items(), *head.items.items())}
    out = []
    for bid in sorted(set(base.bundles) | set(head.bundles)):
        found = _bundle_diff(base.bundles.get(bid), head.bundles.get(bid), changed, labels, skip)
        if found:
            out.append(found)
    return out


def diff_catalogs(base: Catalog, head: Catalog, skip_files: Iterable[str] = ()) -> CatalogDiff:
    """Compare two catalogs. Items whose record file is in `skip_files` (could not be read on
    one side) are never reported as added or removed."""
    skip = frozenset(skip_files)
    items = _item_diffs(base, head, skip)
    return CatalogDiff(tuple(items), tuple(_bundle_diffs(base, head, items, skip)), tuple(sorted(skip)))


# --------------------------------------------------------------------------- Markdown


@dataclass
class _Doc:
    lines: list[str] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)


_ACTION_LABELS = {ADDED: "新增", REMOVED: "删除", CHANGED: "修改"}


def _cell(text: str) -> str:
    """Table cells: no pipes or line breaks; empty reads as a dash."""
    text = " ".join(text.replace("|", "\\|").split())
    return text or "—"


def _row(change: Change) -> str:
    action = f"{_ACTION_LABELS[change.action]}{change.section}"
    return f"| {action} | {_cell(change.subject)} | {_cell(change.before)} | {_cell(change.after)} |"


def _summary_line(diff: CatalogDiff, base_name: str, head_name: str) -> str:
    counts = (f"新增 {len(diff.of_status(ADDED))} 个事项，删除 {len(diff.of_status(REMOVED))} 个事项，"
              f"修改 {len(diff.of_status(CHANGED))} 个事项，涉及 {len(diff.bundles)} 个“一件事”")
    return f"比较 `{base_name}` → `{head_name}`：{counts}。"


def _item_table(entry: ItemChange) -> list[str]:
    return [f"#### {entry.name}（`{entry.code}`，{entry.department}）", "",
            "| 变化 | 内容 | 原来 | 现在 |", "| --- | --- | --- | --- |",
            *(_row(c) for c in entry.changes), ""]


def _render_items(doc: _Doc, diff: CatalogDiff, budget: int | None) -> None:
    """Added/removed lists, then one table per changed item while the budget (characters
    for the item tables) lasts: a pull-request comment has a size limit."""
    for status, title in ((ADDED, "新增事项"), (REMOVED, "删除事项")):
        entries = diff.of_status(status)
        if entries:
            doc.add(f"### {title}", "", *(f"- {c.name}（`{c.code}`，{c.department}）" for c in entries), "")
    changed = diff.of_status(CHANGED)
    if changed:
        doc.add("### 修改的事项", "")
    used = 0
    for shown, entry in enumerate(changed):
        table = _item_table(entry)
        used += sum(len(line) + 1 for line in table)
        if budget is not None and used > budget:
            rest = "、".join(f"{c.name}（`{c.code}`）" for c in changed[shown:])
            doc.add(f"另有 {len(changed) - shown} 个修改的事项因评论长度限制未列出明细：{rest}。"
                    "在本地运行 onewindow diff 可查看全部。", "")
            return
        doc.add(*table)


def _bundle_line(change: BundleChange) -> str:
    head = f"- {change.name}（`{change.id}`）"
    if change.status == ADDED:
        return f"{head}：新增"
    if change.status == REMOVED:
        return f"{head}：删除"
    parts = [f"名称由“{change.old_name}”改为“{change.name}”"] if change.old_name else []
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
    _render_items(doc, diff, max_item_chars)
    if diff.bundles:
        doc.add("### 涉及的“一件事”", "", *(_bundle_line(b) for b in diff.bundles), "")
    if diff.skipped:
        doc.add("### 未能比较的文件", "", *(f"- `{f}`" for f in diff.skipped), "")
    return "\n".join(doc.lines).rstrip("\n") + "\n"
