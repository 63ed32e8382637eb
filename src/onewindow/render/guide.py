"""The editor's guide (编辑指南) for department staff, generated so it cannot drift:

- index.md: how to add an item, with the departments, windows and laws of this catalog;
- fields.md: every field of every record kind, from the JSON Schemas' Chinese titles;
- codes.md: every problem code from the registry, with a wrong and a right example that the
  test suite runs through `check` (onewindow.render.guide_examples).

Anchors in codes.md are the lowercase codes (#ow201): `codes.doc_anchor` links there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markupsafe import escape

from onewindow.catalog.kinds import KINDS
from onewindow.catalog.model import Catalog
from onewindow.catalog.skeletons import field_schema
from onewindow.check.codes import CODES
from onewindow.render.guide_examples import Example, Variant, load_examples, variant_text
from onewindow.render.markup import md_text
from onewindow.render.target import Output, Target


class Guide(Target):
    name = "guide"
    label = "编辑指南"

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        pages = {"index.md": index_page(catalog), "fields.md": fields_page(), "codes.md": codes_page()}
        return [out.cache.write_text(f"docs/guide/{name}", text) for name, text in pages.items()]


def _text(text: object) -> str:
    """onewindow's own prose (schema descriptions, example notes): angle brackets (as in
    <部门标识>) must not read as HTML tags."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: object) -> str:
    return " ".join(_text(text).replace("|", "\\|").split()) or "—"


def _code(slug: str) -> str:
    """A record id in code style; the schema allows only [a-z0-9-] here, escaped all the same."""
    return f"<code>{escape(slug)}</code>"


def _catalog_cell(text: object) -> str:
    """Text an editor wrote (register names, descriptions): the site's one escaping path, so
    no HTML, link, image or table syntax in it takes effect."""
    return str(md_text(text)) or "—"


# --------------------------------------------------------------------------- index.md


def index_page(catalog: Catalog) -> str:
    lines = [
        "# 编辑指南：如何新增一个事项",
        "",
        "本指南写给各部门维护办事指南的工作人员。目录中的每个事项是一个 YAML 文本文件，"
        "修改通过合并请求（Pull Request）提交，自动检查通过、审核同意后发布到网站，"
        "二维码、收件清单和一次性告知书随之更新。",
        "",
        "## 第一步：生成事项骨架",
        "",
        "在仓库根目录运行（部门标识和事项编码见下文）：",
        "",
        "```bash",
        "onewindow new item --department scjg --code 999901000000XK00101 --name 食品经营许可（新办）",
        "```",
        "",
        "命令会生成 `catalog/items/<部门标识>/<事项编码>.yml`。文件已有全部必填字段和中文注释，"
        "需要填写的地方写着“待填写：……”。已存在的文件不会被覆盖。“一件事”用 "
        "`onewindow new bundle --id open-restaurant --name 我要开餐馆`。",
        "",
        "## 第二步：逐项填写",
        "",
        "- 用 VS Code 打开文件并安装 YAML 扩展（Red Hat 出品）。文件第一行的 "
        "`# yaml-language-server: $schema=…` 让编辑器自动补全字段、显示每个字段的中文说明，并当场标出写错的地方。",
        "- 把每个“待填写：……”整段替换为实际内容；没有替换完之前检查会报 [OW225](codes.md#ow225)。",
        "- 每个字段的含义和可选值见[字段说明](fields.md)。",
        "- 材料逐项写出准确名称，不写“等材料”“其他材料”；每个条件和材料写明法律依据（法律标识 + 条款）。",
        "",
        "## 第三步：检查",
        "",
        "```bash",
        "onewindow check catalog",
        "```",
        "",
        "检查会一次列出全部问题，每条写明文件、行号、列号、问题代码和修改提示，例如：",
        "",
        "```text",
        "catalog/items/scjg/999901000000XK00101.yml:35:11: 错误 OW201 兜底材料“其他相关材料”：……",
        "```",
        "",
        "每个问题代码的含义和正误示例见[问题代码](codes.md)。",
        "",
        "## 第四步：提交合并请求",
        "",
        "提交后，自动检查会在改动的行上直接标出问题；检查通过后生成网站和收件清单供下载预览，"
        "并在合并请求中评论“办事指南变更说明”：新增或删除了哪些事项，材料、条件、时限、收费、"
        "跑动次数和法律依据有什么变化，涉及哪些“一件事”。审核人据此判断变化对群众的影响。",
        "",
        "本地也可以生成同样的说明：`onewindow diff origin/main`。",
        "",
        "## 法律法规修订了怎么办",
        "",
        "法律法规登记册 `catalog/laws.yml` 记录每部法律法规的历次修订和时效性，检查据此核对事项的引用：",
        "",
        "1. 在这部法律法规的 `revisions` 末尾加一行：修订日期、修订文号、修改内容，例如 "
        "`{date: \"2016-02-06\", doc_number: 国务院令第666号, changes: 删去第十四条、第十六条}`；"
        "`status` 改为 `已修订`，`revised` 删去或改成这次修订的日期。",
        "2. 修订删去的条款，在 `articles` 中写明删除日期和应改为引用的条款，例如 "
        "`第十四条: {deleted: \"2016-02-06\", instead: 第九条}`。之后仍引用它的事项会报 "
        "[OW226](codes.md#ow226)，提示改引哪一条。",
        "3. 被整部废止的，写 `status: 已废止`、`repealed` 废止日期和 `replaced_by` 替代法规；引用它的事项会收到 "
        "[OW227](codes.md#ow227) 警告。",
        "4. 在 `source` 写明核对条文所用的官方文本（国家法律法规数据库或公开镜像），事项的引用也可以写 `source`。",
        "5. 修订记录、废止信息和删除条款互相矛盾时报 [OW228](codes.md#ow228)。",
        "",
        "修订后条文顺序调整的（删去一条、后面的条号前移），旧条号会被新的内容占用，检查无法据条号判断；"
        "请在 `articles` 中写明各条的要旨（gist），网页会在引用旁显示要旨，审核时一眼可见引用是否还对得上。",
        "",
    ]
    lines += _reference_tables(catalog)
    return "\n".join(lines) + "\n"


