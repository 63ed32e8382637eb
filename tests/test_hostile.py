"""Hostile text through every output: tests/roots/hostile is a valid catalog whose free-text
fields carry HTML, javascript:, Markdown, template, DOT and ReportLab payloads. It is built for
real, and every output is read back: the site's HTML (parsed, and loaded in headless Chromium),
the SVGs (parsed as XML), the PDFs (text extracted), catalog.json and the JSON-LD.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest

from hostile_payloads import PAYLOADS
from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from served import served_build

pytestmark = pytest.mark.slow  # builds the hostile catalog's whole site

HOSTILE = Path(__file__).parent / "roots" / "hostile"
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
# Elements a payload tries to create; none of them is part of the site's own pages.
INJECTED_TAGS = {"iframe", "object", "embed", "font", "para", "base", "marquee", "frame", "applet"}
# Non-executable data blocks the site itself writes (search config, schema.org JSON-LD).
DATA_SCRIPTS = {"application/json", "application/ld+json"}


def squash(text: str) -> str:
    """Compare text across outputs that wrap lines (PDF, SVG labels): drop all whitespace, and
    the invisible format characters (bidi overrides) that the flowcharts drop on purpose."""
    return "".join(ch for ch in re.sub(r"\s+", "", text) if unicodedata.category(ch) not in ("Cf", "Cc"))


@dataclass
class Page:
    """What html.parser sees in one page."""

    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._body = dict(attrs), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._body)))
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._body if self._script is not None else self._text).append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def parse_html(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


@dataclass
class Built:
    base: str
    build_dir: Path
    site_dir: Path
    catalog: Catalog


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The hostile catalog built for real, its site served on 127.0.0.1 (the build's site_url)."""
    out = tmp_path_factory.mktemp("hostile")
    with served_build(HOSTILE, out) as base:
        yield Built(base, out / "build", out / "site", build_model(check_catalog(HOSTILE).sources))


def test_hostile_catalog_is_valid_and_carries_every_payload() -> None:
    result = check_catalog(HOSTILE)
    assert result.ok, result.errors
    loaded = json.dumps([f.data for f in result.sources.files], ensure_ascii=False)
    for payload in PAYLOADS:  # read back through the loader, not just present in the files
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in loaded, payload
    placed = sum(loaded.count(json.dumps(p, ensure_ascii=False)[1:-1]) for p in PAYLOADS)
    print(f"\nhostile catalog: {len(PAYLOADS)} distinct payloads placed {placed} times in free-text fields")


def _own_script(attrs: dict[str, str | None], body: str, site_dir: Path, page: Path) -> bool:
    if attrs.get("type") in DATA_SCRIPTS:
        return True
    src = attrs.get("src")
    if src:  # a file of the site itself (the site is served at the server's root)
        path = urlsplit(src).path
        target = (site_dir / path.lstrip("/") if path.startswith("/") else page.parent / path).resolve()
        return not urlsplit(src).scheme and target.is_relative_to(site_dir.resolve()) and target.is_file()
    return "alert" not in body  # Material's own inline bootstrap code


