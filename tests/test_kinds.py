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


def test_strings_in_document_order_with_paths() -> None:
    """Every text value (not keys, not numbers, booleans or nulls) with its path, depth first in
    document order, however deep and however lists and mappings mix; a text alone is its own."""
    import random

    from onewindow.catalog.kinds import strings

    def reference(value: object, path: tuple = ()) -> list:
        if isinstance(value, str):
            return [(path, value)]
        if isinstance(value, dict):
            return [found for key, child in value.items() for found in reference(child, (*path, key))]
        if isinstance(value, list):
            return [found for i, child in enumerate(value) for found in reference(child, (*path, i))]
        return []

    rng = random.Random(18)

    def tree(depth: int) -> object:
        pick = rng.random()
        if depth > 5 or pick < 0.4:
            return rng.choice(["文字", "", "2024-01-01", 3, 2.5, True, None])
        if pick < 0.7:
            return {rng.choice("abcdef") + str(i): tree(depth + 1) for i in range(rng.randint(0, 4))}
        return [tree(depth + 1) for _ in range(rng.randint(0, 4))]

    assert list(strings({"b": ["x", {"a": "y", "n": 1}], "a": "z"})) == [
        (("b", 0), "x"), (("b", 1, "a"), "y"), (("a",), "z")]
    assert list(strings("alone", ("p",))) == [(("p",), "alone")]
    for _ in range(500):
        data = tree(0)
        assert list(strings(data)) == reference(data)
