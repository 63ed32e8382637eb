"""Run the onewindow CLI from a frozen copy of the project (code, templates, schemas, MkDocs config).

Tests that compare two builds byte for byte (reproducibility, interrupted builds) must not see
the source tree change between the builds; the copy makes them independent of edits made while
the suite runs. The copy is the same code the installed `onewindow` command runs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("src", "mkdocs.yml", "pyproject.toml")


def freeze(dest: Path) -> Path:
    """Copy the project's runtime parts below dest; return the copy's root."""
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.is_file():
            shutil.copy2(source, dest / part)
    return dest


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from onewindow.cli.main import main; sys.exit(main())", *args]


def environment(frozen: Path) -> dict[str, str]:
    """PYTHONPATH entries come before the editable install, so the copy's package is imported."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(frozen / "src")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env
