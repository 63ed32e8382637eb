"""`onewindow schemas`: editor schemas whose reference fields list this catalog's registered values,
each value described in Chinese, and records whose first line points at them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from onewindow.catalog.loader import load_file
from onewindow.cli.main import main

ITEM = "catalog/items/scjg/999902000000XK00201.yml"


@pytest.fixture
def district(tmp_path: Path, copy_catalog: Callable[[Path | str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_catalog("minimal")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _schemas(folder: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.schema.json")}


def _validator(folder: Path, name: str) -> Draft202012Validator:
    schemas = _schemas(folder)
    registry = Registry().with_resources(
        (n, Resource.from_contents(s, default_specification=DRAFT202012)) for n, s in schemas.items())
    return Draft202012Validator(schemas[name], registry=registry)


def test_schemas_list_registered_values_with_chinese_names(district: Path) -> None:
    result = CliRunner().invoke(main, ["schemas", "catalog"])
    assert result.exit_code == 0, result.output
    schemas = _schemas(district / "schemas")
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    law = schemas["common.schema.json"]["$defs"]["legalRef"]["properties"]["law"]
    assert "food-safety-law" in law["enum"]
    described = dict(zip(law["enum"], law["markdownEnumDescriptions"], strict=True))
    assert "中华人民共和国食品安全法" in described["food-safety-law"]
    item = schemas["item.schema.json"]["properties"]
    assert item["department"]["enum"] == ["scjg", "wsjk"] or set(item["department"]["enum"]) == {"scjg", "wsjk"}
    assert "市场监管" in item["window"]["enum"]
    ref = schemas["item.schema.json"]["$defs"]["material"]["properties"]["ref"]
    assert "business-license" in ref["enum"] and len(ref["markdownEnumDescriptions"]) == len(ref["enum"])
    # A fixed value is described by its own meaning, not by the field's description.
    # Diagnostics in Chinese: yaml-language-server shows `errorMessage` in place of its English text.
    assert item["visits"]["errorMessage"].startswith("“到办事现场次数”填写不正确，应为整数")
    depth = item["online"]["properties"]["depth"]
    assert depth["enumDescriptions"][3].startswith("全程网办")
    assert len(set(depth["enumDescriptions"][:4])) == 4


def test_roman_numerals_typed_in_letters_are_accepted_by_the_editor_as_by_check(district: Path) -> None:
    """The trial: "III级" typed in ASCII was refused while the hint showed look-alike characters."""
    CliRunner().invoke(main, ["schemas", "catalog"])
    depth = _schemas(district / "schemas")["item.schema.json"]["properties"]["online"]["properties"]["depth"]
    described = dict(zip(depth["enum"], depth["markdownEnumDescriptions"], strict=True))
    assert "III级" in described and "“Ⅲ级”" in described["III级"]
    text = (district / ITEM).read_text(encoding="utf-8")
    loaded, _ = load_file(district / ITEM, "item")
    was = loaded.data["online"]["depth"]
    latin = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"}[was[0]] + was[1:]
    (district / ITEM).write_text(text.replace(f"depth: {was}", f"depth: {latin}"), encoding="utf-8")
    loaded, problems = load_file(district / ITEM, "item")
    assert problems == [] and loaded.data["online"]["depth"] == latin
    assert list(_validator(district / "schemas", "item.schema.json").iter_errors(loaded.data)) == []
    result = CliRunner().invoke(main, ["check", "catalog"])
    assert result.exit_code == 0, result.output


def test_records_point_at_the_editor_schemas_and_validate(district: Path) -> None:
    CliRunner().invoke(main, ["schemas", "catalog"])
    first = (district / ITEM).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/item.schema.json"
    loaded, problems = load_file(district / ITEM, "item")
    assert problems == []
    validator = _validator(district / "schemas", "item.schema.json")
    assert list(validator.iter_errors(loaded.data)) == []
    loaded.data["legal_basis"][0]["law"] = "food-safty-law"
    assert any("food-safty-law" in e.message for e in validator.iter_errors(loaded.data))
    # Running again changes nothing.
    before = {p: p.read_bytes() for p in (district / "catalog").rglob("*.yml")}
    result = CliRunner().invoke(main, ["schemas", "catalog"])
    assert "已更新" not in result.output
    assert before == {p: p.read_bytes() for p in (district / "catalog").rglob("*.yml")}


def test_the_package_schemas_are_never_overwritten(project_root: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from onewindow.resources import SCHEMAS_DIR

    monkeypatch.chdir(tmp_path)
    shutil.copytree(project_root / "tests/roots/minimal", tmp_path / "catalog")
    result = CliRunner().invoke(main, ["schemas", "catalog", "--out", str(SCHEMAS_DIR)])
    assert result.exit_code == 2 and "自带的 Schema" in result.output
