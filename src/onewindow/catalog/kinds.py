"""The kinds of record a catalog holds: one table, read by the loader (where files live), the
schema validator and `onewindow new` (which schema), the rules (which field identifies a
record), the diff (which kinds are compared) and the editor's guide (labels, locations).

Also the tolerant accessors every stage uses on data the schema may not have accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str  # as in LoadedFile.kind
    label: str  # Chinese, for editors
    schema: str  # file name in the schemas folder
    where: str  # location below the catalog folder, as editors read it
    key: str = ""  # the field that identifies one record (and names its file); "" for a register
    folder: str = ""  # one file per record below this folder; "" for a register file
    root: str = "catalog"  # the folder `where` is relative to, as editors know it

    @property
    def register(self) -> bool:
        """A single file holding many entries (laws.yml …), not one file per record."""
        return not self.folder

    @property
    def depth(self) -> int:
        """Path parts from the catalog folder to a record file."""
        return len(PurePosixPath(self.where).parts)


# In the order an editor meets them.
KINDS: tuple[Kind, ...] = (
    Kind("item", "事项", "item.schema.json", "items/<部门标识>/<事项编码>.yml", "code", "items"),
    Kind("bundle", "一件事", "bundle.schema.json", "bundles/<标识>.yml", "id", "bundles"),
    Kind("department", "部门", "department.schema.json", "departments/<部门标识>.yml", "id", "departments"),
    Kind("laws", "法律法规登记册", "laws.schema.json", "laws.yml"),
    Kind("materials", "通用材料登记册", "materials.schema.json", "materials.yml"),
    Kind("windows", "综合窗口类别", "windows.schema.json", "windows.yml"),
    # A district that implements a base catalog (五级联动) writes these two (onewindow.catalog.layers).
    Kind("layer", "分层目录（实施清单）", "layer.schema.json", "layer.yml", root="<区县目录>"),
    Kind("implementation", "实施事项", "implementation.schema.json", "implementations/<基本目录事项编码>.yml",
         folder="implementations", root="<区县目录>"),
)
KIND = {kind.name: kind for kind in KINDS}
RECORD_KINDS = tuple(k.name for k in KINDS if not k.register)  # compared record by record (diff)
SCHEMA_FILES = {kind.name: kind.schema for kind in KINDS}
FOLDER_KINDS = {kind.folder: kind for kind in KINDS if kind.folder}
YAML_SUFFIXES = (".yml", ".yaml")  # compared case-insensitively: Windows editors save .YML


def kind_at(rel_parts: tuple[str, ...]) -> str | None:
    """The kind of the YAML file at this path below the catalog folder (None: not a known place)."""
    for kind in KINDS:
        if kind.register and len(rel_parts) == 1 and _stem(rel_parts[0]) == _stem(kind.where):
            return kind.name
        if kind.folder and len(rel_parts) == kind.depth and rel_parts[0] == kind.folder:
            return kind.name
    return None


def _stem(name: str) -> str | None:
    """laws.yml and laws.yaml are the same register; other names have no stem here."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and f".{suffix}" in YAML_SUFFIXES else None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def entries(record: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each well-formed entry of a list field; malformed ones are the schema's job."""
    for i, entry in enumerate(as_list(record.get(key))):
        if isinstance(entry, dict):
            yield i, entry


def strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text value anywhere in a record, with its path (keys are not values), in document
    order. Collected into a list first by plain recursion into mappings and lists only: a
    generator per level, or a stack entry per value, cost more than the texts themselves."""
    found: list[tuple[tuple, str]] = []
    if isinstance(data, str):
        found.append((path, data))
    elif isinstance(data, dict | list):
        _collect_strings(data, path, found.append)
    return iter(found)


def _collect_strings(data: dict[str, Any] | list[Any], path: tuple,
                     add: Callable[[tuple[tuple, str]], None]) -> None:
    for key, value in data.items() if isinstance(data, dict) else enumerate(data):
        if isinstance(value, str):
            add(((*path, key), value))
        elif isinstance(value, dict | list):
            _collect_strings(value, (*path, key), add)
