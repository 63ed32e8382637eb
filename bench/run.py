"""Benchmark onewindow against the tools a user would otherwise run (issue 8).

    .venv/bin/python bench/run.py            # the full table (< 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --smoke    # tiny catalogs, one run: checks the script works

Every number comes from the real command line run as a subprocess: wall time with
time.perf_counter, peak memory from os.wait4's rusage (ru_maxrss of the process tree).
Medians over several runs are quoted; ratios matter more than seconds on a shared machine.
Progress goes to stderr, the one Markdown table to stdout. A measurement that fails is
reported as failed, with the error, and the script carries on.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ITEM_SCHEMA = ROOT / "src" / "onewindow" / "schemas" / "item.schema.json"
PAGE_LIMIT_KB = 100

PARSE_ONLY = """\
import pathlib, sys, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

# "What a user would otherwise run": Material with its defaults, so the navigation lists
# every page and the search index covers everything.
PLAIN_MKDOCS_YML = """\
site_name: 办事指南（MkDocs 默认配置基线）
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
plugins:
  - search
"""

_STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench {time.perf_counter() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def tool(name: str) -> list[str]:
    exe = BIN / name
    return [str(exe)] if exe.exists() else [name]


def onewindow() -> list[str]:
    exe = BIN / "onewindow"
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from onewindow.cli.main import main; main()"]


# --------------------------------------------------------------------------- running


class Failed(Exception):
    """A measurement that could not be taken; the message goes into the table.

    `at_least` is set when the command was killed at its time limit: the run took longer."""

    def __init__(self, message: str, at_least: float | None = None, peak_kb: int = 0) -> None:
        super().__init__(message)
        self.at_least = at_least
        self.peak_kb = peak_kb


@dataclass
class Run:
    seconds: float
    peak_kb: int
    stages: dict[str, float] = field(default_factory=dict)  # from `onewindow build --timings`


@dataclass
class Measure:
    runs: list[Run] = field(default_factory=list)
    error: str = ""
    at_least: float | None = None  # seconds, when a run was killed at its time limit
    killed_peak_kb: int = 0  # peak memory of the killed run up to the kill

    def fail(self, exc: Failed) -> None:
        self.error, self.at_least, self.killed_peak_kb = str(exc), exc.at_least, exc.peak_kb

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.error

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_kb for r in self.runs) / 1024


