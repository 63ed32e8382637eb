"""The site as a citizen uses it: headless Chromium (Debian's) on a phone-sized viewport.

The sample catalog is built with site_url pointing at a local server, so the QR code on a
page must decode to that very page's address. Any request to another host fails the test.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from onewindow.catalog.model import Catalog

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def food_item(catalog: Catalog):
    return next(i for i in catalog.items.values() if i.name == "食品经营许可")


def test_item_page_fits_a_phone_and_opens_with_the_summary_card(site, phone) -> None:
    base, catalog = site
    phone.goto(base + food_item(catalog).url_path)
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= phone.evaluate("innerWidth")
    first = phone.evaluate("document.querySelector('article h1').nextElementSibling.className")
    assert first == "ow-card"
    card = phone.locator("article .ow-card").bounding_box()
    assert card is not None and card["y"] < PHONE["height"] / 2
    assert "到现场次数" in phone.locator("article .ow-card").inner_text()


def test_no_page_scrolls_sideways_on_a_phone(site, phone) -> None:
    base, catalog = site
    paths = ["", "items/", *(i.url_path for i in catalog.items.values()), *(b.url_path for b in catalog.bundles.values()),
             *(f"departments/{d}/" for d in catalog.departments), *(f"windows/{w.id}/" for w in catalog.windows.values())]
    wide = []
    for path in paths:
        phone.goto(base + path)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append((path, width))
    assert wide == []


def _search(page, base: str, query: str) -> list[str]:
    """Pages the site's search lists for `query`, best first (typed as committed IME text)."""
    page.goto(base)
    page.locator("input.ow-search__input").fill(query)
    page.wait_for_function("document.querySelector('#ow-search-results .ow-results__help')", timeout=20000)
    hrefs = page.eval_on_selector_all("#ow-search-results a[data-search-result]", "els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def test_search_in_chinese_finds_the_right_pages(site, phone) -> None:
    base, catalog = site
    assert _search(phone, base, "餐馆")[0] == "bundles/open-restaurant/"
    assert food_item(catalog).url_path in _search(phone, base, "食品经营")[:3]
    licensed = {i.url_path for i in catalog.items.values() if any(o.name == "营业执照" for o in i.outputs)}
    assert licensed and licensed & set(_search(phone, base, "营业执照")[:3])


def test_qr_code_on_the_page_decodes_to_the_page_itself(site, phone) -> None:
    base, catalog = site
    for obj in (food_item(catalog), catalog.bundles["open-restaurant"]):
        phone.goto(base + obj.url_path)
        qr = phone.locator("article .ow-qr img")
        qr.scroll_into_view_if_needed()
        image = Image.open(io.BytesIO(qr.screenshot()))
        decoded = zxingcpp.read_barcode(image)
        assert decoded is not None and decoded.text == phone.url == base + obj.url_path


def test_printing_an_item_page_leaves_out_navigation(site, phone) -> None:
    base, catalog = site
    phone.goto(base + food_item(catalog).url_path)
    phone.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".ow-search"):
        assert not phone.locator(selector).first.is_visible(), selector
    assert phone.locator("article .ow-card").is_visible()
    assert phone.locator("article .ow-qr img").is_visible()
    pdf = phone.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_pages_make_no_request_to_another_host(site, phone) -> None:
    base, catalog = site
    for path in ("", food_item(catalog).url_path, "bundles/open-restaurant/"):
        phone.goto(base + path, wait_until="networkidle")
    _search(phone, base, "餐馆")
    assert phone.foreign_requests == []


@pytest.mark.parametrize("which", ["home", "item", "bundle"])
def test_axe_finds_no_serious_accessibility_violation(site, phone, which: str) -> None:
    assert AXE.is_file(), "axe-core missing: run scripts/setup.sh (it vendors tests/vendor/axe.min.js)"
    base, catalog = site
    path = {"home": "", "item": food_item(catalog).url_path, "bundle": "bundles/open-restaurant/"}[which]
    phone.goto(base + path)
    phone.add_script_tag(path=str(AXE))
    violations = phone.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    assert violations == []


def test_phone_screenshots_for_review(site, browser, project_root: Path) -> None:
    base, catalog = site
    shots = project_root / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    for name, path in (("home", ""), ("item", food_item(catalog).url_path), ("bundle", "bundles/open-restaurant/")):
        page.goto(base + path, wait_until="networkidle")
        target = shots / f"{name}-375.png"
        page.screenshot(path=str(target), full_page=True)
        with Image.open(target) as image:
            assert image.width == PHONE["width"] and image.height >= PHONE["height"]
    context.close()
