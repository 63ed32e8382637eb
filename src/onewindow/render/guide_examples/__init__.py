"""Wrong and right examples for every problem code, shown in the editor's guide.

The examples are data (examples.yml). Each variant is a YAML snippet applied to a small
valid catalog (base/): in "keys" mode the snippet's top-level fields replace those fields
of a record, in "file" mode it is the whole file. The test suite materializes every
variant and runs `check` on it, so the guide can only show examples the checker agrees with.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
BASE_CATALOG = HERE / "base"
EXAMPLES_FILE = HERE / "examples.yml"
BASE_ITEM = "items/scjg/999901000000XK00101.yml"

_TOP_KEY = re.compile(r"^(?:\?\s*)?([^\s#:][^:]*?):(?:\s|$)")


@dataclass(frozen=True)
class Variant:
    text: str
    file: str = BASE_ITEM
    mode: str = "keys"  # keys | file
    encoding: str = "utf-8"
    pad_bytes: int = 0  # append a comment this long (file-size examples)
    remove: tuple[str, ...] = ()  # base files deleted for this variant

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Variant:
        return cls(data.get("text", ""), data.get("file", BASE_ITEM), data.get("mode", "keys"),
                   data.get("encoding", "utf-8"), int(data.get("pad_bytes", 0)),
                   tuple(data.get("remove", ())))


@dataclass(frozen=True)
class Example:
    code: str
    wrong: Variant
    right: Variant
    note: str = ""
    also: tuple[str, ...] = field(default=())  # other codes the wrong variant also triggers


def load_examples() -> dict[str, Example]:
    data = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return {e["code"]: Example(e["code"], Variant.from_data(e["wrong"]), Variant.from_data(e["right"]),
                               e.get("note", ""), tuple(e.get("also", ())))
            for e in data}


def _blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """Split YAML text into top-level blocks (key, lines); leading comments join the next key."""
    blocks: list[tuple[str | None, list[str]]] = []
    pending: list[str] = []
    for line in text.splitlines():
        match = _TOP_KEY.match(line) if line and not line[0].isspace() and not line.startswith("#") else None
        if match:
            blocks.append((match.group(1).strip(), [*pending, line]))
            pending = []
        elif blocks and not pending and (line.startswith((" ", "\t", "-")) or not line.strip()):
            blocks[-1][1].append(line)
        else:
            pending.append(line)
    if pending:
        blocks.append((None, pending))
    return blocks


def replace_keys(base: str, snippet: str) -> str:
    """Base record text with the snippet's top-level fields put in place of the base's."""
    new_blocks = _blocks(snippet)
    by_key: dict[str | None, list[str]] = {}
    for key, lines in new_blocks:
        by_key.setdefault(key, []).extend(lines)
    out: list[str] = []
    used: set[str | None] = set()
    for key, lines in _blocks(base):
        if key in by_key and key is not None:
            if key not in used:
                out.extend(by_key[key])
                used.add(key)
        else:
            out.extend(lines)
    for key, lines in new_blocks:
        if key not in used:
            out.extend(lines)
            used.add(key)
    return "\n".join(out) + "\n"


def variant_text(variant: Variant, base_dir: Path = BASE_CATALOG) -> str:
    if variant.mode == "file":
        return variant.text
    base_file = base_dir / variant.file
    base = (base_file if base_file.is_file() else base_dir / BASE_ITEM).read_text(encoding="utf-8")
    return replace_keys(base, variant.text)


def materialize(variant: Variant, dest: Path) -> Path:
    """Copy the base catalog to `dest` and apply the variant; returns the changed file."""
    shutil.copytree(BASE_CATALOG, dest)
    text = variant_text(variant)
    for rel in variant.remove:
        (dest / rel).unlink()
    target = dest / variant.file
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = text.encode(variant.encoding)
    if variant.pad_bytes:
        raw += b"# " + b"0" * variant.pad_bytes + b"\n"
    target.write_bytes(raw)
    return target
