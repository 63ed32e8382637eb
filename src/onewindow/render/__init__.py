"""Output targets, in the order they run. Each module exposes NAME and
`render(catalog: Catalog, ctx: BuildContext) -> list[Path]` and writes below ctx.build_dir
(the site target writes ctx.site_dir).

QR codes and flowcharts come first because PDFs and pages embed them; the site (MkDocs)
runs last over the generated Markdown in ctx.docs_dir.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from onewindow.render import (
    desk,
    flowcharts,
    guide,
    opendata,
    pages,
    pdfs,
    qrcodes,
    searchindex,
    site,
)

Renderer = Callable[[Any, Any], list[Path]]

TARGETS: dict[str, Renderer] = {
    module.NAME: module.render
    for module in (qrcodes, flowcharts, pdfs, guide, opendata, desk, pages, searchindex, site)
}
TARGET_MODULES = tuple(TARGETS)
