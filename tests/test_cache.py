"""Incremental builds: unchanged outputs are reused, a change rebuilds exactly what shows it."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from onewindow.build.cache import MANIFEST, file_hash
from onewindow.build.pipeline import build

FOOD = "999902000000XK00201"
HYGIENE = "999902000000XK00301"


def _build(catalog: Path, out: Path):
    result, ctx = build(catalog, out / "build", out / "site", quiet=True, site_url="https://example.gov.cn/")
    assert ctx is not None, [str(p) for p in result.errors]
    return ctx


def test_clean_build_renders_everything_and_writes_manifest(copy_catalog, tmp_path):
    ctx = _build(copy_catalog("minimal"), tmp_path)
    assert ctx.cache.reused == []
    assert f"docs/items/{FOOD}.md" in ctx.cache.rendered
    assert (tmp_path / "build" / MANIFEST).is_file()


def test_noop_rebuild_renders_nothing(copy_catalog, tmp_path):
    catalog = copy_catalog("minimal")
    first = _build(catalog, tmp_path)
    site_before = (tmp_path / "site" / "items" / FOOD / "index.html").read_bytes()
    second = _build(catalog, tmp_path)
    assert second.cache.rendered == []
    assert sorted(second.cache.reused) == sorted(first.cache.rendered)
    assert (tmp_path / "site" / "items" / FOOD / "index.html").read_bytes() == site_before


def test_material_rename_rebuilds_the_item_its_bundles_and_indexes_only(copy_catalog, tmp_path):
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path)
    record = next(catalog.glob(f"items/*/{FOOD}.yml"))
    text = record.read_text(encoding="utf-8")
    assert "食品安全管理制度文本\n" in text
    record.write_text(text.replace("食品安全管理制度文本\n", "食品安全管理制度文本（含进货查验记录制度）\n"),
                      encoding="utf-8")
    second = _build(catalog, tmp_path)

    window_id = _window_id(catalog, FOOD)
    assert sorted(second.cache.rendered) == sorted([
        f"docs/items/{FOOD}.md",  # the item's page
        f"checklists/{FOOD}.pdf",  # its intake checklist
        "docs/bundles/open-restaurant.md",  # the bundle listing its materials
        "checklists/bundle-open-restaurant.pdf",
        "docs/items/index.md",  # indexes listing it
        "docs/departments/scjg.md",
        f"docs/windows/{window_id}.md",
        f"opendata/items/{FOOD}.json",  # its open-data record (catalog.json is assembled from these)
        f"docs/desk/data/item-{FOOD}.js",  # the front desk's rows of the item and of its bundle
        "docs/desk/data/bundle-open-restaurant.js",
        "catalog.json",  # assembled from the records
        "site/",  # MkDocs itself has no incremental mode
    ])
    page = (tmp_path / "site" / "items" / FOOD / "index.html").read_text(encoding="utf-8")
    assert "含进货查验记录制度" in page
    # QR codes, flowcharts and the other items' documents were linked, not rendered again.
    assert f"docs/assets/qr/items/{FOOD}.svg" in second.cache.reused
    assert f"docs/assets/flowcharts/items/{FOOD}.svg" in second.cache.reused
    assert f"checklists/{HYGIENE}.pdf" in second.cache.reused


def test_deleted_item_loses_its_outputs(copy_catalog, tmp_path):
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path)
    assert (tmp_path / "site" / "items" / HYGIENE / "index.html").is_file()
    next(catalog.glob(f"items/*/{HYGIENE}.yml")).unlink()
    bundle = catalog / "bundles" / "open-restaurant.yml"
    lines = bundle.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if HYGIENE in line and "code:" in line)
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    bundle.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    _build(catalog, tmp_path)
    build_dir, site_dir = tmp_path / "build", tmp_path / "site"
    gone = [
        site_dir / "items" / HYGIENE,
        build_dir / "checklists" / f"{HYGIENE}.pdf",
        build_dir / "docs" / "items" / f"{HYGIENE}.md",
        build_dir / "docs" / "assets" / "qr" / "items" / f"{HYGIENE}.svg",
        build_dir / "docs" / "assets" / "flowcharts" / "items" / f"{HYGIENE}.svg",
    ]
    assert [p for p in gone if p.exists()] == []
    assert HYGIENE not in (build_dir / MANIFEST).read_text(encoding="utf-8")


def _window_id(catalog: Path, code: str) -> str:
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog

    return build_model(check_catalog(catalog).sources).items[code].window.id


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_one_item_edit_renders_only_its_pages_and_equals_a_clean_build(copy_catalog, tmp_path):
    """MkDocs renders just the pages whose Markdown changed into a verified copy of the last
    site; the result is byte for byte the site a clean build makes."""
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path / "incremental")
    site = tmp_path / "incremental" / "site"
    untouched = site / "items" / HYGIENE / "index.html"
    before = untouched.stat().st_ino
    record = next(catalog.glob(f"items/*/{FOOD}.yml"))
    record.write_text(record.read_text(encoding="utf-8").replace("食品安全管理制度文本\n", "食品安全管理制度（修订）\n"),
                      encoding="utf-8")
    _build(catalog, tmp_path / "incremental")
    _build(catalog, tmp_path / "clean")
    assert "食品安全管理制度（修订）" in (site / "items" / FOOD / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_ino == before  # kept from the last site, not rendered again
    assert _tree(site) == _tree(tmp_path / "clean" / "site")
    assert _tree(tmp_path / "incremental" / "build") == _tree(tmp_path / "clean" / "build")


def test_deleted_and_added_pages_after_a_partial_update_equal_a_clean_build(copy_catalog, tmp_path):
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path / "incremental")
    source = next(catalog.glob(f"items/*/{HYGIENE}.yml"))
    moved = source.with_name("999902000000XK00399.yml")
    moved.write_text(source.read_text(encoding="utf-8").replace(HYGIENE, "999902000000XK00399"), encoding="utf-8")
    source.unlink()
    bundle = catalog / "bundles" / "open-restaurant.yml"
    bundle.write_text(bundle.read_text(encoding="utf-8").replace(HYGIENE, "999902000000XK00399"), encoding="utf-8")
    _build(catalog, tmp_path / "incremental")
    _build(catalog, tmp_path / "clean")
    site = tmp_path / "incremental" / "site"
    assert not (site / "items" / HYGIENE).exists()
    assert _tree(site) == _tree(tmp_path / "clean" / "site")


def test_a_renamed_item_redraws_its_chart_and_its_bundles_chart_only(copy_catalog, tmp_path):
    """Charts are keyed on what they show: the name is on the item's chart and its bundle's."""
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path)
    record = next(catalog.glob(f"items/*/{FOOD}.yml"))
    text = record.read_text(encoding="utf-8")
    name = re.search(r"^name: *(.+)$", text, re.M).group(1).strip()
    record.write_text(text.replace(f"name: {name}", f"name: {name}（更名）", 1), encoding="utf-8")
    second = _build(catalog, tmp_path)
    charts = sorted(p for p in second.cache.rendered if p.startswith("docs/assets/flowcharts/"))
    assert charts == ["docs/assets/flowcharts/bundles/open-restaurant.svg", f"docs/assets/flowcharts/items/{FOOD}.svg"]
    svg = (tmp_path / "build" / "docs" / "assets" / "flowcharts" / "items" / f"{FOOD}.svg").read_text(encoding="utf-8")
    assert "更名" in svg


def test_a_file_memoised_by_the_hash_memo_is_hashed_again_once_rewritten(tmp_path):
    """The in-process hash memo (what keeps `serve` from re-reading every output) misses as
    soon as a file is written, even to the same size."""
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>one</p>")
    old = time.time() - 60
    os.utime(path, (old, old))  # settled: eligible for the memo
    assert file_hash(path) == hashlib.sha256(b"<p>one</p>").hexdigest()
    assert file_hash(path) == hashlib.sha256(b"<p>one</p>").hexdigest()  # from the memo
    with path.open("r+b") as f:  # same inode, same size
        f.write(b"<p>two</p>")
    assert file_hash(path) == hashlib.sha256(b"<p>two</p>").hexdigest()


def test_an_output_damaged_in_place_between_builds_of_one_process_is_rendered_again(copy_catalog, tmp_path):
    """What `serve` does: builds in one process. Outputs hashed (and memoised) by the first
    rebuild, then overwritten in place with bytes of the same length, are caught by the next."""
    catalog = copy_catalog("minimal")
    _build(catalog, tmp_path)
    old = time.time() - 60
    for path in (tmp_path / "build").rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    _build(catalog, tmp_path)  # verifies, and memoises, every reused output
    page = tmp_path / "build" / "docs" / "items" / f"{FOOD}.md"
    good = page.read_bytes()
    with page.open("r+b") as f:
        f.write(b"#" * 16)
    third = _build(catalog, tmp_path)
    assert f"docs/items/{FOOD}.md" in third.cache.rendered
    assert page.read_bytes() == good
