"""Everything derived from a bundle (多报合一、联报联批), computed once: common and specific
materials, each member's order, stages, critical path, total days and visits.

Page, PDF, open data and flowchart all read `Bundle.plan` (this module's `bundle_plan`, cached
on the bundle), so they cannot disagree.

Materials: a document is the same for several members when it cites the same register entry
(`ref`), or has the same name up to full-/half-width forms and whitespace (a name equal to a
register entry's name is that entry). Only the materials of the situation the bundle uses a
member in count. A document needed by two or more members is common: submitted once.

Members without a before/after relation are approved in parallel, so a bundle takes as long
as its longest chain of `after` prerequisites, not the sum of its items. Days are committed
working days (`TimeLimit.working_days`; on-the-spot items count 0).

Visits follow the bundle workflow of the reform documents: "一次收件、部门流转、同步审批、
统一出证" (common materials submitted once at one joint window, results issued together) and
"对于需要现场核实审批事项，由部门之间联合勘查" (joint on-site inspection):

* window visits — every member's visits that are not on-site inspections happen at the one
  joint window, so the bundle needs as many as the member that needs the most;
* on-site inspections — process steps of stage 现场核查 with the applicant present; members of
  one stage are under review at the same time, so their inspections collapse into one joint
  inspection per stage (a later stage cannot be inspected before its prerequisites are done).

visits = max(window visits of a member) + number of stages with an on-site inspection.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports this module lazily (Bundle.plan)
    from onewindow.catalog.model import Bundle, BundleMember, Item, Material

INSPECTION_STAGE = "现场核查"
FIRST_TEXT = "可以最先办理"  # a member without prerequisites, on every output
AFTER_TEXT = "须先办结"  # followed by the members it waits for


@dataclass(frozen=True)
class MaterialUse:
    """One member item's use of a document."""

    number: int  # position of the member in the bundle, from 1
    item: Item
    material: Material


@dataclass(frozen=True)
class CommonMaterial:
    """A document two or more member items need: submitted once for all of them."""

    uses: tuple[MaterialUse, ...]

    @property
    def material(self) -> Material:
        return self.uses[0].material

    @property
    def name(self) -> str:
        return self.material.name

    @property
    def form_texts(self) -> list[str]:
        return list(dict.fromkeys(u.material.form_text for u in self.uses))

    @property
    def shared(self) -> bool:
        """The window fetches it (data sharing) for every member that needs it."""
        return all(u.material.shared for u in self.uses)


@dataclass(frozen=True)
class MemberPlan:
    """One member in the bundle's order: its batch and what it waits for."""

    number: int  # position in the bundle, from 1
    member: BundleMember
    stage: int  # batch, from 1; members of one batch run at the same time
    after: tuple[int, ...]  # numbers of the members that must be finished first
    materials: tuple[Material, ...]  # its own materials (the common ones left out)

    @property
    def item(self) -> Item:
        return self.member.item

    @property
    def first(self) -> bool:
        return not self.after

    def order_text(self, names: dict[int, str]) -> str:
        """"可以最先办理" or "须先办结：<names of the prerequisites>" (names by member number)."""
        return FIRST_TEXT if self.first else AFTER_TEXT + "：" + "、".join(names[n] for n in self.after)


@dataclass(frozen=True)
class BundlePlan:
    critical_days: int  # committed working days along the longest `after` chain
    serial_days: int  # if every member were done one after another
    saved_days: int
    critical_path: tuple[str, ...]  # member codes, first to last
    visits: int  # applicant's visits for the whole bundle (rule in the module docstring)
    visits_note: str  # that rule, in Chinese, with this bundle's figures
    stages: tuple[tuple[str, ...], ...]  # codes by earliest start; one stage runs in parallel
    serial_visits: int = 0  # sum of the members' own visits, for comparison
    members: tuple[MemberPlan, ...] = ()  # in bundle order
    common: tuple[CommonMaterial, ...] = ()  # in order of first use

    def number_of(self, code: str) -> int:
        return next(m.number for m in self.members if m.item.code == code)

    @property
    def parallel(self) -> bool:
        """True when some members run at the same time."""
        return any(len(stage) > 1 for stage in self.stages)


class PrerequisiteCycleError(ValueError):
    """`after` forms a cycle; `onewindow check` refuses such catalogs (OW208) before planning."""


def bundle_plan(bundle: Bundle) -> BundlePlan:
    members = {m.item.code: m for m in bundle.members}
    order = _topological(bundle.members)
    finish: dict[str, int] = {}
    level: dict[str, int] = {}
    for code in order:
        prereqs = members[code].after
        finish[code] = max((finish[p] for p in prereqs), default=0) + _days(members[code].item)
        level[code] = max((level[p] + 1 for p in prereqs), default=0)
    path = _critical_path(bundle.members, finish, level)
    stages = _stages(bundle.members, level)
    critical = finish[path[-1]] if path else 0
    serial = sum(_days(m.item) for m in bundle.members)
    window = max((_window_visits(m.item) for m in bundle.members), default=0)
    inspections = sum(1 for stage in stages if any(_inspects(members[c].item) for c in stage))
    serial_visits = sum(m.item.visits for m in bundle.members)
    common, own = _split_materials(bundle)
    number = {m.item.code: n for n, m in enumerate(bundle.members, start=1)}
    member_plans = tuple(
        MemberPlan(number[m.item.code], m, level[m.item.code] + 1, tuple(sorted(number[c] for c in m.after)),
                   own[number[m.item.code]])
        for m in bundle.members)
    return BundlePlan(
        critical_days=critical, serial_days=serial, saved_days=serial - critical, critical_path=path,
        visits=window + inspections, visits_note=_visits_note(window, inspections, serial_visits),
        stages=stages, serial_visits=serial_visits, members=member_plans, common=common,
    )


