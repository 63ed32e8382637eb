"""Messages that name the mistake: did-you-mean for every reference kind, Chinese names mapped to
ids, repeated problems grouped, follow-ons of a broken or deleted record said to be that."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.check.checker import check_catalog
from onewindow.check.reporters import report_text
from onewindow.cli.main import main

FOOD = "items/scjg/999902000000XK00201.yml"
LICENCE = "items/scjg/999902000000XK00101.yml"
HYGIENE = "items/wsjk/999902000000XK00301.yml"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def hints(catalog: Path, code: str) -> list[tuple[str, str]]:
    return [(p.message, p.hint) for p in check_catalog(catalog).problems if p.code == code]


@pytest.fixture
def catalog(copy_catalog: Callable[[Path | str], Path]) -> Path:
    return copy_catalog("minimal")


def test_misspelt_law_id_gets_did_you_mean(catalog: Path) -> None:
    edit(catalog / FOOD, "  - law: food-safety-law\n", "  - law: food-safty-law\n")
    assert hints(catalog, "OW203") == [("引用的法律“food-safty-law”不在法律法规登记册中",
                                        "是不是想写“food-safety-law”（中华人民共和国食品安全法）？")]


@pytest.mark.parametrize("written", ["中华人民共和国食品安全法", "《中华人民共和国食品安全法》", "食品安全法"])
def test_law_title_in_place_of_its_id_is_mapped(catalog: Path, written: str) -> None:
    edit(catalog / FOOD, "  - law: food-safety-law\n", f"  - law: {written}\n")
    [(message, hint)] = hints(catalog, "OW203")
    assert hint == f"这里写法律法规的标识“food-safety-law”，不写“{written}”"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("department: scjg", "department: 市场监管局", "“scjg”"),
    ("department: scjg", "department: scjgg", "是不是想写“scjg”"),
    ("window: 市场监管", "window: market-regulation", "这里写窗口类别的名称“市场监管”"),
    ("window: 市场监管", "window: 市场监督", "是不是想写“市场监管”"),
    ("ref: business-license", "ref: 营业执照", "这里写通用材料的标识“business-license”"),
    ("ref: business-license", "ref: busines-license", "是不是想写“business-license”"),
    ("situations: [new]", "situations: [新办]", "这里写办理情形的标识“new”"),
    ("situations: [new]", "situations: [nwe]", "是不是想写“new”（新办）"),
])
def test_every_item_reference_kind_gets_a_suggestion(catalog: Path, old: str, new: str, expected: str) -> None:
    edit(catalog / FOOD, old, new)
    found = hints(catalog, "OW206")
    assert found and expected in found[0][1], found


def test_bundle_member_typo_names_the_item_it_suggests(catalog: Path) -> None:
    edit(catalog / "bundles/open-restaurant.yml", '- code: "999902000000XK00301"', '- code: "999902000000XK0301"')
    [(message, hint)] = hints(catalog, "OW206")
    assert message == "事项“999902000000XK0301”不存在"
    assert hint.startswith("是不是想写“999902000000XK00301”（")


def test_bundle_member_that_failed_to_load_is_said_to_be_broken(catalog: Path) -> None:
    """The trial: after an item failed to load, its bundles suggested a different item."""
    edit(catalog / HYGIENE, "name: ", "name: [unclosed")
    [problem] = [p for p in check_catalog(catalog).problems if p.code == "OW206"]
    assert "无法读取" in problem.message and HYGIENE in problem.message
    assert "是不是" not in problem.hint


def _git(root: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.gov.cn", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "e@example.gov.cn", "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("committed", [False, True])
def test_bundle_member_deleted_is_said_to_be_deleted(catalog: Path, committed: bool) -> None:
    """The trial: after deleting an item, bundles got “是不是想写” another item's code."""
    _git(catalog, "init", "-q")
    _git(catalog, "add", ".")
    _git(catalog, "commit", "-q", "-m", "目录")
    (catalog / HYGIENE).unlink()
    if committed:
        _git(catalog, "commit", "-q", "-am", "删除事项")
    [problem] = [p for p in check_catalog(catalog).problems if p.code == "OW206"]
    assert problem.message == f"事项“999902000000XK00301”不存在：它的记录文件 {HYGIENE} 已被删除"
    assert problem.hint == "从这里删去对它的引用，或恢复这个事项"


def test_one_unregistered_law_cited_many_times_is_one_line_with_a_count(catalog: Path) -> None:
    """The trial: one unregistered law referenced 9 times gave 9 identical lines."""
    for name in (FOOD, LICENCE):
        text = (catalog / name).read_text(encoding="utf-8")
        text = text.replace("law: food-safety-law", "law: food-hygiene-law")
        text = text.replace("law: market-entity-registration-regulation", "law: food-hygiene-law")
        (catalog / name).write_text(text, encoding="utf-8")
    problems = [p for p in check_catalog(catalog).problems if p.code == "OW203"]
    assert len(problems) >= 4
    lines = report_text(problems).splitlines()
    assert sum("food-hygiene-law" in line for line in lines) == 1
    assert lines[1].startswith(f"    同样的问题另有 {len(problems) - 1} 处：")


def test_check_links_to_the_published_codes_page(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONEWINDOW_SITE_URL", raising=False)
    edit(catalog / FOOD, "  - law: food-safety-law\n", "  - law: food-safty-law\n")
    result = CliRunner().invoke(main, ["check", str(catalog)])
    assert result.exit_code == 1
    links = [line for line in result.output.splitlines() if "OW203" in line and "#ow203" in line]
    assert links and links[0].split("：", 1)[1].startswith("https://")
    assert links[0].endswith("/guide/codes/#ow203")


def test_check_files_reports_only_those_files_within_their_catalog(catalog: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial: `onewindow check <file>` said the directory does not exist."""
    edit(catalog / FOOD, "  - law: food-safety-law\n", "  - law: food-safty-law\n")
    edit(catalog / HYGIENE, "visits: ", "visits: 很多")
    monkeypatch.chdir(catalog.parent)
    result = CliRunner().invoke(main, ["check", f"catalog/{FOOD}"])
    assert result.exit_code == 1
    assert "food-safty-law" in result.output and "999902000000XK00301" not in result.output
    assert "其他文件另有" in result.output
    result = CliRunner().invoke(main, ["check", f"catalog/{LICENCE}"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["check", "catalog/items/scjg/nothing.yml"])
    assert result.exit_code == 2 and "不存在" in result.output


def test_check_from_inside_the_catalog_says_where_to_run(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalog)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2 and "本身就是目录" in result.output
    assert CliRunner().invoke(main, ["check", "."]).exit_code == 0