def test_site_html_has_no_injected_element(hostile: Built) -> None:
    pages = sorted(hostile.site_dir.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        page = parse_html(path)
        where = path.relative_to(hostile.site_dir)
        for tag, attrs in page.elements:
            assert tag not in INJECTED_TAGS, (where, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (where, tag, name, value)
                if name in URL_ATTRS and value:
                    assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), (where, tag, value)
            if tag == "img":
                assert attrs.get("src") != "x", (where, attrs)
        for attrs, body in page.scripts:
            assert _own_script(attrs, body, hostile.site_dir, path), (where, attrs, body[:200])
            if attrs.get("type") in DATA_SCRIPTS:
                json.loads(body)  # a "</script>" in the text would have cut the block short


def test_template_syntax_and_payloads_appear_literally_on_item_pages(hostile: Built) -> None:
    for item in hostile.catalog.items.values():
        text = parse_html(hostile.site_dir / item.url_path / "index.html").text
        assert "{{ 7*7 }}" in text and "{% raw %}" in text and "{# 注释 #}" in text
        for note in item.notes:  # each note is exactly one payload
            assert squash(note) in squash(text), note
        for faq in item.faq:
            assert squash(faq.a) in squash(text), faq.a


def test_json_ld_round_trips_the_text(hostile: Built) -> None:
    for item in hostile.catalog.items.values():
        page = parse_html(hostile.site_dir / item.url_path / "index.html")
        blocks = [json.loads(body) for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
        assert blocks, item.code
        assert item.name in json.dumps(blocks, ensure_ascii=False)
        assert any(b.get("name") == item.name for b in blocks if isinstance(b, dict))


def test_catalog_json_round_trips_every_string(hostile: Built) -> None:
    for tree in (hostile.build_dir, hostile.site_dir):
        document = json.loads((tree / "catalog.json").read_text(encoding="utf-8"))
        by_code = {i["code"]: i for i in document["items"]}
        for item in hostile.catalog.items.values():
            data = by_code[item.code]
            assert data["name"] == item.name and data["summary"] == item.summary
            assert data["notes"] == list(item.notes)
            assert [f["a"] for f in data["faq"]] == [f.a for f in item.faq]
            assert [m["name"] for m in data["materials"]] == [m.name for m in item.materials]
        names = {b["id"]: b["name"] for b in document["bundles"]}
        assert names == {b.id: b.name for b in hostile.catalog.bundles.values()}


def test_every_svg_is_inert_xml(hostile: Built) -> None:
    svgs = sorted(hostile.site_dir.rglob("*.svg")) + sorted(hostile.build_dir.rglob("*.svg"))
    svgs = [s for s in svgs if "assets/javascripts" not in s.as_posix()]
    assert len(svgs) >= 8
    for path in svgs:
        root = ET.parse(path).getroot()  # raises if a payload broke the XML
        for element in root.iter():
            assert not element.tag.endswith("}script") and element.tag != "script", path
            for name, value in element.attrib.items():
                assert not name.split("}")[-1].startswith("on"), (path, name)
                if name.split("}")[-1] == "href":
                    assert not value.strip().lower().startswith("javascript:"), (path, value)


def test_flowcharts_show_step_names_literally(hostile: Built) -> None:
    for item in hostile.catalog.items.values():
        svg = hostile.site_dir / "assets" / "flowcharts" / "items" / f"{item.code}.svg"
        text = squash("".join(e.text or "" for e in ET.parse(svg).getroot().iter()))
        for step in item.process:
            assert squash(step.name) in text, step.name
            assert squash(step.actor) in text, step.actor
        # Graphviz names its own nodes s0, s1… and edges sA->sB: a label that broke out of its
        # quotes would have added a node "evil".
        titles = [e.text for e in ET.parse(svg).getroot().iter() if e.tag.endswith("}title")]
        assert titles and all(re.fullmatch(r"[\w]+|[\w]+->[\w]+", t or "") for t in titles), titles
        assert "evil" not in titles


def test_pdfs_show_payload_text_literally(hostile: Built) -> None:
    pdfs = sorted(hostile.build_dir.rglob("*.pdf"))
    assert len(pdfs) >= 5
    found: set[str] = set()
    for path in pdfs:
        text = squash("".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
        found |= {p for p in PAYLOADS if squash(p) in text}
    for item in hostile.catalog.items.values():
        path = hostile.build_dir / "checklists" / f"{item.code}.pdf"
        text = squash("".join(page.extract_text() for page in pypdf.PdfReader(path).pages))
        assert squash(item.name) in text, item.name
        for material in item.materials:
            assert squash(material.name) in text, material.name
    print(f"\nPDFs: {len(found)} of {len(PAYLOADS)} payloads extracted literally")
    assert len(found) >= len(PAYLOADS) // 2


@pytest.mark.browser
def test_no_payload_executes_in_chromium(hostile: Built, phone) -> None:
    pages = sorted(hostile.site_dir.rglob("*.html"))
    dialogs: list[str] = []
    errors: list[str] = []
    page = phone  # 375 px; every request to another host is refused and recorded
    foreign = page.foreign_requests
    tried = 0
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    # Control: the listeners do catch an executing payload and a script error.
    page.set_content("<img src=x onerror=alert(1)><script>undefined_function()</script>")
    page.wait_for_timeout(300)
    assert len(dialogs) == 1 and len(errors) >= 1, (dialogs, errors)
    dialogs.clear()
    errors.clear()
    for path in pages:
        rel = path.relative_to(hostile.site_dir).as_posix()
        page.goto(hostile.base + rel, wait_until="load")
        text = page.inner_text("body")
        tried += sum(squash(p) in squash(text) for p in PAYLOADS)
        exercise(page)
        page.wait_for_timeout(200)
    results = search(page, hostile.base)
    print(f"\nbrowser: search showed {results} results for payload words")
    assert results > 0
    print(f"browser: {tried} payload occurrences on {len(pages)} pages; "
          f"{len(dialogs)} dialogs, {len(errors)} console errors")
    for payload in PAYLOADS:
        print(f"  tried: {payload!r}")
    assert tried >= len(PAYLOADS)
    assert dialogs == [] and errors == [] and foreign == [], (dialogs, errors, foreign)


def exercise(page) -> None:
    """Hover and click where injected handlers would sit: text blocks, list items, summaries."""
    for selector in ("article p", "article li", "article td", "summary", "h1", "article a[href^='#']"):
        for element in page.query_selector_all(selector)[:8]:
            try:
                element.hover(timeout=500)
                if selector in ("summary", "article a[href^='#']", "article p"):
                    element.click(timeout=500)
            except Exception:  # noqa: BLE001 - hidden or detached elements are simply skipped
                continue
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")


SEARCHES = ("script", "alert", "onerror", "img", "javascript", "iframe", "餐馆", "大字")


def search(page, base: str) -> int:
    """Search results are built in the browser from the index: type payload words and look."""
    page.goto(base, wait_until="load")
    field = page.locator("input.ow-search__input")
    shown = 0
    for query in SEARCHES:
        field.fill(query)  # an `input` event: the search starts without any key
        page.wait_for_timeout(800)
        shown += page.locator("[data-search-result]").count()
        for result in page.query_selector_all("[data-search-result]")[:3]:
            result.hover(timeout=1000)
    return shown
