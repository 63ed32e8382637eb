"""Material rules: conditional (OW209), 容缺 (OW210), data sharing (OW211)."""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, as_dict, entries


def conditional_materials_say_when(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, material in entries(item.data, "materials"):
            if material.get("required") is False and not str(material.get("condition") or "").strip():
                yield Finding("OW209", item.file, ("materials", i, "required"),
                              f"材料“{index.material_name(material)}”不是必要材料，但没有写明需要提交的情形",
                              "添加 condition，例如 condition: 委托代理人办理的")


def secondary_materials_have_deadline(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, material in entries(item.data, "materials"):
            if material.get("role") == "容缺" and "supply_days" not in material:
                yield Finding("OW210", item.file, ("materials", i, "role"),
                              f"容缺材料“{index.material_name(material)}”没有写补正期限",
                              "添加 supply_days（工作日），例如 supply_days: 5")


def shared_materials_not_asked(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, material in entries(item.data, "materials"):
            entry = as_dict(index.materials.get(str(material.get("ref"))))
            if entry.get("shared") is True and material.get("source") not in (None, "数据共享获取"):
                yield Finding("OW211", item.file, ("materials", i, "source"),
                              f"“{entry.get('name')}”可通过数据共享获取，不得要求申请人提交",
                              "把 source 改为 数据共享获取、copies 改为 0，由窗口调取电子证照")
