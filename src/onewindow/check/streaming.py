"""Check a flat catalog in bounded memory, on every core.

Registers, departments and bundles are few: the main process loads them. Items are many: worker
processes (forked, so they inherit what the main process loaded) take them in chunks, load each
file without its position map, validate it, run the per-item rules over the chunk, and send back
located problems plus a small stub (code, file, situation ids) for the rules that look across
items: unique codes and bundle members, which the main process runs over the stubs. Positions
are re-derived by reading a file again only when it has a problem, so the memory of a check no
longer holds a line/column entry for every node of every file.

`keep_data` also returns each item's data (no positions) for `build`, which needs the model.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath

from onewindow.catalog.compact import shared_strings
from onewindow.catalog.loader import LoadedFile, Sources, display_path, load_file, plan_catalog
from onewindow.catalog.schema import quick_valid, validate_file, validate_sources
from onewindow.check.memo import CheckMemo, file_digest, shared_digest
from onewindow.check.problems import Finding, Problem
from onewindow.check.rules import RULES, Index
from onewindow.check.rules.index import entries
from onewindow.check.rules.references import item_codes_unique, registers_present

# Run only in the main process: the registers' presence and codes unique across all items.
_GLOBAL_ONLY = (registers_present, item_codes_unique)
ITEM_RULES = tuple(rule for rule in RULES if rule not in _GLOBAL_ONLY)
CHUNK = 64  # items per task: big enough to amortise pickling, small enough to bound memory
MIN_ITEMS_FOR_POOL = 400  # below this a pool costs more to start than it saves


@dataclass
class ChunkResult:
    problems: list[Problem] = field(default_factory=list)
    stubs: list[LoadedFile] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)  # with keep_data


_SHARED: dict[str, Index] = {}  # the main process's index of registers and departments


def _stub(loaded: LoadedFile) -> LoadedFile:
    """What the cross-item rules read of an item: its code, name (for suggestions) and situation ids."""
    data = loaded.data
    if not isinstance(data, dict):  # kept so a bundle naming it can say the file is unreadable
        return LoadedFile(loaded.file, "item", None, fs_path=loaded.fs_path)
    situations = [{"id": s.get("id")} for _, s in entries(data, "situations")]
    stub = {"code": data.get("code"), "name": data.get("name"), "situations": situations}
    return LoadedFile(loaded.file, "item", stub, fs_path=loaded.fs_path)


def _positioned(loaded: LoadedFile) -> LoadedFile:
    """The same file read again with its position map, to place problems in it."""
    assert loaded.fs_path is not None
    again, _ = load_file(loaded.fs_path, loaded.kind)
    return again


def locate_findings(findings: Sequence[Finding], files: dict[str, LoadedFile]) -> list[Problem]:
    """Problems for findings, re-reading (once) only the files that have one."""
    from onewindow.check.checker import locate

    placed: dict[str, LoadedFile] = {}
    problems = []
    for finding in findings:
        if finding.file not in placed and finding.file in files:
            loaded = files[finding.file]
            placed[finding.file] = _positioned(loaded) if not loaded.positions and loaded.fs_path else loaded
        problems.append(locate(finding, placed))
    return problems


def _chunk_index(shared: Index, items: list[LoadedFile]) -> Index:
    """The shared index (registers, departments) over one chunk's items; every other field,
    including those added later, carries over because it is a copy of the shared one. The texts
    walked for the rules are the chunk's own: shared, they would keep every item a worker has
    checked alive until the check ends."""
    readable = [f for f in items if isinstance(f.data, dict)]
    return replace(shared, sources=Sources(shared.sources.root, readable),
                   items={str(f.data.get("code")): f for f in reversed(readable)}, _items=readable, _texts={})


def check_items(paths: list[FsPath], keep_data: bool = False) -> ChunkResult:
    """Load, validate and rule-check one chunk of item files (in a worker or inline)."""
    shared = _SHARED["index"]
    result = ChunkResult()
    loaded_files: list[LoadedFile] = []
    unreadable: list[LoadedFile] = []
    for path in paths:
        loaded, found = load_file(path, "item", positions=False)
        result.problems += found
        if keep_data:  # unreadable files too: `diff` names them as not compared
            result.files.append(loaded)
        if not isinstance(loaded.data, dict):
            unreadable.append(loaded)
        else:
            loaded_files.append(loaded)
            if not quick_valid(loaded):
                result.problems += validate_file(_positioned(loaded))
    index = _chunk_index(shared, loaded_files)
    findings = [finding for rule in ITEM_RULES for finding in rule(index)]
    result.problems += locate_findings(findings, {f.file: f for f in loaded_files})
    result.stubs = [_stub(f) for f in loaded_files] + [_stub(f) for f in unreadable]
    if keep_data:
        _compact(result.files)
    return result


def _compact(files: list[LoadedFile]) -> None:
    """Make a chunk's kept data small before it crosses to the main process, which holds every
    item's data for the whole build. The raw scalar texts were only for validation. Equal
    strings (every record's field names, and the law ids, article numbers, window and material
    names records share) become one object, so the chunk's pickle, and what the main process
    unpickles, holds each once; at 10,000 items the main process otherwise held about 60 KB a record."""
    table: dict[str, str] = {}
    for loaded in files:
        loaded.raw_scalars = {}
        loaded.data = shared_strings(loaded.data, table)


def _check_items_kept(paths: list[FsPath]) -> ChunkResult:
    return check_items(paths, keep_data=True)


def _chunks(paths: list[FsPath]) -> Iterator[list[FsPath]]:
    for start in range(0, len(paths), CHUNK):
        yield paths[start:start + CHUNK]


def _run_chunks(paths: list[FsPath], keep_data: bool, jobs: int) -> Iterator[ChunkResult]:
    work = _check_items_kept if keep_data else check_items
    if jobs < 2 or len(paths) < MIN_ITEMS_FOR_POOL:
        yield from map(work, _chunks(paths))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_gc) as pool:
        yield from pool.map(work, _chunks(paths))


def _worker_gc() -> None:
    """A worker's garbage collector leaves alone what it inherited (schemas, registers, modules),
    and runs less often: loading a file makes thousands of short-lived objects without cycles,
    and at the default threshold (700 allocations) young collections ran every few hundred
    nodes (about 10 % of a worker's time on a generated catalog)."""
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])


