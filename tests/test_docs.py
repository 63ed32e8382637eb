"""The developer docs against the code: every problem code and schema field is documented."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onewindow.check.codes import CODES
from onewindow.resources import SCHEMAS_DIR

DOCS = Path(__file__).resolve().parents[1] / "docs"
FORMAT = (DOCS / "catalog-format.md").read_text(encoding="utf-8")
ARCHITECTURE = (DOCS / "architecture.md").read_text(encoding="utf-8")
SRC = Path(__file__).resolve().parents[1] / "src" / "onewindow"
CODE_LITERAL = re.compile(r"[\"'](OW\d{3})[\"']")


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_has_a_row_in_the_code_table(code: str) -> None:
    entry = CODES[code]
    row = f"| {code} | {entry.severity.label} | {entry.title} | {entry.why} |"
    assert row in FORMAT, f"docs/catalog-format.md lacks or has a stale row for {code}:\n{row}"


def test_code_table_has_no_unknown_codes() -> None:
    table_codes = re.findall(r"^\| (OW\d{3}) \|", FORMAT, flags=re.MULTILINE)
    assert sorted(table_codes) == sorted(CODES)


def test_codes_used_by_loader_schema_and_rules_are_registered() -> None:
    files = [SRC / "catalog" / "loader.py", SRC / "catalog" / "schema.py", SRC / "check" / "checker.py",
             *sorted((SRC / "check" / "rules").glob("*.py"))]
    used = {code for f in files for code in CODE_LITERAL.findall(f.read_text(encoding="utf-8"))}
    assert used, "no codes found: the scan is broken"
    assert used <= set(CODES), sorted(used - set(CODES))


def _properties(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield name
            yield from _properties(sub)
        for key, sub in node.items():
            if key != "properties":
                yield from _properties(sub)
    elif isinstance(node, list):
        for sub in node:
            yield from _properties(sub)


@pytest.mark.parametrize("path", sorted(SCHEMAS_DIR.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_schema_field_is_documented(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    missing = sorted({name for name in _properties(schema) if f"| `{name}` |" not in FORMAT})
    assert not missing, f"fields of {path.name} missing from docs/catalog-format.md: {missing}"


def test_architecture_names_every_render_target_and_rule_module() -> None:
    from onewindow.render import TARGETS

    for target in TARGETS:
        assert f"`{target.name}`" in ARCHITECTURE, target.name
    for module in sorted((SRC / "check" / "rules").glob("*.py")):
        if module.stem != "__init__":
            assert f"{module.stem}.py" in ARCHITECTURE, module.name


def test_crash_log_path_in_the_docs_is_the_real_one() -> None:
    """The trial: docs/catalog-format.md named a crash log path that is not the real one."""
    source = (SRC / "cli" / "common.py").read_text(encoding="utf-8")
    assert 'f"onewindow-crash-{os.getpid()}.log"' in source and "gettempdir()" in source
    assert "onewindow-crash-<pid>.log" in FORMAT and "build/onewindow-crash.log" not in FORMAT


def test_editing_guide_explains_the_common_changes() -> None:
    """The trial: nothing explained retiring an item, renaming a material, or common materials."""
    editing = (DOCS / "editing.md").read_text(encoding="utf-8")
    for heading in ("### 停止实施一个事项（退出事项）", "### 修改材料的标识（id）", "### 记录法律法规的修订",
                    "### “一件事”的共性材料是怎样算出来的", "## 7. 本地预览（`onewindow serve`）"):
        assert heading in editing, heading
