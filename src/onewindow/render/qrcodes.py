"""QR codes for every item and bundle page: SVG files encoding the page's absolute URL.

The URL is built only from `site_url` and the item code (or bundle id), never from names or
content, so a QR code printed on a poster or checklist stays valid when the item changes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import segno

from onewindow.catalog.model import Bundle, Catalog, Item
from onewindow.render.target import Output, Target

QR_DIR = Path("assets") / "qr"


def qr_url(out: Output, obj: Item | Bundle) -> str:
    """The absolute URL a QR code for `obj` encodes (also used by the PDF posters)."""
    return out.page_url(obj.url_path)


def qr_relpath(obj: Item | Bundle) -> Path:
    """Where the SVG lives below the docs directory (and so below the site root)."""
    kind, key = ("items", obj.code) if isinstance(obj, Item) else ("bundles", obj.id)
    return QR_DIR / kind / f"{key}.svg"


def write_svg(url: str, path: Path) -> Path:
    # Error correction M survives a little dirt on a printed poster; border 4 is the
    # quiet zone the standard asks for, so phone cameras find the code reliably.
    qr = segno.make(url, error="m", micro=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    qr.save(str(path), kind="svg", scale=4, border=4, xmldecl=False, svgns=True,
            title="二维码", dark="#000", light="#fff")
    return path


class QrCodes(Target):
    name = "qrcodes"
    label = "二维码"
    per_record = True

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        objects: list[Item | Bundle] = [*catalog.items.values(), *catalog.bundles.values()]
        # A code depends on its URL alone, so it is drawn again only when the URL changes.
        jobs = [((Path("docs") / qr_relpath(obj)).as_posix(), (qr_url(out, obj),), partial(_write, qr_url(out, obj)))
                for obj in objects]
        return out.cache.produce_parallel(jobs)


def _write(url: str, path: Path) -> None:
    write_svg(url, path)
