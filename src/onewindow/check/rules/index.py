"""A read-only index over loaded sources that rules share (registers, ids, items)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from onewindow.catalog.loader import LoadedFile, Sources


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def entries(record: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each well-formed entry of a list field; malformed ones are the schema's job."""
    for i, entry in enumerate(as_list(record.get(key))):
        if isinstance(entry, dict):
            yield i, entry


@dataclass
class Index:
    sources: Sources
    laws: dict[str, Any] = field(default_factory=dict)
    materials: dict[str, Any] = field(default_factory=dict)
    windows: set[str] = field(default_factory=set)
    departments: dict[str, LoadedFile] = field(default_factory=dict)
    items: dict[str, LoadedFile] = field(default_factory=dict)
    registers: set[str] = field(default_factory=set)
    _items: list[LoadedFile] = field(default_factory=list)

    @classmethod
    def build(cls, sources: Sources) -> Index:
        index = cls(sources)
        if laws := sources.register("laws"):
            index.laws = as_dict(laws.data.get("laws"))
        if materials := sources.register("materials"):
            index.materials = as_dict(materials.data.get("materials"))
        if windows := sources.register("windows"):
            index.windows = {str(w.get("name")) for _, w in entries(windows.data, "windows")}
        for dept in sources.of_kind("department"):
            index.departments.setdefault(str(dept.data.get("id")), dept)
        index._items = sources.of_kind("item")
        for item in index._items:
            index.items.setdefault(str(item.data.get("code")), item)
        index.registers = {k for k in ("laws", "materials", "windows") if sources.register(k) is not None}
        return index

    def item_files(self) -> list[LoadedFile]:
        return self._items

    def has_register(self, kind: str) -> bool:
        return kind in self.registers

    def material_name(self, material: dict[str, Any]) -> str:
        if isinstance(material.get("name"), str):
            return material["name"]
        ref = as_dict(self.materials.get(str(material.get("ref"))))
        return str(ref.get("name", material.get("ref", "")))
