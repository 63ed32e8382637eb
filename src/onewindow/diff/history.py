"""Change history of catalog records, read from git (dates come from commits, never the clock)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class HistoryEntry:
    date: str  # YYYY-MM-DD of the commit
    summary: str  # the commit's subject line
    commit: str  # abbreviated hash


def _git(cwd: Path, *args: str) -> str | None:
    try:
        # errors="surrogateescape": a file name or commit subject that is not UTF-8 (an old GBK
        # commit) must not stop the build; such a name never matches a record file anyway.
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60,
                              encoding="utf-8", errors="surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout, or git missing: a history is optional
    return done.stdout


@cache
def _log(root: Path) -> dict[str, list[HistoryEntry]]:
    """Every commit touching the catalog, grouped by file (one git call for the whole catalog)."""
    out = _git(root, "-c", "core.quotePath=false", "log", "--format=\x1e%h\x1f%cs\x1f%s", "--name-only", "--no-renames", "--", ".")
    prefix = _git(root, "rev-parse", "--show-prefix")
    history: dict[str, list[HistoryEntry]] = {}
    if out is None or prefix is None:
        return history
    prefix = prefix.strip()
    for block in out.split("\x1e")[1:]:
        header, _, files = block.partition("\n")
        commit, date, summary = header.split("\x1f", 2)
        # A subject shown on a page: bytes that were not UTF-8 become U+FFFD, controls are dropped.
        summary = "".join(ch for ch in summary.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                          if ch.isprintable() or ch == " ")
        entry = HistoryEntry(date, summary.strip(), commit)
        for name in filter(None, (f.strip() for f in files.splitlines())):
            if name.startswith(prefix):
                history.setdefault(name[len(prefix):], []).append(entry)
    return history


def history_for(catalog_dir: Path, rel_file: str, limit: int = 10) -> list[HistoryEntry]:
    """Newest-first changes of one record file (path relative to the catalog directory)."""
    return _log(catalog_dir.resolve()).get(rel_file, [])[:limit]


def last_changed(catalog_dir: Path, rel_file: str) -> str:
    entries = history_for(catalog_dir, rel_file, 1)
    return entries[0].date if entries else ""


def deleted_files(catalog_dir: Path) -> set[str]:
    """Record files (relative to the catalog) that git knows existed and are gone now:
    deleted in the working tree or in any commit. Empty outside a git checkout."""
    root = catalog_dir.resolve()
    committed = _git(root, "-c", "core.quotePath=false", "log", "--diff-filter=D", "--name-only",
                     "--relative", "--format=", "--", ".")
    working = _git(root, "-c", "core.quotePath=false", "diff", "--name-only", "--relative", "--diff-filter=D",
                   "HEAD", "--", ".")
    names = {n.strip() for out in (committed, working) if out for n in out.splitlines() if n.strip()}
    return {n for n in names if not (root / n).exists()}
