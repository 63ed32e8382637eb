"""onewindow's citizens' search against Material's lunr search, side by side, on one catalog.

    .venv/bin/python bench/search_vs_lunr.py [CATALOG] [--keep DIR]

Builds the catalog twice: as onewindow ships it (its own fragmented index, loaded on the first
keystroke) and a copy whose mkdocs.yml enables Material's `search` plugin (lang: zh, segmented
with jieba when installed, as Material does). Both are served on 127.0.0.1 and driven in Debian's
Chromium: each phrasing is typed into each engine's box, and a hit is the expected page among
the first three distinct pages listed. Transferred sizes are the gzip (level 6) bytes of every
file the browser fetched, as a compressing server would send them: the first page load (until
the network is idle) and the first search (from typing until the results show).

Two phrase sets: TEST_SET is the project's browser test set (tests/test_search_browser.py; the
catalog's keywords were written with it in view) and HELD_OUT below, written for this benchmark
and never used to tune keywords or ranking. Prints one Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_search_browser import PHRASINGS as TEST_SET  # noqa: E402

RESTAURANT, HOTEL, PHARMACY = "bundles/open-restaurant/", "bundles/open-hotel/", "bundles/open-pharmacy/"
STORE = "bundles/open-convenience-store/"


def _item(code: str) -> str:
    return f"items/{code}/"


COMPANY, SOLE, FOOD, DRUGS = (_item(c) for c in ("999901001XK00101", "999901001XK00102",
                                                 "999901001XK00201", "999901001XK00401"))
PREPACKED, HYGIENE, FIRE, TOBACCO = (_item(c) for c in ("999901001QT00301", "999901002XK00101",
                                                        "999901009XK00101", "999901005XK00101"))
TRANSFER, ESTATE_QUERY, DRAIN, DEBRIS = (_item(c) for c in ("999901007QR00101", "999901007GG00201",
                                                           "999901003XK00101", "999901003XK00201"))
ADS, SOCIETY, HIRING, LABOUR, PLANNING = (_item(c) for c in ("999901003XK00301", "999901006XK00101",
                                                             "999901004GG00201", "999901004XK00101",
                                                             "999901008XK00101"))

# Each phrasing with the pages that answer it (any of them in the top three is a hit).
HELD_OUT: list[tuple[str, tuple[str, ...]]] = [
    ("想开一家面馆", (RESTAURANT, FOOD)), ("开烧烤店需要什么手续", (RESTAURANT, FOOD)),
    ("开奶茶店", (RESTAURANT, FOOD)), ("办个工商执照", (COMPANY, SOLE)), ("自己开个小店", (SOLE, STORE)),
    ("开个体户", (SOLE,)), ("注册有限责任公司", (COMPANY,)), ("卖烟许可", (TOBACCO,)),
    ("理发店开业要办什么证", (HYGIENE,)), ("足疗店卫生许可", (HYGIENE,)), ("健身房游泳池卫生许可", (HYGIENE,)),
    ("开旅店", (HOTEL,)), ("买二手房怎么过户", (TRANSFER,)), ("父母把房子送给子女", (TRANSFER,)),
    ("查一下房子有没有抵押", (ESTATE_QUERY,)), ("装修完垃圾怎么处理", (DEBRIS,)), ("店门口挂招牌", (ADS,)),
    ("拉横幅审批", (ADS,)), ("成立商会", (SOCIETY,)), ("公司招了新员工要登记吗", (HIRING,)),
    ("劳务派遣经营许可证怎么办", (LABOUR,)), ("自建房规划许可", (PLANNING,)),
    ("超市卖饮料要备案吗", (PREPACKED, STORE)), ("药店许可证", (DRUGS, PHARMACY)),
    ("餐饮店排水证", (DRAIN,)), ("KTV营业前消防检查", (FIRE,)), ("消防安检", (FIRE,)),
    ("個體戶執照", (SOLE,)), ("食品經營許可證", (FOOD,)), ("营业执造", (COMPANY, SOLE)),
    ("烟草专买证", (TOBACCO,)), ("开药房要什么条件", (PHARMACY, DRUGS)),
]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOME_PAGE, ITEM_PAGE = "", "items/999901001XK00201/"
FIRST_QUERY = "开饭店"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def _served(site: Path) -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", server
    finally:
        server.shutdown()
        server.server_close()


def _build(catalog: Path, out: Path, *, lunr: bool) -> Path:
    """Build into out/site; with lunr, through a mkdocs.yml that turns Material's search on."""
    from onewindow.build.pipeline import build

    config = out / "mkdocs.yml"
    out.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if lunr:
        text += "\nplugins:\n  - search:\n      lang: zh\n"
    config.write_text(text, encoding="utf-8")
    result, ctx = build(catalog, out / "build", out / "site", mkdocs_yml=config, quiet=True,
                        site_url="http://127.0.0.1/")
    if ctx is None:
        raise SystemExit("build failed: " + "; ".join(map(str, result.errors)))
    return out / "site"


