"""Rules about wording: catch-all materials (OW201) and conditions (OW202)."""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.catchall import find_catchall, find_catchall_condition
from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, as_dict, entries

HINT_MATERIAL = "逐项写明材料的准确名称，例如把“房产证明等材料”改为“不动产权证书”和“房屋租赁合同”两项"
HINT_CONDITION = "逐条写明具体条件及其法律依据，删除“法律法规规定的其他条件”之类的兜底表述"


def materials_named_exactly(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, material in entries(item.data, "materials"):
            name = material.get("name")
            if isinstance(name, str) and (found := find_catchall(name)):
                yield Finding("OW201", item.file, ("materials", i, "name"),
                              f"兜底材料“{name}”：{found.reason}", HINT_MATERIAL)
    register = index.sources.register("materials")
    if register:
        for key, entry in as_dict(register.data.get("materials")).items():
            name = as_dict(entry).get("name")
            if isinstance(name, str) and (found := find_catchall(name)):
                yield Finding("OW201", register.file, ("materials", key, "name"),
                              f"兜底材料“{name}”：{found.reason}", HINT_MATERIAL)


def conditions_stated_exactly(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, condition in entries(item.data, "conditions"):
            text = condition.get("text")
            if isinstance(text, str) and (found := find_catchall_condition(text)):
                yield Finding("OW202", item.file, ("conditions", i, "text"),
                              f"兜底条件“{text}”：{found.reason}", HINT_CONDITION)
