"""Listing pages are split so no page grows with the catalog (site weight at 10,000 items)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from onewindow.build.pipeline import build
from onewindow.render import pages


def test_listings_split_into_linked_pages_listing_every_item_once(copy_catalog, tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    catalog = copy_catalog("minimal")
    result, ctx = build(catalog, tmp_path / "build", tmp_path / "site", quiet=True,
                        site_url="https://example.gov.cn/")
    assert ctx is not None, [str(p) for p in result.errors]
    site = tmp_path / "site"
    first = (site / "items" / "index.html").read_text(encoding="utf-8")
    second = (site / "items" / "page-2" / "index.html").read_text(encoding="utf-8")
    assert _pager_targets(first, "items/") == ["items/page-2/"] and 'aria-current="page">1<' in first
    assert _pager_targets(second, "items/page-2/") == ["items/"] and 'aria-current="page">2<' in second
    assert "每页 2 项" in first
    listed = [code for html in (first, second) for code in re.findall(r'class="ow-code">(\w+)<', html)]
    assert sorted(listed) == sorted(p.stem for p in catalog.glob("items/*/*.yml"))
    assert "共 3 个事项" in first and "共 3 个事项" in second
    # scjg has two items: one page, no pager
    dept = (site / "departments" / "scjg" / "index.html").read_text(encoding="utf-8")
    assert "ow-pager" not in dept and not (site / "departments" / "scjg-page-2").exists()


def _pager_targets(html: str, here: str) -> list[str]:
    """Site paths the pager links to, resolved from the page's own path."""
    nav = re.search(r'<nav class="ow-pager".*?</nav>', html, re.S)
    assert nav, "no pager"
    base = "https://site/"
    return [urljoin(base + here, href).removeprefix(base) for href in re.findall(r'href="([^"]+)"', nav.group())]


def test_paginate_names_pages_after_their_listing():
    items = list(range(5))
    split = pages.paginate("windows/business.md", items)  # type: ignore[arg-type]
    assert [md for md, _, _ in split] == ["windows/business.md"]
    assert [p.url for p in split[0][2]] == ["windows/business/"]
    assert pages.paginate("windows/business.md", [])[0][1] == []




def test_many_bundles_get_one_index_page_instead_of_nav_entries(copy_catalog, tmp_path, monkeypatch):
    from onewindow.render import site as site_target

    monkeypatch.setattr(site_target, "NAV_BUNDLES", 0)
    monkeypatch.setattr(pages, "HOME_BUNDLES", 0)
    result, ctx = build(copy_catalog("minimal"), tmp_path / "build", tmp_path / "site", quiet=True,
                        site_url="https://example.gov.cn/")
    assert ctx is not None, [str(p) for p in result.errors]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    assert 'href="bundles/"' in nav and "bundles/open-restaurant/" not in nav
    assert "查看全部 1 件一件事" in home
    index = (tmp_path / "site" / "bundles" / "index.html").read_text(encoding="utf-8")
    assert 'href="../bundles/open-restaurant/"' in index or 'href="open-restaurant/"' in index