def _file(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    if target.is_dir() or path == "" or path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def _gzip_bytes(site: Path, urls: list[str]) -> int:
    total = 0
    for url in dict.fromkeys(urls):
        path = _file(site, url)
        if path is not None:
            total += len(gzip.compress(path.read_bytes(), 6))
    return total


def _pages(hrefs: list[str]) -> list[str]:
    """Distinct pages in order (Material lists a page's sections after the page)."""
    return list(dict.fromkeys(urlsplit(h).path.lstrip("/") for h in hrefs))


class Engine:
    name = ""
    box = ""

    def ask(self, page, query: str) -> list[str]:
        raise NotImplementedError


class Onewindow(Engine):
    name, box = "onewindow (own fragmented index)", "input.ow-search__input"

    def ask(self, page, query: str) -> list[str]:
        page.evaluate("() => { const r = document.getElementById('ow-search-results');"
                      " r.hidden = true; r.replaceChildren(); }")
        page.locator(self.box).fill(query)
        page.wait_for_function("document.querySelector('#ow-search-results .ow-results__help')", timeout=30000)
        return _pages(page.eval_on_selector_all("#ow-search-results a[data-search-result]",
                                                "els => els.map(e => e.href)"))


class Lunr(Engine):
    name, box = "Material search plugin (lunr, lang zh)", "input.md-search__input"
    _META = "document.querySelector('.md-search-result__meta')"

    def ask(self, page, query: str) -> list[str]:
        box = page.locator(self.box)
        box.fill("")
        box.press("End")  # Material searches on keyup
        page.wait_for_function(f"!{self._META}.textContent.match(/[0-9]|没有/)", timeout=30000)
        box.fill(query)
        box.press("End")
        page.wait_for_function(f"{self._META}.textContent.match(/[0-9]|没有/)", timeout=30000)
        page.wait_for_timeout(150)  # the list is rendered right after the count
        return _pages(page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                                "els => els.map(e => e.href)"))


def _measure(browser, site: Path, engine: Engine) -> dict[str, object]:
    with _served(site) as (base, _):
        figures: dict[str, object] = {}
        for label, path in (("home", HOME_PAGE), ("item", ITEM_PAGE)):
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            fetched: list[str] = []
            context.on("request", lambda r, f=fetched: f.append(r.url))  # the page's and its workers'
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            figures[f"first load {label}"] = _gzip_bytes(site, fetched)
            if label == "home":
                fetched.clear()
                engine.ask(page, FIRST_QUERY)
                page.wait_for_load_state("networkidle")
                figures["first search"] = _gzip_bytes(site, fetched)
            context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        page = context.new_page()
        page.goto(base, wait_until="networkidle")
        for set_name, phrasings in (("test set", [(q, (t if t.startswith("bundles/") else _item(t),))
                                                  for q, t in TEST_SET]), ("held-out", HELD_OUT)):
            misses = [q for q, targets in phrasings if not set(engine.ask(page, q)[:3]) & set(targets)]
            figures[set_name] = (len(phrasings) - len(misses), len(phrasings), misses)
        context.close()
        return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("catalog", nargs="?", type=Path, default=ROOT / "catalog")
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="ow-search-bench-"))
    try:
        print("building both sites…", file=sys.stderr)
        sites = {"ow": _build(args.catalog, work / "ow", lunr=False), "lunr": _build(args.catalog, work / "lunr", lunr=True)}
        engines = {"ow": Onewindow(), "lunr": Lunr()}
        results = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for key in ("ow", "lunr"):
                print(f"measuring {engines[key].name}…", file=sys.stderr)
                results[key] = _measure(browser, sites[key], engines[key])
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    _report(results, engines)
    return 0


def _report(results: dict[str, dict[str, object]], engines: dict[str, Engine]) -> None:
    kb = lambda n: f"{n / 1e3:.1f} KB"  # noqa: E731
    ow, lunr = results["ow"], results["lunr"]
    print(f"| measure | {engines['ow'].name} | {engines['lunr'].name} |")
    print("|---|---|---|")
    for set_name in ("test set", "held-out"):
        a, b = ow[set_name], lunr[set_name]
        print(f"| {set_name}: expected page in top 3 | {a[0]}/{a[1]} | {b[0]}/{b[1]} |")
    for row in ("first load home", "first load item", "first search"):
        label = row + (f" (“{FIRST_QUERY}”, after the home page)" if row == "first search" else "") + ", gzip"
        print(f"| {label} | {kb(ow[row])} | {kb(lunr[row])} |")
    print()
    for key in ("ow", "lunr"):
        for set_name in ("test set", "held-out"):
            misses = results[key][set_name][2]
            print(f"- {engines[key].name}, {set_name} misses: {'、'.join(misses) if misses else 'none'}")


if __name__ == "__main__":
    raise SystemExit(main())
