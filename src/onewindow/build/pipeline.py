"""`onewindow build`: check → model → render targets into one staging parent → publish both trees.

Targets (onewindow.render.TARGETS) declare their own name, label and size; this module holds
no per-target facts. They never see YAML or Problems, only the resolved model, and write
through an `Output` into the staging trees of one `Transaction` (onewindow.build.transaction).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from onewindow.build.cache import OutputCache, code_salt
from onewindow.build.faults import checkpoint
from onewindow.build.outputs import build_lock
from onewindow.build.paths import mark_output
from onewindow.build.progress import Progress
from onewindow.build.reproducible import source_date_epoch
from onewindow.build.siteurl import read_site_url, resolve_site_url  # noqa: F401 - read_site_url is used by notice
from onewindow.build.transaction import Transaction
from onewindow.catalog.model import build_model
from onewindow.check.checker import CheckResult, check_catalog
from onewindow.check.memo import memo_path
from onewindow.errors import CatalogInvalidError
from onewindow.resources import TEMPLATES_DIR
from onewindow.siteconfig import find_config


@dataclass
class BuildReport:
    """What a finished build published, and how."""

    catalog_dir: Path
    build_dir: Path  # the published build/
    site_dir: Path  # the published site/
    site_url: str  # absolute base URL of the deployed site, ends with "/"
    cache: OutputCache  # which outputs were rendered and which reused
    written: dict[str, list[Path]] = field(default_factory=dict)  # per target, paths as staged
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for benchmarks

    @property
    def docs_dir(self) -> Path:
        return self.build_dir / "docs"

    def page_url(self, url_path: str) -> str:
        return self.site_url + url_path




@contextmanager
def _locks(*dirs: Path) -> Iterator[None]:
    """Lock every folder holding an output, so builds sharing either one never interleave."""
    with ExitStack() as stack:
        for directory in sorted(set(dirs)):
            stack.enter_context(build_lock(directory))
        yield


def build(catalog_dir: Path, build_dir: Path = Path("build"), site_dir: Path = Path("site"), *,
          mkdocs_yml: Path | None = None, quiet: bool = False,
          site_url: str | None = None, strict: bool = False,
          retire_in_background: bool = False) -> tuple[CheckResult, BuildReport | None]:
    """Build everything, or nothing: on check errors (or, when strict, warnings) the previous
    outputs stay untouched. The site configuration defaults to the mkdocs.yml beside the catalog.
    `retire_in_background` deletes the previous trees on a thread once the new ones are
    published (for `serve`, which answers with the new site meanwhile). The returned check
    result keeps each item's code and name only, not its data (see _keep_item_names_only)."""
    from onewindow.render import (  # not imported by `check`: ReportLab, Graphviz, MkDocs
        TARGETS,
        Output,
    )

    started = time.perf_counter()
    mkdocs_yml = mkdocs_yml or find_config(catalog_dir)
    # Item files unchanged since the last build are not checked again (check/memo.py).
    result = check_catalog(catalog_dir, memo_file=memo_path(Path(os.path.realpath(build_dir))))
    if not result.ok or (strict and result.warnings):
        return result, None
    # MkDocs resolves relative paths against mkdocs.yml's folder, not the working directory.
    # Real paths: `a/../site` and `site` must share one lock and one staging sibling.
    build_dir, site_dir = Path(os.path.realpath(build_dir)), Path(os.path.realpath(site_dir))
    catalog = build_model(result.sources)
    _keep_item_names_only(result)
    timings = {"check+model": time.perf_counter() - started}
    url = resolve_site_url(site_url, mkdocs_yml, catalog_dir)
    with _locks(build_dir.parent, site_dir.parent), source_date_epoch(catalog_dir, catalog):  # dated tools stamp the catalog's time
        checkpoint("locked")
        txn = Transaction(build_dir, site_dir)
        txn.begin()  # first finishes a publication a kill interrupted
        cache = OutputCache(build_dir if build_dir.is_dir() else None, txn.build, code_salt(TEMPLATES_DIR) + url,
                            previous_site=site_dir if site_dir.is_dir() else None)
        out = Output(txn.build, txn.site, url, cache, mkdocs_yml=mkdocs_yml)
        report = BuildReport(catalog_dir, build_dir, site_dir, url, cache, timings=timings)
        try:
            for target in TARGETS:
                checkpoint(f"before:{target.name}")
                with Progress(target.label, target.size(catalog), quiet=quiet) as bar:
                    cache.on_output = bar.advance
                    report.written[target.name] = target.render(catalog, out)
                    bar.done = bar.total
                timings[target.name] = bar.elapsed
            # Stamp both trees before the manifest hashes them: a marker added afterwards would
            # be an unlisted file, and the next build would refuse to reuse the site.
            mark_output(txn.build)
            mark_output(txn.site)
            cache.save(txn.site)
            checkpoint("manifest")
        except BaseException:
            txn.abort()
            raise
        swap_started = time.perf_counter()
        txn.commit(retire_in_background=retire_in_background)
        timings["swap"] = time.perf_counter() - swap_started
    return result, report


def _keep_item_names_only(result: CheckResult) -> None:
    """Once the model is made, renderers read nothing else: an item's record in the check
    result shrinks to its code and name (what a caller reports), so the records' dicts and
    lists, a tenth of a gigabyte at 10,000 items, are free for the rest of the build."""
    for loaded in result.sources.files:
        if loaded.kind == "item" and isinstance(loaded.data, dict):
            loaded.data = {"code": loaded.data.get("code"), "name": loaded.data.get("name")}


def require_valid(result: CheckResult) -> None:
    if not result.ok:
        raise CatalogInvalidError(f"目录有 {len(result.errors)} 个错误，未生成任何文件",
                                  "先运行 onewindow check 并修正全部错误")