class Runner:
    """Runs commands with a time budget; keeps each command's output in a log file."""

    def __init__(self, logs: Path, deadline: float, max_run: float = 1e9) -> None:
        self.logs = logs
        self.deadline = deadline
        self.phase_end = deadline  # a phase may end earlier so later phases keep their share
        self.max_run = max_run
        self.count = 0

    def remaining(self) -> float:
        return min(self.deadline, self.phase_end) - time.perf_counter()

    def run(self, label: str, cmd: list[str], cwd: Path | None = None) -> Run:
        if self.remaining() <= 1:
            raise Failed("skipped: time budget used up (raise --deadline)")
        self.count += 1
        log_file = self.logs / f"{self.count:03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.log"
        env = {**os.environ, "CI": "true", "PYTHONWARNINGS": "ignore"}
        with open(log_file, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            limit = min(self.remaining(), self.max_run)
            timer = threading.Timer(limit, _kill_group, (proc.pid,))
            timer.start()
            try:
                # wait4 gives this child's own rusage (ru_maxrss = peak of it and its children).
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code == -signal.SIGKILL and seconds >= limit - 0.5:
            which = "--max-run" if limit == self.max_run else "--deadline share of this phase"
            raise Failed(f"killed after {seconds:.0f} s ({which} time budget)", seconds, usage.ru_maxrss)
        if code != 0:
            raise Failed(f"exit {code}: {_tail(log_file)}")
        return Run(seconds, usage.ru_maxrss, _stage_timings(log_file))


def _stage_timings(log_file: Path) -> dict[str, float]:
    """Per-stage seconds printed by `onewindow build --timings` (empty for other commands)."""
    for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("onewindow-timings: "):
            return json.loads(line.removeprefix("onewindow-timings: "))
    return {}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _tail(log_file: Path) -> str:
    lines = [line.strip() for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return " / ".join(lines[-2:])[:240] or "(no output)"


def repeat(runner: Runner, label: str, cmd: list[str], runs: int, budget: float, cwd: Path | None = None,
           before: Callable[[], None] | None = None) -> Measure:
    """Median material: up to `runs` runs, fewer if this measure has used its time budget."""
    measure, spent = Measure(), 0.0
    for i in range(runs):
        if i and spent > budget:
            log(f"  {label}: stopping after {i} run(s), budget {budget:.0f}s used")
            break
        if before:
            before()
        log(f"  {label}: run {i + 1}/{runs}")
        try:
            run = runner.run(label, cmd, cwd)
        except Failed as exc:
            measure.fail(exc)
            log(f"  {label}: FAILED {exc}")
            return measure
        measure.runs.append(run)
        spent += run.seconds
    return measure


# --------------------------------------------------------------------------- measurements


@dataclass
class Weight:
    total_bytes: int
    pages: int
    max_html: int
    median_html: int
    index_gzip: int | None


def site_weight(site: Path) -> Weight:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = sorted(p.stat().st_size for p in files if p.suffix == ".html")
    if not html:
        raise Failed(f"no HTML pages in {site}")
    # onewindow's own index is fragments (assets/search/, all of them counted here; a phone
    # fetches only a few: bench/search_size.py); plain MkDocs has one search_index.json.
    parts = sorted((site / "assets" / "search").rglob("*.json")) or [site / "search" / "search_index.json"]
    gz = sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in parts if p.is_file()) or None
    return Weight(sum(p.stat().st_size for p in files), len(html), html[-1], int(statistics.median(html)), gz)


def find_edit_target(catalog: Path) -> Path:
    return sorted((catalog / "items").rglob("*.yml"))[0]


_FORM_NAME = re.compile(r"^(  - id: application-form\n    name: )(.+)$", re.MULTILINE)


def edit_one_material(item_file: Path) -> None:
    """Change the application form's name in one item (a real edit; toggles each time)."""
    text = item_file.read_text(encoding="utf-8")
    match = _FORM_NAME.search(text)
    if not match:
        raise Failed(f"no application-form material in {item_file}")
    name = match.group(2)
    new = name[: -len("（修订）")] if name.endswith("（修订）") else name + "（修订）"
    item_file.write_text(text[: match.start(2)] + new + text[match.end(2):], encoding="utf-8")


@dataclass
class BuildSeries:
    full: Measure
    noop: Measure
    edit: Measure
    weight: Weight | None = None
    weight_error: str = ""
    docs: Path | None = None
    plain: Measure = field(default_factory=lambda: Measure(error="not run"))
    plain_weight: Weight | None = None


def build_series(runner: Runner, catalog: Path, work: Path, runs: int, budget: float,
                 plain_runs: int = 0) -> BuildSeries:
    """Per run: cold build into fresh dirs, rebuild untouched, edit one material, rebuild.

    The plain MkDocs baseline runs right after the first cold build (it needs that build's
    Markdown), before the rebuilds, so the main ratio is measured even when time runs short."""
    series = BuildSeries(Measure(), Measure(), Measure())
    target = find_edit_target(catalog)
    spent = 0.0
    for i in range(runs):
        if i and spent > budget:
            log(f"  build: stopping after {i} run(s), budget {budget:.0f}s used")
            break
        out = work / f"build-{i}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cmd = [*onewindow(), "build", str(catalog), "--build-dir", str(out / "build"),
               "--site-dir", str(out / "site"), "--quiet", "--timings"]
        for name, measure, before in (("full", series.full, None), ("no-op", series.noop, None),
                                      ("one-item edit", series.edit, lambda: edit_one_material(target))):
            if measure.error:
                continue
            log(f"  build {name}: run {i + 1}/{runs}")
            try:
                if before:
                    before()
                measure.runs.append(runner.run(f"build-{name}", cmd))
            except Failed as exc:
                measure.fail(exc)
                log(f"  build {name}: FAILED {exc}")
                if name == "full":
                    break
                continue
            spent += measure.runs[-1].seconds
            if name == "full" and i == 0:
                _after_first_build(series, out, work)
                if plain_runs:
                    series.plain, series.plain_weight = plain_mkdocs(runner, series, plain_runs, budget)
        if series.full.error:
            break
    return series


