"""JSON Schema validation of each record, turning jsonschema errors into Problems."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path as FsPath
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, relevance
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from onewindow.catalog.kinds import KIND
from onewindow.catalog.loader import LoadedFile, Sources
from onewindow.check.problems import Phase, Problem
from onewindow.resources import SCHEMAS_DIR

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（每项以“- ”开头）",
    "object": "字段映射（“字段: 值”）",
    "null": "空值",
}
_YES_NO = {"yes", "no", "y", "n", "on", "off", "是", "否", "有", "无", "对", "错", "Yes", "No", "YES", "NO"}


# Text limits where a schema sets none: what the flowcharts (Graphviz), PDF table cells and
# QR-coded pages can still lay out. Names go in one table cell or flowchart box; the keys
# below hold paragraphs. A schema's own maxLength always wins.
NAME_MAX_LENGTH = 200
PARAGRAPH_MAX_LENGTH = 1000
PARAGRAPH_KEYS = frozenset({"a", "summary", "text", "description", "note", "notes", "condition", "visit_reason",
                            "review_points", "transit", "hours", "address", "why", "source_note",
                            "url", "website"})  # portal links can carry long query strings


def python_pattern(pattern: str) -> str:
    """An ECMA-262 pattern with the same meaning under Python's `re.search`: there `$` also
    matches before a final newline (a window id "real-estate\\n" would pass), so every
    unescaped `$` outside a character class becomes `\\Z`."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(char)
    return "".join(out)


