"""`check` of layered catalogs: one local catalog against its base, or a whole province.

A local catalog is checked as its own files (schema, the ordinary rules that apply to offices
and placeholders) plus the cross-layer rules against the base; its result carries the merged
flat catalog, so `build` makes the region's site with the ordinary pipeline. A province tree
checks its base once and then every local catalog in worker processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path as FsPath

from onewindow.catalog.layers import (
    LAYER_FILE,
    effective_sources,
    is_layer,
    layer_info,
    province_layers,
)
from onewindow.catalog.loader import Sources, display_path, load_catalog
from onewindow.catalog.schema import validate_sources
from onewindow.check.problems import Finding, Phase, Problem
from onewindow.check.rules import RULES, Index
from onewindow.check.rules.index import as_dict, entries
from onewindow.check.rules.layers import BaseView, check_implementation
from onewindow.check.rules.references import registers_present

# Registers come from the base: a local catalog never needs its own.
_LOCAL_RULES = tuple(rule for rule in RULES if rule is not registers_present)


def base_view(base: Sources, local: Sources | None = None) -> BaseView:
    view = BaseView(display_path(base.root))
    view.items = {str(f.data.get("code")): f.data for f in base.of_kind("item")}
    for register in (base.register("laws"), local.register("laws") if local else None):
        if register is not None:
            view.laws.update(as_dict(register.data.get("laws")))
    view.departments = {str(d.data.get("id")) for d in base.of_kind("department")}
    if local is not None:
        view.departments |= {str(d.data.get("id")) for d in local.of_kind("department")}
    if windows := base.register("windows"):
        view.windows = {str(w.get("name")) for _, w in entries(windows.data, "windows")}
    return view


def _local_index(local: Sources, base: Sources, view: BaseView) -> Index:
    index = Index.build(local)
    index.laws = view.laws
    base_index = Index.build(base)
    index.materials, index.windows, index.registers = base_index.materials, base_index.windows, base_index.registers
    return index


def _findings(local: Sources, base: Sources, view: BaseView) -> Iterator[Finding]:
    index = _local_index(local, base, view)
    for rule in _LOCAL_RULES:
        yield from rule(index)
    for impl in local.of_kind("implementation"):
        yield from check_implementation(impl, view)


def check_local(local_dir: FsPath, base: Sources, view: BaseView | None = None, *,
                merge: bool = True) -> tuple[Sources, list[Problem]]:
    """Problems of one local catalog against an already checked base; and its merged catalog
    (or, with merge=False, its own files: a province check never needs the merged items)."""
    from onewindow.check.checker import locate

    local, problems = load_catalog(local_dir)
    problems += validate_sources(local)
    view = view or base_view(base)
    if local.register("laws") is not None:
        view = base_view(base, local)
    elif local.of_kind("department"):
        view = BaseView(view.where, view.items, view.laws,
                        view.departments | {str(d.data.get("id")) for d in local.of_kind("department")}, view.windows)
    files = {f.file: f for f in local.files}
    problems += [locate(finding, files) for finding in _findings(local, base, view)]
    return (effective_sources(local, base) if merge else local), problems


def _no_base(local_dir: FsPath, message: str) -> Problem:
    return Problem("OW309", message, display_path(local_dir / LAYER_FILE), 1, 1, ("base",),
                   "在 layer.yml 中写 base: 基本目录文件夹的相对路径，例如 base: ../../base", phase=Phase.CONSISTENCY)


def resolve_base(local_dir: FsPath) -> tuple[FsPath | None, Problem | None]:
    """The base catalog folder a local catalog names, or the problem with it."""
    local, _ = load_catalog_layer_only(local_dir)
    base_dir = layer_info(local).base_dir
    if base_dir is None:
        return None, _no_base(local_dir, "layer.yml 没有写基本目录的位置（base）")
    if not base_dir.is_dir():
        return None, _no_base(local_dir, f"基本目录“{display_path(base_dir)}”不存在或不是文件夹")
    if is_layer(base_dir) or base_dir.resolve() == local_dir.resolve():
        return None, _no_base(local_dir, f"“{display_path(base_dir)}”是实施清单，不是基本目录")
    return base_dir, None


def load_catalog_layer_only(local_dir: FsPath) -> tuple[Sources, list[Problem]]:
    from onewindow.catalog.loader import load_file

    sources = Sources(root=local_dir)
    loaded, problems = load_file(local_dir / LAYER_FILE, "layer")
    sources.files.append(loaded)
    return sources, problems


def _base_result(base_dir: FsPath, suppress: frozenset[str], memo_file: FsPath | None = None):  # -> CheckResult
    from onewindow.check.checker import check_flat

    return check_flat(base_dir, suppress, memo_file=memo_file)


def base_memo(memo_file: FsPath) -> FsPath:
    """The base's own memo beside a local build's: one memo file describes one flat catalog."""
    return memo_file.with_name(memo_file.name.removesuffix(".json") + "-base.json")


def check_layer(local_dir: FsPath, suppress: frozenset[str] = frozenset(),
                memo_file: FsPath | None = None):  # -> CheckResult
    """A local catalog: its base is checked too (its problems are shown in the base's files).
    With `memo_file` (a build's), base item files unchanged since the last build are not
    checked again, as in a flat build: a base edit re-checks that one item."""
    from onewindow.check.checker import CheckResult, finish

    base_dir, problem = resolve_base(local_dir)
    if base_dir is None:
        local, problems = load_catalog(local_dir)
        problems += validate_sources(local)
        return CheckResult(local, finish([*problems, problem], suppress))
    base = _base_result(base_dir, suppress, base_memo(memo_file) if memo_file else None)
    merged, problems = check_local(local_dir, base.sources)
    return CheckResult(merged, finish([*base.problems, *problems], suppress))


# --------------------------------------------------------------------------- province

_SHARED: dict[str, object] = {}  # the checked base, inherited by forked workers


def _check_one(local_dir: FsPath) -> tuple[int, list[Problem]]:
    base_dir, problem = resolve_base(local_dir)
    if base_dir is None:
        return 0, [problem] if problem else []
    key = str(base_dir.resolve())
    bases: dict[str, tuple[Sources, BaseView]] = _SHARED["bases"]  # type: ignore[assignment]
    if key not in bases:  # a district naming a base nobody else uses: check it here
        result = _base_result(base_dir, frozenset())
        bases[key] = (result.sources, base_view(result.sources))
    base, view = bases[key]
    local, problems = check_local(local_dir, base, view, merge=False)
    return len(local.of_kind("implementation")), problems


def check_province(root: FsPath, suppress: frozenset[str] = frozenset(), jobs: int | None = None):
    """The base once, then every local catalog in parallel. Memory: one district at a time per worker."""
    from onewindow.build.parallel import workers
    from onewindow.check.checker import CheckResult, finish

    base = _base_result(root / "base", suppress)
    bases = {str((root / "base").resolve()): (base.sources, base_view(base.sources))}
    _SHARED["bases"] = bases
    problems = list(base.problems)
    layers = province_layers(root)
    count = jobs or workers()
    implemented = 0
    if count < 2 or len(layers) < 2:
        results = map(_check_one, layers)
        for items, found in results:
            implemented += items
            problems += found
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            for items, found in pool.map(_check_one, layers, chunksize=1):
                implemented += items
                problems += found
    _SHARED.clear()
    result = CheckResult(base.sources, finish(problems, suppress))
    result.summary = {"layers": len(layers), "implementations": implemented}
    return result