def _after_first_build(series: BuildSeries, out: Path, work: Path) -> None:
    try:
        series.weight = site_weight(out / "site")
    except Failed as exc:
        series.weight_error = str(exc)
    docs = out / "build" / "docs"
    if docs.is_dir():
        series.docs = work / "plain" / "docs"
        shutil.rmtree(series.docs.parent, ignore_errors=True)
        shutil.copytree(docs, series.docs)


def plain_mkdocs(runner: Runner, series: BuildSeries, runs: int, budget: float) -> tuple[Measure, Weight | None]:
    if series.docs is None:
        return Measure(error="no generated Markdown: the onewindow build failed or wrote no build/docs"), None
    project = series.docs.parent
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml")]
    measure = repeat(runner, "plain mkdocs build", cmd, runs, budget, cwd=project,
                     before=lambda: shutil.rmtree(project / "site", ignore_errors=True))
    weight = site_weight(project / "site") if measure.ok else None
    return measure, weight


# --------------------------------------------------------------------------- table


def fmt_s(m: Measure) -> str:
    return f"{m.seconds:.2f} s (n={len(m.runs)})"


def failed_cell(m: Measure) -> str:
    return "failed: " + m.error.replace("|", "/")


def time_row(what: str, ours: Measure, base: Measure, target: float, strict: bool = False) -> list[str]:
    op = "<" if strict else "≤"
    goal = f"{op} {target:g}×"
    if not ours.ok and ours.at_least and base.ok:
        # Killed at the per-run limit: the ratio is at least this, which may already settle the target.
        bound = ours.at_least / base.seconds
        return [what, f"> {ours.at_least:.0f} s (killed)", fmt_s(base), f"> {bound:.2f}×", goal,
                "no" if bound >= target else "unknown"]
    if not ours.ok and ours.at_least and not base.ok and base.at_least:
        return [what, f"> {ours.at_least:.0f} s (killed)", f"> {base.at_least:.0f} s (killed)", "—", goal,
                "unknown"]
    if not ours.ok:
        return [what, failed_cell(ours), fmt_s(base) if base.ok else failed_cell(base), "—", goal, "failed"]
    if not base.ok and base.at_least:
        bound = ours.seconds / base.at_least
        return [what, fmt_s(ours), f"> {base.at_least:.0f} s (killed)", f"< {bound:.2f}×", goal,
                "yes" if bound <= target else "unknown"]
    if not base.ok:
        return [what, fmt_s(ours), failed_cell(base), "—", goal, "failed"]
    ratio = ours.seconds / base.seconds
    met = ratio < target if strict else ratio <= target
    return [what, fmt_s(ours), fmt_s(base), f"{ratio:.2f}×", goal, "yes" if met else "no"]


def fraction_row(what: str, part: Measure, full: Measure) -> list[str]:
    if not full.ok:
        return [what, "not run: the full build failed", "—", "—", "≤ 10% of full build", "failed"]
    if not part.ok and part.at_least:
        bound = part.at_least / full.seconds
        return [what, f"> {part.at_least:.0f} s (killed)", f"full build {full.seconds:.2f} s", f"> {bound:.0%}",
                "≤ 10% of full build", "no" if bound > 0.10 else "unknown"]
    if not part.ok:
        return [what, failed_cell(part), "—", "—", "≤ 10% of full build", "failed"]
    share = part.seconds / full.seconds
    return [what, fmt_s(part), f"full build {full.seconds:.2f} s", f"{share:.0%}", "≤ 10% of full build",
            "yes" if share <= 0.10 else "no"]


def owned_row(what: str, part: Measure, full: Measure) -> list[str]:
    """A rebuild without the MkDocs stage, which has no incremental mode and is not ours."""
    if not (part.ok and full.ok) or not all("site" in r.stages for r in part.runs):
        return [what, "not measured", "—", "—", "≤ 10% of full build", "unknown"]
    owned = statistics.median(r.seconds - r.stages["site"] for r in part.runs)
    share = owned / full.seconds
    return [what, f"{owned:.2f} s", f"full build {full.seconds:.2f} s", f"{share:.0%}", "≤ 10% of full build",
            "yes" if share <= 0.10 else "no"]


