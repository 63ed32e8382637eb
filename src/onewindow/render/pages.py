"""Markdown pages for MkDocs: home, items, bundles, departments, window categories.

Pages are rendered from Jinja2 templates in templates/site/ with autoescape on; see
markup.py for how catalog text is kept inert. Links inside HTML blocks are written as
final relative URLs (MkDocs does not rewrite links in raw HTML), which `use_directory_urls`
makes predictable: docs/items/<code>.md is served at items/<code>/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from onewindow.catalog.model import Catalog, Item
from onewindow.render import pagedata
from onewindow.render.markup import environment, front_matter, relative, title_text
from onewindow.render.opendata import government_service, script_json
from onewindow.render.qrcodes import qr_relpath, qr_url
from onewindow.render.target import CATALOG_FILES, Output, Target

STYLESHEET = Path("assets") / "stylesheets" / "onewindow.css"
MYLIST_SCRIPT = Path("assets") / "javascripts" / "mylist.js"


class _Writer:
    def __init__(self, catalog: Catalog, out: Output) -> None:
        self.catalog, self.out = catalog, out
        self.env = environment(out.templates_dir / "site")
        self.written: list[Path] = []

    def page(self, md_path: str, template: str, meta: dict[str, Any] | Callable[[], dict[str, Any]] | None = None, *,
             inputs: tuple[Any, ...], derived: Callable[[], dict[str, Any]] | None = None, **values: Any) -> None:
        """Render one page; `inputs` is everything the page shows (the incremental-build key).

        `meta` (the front matter) may be a function of `inputs` and the site URL, so that it is
        worked out only for a page that is rendered again; so may template values (`derived`)."""
        here = md_path.removesuffix("index.md").removesuffix(".md")
        here = here if not here or here.endswith("/") else here + "/"

        def write(path: Path) -> None:
            text = self.env.get_template(template).render(
                catalog=self.catalog, here=here, link=partial(relative, here), site_url=self.out.site_url,
                data=pagedata, docs_dir=self.out.docs_dir, files=CATALOG_FILES, **values,
                **(derived() if derived else {}))
            path.parent.mkdir(parents=True, exist_ok=True)
            data = meta() if callable(meta) else meta
            path.write_text((front_matter(data) if data else "") + text, encoding="utf-8")

        key_meta = "derived" if callable(meta) else meta
        self.written.append(self.out.cache.produce(f"docs/{md_path}", (template, key_meta, *inputs), write))


def _item_meta(item: Item, out: Output) -> dict[str, str | list[str]]:
    meta: dict[str, str | list[str]] = {"jsonld": script_json(government_service(item, out.site_url))}
    # Material's search indexes `tags` with a high boost: a citizen searching for the
    # certificate they need (营业执照) finds the item that issues it first.
    meta["tags"] = list(dict.fromkeys(title_text(o.name) for o in item.outputs))
    if item.summary:
        meta["description"] = title_text(item.summary)  # Material prints it unescaped
    return meta


def _copy_catalog_assets(catalog: Catalog, out: Output) -> list[Path]:
    """Sample images, blank forms and result samples, copied where the pages link them."""
    wanted: set[str] = set()
    for item in catalog.items.values():
        for m in item.materials:
            wanted.update(p for p in (m.blank_form, m.sample.image if m.sample else "") if p)
        wanted.update(o.sample for o in item.outputs if o.sample)
    return [out.cache.copy(f"docs/{CATALOG_FILES}/{rel}", catalog.root / rel) for rel in sorted(wanted)]


def _copy_static(out: Output) -> list[Path]:
    assets = out.templates_dir / "site" / "assets"
    return [out.cache.copy(f"docs/{STYLESHEET.as_posix()}", assets / "onewindow.css"),
            out.cache.copy(f"docs/{MYLIST_SCRIPT.as_posix()}", assets / "mylist.js")]


def _home_inputs(catalog: Catalog) -> tuple[Any, ...]:
    """What the home page shows: bundles, windows and departments with their item counts."""
    return (
        tuple((b.id, b.name, b.scenario, len(b.members)) for b in catalog.bundles.values()),
        tuple((w, len(catalog.items_of_window(w.name))) for w in catalog.windows.values()),
        tuple((d.id, d.name, len(catalog.items_of_department(d.id))) for d in catalog.departments.values()),
        len(catalog.items),
    )


HOME_BUNDLES = 12  # bundle tiles on the home page; the rest are one click away (bundles/)
PAGE_SIZE = 100  # items per listing page: keeps every page well under 100 KB of HTML


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str  # site path of the page, e.g. departments/scjg-page-2/
    current: bool
    size: int = PAGE_SIZE


def paginate(md_base: str, items: list[Item]) -> list[tuple[str, list[Item], tuple[PageLink, ...]]]:
    """Split a listing into pages: `<base>.md`, then `<base>-page-2.md`, … (one page when short).

    A service centre's window category can hold hundreds of items; one page listing them all
    would be hundreds of kilobytes on a phone.
    """
    chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    stem = md_base.removesuffix(".md")
    paths = [md_base] + [f"{stem.removesuffix('/index')}{'/' if stem.endswith('/index') else '-'}page-{n}.md"
                         for n in range(2, len(chunks) + 1)]

    def url(path: str) -> str:
        return path.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"

    return [(path, chunk, tuple(PageLink(n, url(p), p == path, PAGE_SIZE) for n, p in enumerate(paths, 1)))
            for path, chunk in zip(paths, chunks, strict=True)]


class Pages(Target):
    name = "pages"
    label = "页面"

    def size(self, catalog: Catalog) -> int:
        return len(catalog.items) + len(catalog.bundles) + len(catalog.departments) + len(catalog.windows) + 2

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        return _render(catalog, out)


def _render(catalog: Catalog, out: Output) -> list[Path]:
    w = _Writer(catalog, out)
    w.page("index.md", "home.md.j2", {"description": "办事指南：办什么、带什么、去哪办、多久办好、跑几次"},
           inputs=_home_inputs(catalog), home_bundles=HOME_BUNDLES)
    if catalog.bundles:
        w.page("bundles/index.md", "bundles.md.j2", inputs=(_home_inputs(catalog)[0],),
               bundles=list(catalog.bundles.values()))
    everything = list(catalog.items.values())
    for md, chunk, pages in paginate("items/index.md", everything):
        w.page(md, "items.md.j2", inputs=(tuple(chunk), pages, len(everything)),
               items=chunk, pages=pages, total=len(everything))
    for item in catalog.items.values():
        updated = pagedata.last_updated(catalog.root, item)
        bundles = catalog.bundles_of_item(item.code)
        flowchart = pagedata.flowchart(out.docs_dir, item)
        # An item page names its bundles (id and name) but shows nothing else of them.
        w.page(f"items/{item.code}.md", "item.md.j2", partial(_item_meta, item, out),
               inputs=(item, updated, tuple((b.id, b.name) for b in bundles), flowchart),
               item=item, qr=qr_relpath(item).as_posix(), page_url=qr_url(out, item),
               updated=updated, bundles=bundles, flowchart=flowchart,
               derived=lambda item=item: {"mylist": pagedata.item_list(item)})
    for bundle in catalog.bundles.values():
        flowchart = pagedata.flowchart(out.docs_dir, bundle)
        w.page(f"bundles/{bundle.id}.md", "bundle.md.j2", {"description": title_text(bundle.summary)} if bundle.summary else None,
               inputs=(bundle, flowchart),
               bundle=bundle, qr=qr_relpath(bundle).as_posix(), page_url=qr_url(out, bundle),
               plan=bundle.plan, flowchart=flowchart,
               derived=lambda bundle=bundle: {"mylist": pagedata.bundle_list(bundle), "desk": pagedata.bundle_desk(bundle)})
    for dept in catalog.departments.values():
        items = catalog.items_of_department(dept.id)
        led = [b for b in catalog.bundles.values() if b.lead_department == dept]
        for md, chunk, pages in paginate(f"departments/{dept.id}.md", items):
            w.page(md, "department.md.j2",
                   inputs=(dept, tuple(chunk), pages, len(items), tuple((b.id, b.name) for b in led)),
                   department=dept, items=chunk, pages=pages, total=len(items), bundles=led)
    for window in catalog.windows.values():
        items = catalog.items_of_window(window.name)
        for md, chunk, pages in paginate(f"windows/{window.id}.md", items):
            w.page(md, "window.md.j2", inputs=(window, tuple(chunk), pages, len(items)),
                   window=window, items=chunk, pages=pages, total=len(items))
    return [*w.written, *_copy_catalog_assets(catalog, out), *_copy_static(out)]
