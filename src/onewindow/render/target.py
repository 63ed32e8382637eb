"""The renderer boundary: what an output target is and what it writes through.

A target is one small class per output format (the model is Sphinx's builders): it declares
its `name`, its Chinese `label` for the progress bar, `size(catalog)` (roughly how many
outputs it writes) and one `render(catalog, out)`. It reads only the resolved model and
writes only through `out`, whose cache is always there: a direct call (a test, a one-off
render) gets an empty cache that renders everything, a build gets the verified outputs of the
last build to reuse. The build walks `onewindow.render.TARGETS` and holds no per-target facts.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from onewindow.build.cache import OutputCache
from onewindow.catalog.model import Catalog
from onewindow.resources import MKDOCS_YML, TEMPLATES_DIR

# docs/catalog/<asset path>: images and forms the catalog ships, where pages link them and
# open data points to them.
CATALOG_FILES = "catalog"


@dataclass
class Output:
    """Where targets write: the staging trees that become build/ and site/ together."""

    build_dir: Path  # becomes build/: PDFs, generated Markdown, SVG, open data
    site_dir: Path  # becomes site/: the MkDocs output
    site_url: str  # absolute base URL of the deployed site
    cache: OutputCache  # reuse of unchanged outputs; always present
    mkdocs_yml: Path = MKDOCS_YML
    templates_dir: Path = TEMPLATES_DIR

    def __post_init__(self) -> None:
        self.site_url = self.site_url.rstrip("/") + "/"

    @classmethod
    def fresh(cls, build_dir: Path, site_dir: Path, site_url: str, *, mkdocs_yml: Path = MKDOCS_YML,
              templates_dir: Path = TEMPLATES_DIR) -> Output:
        """An output with nothing to reuse: every file is rendered."""
        return cls(build_dir, site_dir, site_url, OutputCache(None, build_dir, ""), mkdocs_yml, templates_dir)

    @property
    def docs_dir(self) -> Path:
        """Generated Markdown and assets for MkDocs."""
        return self.build_dir / "docs"

    def page_url(self, url_path: str) -> str:
        return self.site_url + url_path

    def advance(self, n: int = 1) -> None:
        """Progress of the running target (outputs made outside the cache report here)."""
        self.cache.on_output(n)


class Target(ABC):
    """One output format. Subclasses set `name` and `label` and implement `render`."""

    name: ClassVar[str]  # stable identifier (timings, counts, --timings JSON)
    label: ClassVar[str]  # Chinese, shown on the progress bar

    per_record: ClassVar[bool] = False  # one output per item and per bundle

    def size(self, catalog: Catalog) -> int:
        """Roughly how many outputs `render` writes, for the progress bar."""
        return len(catalog.items) + len(catalog.bundles) if self.per_record else 1

    @abstractmethod
    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        """Write this target's files below `out` and return their paths."""
