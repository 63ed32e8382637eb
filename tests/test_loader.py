"""The loader: positions of every node, conservative scalars, and bad files as problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onewindow.catalog.loader import (
    MAX_DEPTH,
    LoadedFile,
    _nesting_bound,
    discover,
    load_catalog,
    load_file,
    parse_text,
    resolve_plain,
)


def parse(text: str) -> tuple[LoadedFile, list]:
    loaded = LoadedFile(file="t.yml", kind="item", data=None)
    problems = parse_text(text, loaded)
    return loaded, problems


def write(tmp_path: Path, raw: bytes, name: str = "rec.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def codes(problems: list) -> list[str]:
    return [p.code for p in problems]


# --- positions -------------------------------------------------------------------------------


def test_positions_of_values_and_keys() -> None:
    loaded, problems = parse("# 注释\ncode: \"999902\"\nmaterials:\n  - id: a\n    name: 申请书\n")
    assert problems == []
    assert loaded.position(("code",)) == (2, 7)
    assert loaded.position(("code",), key=True) == (2, 1)
    assert loaded.position(("materials", 0, "name")) == (5, 11)
    assert loaded.position(("materials", 0)) == (4, 5)
    # a path that does not exist falls back to its nearest ancestor
    assert loaded.position(("materials", 0, "copies")) == (4, 5)
    assert loaded.position(("nothing", "here")) == (2, 1)


# --- YAML 1.1 surprises ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
def test_yaml11_booleans_stay_text(text: str) -> None:
    loaded, _ = parse(f"value: {text}\n")
    assert loaded.data["value"] == text


@pytest.mark.parametrize(("text", "value"), [
    ("2024-01-01", "2024-01-01"),        # not a date object
    ("2024-01-01 10:00:00", "2024-01-01 10:00:00"),
    ("010", "010"),                      # not octal 8
    ("0x1F", "0x1F"),                    # not hex 31
    ("1_000", "1_000"),                  # not 1000
    ("9:30", "9:30"),                    # not sexagesimal 570
    (".inf", ".inf"),
    ("12", 12),
    ("-3", -3),
    ("1.5", 1.5),
    ("true", True),
    ("false", False),
    ("~", None),
    ("null", None),
])
def test_plain_scalars_resolve_conservatively(text: str, value: object) -> None:
    loaded, _ = parse(f"value: {text}\n")
    assert loaded.data["value"] == value
    assert type(loaded.data["value"]) is type(value)


def test_quoted_and_explicit_strings_stay_text() -> None:
    loaded, _ = parse("a: \"12\"\nb: '0000'\nc: !!str 123\nd: |\n  true\n")
    assert loaded.data == {"a": "12", "b": "0000", "c": "123", "d": "true\n"}


def test_raw_text_of_numbers_is_kept() -> None:
    loaded, _ = parse("code: 999902000000\nprice: 1.50\n")
    assert loaded.data["code"] == 999902000000
    assert loaded.raw_scalars[("code",)] == "999902000000"
    assert loaded.raw_scalars[("price",)] == "1.50"


def test_resolve_plain_directly() -> None:
    assert resolve_plain("") is None
    assert resolve_plain("+7") == 7
    assert resolve_plain("1e3") == 1000.0
    assert resolve_plain("食品") == "食品"


# --- problems inside a file --------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    loaded, problems = parse("name: 甲\nvisits: 0\nname: 乙\n")
    [problem] = problems
    assert (problem.code, problem.line, problem.path) == ("OW002", 3, ("name",))
    assert "第 1 行" in problem.message
    assert loaded.data["name"] == "甲"  # the first value wins; the second is reported


def test_syntax_error_is_translated() -> None:
    _, [problem] = parse("name: 甲\naddress: 地址: 一楼\n")
    assert (problem.code, problem.line) == ("OW001", 2)
    assert "此处不能出现" in problem.message


def test_tab_indentation() -> None:
    _, [problem] = parse("fee:\n\tcharged: false\n")
    assert problem.code == "OW008"
    assert problem.line == 2
    assert "空格" in problem.hint


def test_several_documents() -> None:
    _, [problem] = parse("id: a\n---\nid: b\n")
    assert (problem.code, problem.line) == ("OW001", 3)


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n  # 还是注释\n"])
def test_empty(text: str) -> None:
    loaded, [problem] = parse(text)
    assert problem.code == "OW004"
    assert loaded.data is None


def test_alias_bomb_is_stopped() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    loaded, [problem] = parse("\n".join(lines) + "\n")
    assert problem.code == "OW007"
    assert loaded.data is None


def test_deep_nesting_is_stopped_before_composing() -> None:
    # 100 000 open brackets used to crash libyaml's recursive composer (segmentation fault).
    _, [problem] = parse("a: " + "[" * 100_000)
    assert problem.code == "OW007"
    _, [problem] = parse("x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)))
    assert problem.code == "OW007"


def test_tags_merge_keys_and_complex_keys() -> None:
    _, problems = parse("a: !!python/object:os.system ls\nb: !local 1\n")
    assert codes(problems) == ["OW011", "OW011"]
    _, problems = parse("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n")
    assert codes(problems) == ["OW011"]
    _, problems = parse("[a, b]: 1\n? {c: d}\n: 2\n")
    assert codes(problems) == ["OW012", "OW012"]


# --- whole files -------------------------------------------------------------------------------


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    loaded, problems = load_file(write(tmp_path, "\ufeffid: scjg\n".encode()), "department")
    assert problems == []
    assert loaded.data == {"id": "scjg"}


def test_gbk_file(tmp_path: Path) -> None:
    raw = "id: scjg\nname: 市场监督管理局\n".encode("gbk")
    _, [problem] = load_file(write(tmp_path, raw), "department")
    assert (problem.code, problem.line) == ("OW003", 2)
    assert "GBK" in problem.message
    assert "iconv" in problem.hint


def test_binary_garbage(tmp_path: Path) -> None:
    raw = bytes(range(256)) * 8
    _, [problem] = load_file(write(tmp_path, raw), "department")
    assert problem.code == "OW003"


def test_control_character_position(tmp_path: Path) -> None:
    _, [problem] = load_file(write(tmp_path, "名称: 中文\nid: x\x01y\n".encode()), "department")
    assert (problem.code, problem.line, problem.column) == ("OW003", 2, 6)
    assert "U+0001" in problem.message


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "列表"), ("只有一句话\n", "单个值"), ("42\n", "单个值")])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    loaded, [problem] = load_file(write(tmp_path, text.encode()), "department")
    assert problem.code == "OW005"
    assert found in problem.message
    assert loaded.data is None


def test_file_too_large(tmp_path: Path) -> None:
    _, [problem] = load_file(write(tmp_path, b"# x\n" * 300_000), "department")
    assert problem.code == "OW006"


def test_missing_file(tmp_path: Path) -> None:
    _, [problem] = load_file(tmp_path / "gone.yml", "department")
    assert problem.code == "OW005"


# --- the catalog layout ------------------------------------------------------------------------


def test_discover_kinds(tmp_path: Path) -> None:
    for rel in ("laws.yml", "materials.yml", "windows.yml", "departments/a.yml", "bundles/b.yaml",
                "items/a/X1.yml", "items/a/deep/X2.yml", "notes.yml", "README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "bundles" / "folder.yml").mkdir()
    kinds = {p.relative_to(tmp_path).as_posix(): k for p, k in discover(tmp_path)}
    assert kinds == {
        "laws.yml": "laws", "materials.yml": "materials", "windows.yml": "windows",
        "departments/a.yml": "department", "bundles/b.yaml": "bundle", "items/a/X1.yml": "item",
        "items/a/deep/X2.yml": None, "notes.yml": None, "bundles/folder.yml": "directory",
    }


def test_load_catalog_keeps_going_after_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "departments").mkdir()
    (tmp_path / "departments" / "a.yml").write_bytes("name: 甲\n".encode("gbk"))
    (tmp_path / "departments" / "b.yml").write_text("id: b\n", encoding="utf-8")
    (tmp_path / "departments" / "c.yml").mkdir()
    (tmp_path / "stray.yml").write_text("x: 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sources, problems = load_catalog(Path("."))
    assert sorted((p.code, p.file) for p in problems) == [
        ("OW003", "departments/a.yml"), ("OW005", "departments/c.yml"), ("OW009", "stray.yml")]
    assert [f.data for f in sources.of_kind("department")] == [{"id": "b"}]


@pytest.mark.parametrize("text", [
    "a: b: c", "a: 'x", "a: [1, 2", "a: {b: 1", "a: *x", "a: @b", 'a: "\\q"', "- a\nb: c",
    "a: &\n", "key\nother: 1", "a: b\n- c", "a: 1\n...\nb\n: c", "a:\n  - b\n c: d",
])
def test_syntax_errors_are_explained_in_chinese(text: str) -> None:
    _, [problem] = parse(text)
    assert problem.code in ("OW001", "OW008")
    explanation = problem.message.removeprefix("YAML 语法错误：")
    assert "\u4e00" <= explanation[0] <= "\u9fff", problem.message


def test_unreadable_file_reason_is_chinese(tmp_path: Path) -> None:
    _, [problem] = load_file(tmp_path / "gone.yml", "department")
    assert problem.message == "无法读取文件：文件不存在（可能是失效的链接）"


@pytest.mark.parametrize(("text", "line"), [
    ('id: a\nphone: "0000-87015301\ncomplaint_phone: "0000-87015399"\n', 2),
    ('name: 甲\naddress: "一楼\n', 2),
    ('materials:\n  - "申请书\n  - 身份证\n', 2),
])
def test_unclosed_quote_points_at_its_line(text: str, line: int) -> None:
    _, [problem] = parse(text)
    assert (problem.code, problem.line) == ("OW001", line)
    assert "引号没有闭合" in problem.message


def test_closed_quotes_are_not_blamed() -> None:
    _, [problem] = parse('a: "x\\"y"\nb: [1\n')
    assert "方括号" in problem.message


@pytest.mark.parametrize("text", [
    "a: " + "[" * 1500,  # libyaml's scanner refuses this itself ("exceeded maximum nesting depth")
    "a: " + "{b: " * 1200,
    "a:\n" + "- " * 1500 + "x\n",
    "a: " + "[" * 320 + "]" * 320 + "\n",  # closed, but deeper than MAX_DEPTH
], ids=["flow-1500", "mapping-1200", "compact-sequence-1500", "closed-320"])
def test_nesting_libyaml_refuses_is_still_located_ow007(text: str) -> None:
    _, [problem] = parse(text)
    assert problem.code == "OW007" and problem.line >= 1 and problem.column > 1
    assert f"{MAX_DEPTH} 层" in problem.message


def test_nesting_bound_never_undercounts() -> None:
    """The cheap bound decides whether the exact measurement runs: it must be an upper bound."""
    samples = ["a:\n- b:\n  - c:\n    - - - d\n", "? [a, {b: c}]\n: x\n", "x: {a: [1, [2, [3]]]}\n",
               "k:\n  - 2024-01-01\n  - a-b\n"]
    for text in samples:
        depth, deepest = 0, 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        assert _nesting_bound(text) >= deepest, text
