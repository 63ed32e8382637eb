"""`check --format github`: GitHub Actions workflow commands, exact to the byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.check.problems import Problem, Severity
from onewindow.check.reporters import github_line, report_github
from onewindow.cli.main import main

FOOD = "items/scjg/999901000000XK00101.yml"


@pytest.fixture(autouse=True)
def no_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def test_escapes_data_and_properties() -> None:
    problem = Problem("OW101", "未知字段“a:b”\n第二行 100%", "catalog/items/x,y.yml", 3, 5, ("a:b",),
                      "检查拼写")
    assert github_line(problem) == (
        "::error file=catalog/items/x%2Cy.yml,line=3,col=5,title=OW101 未知字段::"
        "未知字段“a:b”%0A第二行 100%25（提示：检查拼写）"
    )


def test_warning_level_and_unknown_code_title() -> None:
    warning = Problem("OW221", "到现场次数为 0", "catalog/a.yml", 7, 1, severity=Severity.WARNING)
    assert github_line(warning) == (
        "::warning file=catalog/a.yml,line=7,col=1,title=OW221 零跑事项缺少网办或邮寄渠道::到现场次数为 0")
    assert github_line(Problem("OW999", "x", "f.yml", 1, 1)) == "::error file=f.yml,line=1,col=1,title=OW999::x"


def test_missing_position_annotates_the_file() -> None:
    assert github_line(Problem("OW206", "缺少登记册 laws.yml", "catalog/laws.yml")) == (
        "::error file=catalog/laws.yml,title=OW206 引用无法解析::缺少登记册 laws.yml")


def test_paths_relative_to_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    file = str(tmp_path / "catalog" / "laws.yml")
    assert github_line(Problem("OW004", "文件是空的", file, 1, 1)).startswith(
        "::error file=catalog/laws.yml,line=1,col=1,title=OW004 空文件::")


def test_no_problems_prints_nothing() -> None:
    assert report_github([]) == ""


def test_cli_prints_one_annotation_per_problem(copy_catalog: Callable[[Path | str], Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = copy_catalog("editing-diff")
    monkeypatch.chdir(catalog.parent)
    item = catalog / FOOD
    text = item.read_text(encoding="utf-8")
    text = text.replace("    copies: 1\n    medium: 纸质\n    source: 申请人自备\n    role: 容缺",
                        "    copies: 一份\n    medium: 纸质\n    source: 申请人自备\n    role: 容缺")
    item.write_text(text.replace("committed_days: 5", "committed_days: 25"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "github", "catalog"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"::error file=catalog/{FOOD},line=37,col=13,title=OW103 值的类型不对::应为整数，实际是文字"
        "（提示：写阿拉伯数字，不加引号和单位，例如 20）",
        f"::error file=catalog/{FOOD},line=65,col=19,title=OW207 承诺时限超过法定时限::"
        "承诺办结时限 25 个工作日超过法定办结时限 20 个工作日（提示：承诺时限只能压缩，不能超过法定时限）",
    ]
    lines = item.read_text(encoding="utf-8").splitlines()
    assert lines[36] == "    copies: 一份" and lines[64] == "  committed_days: 25"


def test_cli_warning_only_exits_zero(copy_catalog: Callable[[Path | str], Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = copy_catalog("editing-diff")
    monkeypatch.chdir(catalog.parent)
    item = catalog / "items/wsjk/999901000000XK00201.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("    days: 5", "    days: 9"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "github", "catalog"])
    assert result.exit_code == 0
    # The process list starts at line 26, column 3 (its first "- stage:").
    assert item.read_text(encoding="utf-8").splitlines()[25] == "  - stage: 受理"
    assert result.output == (
        "::warning file=catalog/items/wsjk/999901000000XK00201.yml,line=26,col=3,"
        "title=OW223 环节时限之和超过承诺时限::各环节时限合计 11 个工作日，超过承诺办结时限 10 个工作日"
        "（提示：核对各环节天数；不计入时限的环节（检测、听证等）写 counted: false）\n")
    strict = CliRunner().invoke(main, ["check", "--format", "github", "--strict", "catalog"])
    assert strict.exit_code == 1
