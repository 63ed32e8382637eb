"""Broken catalogs as data: each tests/cases/<case>/case.yml patches tests/roots/minimal.

case.yml keys:
  description: what the editor did wrong (Chinese, one line)
  files: {relative/path: change}, where change is one of
      "text"                       the whole new content (UTF-8)
      null                         delete the file
      {edits: [{old, new}, ...]}   replace text; each `old` must occur exactly once
      {encoding: gbk, text: ...}   the text saved in another encoding
      {text: ..., repeat: N}       the text N times (large or deeply nested files)
      {directory: true}            a folder with this name
  expect: [{code, file, line, path}]  every problem the checker must report, no more
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
CASES_DIR = TESTS / "cases"
MINIMAL = TESTS / "roots" / "minimal"


@dataclass
class Case:
    name: str
    description: str
    files: dict[str, Any]
    expect: list[dict[str, Any]]

    @property
    def code(self) -> str:
        return self.name.split("-", 1)[0]


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*/case.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(path.parent.name, spec["description"], spec["files"], spec["expect"]))
    return cases


def _edit(text: str, edits: list[dict[str, str]], where: Path) -> str:
    for edit in edits:
        # Exactly once: a fixture whose anchor text vanished must fail loudly, not test nothing.
        count = text.count(edit["old"])
        assert count == 1, f"{where}: {edit['old']!r} occurs {count} times"
        text = text.replace(edit["old"], edit["new"])
    return text


def _apply(target: Path, change: Any) -> None:
    if change is None:
        target.unlink()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(change, str):
        target.write_text(change, encoding="utf-8")
    elif "edits" in change:
        target.write_text(_edit(target.read_text(encoding="utf-8"), change["edits"], target),
                          encoding="utf-8")
    elif change.get("directory"):
        target.mkdir()
    elif "encoding" in change:
        target.write_bytes(change["text"].encode(change["encoding"]))
    elif "repeat" in change:
        target.write_text(change["text"] * change["repeat"], encoding="utf-8")
    else:
        raise ValueError(f"unknown change for {target}: {change!r}")


def build_case(case: Case, dest: Path) -> Path:
    """Copy the minimal catalog to dest and apply the case's changes; returns dest."""
    shutil.copytree(MINIMAL, dest)
    for rel, change in case.files.items():
        _apply(dest / rel, change)
    return dest
