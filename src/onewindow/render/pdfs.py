"""Front-desk PDFs: an intake checklist per item, a checklist per bundle, and QR posters
per department and per window category. Each document is one call taking model objects,
its page URL(s) and an output path (see onewindow.render.pdf), so the loop can be parallelised."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from onewindow.catalog.model import Catalog, Item
from onewindow.render.pdf.bundle_checklist import write_bundle_checklist
from onewindow.render.pdf.checklist import write_checklist
from onewindow.render.pdf.fonts import find_font
from onewindow.render.pdf.poster import (
    Poster,
    PosterEntry,
    department_poster,
    window_poster,
    write_poster,
)
from onewindow.render.qrcodes import modules
from onewindow.render.target import Output, Target

Job = tuple[str, tuple[object, ...], Callable[[Path], object]]


class Pdfs(Target):
    name = "pdfs"
    label = "PDF 清单与海报"

    def size(self, catalog: Catalog) -> int:
        return len(catalog.items) + len(catalog.bundles) + len(catalog.departments) + len(catalog.windows)

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        font = find_font()  # fail before writing anything, and key cached outputs on the font used
        jobs: list[Job] = []
        codes: dict[str, tuple[str, ...]] = {}  # document → the URLs its QR codes encode
        for item in catalog.items.values():
            url = out.page_url(item.url_path)
            jobs.append((f"checklists/{item.code}.pdf", (font, item, url), partial(write_checklist, item, url)))
            codes[jobs[-1][0]] = (url,)
        for bundle in catalog.bundles.values():
            url = out.page_url(bundle.url_path)
            jobs.append((f"checklists/bundle-{bundle.id}.pdf", (font, bundle, url),
                         partial(write_bundle_checklist, bundle, url)))
            codes[jobs[-1][0]] = (url,)
        for rel, poster in _posters(catalog, out):
            jobs.append((rel, (font, poster), partial(write_poster, poster)))
            codes[rel] = tuple(e.url for e in poster.entries)

        def prepare(stale: list[str]) -> None:
            # QR modules are worked out here, not in the forked workers, so that they stay in
            # this process's memo: `serve` redraws a window's poster of hundreds of codes after
            # each edit of one of its items.
            for rel in stale:
                for url in codes[rel]:
                    modules(url)

        # Unchanged documents are linked from the last build; the rest are laid out on every core.
        return out.cache.produce_parallel(jobs, prepare)


def _entries(items: Iterable[Item], out: Output) -> tuple[PosterEntry, ...]:
    return tuple(PosterEntry(i.name, i.code, out.page_url(i.url_path)) for i in items)


def _bundle_entries(catalog: Catalog, codes: set[str], out: Output) -> tuple[PosterEntry, ...]:
    """Bundles taken in at a window: those with a member item handled there."""
    return tuple(PosterEntry(f"一件事：{b.name}", b.id, out.page_url(b.url_path), f"一件事 · {len(b.members)} 个事项联办")
                 for b in catalog.bundles.values() if any(m.item.code in codes for m in b.members))


def _posters(catalog: Catalog, out: Output) -> Iterable[tuple[str, Poster]]:
    """Posters for every department and window category that has items (no empty posters)."""
    for dept in catalog.departments.values():
        entries = _entries(catalog.items_of_department(dept.id), out)
        if entries:
            yield f"posters/department-{dept.id}.pdf", department_poster(dept, entries)
    for window in catalog.windows.values():
        items = catalog.items_of_window(window.name)
        entries = _entries(items, out) + _bundle_entries(catalog, {i.code for i in items}, out)
        if items:
            yield f"posters/window-{window.id}.pdf", window_poster(window, entries)
