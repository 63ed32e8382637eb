"""What the last build's check learned about each item file, so an edit re-checks only the
files that changed.

An item file's problems and (normalised) data depend on its own bytes and on the rest of the
catalog the per-item rules read: registers, departments, bundles (the "shared" files), plus
onewindow's own code and the working folder (problems name files relative to it). The memo
keys each item on the hash of its bytes and the whole memo on a digest of all the rest; the
cross-item rules (unique codes, bundle members) always run again over every item.

It is stored as JSON lines, a head and then one entry a line (never pickle: the build folder is not trusted to hold code) in the
build folder beside the manifest, and a memo that does not read back exactly is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from onewindow.catalog.compact import shared_strings
from onewindow.catalog.loader import LoadedFile
from onewindow.check.problems import Phase, Problem, Severity


def memo_path(build_dir: FsPath) -> FsPath:
    """Beside build/, not inside it: build/ is published whole and byte-reproducible, while the
    memo names this machine's paths. (Named like the publication journal, which .gitignore covers.)"""
    return build_dir.parent / f".{build_dir.name}.onewindow-check-memo.json"
VERSION = 2  # 2: JSON lines


def file_digest(path: FsPath) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # unreadable: checked (and reported) the ordinary way


def shared_digest(paths: list[FsPath], salt: str) -> str:
    """Everything besides an item's own bytes that its problems may depend on."""
    h = hashlib.sha256(f"{VERSION}\0{salt}\0{os.getcwd()}".encode())
    for path in sorted(paths):
        h.update(os.fsencode(path) + b"\0" + (file_digest(path) or "unreadable").encode())
    return h.hexdigest()


@dataclass
class Entry:
    digest: str
    data: dict[str, Any]
    problems: list[Problem]


@dataclass
class CheckMemo:
    shared: str
    entries: dict[str, Entry] = field(default_factory=dict)  # key: the file's path as given

    @classmethod
    def read(cls, file: FsPath, shared: str) -> CheckMemo:
        """The memo in `file` if it was made for the same shared files; an empty one otherwise.
        Read a line (an entry) at a time, its strings shared with the entries before it: at
        10,000 items the memo's text and its parsed copies would outweigh the data it holds."""
        memo = cls(shared)
        table: dict[str, str] = {}
        try:
            with file.open(encoding="utf-8") as lines:
                head = json.loads(next(lines, "null"))
                if not isinstance(head, dict) or head.get("version") != VERSION or head.get("shared") != shared:
                    return memo
                for line in lines:
                    key, e = json.loads(line)
                    if isinstance(e.get("data"), dict):
                        memo.entries[str(key)] = Entry(str(e["digest"]), shared_strings(e["data"], table),
                                                       [_problem(p) for p in e["problems"]])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(shared)  # damaged or foreign: check everything again
        return memo

    def hit(self, path: FsPath, digest: str | None) -> Entry | None:
        entry = self.entries.get(str(path))
        return entry if entry is not None and digest is not None and entry.digest == digest else None

    def remember(self, loaded: LoadedFile, digest: str | None, problems: list[Problem]) -> None:
        """Keep a freshly checked file whose data survives JSON exactly."""
        if digest is None or not isinstance(loaded.data, dict) or loaded.fs_path is None:
            return
        try:
            if json.loads(json.dumps(loaded.data, ensure_ascii=False)) != loaded.data:
                return  # a value JSON would change (a tuple, a date): not worth the risk
        except (TypeError, ValueError):
            return
        self.entries[str(loaded.fs_path)] = Entry(digest, loaded.data, problems)

    def write(self, file: FsPath) -> None:
        """Atomically: a kill leaves the old memo or the new one, never half of one. Written an
        entry at a time: at 10,000 items the whole memo as one text is a hundred megabytes."""
        for stale in file.parent.glob(f"{file.name}.tmp-*"):  # a build killed while writing
            stale.unlink(missing_ok=True)
        partial = file.with_name(file.name + f".tmp-{os.getpid()}")
        try:
            with partial.open("w", encoding="utf-8") as out:
                out.write(json.dumps({"version": VERSION, "shared": self.shared}) + "\n")
                for key, e in sorted(self.entries.items()):
                    entry = {"digest": e.digest, "data": e.data, "problems": [_plain(p) for p in e.problems]}
                    out.write(json.dumps([key, entry], ensure_ascii=False) + "\n")
            os.replace(partial, file)
        finally:
            partial.unlink(missing_ok=True)


def _plain(problem: Problem) -> dict[str, Any]:
    return {"code": problem.code, "message": problem.message, "file": problem.file, "line": problem.line,
            "column": problem.column, "path": list(problem.path), "hint": problem.hint,
            "severity": problem.severity.value, "phase": problem.phase.value,
            "schema_path": list(problem.schema_path)}


def _problem(raw: dict[str, Any]) -> Problem:
    return Problem(str(raw["code"]), str(raw["message"]), str(raw["file"]), int(raw["line"]), int(raw["column"]),
                   tuple(raw["path"]), str(raw["hint"]), Severity(raw["severity"]), Phase(raw["phase"]),
                   tuple(raw["schema_path"]))