def _reference_tables(catalog: Catalog) -> list[str]:
    lines = ["## 本目录的部门、窗口和法律法规", "", "### 部门标识（department）", "",
             "| 标识 | 部门 | 事项数 |", "| --- | --- | --- |"]
    lines += [f"| {_code(d.id)} | {_catalog_cell(d.name)} | {len(catalog.items_of_department(d.id))} |"
              for d in sorted(catalog.departments.values(), key=lambda d: d.id)]
    lines += ["", "### 综合窗口类别（window）", "", "| 名称 | 说明 |", "| --- | --- |"]
    lines += [f"| {_catalog_cell(w.name)} | {_catalog_cell(w.description)} |" for w in catalog.windows.values()]
    lines += ["", "### 法律法规标识（basis 中的 law）", "", "| 标识 | 名称 | 效力层级 |", "| --- | --- | --- |"]
    lines += [f"| {_code(law.id)} | {_catalog_cell(law.title)} | {_catalog_cell(law.level)} |"
              for law in catalog.laws.values()]
    return [*lines, ""]


# --------------------------------------------------------------------------- fields.md


def _fields(kind: str, keys: tuple[str, ...] = (), label: str = "") -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(dotted path, schema, required) for every field below `keys`, depth first."""
    node = field_schema(kind, *keys)
    if node.get("type") == "array" or "items" in node:
        child = field_schema(kind, *keys, "[]")
        if child.get("properties") or child.get("$ref"):
            yield from _object_fields(kind, (*keys, "[]"), f"{label}[]", child)
        return
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and extra.get("properties"):
        yield from _object_fields(kind, keys, f"{label}.<标识>", {**extra, "$defs": {}})
        return
    yield from _object_fields(kind, keys, label, node)


def _object_fields(kind: str, keys: tuple[str, ...], label: str,
                   node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{label}.{name}" if label else name
        resolved = field_schema(kind, *keys, name) if "<标识>" not in label else child
        yield path, resolved, name in required
        if resolved.get("properties") or resolved.get("items") or isinstance(
                resolved.get("additionalProperties"), dict):
            if "<标识>" in label:
                yield from _inline_fields(kind, path, resolved)
            else:
                yield from _fields(kind, (*keys, name), path)


def _inline_fields(kind: str, label: str, node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Fields below a register entry (laws.<标识>.revisions[], .articles.<标识>), read from the node itself."""
    items = node.get("items")
    extra = node.get("additionalProperties")
    if isinstance(items, dict) and items.get("properties"):
        yield from _object_fields(kind, (), f"{label}[]", items)
    elif isinstance(extra, dict) and extra.get("properties"):
        yield from _object_fields(kind, (), f"{label}.<标识>", extra)
    elif node.get("properties"):
        yield from _object_fields(kind, (), label, node)


