"""Shared fixtures: the sample catalog (the main fixture), small catalogs, one built site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CATALOG = ROOT / "catalog"
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_catalog() -> Path:
    return SAMPLE_CATALOG


@pytest.fixture
def copy_catalog(tmp_path: Path) -> Callable[[Path | str], Path]:
    """Copy a catalog (a path, or the name of a folder under tests/roots/) to a temp dir to modify."""

    def make(source: Path | str = SAMPLE_CATALOG) -> Path:
        src = ROOTS / source if isinstance(source, str) else source
        dest = tmp_path / "catalog"
        shutil.copytree(src, dest)
        return dest

    return make


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory):
    """The sample catalog built once per session: returns the BuildContext (build_dir, site_dir, site_url)."""
    from onewindow.build.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    result, ctx = build(SAMPLE_CATALOG, out / "build", out / "site", quiet=True)
    assert ctx is not None, "\n".join(map(str, result.errors))
    return ctx


def _under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Under CI a skipped test is a failure: the set-up installs every tool the suite needs
    (Chromium, axe-core, dot, pdftoppm), so a skip there means CI proved less than it claims."""
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI (CI=true), which counts as a failure: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """The same for a whole module skipped at import (pytest.importorskip, skip(allow_module_level))."""
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI (CI=true), which counts as a failure: {reason}"
