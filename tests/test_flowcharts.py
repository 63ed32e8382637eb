"""Flowcharts: real YAML → check → model → DOT → `dot` → SVG, read back with xml.etree."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.build.cache import OutputCache
from onewindow.catalog.model import Catalog, build_model
from onewindow.catalog.plan import bundle_plan
from onewindow.check.checker import check_catalog
from onewindow.errors import MissingToolError
from onewindow.render import Output, flowcharts
from onewindow.render.dotlabels import clean, display_width, wrap
from onewindow.render.flowcharts import Flowcharts, bundle_chart_path, item_chart_path

ROOTS = Path(__file__).parent / "roots"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
SITE = "https://zwfw.example.gov.cn/guide/"
CRITICAL = "#c62828"


def squash(text: str) -> str:
    return "".join(text.split())


def load(catalog_dir: Path) -> Catalog:
    result = check_catalog(catalog_dir)
    assert result.ok, "\n".join(map(str, result.problems))
    return build_model(result.sources)


def render_into(catalog_dir: Path, out: Path) -> tuple[Catalog, Output, list[Path]]:
    catalog = load(catalog_dir)
    ctx = Output.fresh(out / "build", out / "site", SITE)
    return catalog, ctx, Flowcharts().render(catalog, ctx)


class Chart:
    """An SVG written by dot: its size, the text of each node, cluster and the graph label."""

    def __init__(self, path: Path) -> None:
        self.root = ET.parse(path).getroot()  # raises on malformed XML
        self.width = float(self.root.get("width", "").removesuffix("pt"))
        self.height = float(self.root.get("height", "").removesuffix("pt"))
        graph = self.root.find(f"{SVG}g")
        assert graph is not None
        self.groups = {cls: [g for g in graph.findall(f"{SVG}g") if g.get("class") == cls]
                       for cls in ("node", "edge", "cluster")}
        self.label = squash("".join(t.text or "" for t in graph.findall(f"{SVG}text")))

    def texts(self, cls: str = "node") -> list[str]:
        return [squash("".join(t.text or "" for t in g.iter(f"{SVG}text"))) for g in self.groups[cls]]

    def node(self, name: str) -> ET.Element:
        found = [g for g, text in zip(self.groups["node"], self.texts(), strict=True) if squash(name) in text]
        assert len(found) == 1, f"{name!r} in {len(found)} nodes"
        return found[0]

    @staticmethod
    def strokes(group: ET.Element) -> set[str]:
        return {e.get("stroke", "") for e in group.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon")}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Output, list[Path]]:
    return render_into(ROOTS / "bundle-plans", tmp_path_factory.mktemp("flowcharts"))


# --- item charts ---------------------------------------------------------------------------

def test_every_item_and_bundle_gets_an_svg(plans) -> None:
    catalog, ctx, written = plans
    expected = [item_chart_path(ctx.docs_dir, c) for c in catalog.items] + [
        bundle_chart_path(ctx.docs_dir, b) for b in catalog.bundles]
    assert written == expected
    assert all(p.is_file() and p.stat().st_size > 1000 for p in expected)
    assert ctx.docs_dir / "assets/flowcharts/items/BPK0000012.svg" in written


def test_item_chart_shows_every_step_in_order(plans) -> None:
    catalog, ctx, _ = plans
    for item in catalog.items.values():
        chart = Chart(item_chart_path(ctx.docs_dir, item.code))
        texts = chart.texts()
        assert len(texts) == len(item.process)
        for number, (step, text) in enumerate(zip(item.process, texts, strict=True), start=1):
            assert squash(step.name) in text
            assert squash(step.actor) in text
            assert f"第{number}步·{step.stage}" in text
            assert ("需到场" in text) == step.applicant_present
        assert len(chart.groups["edge"]) == len(item.process) - 1
        assert squash(item.name) in chart.label


def test_item_chart_marks_visits(plans) -> None:
    catalog, ctx, _ = plans
    food = Chart(item_chart_path(ctx.docs_dir, "BPK0000002"))
    assert "申请人到现场2次" in food.label and "需到场" in food.label  # count and legend
    present = [g for g, s in zip(food.groups["node"], catalog.items["BPK0000002"].process, strict=True)
               if s.applicant_present]
    assert len(present) == 2
    assert all("#e65100" in Chart.strokes(g) for g in present)
    online = Chart(item_chart_path(ctx.docs_dir, "BPK0000009"))
    assert "零跑" in online.label and "需到场" not in online.label
    assert not any("#e65100" in Chart.strokes(g) for g in online.groups["node"])


def test_step_days_and_uncounted_steps(plans) -> None:
    _, ctx, _ = plans
    chart = Chart(item_chart_path(ctx.docs_dir, "BPK0000012"))
    texts = chart.texts()
    assert "3个工作日" in texts[2]
    assert "7个工作日（不计入办结时限）" in texts[6]
    assert "承诺时限20个工作日" in chart.label


def test_twelve_steps_stay_phone_sized(plans) -> None:
    _, ctx, _ = plans
    chart = Chart(item_chart_path(ctx.docs_dir, "BPK0000012"))
    assert len(chart.groups["node"]) == 12
    assert chart.width <= 600  # fits a phone screen without shrinking the text to nothing
    assert chart.height > 3 * chart.width  # top to bottom, one step under the other
    text = chart.root.find(f".//{SVG}text")
    assert text is not None and "WenQuanYi Micro Hei" in text.get("font-family", "")


def test_long_names_are_wrapped_into_several_lines(plans) -> None:
    catalog, ctx, _ = plans
    chart = Chart(item_chart_path(ctx.docs_dir, "BPK0000012"))
    first = chart.groups["node"][0]
    name = catalog.items["BPK0000012"].process[0].name  # 25 characters
    name_lines = [t.text for t in first.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert len(name_lines) >= 3 and "".join(name_lines) == name


# --- bundle charts -------------------------------------------------------------------------

def test_bundle_chart_members_edges_and_critical_path(plans) -> None:
    catalog, ctx, _ = plans
    for bundle in catalog.bundles.values():
        plan = bundle_plan(bundle)
        chart = Chart(bundle_chart_path(ctx.docs_dir, bundle.id))
        assert len(chart.groups["node"]) == len(bundle.members)
        for member in bundle.members:
            node = chart.node(member.item.name)
            text = squash("".join(t.text or "" for t in node.iter(f"{SVG}text")))
            limit = member.item.time_limit
            assert ("即办" if limit.on_the_spot else f"{limit.working_days}个工作日") in text
            assert (CRITICAL in Chart.strokes(node)) == (member.item.code in plan.critical_path)
            link = node.find(f".//{SVG}a")
            assert link is not None and link.get(f"{XLINK}href") == SITE + member.item.url_path


def test_diamond_chart(plans) -> None:
    catalog, ctx, _ = plans
    chart = Chart(bundle_chart_path(ctx.docs_dir, "diamond"))
    assert "并联办理25个工作日" in chart.label
    assert "逐项办理合计32个工作日，节省7个工作日" in chart.label
    assert "到现场3次" in chart.label
    edges = chart.groups["edge"]
    assert len(edges) == 4  # A→B, A→C, B→D, C→D
    assert sum(CRITICAL in Chart.strokes(e) for e in edges) == 2  # A→B→D
    # B and C side by side: same vertical position
    ys = {name: _node_y(chart, name) for name in ("食品经营许可", "公共场所卫生许可")}
    assert ys["食品经营许可"] == ys["公共场所卫生许可"]
    assert chart.texts("cluster")[1] == "第2批·2项并联"


def _node_y(chart: Chart, name: str) -> float:
    """Vertical centre of the node's box (nodes of one rank share it, whatever their height)."""
    shape = chart.node(name).find(f".//{SVG}path")
    assert shape is not None
    ys = [float(y) for y in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d", ""))[1::2]]
    return round((min(ys) + max(ys)) / 2, 1)


def test_ten_member_bundle_stays_phone_sized(plans) -> None:
    _, ctx, _ = plans
    chart = Chart(bundle_chart_path(ctx.docs_dir, "ten"))
    assert len(chart.groups["node"]) == 10
    assert chart.width <= 600
    assert "并联办理16个工作日" in chart.label and "合计48个工作日" in chart.label
    assert "第2批·8项并联" in chart.texts("cluster")
    # the eight parallel members wrap into rows of at most ROW_SIZE
    rows = {_node_y(chart, n) for n in ("印章刻制备案", "单位社会保险登记", "涉税信息确认", "食品经营许可",
                                         "公共场所卫生许可", "烟草专卖零售许可", "户外广告设施设置许可",
                                         "公众聚集场所投入使用营业前消防安全检查")}
    assert len(rows) == -(-8 // flowcharts.ROW_SIZE)


def test_on_the_spot_bundle_says_so(plans) -> None:
    _, ctx, _ = plans
    chart = Chart(bundle_chart_path(ctx.docs_dir, "on-the-spot"))
    assert "全部即办：当场办结" in chart.label
    assert sum(CRITICAL in Chart.strokes(e) for e in chart.groups["edge"]) == 2


# --- incremental builds --------------------------------------------------------------------

def test_unchanged_charts_come_from_the_output_cache(plans, tmp_path: Path) -> None:
    catalog, _, _ = plans

    def build_once(name: str, previous: Path | None, model: Catalog) -> Output:
        ctx = Output.fresh(tmp_path / name, tmp_path / "site", SITE)
        ctx.cache = OutputCache(previous, ctx.build_dir, "salt")
        Flowcharts().render(model, ctx)
        ctx.cache.save()
        return ctx

    first = build_once("first", None, catalog)
    assert len(first.cache.rendered) == len(catalog.items) + len(catalog.bundles)
    second = build_once("second", first.build_dir, catalog)
    assert second.cache.rendered == [] and len(second.cache.reused) == len(first.cache.rendered)
    assert Chart(item_chart_path(second.docs_dir, "BPK0000002")).texts() == Chart(
        item_chart_path(first.docs_dir, "BPK0000002")).texts()
    # rename one item: its chart and the charts of the bundles it belongs to are redrawn
    renamed = dataclasses.replace(catalog.items["BPK0000007"], name="城镇污水排入排水管网许可（改名）")
    items = {**catalog.items, "BPK0000007": renamed}
    bundles = {k: dataclasses.replace(b, members=tuple(
        dataclasses.replace(m, item=renamed) if m.item.code == "BPK0000007" else m for m in b.members))
        for k, b in catalog.bundles.items()}
    third = build_once("third", second.build_dir, dataclasses.replace(catalog, items=items, bundles=bundles))
    assert sorted(third.cache.rendered) == sorted([
        "docs/assets/flowcharts/items/BPK0000007.svg", "docs/assets/flowcharts/bundles/parallel.svg",
        "docs/assets/flowcharts/bundles/ten.svg"])
    Chart(bundle_chart_path(third.docs_dir, "ten")).node("（改名）")  # exactly one node shows it


# --- hostile catalog text ------------------------------------------------------------------

HOSTILE = '\'"<script>alert(1)</script>\\N\\G\\\\ ]]> &amp; <B>粗</B><BR/> <TABLE><TR><TD>x</TD></TR></TABLE> {rank=same} -> s0; <!-- x -->'


def _set(path: Path, key: str, old: str, new: str) -> None:
    """Replace `key: old` in a YAML file by `key: "new"` (JSON strings are YAML strings)."""
    text = path.read_text(encoding="utf-8")
    assert f"{key}: {old}\n" in text
    path.write_text(text.replace(f"{key}: {old}\n", f"{key}: {json.dumps(new, ensure_ascii=False)}\n", 1),
                    encoding="utf-8")


def test_hostile_text_stays_text(copy_catalog: Callable[[str], Path], tmp_path: Path) -> None:
    root = copy_catalog("bundle-plans")
    item_file = root / "items/scjg/BPK0000002.yml"
    name = "食品" + HOSTILE[:60]
    _set(item_file, "name", "食品经营许可（新办）", name)
    _set(item_file, "name", "经营场所现场核查", "核查" + HOSTILE)
    _set(item_file, "actor", "现场核查人员", "人员" + HOSTILE + "\u202e反转")
    _set(root / "bundles/diamond.yml", "name", "菱形一件事", "菱形" + HOSTILE)
    _, ctx, written = render_into(root, tmp_path / "out")
    item_chart = Chart(item_chart_path(ctx.docs_dir, "BPK0000002"))
    texts = item_chart.texts()
    assert squash("核查" + HOSTILE) in texts[2]
    assert squash("人员" + HOSTILE + "反转") in texts[2]  # the bidi override is dropped
    assert squash(name) in item_chart.label
    bundle_chart = Chart(bundle_chart_path(ctx.docs_dir, "diamond"))
    assert squash("菱形" + HOSTILE) in bundle_chart.label
    assert bundle_chart.node(name) is not None
    for path in written:
        root_el = ET.parse(path).getroot()
        tags = {el.tag.split("}")[-1] for el in root_el.iter()}
        assert not tags & {"script", "foreignObject", "iframe", "B", "TABLE", "BR"}, path
        assert not any(attr.lower().startswith("on") for el in root_el.iter() for attr in el.attrib)
        links = {el.get(f"{XLINK}href") for el in root_el.iter(f"{SVG}a") if el.get(f"{XLINK}href")}
        assert all(link.startswith(SITE + "items/BPK") for link in links)
        assert "\u202e" not in path.read_text(encoding="utf-8")


# --- missing Graphviz ----------------------------------------------------------------------

def test_missing_dot_raises_chinese_error(plans, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog, _, _ = plans
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no `dot` anywhere
    ctx = Output.fresh(tmp_path / "build", tmp_path / "site", SITE)
    with pytest.raises(MissingToolError) as info:
        Flowcharts().render(catalog, ctx)
    assert "sudo apt-get install graphviz" in str(info.value)
    assert not (tmp_path / "build").exists()


def test_build_without_dot_stops_with_chinese_message(project_root: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEWINDOW")}
    env["PATH"] = str(empty)
    run = subprocess.run(
        [str(Path(sys.executable).with_name("onewindow")), "build", str(ROOTS / "bundle-plans"),
         "--build-dir", str(tmp_path / "build"), "--site-dir", str(tmp_path / "site"), "--site-url", SITE],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode != 0
    assert "Traceback" not in run.stdout + run.stderr
    assert "找不到 Graphviz 的 dot 命令" in run.stderr
    assert "sudo apt-get install graphviz" in run.stderr
    assert not (tmp_path / "build").exists() and not (tmp_path / "site").exists()


# --- wrapping ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "申请人通过政务服务网在线填报建设工程规划许可申请表",
    "公众聚集场所投入使用营业前消防安全检查",
    "批前公示（公示期不计入办结时限），逐项核对",
    "Hello world ABC 许可 2024年版本 https://example.gov.cn/a/very/long/path",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ",
])
@pytest.mark.parametrize("width", [7, 9, 10])
def test_wrap_keeps_every_character_within_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert squash("".join(lines)) == squash(text)
    # closing punctuation may hang past the width rather than start a line
    assert all(display_width(line) <= width + 2 for line in lines)
    assert not any(line[0] in "，。、）》" for line in lines)
    assert not any(line[-1] in "（《" for line in lines)


def test_wrap_balances_and_respects_words() -> None:
    assert wrap("城镇污水排入排水管网许可", 7) == ["城镇污水排入", "排水管网许可"]
    assert wrap("单位社会保险登记", 10) == ["单位社会保险登记"]
    assert len(wrap("公众聚集场所投入使用营业前消防安全检查", 9)) == 3


def test_clean_drops_what_xml_cannot_hold() -> None:
    assert clean("a\x00b\x1bc\u202ed\ufeffe\n f\tg") == "abcde f g"


# --- the sample catalog --------------------------------------------------------------------

@pytest.mark.slow
def test_sample_site_shows_every_flowchart(built_sample, sample_catalog: Path) -> None:
    catalog = load(sample_catalog)
    assert catalog.items and catalog.bundles
    docs = built_sample.build_dir / "docs"
    for item in catalog.items.values():
        chart = Chart(item_chart_path(docs, item.code))
        texts = chart.texts()
        assert all(squash(s.name) in t for s, t in zip(item.process, texts, strict=True))
        assert chart.width <= 600
        page = (built_sample.site_dir / item.url_path / "index.html").read_text(encoding="utf-8")
        assert f"assets/flowcharts/items/{item.code}.svg" in page
        assert (built_sample.site_dir / "assets/flowcharts/items" / f"{item.code}.svg").is_file()
    for bundle in catalog.bundles.values():
        chart = Chart(bundle_chart_path(docs, bundle.id))
        for member in bundle.members:
            chart.node(member.item.name)
        plan = bundle_plan(bundle)
        assert squash(flowcharts.critical_text(plan)) in chart.label
        assert f"合计{plan.serial_days}个工作日" in chart.label
        page = (built_sample.site_dir / bundle.url_path / "index.html").read_text(encoding="utf-8")
        assert f"assets/flowcharts/bundles/{bundle.id}.svg" in page


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("申请人窗口现场核查（）《》，。、 ABCxyz019-\\<>&\"'")) | st.characters(),
                    max_size=80),
       width=st.sampled_from([7, 9, 10, 16]))
def test_wrap_properties(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert squash("".join(lines)) == squash(clean(text))
    assert all(line == line.strip() and line for line in lines)
    assert all(display_width(line) <= width + 2 for line in lines)
