"""A read-only index over loaded sources that rules share (registers, ids, items)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onewindow.catalog.kinds import as_dict, as_list, entries, strings
from onewindow.catalog.loader import LoadedFile, Sources
from onewindow.check.rules.suggest import Choice

__all__ = ["Index", "as_dict", "as_list", "entries", "strings"]




@dataclass
class Index:
    sources: Sources
    laws: dict[str, Any] = field(default_factory=dict)
    materials: dict[str, Any] = field(default_factory=dict)
    windows: set[str] = field(default_factory=set)
    departments: dict[str, LoadedFile] = field(default_factory=dict)
    items: dict[str, LoadedFile] = field(default_factory=dict)
    registers: set[str] = field(default_factory=set)
    window_ids: dict[str, str] = field(default_factory=dict)  # window name -> its id, for suggestions
    unreadable: list[LoadedFile] = field(default_factory=list)  # record files that failed to load
    _items: list[LoadedFile] = field(default_factory=list)
    _deleted: set[str] | None = None
    _texts: dict[int, tuple[LoadedFile, list[tuple[tuple, str]]]] = field(default_factory=dict)
    # What is wrong with an attachment path, by (catalog root, path as written); kept for a whole
    # check (indexes made from this one by dataclasses.replace share it): see assets_inside_catalog.
    asset_verdicts: dict[tuple[Any, str], tuple[str, str] | tuple[()]] = field(default_factory=dict)

    @classmethod
    def build(cls, sources: Sources) -> Index:
        index = cls(sources)
        if laws := sources.register("laws"):
            index.laws = as_dict(laws.data.get("laws"))
        if materials := sources.register("materials"):
            index.materials = as_dict(materials.data.get("materials"))
        if windows := sources.register("windows"):
            index.window_ids = {str(w.get("name")): str(w.get("id", "")) for _, w in entries(windows.data, "windows")}
            index.windows = set(index.window_ids)
        for dept in sources.of_kind("department"):
            index.departments.setdefault(str(dept.data.get("id")), dept)
        index._items = sources.of_kind("item")
        for item in index._items:
            index.items.setdefault(str(item.data.get("code")), item)
        index.registers = {k for k in ("laws", "materials", "windows") if sources.register(k) is not None}
        return index

    def item_files(self) -> list[LoadedFile]:
        return self._items

    def texts(self, record: LoadedFile) -> list[tuple[tuple, str]]:
        """Every text value of the record with its path (`strings`), walked once for all the
        rules that read every text (dates, placeholders, glyphs)."""
        known = self._texts.get(id(record))
        if known is None or known[0] is not record:  # the record pins its id while kept
            known = self._texts[id(record)] = (record, list(strings(record.data)))
        return known[1]

    def has_register(self, kind: str) -> bool:
        return kind in self.registers

    def material_name(self, material: dict[str, Any]) -> str:
        if isinstance(material.get("name"), str):
            return material["name"]
        ref = as_dict(self.materials.get(str(material.get("ref"))))
        return str(ref.get("name", material.get("ref", "")))

    def choices(self, kind: str) -> list[Choice]:
        """What a reference of this kind may name, with the names people use for each."""
        if kind == "laws":
            return [Choice(k, (str(as_dict(v).get("title", "")), str(as_dict(v).get("short_title", ""))),
                           str(as_dict(v).get("title", ""))) for k, v in self.laws.items()]
        if kind == "materials":
            return [Choice(k, (str(as_dict(v).get("name", "")),), str(as_dict(v).get("name", "")))
                    for k, v in self.materials.items()]
        if kind == "windows":
            return [Choice(name, (window_id,)) for name, window_id in self.window_ids.items()]
        if kind == "departments":
            return [Choice(k, (str(d.data.get("name", "")), str(d.data.get("short_name", ""))),
                           str(d.data.get("short_name") or d.data.get("name", "")))
                    for k, d in self.departments.items()]
        if kind == "items":
            return [Choice(k, (str(i.data.get("name", "")),), str(i.data.get("name", "")))
                    for k, i in self.items.items()]
        raise KeyError(kind)

    def missing_record(self, kind: str, key: str) -> str:
        """Why a record this catalog keeps in its own file (item, department) is absent: it
        failed to load, or git says it was deleted. "" when neither is known."""
        folder = {"item": "items", "department": "departments"}[kind]
        for loaded in [*self.sources.files, *self.unreadable]:
            if loaded.kind == kind and not isinstance(loaded.data, dict) and loaded.fs_path is not None \
                    and loaded.fs_path.stem == key:
                return f"它的记录文件 {loaded.file} 无法读取（见该文件的错误）"
        if self._deleted is None:
            from onewindow.diff.history import deleted_files

            self._deleted = deleted_files(self.sources.root)
        for name in sorted(self._deleted):
            parts = name.split("/")
            if parts[0] == folder and parts[-1] in (f"{key}.yml", f"{key}.yaml"):
                return f"它的记录文件 {name} 已被删除"
        return ""
