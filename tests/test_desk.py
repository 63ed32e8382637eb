"""The front desk (site/desk/) as a clerk uses it: headless Chromium at desk sizes, driving the
real page built from the sample catalog; printed to PDF and read back with pypdf.

The printed notice must say what `onewindow notice` says for the same request: both come from
onewindow.render.intake, and the last test compares the two PDFs sentence by sentence.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest

from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from onewindow.render.intake import (
    WORDING,
    bundle_subject,
    deferral_text,
    intro_text,
    item_subject,
    resolve_request,
    section_titles,
)
from onewindow.render.pdf.notice import write_notice
from pdf_helpers import squash
from served import refuse_foreign, served_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")

SIZES = {"1280x800": {"width": 1280, "height": 800}, "1024x768": {"width": 1024, "height": 768}}
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
FOOD = "999901001XK00201"  # 食品经营许可: situations, 容缺 and conditional materials, a shared licence
NUMBER = re.compile(r"编号：(\S+-\d{8}-\d{3})")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, sample_catalog: Path) -> Iterator[tuple[str, Catalog, Path]]:
    out = tmp_path_factory.mktemp("desk")
    with served_build(sample_catalog, out) as base:
        yield base, build_model(check_catalog(sample_catalog).sources), out / "site"


# The browser is the session's one Chromium (tests/conftest.py): a second sync Playwright
# in the same process fails once another module's has started.


def open_page(browser, size: dict[str, int]):
    """A desk-sized page that refuses, and records, every request to another host."""
    context = browser.new_context(viewport=size, locale="zh-CN")
    foreign = refuse_foreign(context)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.foreign, page.errors = foreign, errors
    return context, page


@pytest.fixture(params=list(SIZES))
def clerk(request, browser) -> Iterator[object]:
    context, page = open_page(browser, SIZES[request.param])
    page.size_name = request.param
    yield page
    context.close()
    assert page.foreign == [], f"requests left the site: {page.foreign}"
    assert page.errors == [], page.errors


@pytest.fixture
def wide(browser) -> Iterator[object]:
    context, page = open_page(browser, SIZES["1280x800"])
    yield page
    context.close()
    assert page.foreign == [] and page.errors == [], (page.foreign, page.errors)


def shots(project_root: Path) -> Path:
    folder = project_root / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def print_pdf(page, tmp_path: Path, name: str) -> tuple[int, str]:
    """The page printed on A4 by Chromium: number of pages and the text without whitespace."""
    data = page.pdf(format="A4", prefer_css_page_size=True)
    (tmp_path / f"{name}.pdf").write_bytes(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), squash("".join(p.extract_text() or "" for p in reader.pages))


def row(page, name: str):
    """The intake row of a material, by its exact name."""
    return page.locator("tr.row", has=page.locator(".name", has_text=re.compile(f"^{re.escape(name)}$")))


def mark(page, name: str, status: str, reason: str = "") -> None:
    label = {"received": "已收到", "missing": "缺少", "defective": "需补正"}[status]
    target = row(page, name)
    assert target.count() == 1, f"{name}: {target.count()} rows"
    target.get_by_label(label, exact=True).check()
    if reason:
        target.get_by_label("问题").fill(reason)


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_item_intake_prints_a_one_page_notice(desk, clerk, tmp_path: Path, project_root: Path) -> None:
    base, catalog, _ = desk
    food = catalog.items[FOOD]
    by_id = {m.id: m for m in food.materials}
    clerk.goto(base + "desk/")
    clerk.keyboard.press("/")
    clerk.keyboard.type("食品经营")
    clerk.wait_for_selector("#results li[aria-selected=true]")
    assert clerk.locator("#results li").first.locator(".result-name").inner_text() == food.name
    assert not clerk.locator("#document").is_visible() and not clerk.locator("#intake").is_visible()
    if clerk.size_name == "1280x800":
        clerk.screenshot(path=str(shots(project_root) / "desk-search.png"))
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#intake:not([hidden])")
    assert params(clerk)["item"] == [FOOD]
    assert clerk.locator("#subject-title").inner_text() == food.name
    assert not clerk.locator("#document").is_visible()
    clerk.get_by_label("新办", exact=True).check()
    assert params(clerk)["situation"] == ["xinban"]
    # Only the materials of the chosen situation, and the shared licence as fetched by the window.
    shown = set(clerk.locator("tr.row .name").all_inner_texts())
    expected = {m.name for m in food.materials if not m.shared and (not m.situations or "xinban" in m.situations)}
    assert shown == expected
    assert by_id["business-license"].name in clerk.locator("#fetched").inner_text()
    secondary = [m for m in food.materials if m.secondary and m.name in shown]
    assert secondary and "个工作日内补齐" in row(clerk, secondary[0].name).inner_text()
    assert by_id["application-form"].review_points[0] in row(clerk, by_id["application-form"].name).inner_text()
    clerk.get_by_label("申请人（姓名或单位名称）").fill("示范市滨河小馆餐饮有限公司")
    mark(clerk, by_id["application-form"].name, "received")
    mark(clerk, by_id["layout-and-process"].name, "missing")
    mark(clerk, secondary[0].name, "missing")
    mark(clerk, by_id["legal-representative-id"].name, "defective", "身份证已过期")
    assert clerk.locator("#to-receipt").is_disabled()  # a main document is missing
    if clerk.size_name == "1280x800":
        clerk.screenshot(path=str(shots(project_root) / "desk-ticking.png"))
    q = params(clerk)
    assert q["missing"] == [f"layout-and-process,{secondary[0].id}"]
    assert q["defective"] == ["legal-representative-id:身份证已过期"] and q["received"] == ["application-form"]
    clerk.locator("#to-notice").click()
    clerk.wait_for_selector("#document:not([hidden])")
    assert params(clerk)["view"] == ["notice"]
    assert not clerk.locator("#intake").is_visible() and not clerk.locator("#find").is_visible()
    pages, text = print_pdf(clerk, tmp_path, "notice")
    assert pages == 1
    number = params(clerk)["no"][0]
    assert re.fullmatch(r"[0-9A-Za-z\u4e00-\u9fff_-]+-\d{8}-\d{3}", number)
    for expected_text in ("一次性告知书", f"编号：{number}", "示范市滨河小馆餐饮有限公司：", food.name, FOOD,
                          by_id["layout-and-process"].name, secondary[0].name, by_id["legal-representative-id"].name,
                          "身份证已过期", "告知人（窗口工作人员）", "（受理窗口盖章）", "行政许可法》第三十二条",
                          food.department.address, food.enquiry_phone):
        assert squash(expected_text) in text, expected_text
    assert squash(by_id["application-form"].name) not in text  # received: not on the notice
    if clerk.size_name == "1280x800":
        clerk.screenshot(path=str(shots(project_root) / "desk-notice.png"), full_page=True)


def test_the_url_holds_the_whole_intake(desk, wide) -> None:
    base, catalog, _ = desk
    food = catalog.items[FOOD]
    link = (base + f"desk/?item={FOOD}&situation=xinban&received=application-form"
            "&missing=layout-and-process&defective=legal-representative-id:%E5%B7%B2%E8%BF%87%E6%9C%9F")
    wide.goto(link)
    wide.wait_for_selector("#intake:not([hidden])")
    checked = {r: wide.locator(f"tr.row[data-id='{r}'] input[type=radio]:checked").get_attribute("value")
               for r in ("application-form", "layout-and-process", "legal-representative-id")}
    assert checked == {"application-form": "received", "layout-and-process": "missing",
                       "legal-representative-id": "defective"}
    assert wide.locator("tr.row[data-id='legal-representative-id'] input[type=text]").input_value() == "已过期"
    assert wide.get_by_label("新办", exact=True).is_checked()
    wide.locator("#to-notice").click()
    wide.wait_for_selector("#document:not([hidden])")
    notice_url = wide.url
    number = params(wide)["no"][0]
    wide.reload()
    wide.wait_for_selector("#document:not([hidden])")
    assert wide.url == notice_url and f"编号：{number}" in wide.locator("#paper").inner_text()
    wide.go_back()
    wide.wait_for_selector("#intake:not([hidden])")
    assert "view" not in params(wide)
    assert wide.locator("tr.row[data-id='layout-and-process'] input[value=missing]").is_checked()
    wide.go_forward()
    wide.wait_for_selector("#document:not([hidden])")
    assert f"编号：{number}" in wide.locator("#paper").inner_text()
    # A link without a number is a new notice: it gets the next number of this desk.
    wide.goto(base + f"desk/?item={FOOD}&missing=layout-and-process,application-form&view=notice")
    wide.wait_for_selector("#document:not([hidden])")
    paper = wide.locator("#paper").inner_text()
    assert food.name in paper and "与食品经营相适应的主要设备设施布局图和操作流程文件" in paper
    assert "食品经营许可申请书" in paper
    second = params(wide)["no"][0]
    assert second != number and second.rsplit("-", 1)[0] == number.rsplit("-", 1)[0]
    assert int(second.rsplit("-", 1)[1]) == int(number.rsplit("-", 1)[1]) + 1
    # Ids the item does not have, or a fetched material, are dropped instead of printed.
    wide.goto(base + f"desk/?item={FOOD}&missing=nope,business-license")
    wide.wait_for_selector("#intake:not([hidden])")
    assert wide.locator("#to-notice").is_disabled()


def test_bundle_notice_lists_common_materials_once(desk, clerk, tmp_path: Path) -> None:
    base, catalog, _ = desk
    bundle = catalog.bundles["open-restaurant"]
    subject = bundle_subject(bundle)
    common = [r for r in subject.common if not r.shared]
    own = [r for _, _, rows in subject.own for r in rows if not r.shared]
    clerk.goto(base + "desk/?bundle=open-restaurant")
    clerk.wait_for_selector("#intake:not([hidden])")
    names = clerk.locator("tr.row .name").all_inner_texts()
    assert len(names) == len(common) + len(own)
    for r in common:
        assert names.count(r.name) == 1, r.name
    captions = " ".join(clerk.locator("table.rows caption").all_inner_texts())
    for member in bundle.members:
        if any(r.member == member.item.code for r in own):
            assert member.item.name in captions
    missing = [common[0], own[0], own[-1]]
    for r in missing:
        clerk.locator(f"tr.row[data-id='{r.id}']").get_by_label("缺少", exact=True).check()
    clerk.locator(f"tr.row[data-id='{own[1].id}']").get_by_label("需补正", exact=True).check()
    clerk.locator(f"tr.row[data-id='{own[1].id}']").get_by_label("问题").fill("未签字")
    clerk.locator("#to-notice").click()
    clerk.wait_for_selector("#document:not([hidden])")
    pages, text = print_pdf(clerk, tmp_path, "bundle-notice")
    assert pages == 1
    assert squash(bundle.name) in text and squash("未签字") in text
    for r in [*missing, own[1]]:
        assert squash(r.name) in text, r.name
    assert f"编号：{params(clerk)['no'][0]}" in text


def test_ten_missing_materials_print_on_one_page(desk, wide, tmp_path: Path) -> None:
    """The longest ten documents of the restaurant bundle missing: still one A4 page, signature included."""
    base, catalog, _ = desk
    subject = bundle_subject(catalog.bundles["open-restaurant"])
    rows = sorted((r for r in subject.rows if not r.shared),
                  key=lambda r: -len(r.name + r.requirement + r.source + "".join(r.notes) + "".join(r.points)))[:10]
    wide.goto(base + f"desk/?bundle=open-restaurant&missing={','.join(r.id for r in rows)}&view=notice")
    wide.wait_for_selector("#document:not([hidden])")
    pages, text = print_pdf(wide, tmp_path, "ten")
    assert pages == 1
    for expected in (*(r.name for r in rows), f"编号：{params(wide)['no'][0]}", WORDING["stamp"], WORDING["sign_applicant"]):
        assert squash(expected) in text, expected


def test_keyboard_only_intake_of_the_restaurant_bundle(desk, browser, tmp_path: Path, project_root: Path) -> None:
    """Find 我要开餐馆, type the applicant, tick every row, leave one 容缺 material missing and
    print the receipt: nothing but the keyboard."""
    base, catalog, _ = desk
    subject = bundle_subject(catalog.bundles["open-restaurant"])
    assert len(subject.own) == 5
    context, page = open_page(browser, SIZES["1024x768"])
    kb = page.keyboard
    page.goto(base + "desk/")
    kb.press("/")
    kb.type("开餐馆")
    page.wait_for_selector("#results li[aria-selected=true][data-key=open-restaurant]")
    kb.press("Enter")
    page.wait_for_selector("#intake:not([hidden])")
    assert page.evaluate("document.activeElement.type") == "radio"
    kb.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "applicant"
    kb.type("示范市滨河小馆餐饮有限公司")
    kb.press("Tab")
    rows = [r for r in (*subject.common, *(r for _, _, rows in subject.own for r in rows)) if not r.shared]
    later = next(r for r in rows if r.secondary)
    for r in rows:
        focused = page.evaluate("document.activeElement.dataset.row")
        assert focused == r.id
        kb.press("ArrowRight" if r.id == later.id else "Space")  # → 缺少, or tick 已收到
        kb.press("Tab")
    kb.press("Tab")  # past 其余全部标为已收到 and 出具一次性告知书 to 出具受理回执
    kb.press("Tab")
    assert page.evaluate("document.activeElement.id") == "to-receipt"
    kb.press("Enter")
    page.wait_for_selector("#document:not([hidden])")
    q = params(page)
    assert q["view"] == ["receipt"] and q["missing"] == [later.id]
    assert len(q["received"][0].split(",")) == len(rows) - 1
    pages, text = print_pdf(page, tmp_path, "receipt")
    assert pages == 1
    for expected in ("受理回执", f"编号：{q['no'][0]}", "示范市滨河小馆餐饮有限公司：", "我要开餐馆",
                     WORDING["later_line"].format(name=later.name, days=later.supply_days)):
        assert squash(expected) in text, expected
    page.screenshot(path=str(shots(project_root) / "desk-receipt.png"), full_page=True)
    context.close()
    assert page.foreign == [] and page.errors == [], (page.foreign, page.errors)


def test_desk_works_from_the_file_system(desk, wide) -> None:
    """No server in the hall: the page opened as a file still finds items and loads their rows."""
    _, catalog, site = desk
    wide.goto((site / "desk" / "index.html").as_uri() + f"?item={FOOD}&missing=layout-and-process&view=notice")
    wide.wait_for_selector("#document:not([hidden])")
    assert catalog.items[FOOD].name in wide.locator("#paper").inner_text()


@pytest.mark.parametrize("view", ["search", "intake", "notice"])
def test_axe_finds_no_serious_violation(desk, wide, view: str) -> None:
    base, _, _ = desk
    path = {"search": "desk/", "intake": f"desk/?item={FOOD}&situation=xinban&defective=application-form:x",
            "notice": f"desk/?item={FOOD}&missing=layout-and-process&view=notice"}[view]
    wide.goto(base + path)
    if view == "search":
        wide.locator("#q").fill("许可")
    wide.add_script_tag(path=str(AXE))
    violations = wide.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    assert violations == []


def test_desk_and_cli_print_the_same_notice(desk, wide, tmp_path: Path) -> None:
    """Same request, same number, same date: the desk's PDF and `onewindow notice`'s PDF carry the
    same sentences, rows and office facts (layout aside), each on one page."""
    base, catalog, _ = desk
    subject = item_subject(catalog.items[FOOD])
    missing, defective = ["layout-and-process", "food-safety-rules"], [("application-form", "未加盖公章")]
    wide.goto(base + f"desk/?item={FOOD}&missing={','.join(missing)}&defective=application-form:未加盖公章"
              "&applicant=张三&view=notice")
    wide.wait_for_selector("#document:not([hidden])")
    number, date = params(wide)["no"][0], datetime.date.fromisoformat(params(wide)["date"][0])
    pages, desk_text = print_pdf(wide, tmp_path, "desk")
    request = resolve_request(subject, missing, defective, date, "张三", number)
    cli_pdf = write_notice(subject, base + subject.url_path, tmp_path / "cli.pdf", request)
    cli_pages = pypdf.PdfReader(cli_pdf).pages
    cli_text = squash("".join(p.extract_text() or "" for p in cli_pages))
    assert pages == 1 and len(cli_pages) == 1
    sentences = [WORDING["notice_title"], WORDING["number"].format(number=number), "张三：", intro_text(subject, request),
                 *section_titles(request), *deferral_text(request), WORDING["closing"], WORDING["sign_clerk"],
                 WORDING["sign_applicant"], WORDING["stamp"], *(f"{k}{v}" for k, v in subject.office),
                 *(x for r in request.missing for x in (r.name, r.requirement, r.source, *r.notes)),
                 *(x for r, reason in request.defective for x in (r.name, reason, r.requirement, *r.notes))]
    sentences += WORDING["missing_head"].split("|") + WORDING["defect_head"].split("|")
    for sentence in sentences:
        assert squash(sentence) in desk_text, f"desk: {sentence}"
        assert squash(sentence) in cli_text, f"cli: {sentence}"
