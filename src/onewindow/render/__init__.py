"""Output targets, in the order they run. Each module exposes NAME and
`render(catalog: Catalog, ctx: BuildContext) -> list[Path]` and writes below ctx.build_dir
(the site target writes ctx.site_dir).

QR codes and flowcharts come first because PDFs and pages embed them; the site (MkDocs)
runs last over the generated Markdown in ctx.docs_dir.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_MODULES = ("qrcodes", "flowcharts", "pdfs", "guide", "opendata", "pages", "site")


def _load() -> dict[str, Callable[[Any, Any], list[Path]]]:
    targets = {}
    for name in TARGET_MODULES:
        module_name = f"{__name__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a target still being written; the full list is asserted in tests
        targets[name] = module.render
    return targets


TARGETS = _load()
