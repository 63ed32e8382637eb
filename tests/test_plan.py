"""Bundle plans: critical path, serial sum, stages and visits against hand-computed answers.

Fixture catalog tests/roots/bundle-plans (committed working days in brackets, 即办 = 0):
  BPK0000001 企业设立登记 [1]      BPK0000007 排水许可 [5]
  BPK0000002 食品经营许可 [10]     BPK0000008 就业登记 [即办]
  BPK0000003 公共场所卫生许可 [7]  BPK0000009 印章刻制备案 [即办]
  BPK0000004 消防安全检查 [10]     BPK0000010 涉税信息确认 [即办]
  BPK0000005 户外广告设施 [5]      BPK0000011 社会保险登记 [2]
  BPK0000006 烟草专卖零售 [8]
Visits (window + on-site inspection with the applicant): 01 1+0, 02 1+1, 03 1+1, 04 0+1,
05 1+0, 06 1+1, 07 0, 08 1+0, 09 0, 10 0, 11 0.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.build.pipeline import build
from onewindow.catalog.model import Bundle, BundleMember, Catalog, TimeLimit, build_model
from onewindow.catalog.plan import BundlePlan, PrerequisiteCycleError, bundle_plan
from onewindow.check.checker import check_catalog

ROOTS = Path(__file__).parent / "roots"


def code(n: int) -> str:
    return f"BPK{n:07d}"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = check_catalog(ROOTS / "bundle-plans")
    assert result.ok and not result.warnings, "\n".join(map(str, result.problems))
    return build_model(result.sources)


def plan_of(catalog: Catalog, bundle_id: str) -> BundlePlan:
    return bundle_plan(catalog.bundles[bundle_id])


def test_diamond(catalog: Catalog) -> None:
    # A=05 → B=02, A → C=03, B,C → D=04: 5 + max(10, 7) + 10
    plan = plan_of(catalog, "diamond")
    assert plan.critical_days == 25
    assert plan.serial_days == 5 + 10 + 7 + 10
    assert plan.saved_days == 7
    assert plan.critical_path == (code(5), code(2), code(4))
    assert plan.stages == ((code(5),), (code(2), code(3)), (code(4),))
    # one joint window visit; stage 2 (02 and 03) inspected jointly once, stage 3 (04) once
    assert plan.visits == 3
    assert plan.serial_visits == 1 + 2 + 2 + 1


def test_chain_with_on_the_spot_link(catalog: Catalog) -> None:
    # 08 (即办, 0) → 11 (2) → 06 (8): nothing runs in parallel, nothing saved
    plan = plan_of(catalog, "chain")
    assert catalog.items[code(8)].time_limit.on_the_spot
    assert plan.critical_days == 10
    assert plan.serial_days == 10
    assert plan.saved_days == 0
    assert plan.critical_path == (code(8), code(11), code(6))
    assert plan.stages == ((code(8),), (code(11),), (code(6),))
    assert not plan.parallel
    assert plan.visits == 2  # window max(1, 0, 1) + inspection of 06
    assert plan.serial_visits == 3


def test_fully_parallel(catalog: Catalog) -> None:
    # 07 (5), 09 (即办), 03 (7), 05 (5), no prerequisites: the longest one decides
    plan = plan_of(catalog, "parallel")
    assert plan.critical_days == 7
    assert plan.serial_days == 17
    assert plan.saved_days == 10
    assert plan.critical_path == (code(3),)
    assert plan.stages == ((code(7), code(9), code(3), code(5)),)
    assert plan.parallel
    assert plan.visits == 2  # window max(0, 0, 1, 1) + inspection of 03
    assert plan.serial_visits == 3


def test_on_the_spot_items_count_zero(catalog: Catalog) -> None:
    plan = plan_of(catalog, "on-the-spot")
    members = catalog.bundles["on-the-spot"].members
    assert all(m.item.time_limit.on_the_spot for m in members)
    assert (plan.critical_days, plan.serial_days, plan.saved_days) == (0, 0, 0)
    # ties prefer the longer chain, so the whole chain is drawn as the critical path
    assert plan.critical_path == (code(8), code(9), code(10))
    assert plan.visits == 1


def test_ten_members(catalog: Catalog) -> None:
    # 01 (1) first; eight members after it; 07 (5) after 04 (10)
    plan = plan_of(catalog, "ten")
    assert len(catalog.bundles["ten"].members) == 10
    assert plan.critical_days == 1 + 10 + 5
    assert plan.serial_days == 1 + 0 + 2 + 0 + 10 + 7 + 8 + 5 + 10 + 5
    assert plan.saved_days == 48 - 16
    assert plan.critical_path == (code(1), code(4), code(7))
    assert plan.stages == (
        (code(1),),
        (code(10), code(11), code(9), code(2), code(3), code(6), code(5), code(4)),
        (code(7),),
    )
    # window visits: at most one per member (01, 02, 03, 05, 06); the four inspections of
    # stage 2 (02, 03, 04, 06) collapse into one joint inspection
    assert plan.visits == 2
    assert plan.serial_visits == 9


def test_visits_note_states_the_rule_and_figures(catalog: Catalog) -> None:
    note = plan_of(catalog, "diamond").visits_note
    assert "一窗受理" in note and "统一出证" in note
    assert "联合踏勘" in note and "共 2 次" in note
    assert "合计到现场 3 次" in note and "6 次" in note
    online_only = plan_of(catalog, "on-the-spot").visits_note
    assert "联合踏勘" not in online_only and "合计到现场 1 次" in online_only


def test_on_the_spot_change_moves_the_figures(catalog: Catalog) -> None:
    """Turning the 10-day member of the chain into an on-the-spot item removes its days."""
    chain = catalog.bundles["chain"]
    members = tuple(
        dataclasses.replace(m, item=dataclasses.replace(m.item, time_limit=TimeLimit(on_the_spot=True)))
        if m.item.code == code(6) else m
        for m in chain.members
    )
    plan = bundle_plan(dataclasses.replace(chain, members=members))
    assert (plan.critical_days, plan.serial_days) == (2, 2)


def test_cycle_is_refused_by_plan(catalog: Catalog) -> None:
    chain = catalog.bundles["chain"]
    first, *rest = chain.members
    looped = (dataclasses.replace(first, after=(chain.members[-1].item.code,)), *rest)
    with pytest.raises(PrerequisiteCycleError):
        bundle_plan(dataclasses.replace(chain, members=looped))


def test_cycle_is_refused_by_check_before_any_drawing(tmp_path: Path) -> None:
    result = check_catalog(ROOTS / "bundle-cycle")
    assert [p.code for p in result.errors] == ["OW208"]
    result, ctx = build(ROOTS / "bundle-cycle", tmp_path / "build", tmp_path / "site", quiet=True,
                        site_url="https://example.gov.cn/guide/")
    assert ctx is None
    assert not (tmp_path / "build").exists()
    assert not list(tmp_path.rglob("*.svg"))


# --- properties on random prerequisite graphs ----------------------------------------------

@st.composite
def dags(draw: st.DrawFn) -> list[tuple[int | None, tuple[int, ...]]]:
    """Members as (committed days or None for 即办, indices of earlier members they wait for)."""
    size = draw(st.integers(2, 9))
    members = []
    for i in range(size):
        days = draw(st.one_of(st.none(), st.integers(0, 30)))
        after = draw(st.sets(st.integers(0, i - 1), max_size=3)) if i else set()
        members.append((days, tuple(sorted(after))))
    return members


def _bundle(catalog: Catalog, spec: list[tuple[int | None, tuple[int, ...]]]) -> Bundle:
    template = catalog.items[code(1)]
    items = [dataclasses.replace(template, code=f"RND{i:07d}",
                                 time_limit=TimeLimit(days is None, None if days is None else 30, days))
             for i, (days, _) in enumerate(spec)]
    members = tuple(BundleMember(items[i], tuple(items[j].code for j in after)) for i, (_, after) in enumerate(spec))
    return Bundle("random", "随机", members)


def _longest_by_enumeration(spec: list[tuple[int | None, tuple[int, ...]]]) -> int:
    def days(i: int) -> int:
        return spec[i][0] or 0

    def longest_ending_at(i: int) -> int:
        return days(i) + max((longest_ending_at(j) for j in spec[i][1]), default=0)

    return max(longest_ending_at(i) for i in range(len(spec)))


@settings(max_examples=150, deadline=None)
@given(spec=dags())
def test_plan_properties(catalog: Catalog, spec: list[tuple[int | None, tuple[int, ...]]]) -> None:
    bundle = _bundle(catalog, spec)
    plan = bundle_plan(bundle)
    assert plan.critical_days == _longest_by_enumeration(spec)
    assert plan.serial_days == sum(d or 0 for d, _ in spec)
    assert plan.saved_days == plan.serial_days - plan.critical_days >= 0
    # the critical path is a real chain of prerequisites whose days add up to the total
    after = {m.item.code: m.after for m in bundle.members}
    days = {m.item.code: m.item.time_limit.working_days for m in bundle.members}
    assert all(a in after[b] for a, b in zip(plan.critical_path, plan.critical_path[1:], strict=False))
    assert sum(days[c] for c in plan.critical_path) == plan.critical_days
    # stages: every member once; prerequisites in earlier stages; none inside its own stage
    stage_of = {c: k for k, stage in enumerate(plan.stages) for c in stage}
    assert sorted(stage_of) == sorted(after)
    assert all(stage_of[p] < stage_of[c] for c in after for p in after[c])
    assert all(any(stage_of[p] == stage_of[c] - 1 for p in after[c]) for c in after if stage_of[c])