def _describe(node: dict[str, Any]) -> str:
    text = node.get("description", "")
    shared = node.get("x-shared-description", "")
    if shared and shared not in text:
        text += shared
    choices = node.get("enum") or (node.get("items") or {}).get("enum")
    if choices:
        text += f"可选值：{'、'.join(map(str, choices))}。"
    if "default" in node:
        default = {True: "true", False: "false"}.get(node["default"], node["default"])
        text += f"不写时为 {default}。"
    return text


def fields_page() -> str:
    lines = ["# 字段说明", "",
             "下表由 JSON Schema（`schemas/` 目录）生成，与编辑器的自动补全和提示一致。"
             "“[]”表示列表中的每一项；“&lt;标识&gt;”表示登记册中的每一条。", ""]
    for kind in KINDS:
        schema = field_schema(kind.name)
        about = schema.get("description", "")
        about = _text(about) if "文件位置" in about else f"文件位置：`{kind.root}/{kind.where}`。{_text(about)}"
        lines += [f"## {kind.label}（{kind.schema}）", "", about,
                  "", "| 字段 | 名称 | 必填 | 说明 |", "| --- | --- | --- | --- |"]
        for path, node, required in _fields(kind.name):
            lines.append(f"| `{path}` | {_cell(node.get('title', ''))} | {'是' if required else '否'} | "
                         f"{_cell(_describe(node))} |")
        lines.append("")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- codes.md


def _where(variant: Variant) -> str:
    scope = "整个文件" if variant.mode == "file" else "节选"
    encoding = "，GBK 编码" if variant.encoding.lower() in ("gbk", "gb18030", "gb2312") else ""
    return f"`catalog/{variant.file}`（{scope}{encoding}）"


def _snippet(variant: Variant) -> list[str]:
    text = variant.text if variant.mode == "keys" else variant_text(variant)
    return ["```yaml", *text.rstrip("\n").replace("\t", "→   ").splitlines(), "```"]


def _code_section(code: str, example: Example | None) -> list[str]:
    entry = CODES[code]
    lines = [f"## {code} {entry.title} {{ #{code.lower()} }}", "",
             f"**{entry.severity.label}**。{entry.why}", ""]
    if example is None:
        # Cross-layer codes (OW3xx) need a base catalog and a district beside it; their
        # examples are the layered catalogs of the test suite, documented in catalog-format.md.
        if code.startswith("OW3"):
            lines += ["这个问题在区县实施清单与基本目录之间检查，示例见开发文档 catalog-format.md 的“分层目录”一节。", ""]
        return lines
    if example.note:
        lines += [_text(example.note), ""]
    lines += [f"错误写法，{_where(example.wrong)}：", "", *_snippet(example.wrong), "",
              f"正确写法，{_where(example.right)}：", "", *_snippet(example.right), ""]
    return lines


def codes_page() -> str:
    examples = load_examples()
    lines = ["# 问题代码", "",
             "`onewindow check` 报告的每个问题都有一个代码。错误（必须修改）会阻止发布；"
             "警告提示可能的疏漏，审核时留意。每个代码下的错误写法和正确写法都经过自动测试："
             "错误写法一定报这个代码，正确写法不报任何问题。示例中的 → 表示一个 Tab 字符。", "",
             "| 代码 | 问题 | 级别 |", "| --- | --- | --- |"]
    lines += [f"| [{c}](#{c.lower()}) | {CODES[c].title} | {CODES[c].severity.label} |" for c in CODES]
    lines.append("")
    for code in CODES:
        lines += _code_section(code, examples.get(code))
    return "\n".join(lines) + "\n"
