"""The pre-commit hooks, run exactly as `.pre-commit-hooks.yaml` writes them, in a throwaway repo.

A fast stand-in: run each hook's `entry` with the file selection pre-commit would make (`files`
regex over the staged paths, `pass_filenames`). The real thing, `pre-commit try-repo` installing
this checkout into its own virtualenv, runs in tests/test_packaging.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from onewindow.resources import SCHEMAS_DIR

FIXTURE = Path(__file__).parent / "roots" / "editing-diff"
ITEM = "catalog/items/scjg/999901000000XK00101.yml"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def hooks(project_root: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((project_root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


@pytest.fixture
def repo(tmp_path: Path, project_root: Path) -> Path:
    root = tmp_path / "dept"
    shutil.copytree(FIXTURE, root / "catalog")
    shutil.copytree(SCHEMAS_DIR, root / "schemas")
    git(root, "init", "-q")
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def run_hook(hook: dict[str, Any], root: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit does for one hook: select staged files by `files`, run `entry`."""
    git(root, "add", "-A")
    staged = git(root, "diff", "--cached", "--name-only", "-z").split("\0")
    selected = [f for f in staged if f and re.search(hook.get("files", ""), f)]
    assert selected, "the hook would not run at all"
    args = shlex.split(hook["entry"]) + ([] if hook.get("pass_filenames") is False else selected)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(args, cwd=root, capture_output=True, text=True, env=env, timeout=120)


def test_onewindow_check_hook_definition(hooks: dict[str, dict[str, Any]], project_root: Path) -> None:
    hook = hooks["onewindow-check"]
    assert hook["entry"] == "onewindow check"
    assert hook["language"] == "python"
    assert hook["files"] == "^catalog/"
    assert hook["pass_filenames"] is False
    # language: python installs this project; its console script provides the entry.
    scripts = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["onewindow"] == "onewindow.cli:main"


def test_onewindow_check_hook_fails_on_a_bad_file_in_chinese(hooks: dict[str, dict[str, Any]],
                                                                repo: Path) -> None:
    assert run_hook(hooks["onewindow-check"], repo).returncode == 0
    item = repo / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("name: 经营场所平面布局图", "name: 其他相关材料"),
                    encoding="utf-8")
    done = run_hook(hooks["onewindow-check"], repo)
    assert done.returncode == 1
    assert f"{ITEM}:35:11: 错误 OW201 兜底材料“其他相关材料”" in done.stdout
    assert "共 1 个错误，0 个警告。" in done.stdout


def test_manifest_is_valid_for_pre_commit(project_root: Path) -> None:
    from pre_commit.clientlib import load_manifest

    loaded = load_manifest(str(project_root / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in loaded] == ["onewindow-check"]
