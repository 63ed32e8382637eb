"""Every condition, material, fee and item has a legal basis in the register (OW203)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from onewindow.check.problems import Finding, Path
from onewindow.check.rules.index import Index, as_dict, as_list, entries
from onewindow.check.rules.suggest import unresolved


def _check_basis(index: Index, file: str, basis: Any, path: Path, what: str) -> Iterator[Finding]:
    refs = as_list(basis)
    if not refs:
        yield Finding("OW203", file, path, f"{what}没有写法律依据",
                      "添加 basis：[{law: 法律标识, article: 第X条}]；没有法律依据的条件和材料一律取消")
        return
    if not index.has_register("laws"):
        return  # the missing register is reported once, not per citation
    for j, ref in enumerate(refs):
        law = as_dict(ref).get("law")
        if isinstance(law, str) and law not in index.laws:
            choices = index.choices("laws")
            found = unresolved("OW203", file, (*path, j, "law"), "法律法规", law, choices,
                               message=f"引用的法律“{law}”不在法律法规登记册中")
            if found.hint.startswith("可用的") or found.hint.startswith("先登记"):
                found = Finding(found.code, found.file, found.path, found.message,
                                "先在 catalog/laws.yml 中登记这部法律法规，或改用已登记的标识")
            yield found


def basis_lists(index: Index, data: dict[str, Any]) -> Iterator[tuple[Any, Path, str]]:
    """Every place an item cites law: (basis list, path, what it supports). One walk for all rules."""
    if "legal_basis" in data:
        yield data.get("legal_basis"), ("legal_basis",), "事项"
    for i, condition in entries(data, "conditions"):
        yield condition.get("basis"), ("conditions", i, "basis"), f"受理条件第 {i + 1} 条"
    for i, material in entries(data, "materials"):
        yield material.get("basis"), ("materials", i, "basis"), f"材料“{index.material_name(material)}”"
    for i, fee in entries(as_dict(data.get("fee")), "items"):
        if "basis" in fee:
            yield fee.get("basis"), ("fee", "items", i, "basis"), "收费项目"
    refusal = as_dict(data.get("refusal"))
    for key, label in (("not_accepted", "不予受理情形"), ("not_granted", "不予许可情形")):
        for i, case in entries(refusal, key):
            yield case.get("basis"), ("refusal", key, i, "basis"), f"{label}第 {i + 1} 条"
    for i, service in entries(data, "intermediary"):
        if "basis" in service:
            yield service.get("basis"), ("intermediary", i, "basis"), f"中介服务“{service.get('name', '')}”"
    remedy = as_dict(data.get("remedy"))
    if "basis" in remedy:
        yield remedy.get("basis"), ("remedy", "basis"), "救济途径"


def every_requirement_has_basis(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for basis, path, what in basis_lists(index, item.data):
            yield from _check_basis(index, item.file, basis, path, what)
    for bundle in index.sources.of_kind("bundle"):
        if "basis" in bundle.data:
            yield from _check_basis(index, bundle.file, bundle.data.get("basis"), ("basis",), "一件事说明")
