"""Generated pages: content of the item, bundle and listing pages, and hostile text kept inert."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from onewindow.build.pipeline import build
from onewindow.render.markup import md_text, relative, safe_href, title_text

FOOD = "999901000000XK00101"
SHOP = "999901000000QT00201"
HEALTH = "999901000000XK00301"
HOSTILE = "<script>alert(1)</script>{{ 7*7 }}[点我](javascript:alert(2))**粗体**</title>\"'&lt;b&gt;`code`"


class Page(HTMLParser):
    """Just enough of a DOM: text per tag, scripts, attributes, and elements in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.attrs.extend((tag, k, v or "") for k, v in attrs)
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source", "path"):
            self.stack.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self.stack and self.stack[-1] == "title":
            self.title += data
        elif "article" in self.stack:  # the page content, without nav, TOC or footer
            self.text.append(data)

    @property
    def body_text(self) -> str:
        """Text of the page content (the <article>)."""
        return "".join(self.text)


def load(site: Path, url_path: str) -> Page:
    return Page((site / url_path / "index.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory, project_root: Path):
    out = tmp_path_factory.mktemp("mini")
    result, ctx = build(project_root / "tests/roots/site-mini", out / "build", out / "site", quiet=True)
    assert ctx is not None, result.errors
    return ctx


def test_item_page_starts_with_the_summary_card(mini) -> None:
    md = (mini.docs_dir / "items" / f"{FOOD}.md").read_text(encoding="utf-8")
    body = md.split("\n---\n", 1)[1].lstrip()
    assert body.startswith("# 食品经营许可（新办）\n\n<section class=\"ow-card\"")
    page = load(mini.site_dir, f"items/{FOOD}")
    article = [t for t in page.tags if t[0] in ("h1", "section", "h2", "p", "ol", "div")]
    h1 = next(i for i, t in enumerate(article) if t[0] == "h1")
    assert article[h1 + 1] == ("section", {"class": "ow-card", "aria-label": "办事摘要"})


def test_item_page_shows_what_a_citizen_needs(mini) -> None:
    text = load(mini.site_dir, f"items/{FOOD}").body_text
    for expected in ("到现场次数", "1 次", "最多跑一次", "承诺 7 个工作日", "法定 20 个工作日", "不收费",
                     "可以网办（Ⅲ级）", "市场监管", "一楼A区9—12号窗口", "示范市滨河区市场监督管理局",
                     "食品经营许可申请书", "原件 1 份", "纸质或电子", "经营者名称与营业执照一致",
                     "免提交（数据共享获取）", "情形必要：经营场所为租赁房屋的", "容缺（5 个工作日内补齐）",
                     "看图填写", "与营业执照上的名称完全一致", "办理流程", "窗口受理", "迎宾路88号",
                     "周一至周五", "0000-87015301", "0000-12315", "《中华人民共和国食品安全法》第三十五条",
                     "只卖预包装食品也要办许可吗？", "生效日期", "2024-01-01", "最近更新", "我要开餐馆",
                     f"https://zwfw.example.gov.cn/guide/items/{FOOD}/"):
        assert expected in text, expected
    shop = load(mini.site_dir, f"items/{SHOP}").body_text
    assert "即办" in shop and "零跑" in shop and "0 次" in shop


def test_sample_markers_sit_beside_the_rows_the_callouts_say(mini) -> None:
    page = load(mini.site_dir, f"items/{FOOD}")
    markers = [a for tag, a in page.tags if tag == "span" and a.get("class") == "ow-marker"]
    # In the margin at the callout's height (never over the answer at its x), the row highlighted.
    assert [m["style"] for m in markers] == ["top: 24.00%;", "top: 37.00%;", "top: 85.00%;"]
    bands = [a for tag, a in page.tags if tag == "rect" and a.get("height") == "3.2"]
    assert [b["y"] for b in bands] == ["22.40", "35.40", "83.40"]
    images = [a["src"] for tag, a in page.tags if tag == "img"]
    sample = next(src for src in images if "food-application.svg" in src)
    assert (mini.site_dir / "items" / FOOD / sample).resolve().is_file()


def test_item_page_embeds_its_qr_code_and_flowchart(mini) -> None:
    page = load(mini.site_dir, f"items/{FOOD}")
    srcs = [a["src"] for tag, a in page.tags if tag == "img"]
    assert f"../../assets/qr/items/{FOOD}.svg" in srcs
    for src in srcs:
        assert (mini.site_dir / "items" / FOOD / src).resolve().is_file(), src
    assert (mini.docs_dir / "assets" / "flowcharts" / "items" / f"{FOOD}.svg").is_file()
    assert f"../../assets/flowcharts/items/{FOOD}.svg" in srcs
    bundle = load(mini.site_dir, "bundles/open-restaurant")
    assert "../../assets/flowcharts/bundles/open-restaurant.svg" in [a["src"] for t, a in bundle.tags if t == "img"]


def test_bundle_page_merges_common_materials_once(mini) -> None:
    page = load(mini.site_dir, "bundles/open-restaurant")
    text = page.body_text
    order = text[text.index("办理顺序"):]
    assert order.index("个体工商户设立登记") < order.index("食品经营许可（新办）") < order.index("公共场所卫生许可")
    common = text[text.index("共同材料（只交一次）"):text.index("各事项的专门材料")]
    assert common.count("居民身份证") == 1 and common.count("房屋租赁合同") == 1
    specific = text[text.index("各事项的专门材料"):]
    assert "房屋租赁合同" not in specific and "经营场所平面布局图" in specific


def test_bundle_page_shows_the_plan_figures(mini) -> None:
    from onewindow.catalog.plan import bundle_plan

    catalog_bundle = _model(mini).bundles["open-restaurant"]
    plan = bundle_plan(catalog_bundle)
    text = load(mini.site_dir, "bundles/open-restaurant").body_text
    assert f"最快 {plan.critical_days} 个工作日" in text
    assert f"逐个办理需 {plan.serial_days} 个工作日" in text
    assert f"{plan.saved_days} 个工作日" in text and f"{plan.visits} 次" in text


def _model(ctx):
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog

    return build_model(check_catalog(ctx.catalog_dir).sources)


def test_bundle_materials_key_on_register_entry_or_name(mini) -> None:
    plan = _model(mini).bundles["open-restaurant"].plan
    assert {c.name for c in plan.common} == {"房屋租赁合同", "居民身份证"}
    lease = next(c for c in plan.common if c.name == "房屋租赁合同")
    assert [use.item.code for use in lease.uses] == [FOOD, HEALTH]
    assert [len(m.materials) for m in plan.members] == [1, 2, 1]


def test_listing_pages_link_every_item(mini) -> None:
    listing = load(mini.site_dir, "items")
    links = {a["href"] for tag, a in listing.tags if tag == "a" and "href" in a}
    for code in (FOOD, SHOP, HEALTH):
        assert f"../items/{code}/" in links
        assert (mini.site_dir / "items" / code / "index.html").is_file()
    dept = load(mini.site_dir, "departments/scjg").body_text
    assert "食品经营许可（新办）" in dept and "个体工商户设立登记" in dept and "公共场所卫生许可" not in dept
    window = load(mini.site_dir, "windows/business-permits").body_text
    assert "公共场所卫生许可" in window and "食品经营许可（新办）" not in window
    home = load(mini.site_dir, "").body_text
    for text in ("我要开餐馆", "商事登记", "示范市滨河区卫生健康局", "全部事项"):
        assert text in home
    # The citizens' search box is in the header (the top bar) of every page, not in the content.
    for path in ("", "items", f"items/{FOOD}"):
        html = (mini.site_dir / path / "index.html").read_text(encoding="utf-8")
        header = html.split('<header class="md-header', 1)[1].split("</header>", 1)[0]
        assert 'class="ow-search"' in header and "搜索事项" in header, path
        assert 'class="ow-search"' not in html.split("<article", 1)[1], path


def test_pages_resolve_every_relative_link(mini) -> None:
    for html in mini.site_dir.rglob("index.html"):
        page = Page(html.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            target = attrs.get("href") if tag == "a" else attrs.get("src") if tag == "img" else None
            if not target or re.match(r"^(https?:|tel:|mailto:|#|data:)", target):
                continue
            path = (html.parent / target.split("#")[0].split("?")[0]).resolve()
            assert path.is_file() or (path / "index.html").is_file(), f"{html}: {target}"


def _git(cwd: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.gov.cn",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.gov.cn"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_item_page_shows_the_records_change_notes_never_commit_subjects(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    _git(catalog_dir, "init", "-q")
    _git(catalog_dir, "add", ".")
    _git(catalog_dir, "commit", "-qm", "Sample catalog: add the food licence", date="2024-01-05T10:00:00+08:00")
    record = catalog_dir / "items" / "scjg" / f"{FOOD}.yml"
    text = record.read_text(encoding="utf-8").replace("committed_days: 7", "committed_days: 5")
    record.write_text(text + "changes:\n  - {date: \"2024-03-01\", note: 新增告知承诺办理方式。}\n"
                      "  - {date: \"2024-06-18\", note: 承诺时限由7个工作日压缩为5个工作日。}\n", encoding="utf-8")
    _git(catalog_dir, "commit", "-qam", "fix(scjg): shorten committed days", date="2024-06-20T09:30:00+08:00")
    result, ctx = build(catalog_dir, tmp_path / "build", tmp_path / "site", quiet=True)
    assert ctx is not None, result.errors
    text = load(ctx.site_dir, f"items/{FOOD}").body_text
    history = text[text.index("变更记录"):]
    # Newest first, whatever order the editor wrote them in.
    assert history.index("2024-06-18 承诺时限由7个工作日压缩为5个工作日") < history.index("2024-03-01 新增告知承诺办理方式")
    assert "shorten" not in text and "Sample catalog" not in text
    assert re.search(r"最近更新\s*2024-06-20", text)  # the commit's date is still the page's date
    shop = load(ctx.site_dir, f"items/{SHOP}").body_text
    assert "变更记录" not in shop and re.search(r"最近更新\s*2024-01-05", shop)


def _poison(catalog_dir: Path) -> None:
    record = catalog_dir / "items" / "scjg" / f"{FOOD}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["name"] = "食品" + HOSTILE
    data["summary"] = HOSTILE
    data["conditions"][0]["text"] = "条件" + HOSTILE
    data["materials"][0]["name"] = "申请书" + HOSTILE
    data["materials"][0]["review_points"] = ["要点" + HOSTILE]
    data["materials"][0]["sample"]["alt"] = HOSTILE
    data["materials"][0]["sample"]["callouts"][0]["text"] = HOSTILE
    data["faq"][0] = {"q": "问" + HOSTILE, "a": "答\n\n<div>" + HOSTILE}
    record.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    dept = catalog_dir / "departments" / "scjg.yml"
    data = yaml.safe_load(dept.read_text(encoding="utf-8"))
    data["name"] = "市场监管局" + HOSTILE
    data["hours"] = "周一" + HOSTILE
    dept.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    bundle = catalog_dir / "bundles" / "open-restaurant.yml"
    data = yaml.safe_load(bundle.read_text(encoding="utf-8"))
    data["name"] = "开餐馆" + HOSTILE
    data["summary"] = HOSTILE
    bundle.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_hostile_catalog_text_renders_as_inert_text(copy_catalog, tmp_path: Path) -> None:
    catalog_dir = copy_catalog("site-mini")
    _poison(catalog_dir)
    result, ctx = build(catalog_dir, tmp_path / "build", tmp_path / "site", quiet=True)
    assert ctx is not None, result.errors
    for url in (f"items/{FOOD}", "bundles/open-restaurant", "departments/scjg", "", "items", "windows/market-regulation"):
        page = load(ctx.site_dir, url)
        for attrs, code in page.scripts:
            assert "alert" not in code or attrs.get("type") == "application/ld+json", (url, code[:200])
            if attrs.get("type") == "application/ld+json":
                assert json.loads(code)["name"].startswith("食品<script>")
        for tag, name, value in page.attrs:
            assert not value.strip().lower().startswith("javascript:"), (url, tag, name)
            assert not name.startswith("on"), (url, tag, name)
        assert not any(tag in ("strong", "code") and "粗体" in str(a) for tag, a in page.tags)
        raw_title = re.search(r"<title>(.*?)</title>", (ctx.site_dir / url / "index.html").read_text(encoding="utf-8"), re.S)
        assert raw_title and "<" not in raw_title.group(1) and "49" not in page.title
    item = load(ctx.site_dir, f"items/{FOOD}")
    assert "<script>alert(1)</script>{{ 7*7 }}[点我](javascript:alert(2))**粗体**" in item.body_text
    assert "&lt;b&gt;" in item.body_text  # an entity in the source is shown, not interpreted
    strong = [t for t, _ in item.tags if t == "strong"]
    assert strong, "the page still has its own markup"
    assert "<div>" + "<script>alert(1)</script>" in item.body_text  # FAQ answer with a blank line stays in its block


def test_escaping_helpers() -> None:
    assert md_text("a*b_[c](d)#") == r"a\*b\_\[c\]\(d\)\#"
    assert title_text('<b>"x"</b> & y') == "＜b＞＂x＂＜/b＞ &amp; y"
    assert safe_href("javascript:alert(1)") == "#" and safe_href("https://a.example/x") == "https://a.example/x"
    assert relative("items/X/", "bundles/b/") == "../../bundles/b/"
    assert relative("", "items/") == "items/" and relative("", "") == "./" and relative("items/", "") == "../"


def test_item_page_shows_refusal_remedy_and_quantity(mini) -> None:
    """The guide elements provincial lists require (issue #16), read back from the built page."""
    text = load(mini.site_dir, f"items/{FOOD}").body_text
    for expected in ("数量限制：无数量限制", "不予受理和不予许可的情形", "不予许可",
                     "申请人不符合本指南“受理条件”所列任何一项的", "《中华人民共和国行政许可法》第三十八条",
                     "救济途径", "行政复议", "自知道或者应当知道该行政行为之日起60日内向示范市滨河区人民政府申请",
                     "行政诉讼", "6个月内向示范市滨河区人民法院提起"):
        assert expected in text, expected
    shop = load(mini.site_dir, f"items/{SHOP}").body_text
    assert "救济途径" not in shop  # only items that state a remedy show the section


def test_item_page_shows_the_scope_and_links_the_licence_sample(mini) -> None:
    """通办范围 in the summary card and the 证照样本 as a link to the published image (issue #16)."""
    page = load(mini.site_dir, f"items/{FOOD}")
    text = page.body_text
    assert "通办范围全区通办" in text.replace(" ", "") and "查看样本" in text
    hrefs = [a["href"] for tag, a in page.tags if tag == "a" and (a.get("href") or "").endswith("licence-sample.svg")]
    assert len(hrefs) == 1
    published = (mini.site_dir / "items" / FOOD / hrefs[0]).resolve()
    assert published.is_file() and "样 本" in published.read_text(encoding="utf-8")


def test_sample_pages_show_item_hours_phones_and_every_licence_sample(built_sample) -> None:
    """The real sample catalog, built: an item's own hours and phone replace its department's on
    the page, and every 行政许可 licence page links a 证照样本 the site publishes."""
    from onewindow.catalog.loader import load_catalog
    from onewindow.catalog.model import build_model

    catalog = build_model(load_catalog(built_sample.catalog_dir)[0])
    query = load(built_sample.site_dir, "items/999901007GG00201").body_text
    assert "自助查询机24小时可用" in query and "0000-87015910" in query
    assert catalog.departments["bdc"].hours not in query
    for item in catalog.items.values():
        for output in item.outputs:
            if item.type == "行政许可" and output.type == "证照":
                page = load(built_sample.site_dir, f"items/{item.code}")
                hrefs = [a["href"] for tag, a in page.tags if tag == "a" and (a.get("href") or "").endswith(output.sample)]
                assert hrefs, (item.code, output.sample)
                assert (built_sample.site_dir / "items" / item.code / hrefs[0]).resolve().is_file()
