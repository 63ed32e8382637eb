"""A district's mkdocs.yml over the packaged defaults, theme layering, and placeholder site URLs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onewindow.resources import DEFAULT_MKDOCS_YML, THEME_DIR
from onewindow.siteconfig import find_config, load_mkdocs_config, merged_settings, placeholder_host

ROOTS = Path(__file__).parent / "roots"


@pytest.mark.parametrize("url", [
    "https://zwfw.example.gov.cn/guide/", "https://example.com/", "http://www.example.org.cn/x/",
    "http://localhost:8000/", "http://127.0.0.1:8000/", "http://[::1]/", "http://10.0.0.5/guide/",
    "https://guide.test/", "https://intranet/", "https://zwfw.local/", "https://a.invalid/", "not a url",
])
def test_placeholder_hosts(url: str) -> None:
    assert placeholder_host(url) is not None


@pytest.mark.parametrize("url", [
    "https://zwfw.hangzhou.gov.cn/guide/", "https://www.zjzwfw.gov.cn/", "https://examples.gov.cn/",
    "https://myexample.com/", "https://xihu.gov.cn.",
])
def test_real_hosts(url: str) -> None:
    assert placeholder_host(url) is None


def test_district_settings_override_and_extra_css_is_appended(tmp_path: Path) -> None:
    own = tmp_path / "mkdocs.yml"
    own.write_text("site_name: 西湖区办事指南\ntheme:\n  palette:\n    scheme: slate\n"
                   "extra_css:\n  - assets/stylesheets/district.css\n", encoding="utf-8")
    merged = merged_settings(own)
    assert merged["site_name"] == "西湖区办事指南"
    assert merged["theme"]["name"] == "material" and merged["theme"]["palette"]["scheme"] == "slate"
    assert merged["theme"]["language"] == "zh"  # mappings merge key by key
    assert merged["extra_css"] == ["assets/stylesheets/onewindow.css", "assets/stylesheets/district.css"]
    assert merged["plugins"] == merged_settings(DEFAULT_MKDOCS_YML)["plugins"]


def test_custom_dir_comes_first_then_onewindow_then_material(tmp_path: Path) -> None:
    (tmp_path / "overrides").mkdir()
    (tmp_path / "docs").mkdir()
    own = tmp_path / "mkdocs.yml"
    own.write_text("site_name: x\ntheme:\n  custom_dir: overrides\n", encoding="utf-8")
    cfg = load_mkdocs_config(own, docs_dir=str(tmp_path / "docs"))
    dirs = cfg.theme.dirs
    assert dirs[0] == str(tmp_path / "overrides") and dirs[1] == str(THEME_DIR)
    assert "material" in dirs[2]


def test_find_config_looks_beside_the_catalog(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    assert find_config(tmp_path / "catalog") == DEFAULT_MKDOCS_YML
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert find_config(tmp_path / "catalog") == tmp_path / "mkdocs.yml"


def test_a_district_theme_override_builds_on_onewindow_theme(tmp_path: Path) -> None:
    """A district's main.html that extends onewindow's keeps the JSON-LD and adds its own part;
    its stylesheet is served next to onewindow's."""
    from onewindow.build.pipeline import build

    shutil.copytree(ROOTS / "minimal", tmp_path / "catalog")
    overrides = tmp_path / "overrides"
    (overrides / "assets" / "stylesheets").mkdir(parents=True)
    (overrides / "assets" / "stylesheets" / "district.css").write_text("body{}", encoding="utf-8")
    (overrides / "main.html").write_text(
        '{% extends "onewindow/main.html" %}\n{% block announce %}区县公告：窗口搬迁{% endblock %}\n',
        encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 区县办事指南\nsite_url: https://zwfw.xihu.gov.cn/\ntheme:\n  custom_dir: overrides\n"
        "extra_css:\n  - assets/stylesheets/district.css\n", encoding="utf-8")
    result, ctx = build(tmp_path / "catalog", tmp_path / "build", tmp_path / "site", quiet=True)
    assert ctx is not None, result.errors
    page = next((tmp_path / "site" / "items").glob("*/index.html")).read_text(encoding="utf-8")
    assert "区县公告：窗口搬迁" in page and "application/ld+json" in page
    assert "assets/stylesheets/onewindow.css" in page and "assets/stylesheets/district.css" in page
    assert (tmp_path / "site" / "assets" / "stylesheets" / "district.css").is_file()
    assert "https://zwfw.xihu.gov.cn/" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
