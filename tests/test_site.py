"""The MkDocs site: every item has a page, nav stays small, nothing leaves the site,
a catalog with errors builds nothing, and MkDocs problems surface as errors."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from onewindow.build.pipeline import build
from onewindow.render import Output
from onewindow.render.site import SiteBuildError, navigation, run_mkdocs


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory, project_root: Path):
    out = tmp_path_factory.mktemp("site")
    result, ctx = build(project_root / "tests/roots/site-mini", out / "build", out / "site", quiet=True)
    assert ctx is not None, result.errors
    return ctx


def test_every_sample_item_has_its_page(built_sample, sample_catalog: Path) -> None:
    codes = sorted(p.stem for p in (sample_catalog / "items").rglob("*.yml"))
    assert len(codes) >= 16
    for code in codes:
        assert (built_sample.site_dir / "items" / code / "index.html").is_file(), code
    for bundle in (sample_catalog / "bundles").glob("*.yml"):
        assert (built_sample.site_dir / "bundles" / bundle.stem / "index.html").is_file()
    assert (built_sample.site_dir / "bundles" / "open-restaurant" / "index.html").is_file()
    assert json.loads((built_sample.site_dir / "catalog.json").read_text(encoding="utf-8"))["items"]


def test_catalog_with_errors_builds_nothing_and_keeps_the_previous_site(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    build_dir, site_dir = tmp_path / "out" / "build", tmp_path / "out" / "site"
    result, ctx = build(catalog_dir, build_dir, site_dir, quiet=True)
    assert ctx is not None
    before_site, before_build = tree_digest(site_dir), tree_digest(build_dir)
    record = catalog_dir / "items" / "scjg" / "999901000000XK00101.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["name"] = "食品经营许可（新办，已改）"
    data["time_limit"]["committed_days"] = 99  # more than the legal 20 days: an error
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result, ctx = build(catalog_dir, build_dir, site_dir, quiet=True)
    assert ctx is None and result.errors
    assert tree_digest(site_dir) == before_site and tree_digest(build_dir) == before_build
    # Nothing staged is left behind; beside the outputs only the lock and the check memo.
    assert sorted(p.name for p in site_dir.parent.iterdir()) == [
        ".build.onewindow-check-memo.json", ".onewindow-build.lock", "build", "site"]


def _nav_links(html: str) -> list[str]:
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    return re.findall(r'href="([^"]+)"', nav)


def test_navigation_lists_departments_windows_bundles_not_items(mini) -> None:
    html = (mini.site_dir / "index.html").read_text(encoding="utf-8")
    links = _nav_links(html)
    assert "departments/scjg/" in links and "windows/market-regulation/" in links
    assert "bundles/open-restaurant/" in links and "items/" in links
    assert not [link for link in links if re.match(r"items/[0-9A-Z]+/", link)]
    for label in ("一件事", "按窗口", "按部门", "全部事项"):
        assert label in html


def test_guide_section_joins_the_nav_when_the_guide_exists(mini, tmp_path: Path) -> None:
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog

    catalog = build_model(check_catalog(mini.catalog_dir).sources)
    assert {"办事人员编辑指南": "guide/index.md"} not in navigation(catalog, tmp_path)
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.md").write_text("# 编辑指南\n", encoding="utf-8")
    assert navigation(catalog, tmp_path)[-1] == {"办事人员编辑指南": "guide/index.md"}


def test_nothing_is_loaded_from_another_host(mini) -> None:
    external = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*?(?:href|src)="(?:https?:)?//', re.I)
    for html in mini.site_dir.rglob("*.html"):
        # rel=canonical names the page's public address; the browser does not fetch it.
        text = re.sub(r'<link rel="canonical"[^>]*>', "", html.read_text(encoding="utf-8"))
        assert not external.search(text), (html, external.search(text))
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for css in mini.site_dir.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css


def test_site_ships_its_own_search_index_and_no_single_big_one(mini) -> None:
    assert not (mini.site_dir / "search" / "search_index.json").exists()
    meta = json.loads((mini.site_dir / "assets" / "search" / "meta.json").read_text(encoding="utf-8"))
    assert meta["shards"] >= 1 and (mini.site_dir / "assets" / "search" / "t" / "0.json").is_file()
    assert (mini.site_dir / "assets" / "javascripts" / "search.js").is_file()


def test_mkdocs_warnings_become_a_site_build_error(tmp_path: Path, project_root: Path) -> None:
    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n[坏链接](missing.md)\n", encoding="utf-8")
    ctx = Output.fresh(tmp_path / "build", tmp_path / "site", "http://127.0.0.1/")
    with pytest.raises(SiteBuildError) as caught:
        run_mkdocs(ctx, [{"首页": "index.md"}])
    assert "missing.md" in str(caught.value) and "网站生成失败" in str(caught.value)


def test_theme_is_material_in_chinese_without_google_fonts(project_root: Path, tmp_path: Path) -> None:
    """The repository's district-style mkdocs.yml over the packaged defaults."""
    from onewindow.resources import THEME_DIR
    from onewindow.siteconfig import load_mkdocs_config

    cfg = load_mkdocs_config(project_root / "mkdocs.yml", docs_dir=str(tmp_path))
    assert cfg.theme.name == "material" and cfg.theme["language"] == "zh" and cfg.theme["font"] is False
    assert cfg.use_directory_urls and cfg.site_name == "示范市滨河区政务服务办事指南"
    assert cfg.theme.dirs[0] == str(THEME_DIR) and cfg.extra_css == ["assets/stylesheets/onewindow.css"]


