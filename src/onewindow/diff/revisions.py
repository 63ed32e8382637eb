"""Read the catalog as it was at a git revision, and resolve it into the model as far as it goes.

`onewindow diff` compares two revisions. A revision may contain a broken record (that is
often why the pull request exists); the records that do load are still compared, and the
broken files are named instead of being reported as removed.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from onewindow.catalog.loader import LoadedFile, Sources
from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from onewindow.check.problems import Phase
from onewindow.errors import OnewindowError


class GitError(OnewindowError):
    category = "git 错误"


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, timeout=120)
    except FileNotFoundError as exc:
        raise GitError("找不到 git 命令", "安装 git 后重试") from exc
    if done.returncode != 0:
        raise GitError(f"git {args[0]} 失败：{_git_reason(done.stderr.decode('utf-8', 'replace'), args)}",
                       "检查版本名称（例如 origin/main、HEAD~1）是否存在，以及当前目录是否在 git 仓库中")
    return done.stdout


def _git_reason(stderr: str, args: tuple[str, ...]) -> str:
    """git's English complaint, said in Chinese (git's own words are not shown to editors)."""
    lowered = stderr.lower()
    if "not a git repository" in lowered:
        return "当前目录不在 git 仓库中"
    if "dubious ownership" in lowered:
        return "git 认为这个仓库的所有者不安全（safe.directory）"
    if args[0] == "rev-parse":
        return "找不到这个版本（分支、标签或提交）"
    if "bad object" in lowered or "not a valid object" in lowered or "unable to read" in lowered:
        return "仓库中缺少需要的对象（仓库可能不完整或已损坏）"
    return "git 报告了错误"


def _repo_path(catalog_dir: Path) -> tuple[Path, str]:
    """The repository top level and the catalog's path inside it (posix, no trailing slash)."""
    start = catalog_dir if catalog_dir.is_dir() else Path.cwd()
    top = Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())
    try:
        inside = catalog_dir.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise GitError(f"目录 {catalog_dir} 不在当前的 git 仓库（{top}）中",
                       "在目录所在的仓库里运行，或用 --catalog 指定仓库中的目录") from None
    return top, "" if inside == "." else inside


def export_revision(catalog_dir: Path, rev: str, dest: Path) -> list[str]:
    """Write the catalog files of `rev` below `dest`; returns the names that were not written.

    A tree comes from whoever made the commit: a crafted one can hold `..` or `.` entries,
    symbolic links and names that are not UTF-8. Only plain files whose every path component
    is an ordinary name are written, and each is checked to land inside `dest`.
    """
    top, inside = _repo_path(catalog_dir)
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", inside or ".")
    dest.mkdir(parents=True, exist_ok=True)
    root = os.path.realpath(dest)
    refused: list[str] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, raw = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii", "replace").split()
        path = os.fsdecode(raw)  # a name that is not UTF-8 keeps its bytes (surrogateescape)
        rel = path[len(inside) + 1:] if inside else path
        if kind != "blob":
            continue  # a submodule is no record
        parts = rel.split("/")
        if mode == "120000" or any(part in ("", ".", "..") for part in parts):
            refused.append(rel)  # links could point outside the catalog; `..` climbs out of dest
            continue
        target = dest.joinpath(*parts)
        if not os.path.realpath(target).startswith(root + os.sep):
            refused.append(rel)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(top, "cat-file", "blob", oid))
        except OSError:  # a name that is both a file and a folder in a crafted tree
            refused.append(rel)
    return refused


@dataclass
class Snapshot:
    """One side of a comparison: the model of what could be read, and what could not."""

    catalog: Catalog
    errors: int = 0
    skipped: list[str] = field(default_factory=list)  # record files relative to the catalog
    waiting: list[str] = field(default_factory=list)  # of those, bundles that read fine but whose member did not
    sources: Sources | None = None  # what was read (a base's items, for `diff --locals`)


_COMPARED = ("item", "bundle")  # what citizens see change; departments are context

# Problems from these phases mean a record's data may not have the shape the model expects.
_UNSAFE_PHASES = (Phase.LOAD, Phase.SCHEMA)


def _records(sources: Sources) -> list[LoadedFile]:
    return [f for f in sources.files if f.kind in _COMPARED]


def _builds(sources: Sources, base: list[LoadedFile], record: LoadedFile) -> bool:
    try:
        build_model(Sources(sources.root, [*base, record]))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        return False
    return True


def _usable(sources: Sources, bad: set[str]) -> list[LoadedFile]:
    """Records that resolve into the model; rule errors (a catch-all, a missing basis) do not
    stop a record from being compared, a malformed or unresolvable one does."""
    base = [f for f in sources.files if f.kind not in _COMPARED]
    items = [f for f in sources.of_kind("item") if f.file not in bad]
    try:  # usually every remaining record resolves; test them one by one only when not
        build_model(Sources(sources.root, [*base, *items]))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        items = [f for f in items if _builds(sources, base, f)]
    codes = {f.data.get("code") for f in items}
    bundles = []
    for f in sources.of_kind("bundle"):
        members = f.data.get("items") if isinstance(f.data.get("items"), list) else []
        if f.file not in bad and all(isinstance(m, dict) and m.get("code") in codes for m in members) \
                and _builds(sources, [*base, *items], f):
            bundles.append(f)
    return [*base, *items, *bundles]


def _relative(files: list[LoadedFile], root: Path) -> list[str]:
    out = []
    for f in files:
        path = f.fs_path
        out.append(path.relative_to(root).as_posix() if path and path.is_relative_to(root) else f.file)
    return sorted(out)


def snapshot(catalog_dir: Path) -> Snapshot:
    """check → model; with errors, the model of the records that can still be resolved."""
    result = check_catalog(catalog_dir)
    if result.ok:
        return Snapshot(build_model(result.sources), sources=result.sources)
    bad = {p.file for p in result.errors if p.phase in _UNSAFE_PHASES}
    usable = _usable(result.sources, bad)
    dropped = [f for f in _records(result.sources) if f not in usable]
    try:
        catalog = build_model(Sources(result.sources.root, usable))
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        # A broken register or department file: nothing can be resolved reliably.
        empty = Catalog(catalog_dir, {}, {}, {}, {}, {})
        return Snapshot(empty, len(result.errors), _relative(_records(result.sources), catalog_dir))
    codes = {f.data.get("code") for f in usable if f.kind == "item"}
    waiting = [f for f in dropped if f.kind == "bundle" and f.file not in bad and any(
        isinstance(m, dict) and m.get("code") not in codes for m in f.data.get("items") or [])]
    return Snapshot(catalog, len(result.errors), _relative(dropped, catalog_dir), _relative(waiting, catalog_dir),
                    sources=result.sources)


@contextmanager
def revision_snapshot(catalog_dir: Path, rev: str | None) -> Iterator[Snapshot]:
    """The catalog at `rev` (None: the working tree), read into a temporary directory."""
    if rev is None:
        yield snapshot(catalog_dir)
        return
    with tempfile.TemporaryDirectory(prefix="onewindow-rev-") as tmp:
        root = Path(tmp) / "catalog"
        refused = export_revision(catalog_dir, rev, root)
        result = snapshot(root)
        if refused:
            result.skipped = sorted({*result.skipped, *refused})
            result.errors += len(refused)
        yield result
