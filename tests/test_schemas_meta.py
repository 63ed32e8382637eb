"""The JSON Schemas themselves: valid draft 2020-12, Chinese for editors, closed to typos."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from onewindow.catalog.kinds import KINDS
from onewindow.resources import SCHEMAS_DIR

SCHEMA_PATHS = sorted(SCHEMAS_DIR.glob("*.schema.json"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in a document (not `properties` maps or `enum` values themselves)."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "$defs", "patternProperties"):
        for name, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "propertyNames", "not", "contains"):
        yield from subschemas(node.get(key), f"{where}/{key}")
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from subschemas(sub, f"{where}/{key}/{i}")


def test_every_record_kind_has_a_schema_file() -> None:
    assert {p.name for p in SCHEMA_PATHS} == {k.schema for k in KINDS} | {"common.schema.json"}


@pytest.mark.parametrize("path", SCHEMA_PATHS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMA_PATHS, ids=lambda p: p.name)
def test_titles_and_descriptions_are_chinese(path: Path) -> None:
    for where, sub in subschemas(load(path)):
        for key in ("title", "description"):
            if key in sub:
                assert CJK.search(sub[key]), f"{path.name} {where}/{key}: {sub[key]!r}"
    assert CJK.search(load(path)["title"])


@pytest.mark.parametrize("path", SCHEMA_PATHS, ids=lambda p: p.name)
def test_every_object_schema_rejects_unknown_fields(path: Path) -> None:
    for where, sub in subschemas(load(path)):
        if sub.get("type") != "object":
            continue
        closed = sub.get("additionalProperties")
        # Keyed registers (laws, materials) allow any key, but the key must be a slug and each
        # value is itself a closed object; every other object says additionalProperties: false.
        if isinstance(closed, dict):
            assert "propertyNames" in sub, f"{path.name} {where}: open keys without propertyNames"
            assert closed.get("additionalProperties") is False, f"{path.name} {where}"
        else:
            assert closed is False, f"{path.name} {where}: additionalProperties must be false"


@pytest.mark.parametrize("path", SCHEMA_PATHS, ids=lambda p: p.name)
def test_properties_have_chinese_titles(path: Path) -> None:
    """Editors show the title as the hint for each field."""
    for where, sub in subschemas(load(path)):
        for name, prop in sub.get("properties", {}).items():
            if "$ref" in prop and "title" not in prop:
                continue  # the title comes from the referenced definition
            assert CJK.search(prop.get("title", "")), f"{path.name} {where}/properties/{name} has no title"


def test_item_schema_uses_the_agreed_field_names() -> None:
    props = load(SCHEMAS_DIR / "item.schema.json")["properties"]
    assert {"code", "name", "type", "department", "window", "legal_basis", "conditions", "materials",
            "process", "time_limit", "fee", "visits", "online", "outputs", "faq", "effective"} <= set(props)
    material = load(SCHEMAS_DIR / "item.schema.json")["$defs"]["material"]["properties"]
    assert {"id", "name", "ref", "form", "copies", "medium", "source", "required", "condition", "role",
            "supply_days", "review_points", "basis", "sample", "blank_form"} <= set(material)
    assert set(load(SCHEMAS_DIR / "item.schema.json")["properties"]["type"]["enum"]) >= {
        "行政许可", "行政给付", "行政确认", "行政裁决", "行政奖励", "其他行政权力", "公共服务"}
