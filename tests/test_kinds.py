"""The one table of record kinds, and the layering it allows: the model never imports the rules."""

from __future__ import annotations

import subprocess
import sys

from onewindow.catalog.kinds import KIND, KINDS, kind_at
from onewindow.catalog.loader import discover
from onewindow.resources import SCHEMAS_DIR


def test_every_kind_has_its_schema_and_a_unique_place() -> None:
    assert all((SCHEMAS_DIR / k.schema).is_file() for k in KINDS)
    assert len({k.where for k in KINDS}) == len({k.name for k in KINDS}) == len(KINDS)


def test_places_map_to_kinds() -> None:
    assert kind_at(("items", "scjg", "X1.yml")) == "item"
    assert kind_at(("bundles", "open-shop.yml")) == "bundle"
    assert kind_at(("departments", "scjg.yml")) == "department"
    assert kind_at(("laws.yml",)) == "laws"
    assert kind_at(("laws.yaml",)) == "laws"
    assert kind_at(("layer.yml",)) == "layer"
    assert kind_at(("implementations", "X1.yml")) == "implementation"
    assert kind_at(("items", "X1.yml")) is None  # an item outside a department folder
    assert kind_at(("bundles", "x", "y.yml")) is None
    assert kind_at(("other.yml",)) is None


def test_loader_finds_every_kind_of_the_sample(sample_catalog, project_root) -> None:
    found = {kind for _, kind in discover(sample_catalog)}
    district = {kind for _, kind in discover(project_root / "tests/roots/district")}
    assert found == {k.name for k in KINDS if k.root == "catalog"}, found
    assert {"layer", "implementation"} <= district, district  # the kinds a district layer adds
    assert found | district >= set(KIND)


def test_model_and_plan_do_not_import_the_rules() -> None:
    code = ("import sys, onewindow.catalog.model, onewindow.catalog.plan; "
            "print(sorted(m for m in sys.modules if m.startswith('onewindow.check')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['onewindow.check', 'onewindow.check.problems']", out
