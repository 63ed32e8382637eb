"""`onewindow check` as a user runs it: the installed console script, exit codes, output shapes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import MINIMAL

ONEWINDOW = Path(sys.executable).parent / "onewindow"
CJK = re.compile(r"[\u4e00-\u9fff]")
TEXT_LINE = re.compile(r"^[^:]+:\d+:\d+: (错误|警告) OW\d{3} .+ \[/.*\]$")
WSJK_ITEM = Path("items/wsjk/999902000000XK00301.yml")


def onewindow(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ONEWINDOW), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


@pytest.fixture
def catalog(copy_catalog) -> Path:
    return copy_catalog("minimal")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_clean_catalog_exits_0(catalog: Path) -> None:
    run = onewindow(catalog.parent, "check", "catalog")
    assert (run.returncode, run.stdout.strip(), run.stderr) == (0, "检查通过：没有发现问题。", "")


def test_default_directory_is_catalog(catalog: Path) -> None:
    assert onewindow(catalog.parent, "check").returncode == 0
    assert onewindow(catalog / "items", "check").returncode == 2  # no ./catalog there


def test_errors_exit_1_in_text_and_json(catalog: Path) -> None:
    edit(catalog / WSJK_ITEM, "type: 行政许可", "type: 行政审批")
    text = onewindow(catalog.parent, "check", "catalog")
    assert text.returncode == 1
    first = text.stdout.splitlines()[0]
    assert TEXT_LINE.match(first), first
    assert first.startswith("catalog/items/wsjk/999902000000XK00301.yml:5:7: 错误 OW104 取值“行政审批”不在允许范围内（提示：")
    as_json = onewindow(catalog.parent, "check", "catalog", "--format", "json")
    assert as_json.returncode == 1
    [problem] = json.loads(as_json.stdout)
    assert list(problem) == ["code", "severity", "file", "line", "column", "path", "message", "hint"]
    assert (problem["code"], problem["line"], problem["column"], problem["path"]) == ("OW104", 5, 7, "/type")


@pytest.mark.parametrize("args", [["check", "catalog", "--format", "xml"], ["check", "no-such-dir"],
                                  ["check", "catalog", "--strictly"]])
def test_usage_errors_exit_2(catalog: Path, args: list[str]) -> None:
    run = onewindow(catalog.parent, *args)
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr


def test_missing_directory_message_is_chinese(tmp_path: Path) -> None:
    run = onewindow(tmp_path, "check", "目录不存在")
    assert run.returncode == 2
    assert "不存在" in run.stderr


def test_warnings_strict_and_suppress(catalog: Path) -> None:
    edit(catalog / WSJK_ITEM, "  depth: Ⅲ级", "  depth: Ⅳ级")
    run = onewindow(catalog.parent, "check", "catalog")
    assert run.returncode == 0
    assert " 警告 OW222 " in run.stdout and " 错误 " not in run.stdout
    assert onewindow(catalog.parent, "check", "catalog", "--strict").returncode == 1
    quiet = onewindow(catalog.parent, "check", "catalog", "--strict", "--suppress", "ow222")
    assert (quiet.returncode, quiet.stdout.strip()) == (0, "检查通过：没有发现问题。")


def test_suppress_can_repeat(catalog: Path) -> None:
    edit(catalog / WSJK_ITEM, "visit_reason: 领取纸质卫生许可证\n", "")
    edit(catalog / "departments" / "scjg.yml", 'phone: "0000-87015301"', 'phone: "87015301"')
    assert onewindow(catalog.parent, "check", "catalog").returncode == 1
    run = onewindow(catalog.parent, "check", "catalog", "--suppress", "OW212", "--suppress", "OW214")
    assert run.returncode == 0


# --- bad input never produces a traceback -------------------------------------------------------

BAD_FILES = {
    "empty": (b"", 1, "文件是空的"),
    "list": ("- id: wsjk\n- name: 卫生健康局\n".encode(), 1, "文件顶层应是字段映射"),
    "gbk": ("id: wsjk\nname: 示范市滨河区卫生健康局\n".encode("gbk"), 1, "GBK"),
    "binary": (bytes(range(256)) * 16, 1, "不是 UTF-8"),
    "nul": (b"id: wsjk\x00\n", 1, "控制字符"),
    "syntax": ("id: wsjk\nname: [未闭合\n".encode(), 1, "YAML 语法错误"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_department_file(catalog: Path, name: str) -> None:
    raw, exit_code, words = BAD_FILES[name]
    (catalog / "departments" / "wsjk.yml").write_bytes(raw)
    for fmt in ("text", "json"):
        run = onewindow(catalog.parent, "check", "catalog", "--format", fmt)
        assert run.returncode == exit_code
        assert words in run.stdout and CJK.search(run.stdout)
        assert "Traceback" not in run.stdout + run.stderr
        assert "内部错误" not in run.stderr


def test_bom_file_is_accepted(catalog: Path) -> None:
    dept = catalog / "departments" / "wsjk.yml"
    dept.write_bytes(b"\xef\xbb\xbf" + dept.read_bytes())
    run = onewindow(catalog.parent, "check", "catalog")
    assert (run.returncode, run.stdout.strip()) == (0, "检查通过：没有发现问题。")


def test_directory_named_like_a_record(catalog: Path) -> None:
    (catalog / "items" / "scjg" / "999902000000XK00999.yml").mkdir()
    run = onewindow(catalog.parent, "check", "catalog", "--format", "json")
    assert run.returncode == 1
    [problem] = json.loads(run.stdout)
    assert problem["code"] == "OW005" and "文件夹" in problem["message"]
    assert "Traceback" not in run.stderr


def test_every_broken_minimal_variant_reads_in_chinese(catalog: Path) -> None:
    """All text-mode lines of a badly broken catalog are located and Chinese."""
    edit(catalog / WSJK_ITEM, "visits: 1", "visits: 一次")
    (catalog / "bundles" / "open-restaurant.yml").write_text("id: [\n", encoding="utf-8")
    (catalog / "laws.yml").write_text("laws: []\n", encoding="utf-8")
    run = onewindow(catalog.parent, "check", "catalog")
    assert run.returncode == 1
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("catalog/")]
    assert len(lines) >= 3
    for line in lines:
        assert TEXT_LINE.match(line), line
        assert CJK.search(line.split(" OW", 1)[1]), line
    assert "Traceback" not in run.stdout + run.stderr


def test_minimal_fixture_is_untouched_by_tests() -> None:
    assert (MINIMAL / WSJK_ITEM).read_text(encoding="utf-8").count("visits: 1\n") == 1


@pytest.mark.parametrize("args", [
    ("check", "no-such-folder"),
    ("build", "no-such-folder"),
    ("check", "--format", "xml"),
    ("build", "--no-such-option"),
    ("new", "item", "--department", "nope", "--code", "999902000000XK09901", "catalog"),
    ("new", "bundle", "--id", "Bad Id", "--name", "x", "catalog"),
    ("new", "item"),
    ("notice", "999902000000XK00101", "no-such-folder", "--missing", "x"),
    ("bench", "generate", "--items", "0", "--departments", "1", "out"),
    ("diff",),
], ids=lambda a: " ".join(a))
def test_usage_errors_have_one_style_and_exit_2(catalog: Path, args: tuple[str, ...]) -> None:
    run = onewindow(catalog.parent, *args)
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert run.stderr.startswith("用法错误："), run.stderr
    assert "Error:" not in run.stderr and "Usage:" not in run.stderr and "Traceback" not in run.stderr
