"""Flowcharts as SVG: each item's process and each bundle's parallel plan.

DOT comes from the Jinja2 templates templates/flowcharts/{item,bundle}.dot.j2 and is laid
out by the system `dot` (graphviz_runner). Writes
  docs/assets/flowcharts/items/<code>.svg and docs/assets/flowcharts/bundles/<id>.svg
below the build tree, so pages and PDFs can embed them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2

from onewindow.catalog.model import Bundle, Catalog, Item, Step
from onewindow.catalog.plan import BundlePlan
from onewindow.render.dotlabels import html_text, quoted
from onewindow.render.graphviz_runner import CJK_FONT, dot_to_svg, dot_version, require_dot
from onewindow.render.markup import TEMPLATE_CODE
from onewindow.render.target import Output, Target

ROW_SIZE = 2  # members side by side at most: two boxes keep a phone from shrinking the text

COLORS = {
    "line": "#1565C0", "fill": "#E3F2FD", "edge": "#607D8B", "muted": "#455A64", "days": "#1565C0",
    "present_dark": "#E65100", "present_fill": "#FFF3E0",
    "critical": "#C62828", "critical_fill": "#FFEBEE", "stage": "#78909C",
}


ITEMS_DIR = "docs/assets/flowcharts/items"
BUNDLES_DIR = "docs/assets/flowcharts/bundles"


def item_chart_path(docs_dir: Path, code: str) -> Path:
    """Where the item's flowchart lands (docs_dir = Output.docs_dir); pages and PDFs embed it."""
    return docs_dir / "assets" / "flowcharts" / "items" / f"{code}.svg"


def bundle_chart_path(docs_dir: Path, bundle_id: str) -> Path:
    return docs_dir / "assets" / "flowcharts" / "bundles" / f"{bundle_id}.svg"


class Flowcharts(Target):
    name = "flowcharts"
    label = "流程图"
    per_record = True

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        require_dot()
        env = template_env(out.templates_dir)
        jobs = [_Job(f"{ITEMS_DIR}/{item.code}.svg", item_chart(item), f"事项“{item.name}”的流程图")
                for item in catalog.items.values()]
        jobs += [_Job(f"{BUNDLES_DIR}/{bundle.id}.svg", bundle_chart(bundle, out.page_url),
                      f"一件事“{bundle.name}”的流程图") for bundle in catalog.bundles.values()]
        # A chart's view holds everything its template shows; with the templates and code (the
        # cache's salt) and the Graphviz version it is the chart's whole input. Keyed on it, an
        # unchanged chart is linked from the last build without even writing its DOT again, and
        # an edit the chart does not show (a material, a fee) leaves it alone.
        keys = {job.rel: out.cache.key_for(job.rel, (dot_version(), job.chart)) for job in jobs}
        todo = [job for job in jobs if not out.cache.fresh(job.rel, keys[job.rel])]
        def draw(job: _Job) -> None:
            # Written by the thread that laid it out: the charts of a 10,000-item catalog,
            # collected first, held a quarter of a gigabyte of SVG text.
            target = out.build_dir / job.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(dot_to_svg(chart_dot(job.chart, env), job.what), encoding="utf-8")

        # `dot` runs as a subprocess, so threads lay out several charts at once.
        with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
            for _ in pool.map(draw, todo):
                out.advance()
        rendered = {job.rel for job in todo}
        for job in jobs:
            out.cache.record(job.rel, keys[job.rel], rendered=job.rel in rendered)
        return [out.build_dir / job.rel for job in jobs]


@dataclass(frozen=True)
class _Job:
    rel: str  # below the build tree
    chart: ItemChart | BundleChart  # everything the chart shows
    what: str  # the chart, named for error messages


def template_env(templates_dir: Path) -> jinja2.Environment:
    # Autoescape is the safety net: any value a template forgets to pass through |h or |q is
    # still XML-escaped rather than read as label markup.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir / "flowcharts"), bytecode_cache=TEMPLATE_CODE,
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    env.filters["h"] = html_text
    env.filters["q"] = quoted
    return env


# --- item process --------------------------------------------------------------------------

@dataclass(frozen=True)
class StepView:
    stage: str
    name: str
    present: bool
    detail: str  # who does it and how long


def step_days_text(step: Step) -> str:
    if step.days is None:
        return ""
    days = "当场" if step.days == 0 else f"{step.days} 个工作日"
    return days if step.counted else f"{days}（不计入办结时限）"


def _step_view(step: Step) -> StepView:
    detail = " · ".join(part for part in (step.actor, step_days_text(step)) if part)
    return StepView(step.stage, step.name, step.applicant_present, detail)


def item_visits_text(item: Item) -> str:
    if item.visits == 0:
        return "零跑：全程无需到现场"
    return f"{item.visits_label}：申请人到现场 {item.visits} 次"


@dataclass(frozen=True)
class ItemChart:
    """What an item's process chart shows, and nothing else (it is the chart's cache key)."""

    name: str
    committed_text: str
    visits_text: str
    visit_reason: str  # shown only when the applicant has to come
    steps: tuple[StepView, ...]

    @property
    def present_count(self) -> int:
        return sum(s.present for s in self.steps)


def item_chart(item: Item) -> ItemChart:
    return ItemChart(item.name, item.time_limit.committed_text, item_visits_text(item),
                     item.visit_reason if item.visits else "", tuple(_step_view(s) for s in item.process))


