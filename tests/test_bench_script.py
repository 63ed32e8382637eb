"""bench/run.py: the smoke run prints the whole table; failures are reported, not raised."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def _rows(stdout: str) -> dict[str, list[str]]:
    lines = [line for line in stdout.splitlines() if line.startswith("| ")]
    assert lines[0] == "| measure | onewindow | baseline | ratio | target | met? |"
    rows = {}
    for line in lines[1:]:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert len(cells) == 6, line
        rows[cells[0]] = cells
    return rows


@pytest.mark.slow
def test_smoke_run_prints_one_complete_table(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--province", "--keep", str(tmp_path / "work")],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "[bench" in proc.stderr and "[bench" not in proc.stdout
    rows = _rows(proc.stdout)
    check_parse = rows["`check` 20 items vs YAML parse only (CSafeLoader)"]
    check_cjs = rows["`check` 20 items vs `check-jsonschema` (item schema)"]
    for row in (check_parse, check_cjs):
        assert row[1].endswith("s (n=1)") and row[2].endswith("s (n=1)"), row
        assert row[3].endswith("×") and row[5] in ("yes", "no"), row
    build = rows["full `build` 20 items vs plain `mkdocs build`"]
    assert build[1].endswith("s (n=1)") and build[2].endswith("s (n=1)"), build
    for name in ("no-op rebuild, 20 items", "one-item-edit rebuild, 20 items"):
        assert rows[name][3].endswith("%") and rows[name][5] in ("yes", "no"), rows[name]
    page = rows["largest HTML page, 20 items"]
    assert page[1].endswith("KB") and page[5] in ("yes", "no")
    assert rows["search index gzip, 20 items"][1].endswith("KB")
    assert rows["peak memory `check` 20 items"][1].endswith("MB")
    # 10 base items in 2 districts, the first with 3 towns implementing a third (4) each.
    province = "province `check`, 32 implementation items (10 base items × 2 districts, towns under every 5th)"
    assert rows[province][1].endswith("s (n=1)"), rows[province]
    assert rows[f"peak memory {province}"][1].endswith("MB")
    # One district's site, built whole and then again after an edit to a base item it implements.
    district = next(name for name in rows if name.startswith("full `build` of one district ("))
    assert rows[district][1].endswith("s (n=1)"), rows[district]
    rebuild = rows[district.replace("full `build` of", "rebuild of") + " after a one-item base edit"]
    assert rebuild[3].endswith("%") and rebuild[5] in ("yes", "no"), rebuild
    # The edited item was really rebuilt from a changed catalog: the edit is in the kept catalog.
    edited = bench_edit_target(tmp_path / "work" / "catalog-20")
    assert "（修订）" in edited.read_text(encoding="utf-8")


def bench_edit_target(catalog: Path) -> Path:
    return sorted((catalog / "items").rglob("*.yml"))[0]


def test_failed_command_becomes_a_failed_cell_with_the_error(bench: ModuleType, tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, deadline=bench.time.perf_counter() + 60)
    cmd = [sys.executable, "-c", "import sys; print('缺少 mkdocs.yml'); sys.exit(2)"]
    measure = bench.repeat(runner, "broken", cmd, runs=3, budget=60)
    assert not measure.ok and "exit 2" in measure.error and "缺少 mkdocs.yml" in measure.error
    ok = bench.repeat(runner, "fine", [sys.executable, "-c", "pass"], runs=2, budget=60)
    assert ok.ok and len(ok.runs) == 2 and ok.peak_mb > 0
    row = bench.time_row("x", measure, ok, 2)
    assert row[1].startswith("failed: exit 2") and row[5] == "failed"
    assert "|" not in "".join(bench.time_row("y", bench.Measure(error="a|b"), ok, 2))


def test_time_budget_kills_a_runaway_command(bench: ModuleType, tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, deadline=bench.time.perf_counter() + 2)
    measure = bench.repeat(runner, "slow", [sys.executable, "-c", "import time; time.sleep(30)"], runs=1, budget=60)
    assert "time budget" in measure.error
    after = bench.repeat(runner, "later", [sys.executable, "-c", "pass"], runs=1, budget=60)
    assert after.error.startswith("skipped: time budget")


def test_ratios_and_targets(bench: ModuleType) -> None:
    def m(seconds: float) -> object:
        return bench.Measure([bench.Run(seconds, 1024)])

    assert bench.time_row("c", m(3.0), m(1.0), 3)[3:] == ["3.00×", "≤ 3×", "yes"]
    assert bench.time_row("c", m(1.0), m(1.0), 1, strict=True)[3:] == ["1.00×", "< 1×", "no"]
    assert bench.fraction_row("n", m(0.5), m(10.0))[3:] == ["5%", "≤ 10% of full build", "yes"]
    assert bench.fraction_row("n", m(2.0), m(10.0))[5] == "no"


def test_edit_toggles_one_material_name(bench: ModuleType, tmp_path: Path) -> None:
    from onewindow.bench.synth import generate

    generate(tmp_path / "cat", 3, 1, seed=5)
    target = bench.find_edit_target(tmp_path / "cat")
    before = target.read_text(encoding="utf-8")
    bench.edit_one_material(target)
    changed = target.read_text(encoding="utf-8")
    assert changed != before and changed.count("（修订）") == 1
    assert len(changed.splitlines()) == len(before.splitlines())
    bench.edit_one_material(target)
    assert target.read_text(encoding="utf-8") == before


def test_a_run_over_max_run_gives_a_lower_bound(bench: ModuleType, tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, deadline=bench.time.perf_counter() + 60, max_run=1.0)
    slow = bench.repeat(runner, "slow", [sys.executable, "-c", "import time; time.sleep(30)"], runs=3, budget=60)
    assert slow.at_least is not None and 1.0 <= slow.at_least < 10
    assert "--max-run" in slow.error
    fast = bench.Measure([bench.Run(0.1, 1024)])
    row = bench.time_row("check vs parse", slow, fast, 3)
    assert row[1] == f"> {slow.at_least:.0f} s (killed)" and row[3].startswith("> ") and row[5] == "no"


def test_rows_after_failures_say_why(bench: ModuleType) -> None:
    killed = bench.Measure()
    killed.fail(bench.Failed("killed after 5 s (--max-run time budget)", 5.0, 2048))
    assert bench.time_row("x", killed, killed, 1, strict=True)[1:] == [
        "> 5 s (killed)", "> 5 s (killed)", "—", "< 1×", "unknown"]
    assert bench.memory_row("m", killed, None, "")[1] == "≥ 2 MB (killed after 5 s)"
    assert bench.fraction_row("n", bench.Measure(), killed)[1] == "not run: the full build failed"
