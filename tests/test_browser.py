"""The site as a citizen uses it: headless Chromium (Debian's) on a phone-sized viewport.

The sample catalog is built with site_url pointing at a local server, so the QR code on a
page must decode to that very page's address. Any request to another host fails the test.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import playwright.sync_api as playwright_api
import pytest
import zxingcpp
from PIL import Image

from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from served import CHROMIUM_ARGS, served_build

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_catalog: Path) -> Iterator[tuple[str, Catalog]]:
    """Serve the sample site on 127.0.0.1; built with that address as its site_url."""
    with served_build(sample_catalog, tmp_path_factory.mktemp("browser")) as base:
        yield base, build_model(check_catalog(sample_catalog).sources)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A phone-sized page that refuses, and records, every request to another host."""
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


def _wait_until_search_ready(page) -> None:
    # Material shows 正在初始化搜索引擎 until its worker has the index; a query typed
    # before that is dropped, so wait for the ready prompt (键入以开始搜索).
    page.wait_for_function("(document.querySelector('.md-search-result__meta') || {}).textContent"
                           " === '键入以开始搜索'", timeout=20000)


def _type(field, text: str) -> None:
    # Chinese arrives as committed IME text without key events, and Material searches on
    # keyup; pressing End stands in for the key that ends the IME composition.
    field.fill(text)
    field.press("End")


def _search(page, base: str, query: str) -> list[str]:
    """Pages (not sections) Material's search lists for `query`, best first."""
    page.goto(base)
    page.locator("label.md-header__button[for='__search']").click()
    _wait_until_search_ready(page)
    _type(page.locator("input[data-md-component='search-query']"), query)
    page.wait_for_function("document.querySelectorAll('li.md-search-result__item').length > 0", timeout=20000)
    hrefs = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link",
                                      "els => els.map(e => e.href)")
    return list(dict.fromkeys(urlsplit(h).path.lstrip("/") for h in hrefs))


def test_search_in_chinese_finds_the_right_pages(site, phone) -> None:
    base, catalog = site
    assert _search(phone, base, "餐馆")[0] == "bundles/open-restaurant/"
    assert food_item(catalog).url_path in _search(phone, base, "食品经营")[:3]
    licensed = {i.url_path for i in catalog.items.values() if any(o.name == "营业执照" for o in i.outputs)}
    assert licensed and licensed & set(_search(phone, base, "营业执照")[:3])


def test_home_search_box_opens_the_search(site, phone) -> None:
    base, _ = site
    phone.goto(base)
    phone.locator("article .ow-search-button").click()
    _wait_until_search_ready(phone)
    query = phone.locator("input[data-md-component='search-query']")
    assert query.is_visible()
    _type(query, "餐馆")
    phone.wait_for_function("document.querySelectorAll('li.md-search-result__item').length > 0", timeout=20000)


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
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
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
