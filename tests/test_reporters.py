"""Text and JSON reporters: exact shapes other tools and people rely on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from onewindow.check.problems import Problem, Severity
from onewindow.check.reporters import REPORTERS, report_json, report_text, text_line

ERROR = Problem("OW201", "兜底材料“其他相关材料”", "catalog/items/scjg/X.yml", 63, 11, ("materials", 3, "name"),
                "逐项写明材料名称")
WARNING = Problem("OW222", "全程网办（Ⅳ级）但到现场次数为 1", "catalog/items/wsjk/Y.yml", 65, 10,
                  ("online", "depth"), "", severity=Severity.WARNING)
ODD_PATH = Problem("OW105", "标识“a/b~c”的格式不正确", "catalog/laws.yml", 4, 3, ("laws", "a/b~c"), "写小写字母")
TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>错误|警告) (?P<code>OW\d{3}) "
                       r"(?P<message>.+?)(（提示：(?P<hint>.+)）)? \[(?P<path>/.*)\]$")


def test_text_line_shape() -> None:
    assert text_line(ERROR) == ("catalog/items/scjg/X.yml:63:11: 错误 OW201 兜底材料“其他相关材料”"
                                "（提示：逐项写明材料名称） [/materials/3/name]")
    match = TEXT_LINE.match(text_line(ERROR))
    assert match and match["hint"] == "逐项写明材料名称" and match["path"] == "/materials/3/name"


def test_warning_without_hint() -> None:
    assert text_line(WARNING) == "catalog/items/wsjk/Y.yml:65:10: 警告 OW222 全程网办（Ⅳ级）但到现场次数为 1 [/online/depth]"


def test_root_path_is_shown_as_slash() -> None:
    root = Problem("OW004", "文件是空的", "catalog/departments/a.yml", 1, 1, (), "写入记录内容")
    assert text_line(root).endswith(" [/]")


def test_text_report_counts_and_links_each_code() -> None:
    text = report_text([ERROR, WARNING], site_url="https://guide.example.cn/")
    lines = text.splitlines()
    assert lines[:2] == [text_line(ERROR), text_line(WARNING)]
    assert lines[3] == "共 1 个错误，1 个警告。问题代码说明："
    assert lines[4:] == ["  OW201 兜底材料：https://guide.example.cn/guide/codes/#ow201",
                         "  OW222 全程网办与到现场次数矛盾：https://guide.example.cn/guide/codes/#ow222"]


def test_text_report_when_clean() -> None:
    assert report_text([]) == "检查通过：没有发现问题。"


def test_json_report_keys_and_values() -> None:
    data = json.loads(report_json([ERROR, WARNING, ODD_PATH]))
    assert [list(d) for d in data] == [["code", "severity", "file", "line", "column", "path", "message", "hint"]] * 3
    assert data[0] == {"code": "OW201", "severity": "error", "file": "catalog/items/scjg/X.yml", "line": 63,
                       "column": 11, "path": "/materials/3/name", "message": "兜底材料“其他相关材料”",
                       "hint": "逐项写明材料名称"}
    assert data[1]["severity"] == "warning" and data[1]["hint"] == ""
    assert data[2]["path"] == "/laws/a~1b~0c"  # RFC 6901 escaping


def test_json_keeps_chinese_readable() -> None:
    assert "兜底材料" in report_json([ERROR])
    assert report_json([]) == "[]"


def test_reporters_registry() -> None:
    assert set(REPORTERS) == {"text", "json", "github"}


def test_a_file_name_that_is_not_utf8_is_escaped_alike_in_every_format(tmp_path: Path) -> None:
    """A real file named with the byte 0xFF (not UTF-8): the JSON is valid UTF-8 whose every
    string encodes again (no lone surrogate), and it names the file as the text report does."""
    catalog = tmp_path / "catalog"
    shutil.copytree(Path(__file__).parent / "roots" / "minimal", catalog)
    source = catalog / "items" / "scjg" / "999902000000XK00101.yml"
    odd = os.fsencode(source.parent) + b"/bad\xff.yml"
    with open(odd, "wb") as handle:
        handle.write(source.read_bytes())
    outputs = {}
    for fmt in ("json", "text", "github"):
        proc = subprocess.run([str(Path(sys.executable).with_name("onewindow")), "check", "catalog", "--format", fmt],
                              cwd=tmp_path, capture_output=True, timeout=120)
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr
        outputs[fmt] = proc.stdout.decode("utf-8")  # strict: raises on a byte that is not UTF-8
    problems = json.loads(outputs["json"])
    assert {p["code"] for p in problems} == {"OW204", "OW218"}
    for problem in problems:
        for value in problem.values():
            if isinstance(value, str):
                value.encode("utf-8")  # strict: raises on a lone surrogate
    shown = "catalog/items/scjg/bad\\xff.yml"
    assert {p["file"] for p in problems} == {shown}
    assert "文件名“bad\\xff.yml”" in next(p["message"] for p in problems if p["code"] == "OW218")
    assert f"{shown}:" in outputs["text"] and f"file={shown}," in outputs["github"]
