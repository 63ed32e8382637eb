"""Schemas for the editor, specific to one catalog (`onewindow schemas`).

The package's schemas say what shape a record has; a department editor also needs to know
which laws, common materials, windows and departments this catalog has registered. These
schemas are the package's, with the reference fields narrowed to the registered values and
every allowed value described in Chinese, so VS Code's YAML extension completes `law:`,
`ref:`, `window:` and `department:` and explains each choice. `onewindow check` never reads
them: they are a convenience for the editor, regenerated whenever a register changes.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from onewindow.catalog.kinds import SCHEMA_FILES
from onewindow.catalog.loader import Sources, load_catalog
from onewindow.catalog.schema import LATIN_NUMERALS, ROMAN_CHARS
from onewindow.check.rules.index import Index, as_dict
from onewindow.resources import SCHEMAS_DIR

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$")

# What each fixed value means, shown beside it in completion lists and on hover.
VALUE_MEANINGS: dict[str, str] = {
    "行政许可": "准予申请人从事特定活动的审批，例如食品经营许可。",
    "行政处罚": "对违法行为的处罚。",
    "行政强制": "行政强制措施和行政强制执行。",
    "行政征收": "依法收取税费或征收财产。",
    "行政给付": "发放抚恤金、救助金、补贴等。",
    "行政检查": "对公民、法人履行义务情况的检查。",
    "行政确认": "对身份、资格、法律关系的确认，例如登记、认定。",
    "行政奖励": "对表现突出者的表彰奖励。",
    "行政裁决": "对特定民事纠纷的裁决。",
    "其他行政权力": "不属于以上类型的行政权力事项。",
    "公共服务": "面向群众和企业提供的服务事项，不是行政权力。",
    "国家级": "国务院部门行使。", "省级": "省级部门行使。", "地市级": "设区的市级部门行使。",
    "区县级": "县（市、区）级部门行使。", "乡镇（街道）级": "乡镇人民政府、街道办事处行使。",
    "村（社区）级": "村（社区）便民服务站代办。",
    "自然人": "个人。", "法人": "企业、事业单位、社会团体等法人。", "其他组织": "个体工商户、合伙企业等非法人组织。",
    "Ⅰ级": "信息公开：网上只能查看办事指南。", "Ⅱ级": "表格下载：可下载申请表格。",
    "Ⅲ级": "网上预审：网上提交材料预审，到窗口办结。", "Ⅳ级": "全程网办：申请到办结都在网上，不用到现场。",
    "证照": "出证办结：发放许可证、执照等证照。", "批文": "出文办结：发放批复、决定等文件。", "其他": "其他结果。",
    "窗口领取": "到窗口领取结果。", "邮寄送达": "免费邮寄到申请人。", "电子证照": "发放电子证照，可在线下载。",
    "原件": "提交原件（收取或核验后退还，按事项规定）。", "复印件": "只提交复印件。",
    "原件及复印件": "原件核验后退还，收取复印件。", "原件或复印件": "原件、复印件任选其一。",
    "纸质": "纸质材料。", "电子": "电子材料（网上提交）。", "纸质或电子": "纸质、电子任选其一。",
    "申请人自备": "申请人自己准备。", "政府部门核发": "由政府部门出具的证明或证照。",
    "中介机构出具": "由中介机构出具，例如检测报告。",
    "数据共享获取": "窗口通过电子证照库或部门共享获取，申请人无需提交。",
    "主件": "受理时必须齐全。", "容缺": "可先受理、限期补正（写明 supply_days）。",
    "申请": "申请人提出申请。", "受理": "窗口审核材料，决定是否受理。", "审查": "部门对材料进行审查。",
    "现场核查": "到经营场所等现场核查。", "决定": "作出准予或不予的决定。", "送达": "把结果送达申请人。",
    "办结": "办理完毕。",
    "法律": "全国人大及其常委会制定。", "行政法规": "国务院制定。", "部门规章": "国务院部门制定。",
    "地方性法规": "地方人大及其常委会制定。", "地方政府规章": "地方人民政府制定。",
    "规范性文件": "行政机关制定的其他规范性文件。", "国家标准": "国家标准（GB）。",
}


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


def _describe_values(schema: dict[str, Any]) -> None:
    """Give every fixed value its own description (not the field's)."""
    for node in _walk(schema):
        values = node.get("enum")
        if isinstance(values, list) and "markdownEnumDescriptions" not in node and \
                all(isinstance(v, str) and v in VALUE_MEANINGS for v in values):
            node["enumDescriptions"] = [VALUE_MEANINGS[v] for v in values]
            node["markdownEnumDescriptions"] = [f"**{v}**：{VALUE_MEANINGS[v]}" for v in values]


def _latin_numerals(schema: dict[str, Any]) -> None:
    """Where a value is a Roman-numeral character (Ⅲ级), the editor also accepts it typed in
    letters (III级), as `check` does, saying what it becomes: a Chinese keyboard has no Ⅲ."""
    for node in _walk(schema):
        values = node.get("enum")
        if not isinstance(values, list) or not any(isinstance(v, str) and v[:1] in ROMAN_CHARS for v in values):
            continue
        extra = [(f"{LATIN_NUMERALS[ROMAN_CHARS.index(v[0])]}{v[1:]}", v) for v in values
                 if isinstance(v, str) and v[:1] in ROMAN_CHARS]
        node["enum"] = [*values, *(latin for latin, _ in extra)]
        for key, text in (("enumDescriptions", "同“{v}”，检查时自动写成“{v}”"),
                          ("markdownEnumDescriptions", "**{latin}**：同“{v}”，检查时自动写成“{v}”")):
            if key in node:
                node[key] = [*node[key], *(text.format(latin=latin, v=v) for latin, v in extra)]


_TYPE_WORDS = {"string": "文字", "integer": "整数（阿拉伯数字）", "number": "数字", "boolean": "true 或 false",
               "array": "列表（每项以“- ”开头）"}


def _chinese_errors(schema: dict[str, Any]) -> None:
    """yaml-language-server shows `errorMessage` instead of its English text: give each value
    field one that names the field and what it takes."""
    for node in _walk(schema):
        title = node.get("title")
        if not isinstance(title, str) or "errorMessage" in node or node.get("type") == "object":
            continue
        if "enum" in node:
            shown = "、".join(map(str, node["enum"][:12])) + (" 等" if len(node["enum"]) > 12 else "")
            node["errorMessage"] = f"“{title}”只能填这些值之一：{shown}"
        elif "pattern" in node or node.get("type") in _TYPE_WORDS:
            wanted = _TYPE_WORDS.get(str(node.get("type")), "")
            described = node.get("description") or ""
            node["errorMessage"] = f"“{title}”填写不正确" + (f"，应为{wanted}" if wanted else "") + (
                f"：{described}" if described else "")


def _narrow(node: dict[str, Any], choices: list[tuple[str, str]], register: str) -> None:
    """Limit a reference field to the registered values, each with its Chinese name."""
    if not choices:
        return
    node["enum"] = [value for value, _ in choices]
    node["enumDescriptions"] = [text for _, text in choices]
    node["markdownEnumDescriptions"] = [f"**{value}**：{text}" if text else f"**{value}**" for value, text in choices]
    node["errorMessage"] = f"没有登记这个值：可用的值见补全列表，新的值先在 {register} 中登记"


def _law_text(law: Any) -> str:
    law = as_dict(law)
    parts = [str(law.get("title", ""))]
    extra = "，".join(str(law[k]) for k in ("level", "doc_number") if law.get(k))
    return f"{parts[0]}（{extra}）" if extra else parts[0]


def _registered(index: Index) -> dict[str, tuple[list[tuple[str, str]], str]]:
    """Field name → (allowed values with their descriptions, where they are registered)."""
    departments = [(c.value, str(index.departments[c.value].data.get("name", ""))) for c in index.choices("departments")]
    windows = []
    register = index.sources.register("windows")
    for entry in (w for w in (register.data.get("windows") if register else None) or [] if isinstance(w, dict)):
        text = "，".join(str(entry[k]) for k in ("description", "location") if entry.get(k))
        windows.append((str(entry.get("name")), text))
    return {
        "law": ([(k, _law_text(v)) for k, v in index.laws.items()], "laws.yml"),
        "ref": ([(k, str(as_dict(v).get("name", ""))) for k, v in index.materials.items()], "materials.yml"),
        "window": (windows, "windows.yml"),
        "department": (departments, "departments/"),
        "lead_department": (departments, "departments/"),
        "code@bundle": ([(k, str(i.data.get("name", ""))) for k, i in index.items.items()], "items/"),
    }


def _narrow_fields(schema: dict[str, Any], file: str, registered: dict[str, tuple[list[tuple[str, str]], str]]) -> None:
    for node in _walk(schema):
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        for name, field in props.items():
            # An item's own `code` is new by nature; a bundle member's `code` names an item.
            key = "code@bundle" if name == "code" and file == SCHEMA_FILES["bundle"] else name
            if key in registered and isinstance(field, dict):
                choices, register = registered[key]
                _narrow(field, choices, register)


def editor_schemas(sources: Sources) -> dict[str, dict[str, Any]]:
    """File name → schema, for every schema file the package has."""
    registered = _registered(Index.build(sources))
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        schema = copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))
        _describe_values(schema)
        _latin_numerals(schema)
        if path.name in (SCHEMA_FILES["item"], SCHEMA_FILES["bundle"], "common.schema.json"):
            _narrow_fields(schema, path.name, registered)
        _chinese_errors(schema)
        out[path.name] = schema
    return out


def write_editor_schemas(catalog_dir: Path, out_dir: Path) -> list[Path]:
    sources, _ = load_catalog(catalog_dir)  # a catalog with errors still has registers worth completing
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in editor_schemas(sources).items():
        target = out_dir / name
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def point_records(catalog_dir: Path, out_dir: Path, kinds: Callable[[Path], str | None]) -> list[Path]:
    """Make each record's first line name its editor schema; returns the files changed."""
    changed = []
    for path in sorted(catalog_dir.rglob("*.y*ml")):
        kind = kinds(path)
        if kind is None or kind not in SCHEMA_FILES:
            continue
        rel = Path(os.path.relpath((out_dir / SCHEMA_FILES[kind]).resolve(), path.parent.resolve())).as_posix()
        line = f"# yaml-language-server: $schema={rel}"
        text = path.read_text(encoding="utf-8")
        first, newline, rest = text.partition("\n")
        if SCHEMA_LINE.fullmatch(first.rstrip("\r")):
            if first.rstrip("\r") == line:
                continue
            new = line + newline + rest
        else:
            new = line + "\n" + text
        path.write_text(new, encoding="utf-8")
        changed.append(path)
    return changed
