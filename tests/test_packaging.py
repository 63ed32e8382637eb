"""onewindow as a district gets it: the wheel in a clean venv, run from a folder outside the checkout.

The wheel is built from this checkout and installed, with the locked dependencies
(requirements/lock.txt, hash-checked), into a throw-away venv. Every command then runs in a
temporary folder: `init`, `check`, `build`, `notice`, `new`, `diff`, and the pre-commit hook
through `pre-commit try-repo`, which installs onewindow from the checkout the way a district's
repository would. Nothing here imports the checkout's source.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
ITEMS = ("999901000000XK00101", "999901000000XK00201")


def run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
        timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # The locked setuptools is already in this venv: no download, the same backend every time.
    ok(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out,
            project_root], cwd=out))
    [built] = out.glob("onewindow-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A clean venv holding the wheel and the locked dependencies; the environment to run it in."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    ok(run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv.parent))
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q"]
    ok(run([*pip, "--require-hashes", "--no-deps", "-r", project_root / "requirements" / "lock.txt"],
           cwd=venv.parent))
    ok(run([*pip, "--no-deps", wheel], cwd=venv.parent))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONEWINDOW", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin"
    env["CI"] = "true"  # no progress bars in captured output
    yield env


def test_the_wheel_carries_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("onewindow/schemas/item.schema.json", "onewindow/schemas/common.schema.json",
                   "onewindow/templates/site/item.md.j2", "onewindow/templates/site/assets/onewindow.css",
                   "onewindow/templates/flowcharts/item.dot.j2", "onewindow/defaults/mkdocs.yml",
                   "onewindow/theme/main.html", "onewindow/theme/onewindow/main.html",
                   "onewindow/scaffold/files/mkdocs.yml.j2", "onewindow/render/guide_examples/examples.yml",
                   "onewindow/fontcoverage.json"):
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "catalog/"))]


def test_init_check_build_from_a_folder_outside_the_checkout(installed: dict[str, str], tmp_path: Path,
                                                            project_root: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    assert project_root not in work.parents
    done = ok(run(["onewindow", "init", "district", "--district", "杭州市西湖区",
                   "--site-url", "https://zwfw.xihu.gov.cn/guide/"], cwd=work, env=installed))
    assert "已创建 district/" in done.stdout and "警告" not in done.stderr
    district = work / "district"
    ok(run(["onewindow", "check"], cwd=district, env=installed))
    built = ok(run(["onewindow", "build"], cwd=district, env=installed))
    assert "构建完成" in built.stdout and "Traceback" not in built.stderr
    site, build = district / "site", district / "build"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "杭州市西湖区政务服务办事指南" in home and "政务服务热线 12345" in home
    for code in ITEMS:
        page = (site / "items" / code / "index.html").read_text(encoding="utf-8")
        assert "application/ld+json" in page  # onewindow's theme layer is in use
        text = "".join(p.extract_text() for p in PdfReader(build / "checklists" / f"{code}.pdf").pages)
        assert code in text
    assert (site / "assets" / "stylesheets" / "onewindow.css").is_file()
    department = (district / "catalog" / "departments" / "scjg.yml").read_text(encoding="utf-8")
    assert department.startswith("# yaml-language-server: $schema=../../schemas/department.schema.json")
    assert "杭州市西湖区市场监督管理局" in department


def test_notice_new_and_diff_work_as_installed(installed: dict[str, str], tmp_path: Path) -> None:
    ok(run(["onewindow", "init", "d"], cwd=tmp_path, env=installed))
    repo = tmp_path / "d"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    ok(run([*git, "init", "-q"], cwd=repo))
    ok(run([*git, "add", "-A"], cwd=repo))
    ok(run([*git, "commit", "-qm", "start"], cwd=repo))
    notice = ok(run(["onewindow", "notice", ITEMS[0], "--missing", "layout-plan", "-o", "n.pdf"],
                    cwd=repo, env=installed))
    assert "已生成一次性告知书" in notice.stdout
    assert "经营场所平面布局图" in PdfReader(repo / "n.pdf").pages[0].extract_text()
    ok(run(["onewindow", "new", "item", "--department", "scjg", "--code", "999901000000XK00999"],
           cwd=repo, env=installed))
    new = next((repo / "catalog" / "items" / "scjg").glob("999901000000XK00999.yml"))
    assert new.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../../schemas/")
    new.unlink()
    item = repo / "catalog" / "items" / "scjg" / f"{ITEMS[0]}.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("committed_days: 5", "committed_days: 3"),
                    encoding="utf-8")
    ok(run([*git, "commit", "-qam", "faster"], cwd=repo))
    diff = ok(run(["onewindow", "diff", "HEAD~1", "HEAD"], cwd=repo, env=installed))
    assert "食品经营许可（新办）" in diff.stdout


def test_placeholder_site_url_warns_and_strict_refuses(installed: dict[str, str], tmp_path: Path) -> None:
    ok(run(["onewindow", "init", "d"], cwd=tmp_path, env=installed))
    repo = tmp_path / "d"
    refused = run(["onewindow", "build", "--strict"], cwd=repo, env=installed)
    assert refused.returncode == 1 and "占位地址" in refused.stderr
    assert not (repo / "site").exists() and not (repo / "build").exists()
    built = ok(run(["onewindow", "build"], cwd=repo, env=installed))
    assert "占位地址（zwfw.example.gov.cn）" in built.stderr and (repo / "site" / "index.html").is_file()


def test_pre_commit_try_repo_runs_the_hook_from_the_checkout(installed: dict[str, str], tmp_path: Path,
                                                            project_root: Path) -> None:
    """`pre-commit try-repo` builds its own venv and pip-installs onewindow from the checkout
    (through the configured package index), then runs `onewindow-check` on a district repo."""
    ok(run(["onewindow", "init", "d"], cwd=tmp_path, env=installed))
    repo = tmp_path / "d"
    ok(run(["git", "init", "-q"], cwd=repo))
    ok(run(["git", "add", "-A"], cwd=repo))
    env = {**installed, "PATH": f"{BIN}{os.pathsep}{installed['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "pc")}
    passed = run([BIN / "pre-commit", "try-repo", project_root, "onewindow-check", "--all-files"],
                 cwd=repo, env=env, timeout=1800)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "onewindow check" in passed.stdout and "Passed" in passed.stdout
    item = repo / "catalog" / "items" / "scjg" / f"{ITEMS[0]}.yml"
    item.write_text(item.read_text(encoding="utf-8").replace("name: 经营场所平面布局图", "name: 其他相关材料"),
                    encoding="utf-8")
    failed = run([BIN / "pre-commit", "try-repo", project_root, "onewindow-check", "--all-files"],
                 cwd=repo, env=env, timeout=1800)
    assert failed.returncode == 1
    assert "OW201" in failed.stdout and "其他相关材料" in failed.stdout
    shutil.rmtree(tmp_path / "pc", ignore_errors=True)
