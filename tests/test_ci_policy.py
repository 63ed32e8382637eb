"""Under CI a skip is a failure (tests/conftest.py), so a missing tool can never pass quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SKIPPING = '''
import pytest

def test_needs_a_tool():
    pytest.skip("dot not found")

def test_fine():
    assert True
'''
MODULE_SKIP = 'import pytest\npytest.importorskip("no_such_module_anywhere")\n\ndef test_x():\n    pass\n'


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
                          cwd=folder if folder.is_dir() else folder.parent, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "test_tools.py").write_text(SKIPPING, encoding="utf-8")
    (tmp_path / "test_module.py").write_text(MODULE_SKIP, encoding="utf-8")
    return tmp_path


def test_skips_fail_under_ci(suite: Path) -> None:
    done = run_pytest(suite / "test_tools.py", "true")
    assert done.returncode == 1, done.stdout
    assert "skipped under CI" in done.stdout and "dot not found" in done.stdout
    assert "1 failed, 1 passed" in done.stdout
    done = run_pytest(suite / "test_module.py", "true")
    assert done.returncode != 0 and "module skipped under CI" in done.stdout, done.stdout


def test_skips_stay_skips_on_a_workstation(suite: Path) -> None:
    done = run_pytest(suite, None)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped" in done.stdout
