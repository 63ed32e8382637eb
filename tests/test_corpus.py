"""The hardening corpus: every broken or hostile catalog under tests/corpus/ goes through the
real CLI (`onewindow check --format json`) and must report exactly its expected codes and lines,
with no traceback and no payload executed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from corpus_kit import Case, load_cases, materialize

CASES = load_cases()
ONEWINDOW = Path(sys.executable).with_name("onewindow")


@dataclass
class Outcome:
    returncode: int
    problems: list[dict]
    stderr: str
    tmp: Path


def run_check(catalog: Path) -> tuple[int, list[dict], str]:
    proc = subprocess.run([str(ONEWINDOW), "check", catalog.name, "--format", "json"],
                          cwd=catalog.parent, capture_output=True, text=True, timeout=120)
    return proc.returncode, json.loads(proc.stdout or "[]"), proc.stderr


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Run every case once, a few at a time (each is a separate CLI process)."""

    def one(case: Case) -> tuple[str, Outcome]:
        tmp = tmp_path_factory.mktemp(case.name)
        code, problems, stderr = run_check(materialize(case, tmp))
        return case.name, Outcome(code, problems, stderr, tmp)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pool.map(one, CASES))


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    print(f"\nhardening corpus: {len(CASES)} broken or hostile catalogs")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    out = outcomes[case.name]
    assert "Traceback" not in out.stderr and "内部错误" not in out.stderr, out.stderr
    got = sorted((p["code"], p["file"].removeprefix("catalog/"), p["line"]) for p in out.problems)
    want = sorted((e["code"], e["file"], e["line"]) for e in case.expect)
    assert got == want, json.dumps(out.problems, ensure_ascii=False, indent=1)
    for problem in out.problems:
        assert problem["message"] and problem["line"] >= 1 and problem["file"]
    for expected in case.expect:
        if "hint" in expected:
            hints = [p["hint"] for p in out.problems if p["code"] == expected["code"]]
            assert any(expected["hint"] in h for h in hints), hints
    errors = [p for p in out.problems if p["severity"] == "error"]
    assert out.returncode == (1 if errors else 0)
    if case.marker:
        assert not Path(case.marker.replace("{tmp}", str(out.tmp))).exists(), "a payload ran"