def memory_row(what: str, ours: Measure, base: Measure | None, base_name: str) -> list[str]:
    if not ours.ok and ours.killed_peak_kb:
        cell = f"≥ {ours.killed_peak_kb / 1024:.0f} MB (killed after {ours.at_least:.0f} s)"
        return [what, cell, f"{base.peak_mb:.0f} MB ({base_name})" if base and base.ok else "—", "—", "report", "—"]
    if not ours.ok:
        return [what, failed_cell(ours), "—", "—", "report", "—"]
    if base is None or not base.ok:
        return [what, f"{ours.peak_mb:.0f} MB", "—", "—", "report", "—"]
    return [what, f"{ours.peak_mb:.0f} MB", f"{base.peak_mb:.0f} MB ({base_name})",
            f"{ours.peak_mb / base.peak_mb:.2f}×", "report", "—"]


def kb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:.1f} KB"


def weight_rows(size: str, ours: Weight | None, error: str, base: Weight | None) -> list[list[str]]:
    if ours is None:
        cell = "failed: " + (error or "no site was built").replace("|", "/")
        return [[f"site weight, {size} items", cell, "—", "—", "report; pages < 100 KB", "failed"]]
    b = base

    def ratio(a: int | None, c: int | None) -> str:
        return f"{a / c:.2f}×" if a and c else "—"

    page_ok = ours.max_html < PAGE_LIMIT_KB * 1024
    return [
        [f"site/ total size, {size} items ({ours.pages} pages)", f"{ours.total_bytes / 2**20:.1f} MB",
         f"{b.total_bytes / 2**20:.1f} MB (plain MkDocs)" if b else "—", ratio(ours.total_bytes, b and b.total_bytes),
         "report", "—"],
        [f"largest HTML page, {size} items", kb(ours.max_html), kb(b.max_html) + " (plain)" if b else "—",
         ratio(ours.max_html, b and b.max_html), f"< {PAGE_LIMIT_KB} KB", "yes" if page_ok else "no"],
        [f"median HTML page, {size} items", kb(ours.median_html), kb(b.median_html) + " (plain)" if b else "—",
         ratio(ours.median_html, b and b.median_html), f"< {PAGE_LIMIT_KB} KB",
         "yes" if ours.median_html < PAGE_LIMIT_KB * 1024 else "no"],
        [f"search index gzip, {size} items", kb(ours.index_gzip), kb(b.index_gzip) + " (plain)" if b else "—",
         ratio(ours.index_gzip, b and b.index_gzip), "report", "—"],
    ]


