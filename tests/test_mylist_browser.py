"""我的清单, bundle application, sample forms and print, in Chromium at 375 px.

The answers live in the address; the list prints on one A4 page and a whole item page on at
most three (both read back from the PDF Chromium prints). Screenshots for review are written to
build/screenshots/.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from onewindow.render.pagedata import bundle_list, item_list

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

COMPANY, FOOD = "999901001XK00101", "999901001XK00201"


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(".ow-mylist__bring > li:not([hidden]) .ow-mylist__name",
                                     "els => els.map(e => e.textContent)")


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_every_item_that_asks_builds_the_list_from_its_answers(site, phone) -> None:
    base, catalog = site
    asking = [i for i in catalog.items.values() if item_list(i).asks]
    assert len(asking) >= 10
    for item in asking:
        ml = item_list(item)
        phone.goto(base + item.url_path)
        boxes = phone.locator(".ow-mylist input[name=c]")
        assert boxes.count() == len(ml.questions), item.code
        unconditional = [e.material.name for e in ml.bring if not e.question and
                         (not e.situations or not ml.situations or ml.situations[0].id in e.situations)]
        assert _shown(phone) == unconditional, item.code
        if ml.questions:
            q = ml.questions[-1]
            phone.locator(f".ow-mylist input[name=c][value='{q.id}']").check()
            wanted = {e.material.name for e in ml.bring if e.question == q.id}
            assert wanted <= set(_shown(phone)), item.code
            assert q.id in parse_qs(urlsplit(phone.url).query)["c"][0].split(","), item.code


def test_answers_in_the_address_reopen_the_same_list(site, phone) -> None:
    base, catalog = site
    item = catalog.items[COMPANY]
    phone.goto(base + item.url_path)
    assert "授权委托书" not in "".join(_shown(phone))
    phone.get_by_label("委托代理人办理").check()
    phone.get_by_label("住所为租赁房屋").check()
    shared = phone.url
    assert "c=" in shared
    listed = _shown(phone)
    assert any("委托书" in n for n in listed) and any("租赁" in n for n in listed)
    fresh = phone.context.new_page()
    fresh.goto(shared)
    assert _shown(fresh) == listed
    assert fresh.get_by_label("委托代理人办理").is_checked()
    # What the window fetches itself is one line, not cards to carry.
    fetched = fresh.locator(".ow-mylist__fetched").inner_text()
    assert "不用带" in fetched and "数据共享" in fetched
    fresh.close()


def test_situations_switch_the_list(site, phone) -> None:
    base, catalog = site
    transfer = next(i for i in catalog.items.values() if {s.name for s in i.situations} >= {"买卖", "赠与"})
    phone.goto(base + transfer.url_path)
    sale = set(_shown(phone))
    phone.get_by_label("赠与", exact=True).check()
    gift = set(_shown(phone))
    assert sale != gift and "s=" in phone.url


def test_the_list_prints_on_one_a4_page(site, phone) -> None:
    base, catalog = site
    for item in catalog.items.values():
        phone.goto(base + item.url_path + "?c=" + ",".join(q.id for q in item_list(item).questions))
        phone.evaluate("document.body.classList.add('ow-print-mylist')")
        phone.emulate_media(media="print")
        pdf = phone.pdf(format="A4", print_background=True)
        assert _pages(pdf) == 1, item.code
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "我的清单" in text and "受理条件" not in text
        phone.emulate_media(media="screen")


# What paper keeps whole, read in the print layout: headings (and bold-label paragraphs), table and
# definition-list rows, and every outside link with the address it prints after itself.
_PRINTED = """() => {
  const shown = e => e.getClientRects().length > 0;
  const flat = t => t.replace(/\\s+/g, "");
  const sel = ".md-typeset h2, .md-typeset h3, .md-typeset p:has(> strong:only-child)";
  const rows = [...document.querySelectorAll(".md-typeset tr, .md-typeset dl > div")].filter(shown).map(row => {
    const copy = row.cloneNode(true);
    copy.querySelectorAll("a[href^='http']").forEach(a => a.append("（" + a.getAttribute("href") + "）"));
    return flat(copy.textContent);
  });
  return {
    headings: [...document.querySelectorAll(sel)].filter(shown).map(e => flat(e.innerText)),
    rows,
    links: [...document.querySelectorAll(".md-typeset a[href^='http']")].filter(shown).map(a => a.getAttribute("href")),
  };
}"""


def _flat(text: str) -> str:
    return "".join(text.split())


def test_every_item_page_prints_on_at_most_three_pages_whole(site, phone) -> None:
    base, catalog = site
    counts, linked = {}, {}
    for item in catalog.items.values():
        phone.goto(base + item.url_path)
        phone.emulate_media(media="print")
        printed = phone.evaluate(_PRINTED)
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(phone.pdf(format="A4"))).pages]
        phone.emulate_media(media="screen")
        counts[item.code] = len(pages)
        flat = [_flat(t) for t in pages]
        for number, text in enumerate(pages[:-1], 1):  # no heading left alone at the foot of a page
            last = [line for line in text.splitlines() if line.strip()][-1]
            assert _flat(last) not in printed["headings"], (item.code, number, last)
        for row in printed["rows"]:  # a row is never split across two pages
            assert any(row in page for page in flat), (item.code, row)
        whole = "".join(flat)
        linked[item.code] = printed["links"]
        for href in printed["links"]:  # link targets are printed
            assert href in whole, (item.code, href)
        for ref in item.legal_basis:  # folded on screen, printed open
            assert _flat(ref.text) in whole, (item.code, ref.text)
        assert f"查看{len(item.legal_basis)}条法律依据" not in whole, item.code  # a screen control
    print(f"\nprinted A4 pages per item page: {sorted(counts.values())}")
    assert max(counts.values()) <= 3, counts
    assert catalog.items[FOOD].online.url in linked[FOOD]  # the check above covered its 去网上办理 link


def test_bundle_page_says_where_and_how_to_apply(site, phone) -> None:
    base, catalog = site
    bundle = catalog.bundles["open-restaurant"]
    phone.goto(base + bundle.url_path)
    apply = phone.locator("dl.ow-apply").inner_text()
    lead = bundle.lead_department
    assert lead is not None
    for fact in (lead.address, lead.hours, "窗口", "网上申请", "咨询电话"):
        assert fact in apply, fact
    assert "一次提交" in phone.locator(".ow-apply__once").inner_text()
    ml = bundle_list(bundle)
    assert phone.locator(".ow-mylist input[name=c]").count() == len(ml.questions) > 0
    before = len(_shown(phone))
    phone.get_by_label("委托代理人办理").check()
    assert len(_shown(phone)) > before


def test_sample_form_markers_sit_beside_the_answers_and_the_image_enlarges(site, phone) -> None:
    base, catalog = site
    phone.goto(base + catalog.items[COMPANY].url_path)
    figure = phone.locator(".ow-sample").first
    figure.scroll_into_view_if_needed()
    image = figure.locator("img").bounding_box()
    assert image is not None and image["width"] >= 500  # form text stays legible; the box scrolls
    for marker in figure.locator(".ow-marker").all():
        box = marker.bounding_box()
        assert box is not None and box["x"] + box["width"] <= image["x"] + 1  # left of the form, never on it
    link = figure.locator(".ow-sample__zoom a").first
    assert link.get_attribute("href").endswith(".svg")
    assert figure.locator(".ow-legend li").count() == figure.locator(".ow-marker").count()


def test_phone_screenshots_for_review(site, browser, project_root: Path) -> None:
    from PIL import Image

    base, catalog = site
    shots = project_root / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    views = [("home", "", None), ("item-top", catalog.items[FOOD].url_path, None),
             ("mylist", catalog.items[COMPANY].url_path + "?c=power-of-attorney", "#mylist"),
             ("bundle", "bundles/open-restaurant/", None),
             ("sample-form", catalog.items[COMPANY].url_path, ".ow-sample")]
    for name, path, anchor in views:
        page.goto(base + path, wait_until="networkidle")
        if anchor:
            page.locator(anchor).first.scroll_into_view_if_needed()
        target = shots / f"{name}-375.png"
        page.screenshot(path=str(target))
        with Image.open(target) as image:
            assert image.size == (375, 812)
    context.close()
