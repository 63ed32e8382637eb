"""The intake definition shared by the desk and `onewindow notice`: rows of items and bundles."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from onewindow.render.intake import (
    NUMBER_FORMAT,
    WORDING,
    bundle_subject,
    desk_json,
    item_subject,
    notice_number,
)
from onewindow.resources import TEMPLATES_DIR

DESK_JS = TEMPLATES_DIR / "desk" / "desk.js"


@pytest.fixture(scope="module")
def catalog(sample_catalog: Path) -> Catalog:
    return build_model(check_catalog(sample_catalog).sources)


def test_item_rows_are_its_materials(catalog: Catalog) -> None:
    for item in catalog.items.values():
        subject = item_subject(item)
        assert [r.id for r in subject.rows] == [m.id for m in item.materials]
        for row, material in zip(subject.rows, item.materials, strict=True):
            assert (row.name, row.shared, row.secondary, row.points) == (
                material.name, material.shared, material.secondary, material.review_points)
            assert row.supply_days == (material.supply_days if material.secondary else None)


def test_bundle_rows_follow_the_one_computation_of_common_materials(catalog: Catalog) -> None:
    for bundle in catalog.bundles.values():
        subject = bundle_subject(bundle)
        common = bundle.plan.common
        assert [r.name for r in subject.common] == [c.material.name for c in common]
        assert [[r.name for r in rows] for _, _, rows in subject.own] == \
            [[m.name for m in member.materials] for member in bundle.plan.members]
        ids = [r.id for r in subject.rows]
        assert len(ids) == len(set(ids)), bundle.id
        for row, c in zip(subject.common, common, strict=True):
            assert row.users == tuple(dict.fromkeys(u.item.name for u in c.uses))
            # needed up front when any member treats the document as a main one
            assert row.secondary == all(u.material.secondary for u in c.uses)


def test_every_wording_placeholder_is_filled_by_desk_js() -> None:
    """desk.js fills the same templates: each key it reads exists, and each placeholder it must fill is named."""
    script = DESK_JS.read_text(encoding="utf-8")
    used = set(re.findall(r"\bW\.(\w+)", script))
    assert used <= set(WORDING), sorted(used - set(WORDING))
    for key in used:
        for name in re.findall(r"\{(\w+)", WORDING[key]):
            assert re.search(rf"\b{name}\s*:", script), f"desk.js never fills {{{name}}} of {key}"


def test_numbers_and_json(catalog: Catalog) -> None:
    assert notice_number("A03", datetime.date(2024, 5, 6), 7) == "A03-20240506-007"
    assert "{seq:03d}" in NUMBER_FORMAT
    data = desk_json(bundle_subject(catalog.bundles["open-restaurant"]))
    assert data["kind"] == "bundle" and len(data["own"]) == 5
    assert all(set(m) == {"code", "name", "rows"} for m in data["own"])