def test_item_and_bundle_pages_offer_their_printable_checklist(built_sample) -> None:
    from pypdf import PdfReader

    site = built_sample.site_dir
    for page, pdf in (("items/999901001XK00201", "checklists/999901001XK00201.pdf"),
                      ("bundles/open-restaurant", "checklists/bundle-open-restaurant.pdf")):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="../../{pdf}" download' in html
        text = PdfReader(site / pdf).pages[0].extract_text()
        assert "收件" in text


def test_mkdocs_holds_one_page_body_at_a_time_and_writes_the_same_site(mini, tmp_path: Path, project_root: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Page bodies wait on disk between MkDocs' two passes: while a page goes into the theme,
    no other page's body or Markdown is in memory; and the site is byte for byte the one
    MkDocs writes holding every page."""
    from onewindow.render import site

    held: list[int] = []
    spill = site._PagesOnDisk

    class Probe(spill):
        def on_page_content(self, html, page, config, files):
            self.files = files
            return super().on_page_content(html, page, config, files)

        def on_page_context(self, context, page, config, nav):
            context = super().on_page_context(context, page, config, nav)
            pages = [f.page for f in self.files.documentation_pages() if f.page is not None]
            held.append(sum(1 for p in pages if p.content or p.markdown))
            assert all(p.title for p in pages if p.markdown is not None)  # titles outlive the bodies
            assert page.content  # its own body is back for the template
            return context

    Probe.on_page_content.mkdocs_priority = -100
    Probe.on_page_context.mkdocs_priority = 100
    monkeypatch.setattr(site, "_PagesOnDisk", Probe)
    out = tmp_path / "spilled"
    result, report = build(project_root / "tests/roots/site-mini", out / "build", out / "site", quiet=True)
    assert report is not None, result.errors
    assert len(held) >= 10 and set(held) == {1}
    assert tree_digest(out / "site") == tree_digest(mini.site_dir)

    class Keep(spill):  # MkDocs' own way: every body stays in memory
        def on_page_content(self, html, page, config, files):
            return html

    monkeypatch.setattr(site, "_PagesOnDisk", Keep)
    kept = tmp_path / "kept"
    result, report = build(project_root / "tests/roots/site-mini", kept / "build", kept / "site", quiet=True)
    assert report is not None
    assert tree_digest(kept / "site") == tree_digest(out / "site")
    assert not list(out.glob(".onewindow-pages-*")) and not list(kept.glob(".onewindow-pages-*"))


def test_after_a_build_the_check_result_keeps_item_codes_and_names_only(copy_catalog, tmp_path: Path) -> None:
    """The model is what renderers read; the records' data is not held through the build."""
    result, report = build(copy_catalog("site-mini"), tmp_path / "build", tmp_path / "site", quiet=True)
    assert report is not None
    items = result.sources.of_kind("item")
    assert items and all(set(f.data) == {"code", "name"} and f.data["code"] for f in items)
    page = (tmp_path / "site" / "items" / items[0].data["code"] / "index.html").read_text(encoding="utf-8")
    assert items[0].data["name"] in page