def check_stream(catalog_dir: FsPath, *, keep_data: bool = True, jobs: int | None = None,
                 memo_file: FsPath | None = None) -> tuple[Sources, list[Problem]]:
    """Every problem of a flat catalog; the sources hold item data only with keep_data.

    With `memo_file` (a build), item files unchanged since the memo was written are not checked
    again (onewindow.check.memo), and the memo is brought up to date."""
    from onewindow.build.parallel import workers
    from onewindow.check.checker import locate

    planned, problems = plan_catalog(catalog_dir)
    sources = Sources(catalog_dir)
    items: list[FsPath] = []
    for path, kind in planned:
        if kind == "item":
            items.append(path)
            continue
        loaded, found = load_file(path, kind)
        sources.files.append(loaded)
        problems += found
    problems += validate_sources(sources)
    shared = Index.build(sources)
    memo = _memo(memo_file, [path for path, kind in planned if kind != "item"]) if keep_data else None
    digests = {path: file_digest(path) for path in items} if memo is not None else {}
    done: dict[FsPath, tuple[LoadedFile, list[Problem]]] = {}
    for path in items:
        if memo is not None and (entry := memo.hit(path, digests[path])):
            done[path] = (LoadedFile(display_path(path), "item", entry.data, fs_path=path), entry.problems)
    plain_stubs: list[LoadedFile] = []  # without keep_data: what the cross-item rules need
    _SHARED["index"] = shared
    try:
        for chunk in _run_chunks([p for p in items if p not in done], keep_data, jobs or workers()):
            if not keep_data:
                problems += chunk.problems
                plain_stubs += chunk.stubs
                continue
            by_file: dict[str, list[Problem]] = {}
            for problem in chunk.problems:
                by_file.setdefault(problem.file, []).append(problem)
            for loaded in chunk.files:
                assert loaded.fs_path is not None
                found = by_file.pop(loaded.file, [])
                done[loaded.fs_path] = (loaded, found)
                if memo is not None:
                    memo.remember(loaded, digests.get(loaded.fs_path), found)
            problems += [p for rest in by_file.values() for p in rest]
    finally:
        _SHARED.clear()
    item_files = [done[path][0] for path in items if path in done] if keep_data else []
    stubs = [_stub(f) for f in item_files] if keep_data else plain_stubs
    problems += [p for path in items if path in done for p in done[path][1]]
    if memo is not None and memo_file is not None:
        memo.entries = {key: e for key, e in memo.entries.items() if FsPath(key) in done}  # gone files
        _save(memo, memo_file)
    # The rules over registers, departments and bundles, with items known by their stubs.
    for stub in stubs:
        if isinstance(stub.data, dict):
            shared.items.setdefault(str(stub.data.get("code")), stub)
        else:
            shared.unreadable.append(stub)
    files = {f.file: f for f in sources.files}
    problems += [locate(f, files) for rule in RULES if rule is not item_codes_unique for f in rule(shared)]
    duplicates = list(item_codes_unique(_chunk_index(shared, stubs)))
    problems += locate_findings(duplicates, {f.file: f for f in stubs})
    sources.files += item_files
    return sources, problems


def _memo(memo_file: FsPath | None, shared_files: list[FsPath]) -> CheckMemo | None:
    if memo_file is None:
        return None
    from onewindow.build.cache import code_salt

    return CheckMemo.read(memo_file, shared_digest(shared_files, code_salt()))


def _save(memo: CheckMemo, memo_file: FsPath) -> None:
    """Written beside the outputs, atomically; a memo that cannot be written is only a slower next build."""
    with contextlib.suppress(OSError):
        memo.write(memo_file)