def python_semantics(node: Any, key: str = "") -> Any:
    """The schema as onewindow validates it: Python-anchored patterns and default text limits.

    The files in schemas/ stay plain ECMA JSON Schema for editors; this copy is what runs."""
    if isinstance(node, list):
        return [python_semantics(child, key) for child in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for name, value in node.items():
        if name == "pattern" and isinstance(value, str):
            out[name] = python_pattern(value)
        elif name == "patternProperties" and isinstance(value, dict):
            out[name] = {python_pattern(k): python_semantics(v) for k, v in value.items()}
        elif name == "properties" and isinstance(value, dict):
            out[name] = {k: python_semantics(v, k) for k, v in value.items()}
        elif name in ("enum", "const", "examples", "default"):
            out[name] = value
        else:
            out[name] = python_semantics(value, key)
    if out.get("type") == "string" and "maxLength" not in out and "enum" not in out:
        out["maxLength"] = PARAGRAPH_MAX_LENGTH if key in PARAGRAPH_KEYS else NAME_MAX_LENGTH
    return out


@cache
def _registry(schemas_dir: FsPath) -> Registry:
    resources = []
    for path in sorted(schemas_dir.glob("*.schema.json")):
        contents = python_semantics(json.loads(path.read_text(encoding="utf-8")))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator_for(kind: str, schemas_dir: FsPath = SCHEMAS_DIR) -> Draft202012Validator:
    registry = _registry(schemas_dir)
    schema = registry.contents(KIND[kind].schema)
    return Draft202012Validator(schema, registry=registry)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "字段映射"
    return "空值"


def _follow(resolver: Any, schema: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Follow $refs, keeping keywords written beside them (title, description)."""
    while "$ref" in schema:
        target = resolver.lookup(schema["$ref"])
        resolver = target.resolver
        schema = {**target.contents, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema, resolver


def _resolve(validator: Draft202012Validator, schema: dict[str, Any]) -> dict[str, Any]:
    # Only used for titles and hints: a ref that cannot be followed just gives no title.
    try:
        return _follow(_root_resolver(validator), schema)[0]
    except Exception:  # noqa: BLE001
        return schema


def _root_resolver(validator: Draft202012Validator) -> Any:
    return validator._resolver  # noqa: SLF001 - jsonschema keeps the registry resolver here


@cache
def dereferenced(kind: str, schemas_dir: FsPath = SCHEMAS_DIR) -> dict[str, Any]:
    """The kind's schema with every $ref inlined (our schemas have no recursion).

    Used for the fast validity test and to find what a path expects without ref lookups.
    """
    validator = validator_for(kind, schemas_dir)

    def inline(node: Any, resolver: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                node, resolver = _follow(resolver, node)
            return {k: inline(v, resolver) for k, v in node.items() if k not in ("$defs", "$schema")}
        if isinstance(node, list):
            return [inline(v, resolver) for v in node]
        return node

    return inline(validator.schema, _root_resolver(validator))


@cache
def _fast_check(kind: str, schemas_dir: FsPath = SCHEMAS_DIR) -> Callable[[Any], Any]:
    """A compiled validator (fastjsonschema) answering only "valid or not", 20–50× faster.

    Most records in a pull request are valid, so they never pay for jsonschema's full
    error collection; invalid ones are validated again by jsonschema for good messages.
    The inlined schema has no $ref, so draft-07 and 2020-12 semantics coincide here.

    Only the verdict is used, never the exception's text: the code is generated without
    detailed exceptions, and the messages' `.format(**locals())` (which fastjsonschema adds for
    paths inside lists) is dropped. In one function holding the whole inlined schema, locals()
    builds a dict of hundreds of variables each time a oneOf/anyOf/not branch fails as it is
    meant to (a material with `name` fails the `ref` branch), which was most of the time of
    validating a valid record.
    """
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", **dereferenced(kind, schemas_dir)}
    code = fastjsonschema.compile_to_code(schema, detailed_exceptions=False)
    namespace: dict[str, Any] = {}
    exec(_VERDICT_ONLY.sub('"', code), namespace)  # code generated from our own schemas
    return namespace["validate"]


# The end of a generated message literal that is formatted with the validator's locals: the
# message is never read (only whether validation raised), so it stays unformatted.
_VERDICT_ONLY = re.compile(re.escape('".format(**locals())'))


def _schema_at(schema: dict[str, Any], path: tuple) -> dict[str, Any] | None:
    for part in path:
        if isinstance(part, int):
            schema = schema.get("items") if isinstance(schema.get("items"), dict) else None
        else:
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            schema = props.get(part, extra if isinstance(extra, dict) else None)
        if schema is None:
            return None
    return schema


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def coerce(loaded: LoadedFile) -> None:
    """Read unquoted numbers back as written where the schema wants text.

    A department writes `code: 999902000000` or `article: 12`; YAML makes them numbers.
    Their meaning is the text the author typed, which the loader kept. Only unquoted
    numbers can need this, so only those paths are looked at.
    """
    schema = dereferenced(loaded.kind)
    for path, raw in loaded.raw_scalars.items():
        if not path:
            continue
        try:
            value = _get(loaded.data, path)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        expected = _schema_at(schema, path)
        if expected is None:
            continue
        wants_text = expected.get("type") == "string" or (
            "enum" in expected and all(isinstance(v, str) for v in expected["enum"])
        )
        if wants_text:
            _set(loaded.data, path, raw)
        elif expected.get("type") == "integer" and isinstance(value, float) and value.is_integer():
            # jsonschema accepts 20.0 as an integer; make it one so rules and pages see 20.
            _set(loaded.data, path, int(value))


# Roman numerals typed as Latin letters (ASCII or full-width): "III级" for "Ⅲ级".
_LATIN_ROMAN = re.compile(r"^([IVXivxＩＶＸｉｖｘ]+)(.*)$", re.DOTALL)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
ROMAN_CHARS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"


def roman_numeral(text: str) -> str | None:
    """"III级" → "Ⅲ级" (the single Roman-numeral character), or None when `text` does not
    start with a Roman number written in letters."""
    found = _LATIN_ROMAN.match(text)
    if not found:
        return None
    letters = unicodedata.normalize("NFKC", found.group(1)).upper()
    total = 0
    for i, letter in enumerate(letters):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[letters[i + 1]] if i + 1 < len(letters) else 0
        total += -value if value < following else value
    return ROMAN_CHARS[total - 1] + found.group(2) if 1 <= total <= len(ROMAN_CHARS) else None


def _normalise_roman(loaded: LoadedFile, schema: dict[str, Any]) -> None:
    """Accept Roman numerals typed in letters where the schema lists Ⅰ–Ⅻ values: the value
    means the same, and the look-alike characters are hard to type with a Chinese keyboard.

    Only the parts of the record under such a list are visited (_roman_guide), which are few."""
    guide = _roman_guide(schema)
    if guide is not None:
        _normalise_under(loaded.data, guide)


# What a record's data is walked along to find the values of Roman-numeral lists: the list's
# values where a schema node has one, and the guides of its children (as _schema_at navigates:
# properties or else a mapping additionalProperties for keys, items for list entries).
_Guide = tuple[list[Any] | None, dict[str, "_Guide"], "_Guide | None", "_Guide | None"]


_GUIDES: dict[int, tuple[dict[str, Any], _Guide | None]] = {}


def _roman_guide(schema: dict[str, Any]) -> _Guide | None:
    """The guide for a schema, kept by identity (dereferenced() returns the same object; the
    schema is kept with its guide so its id cannot be reused)."""
    known = _GUIDES.get(id(schema))
    if known is None or known[0] is not schema:
        known = _GUIDES[id(schema)] = (schema, _guide(schema))
    return known[1]


def _guide(schema: dict[str, Any]) -> _Guide | None:
    enum = schema.get("enum")
    roman_enum = enum if isinstance(enum, list) and any(
        isinstance(v, str) and v[:1] in ROMAN_CHARS for v in enum) else None
    # Every property is listed, None where nothing below it has such a list: a key the
    # properties name never falls back to additionalProperties.
    props = {key: _guide(sub) if isinstance(sub, dict) else None for key, sub in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties")
    extra_guide = _guide(extra) if isinstance(extra, dict) else None
    items = schema.get("items")
    items_guide = _guide(items) if isinstance(items, dict) else None
    if roman_enum is None and not any(props.values()) and extra_guide is None and items_guide is None:
        return None
    return roman_enum, props, extra_guide, items_guide


def _normalise_under(data: Any, guide: _Guide) -> None:
    _, props, extra, items = guide
    if isinstance(data, dict):
        for key, value in data.items():
            sub = props.get(key, extra)
            if sub is not None:
                _normalise_value(data, key, value, sub)
    elif isinstance(data, list) and items is not None:
        for index, value in enumerate(data):
            _normalise_value(data, index, value, items)


def _normalise_value(parent: Any, key: Any, value: Any, guide: _Guide) -> None:
    enum = guide[0]
    if isinstance(value, str):
        if enum is not None and value and value[0] in "IVXivxＩＶＸｉｖｘ" and value not in enum:
            roman = roman_numeral(value)
            if roman in enum:
                parent[key] = roman
    else:
        _normalise_under(value, guide)


def quick_valid(loaded: LoadedFile) -> bool:
    """Coerce, then the compiled validator only: True when the record is valid. A streaming check
    places problems only for files where this is False (validate_file on a re-read with positions)."""
    coerce(loaded)
    _normalise_roman(loaded, dereferenced(loaded.kind))
    try:
        _fast_check(loaded.kind)(loaded.data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def validate_file(loaded: LoadedFile) -> list[Problem]:
    coerce(loaded)
    _normalise_roman(loaded, dereferenced(loaded.kind))
    try:
        _fast_check(loaded.kind)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: collect every error with jsonschema below
    validator = validator_for(loaded.kind)
    errors = sorted(validator.iter_errors(loaded.data), key=relevance)
    problems: list[Problem] = []
    for error in errors:
        problems.extend(_problems_for(error, loaded, validator))
    return problems


def validate_sources(sources: Sources) -> list[Problem]:
    problems: list[Problem] = []
    for loaded in sources.files:
        if isinstance(loaded.data, dict):
            problems.extend(validate_file(loaded))
    return problems


def _field_title(validator: Draft202012Validator, schema: dict[str, Any], key: str) -> str:
    sub = schema.get("properties", {}).get(key)
    if not isinstance(sub, dict):
        return ""
    return _resolve(validator, sub).get("title", "")


def _problem(loaded: LoadedFile, code: str, path: tuple, message: str, hint: str,
             error: ValidationError, *, key: bool = False) -> Problem:
    line, column = loaded.position(path, key=key)
    return Problem(code, message, loaded.file, line, column, path, hint, phase=Phase.SCHEMA,
                   schema_path=tuple(error.schema_path))


def _problems_for(error: ValidationError, loaded: LoadedFile,
                  validator: Draft202012Validator) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        for extra in sorted(set(instance) - set(allowed)):
            yield _problem(loaded, "OW101", (*path, extra), f"未知字段“{extra}”", _did_you_mean(extra, allowed),
                           error, key=True)
        if not allowed:  # a keyed register: the key itself failed propertyNames
            return
    elif "propertyNames" in error.schema_path:
        # A register key failed: jsonschema reports the enclosing object with the key as the
        # instance (and the inner keyword, e.g. pattern); the culprit is the key itself.
        yield _problem(loaded, "OW105", (*path, str(instance)), f"标识“{instance}”的格式不正确",
                       _describe(validator, schema), error, key=True)
    elif keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        title = _field_title(validator, schema, missing)
        label = f"“{missing}”（{title}）" if title else f"“{missing}”"
        yield _problem(loaded, "OW102", (*path, missing), f"缺少必填字段{label}",
                       _missing_hint(validator, schema, missing, title), error)
    elif keyword == "type":
        yield _type_problem(error, loaded, validator, path)
    elif keyword == "enum":
        allowed = [str(v) for v in error.validator_value]
        hint = _numeral_hint(str(instance), allowed) or _did_you_mean(str(instance), allowed) \
            or f"可选值：{'、'.join(allowed)}"
        yield _problem(loaded, "OW104", path, f"取值“{instance}”不在允许范围内", hint, error)
    elif keyword == "oneOf" and path and isinstance(instance, dict) and {"name", "ref"} & set(instance) != {"name"}:
        yield _problem(loaded, "OW107", path, "材料必须写 name（材料名称）或 ref（通用材料）其中之一，且只能写一个",
                       "自拟名称用 name；身份证、营业执照等登记册中的材料用 ref", error)
    elif keyword == "pattern":
        yield _problem(loaded, "OW105", path, f"“{instance}”的格式不正确", _describe(validator, schema), error)
    else:
        yield _problem(loaded, "OW106", path, _generic_message(error), _describe(validator, schema), error)


def _type_problem(error: ValidationError, loaded: LoadedFile, validator: Draft202012Validator,
                  path: tuple) -> Problem:
    expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
    instance = error.instance
    message = f"应为{_TYPE_NAMES.get(expected, expected)}，实际是{_type_name(instance)}"
    hint = _describe(validator, error.schema if isinstance(error.schema, dict) else {})
    if expected == "boolean" and isinstance(instance, str) and instance in _YES_NO:
        message = f"“{instance}”不是是/否值"
        hint = "是写 true，否写 false（YAML 的 yes/no/on/off 在这里不作为是/否）"
    elif expected == "string" and instance is None:
        message = "值是空的"
        hint = hint or "在冒号后面填写内容"
    elif expected == "integer" and isinstance(instance, str):
        hint = "写阿拉伯数字，不加引号和单位，例如 20"
        if instance.isdigit() and instance.startswith("0"):
            message = f"“{instance}”以 0 开头，不能作为数字"
            hint = f"去掉开头的 0，写成 {int(instance)}"
    return _problem(loaded, "OW103", path, message, hint, error)


def _missing_hint(validator: Draft202012Validator, schema: dict[str, Any], missing: str, title: str) -> str:
    sub = schema.get("properties", {}).get(missing)
    description = _resolve(validator, sub).get("description", "") if isinstance(sub, dict) else ""
    hint = f"添加一行“{missing}: ”，填写{title or '内容'}"
    return f"{hint}。{description}" if description else hint


def _generic_message(error: ValidationError) -> str:
    keyword, value = error.validator, error.validator_value
    templates = {
        "minItems": "至少需要 {} 项",
        "maxItems": "最多 {} 项",
        "minLength": "内容太短（至少 {} 个字）",
        "maxLength": "内容太长（最多 {} 个字）",
        "minimum": "不能小于 {}",
        "maximum": "不能大于 {}",
        "uniqueItems": "列表中有重复的项",
        "minProperties": "至少需要 {} 项",
    }
    if keyword in templates:
        return templates[keyword].format(value)
    if keyword == "not":
        return "字段组合不允许"
    # Only Chinese reaches the editor: jsonschema's own English message is never shown.
    fixed = {
        "oneOf": "必须符合其中一种写法，且只能符合一种",
        "anyOf": "不符合任何一种允许的写法",
        "allOf": "不符合全部要求",
        "const": f"取值必须是“{value}”",
        "maxProperties": f"最多 {value} 项",
        "exclusiveMinimum": f"必须大于 {value}",
        "exclusiveMaximum": f"必须小于 {value}",
        "multipleOf": f"必须是 {value} 的整数倍",
        "format": "格式不正确",
        "dependentRequired": "缺少与之配套的字段",
        "if": "与相关字段的取值不匹配", "then": "与相关字段的取值不匹配", "else": "与相关字段的取值不匹配",
        "contains": "列表中缺少必需的一项",
        "maxContains": "列表中某类项目太多", "minContains": "列表中某类项目太少",
        "unevaluatedProperties": "有不允许的字段", "unevaluatedItems": "列表中有不允许的项",
        "additionalItems": "列表项太多", "dependentSchemas": "与相关字段的取值不匹配",
    }
    return fixed.get(keyword, "不符合填写要求")


def _describe(validator: Draft202012Validator, schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    schema = _resolve(validator, schema)
    title, description = schema.get("title", ""), schema.get("description", "")
    if title and description:
        return f"{title}：{description}"
    return title or description


LATIN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_CHINESE_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _numeral_hint(word: str, allowed: list[str]) -> str:
    """"3级" or "三级" where the values are Ⅰ级…Ⅳ级: name the value and why it looks odd."""
    if not any(ch in ROMAN_CHARS for value in allowed for ch in value):
        return ""
    head, rest = word[:1], word[1:]
    number = int(head) if head.isdigit() else _CHINESE_NUMBERS.get(head)
    if number and 1 <= number <= len(ROMAN_CHARS) and (ROMAN_CHARS[number - 1] + rest) in allowed:
        meant = ROMAN_CHARS[number - 1] + rest
        return (f"写成“{meant}”：“{meant[0]}”是一个罗马数字字符，可以从这里复制；"
                f"也可以用英文字母写（{LATIN_NUMERALS[number - 1]}{rest}），检查时会自动换成“{meant}”")
    return ""


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"是不是想写“{close[0]}”？"
    if choices and len(choices) <= 40:
        return f"允许的字段/值：{'、'.join(choices)}"
    return ""
