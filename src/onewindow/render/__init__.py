"""Output targets, in the order they run. Each is `render(catalog, ctx) -> list[Path]`.

QR codes and flowcharts come first because pages and PDFs embed them; the site (MkDocs)
runs last over the generated Markdown.
"""

from __future__ import annotations

TARGETS: dict = {}