def markdown_table(rows: list[list[str]]) -> str:
    head = ["measure", "onewindow", "baseline", "ratio", "target", "met?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="onewindow benchmark (issue 8): one Markdown table on stdout")
    p.add_argument("--smoke", action="store_true", help="tiny catalogs and one run (for tests)")
    p.add_argument("--runs", type=int, default=None, help="runs per measure, median quoted (default 3)")
    p.add_argument("--items-check", type=int, default=None, help="items for the check measures (default 10000)")
    p.add_argument("--items-build", type=int, default=None, help="items for the build measures (default 1000)")
    p.add_argument("--departments", type=int, default=None, help="departments (default 28, like a district hall)")
    p.add_argument("--big-build", action="store_true", help="also build the check-size catalog (slow)")
    p.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it (catalogs, logs)")
    p.add_argument("--budget", type=float, default=60.0, help="seconds per measure before repeats stop")
    p.add_argument("--deadline", type=float, default=570.0, help="seconds for the whole script")
    p.add_argument("--max-run", type=float, default=300.0,
                   help="seconds one command may run before it is killed and reported as slower than that")
    p.add_argument("--seed", type=int, default=1, help="seed of the synthetic catalogs")
    p.add_argument("--province", action="store_true", help="also generate and check a province tree (slow)")
    p.add_argument("--province-base", type=int, default=None, help="base items of the province (default 1500)")
    p.add_argument("--province-districts", type=int, default=None, help="districts of the province (default 100)")
    args = p.parse_args(argv)
    small = args.smoke
    args.runs = args.runs or (1 if small else 3)
    args.items_check = args.items_check or (20 if small else 10_000)
    args.items_build = args.items_build or (20 if small else 1_000)
    args.departments = args.departments or (3 if small else 28)
    args.province_base = args.province_base or (10 if small else 1500)
    args.province_districts = args.province_districts or (2 if small else 100)
    return args


def generate(runner: Runner, work: Path, items: int, departments: int, seed: int) -> tuple[Path, Run]:
    catalog = work / f"catalog-{items}"
    shutil.rmtree(catalog, ignore_errors=True)
    log(f"generating {items} items in {departments} departments → {catalog}")
    run = runner.run(f"generate-{items}", [*onewindow(), "bench", "generate", "--items", str(items),
                                           "--departments", str(departments), "--seed", str(seed), str(catalog)])
    log(f"  generated in {run.seconds:.1f}s")
    return catalog, run


def measure_check(args: argparse.Namespace, runner: Runner, work: Path) -> tuple[list[list[str]], Path | None]:
    nc = args.items_check
    try:
        catalog, gen = generate(runner, work, nc, args.departments, args.seed)
    except Failed as exc:
        return [[f"`bench generate` {nc:,} items", f"failed: {exc}", "—", "—", "report", "failed"]], None
    rows = [[f"`bench generate` {nc:,} items", f"{gen.seconds:.2f} s", "—", "—", "report", "—"]]
    log(f"check at {nc} items")
    check = repeat(runner, "onewindow check", [*onewindow(), "check", str(catalog)], args.runs, args.budget)
    parse = repeat(runner, "yaml CSafeLoader parse", [sys.executable, "-c", PARSE_ONLY, str(catalog)],
                   args.runs, args.budget)
    items = sorted(str(p.relative_to(catalog)) for p in (catalog / "items").rglob("*.yml"))
    cjs = repeat(runner, "check-jsonschema", [*tool("check-jsonschema"), "--schemafile", str(ITEM_SCHEMA), *items],
                 args.runs, args.budget, cwd=catalog)
    rows.append(time_row(f"`check` {nc:,} items vs YAML parse only (CSafeLoader)", check, parse, 2))
    rows.append(time_row(f"`check` {nc:,} items vs `check-jsonschema` (item schema)", check, cjs, 1, strict=True))
    rows.append(memory_row(f"peak memory `check` {nc:,} items", check, parse, "YAML parse only"))
    return rows, catalog


def measure_build(args: argparse.Namespace, runner: Runner, work: Path, check_catalog: Path | None) -> list[list[str]]:
    nb, nc = args.items_build, args.items_check
    try:
        catalog = check_catalog if nb == nc and check_catalog else generate(runner, work, nb, args.departments,
                                                                           args.seed)[0]
    except Failed as exc:
        return [[f"full `build` {nb:,} items", f"failed: {exc}", "—", "—", "≤ 2×", "failed"]]
    log(f"build at {nb} items")
    series = build_series(runner, catalog, work, args.runs, args.budget, plain_runs=args.runs)
    plain, plain_weight = series.plain, series.plain_weight
    rows = [time_row(f"full `build` {nb:,} items vs plain `mkdocs build`", series.full, plain, 2),
            fraction_row(f"no-op rebuild, {nb:,} items", series.noop, series.full),
            fraction_row(f"one-item-edit rebuild, {nb:,} items", series.edit, series.full),
            owned_row(f"no-op rebuild, {nb:,} items: stages onewindow owns (all but MkDocs)", series.noop,
                      series.full),
            owned_row(f"one-item-edit rebuild, {nb:,} items: stages onewindow owns (all but MkDocs)",
                      series.edit, series.full),
            memory_row(f"peak memory `build` {nb:,} items", series.full, plain, "plain mkdocs")]
    rows += weight_rows(f"{nb:,}", series.weight, series.weight_error or series.full.error, plain_weight)
    return rows


def measure_big_build(args: argparse.Namespace, runner: Runner, work: Path, catalog: Path | None) -> list[list[str]]:
    nc = args.items_check
    if args.items_build == nc:
        return []  # the build rows above already cover this size
    if not args.big_build or catalog is None:
        why = "not run (use --big-build)" if not args.big_build else "failed: no catalog was generated"
        return [[f"peak memory `build` {nc:,} items", why, "—", "—", "report", "—"]]
    log(f"big build at {nc} items")
    big = build_series(runner, catalog, work / "big", 1, 0)
    rows = [[f"full `build` {nc:,} items", fmt_s(big.full) if big.full.ok else failed_cell(big.full),
             "—", "—", "report", "—"],
            memory_row(f"peak memory `build` {nc:,} items", big.full, None, "")]
    return rows + weight_rows(f"{nc:,}", big.weight, big.weight_error or big.full.error, None)


def measure_province(args: argparse.Namespace, runner: Runner, work: Path) -> list[list[str]]:
    """Province rows: a base catalog implemented by every district, checked as one tree."""
    base, districts = args.province_base, args.province_districts
    label = f"{base:,} base items × {districts} districts"
    if not args.province:
        return [[f"province `check` ({label})", "not run (use --province)", "—", "—", "report", "—"]]
    tree = work / f"province-{base}x{districts}"
    shutil.rmtree(tree, ignore_errors=True)
    log(f"generating a province: {label} → {tree}")
    try:
        gen = runner.run("generate-province", [*onewindow(), "bench", "generate", "--base", str(base), "--districts",
                                               str(districts), "--towns", "3", "--seed", str(args.seed), str(tree)])
    except Failed as exc:
        return [[f"`bench generate` province ({label})", f"failed: {exc}", "—", "—", "report", "failed"]]
    implementations = sum(1 for _ in (tree / "districts").glob("*/implementations/*.yml"))
    log(f"  generated in {gen.seconds:.1f}s; check of {implementations} implementation items")
    check = repeat(runner, "onewindow check province", [*onewindow(), "check", str(tree)], 1, 0)
    what = f"province `check`, {implementations:,} implementation items ({label}, towns under every 5th)"
    return [[f"`bench generate` province ({label})", f"{gen.seconds:.2f} s", "—", "—", "report", "—"],
            [what, fmt_s(check) if check.ok else failed_cell(check), "—", "—", "report", "—"],
            memory_row(f"peak memory {what}", check, None, ""),
            *district_rebuild(runner, tree, work)]


def district_rebuild(runner: Runner, tree: Path, work: Path) -> list[list[str]]:
    """One district's site (its own CI job in the province workflow): a full build, then the
    rebuild after an edit to one base item that district implements."""
    district = sorted(p for p in (tree / "districts").iterdir() if (p / "layer.yml").is_file())[0]
    out = work / "district-build"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [*onewindow(), "build", str(district), "--build-dir", str(out / "build"), "--site-dir", str(out / "site"),
           "--quiet", "--timings"]
    count = sum(1 for _ in district.glob("implementations/*.yml"))
    full, edit = Measure(), Measure()
    log(f"district build: {district.name} ({count} implementation items)")
    try:
        full.runs.append(runner.run("district-full", cmd))
        edit_one_material(find_edit_target(tree / "base"))
        edit.runs.append(runner.run("district-after-base-edit", cmd))
    except Failed as exc:
        (edit if full.ok else full).fail(exc)
    what = f"one district ({count:,} items)"
    return [[f"full `build` of {what}", fmt_s(full) if full.ok else failed_cell(full), "—", "—", "report", "—"],
            fraction_row(f"rebuild of {what} after a one-item base edit", edit, full)]


def measure_all(args: argparse.Namespace, work: Path) -> list[list[str]]:
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    runner = Runner(logs, _STARTED + args.deadline, args.max_run)
    # The check measures may use 45% of the deadline, so a slow check cannot starve the build ones.
    runner.phase_end = _STARTED + 0.45 * args.deadline
    rows, check_catalog = measure_check(args, runner, work)
    runner.phase_end = runner.deadline
    rows += measure_build(args, runner, work, check_catalog)
    rows += measure_big_build(args, runner, work, check_catalog)
    return rows + measure_province(args, runner, work)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="onewindow-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"working in {work} ({os.cpu_count()} cores, Python {platform.python_version()})")
    try:
        rows = measure_all(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"onewindow benchmark — {platform.node() or 'this machine'}, {os.cpu_count()} cores, "
          f"{platform.platform(terse=True)}, Python {platform.python_version()}; medians of up to "
          f"{args.runs} runs (n = runs actually made within the time budget)\n")
    print(markdown_table(rows))
    log(f"done in {time.perf_counter() - _STARTED:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
