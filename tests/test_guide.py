"""The editor's guide: every code with examples the checker agrees with, every schema field."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from onewindow.catalog.model import build_model
from onewindow.check.checker import check_catalog
from onewindow.check.codes import CODES, doc_anchor
from onewindow.render import Output, guide
from onewindow.render.guide_examples import BASE_CATALOG, load_examples, materialize, replace_keys
from onewindow.resources import SCHEMAS_DIR

EXAMPLES = load_examples()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    result = check_catalog(BASE_CATALOG)
    assert result.problems == []
    root = tmp_path_factory.mktemp("guide")
    ctx = Output.fresh(root / "build", root / "site", "https://example.gov.cn/")
    written = guide.Guide().render(build_model(result.sources), ctx)
    assert [p.name for p in written] == ["index.md", "fields.md", "codes.md"]
    assert all(p.parent == ctx.docs_dir / "guide" for p in written)
    return {p.name: p.read_text(encoding="utf-8") for p in written}


# Cross-layer codes need a base catalog beside a district; tests/test_layers.py runs them.
LAYERED = {c for c in CODES if c.startswith("OW3")}


def test_every_code_has_an_example() -> None:
    assert sorted(EXAMPLES) == sorted(set(CODES) - LAYERED)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_wrong_example_reports_exactly_its_code(code: str, tmp_path: Path) -> None:
    example = EXAMPLES[code]
    target = materialize(example.wrong, tmp_path / "catalog")
    problems = check_catalog(tmp_path / "catalog").problems
    assert {p.code for p in problems} == {code, *example.also}, [f"{p.code} {p.message}" for p in problems]
    rel = target.relative_to(tmp_path / "catalog").as_posix()
    assert any(p.file.endswith(rel) for p in problems if p.code == code)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_right_example_passes(code: str, tmp_path: Path) -> None:
    materialize(EXAMPLES[code].right, tmp_path / "catalog")
    problems = check_catalog(tmp_path / "catalog").problems
    assert problems == [], [f"{p.code} {p.message}" for p in problems]


def test_replace_keys_swaps_whole_top_level_blocks() -> None:
    base = "# schema\ncode: \"1\"\nfee:\n  charged: false\nvisits: 1\n"
    assert replace_keys(base, "fee:\n  charged: true\nnotes:\n  - 注意\n") == (
        "# schema\ncode: \"1\"\nfee:\n  charged: true\nvisits: 1\nnotes:\n  - 注意\n")


def _section(codes_md: str, code: str) -> str:
    start = codes_md.index(f"## {code} ")
    end = codes_md.find("\n## ", start + 1)
    return codes_md[start:end if end > 0 else None]


@pytest.mark.parametrize("code", sorted(CODES))
def test_codes_page_section(pages: dict[str, str], code: str) -> None:
    section = _section(pages["codes.md"], code)
    anchor = code.lower()
    assert section.startswith(f"## {code} {CODES[code].title} {{ #{anchor} }}")
    assert doc_anchor(code) == f"guide/codes/#{anchor}"
    assert CODES[code].why in section
    if code in LAYERED:
        assert "分层目录" in section and "```yaml" not in section
        return
    example = EXAMPLES[code]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    if example.wrong.mode == "keys":  # the page shows exactly the snippet the test runs
        assert blocks[0] == example.wrong.text.replace("\t", "→   ")
        assert blocks[1] == example.right.text


def _schema_fields(node: Any, found: set[tuple[str, str]]) -> None:
    """(property name, title) for every property anywhere in a schema document."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            found.add((name, child.get("title", "")))
        for child in node.values():
            _schema_fields(child, found)
    elif isinstance(node, list):
        for child in node:
            _schema_fields(child, found)


