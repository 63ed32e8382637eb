"""Cross-layer rules: a local implementation (实施清单) may narrow its base item, never widen it.

May: commit fewer days than the base's legal limit, ask for fewer visits, spare a statutory
material through a named data-sharing source or a 告知承诺 basis, let a material follow later
(容缺), choose its window, office and online link. May not: add a material or condition without
its own legal basis, change the legal basis, or raise a fee. Every finding is placed in the
local file and names the base item it breaks (code and name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from onewindow.catalog.loader import LoadedFile
from onewindow.check.catchall import find_catchall, find_catchall_condition
from onewindow.check.problems import Finding, Path
from onewindow.check.rules.index import as_dict, as_list, entries
from onewindow.check.rules.wording import HINT_MATERIAL, condition_hint


@dataclass
class BaseView:
    """What the local rules need from the base catalog (plain data, no positions)."""

    where: str  # the base catalog as shown to the user
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    laws: dict[str, Any] = field(default_factory=dict)
    departments: set[str] = field(default_factory=set)
    windows: set[str] = field(default_factory=set)


def _label(code: str, base: dict[str, Any]) -> str:
    return f"基本目录事项“{base.get('name', code)}”（{code}）"


def _basis_findings(view: BaseView, file: str, basis: Any, path: Path, what: str,
                    missing_code: str) -> Iterator[Finding]:
    refs = as_list(basis)
    if not refs:
        yield Finding(missing_code, file, path, f"{what}没有写法律依据",
                      "添加 basis：[{law: 法律标识, article: 第X条}]；本地增加的要求必须有自己的法律依据，否则不能增加")
        return
    for j, ref in enumerate(refs):
        law = as_dict(ref).get("law")
        if isinstance(law, str) and law not in view.laws:
            yield Finding("OW203", file, (*path, j, "law"),
                          f"引用的法律“{law}”既不在基本目录的法律法规登记册中，也不在本地 laws.yml 中",
                          "在本目录的 laws.yml 中登记这部地方性法规或规章，或改用已登记的标识")


def _legal_refs(basis: Any) -> list[tuple[str, str]]:
    return sorted((str(as_dict(r).get("law")), str(as_dict(r).get("article"))) for r in as_list(basis))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _raised(base_standard: str, local_standard: str) -> bool | None:
    """True when the local standard asks more than the base; None when they cannot be compared."""
    if base_standard == local_standard:
        return False
    old = [float(n) for n in _NUMBER.findall(base_standard)]
    new = [float(n) for n in _NUMBER.findall(local_standard)]
    if not old or len(old) != len(new):
        return None
    return any(n > o for n, o in zip(new, old, strict=True))


def _fee_findings(impl: LoadedFile, code: str, base: dict[str, Any], view: BaseView) -> Iterator[Finding]:
    fee = impl.data.get("fee")
    if not isinstance(fee, dict):
        return
    base_fee = as_dict(base.get("fee"))
    label = _label(code, base)
    if fee.get("charged") is True and base_fee.get("charged") is not True:
        yield Finding("OW308", impl.file, ("fee", "charged"), f"{label}不收费，实施清单不能改为收费",
                      "删除 fee，或把 charged 改为 false")
        return
    base_items = {str(f.get("name")): f for _, f in entries(base_fee, "items")}
    for i, item in entries(fee, "items"):
        name = str(item.get("name"))
        if name not in base_items:
            yield Finding("OW308", impl.file, ("fee", "items", i, "name"),
                          f"收费项目“{name}”不在{label}的收费项目中，实施清单不能增加收费",
                          f"只能保留或降低基本目录的收费项目：{'、'.join(base_items) or '（无）'}")
            continue
        raised = _raised(str(base_items[name].get("standard", "")), str(item.get("standard", "")))
        if raised is not False:
            why = "高于" if raised else "无法确认不高于"
            yield Finding("OW308", impl.file, ("fee", "items", i, "standard"),
                          f"收费标准“{item.get('standard')}”{why}{label}的标准“{base_items[name].get('standard')}”",
                          "实施清单只能维持或降低收费标准，写法与基本目录保持一致，只改数字")


def _material_findings(impl: LoadedFile, code: str, base: dict[str, Any], view: BaseView) -> Iterator[Finding]:
    data, file, label = impl.data, impl.file, _label(code, base)
    known = {str(m.get("id")): m for _, m in entries(base, "materials")}
    listing = "、".join(known) or "（无）"
    spared_ids: set[str] = set()
    for i, spared in entries(data, "spared"):
        key = str(spared.get("material"))
        if key not in known:
            yield Finding("OW305", file, ("spared", i, "material"), f"{label}中没有标识为“{key}”的材料",
                          f"免交的材料必须是基本目录中该事项的材料，可用的标识：{listing}")
            continue
        spared_ids.add(key)
        name = known[key].get("name") or known[key].get("ref")
        if spared.get("via") == "数据共享" and not str(spared.get("source") or "").strip():
            yield Finding("OW304", file, ("spared", i), f"免交材料“{name}”没有写明数据共享来源（{label}）",
                          "添加 source，写明从哪里获取，例如 source: 浙江省电子证照库")
        elif spared.get("via") == "告知承诺":
            if not as_list(spared.get("basis")):
                yield Finding("OW304", file, ("spared", i), f"免交材料“{name}”实行告知承诺，但没有写明依据（{label}）",
                              "添加 basis：[{law: 法律标识, article: 第X条}]，写明允许告知承诺的规定")
            else:
                yield from _basis_findings(view, file, spared.get("basis"), ("spared", i, "basis"),
                                           f"告知承诺免交“{name}”", "OW304")
    for i, tolerated in entries(data, "tolerated"):
        key = str(tolerated.get("material"))
        if key not in known:
            yield Finding("OW305", file, ("tolerated", i, "material"), f"{label}中没有标识为“{key}”的材料",
                          f"容缺的材料必须是基本目录中该事项的材料，可用的标识：{listing}")
        elif key in spared_ids:
            yield Finding("OW305", file, ("tolerated", i, "material"),
                          f"材料“{key}”已经免交，不能同时列为容缺（{label}）", "在 spared 和 tolerated 中只保留一处")
    for i, material in entries(data, "extra_materials"):
        name = material.get("name") or material.get("ref") or material.get("id")
        if str(material.get("id")) in known:
            yield Finding("OW205", file, ("extra_materials", i, "id"),
                          f"本地增加的材料标识“{material.get('id')}”与{label}的材料重复", "换一个标识")
        yield from _basis_findings(view, file, material.get("basis"), ("extra_materials", i, "basis"),
                                   f"本地增加的材料“{name}”", "OW306")
        if isinstance(material.get("name"), str) and (found := find_catchall(material["name"])):
            yield Finding("OW201", file, ("extra_materials", i, "name"),
                          f"兜底材料“{material['name']}”：{found.reason}", HINT_MATERIAL)


def _condition_findings(impl: LoadedFile, view: BaseView) -> Iterator[Finding]:
    for i, condition in entries(impl.data, "extra_conditions"):
        yield from _basis_findings(view, impl.file, condition.get("basis"), ("extra_conditions", i, "basis"),
                                   f"本地增加的受理条件第 {i + 1} 条", "OW306")
        text = condition.get("text")
        if isinstance(text, str) and (found := find_catchall_condition(text)):
            yield Finding("OW202", impl.file, ("extra_conditions", i, "text"),
                          f"兜底条件“{text}”：{found.reason}", condition_hint(found.kind))


def _limit_findings(impl: LoadedFile, code: str, base: dict[str, Any]) -> Iterator[Finding]:
    data, label = impl.data, _label(code, base)
    limit = as_dict(base.get("time_limit"))
    committed = data.get("committed_days")
    if isinstance(committed, int) and not isinstance(committed, bool):
        if limit.get("on_the_spot") is True:
            if committed > 0:
                yield Finding("OW302", impl.file, ("committed_days",),
                              f"{label}是即办件（当场办结），实施清单不能承诺 {committed} 个工作日",
                              "删除 committed_days：即办件在本地区同样当场办结")
        elif isinstance(legal := limit.get("legal_days"), int) and committed > legal:
            yield Finding("OW302", impl.file, ("committed_days",),
                          f"承诺办结时限 {committed} 个工作日超过{label}的法定办结时限 {legal} 个工作日",
                          f"承诺时限只能压缩：改为不超过 {legal} 的天数")
    visits, base_visits = data.get("visits"), base.get("visits")
    if isinstance(visits, int) and isinstance(base_visits, int) and visits > base_visits:
        yield Finding("OW303", impl.file, ("visits",),
                      f"到现场次数 {visits} 次多于{label}规定的 {base_visits} 次",
                      f"实施清单只能减少跑腿次数：改为不超过 {base_visits} 次")


def _reference_findings(impl: LoadedFile, view: BaseView) -> Iterator[Finding]:
    dept = impl.data.get("department")
    if isinstance(dept, str) and dept not in view.departments:
        yield Finding("OW206", impl.file, ("department",), f"引用的部门“{dept}”既不在本地 departments/ 中，也不在基本目录中",
                      f"可用的部门：{'、'.join(sorted(view.departments)) or '（无）'}")
    window = impl.data.get("window")
    if isinstance(window, str) and view.windows and window not in view.windows:
        yield Finding("OW206", impl.file, ("window",), f"引用的窗口类别“{window}”不在基本目录的 windows.yml 中",
                      f"可用的窗口类别：{'、'.join(sorted(view.windows))}")


def check_implementation(impl: LoadedFile, view: BaseView) -> Iterator[Finding]:
    """Every cross-layer finding for one implementation record."""
    data = impl.data
    code = data.get("implements")
    if not isinstance(code, str):
        return  # the schema reports a missing or mistyped `implements`
    if impl.fs_path is not None and impl.fs_path.stem != code:
        yield Finding("OW218", impl.file, ("implements",),
                      f"文件名“{impl.fs_path.name}”与所实施的事项编码“{code}”不一致",
                      f"把文件改名为 {code}{impl.fs_path.suffix}，或改正 implements")
    base = view.items.get(code)
    if base is None:
        yield Finding("OW301", impl.file, ("implements",),
                      f"基本目录（{view.where}）中没有编码为“{code}”的事项",
                      "实施清单只能实施基本目录中已有的事项：核对编码，或先在基本目录中增加该事项")
        return
    if "legal_basis" in data and _legal_refs(data["legal_basis"]) != _legal_refs(base.get("legal_basis")):
        yield Finding("OW307", impl.file, ("legal_basis",), f"设定依据与{_label(code, base)}不一致",
                      "设定依据由基本目录确定，实施清单不能改变：删除 legal_basis（沿用基本目录）")
    yield from _limit_findings(impl, code, base)
    yield from _material_findings(impl, code, base, view)
    yield from _condition_findings(impl, view)
    yield from _fee_findings(impl, code, base, view)
    yield from _reference_findings(impl, view)
