"""`onewindow build`: check → model → render targets into staging dirs → mkdocs → swap in.

Renderers are functions `render(catalog, ctx) -> list[Path]` listed in TARGETS; they never
see YAML or Problems, only the resolved model, and write below `ctx.build_dir`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from onewindow.build.cache import OutputCache, code_salt
from onewindow.build.outputs import build_lock, clean_stale, staging_dir, swap_in
from onewindow.build.progress import Progress
from onewindow.build.reproducible import source_date_epoch
from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import CheckResult, check_catalog
from onewindow.errors import CatalogInvalidError, ConfigError
from onewindow.resources import DEFAULT_MKDOCS_YML, MKDOCS_YML, TEMPLATES_DIR
from onewindow.siteconfig import find_config


@dataclass
class BuildContext:
    catalog_dir: Path
    build_dir: Path  # staging directory that becomes build/
    site_dir: Path  # staging directory that becomes site/
    site_url: str  # absolute base URL of the deployed site, ends with "/"
    mkdocs_yml: Path = MKDOCS_YML
    templates_dir: Path = TEMPLATES_DIR
    quiet: bool = False
    written: dict[str, list[Path]] = field(default_factory=dict)
    cache: OutputCache | None = None  # incremental builds: reuse unchanged outputs of the last build
    previous_site: Path | None = None  # the live site/, which an unchanged build may reuse
    advance: Callable[..., None] = lambda n=1: None  # progress of the running stage
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for benchmarks

    @property
    def docs_dir(self) -> Path:
        """Generated Markdown and assets for MkDocs."""
        return self.build_dir / "docs"

    def page_url(self, url_path: str) -> str:
        return self.site_url + url_path


Renderer = Callable[[Catalog, BuildContext], list[Path]]


def read_site_url(mkdocs_yml: Path) -> str:
    """`site_url` from mkdocs.yml (plain YAML read; Material's !!python tags are skipped)."""

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"无法读取 {mkdocs_yml}：{exc}") from exc
    if "site_url" not in config and mkdocs_yml != DEFAULT_MKDOCS_YML:
        return read_site_url(DEFAULT_MKDOCS_YML)  # a district file may leave it to the defaults
    url = str(config.get("site_url") or "").strip()
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{mkdocs_yml} 中的 site_url 必须是以 https:// 开头的网址（二维码要用它生成完整链接）",
                          "例如 site_url: https://zwfw.example.gov.cn/guide/")
    return url.rstrip("/") + "/"


STAGE_LABELS = {
    "qrcodes": "二维码", "flowcharts": "流程图", "pdfs": "PDF 清单与海报", "guide": "编辑指南",
    "opendata": "开放数据", "desk": "窗口受理台", "pages": "页面", "site": "网站（MkDocs）",
}


def _stage_size(name: str, catalog: Catalog) -> int:
    """Roughly how many outputs a stage writes, for its progress bar."""
    items, bundles = len(catalog.items), len(catalog.bundles)
    return {
        "qrcodes": items + bundles,
        "flowcharts": items + bundles,
        "desk": items + bundles,
        "pdfs": items + bundles + len(catalog.departments) + len(catalog.windows),
        "pages": items + bundles + len(catalog.departments) + len(catalog.windows) + 2,
    }.get(name, 1)


def _targets() -> list[tuple[str, Renderer]]:
    # Imported here so `onewindow check` never pays for ReportLab, Graphviz or MkDocs.
    from onewindow.render import TARGETS

    return list(TARGETS.items())


@contextmanager
def _locks(*dirs: Path) -> Iterator[None]:
    """Lock every folder holding an output, so builds sharing either one never interleave."""
    with ExitStack() as stack:
        for directory in sorted(set(dirs)):
            stack.enter_context(build_lock(directory))
        yield


def build(catalog_dir: Path, build_dir: Path = Path("build"), site_dir: Path = Path("site"), *,
          mkdocs_yml: Path | None = None, quiet: bool = False,
          site_url: str | None = None, strict: bool = False) -> tuple[CheckResult, BuildContext | None]:
    """Build everything, or nothing: on check errors (or, when strict, warnings) the previous
    outputs stay untouched. The site configuration defaults to the mkdocs.yml beside the catalog."""
    started = time.perf_counter()
    mkdocs_yml = mkdocs_yml or find_config(catalog_dir)
    result = check_catalog(catalog_dir)
    if not result.ok or (strict and result.warnings):
        return result, None
    # MkDocs resolves relative paths against mkdocs.yml's folder, not the working directory.
    build_dir, site_dir = build_dir.absolute(), site_dir.absolute()
    catalog = build_model(result.sources)
    timings = {"check+model": time.perf_counter() - started}
    url = site_url or os.environ.get("ONEWINDOW_SITE_URL") or read_site_url(mkdocs_yml)
    with _locks(build_dir.parent, site_dir.parent), source_date_epoch(catalog_dir, catalog):  # dated tools stamp the catalog's time
        clean_stale(build_dir)
        clean_stale(site_dir)
        ctx = BuildContext(catalog_dir, staging_dir(build_dir), staging_dir(site_dir), url.rstrip("/") + "/",
                           mkdocs_yml=mkdocs_yml, quiet=quiet)
        ctx.cache = OutputCache(build_dir if build_dir.is_dir() else None, ctx.build_dir,
                                code_salt(ctx.templates_dir) + ctx.site_url)
        ctx.previous_site = site_dir if site_dir.is_dir() else None
        ctx.timings = timings
        try:
            for name, render in _targets():
                with Progress(STAGE_LABELS.get(name, name), _stage_size(name, catalog), quiet=quiet) as bar:
                    ctx.advance = ctx.cache.on_output = bar.advance
                    ctx.written[name] = render(catalog, ctx)
                    bar.done = bar.total
                ctx.timings[name] = bar.elapsed
            ctx.cache.save()
        except BaseException:
            import shutil

            shutil.rmtree(ctx.build_dir, ignore_errors=True)
            shutil.rmtree(ctx.site_dir, ignore_errors=True)
            raise
        swap_started = time.perf_counter()
        swap_in(ctx.build_dir, build_dir)
        swap_in(ctx.site_dir, site_dir)
        ctx.timings["swap"] = time.perf_counter() - swap_started
        ctx.build_dir, ctx.site_dir = build_dir, site_dir
    return result, ctx


def require_valid(result: CheckResult) -> None:
    if not result.ok:
        raise CatalogInvalidError(f"目录有 {len(result.errors)} 个错误，未生成任何文件",
                                  "先运行 onewindow check 并修正全部错误")
