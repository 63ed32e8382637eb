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


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """A province tree: base/ (the minimal catalog) and districts/dongcheng/ (tests/roots/district)."""
    root = tmp_path / "province"
    shutil.copytree(ROOTS / "minimal", root / "base")
    district = root / "districts" / "dongcheng"
    shutil.copytree(ROOTS / "district", district)
    layer = district / "layer.yml"
    layer.write_text(layer.read_text(encoding="utf-8").replace("base: ../minimal", "base: ../../base"),
                     encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory):
    """The sample catalog built once per session: returns the BuildReport (build_dir, site_dir, site_url, cache)."""
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


PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, sample_catalog: Path):
    """The sample site served on 127.0.0.1 (built with that address as its site_url), and its model.

    Session-wide: every Chromium test module reads the same build.
    """
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog
    from served import served_build

    with served_build(sample_catalog, tmp_path_factory.mktemp("browser")) as base:
        yield base, build_model(check_catalog(sample_catalog).sources)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    from served import CHROMIUM_ARGS

    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page (375 px) that refuses, and records, every request to another host."""
    from urllib.parse import urlsplit

    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    foreign: list[str] = []

    def guard(route, request) -> None:
        if urlsplit(request.url).hostname in ("127.0.0.1", None) or request.url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.foreign_requests = foreign
    yield page
    context.close()
    assert foreign == [], f"requests left the site: {foreign}"