def test_fields_page_lists_every_field_with_its_title(pages: dict[str, str]) -> None:
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]*) \| (是|否) \|", pages["fields.md"], flags=re.M)
    listed = {(path.split(".")[-1].removesuffix("[]"), title.strip()) for path, title, _ in rows}
    for path in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        found: set[tuple[str, str]] = set()
        _schema_fields(json.loads(path.read_text(encoding="utf-8")), found)
        for name, title in found:
            assert any(n == name and (not title or t == title) for n, t in listed), (path.name, name, title)
    assert "| `materials[].supply_days` | 容缺补正期限（工作日） | 否 |" in pages["fields.md"]
    assert "| `time_limit.on_the_spot` | 即办件 | 是 |" in pages["fields.md"]
    assert "| `laws.<标识>.title` | 名称 | 是 |" in pages["fields.md"]


def test_index_page_explains_the_workflow_with_this_catalog(pages: dict[str, str]) -> None:
    index = pages["index.md"]
    assert index.startswith("# 编辑指南：如何新增一个事项\n")
    assert "onewindow new item --department" in index and "onewindow check catalog" in index
    assert "| <code>scjg</code> | 示范市滨河区市场监督管理局 | 1 |" in index
    assert "| <code>food-safety-law</code> | 中华人民共和国食品安全法 | 法律 |" in index
    assert "](codes.md#ow225)" in index and "](fields.md)" in index


def test_index_page_explains_recording_an_amendment(pages: dict[str, str]) -> None:
    index = pages["index.md"]
    section = index[index.index("## 法律法规修订了怎么办"):]
    for expected in ("revisions", "已修订", "deleted", "instead", "已废止", "replaced_by",
                     "](codes.md#ow226)", "](codes.md#ow227)", "](codes.md#ow228)", "source"):
        assert expected in section, expected


def test_guide_is_a_build_target() -> None:
    from onewindow.render import TARGETS

    assert [t for t in TARGETS if isinstance(t, guide.Guide)][0].label == "编辑指南"


@pytest.mark.slow
def test_built_site_has_code_anchors(built_sample: Any) -> None:
    html = (built_sample.site_dir / "guide" / "codes" / "index.html").read_text(encoding="utf-8")
    for code in CODES:
        assert f'id="{code.lower()}"' in html
    fields = (built_sample.site_dir / "guide" / "fields" / "index.html").read_text(encoding="utf-8")
    assert "&lt;标识&gt;" in fields and "<标识>" not in fields


REGISTER_PAYLOADS = (
    "![](https://evil.example/pixel.png)[点此](javascript:alert(document.domain))",
    "<img src=x onerror=alert(1)>说明",
    "[链接](https://evil.example/) | 断表 | <https://evil.example/auto>",
    "`代码` **粗体** {: onclick=alert(2) }",
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", REGISTER_PAYLOADS)
def test_register_free_text_is_inert_in_the_guide(payload: str) -> None:
    """Windows, departments and laws reach the guide's tables: rendered with the site's own
    Markdown extensions, no image, link, attribute or extra table cell comes out of them."""
    import markdown

    catalog = build_model(check_catalog(BASE_CATALOG).sources)
    window, law, dept = (next(iter(catalog.windows.values())), next(iter(catalog.laws.values())),
                         next(iter(catalog.departments.values())))
    catalog = dataclasses.replace(
        catalog,
        windows={**catalog.windows, window.id: dataclasses.replace(window, description=payload, name=payload)},
        laws={**catalog.laws, law.id: dataclasses.replace(law, title=payload)},
        departments={**catalog.departments, dept.id: dataclasses.replace(dept, name=payload)},
    )
    parser = _Tags()
    parser.feed(markdown.markdown(guide.index_page(catalog), extensions=["attr_list", "tables", "toc"]))
    assert not [t for t, _ in parser.tags if t in ("img", "script", "iframe")], parser.tags
    links = [attrs.get("href") or "" for t, attrs in parser.tags if t == "a"]
    assert all(href.startswith(("codes.md", "fields.md")) for href in links), links  # the guide's own
    assert not [a for _, attrs in parser.tags for a in attrs if a.startswith("on")]
    # Every table row keeps its columns: a payload's | never adds a cell.
    rows = guide.index_page(catalog).split("### ")[1:]
    for table in rows:
        lines = [ln for ln in table.splitlines() if ln.startswith("| ")]
        widths = {len(re.findall(r"(?<!\\)\|", ln)) for ln in lines}
        assert len(widths) == 1, lines