def chart_dot(chart: ItemChart | BundleChart, env: jinja2.Environment) -> str:
    if isinstance(chart, ItemChart):
        return env.get_template("item.dot.j2").render(chart=chart, font=CJK_FONT, colors=COLORS)
    return env.get_template("bundle.dot.j2").render(chart=chart, font=CJK_FONT, colors=COLORS)


# --- bundle plan ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberView:
    id: str
    code: str
    name: str
    department: str
    days_text: str
    url: str
    critical: bool


@dataclass(frozen=True)
class StageView:
    label: str
    members: tuple[MemberView, ...]
    rows: tuple[tuple[MemberView, ...], ...]


@dataclass(frozen=True)
class EdgeView:
    tail: str
    head: str
    critical: bool
    lhead: str = ""  # cluster the edge ends at: one arrow for "the whole stage waits for tail"


def _days_text(item: Item) -> str:
    return "即办" if item.time_limit.on_the_spot else f"{item.time_limit.working_days} 个工作日"


def _stage_views(plan: BundlePlan, views: dict[str, MemberView]) -> list[StageView]:
    stages = []
    for number, codes in enumerate(plan.stages, start=1):
        members = tuple(views[c] for c in codes)
        rows = _rows(members)
        label = f"第 {number} 批 · {len(members)} 项并联" if len(members) > 1 else f"第 {number} 批"
        stages.append(StageView(label, members, rows))
    return stages


def _rows(members: tuple[MemberView, ...]) -> tuple[tuple[MemberView, ...], ...]:
    """At most ROW_SIZE per row, rows as even as possible: 4 → 2 + 2, 7 → 3 + 2 + 2."""
    count = -(-len(members) // ROW_SIZE)
    base, extra = divmod(len(members), count)
    rows, start = [], 0
    for i in range(count):
        size = base + (1 if i < extra else 0)
        rows.append(members[start:start + size])
        start += size
    return tuple(rows)


def _row_links(stages: list[StageView]) -> list[tuple[str, str]]:
    """Invisible edges stacking every row below the previous one, so a stage wider than
    ROW_SIZE wraps instead of growing sideways, and later stages never sit beside it."""
    heads = [row[0].id for stage in stages for row in stage.rows]
    return list(zip(heads, heads[1:], strict=False))


def _edges(bundle: Bundle, plan: BundlePlan, stages: list[StageView], ids: dict[str, str]) -> list[EdgeView]:
    """One edge per `after` link, except into a stage that wraps over several rows: there a
    prerequisite of every member gets a single arrow to the stage's box, since a fan of arrows
    into the lower rows would cross the upper ones."""
    path_links = set(zip(plan.critical_path, plan.critical_path[1:], strict=False))
    after = {m.item.code: m.after for m in bundle.members}
    edges = []
    for number, stage in enumerate(stages):
        codes = [v.code for v in stage.members]
        shared = {t for t in after[codes[0]] if all(t in after[c] for c in codes)} if len(stage.rows) > 1 else set()
        for tail in sorted(shared, key=list(ids).index):
            first_row = stage.rows[0]
            edges.append(EdgeView(ids[tail], first_row[len(first_row) // 2].id,
                                  any((tail, c) in path_links for c in codes), f"cluster_stage{number}"))
        edges.extend(EdgeView(ids[tail], ids[code], (tail, code) in path_links)
                     for code in codes for tail in after[code] if tail not in shared)
    return edges


def critical_text(plan: BundlePlan) -> str:
    if plan.critical_days == 0:
        return "全部即办：当场办结"
    return f"并联办理 {plan.critical_days} 个工作日（关键路径）"


def serial_text(plan: BundlePlan) -> str:
    text = f"逐项办理合计 {plan.serial_days} 个工作日"
    return text + (f"，节省 {plan.saved_days} 个工作日" if plan.saved_days else "")


def bundle_visits_text(plan: BundlePlan) -> str:
    if plan.visits == 0:
        return "全程无需到现场"
    text = f"到现场 {plan.visits} 次（共性材料一次提交"
    return text + (f"，分别办理需 {plan.serial_visits} 次）" if plan.serial_visits > plan.visits else "）")


@dataclass(frozen=True)
class BundleChart:
    """What a bundle's plan chart shows, and nothing else (it is the chart's cache key)."""

    name: str
    parallel: bool
    stages: tuple[StageView, ...]
    edges: tuple[EdgeView, ...]
    row_links: tuple[tuple[str, str], ...]
    critical_text: str
    serial_text: str
    visits_text: str


def bundle_chart(bundle: Bundle, page_url: Callable[[str], str]) -> BundleChart:
    plan = bundle.plan
    on_path = set(plan.critical_path)
    ids = {m.item.code: f"m{i}" for i, m in enumerate(bundle.members)}
    views = {
        m.item.code: MemberView(ids[m.item.code], m.item.code, m.item.name, m.item.department.label,
                                _days_text(m.item), page_url(m.item.url_path), m.item.code in on_path)
        for m in bundle.members
    }
    stages = _stage_views(plan, views)
    return BundleChart(bundle.name, bool(plan.parallel), tuple(stages), tuple(_edges(bundle, plan, stages, ids)),
                       tuple(_row_links(stages)), critical_text(plan), serial_text(plan), bundle_visits_text(plan))