def normalise_name(name: str) -> str:
    """Names compared for sameness: full-width/half-width folded, whitespace dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def document_key(material: Material) -> str:
    """Same document across items: the same register entry, or else the same normalised name."""
    return f"ref:{material.ref}" if material.ref else f"name:{normalise_name(material.name)}"


def member_materials(member: BundleMember) -> tuple[Material, ...]:
    """The member's materials for the situation the bundle uses it in (all when none is set)."""
    situation = member.situation
    return tuple(m for m in member.item.materials
                 if not situation or not m.situations or situation in m.situations)


def _split_materials(bundle: Bundle) -> tuple[tuple[CommonMaterial, ...], dict[int, tuple[Material, ...]]]:
    """Common materials in first-use order, and each member's remaining materials by number."""
    uses = [MaterialUse(n, member.item, m) for n, member in enumerate(bundle.members, start=1)
            for m in member_materials(member)]
    # A material named like a register entry is the same document as a ref to that entry.
    aliases = {normalise_name(u.material.name): f"ref:{u.material.ref}" for u in reversed(uses) if u.material.ref}

    def key(material: Material) -> str:
        found = document_key(material)
        return aliases.get(normalise_name(material.name), found) if not material.ref else found

    groups: dict[str, list[MaterialUse]] = {}
    for use in uses:
        groups.setdefault(key(use.material), []).append(use)
    common_keys = {k for k, group in groups.items() if len({u.number for u in group}) >= 2}
    common = tuple(CommonMaterial(tuple(group)) for k, group in groups.items() if k in common_keys)
    own = {n: tuple(m for m in member_materials(member) if key(m) not in common_keys)
           for n, member in enumerate(bundle.members, start=1)}
    return common, own


def _days(item: Item) -> int:
    return item.time_limit.working_days


def _inspection_steps(item: Item) -> int:
    return sum(1 for s in item.process if s.applicant_present and s.stage == INSPECTION_STAGE)


def _inspects(item: Item) -> bool:
    return _inspection_steps(item) > 0


def _window_visits(item: Item) -> int:
    # The check (OW224) guarantees visits >= steps with the applicant present.
    return max(item.visits - _inspection_steps(item), 0)


def _topological(members: Iterable[BundleMember]) -> list[str]:
    """Codes with every prerequisite before its dependants; member order breaks ties."""
    pending = {m.item.code: set(m.after) for m in members}
    order: list[str] = []
    while pending:
        ready = [code for code, after in pending.items() if not after]
        if not ready:
            raise PrerequisiteCycleError("前置事项形成循环：" + "、".join(pending))
        for code in ready:
            order.append(code)
            del pending[code]
        for after in pending.values():
            after.difference_update(ready)
    return order


def _critical_path(members: tuple[BundleMember, ...], finish: dict[str, int],
                   level: dict[str, int]) -> tuple[str, ...]:
    """Walk back from the member that finishes last. Ties prefer the longer chain, then member
    order, so the path is deterministic and a chain of on-the-spot items is drawn whole."""
    if not members:
        return ()
    position = {m.item.code: i for i, m in enumerate(members)}
    after = {m.item.code: m.after for m in members}

    def best(codes: Iterable[str]) -> str:
        return max(codes, key=lambda c: (finish[c], level[c], -position[c]))

    path = [best(position)]
    while after[path[-1]]:
        path.append(best(after[path[-1]]))
    return tuple(reversed(path))


def _stages(members: tuple[BundleMember, ...], level: dict[str, int]) -> tuple[tuple[str, ...], ...]:
    """Stage k = members whose longest prerequisite chain has k links. Members of one stage never
    depend on each other, and each can start as soon as the stages before it are done."""
    count = max(level.values(), default=-1) + 1
    return tuple(tuple(m.item.code for m in members if level[m.item.code] == k) for k in range(count))


def _visits_note(window: int, inspections: int, serial_visits: int) -> str:
    parts = [
        "共性材料一次提交，一窗受理、统一出证："
        + (f"到综合窗口按成员事项中最多的 {window} 次计" if window else "各成员事项均无需到窗口")
    ]
    if inspections:
        parts.append(f"需要现场核查的由部门联合踏勘，同一批并联办理的合并为一次，共 {inspections} 次")
    total = window + inspections
    summary = "全程无需到现场" if total == 0 else f"合计到现场 {total} 次"
    if serial_visits > total:
        summary += f"（逐项分别办理共需 {serial_visits} 次）"
    return "；".join(parts) + "。" + summary + "。"
