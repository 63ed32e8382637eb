"""Output folders are refused before anything is touched (onewindow.build.paths).

The explicit cases go through the real CLI; the property test generates combinations of
`--build-dir` / `--site-dir` (relative, absolute, `..`, symbolic links, the catalog, the working
folder, foreign folders) and proves that `build` never deletes or modifies an input file. It runs
the real pipeline (check, locks, staging, swap) with the render targets replaced by one small
writer, so a hundred builds take seconds, not an hour.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import onewindow.render
from onewindow.build.paths import MARKER, check_output_dirs
from onewindow.cli.main import main
from onewindow.errors import UsageError

MINIMAL = Path(__file__).parent / "roots" / "minimal"
SITE_URL = "https://zwfw.example.gov.cn/guide/"


class _FakeTarget(onewindow.render.Target):
    """Stands in for every renderer: writes into both staging trees like the real ones do."""

    name = "fake"
    label = "测试"

    def render(self, catalog, out) -> list[Path]:
        docs = out.build_dir / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        page = docs / "index.md"
        page.write_text("# 首页\n", encoding="utf-8")
        (out.site_dir / "index.html").write_text("<html></html>", encoding="utf-8")
        return [page]


@contextmanager
def fast_targets() -> Iterator[None]:
    with mock.patch.object(onewindow.render, "TARGETS", (_FakeTarget(),)):
        yield


@contextmanager
def working_folder(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def make_workspace(root: Path) -> Path:
    """A department's repository: catalog, .git, notes, a foreign folder, a link to the catalog."""
    work = root / "work"
    shutil.copytree(MINIMAL, work / "catalog")
    (work / ".git").mkdir()
    (work / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (work / "notes.txt").write_text("部门的笔记\n", encoding="utf-8")
    (work / "other").mkdir()
    (work / "other" / "report.docx").write_bytes(b"PK\x03\x04 not generated")
    (root / "sibling.txt").write_text("工作文件夹旁边的文件\n", encoding="utf-8")
    os.symlink("catalog", work / "catalog-link")
    os.symlink(".", work / "here-link")
    return work


def snapshot(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """sha256 of every file below root (links by their target), except inside `skip`."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        dirnames[:] = [d for d in dirnames if folder / d not in skip]
        for name in filenames + [d for d in dirnames if (folder / d).is_symlink()]:
            path = folder / name
            rel = path.relative_to(root).as_posix()
            found[rel] = "link:" + os.readlink(path) if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_build(work: Path, *args: str) -> tuple[int, str]:
    with working_folder(work), fast_targets():
        result = CliRunner().invoke(main, ["build", "catalog", "--site-url", SITE_URL, "-q", *args])
    return result.exit_code, result.output


REFUSED = [
    (["--site-dir", "."], "当前工作文件夹"),
    (["--site-dir", "here-link"], "当前工作文件夹"),
    (["--build-dir", "catalog"], "目录（catalog）"),
    (["--build-dir", "catalog-link"], "目录（catalog）"),
    (["--site-dir", ".."], "当前工作文件夹"),
    (["--site-dir", "/"], "当前工作文件夹"),
    (["--build-dir", "catalog/items"], "之内"),
    (["--build-dir", "site/build"], "互相包含"),
    (["--site-dir", "build/site"], "互相包含"),
    (["--build-dir", "out", "--site-dir", "out"], "同一个文件夹"),
    (["--site-dir", "other"], "不是 onewindow 生成的"),
    (["--build-dir", ".git"], "不是 onewindow 生成的"),
    (["--site-dir", "notes.txt"], "不是文件夹"),
    (["--build-dir", "site/../catalog/../other"], "不是 onewindow 生成的"),
    (["--site-dir", "catalog/../.."], "当前工作文件夹"),
]


@pytest.mark.parametrize(("args", "why"), REFUSED, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_dangerous_output_folders_are_refused_with_exit_2(tmp_path: Path, args: list[str], why: str) -> None:
    work = make_workspace(tmp_path)
    before = snapshot(tmp_path)
    code, output = run_build(work, *args)
    assert code == 2, output
    assert "用法错误" in output and why in output, output
    assert "Traceback" not in output
    assert snapshot(tmp_path) == before  # not even a lock file was written


def test_staging_name_of_the_catalog_is_protected(tmp_path: Path) -> None:
    work = tmp_path / "w"
    shutil.copytree(MINIMAL, work / ".build.tmp-12")
    with pytest.raises(UsageError, match="临时文件夹"):
        check_output_dirs(work / ".build.tmp-12", work / "build", work / "site", cwd=work)


def test_safe_outputs_are_built_and_rebuilt(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    (work / "empty").mkdir()
    for args in ([], [], ["--build-dir", "empty", "--site-dir", "../published/site"]):
        code, output = run_build(work, *args)
        assert code == 0, output
    assert (work / "site" / MARKER).is_file() and (work / "build" / MARKER).is_file()
    assert (tmp_path / "published" / "site" / "index.html").is_file()
    assert (work / "empty" / "docs" / "index.md").is_file()


def test_site_of_an_older_build_is_still_replaced(tmp_path: Path) -> None:
    """Outputs written before the marker existed are recognised by their own files."""
    work = make_workspace(tmp_path)
    (work / "site").mkdir()
    for name in ("sitemap.xml", "404.html", "index.html"):
        (work / "site" / name).write_text("old", encoding="utf-8")
    (work / "build").mkdir()
    (work / "build" / ".onewindow-manifest.json").write_text("{}", encoding="utf-8")
    code, output = run_build(work)
    assert code == 0, output
    assert (work / "site" / "index.html").read_text(encoding="utf-8") == "<html></html>"


def test_a_damaged_site_that_lost_its_marker_is_repaired_not_refused(tmp_path: Path) -> None:
    """Half of site/ deleted (the marker and sitemap among them) is still onewindow's: every file
    left is one the last build's manifest lists. A foreign file among them is refused."""
    work = make_workspace(tmp_path)
    assert run_build(work)[0] == 0
    site = work / "site"
    for name in (MARKER, "sitemap.xml", "404.html"):
        (site / name).unlink(missing_ok=True)
    assert any(site.iterdir())
    code, output = run_build(work)
    assert code == 0, output
    assert (site / MARKER).is_file()
    for name in (MARKER, "sitemap.xml", "404.html"):
        (site / name).unlink(missing_ok=True)
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = run_build(work)
    assert code == 2 and "不是 onewindow 生成的" in output
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    work = make_workspace(tmp_path)
    code, output = run_build(work, "--config", "nowhere.yml")
    assert code == 2 and "nowhere.yml" in output and "不存在" in output


# --------------------------------------------------------------------------- property test

PIECES = st.sampled_from([
    ".", "..", "catalog", "catalog-link", "here-link", "site", "build", "out", "other", ".git",
    "items", "docs", "notes.txt", "new", ".site.tmp-1", ".catalog.old-2", "{root}", "{work}", "/",
])


SAFE = st.sampled_from(["out", "new", "pub", "site", "build", "{root}", "x"])


@st.composite
def output_path(draw: st.DrawFn) -> str:
    # Half the paths are plausible outputs, so accepted builds are exercised too.
    parts = draw(st.lists(PIECES | SAFE, min_size=1, max_size=3) | st.lists(SAFE, min_size=1, max_size=3))
    text = "/".join(parts)
    return text.replace("/{root}", "").replace("/{work}", "").replace("//", "/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(build_dir=output_path(), site_dir=output_path(), cwd_in_catalog=st.booleans())
def test_build_never_deletes_or_modifies_an_input_file(tmp_path_factory: pytest.TempPathFactory, build_dir: str,
                                                       site_dir: str, cwd_in_catalog: bool) -> None:
    root = tmp_path_factory.mktemp("prop")
    work = make_workspace(root)
    subs = {"{root}": str(root), "{work}": str(work)}
    for key, value in subs.items():
        build_dir, site_dir = build_dir.replace(key, value), site_dir.replace(key, value)
    before = snapshot(root)
    cwd = work / "catalog" if cwd_in_catalog else work
    catalog = "." if cwd_in_catalog else "catalog"
    with working_folder(cwd), fast_targets():
        result = CliRunner().invoke(main, ["build", catalog, "--build-dir", build_dir, "--site-dir", site_dir,
                                           "--site-url", SITE_URL, "-q"])
    event(f"exit {result.exit_code}")  # both outcomes must be exercised (see --hypothesis-show-statistics)
    assert result.exit_code in (0, 2), result.output
    assert "内部错误" not in result.output
    after = snapshot(root)
    # Every input file is still there, unchanged; what was added lies inside the two outputs.
    outputs = [Path(os.path.realpath(cwd / p)) for p in (build_dir, site_dir)]
    for rel, digest in before.items():
        path = Path(os.path.realpath(root / rel)) if not (root / rel).is_symlink() else root / rel
        if result.exit_code == 0 and any(path.is_relative_to(o) for o in outputs):
            continue  # an earlier output of this same build, replaced on purpose
        assert after.get(rel) == digest, f"{rel} changed: {result.output}"
    if result.exit_code == 2:
        assert after == before, result.output
