"""Skeletons for new records, written by `onewindow new`.

Every field comment is read from the JSON Schema (title and description), so the skeleton
says the same thing as the editor's completion and the guide. Values a person must supply
are "待填写：…" placeholders: `check` reports each one (OW225) until it is replaced.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from typing import Any

from onewindow.catalog.kinds import KIND
from onewindow.check.rules.placeholders import MARKER
from onewindow.resources import SCHEMAS_DIR


def yaml_scalar(text: str) -> str:
    """`text` as a YAML value that reads back as exactly `text`: plain when that is safe,
    otherwise double-quoted with escapes. Editors type names like "食品经营许可: 新办",
    "#1", "null" or "- 分店", and quotes of every kind."""
    if _reads_back(text, text):
        return text
    quoted = '"' + "".join(_escape(ch) for ch in text) + '"'
    if not _reads_back(quoted, text):  # pragma: no cover - the escapes above cover YAML's rules
        raise ValueError(f"cannot write {text!r} as YAML")
    return quoted


def _escape(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp") or ch == "\x85":
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
    return ch


def _reads_back(written: str, expected: str) -> bool:
    from onewindow.catalog.loader import LoadedFile, parse_text

    loaded = LoadedFile("value", "item", None)
    problems = parse_text(f"name: {written}\n", loaded)
    return not problems and loaded.data == {"name": expected}


def todo(what: str) -> str:
    return f"{MARKER}：{what}"


@cache
def _schema(kind: str) -> dict[str, Any]:
    name = KIND[kind].schema if kind in KIND else f"{kind}.schema.json"
    return json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))


def _deref(node: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Merge the definition a `$ref` points at under the keywords written beside it; also
    return the schema document later local refs ("#/$defs/…") are relative to."""
    ref = node.get("$ref", "")
    file, _, pointer = ref.partition("#/$defs/")
    if not pointer:
        return node, root
    document = _schema("common") if file == "common.schema.json" else root
    target = document.get("$defs", {}).get(pointer, {})
    if "title" in node:  # the field's own words win; the shared description is kept aside
        shared = target.get("description", "")
        target = {k: v for k, v in target.items() if k not in ("title", "description")}
        if shared:
            target["x-shared-description"] = shared
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}, document


def field_schema(kind: str, *keys: str) -> dict[str, Any]:
    """The schema of a field, following `$defs` references (local or common) on the way down."""
    root = _schema(kind)
    node: dict[str, Any] = root
    for key in keys:
        node, root = _deref(node, root)
        node = node.get("items", {}) if key == "[]" else node.get("properties", {}).get(key, {})
    return _deref(node, root)[0]


def comment(kind: str, *keys: str, indent: int = 0) -> str:
    """`# 标题：说明（可选值：…）` for one field, from the schema."""
    node = field_schema(kind, *keys)
    text = node.get("title", keys[-1])
    if node.get("description"):
        text += f"：{node['description']}"
    choices = node.get("enum") or node.get("items", {}).get("enum")
    if choices and "可选" not in text:
        text += f"（可选值：{'、'.join(map(str, choices))}）"
    required = keys[-1] in field_schema(kind, *keys[:-1]).get("required", []) if keys else False
    text += "【必填】" if required else "【可选】"
    return " " * indent + f"# {text}"


def _basis(kind: str, prefix: tuple[str, ...], indent: int) -> list[str]:
    pad = " " * indent
    return [
        comment(kind, *prefix, indent=indent),
        f"{pad}{prefix[-1]}:",
        f"{pad}  - law: {todo('法律法规标识（见 catalog/laws.yml）')}",
        f"{pad}    article: 第{MARKER}条",
    ]


