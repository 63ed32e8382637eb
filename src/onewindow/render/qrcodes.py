"""QR codes for every item and bundle page: SVG files encoding the page's absolute URL.

The URL is built only from `site_url` and the item code (or bundle id), never from names or
content, so a QR code printed on a poster or checklist stays valid when the item changes.
"""

from __future__ import annotations

from functools import lru_cache, partial
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


@lru_cache(maxsize=1 << 15)
def encode(data: str) -> segno.QRCode:
    """The one QR symbol for `data`, shared by the page's SVG and the PDF posters.

    Error correction M survives a crease or a little dirt on printed paper. Memoised: the
    mask search is pure Python (several ms a code), and one build draws each page's code for
    the site, then again on a department and a window poster; `serve` draws them after every
    edit. Symbols are never modified once made.
    """
    return segno.make(data, error="m", micro=False)


QUIET_ZONE = 4  # modules of white border the QR standard asks for


@lru_cache(maxsize=1 << 15)
def modules(data: str) -> tuple[bytes, ...]:
    """Dark (1) and light (0) modules of `encode(data)` row by row, quiet zone included, as the
    PDFs draw them; kept like the symbol. One byte a module: a 10,000-item build keeps tens of
    thousands of these, and a tuple of bools takes eight bytes a module."""
    return tuple(bytes(1 if m else 0 for m in row) for row in encode(data).matrix_iter(scale=1, border=QUIET_ZONE))


def write_svg(url: str, path: Path) -> Path:
    # Border 4 is the quiet zone the standard asks for, so phone cameras find the code reliably.
    qr = encode(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    qr.save(str(path), kind="svg", scale=4, border=QUIET_ZONE, xmldecl=False, svgns=True,
            title="二维码", dark="#000", light="#fff")
    return path


class QrCodes(Target):
    name = "qrcodes"
    label = "二维码"
    per_record = True

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        objects: list[Item | Bundle] = [*catalog.items.values(), *catalog.bundles.values()]
        # A code depends on its URL alone, so it is drawn again only when the URL changes. They
        # are drawn in this process, not on a worker pool, so that the symbols stay in
        # `encode`'s memo for the posters (forked workers inherit it) and the next rebuild.
        return [out.cache.produce((Path("docs") / qr_relpath(obj)).as_posix(), (qr_url(out, obj),),
                                  partial(_write, qr_url(out, obj))) for obj in objects]


def _write(url: str, path: Path) -> None:
    write_svg(url, path)
