"""The citizens' search in Chromium at 375 px: their own words, typos, traditional characters,
an input method that commits text without any key event, and the bytes a phone pays.

PHRASINGS is this project's own test set: how people ask, each with the page that must be in
the top three. The catalog's `keywords` (俗称) are data, not these phrasings: most phrasings
below are not any keyword verbatim (filler characters, word order, typos, 繁體).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

RESTAURANT, HOTEL, PHARMACY = "bundles/open-restaurant/", "bundles/open-hotel/", "bundles/open-pharmacy/"
STORE, DISPATCH = "bundles/open-convenience-store/", "bundles/open-labour-dispatch/"
COMPANY, SOLE, FOOD, DRUGS = "999901001XK00101", "999901001XK00102", "999901001XK00201", "999901001XK00401"
PREPACKED, HYGIENE, FIRE, TOBACCO = "999901001QT00301", "999901002XK00101", "999901009XK00101", "999901005XK00101"
TRANSFER, ESTATE_QUERY, DRAIN, DEBRIS = "999901007QR00101", "999901007GG00201", "999901003XK00101", "999901003XK00201"
ADS, SOCIETY, HIRING, LABOUR, PLANNING = ("999901003XK00301", "999901006XK00101", "999901004GG00201",
                                          "999901004XK00101", "999901008XK00101")

PHRASINGS = [
    # colloquial
    ("开饭店", RESTAURANT), ("我想开个小饭馆", RESTAURANT), ("开个火锅店要办哪些手续", RESTAURANT),
    ("注册一家公司", COMPANY), ("办执照", COMPANY), ("营业执照怎么办", COMPANY), ("开公司", COMPANY),
    ("个体户营业执照", SOLE), ("摆地摊要办什么", SOLE), ("卖奶茶要什么证", FOOD),
    ("开药店", PHARMACY), ("药房许可", DRUGS), ("开宾馆", HOTEL), ("开民宿", HOTEL),
    ("理发店卫生许可", HYGIENE), ("美容院办卫生证", HYGIENE), ("开业前消防检查", FIRE), ("消防安全检查", FIRE),
    ("卖香烟要办证", TOBACCO), ("烟草证", TOBACCO), ("房子过户", TRANSFER), ("二手房过户", TRANSFER),
    ("房产赠与过户", TRANSFER), ("查房产信息", ESTATE_QUERY), ("不动产登记查询", ESTATE_QUERY),
    ("排水许可证", DRAIN), ("餐馆排污", DRAIN), ("装修垃圾清运", DEBRIS), ("渣土", DEBRIS),
    ("门头招牌", ADS), ("挂广告牌", ADS), ("成立协会", SOCIETY), ("招工登记", HIRING),
    ("新员工就业登记", HIRING), ("劳务派遣许可证", LABOUR), ("开劳务派遣公司", DISPATCH),
    ("规划许可证", PLANNING), ("盖房子规划", PLANNING), ("便利店卖零食备案", PREPACKED), ("开小卖部", STORE),
    ("预包装食品", PREPACKED), ("药品零售", DRUGS), ("户外广告审批", ADS), ("食品经营", FOOD),
    # typos (a wrong character, a homophone)
    ("营业执招", COMPANY), ("食品经营许咳", FOOD), ("公司注策", COMPANY), ("消访检查", FIRE),
    # traditional characters
    ("開餐廳", RESTAURANT), ("煙草專賣", TOBACCO), ("社團登記", SOCIETY), ("營業執照", COMPANY),
    ("房屋過戶", TRANSFER),
    # abbreviations, codes, full-width
    ("食品许可", FOOD), ("卫生许可", HYGIENE), ("999901001XK00201", FOOD), ("９９９９０１００１ＸＫ００２０１", FOOD),
]


def _url(target: str) -> str:
    return target if target.startswith("bundles/") else f"items/{target}/"


def _results(page) -> list[str]:
    page.wait_for_function("document.querySelector('#ow-search-results .ow-results__help')", timeout=20000)
    hrefs = page.eval_on_selector_all("#ow-search-results a[data-search-result]", "els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


def _ask(page, query: str) -> list[str]:
    page.evaluate("() => { const r = document.getElementById('ow-search-results'); r.hidden = true; r.replaceChildren(); }")
    page.locator("input.ow-search__input").fill(query)
    return _results(page)


def test_the_test_set_is_large_and_varied() -> None:
    assert len(PHRASINGS) >= 40
    assert len({q for q, _ in PHRASINGS}) == len(PHRASINGS)


def test_citizen_phrasings_find_their_page_in_the_top_three(site, phone) -> None:
    base, _ = site
    phone.goto(base)
    misses = []
    for query, target in PHRASINGS:
        top = _ask(phone, query)[:3]
        if _url(target) not in top:
            misses.append((query, target, top))
    assert misses == [], "\n".join(f"{q} → want {t}, got {top}" for q, t, top in misses)


def test_search_starts_on_compositionend_without_any_key_event(site, phone) -> None:
    """An input method: compositionstart/update, the text lands, compositionend — no keyup."""
    base, _ = site
    phone.goto(base)
    phone.evaluate("""() => {
        window.keyEvents = 0;
        for (const t of ['keydown', 'keyup', 'keypress']) document.addEventListener(t, () => window.keyEvents++, true);
        const input = document.querySelector('input.ow-search__input');
        input.focus();
        input.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        for (const partial of ['k', 'kai', '开', '开饭']) {
            input.value = partial;
            input.dispatchEvent(new CompositionEvent('compositionupdate', {data: partial}));
            input.dispatchEvent(new InputEvent('input', {data: partial, isComposing: true, inputType: 'insertCompositionText'}));
        }
        input.value = '开饭店';
        input.dispatchEvent(new CompositionEvent('compositionend', {data: '开饭店'}));
    }""")
    assert _results(phone)[0] == RESTAURANT
    assert phone.evaluate("window.keyEvents") == 0


def test_results_are_anchors_in_rank_order_and_reachable_from_the_address(site, phone) -> None:
    base, _ = site
    phone.goto(base + "?q=" + quote("办执照"))
    top = _results(phone)
    assert f"items/{COMPANY}/" in top[:3]
    assert phone.locator("input.ow-search__input").input_value() == "办执照"
    links = phone.locator("#ow-search-results a.md-search-result__link[data-search-result]")
    assert links.count() == len(top) > 0
    # Typing on the home page keeps the address in step, so a result list can be shared.
    assert _ask(phone, "开饭店")[0] == RESTAURANT
    assert "q=" + quote("开饭店") in phone.url


def test_a_query_without_result_suggests_bundles_and_the_hotline(site, phone) -> None:
    base, _ = site
    phone.goto(base + "?q=" + quote("火星移民签证"))
    assert _results(phone) == []
    help_box = phone.locator("#ow-search-results .ow-results__help")
    assert "没有找到" in help_box.inner_text()
    assert help_box.locator("a[href='tel:12345']").count() == 1
    assert help_box.locator("a[href$='/bundles/']").count() == 1


def test_the_editors_guide_is_not_in_the_citizens_search(site, phone) -> None:
    base, _ = site
    phone.goto(base)
    for query in ("字段说明", "小吃店", "营业执照"):
        assert not any(p.startswith("guide/") for p in _ask(phone, query)), query


def test_a_page_load_fetches_no_index_and_a_search_fetches_little(site, phone) -> None:
    base, _ = site
    fetched: list[str] = []
    phone.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    phone.goto(base + f"items/{FOOD}/", wait_until="networkidle")
    assert not any("/assets/search/" in p for p in fetched)
    phone.locator("input.ow-search__input").fill("开饭店")
    _results(phone)
    index = [p for p in fetched if "/assets/search/" in p]
    assert "/assets/search/meta.json" in index
    shards = [p for p in index if "/t/" in p]
    assert 0 < len(shards) <= 5  # one shard per token of the query, at most


_BOX = """() => {
  const input = document.querySelector('input.ow-search__input');
  const style = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const box = input.getBoundingClientRect();
  const header = document.querySelector('header.md-header').getBoundingClientRect();
  return {inHeader: !!input.closest('header.md-header'), text: ctx.measureText(input.placeholder).width, room,
          scroll: input.scrollWidth, client: input.clientWidth, visible: box.width > 0 && box.top >= header.top
          && box.bottom <= header.bottom && box.right <= innerWidth};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_box_sits_in_the_header_and_its_placeholder_fits(site, browser, width: int) -> None:
    from served import refuse_foreign

    base, _ = site
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    foreign = refuse_foreign(context)
    page = context.new_page()
    for path in ("", f"items/{FOOD}/", RESTAURANT):
        page.goto(base + path)
        box = page.evaluate(_BOX)
        assert box["inHeader"] and box["visible"], (width, path, box)
        assert box["text"] <= box["room"] and box["scroll"] <= box["client"], (width, path, box)
    # Search works from the bar: results open over the page; 收起 or a tap elsewhere closes them,
    # a tap on the box opens them again, Escape (which also empties a search field) closes them.
    field = page.locator("header input.ow-search__input")
    field.fill("开饭店")
    assert _results(page)[0] == RESTAURANT
    results = page.locator("#ow-search-results")
    assert results.is_visible()
    results.get_by_role("button", name="收起").click()
    assert results.is_hidden()
    field.click()
    assert results.is_visible()
    page.mouse.click(5, 795)  # below the results, on the page
    assert results.is_hidden()
    field.click()
    assert results.is_visible()
    field.press("Escape")
    assert results.is_hidden()
    context.close()
    assert foreign == []