def item_skeleton(schema_ref: str, department: str, code: str, name: str, windows: list[str]) -> str:
    """A new item record: every required field, commented, with placeholders to fill."""
    c = lambda *keys, indent=0: comment("item", *keys, indent=indent)  # noqa: E731
    window_hint = f"（本目录可用：{'、'.join(windows)}）" if windows else ""
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# 由 onewindow new item 生成。把每个“待填写：……”替换为实际内容，按注释删改可选字段，",
        "# 然后运行 onewindow check catalog，直到没有错误。",
        c("code"), f'code: "{code}"',
        c("name"), f"name: {yaml_scalar(name) if name else todo('与权力清单一致的事项名称')}",
        c("type"), f"type: {todo('事项类型，例如 行政许可')}",
        c("department"), f"department: {department}",
        c("window"), f"window: {todo('综合窗口类别' + window_hint)}",
        c("summary"), f"summary: {todo('一两句话说明这个事项是什么、谁需要办理')}",
        *_basis("item", ("legal_basis",), 0),
        c("conditions"), "conditions:",
        c("conditions", "[]", "text", indent=2), f"  - text: {todo('申请人应当具备的一项条件')}",
        *_basis("item", ("conditions", "[]", "basis"), 4),
        c("quantity_limit"), f"quantity_limit: {todo('数量限制，没有的写 无数量限制')}",
        c("refusal"), "refusal:", "  not_granted:",
        f"    - text: {todo('一项不予许可的情形')}",
        *_basis("item", ("refusal", "not_granted", "[]", "basis"), 6),
        c("materials"), "materials:",
        c("materials", "[]", "id", indent=2), "  - id: application-form",
        c("materials", "[]", "name", indent=4), f"    name: {todo('材料准确名称')}",
        c("materials", "[]", "form", indent=4), "    form: 原件",
        c("materials", "[]", "copies", indent=4), "    copies: 1",
        c("materials", "[]", "medium", indent=4), "    medium: 纸质",
        c("materials", "[]", "source", indent=4), "    source: 申请人自备",
        c("materials", "[]", "role", indent=4), "    # role: 容缺",
        c("materials", "[]", "supply_days", indent=4), "    # supply_days: 5",
        *_basis("item", ("materials", "[]", "basis"), 4),
        c("process"), "process:",
        *_steps(),
        c("time_limit"), "time_limit:",
        c("time_limit", "on_the_spot", indent=2), "  on_the_spot: false",
        c("time_limit", "legal_days", indent=2), f"  legal_days: {todo('法定办结时限的天数，写阿拉伯数字（法律原文写“日”的，另加一行 legal_unit 写 日）')}",
        c("time_limit", "committed_days", indent=2),
        f"  committed_days: {todo('承诺办结时限的工作日数，写阿拉伯数字')}",
        c("fee"), "fee:", c("fee", "charged", indent=2), "  charged: false",
        c("visits"), "visits: 1",
        c("visit_reason"), f"visit_reason: {todo('必须到现场办理的原因')}",
        c("online"), "online:", c("online", "available", indent=2), "  available: false",
        c("scope"), f"scope: {todo('通办范围，例如 全区通办')}",
        c("outputs"), "outputs:",
        c("outputs", "[]", "type", indent=2), "  - type: 证照",
        c("outputs", "[]", "name", indent=4), f"    name: {todo('证照或批文的准确名称')}",
        c("outputs", "[]", "sample", indent=4),
        f"    sample: {todo('证照样本图片路径，例如 assets/samples/licence-sample.svg；批文可删去此行')}",
        c("faq"), "faq:",
        f"  - q: {todo('群众常问的一个问题')}", f"    a: {todo('对这个问题的解答')}",
        c("remedy"), "remedy:",
        c("remedy", "review_body", indent=2), f"  review_body: {todo('行政复议机关，例如 本区人民政府')}",
        c("remedy", "review_deadline", indent=2), "  review_deadline: 自知道或者应当知道该行政行为之日起60日内",
        c("remedy", "court", indent=2), f"  court: {todo('行政诉讼法院，例如 本区人民法院')}",
        c("remedy", "litigation_deadline", indent=2), "  litigation_deadline: 自知道或者应当知道作出行政行为之日起6个月内",
        c("effective"), f'effective: "{todo("生效日期，格式 YYYY-MM-DD")}"',
    ]
    return "\n".join(lines) + "\n"


def _steps() -> list[str]:
    steps = (("受理", "窗口受理", "综合窗口"), ("审查", "审查", "部门后台审批人员"),
             ("决定", "作出决定", "部门负责人"), ("送达", "送达", "综合窗口"))
    out = [comment("item", "process", "[]", "stage", indent=2)]
    for stage, name, actor in steps:
        out += [f"  - stage: {stage}", f"    name: {name}", f"    actor: {actor}"]
    return out


def bundle_skeleton(schema_ref: str, bundle_id: str, name: str) -> str:
    """A new "一件事" record with two member placeholders."""
    c = lambda *keys, indent=0: comment("bundle", *keys, indent=indent)  # noqa: E731
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# 由 onewindow new bundle 生成。把每个“待填写：……”替换为实际内容，然后运行 onewindow check catalog。",
        c("id"), f"id: {bundle_id}",
        c("name"), f"name: {yaml_scalar(name)}",
        c("scenario"), f"scenario: {todo('场景分类，例如 企业开办')}",
        c("summary"), f"summary: {todo('一两句话说明办成这件事要办哪些事项')}",
        c("lead_department"), "# lead_department: scjg",
        c("items"), "items:",
        c("items", "[]", "code", indent=2), f'  - code: "{todo("第一个成员事项的编码")}"',
        f'  - code: "{todo("第二个成员事项的编码")}"',
        c("items", "[]", "after", indent=4), "    after:",
        f'      - "{todo("须先办结的成员事项编码")}"',
    ]
    return "\n".join(lines) + "\n"
