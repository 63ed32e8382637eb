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


# --- every output shows the same derived facts ---------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _squash(text: str) -> str:
    return "".join(text.split())


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def _page_facts(html: str) -> tuple[list[str], list[str], list[str]]:
    """Common material names, member names and order texts, in page order."""
    import re

    common = _between(html, 'id="common-materials"', 'id="specific-materials"')
    names = re.findall(r'<td data-label="材料名称"><strong>(.*?)</strong>', common)
    members = _between(html, '<ol class="ow-members">', "</ol>")
    items = re.findall(r"<li><a [^>]*><strong>(.*?)</strong></a>", members)
    orders = [_squash(re.sub(r"<[^>]+>", "", li.split("<br>")[2])) for li in re.findall(r"<li>(.*?)</li>", members, re.S)]
    return [html_unescape(n) for n in names], [html_unescape(i) for i in items], [html_unescape(o) for o in orders]


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _chart_stages(svg: Path) -> dict[str, int]:
    """Member code → number (from 1) of the dashed stage box its node is drawn in."""
    import re
    import xml.etree.ElementTree as ET

    def box(group: ET.Element) -> tuple[float, float, float, float]:
        numbers = [float(n) for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon")
                   for n in re.findall(r"-?\d+(?:\.\d+)?", e.get("d") or e.get("points") or "")]
        xs, ys = numbers[0::2], numbers[1::2]
        return min(xs), min(ys), max(xs), max(ys)

    graph = ET.parse(svg).getroot().find(f"{SVG}g")
    assert graph is not None
    clusters = {int(g.findtext(f"{SVG}title", "").removeprefix("cluster_stage")) + 1: box(g)
                for g in graph.findall(f"{SVG}g") if g.get("class") == "cluster"}
    found = {}
    for node in (g for g in graph.findall(f"{SVG}g") if g.get("class") == "node"):
        href = next(a.get(f"{XLINK}href") for a in node.iter(f"{SVG}a"))
        x0, y0, x1, y1 = box(node)
        inside = [n for n, (a, b, c, d) in clusters.items() if a <= x0 and b <= y0 and x1 <= c and y1 <= d]
        found[href.rstrip("/").rsplit("/", 1)[-1]] = inside[0] if len(inside) == 1 else 0
    return found


def assert_outputs_agree(build_dir: Path, site_dir: Path, catalog: Catalog) -> int:
    """Page, PDF, catalog.json and flowchart list the same common materials and the same order."""
    import json

    from pdf_helpers import all_text

    document = json.loads((build_dir / "catalog.json").read_text(encoding="utf-8"))
    records = {b["id"]: b for b in document["bundles"]}
    checked = 0
    for bundle in catalog.bundles.values():
        plan = bundle.plan
        record = records[bundle.id]
        common = [c.name for c in plan.common]
        members = [m.item.name for m in plan.members]
        names = {m.number: m.item.name for m in plan.members}
        orders = [m.order_text(names) for m in plan.members]
        # open data
        assert [c["name"] for c in record["common_materials"]] == common
        assert [m["code"] for m in record["members"]] == [m.item.code for m in plan.members]
        assert [m["order_text"] for m in record["members"]] == orders
        assert [m["stage"] for m in record["members"]] == [m.stage for m in plan.members]
        # the page
        page_common, page_members, page_orders = _page_facts(
            (site_dir / "bundles" / bundle.id / "index.html").read_text(encoding="utf-8"))
        assert (page_common, page_members, page_orders) == (common, members, [_squash(o) for o in orders]), bundle.id
        # the PDF: the same rows, in the same order
        text = all_text(build_dir / "checklists" / f"bundle-{bundle.id}.pdf")
        assert f"一、共用材料（只需提交一次，共{len(common)}项）" in text, bundle.id
        part = _between(text, "一、共用材料", "二、各事项专用材料")
        positions = [part.find(f"{n}.{_squash(name)}") for n, name in enumerate(common, start=1)]
        assert all(p >= 0 for p in positions) and positions == sorted(positions), (bundle.id, common)
        listing = _between(text, "包含事项", "一、共用材料")
        positions = [listing.find(_squash(o)) for o in (f"第{m.stage}批：{m.order_text({n: f'事项{n}' for n in names})}"
                                                         for m in plan.members)]
        assert all(p >= 0 for p in positions), (bundle.id, listing)
        # the flowchart: every member in the box of its stage
        stages = _chart_stages(build_dir / "docs" / "assets" / "flowcharts" / "bundles" / f"{bundle.id}.svg")
        assert stages == {m.item.code: m.stage for m in plan.members}, bundle.id
        checked += 1
    return checked


@pytest.mark.slow
def test_sample_outputs_agree_on_every_bundle(built_sample) -> None:
    catalog = build_model(check_catalog(built_sample.catalog_dir).sources)
    assert assert_outputs_agree(built_sample.build_dir, built_sample.site_dir, catalog) == len(catalog.bundles) > 0
    assert any(b.plan.common for b in catalog.bundles.values())


@pytest.mark.slow
def test_generated_outputs_agree_on_every_bundle(tmp_path: Path) -> None:
    from onewindow.bench.synth import generate

    generate(tmp_path / "catalog", items=36, departments=5, bundles=5, seed=7)
    result, report = build(tmp_path / "catalog", tmp_path / "build", tmp_path / "site", quiet=True,
                           site_url="https://example.gov.cn/")
    assert report is not None, [str(p) for p in result.errors]
    catalog = build_model(check_catalog(tmp_path / "catalog").sources)  # a build keeps no item data
    assert assert_outputs_agree(report.build_dir, report.site_dir, catalog) == 5
    assert any(len(b.plan.stages) > 1 for b in catalog.bundles.values())
