"""Layered catalogs (五级联动): a base catalog (基本目录) and local implementation lists (实施清单).

A local catalog directory holds `layer.yml` (which region it is and where its base catalog
lives), `implementations/<base item code>.yml` (what the region decides for one base item:
window, committed days, visits, online link, data-sharing that spares a material, local 容缺,
additions with their own legal basis) and optionally `departments/` (the region's own offices,
overriding the base department of the same id) and `laws.yml` (local regulations that local
additions cite).

Everything else comes from the base. `effective_sources` merges the two into an ordinary flat
catalog, so the model and every renderer work on a district exactly as on a flat catalog; the
relation itself (narrow, never widen) is checked by `onewindow.check.rules.layers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from onewindow.catalog.loader import LoadedFile, Sources
from onewindow.check.rules.index import as_dict, as_list, entries

LAYER_FILE = "layer.yml"
PROVINCE_PARTS = ("base", "districts")


def is_layer(catalog_dir: FsPath) -> bool:
    """A local implementation catalog: it has a layer.yml."""
    return (catalog_dir / LAYER_FILE).is_file()


def is_province(root: FsPath) -> bool:
    """A province tree: `base/` (the 基本目录) beside `districts/<id>/` local catalogs."""
    return all((root / part).is_dir() for part in PROVINCE_PARTS) and not is_layer(root)


def province_layers(root: FsPath) -> list[FsPath]:
    """Every local catalog of a province tree, in a stable order."""
    return sorted(p.parent for p in (root / "districts").glob(f"*/{LAYER_FILE}"))


@dataclass(frozen=True)
class LayerInfo:
    """layer.yml, read leniently (the schema reports what is wrong with it)."""

    id: str
    name: str
    level: str
    division_code: str
    parent: str
    site_url: str
    base_dir: FsPath | None


def layer_info(sources: Sources) -> LayerInfo:
    record = sources.register("layer")
    data = record.data if record else {}
    base = data.get("base")
    base_dir = (sources.root / base) if isinstance(base, str) and base.strip() else None
    return LayerInfo(str(data.get("id", sources.root.name)), str(data.get("name", sources.root.name)),
                     str(data.get("level", "")), str(data.get("division_code", "")), str(data.get("parent", "")),
                     str(data.get("site_url", "")), base_dir)


def base_material_ids(item: dict[str, Any]) -> dict[str, int]:
    return {str(m.get("id")): i for i, m in entries(item, "materials")}


def _spare(material: dict[str, Any], spared: dict[str, Any]) -> dict[str, Any] | None:
    """The material as the district asks for it once spared (None: no longer listed)."""
    if spared.get("via") == "告知承诺":
        return None  # the applicant signs the commitment instead; the item's notes say so
    out = dict(material)
    out.update(source="数据共享获取", copies=0, role="主件")
    out.pop("supply_days", None)
    out["source_note"] = f"窗口通过{spared.get('source', '数据共享')}获取，申请人无需提交。"
    return out


def _promise_note(material: dict[str, Any], spared: dict[str, Any], laws: dict[str, Any]) -> str:
    cited = "、".join(
        f"《{as_dict(laws.get(str(ref.get('law')))).get('title', ref.get('law'))}》{ref.get('article', '')}"
        for ref in map(as_dict, as_list(spared.get("basis"))))
    name = material.get("name") or material.get("ref")
    return f"“{name}”实行告知承诺制：申请人书面承诺符合要求后免于提交（依据{cited}）。"


def merge_item(base: dict[str, Any], impl: dict[str, Any], info: LayerInfo,
               laws: dict[str, Any]) -> dict[str, Any]:
    """The item as this region publishes it: the base item with the local choices applied.

    Only valid data reaches here (the check ran first), so fields are used as the schema says.
    The merged item shares every part it does not change with the base and implementation
    records (each part that changes is a new dict or list): nothing downstream writes into
    record data, and copying 1,500 base items deeply was a third of a district's re-check.
    """
    item = dict(base)
    for key in ("department", "window", "visits", "visit_reason", "online", "contact", "fee", "effective"):
        if key in impl:
            item[key] = impl[key]
    if info.level:
        item["level"] = info.level
    limit = dict(as_dict(item.get("time_limit")))
    if "committed_days" in impl and not limit.get("on_the_spot"):
        limit["committed_days"] = impl["committed_days"]
        item["time_limit"] = limit
    spared = {str(s.get("material")): s for s in as_list(impl.get("spared"))}
    tolerated = {str(t.get("material")): t for t in as_list(impl.get("tolerated"))}
    materials, notes = [], list(as_list(item.get("notes")))
    for material in as_list(item.get("materials")):
        key = str(material.get("id"))
        if key in spared:
            kept = _spare(material, spared[key])
            if kept is None:
                notes.append(_promise_note(material, spared[key], laws))
                continue
            material = kept
        elif key in tolerated:
            material = {**material, "role": "容缺", "supply_days": tolerated[key]["supply_days"]}
        materials.append(material)
    item["materials"] = materials + as_list(impl.get("extra_materials"))
    item["conditions"] = as_list(item.get("conditions")) + as_list(impl.get("extra_conditions"))
    notes += as_list(impl.get("notes"))
    if notes:
        item["notes"] = notes
    return item


def effective_sources(local: Sources, base: Sources) -> Sources:
    """The region's catalog as a flat one: base registers, local offices, merged items."""
    info = layer_info(local)
    merged = Sources(root=base.root)
    laws_files = [f for f in (base.register("laws"), local.register("laws")) if f is not None]
    laws: dict[str, Any] = {}
    for f in laws_files:
        laws.update(as_dict(f.data.get("laws")))
    if laws_files:
        register = LoadedFile(laws_files[0].file, "laws", {**laws_files[0].data, "laws": laws},
                              fs_path=laws_files[0].fs_path)
        merged.files.append(register)
    for kind in ("materials", "windows"):
        if (found := base.register(kind)) is not None:
            merged.files.append(found)
    departments = {str(d.data.get("id")): d for d in base.of_kind("department")}
    departments.update({str(d.data.get("id")): d for d in local.of_kind("department")})
    merged.files.extend(departments[k] for k in sorted(departments))
    base_items = {str(f.data.get("code")): f for f in base.of_kind("item")}
    implemented: set[str] = set()
    for impl in local.of_kind("implementation"):
        code = str(impl.data.get("implements"))
        if code in base_items and code not in implemented:
            implemented.add(code)
            data = merge_item(base_items[code].data, impl.data, info, laws)
            merged.files.append(LoadedFile(impl.file, "item", data, fs_path=impl.fs_path))
    for bundle in base.of_kind("bundle"):
        members = {str(as_dict(m).get("code")) for m in as_list(bundle.data.get("items"))}
        if members and members <= implemented:
            merged.files.append(bundle)
    return merged
