"""`onewindow new`: skeletons that fail `check` at every placeholder and pass once filled."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.check.checker import check_catalog
from onewindow.cli.main import main
from onewindow.resources import SCHEMAS_DIR

CODE = "999901000000XK00999"
PLACEHOLDER_LINE = re.compile(r'^(?P<lead>\s*(?:- )?)(?P<key>\w+): "?(?P<value>[^"]*待填写[^"]*)"?$')

# What an editor would write for each placeholder, by field name.
FILLED = {
    "name": "小餐饮经营许可（新办）",
    "type": "行政许可",
    "window": "市场监管",
    "summary": "在本区从事小餐饮经营的申请人办理此项许可。",
    "law": "food-safety-law",
    "article": "第三十五条",
    "text": "具有与经营的食品品种、数量相适应的食品加工场所",
    "legal_days": "20",
    "committed_days": "5",
    "visit_reason": "需现场核验申请人身份",
    "quantity_limit": "无数量限制",
    "scope": "全区通办",
    "sample": "assets/samples/licence-sample.svg",
    "review_body": "示范市滨河区人民政府",
    "court": "示范市滨河区人民法院",
    "q": "许可证多久能拿到？",
    "a": "材料齐全的，5个工作日内办结。",
    "effective": '"2025-01-01"',
}
FILLED_BY_LINE = {"materials": "小餐饮经营许可申请书", "outputs": "小餐饮经营许可证"}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_root: Path,
         copy_catalog: Callable[[Path | str], Path]) -> Path:
    """A department repository layout: catalog/ with schemas/ beside it."""
    copy_catalog("editing-diff")
    shutil.copytree(SCHEMAS_DIR, tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def placeholder_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1)
            if "待填写" in line and not line.lstrip().startswith("#")]


def fill(text: str) -> str:
    out, section = [], ""
    for line in text.splitlines():
        if re.match(r"^\w+:", line):
            section = line.split(":")[0]
        m = PLACEHOLDER_LINE.match(line)
        if m and not line.lstrip().startswith("#"):
            key = m["key"]
            value = FILLED_BY_LINE[section] if key == "name" and section in FILLED_BY_LINE else FILLED[key]
            line = f"{m['lead']}{key}: {value}"
        out.append(line)
    return "\n".join(out) + "\n"


def test_item_skeleton_fails_at_every_placeholder_then_passes_when_filled(repo: Path) -> None:
    code, out = invoke("new", "item", "--department", "scjg", "--code", CODE, "catalog")
    assert code == 0, out
    target = repo / f"catalog/items/scjg/{CODE}.yml"
    assert f"已生成 catalog/items/scjg/{CODE}.yml" in out
    text = target.read_text(encoding="utf-8")

    result = check_catalog(Path("catalog"))
    rel = f"catalog/items/scjg/{CODE}.yml"
    ow225 = sorted(p.line for p in result.problems if p.code == "OW225" and p.file == rel)
    expected = placeholder_lines(text)
    assert len(expected) >= 15
    assert ow225 == expected
    placeholder = next(p for p in result.problems if p.code == "OW225" and p.json_path == "/materials/0/name")
    assert placeholder.message == "占位内容“待填写：材料准确名称”还没有填写"
    assert placeholder.hint == "删去“待填写：”和后面的说明，写上材料准确名称"
    assert {p.file for p in result.problems} == {rel}  # the rest of the catalog is untouched

    target.write_text(fill(text), encoding="utf-8")
    after = check_catalog(Path("catalog"))
    assert after.problems == [], [f"{p.line} {p.code} {p.message}" for p in after.problems]
    code, out = invoke("check", "catalog")
    assert code == 0 and "检查通过" in out


def test_skeleton_names_its_schema_and_explains_fields(repo: Path) -> None:
    invoke("new", "item", "-d", "wsjk", "-c", CODE, "-n", "公共场所卫生许可（变更）", "catalog")
    target = repo / f"catalog/items/wsjk/{CODE}.yml"
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/item.schema.json"
    assert (target.parent / "../../../schemas/item.schema.json").resolve() == (repo / "schemas/item.schema.json")
    assert "name: 公共场所卫生许可（变更）" in lines
    # Comments come from the schema's Chinese titles and descriptions.
    assert "# 到办事现场次数：0 表示零跑（全程网办），1 表示最多跑一次。【必填】" in lines
    assert any(line.startswith("    # 材料形式：") and "可选值：原件、复印件" in line for line in lines)
    assert "window: 待填写：综合窗口类别（本目录可用：市场监管、涉企经营许可）" in lines


def test_bundle_skeleton(repo: Path) -> None:
    code, out = invoke("new", "bundle", "--id", "open-snack", "--name", "我要开小吃店", "catalog")
    assert code == 0, out
    target = repo / "catalog/bundles/open-snack.yml"
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/bundle.schema.json"
    result = check_catalog(Path("catalog"))
    assert sorted(p.line for p in result.problems if p.code == "OW225") == placeholder_lines(text)
    filled = (text.replace("待填写：场景分类，例如 企业开办", "企业开办")
              .replace("待填写：一两句话说明办成这件事要办哪些事项", "一次办好食品经营许可和卫生许可")
              .replace("待填写：第一个成员事项的编码", "999901000000XK00101")
              .replace("待填写：第二个成员事项的编码", "999901000000XK00201")
              .replace("待填写：须先办结的成员事项编码", "999901000000XK00101"))
    target.write_text(filled, encoding="utf-8")
    assert check_catalog(Path("catalog")).problems == []


def test_unknown_department_lists_the_valid_ones(repo: Path) -> None:
    code, out = invoke("new", "item", "--department", "gaj", "--code", CODE, "catalog")
    assert code == 2
    assert "部门“gaj”不存在。可用的部门标识：" in out
    assert "  scjg  示范市滨河区市场监督管理局" in out and "  wsjk  示范市滨河区卫生健康局" in out
    assert not list((repo / "catalog/items").glob(f"*/{CODE}.yml"))


@pytest.mark.parametrize("args", [
    ("item", "--department", "scjg", "--code", "999901-bad"),
    ("bundle", "--id", "Open_Shop", "--name", "我要开店"),
])
def test_bad_identifiers_are_refused(repo: Path, args: tuple[str, ...]) -> None:
    code, out = invoke("new", *args, "catalog")
    assert code == 2
    assert "格式不对" in out


def test_existing_file_is_never_overwritten(repo: Path) -> None:
    existing = repo / "catalog/items/scjg/999901000000XK00101.yml"
    before = existing.read_bytes()
    code, out = invoke("new", "item", "-d", "scjg", "-c", "999901000000XK00101", "catalog")
    assert code == 2
    assert "已被 catalog/items/scjg/999901000000XK00101.yml 使用" in out
    assert existing.read_bytes() == before
    code, out = invoke("new", "bundle", "--id", "open-shop", "--name", "我要开小店", "catalog")
    assert code == 2 and "已存在，不会覆盖" in out


def test_code_used_in_another_department_is_refused(repo: Path) -> None:
    """The trial: `new item` with a code that exists under another department wrote the file."""
    code, out = invoke("new", "item", "-d", "wsjk", "-c", "999901000000XK00101", "catalog")
    assert code == 2
    assert "已被 catalog/items/scjg/999901000000XK00101.yml 使用" in out
    assert not (repo / "catalog/items/wsjk/999901000000XK00101.yml").exists()


def test_code_written_inside_a_misnamed_file_is_refused(repo: Path) -> None:
    source = repo / "catalog/items/scjg/999901000000XK00101.yml"
    moved = source.with_name("renamed.yml")
    source.rename(moved)
    code, out = invoke("new", "item", "-d", "wsjk", "-c", "999901000000XK00101", "catalog")
    assert code == 2 and "renamed.yml" in out


@pytest.mark.parametrize("typed", ["市场监管", "区市场监管局", "示范市滨河区市场监督管理局", "scjgg"])
def test_department_by_chinese_name_or_typo_names_the_id(repo: Path, typed: str) -> None:
    code, out = invoke("new", "item", "-d", typed, "-c", CODE, "catalog")
    assert code == 2
    assert "scjg" in out.split("可用的部门标识")[0], out
    assert "  wsjk  示范市滨河区卫生健康局" in out


HOSTILE_NAMES = [
    "食品经营许可: 新办", "食品经营许可：新办", "- 分店", "#1 许可", "null", "true", "123", "2024-01-01",
    '"引号"', "'单引号'", "反斜杠\\路径", "a: b: c", "[列表]", "{映射}", "& 锚点", "* 别名", "! 标签",
    "| 竖线", "> 大于", "% 百分号", "@ 符号", "` 反引号", "? 问号", "许可 # 注释", "许可\t制表符",
    "~", "<<", "许可,逗号", "零宽\u200b字符", "\u2028分隔",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_any_name_is_written_as_valid_yaml_that_reads_back(repo: Path, name: str) -> None:
    from onewindow.catalog.loader import load_file

    code, out = invoke("new", "item", "-d", "scjg", "-c", CODE, "-n", name, "catalog")
    if "\u2028" in name or "\t" in name:
        assert code == 2 and "换行或控制字符" in out
        return
    assert code == 0, out
    loaded, problems = load_file(repo / f"catalog/items/scjg/{CODE}.yml", "item")
    assert problems == [] and loaded.data["name"] == name
    code, out = invoke("new", "bundle", "--id", "open-x", "--name", name, "catalog")
    assert code == 0, out
    loaded, problems = load_file(repo / "catalog/bundles/open-x.yml", "bundle")
    assert problems == [] and loaded.data["name"] == name


def test_skeleton_check_reports_one_problem_per_placeholder(repo: Path) -> None:
    """The trial: fresh `new item` output gave ~30 problems for ~15 placeholders."""
    invoke("new", "item", "-d", "scjg", "-c", CODE, "catalog")
    text = (repo / f"catalog/items/scjg/{CODE}.yml").read_text(encoding="utf-8")
    problems = check_catalog(Path("catalog")).problems
    assert len(problems) == len(placeholder_lines(text)), [f"{p.line} {p.code} {p.message}" for p in problems]
    assert {p.code for p in problems} == {"OW225"}
