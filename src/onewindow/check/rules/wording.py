"""Rules about wording: catch-all materials (OW201) and conditions (OW202)."""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.catchall import find_catchall, find_catchall_condition
from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, as_dict, entries

HINT_MATERIAL = "逐项写明材料的准确名称，例如把“房产证明等材料”改为“不动产权证书”和“房屋租赁合同”两项"
HINT_CONDITION = "逐条写明具体条件及其法律依据，删除“法律法规规定的其他条件”之类的兜底表述"
# What to write instead depends on how the condition is open-ended.
_CONDITION_HINTS = {
    "unnamed-norm": "写明所依据的规定或标准：法规名称和条文（例如《城镇排水与污水处理条例》第二十一条）、"
                    "标准编号和名称（例如 GB 5749《生活饮用水卫生标准》），或者直接写出具体要求",
    "unnamed-field": "写明具体是哪些专业、行业或业务，例如 环境工程或给排水专业",
    "open-list": "把“等”包含的项目逐项列全，删除“等”",
}


def condition_hint(kind: str) -> str:
    """The hint for an open-ended condition: what to write instead, by how it is open."""
    return _CONDITION_HINTS.get(kind, HINT_CONDITION)


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
                              f"兜底条件“{text}”：{found.reason}", condition_hint(found.kind))
