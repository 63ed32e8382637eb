"""Broken and hostile catalogs as data: each tests/corpus/<case>.yml patches a valid base catalog.

Case keys:
  description: what the file does wrong (one line)
  base: folder under tests/roots/ to patch (default: minimal)
  files: {relative/path: change}; a change is a mapping with one of
      text: whole new content           edits: [{old, new}] (each `old` occurs exactly once)
      append: text added at the end     delete: true
      symlink: target ("{outside}" is a folder outside the catalog holding secret.svg/secret.yml)
      fifo: true (a named pipe)         dev_zero: true (a symlink to /dev/zero)
    plus optional encoding (default utf-8; lone surrogates become raw bytes), bom: true
    (UTF-8 BOM first). Inside text, «N*TEXT» stands for TEXT repeated N times, so huge or
    deeply nested files stay small in the repository; {tmp} is the case's temporary folder.
  expect: [{code, file, line, hint?}]  every problem `onewindow check` must report, no more
  marker: a path that must NOT exist after the check (a payload must never run)
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
ROOTS = TESTS / "roots"


@dataclass
class Case:
    name: str
    description: str
    files: dict[str, dict[str, Any]]
    expect: list[dict[str, Any]]
    base: str = "minimal"
    marker: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(path.stem, spec["description"], spec["files"], spec["expect"] or [],
                          spec.get("base", "minimal"), spec.get("marker")))
    return cases


_REPEAT = re.compile(r"«(\d+)\*(.*?)»", re.S)


def _content(change: dict[str, Any], old: str, where: Path, tmp: Path) -> bytes:
    if "text" in change:
        text = change["text"]
    elif "edits" in change:
        text = old
        for edit in change["edits"]:
            count = text.count(edit["old"])
            # Exactly once: a case whose anchor text vanished must fail, not test nothing.
            assert count == 1, f"{where}: {edit['old']!r} occurs {count} times"
            text = text.replace(edit["old"], edit["new"])
    else:
        text = old + change["append"]
    text = _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), text).replace("{tmp}", str(tmp))
    data = text.encode(change.get("encoding", "utf-8"), errors="surrogateescape")
    return (b"\xef\xbb\xbf" + data) if change.get("bom") else data


def materialize(case: Case, tmp: Path) -> Path:
    """Copy the base catalog to tmp/catalog and apply the case; return the catalog folder."""
    catalog = tmp / "catalog"
    shutil.copytree(ROOTS / case.base, catalog)
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (outside / "secret.yml").write_text("code: SECRET\n", encoding="utf-8")
    for rel, change in case.files.items():
        target = catalog / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a whole record folder replaced (by a link, say)
        elif target.exists() or target.is_symlink():
            target.unlink()
        if change.get("delete"):
            continue
        if "symlink" in change:
            os.symlink(change["symlink"].replace("{outside}", str(outside)), target)
        elif change.get("fifo"):
            os.mkfifo(target)
        elif change.get("dev_zero"):
            os.symlink("/dev/zero", target)
        else:
            target.write_bytes(_content(change, old, target, tmp))
    return catalog
