"""Schema validation: jsonschema errors become located Chinese problems; coercion of numbers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path

import fastjsonschema
import pytest

from casekit import MINIMAL
from onewindow.catalog.loader import load_file
from onewindow.catalog.schema import validate_file

ITEM = MINIMAL / "items" / "wsjk" / "999902000000XK00301.yml"
DEPT = MINIMAL / "departments" / "wsjk.yml"
ENGLISH = re.compile(r"is not valid|is a required property|does not match|is not of type|is not one of|"
                     r"Additional properties|should be non-empty|is too long|is too short")


def validate(tmp_path: Path, source: Path, kind: str, *replacements: tuple[str, str]) -> tuple[dict, list]:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    loaded, problems = load_file(path, kind)
    assert problems == []
    found = validate_file(loaded)
    for problem in found:
        assert not ENGLISH.search(problem.message + problem.hint), problem
    return loaded.data, found


def summary(problems: list) -> list[tuple[str, str, int]]:
    return [(p.code, p.json_path, p.line) for p in problems]


def test_minimal_records_are_valid(tmp_path: Path) -> None:
    data, problems = validate(tmp_path, ITEM, "item")
    assert problems == []
    # written unquoted in the fixture, read back as the text the author typed
    assert data["code"] == "999902000000XK00301"
    assert data["effective"] == "2024-01-01"


def test_unquoted_numeric_code_is_read_as_written(tmp_path: Path) -> None:
    data, problems = validate(tmp_path, ITEM, "item", ("code: 999902000000XK00301", "code: 999902000000"))
    assert data["code"] == "999902000000"  # text, not the integer 999902000000
    assert problems == []


def test_unquoted_number_in_text_field_keeps_trailing_zeros(tmp_path: Path) -> None:
    data, problems = validate(tmp_path, ITEM, "item", ("    validity: 4年\n", "    validity: 4.50\n"))
    assert data["outputs"][0]["validity"] == "4.50"
    assert problems == []


def test_number_in_enum_field_is_compared_as_text(tmp_path: Path) -> None:
    data, problems = validate(tmp_path, ITEM, "item", ("type: 行政许可", "type: 12"))
    assert data["type"] == "12"
    assert summary(problems) == [("OW104", "/type", 5)]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "是"])
def test_yes_no_for_boolean_gets_a_pointed_message(tmp_path: Path, word: str) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("  charged: false", f"  charged: {word}"))
    assert (problem.code, problem.json_path, problem.line) == ("OW103", "/fee/charged", 60)
    assert problem.message == f"“{word}”不是是/否值"
    assert "true" in problem.hint and "false" in problem.hint


def test_integer_given_as_text(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("visits: 1", 'visits: "1"'))
    assert problem.code == "OW103"
    assert problem.message == "应为整数，实际是文字"
    assert "阿拉伯数字" in problem.hint


def test_empty_value(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, DEPT, "department", ("short_name: 区卫生健康局", "short_name:"))
    assert (problem.code, problem.message) == ("OW103", "值是空的")


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("visit_reason:", "visit_reasons:"))
    assert (problem.code, problem.json_path) == ("OW101", "/visit_reasons")
    assert problem.line == 62 and problem.column == 1  # the key, not the value
    assert problem.hint == "是不是想写“visit_reason”？"


def test_every_unknown_field_is_reported(tmp_path: Path) -> None:
    _, problems = validate(tmp_path, DEPT, "department", ("id: wsjk\n", "id: wsjk\nfax: 1\nemail: a@b.cn\n"))
    assert summary(problems) == [("OW101", "/email", 4), ("OW101", "/fax", 3)]


def test_missing_field_names_its_title(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, DEPT, "department", ("hours: 周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）\n", ""))
    assert problem.code == "OW102"
    assert problem.message == "缺少必填字段“hours”（办理时间）"
    assert problem.hint.startswith("添加一行“hours: ”")


def test_enum_suggests_close_value(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("    form: 原件\n    copies: 1\n    medium: 纸质\n    source: 中介",
                                                     "    form: 原件及复印\n    copies: 1\n    medium: 纸质\n    source: 中介"))
    assert (problem.code, problem.json_path) == ("OW104", "/materials/1/form")
    assert problem.hint == "是不是想写“原件及复印件”？"


def test_pattern_explains_the_format(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, DEPT, "department", ('phone: "0000-87015402"', "phone: 0000/87015402"))
    assert (problem.code, problem.json_path) == ("OW105", "/phone")
    assert "区号" in problem.hint


def test_range_and_length_problems(tmp_path: Path) -> None:
    _, problems = validate(tmp_path, ITEM, "item", ("visits: 1", "visits: -1"), ("conditions:\n", "conditions: []\nx_conditions:\n"))
    got = {(p.code, p.json_path, p.message) for p in problems}
    assert ("OW106", "/visits", "不能小于 0") in got
    assert ("OW106", "/conditions", "至少需要 1 项") in got


def test_material_name_or_ref(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("    name: 公共场所卫生许可证申请表\n", "    ref: id-card\n    name: 公共场所卫生许可证申请表\n"))
    assert (problem.code, problem.json_path, problem.line) == ("OW107", "/materials/0", 17)


def test_register_key_problem_points_at_the_key(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, MINIMAL / "laws.yml", "laws", ("  food-safety-law:", "  食品安全法:"))
    assert (problem.code, problem.json_path, problem.line, problem.column) == ("OW105", "/laws/食品安全法", 17, 3)
    assert problem.message == "标识“食品安全法”的格式不正确"


def test_wrong_container_type(tmp_path: Path) -> None:
    _, [problem] = validate(tmp_path, ITEM, "item", ("faq:\n  - q:", "faq:\n  q:"), ("    a: 公共场所卫生许可证有效期四年。", "  a: 公共场所卫生许可证有效期四年。"))
    assert (problem.code, problem.json_path) == ("OW103", "/faq")
    assert problem.message == "应为列表（每项以“- ”开头），实际是字段映射"


def test_whole_float_in_integer_field_becomes_an_integer(tmp_path: Path) -> None:
    data, problems = validate(tmp_path, ITEM, "item", ("  legal_days: 20", "  legal_days: 20.0"))
    assert problems == []
    assert data["time_limit"]["legal_days"] == 20 and type(data["time_limit"]["legal_days"]) is int
    _, [problem] = validate(tmp_path, ITEM, "item", ("  legal_days: 20", "  legal_days: 20.5"))
    assert (problem.code, problem.message) == ("OW103", "应为整数，实际是数字")


# --- Roman numerals typed in letters (the trial: "III级" refused, hint showed look-alike characters) ---


@pytest.mark.parametrize("typed", ["III级", "iii级", "ＩＩＩ级"])
def test_roman_numeral_in_letters_is_accepted_and_normalised(copy_catalog, typed: str) -> None:
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog

    catalog = copy_catalog("minimal")
    path = catalog / "items/wsjk/999902000000XK00301.yml"
    text = path.read_text(encoding="utf-8")
    assert "depth: Ⅳ级" in text or "depth: Ⅲ级" in text
    path.write_text(text.replace("depth: Ⅳ级", f"depth: {typed}").replace("depth: Ⅲ级", f"depth: {typed}"),
                    encoding="utf-8")
    result = check_catalog(catalog)
    assert [p for p in result.problems if p.path[:2] == ("online", "depth")] == []
    model = build_model(result.sources)
    assert model.items["999902000000XK00301"].online.depth == "Ⅲ级"


@pytest.mark.parametrize("typed", ["3级", "三级"])
def test_other_numerals_are_named_in_the_hint(copy_catalog, typed: str) -> None:
    from onewindow.check.checker import check_catalog

    catalog = copy_catalog("minimal")
    path = catalog / "items/wsjk/999902000000XK00301.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("depth: Ⅳ级", f"depth: {typed}").replace("depth: Ⅲ级", f"depth: {typed}"),
                    encoding="utf-8")
    [problem] = [p for p in check_catalog(catalog).problems if p.path == ("online", "depth")]
    assert problem.code == "OW104"
    assert problem.hint.startswith("写成“Ⅲ级”") and "III级" in problem.hint


# --- the compiled validator's verdict (fast path) agrees with jsonschema's, valid or not ---


def _mutations(data: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """(path, replacement) for every node: another JSON type and null, and for mappings one key
    less (each key in turn) or one unknown key more. `_DROP` as the replacement removes the node."""
    yield path, 7 if isinstance(data, str) else "文字"
    yield path, None
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), _DROP
            yield from _mutations(value, (*path, key))
        yield path, {**data, "x_unknown": 1}
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _mutations(value, (*path, index))


_DROP = object()


def _mutated(data: object, path: tuple, replacement: object) -> object:
    copy = deepcopy(data)
    if not path:
        return replacement
    parent = copy
    for part in path[:-1]:
        parent = parent[part]
    if replacement is _DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return copy


def test_fast_verdict_matches_jsonschema_for_every_mutation(tmp_path: Path) -> None:
    """quick_valid skips jsonschema when the compiled validator passes a record, so the two must
    agree on every record: a generated catalog's records of every kind, each with every node
    turned into another type, removed, or given an unknown field (for a material: name and ref
    both or neither, the oneOf whose failing branch used to format messages)."""
    from onewindow.bench.synth import generate
    from onewindow.catalog.schema import _fast_check, validator_for

    generate(tmp_path / "cat", items=2, departments=1, bundles=1)
    files = sorted((tmp_path / "cat").rglob("*.yml"))
    files.remove(sorted((tmp_path / "cat" / "items").rglob("*.yml"))[-1])  # one item is enough
    kinds = {"laws.yml": "laws", "materials.yml": "materials", "windows.yml": "windows"}
    checked = Counter()
    for path in files:
        rel = path.relative_to(tmp_path / "cat")
        kind = kinds.get(rel.name) or {"items": "item", "departments": "department", "bundles": "bundle"}[rel.parts[0]]
        loaded, problems = load_file(path, kind)
        assert problems == [] and validate_file(loaded) == [], rel
        fast, full = _fast_check(kind), validator_for(kind)
        mutations = [(p, r) for p, r in _mutations(loaded.data)]
        if kind == "item":  # every material with both name and ref, and with neither
            for index, material in enumerate(loaded.data["materials"]):
                both = {**material, "name": material.get("name", "某某材料"), "ref": material.get("ref", "id-card")}
                neither = {k: v for k, v in material.items() if k not in ("name", "ref")}
                mutations += [(("materials", index), both), (("materials", index), neither)]
        for path_, replacement in mutations:
            record = _mutated(loaded.data, path_, replacement)
            try:
                fast(record)
                fast_valid = True
            except fastjsonschema.JsonSchemaException:
                fast_valid = False
            assert fast_valid == full.is_valid(record), (rel, path_, replacement)
            checked[fast_valid] += 1
    assert checked[True] > 0 and checked[False] > 1000, checked


def test_material_branch_messages_unchanged(tmp_path: Path) -> None:
    """The oneOf of name/ref fails through the compiled validator's cheap verdict, and the
    message still comes from jsonschema: both written, and neither."""
    _, [both] = validate(tmp_path, ITEM, "item", ("    name: 公共场所卫生许可证申请表\n", "    ref: id-card\n    name: 公共场所卫生许可证申请表\n"))
    _, [neither] = validate(tmp_path, ITEM, "item", ("    name: 公共场所卫生许可证申请表\n", ""))
    for problem in (both, neither):
        assert (problem.code, problem.json_path, problem.line) == ("OW107", "/materials/0", 17)
        assert problem.message == "材料必须写 name（材料名称）或 ref（通用材料）其中之一，且只能写一个"


def test_roman_normalising_visits_exactly_the_roman_lists(tmp_path: Path) -> None:
    """Roman numerals in letters are normalised where the schema (as _schema_at navigates it)
    lists Ⅰ–Ⅻ values, and nowhere else: every text of a generated item, in turn, is written
    "III级" and the result compared with visiting every text and looking its schema up."""
    from onewindow.bench.synth import generate
    from onewindow.catalog.kinds import strings
    from onewindow.catalog.schema import _normalise_roman, _schema_at, dereferenced, roman_numeral

    def reference(data: object, schema: dict) -> None:
        for path, value in list(strings(data)):
            expected = _schema_at(schema, path)
            enum = expected.get("enum") if expected else None
            if isinstance(enum, list) and value not in enum and roman_numeral(value) in enum:
                _set(data, path, roman_numeral(value))

    def _set(data: object, path: tuple, value: object) -> None:
        for part in path[:-1]:
            data = data[part]
        data[path[-1]] = value

    generate(tmp_path / "cat", items=1, departments=1, bundles=0)
    [path] = (tmp_path / "cat" / "items").rglob("*.yml")
    loaded, _ = load_file(path, "item")
    schema = dereferenced("item")
    changed = []
    for text_path, _value in list(strings(loaded.data)):
        for typed in ("III级", "ｉｉ级", "IV"):
            ours, theirs = deepcopy(loaded.data), deepcopy(loaded.data)
            _set(ours, text_path, typed)
            _set(theirs, text_path, typed)
            _normalise_roman(type(loaded)(loaded.file, "item", ours), schema)
            reference(theirs, schema)
            assert ours == theirs, text_path
            value = ours
            for part in text_path:
                value = value[part]
            if value != typed:
                changed.append((text_path, value))
    assert changed == [(("online", "depth"), "Ⅲ级"), (("online", "depth"), "Ⅱ级")]
