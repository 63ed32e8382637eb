"""What the page templates show beyond the model: merged bundle materials, bundle plans,
change history, and which generated assets (flowcharts) exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onewindow.catalog.model import Bundle, Item, Material
from onewindow.diff.history import HistoryEntry, history_for


def _load_bundle_plan() -> Callable[[Bundle], Any] | None:
    # The bundle planner belongs to the flowchart work; until it lands, bundle pages
    # simply leave the plan figures out instead of failing the whole build.
    try:
        from onewindow.catalog.plan import bundle_plan
    except ModuleNotFoundError as exc:
        if exc.name != "onewindow.catalog.plan":
            raise
        return None
    return bundle_plan


bundle_plan = _load_bundle_plan()


@dataclass(frozen=True)
class CommonMaterial:
    """A material several members of a bundle ask for: submitted once for all of them."""

    name: str
    uses: tuple[tuple[Item, Material], ...]

    @property
    def form_texts(self) -> list[str]:
        return list(dict.fromkeys(m.form_text for _, m in self.uses))

    @property
    def shared(self) -> bool:
        return all(m.shared for _, m in self.uses)


@dataclass(frozen=True)
class BundleMaterials:
    common: tuple[CommonMaterial, ...]
    specific: tuple[tuple[Item, tuple[Material, ...]], ...]


def material_key(material: Material) -> str:
    """Same document across items: the same register entry, or else the same exact name."""
    return f"ref:{material.ref}" if material.ref else f"name:{material.name}"


def bundle_materials(bundle: Bundle) -> BundleMaterials:
    uses: dict[str, list[tuple[Item, Material]]] = {}
    for member in bundle.members:
        for material in member.item.materials:
            uses.setdefault(material_key(material), []).append((member.item, material))
    common_keys = {k for k, v in uses.items() if len({item.code for item, _ in v}) > 1}
    common = tuple(CommonMaterial(v[0][1].name, tuple(v)) for k, v in uses.items() if k in common_keys)
    specific = tuple(
        (m.item, tuple(mat for mat in m.item.materials if material_key(mat) not in common_keys))
        for m in bundle.members
    )
    return BundleMaterials(common, specific)


def plan_of(bundle: Bundle) -> Any | None:
    return bundle_plan(bundle) if bundle_plan is not None else None


def history(catalog_root: Path, rel_file: str) -> list[HistoryEntry]:
    return history_for(catalog_root, rel_file) if rel_file else []


def last_updated(catalog_root: Path, item: Item) -> str:
    """The newest of the record's own dates and its last commit's date.

    Only the date of a commit is shown: its subject is written for developers, and citizens
    read the record's dated change notes (`changes`) instead.
    """
    dates = [item.effective, item.revised, *(c.date for c in item.changes),
             *(h.date for h in history(catalog_root, item.source_file)[:1])]
    return max(d for d in dates if d)


def flowchart(docs_dir: Path, obj: Item | Bundle) -> str:
    """Site path of the object's flowchart SVG, or "" when none was generated."""
    kind, key = ("items", obj.code) if isinstance(obj, Item) else ("bundles", obj.id)
    path = f"assets/flowcharts/{kind}/{key}.svg"
    return path if (docs_dir / path).is_file() else ""
