"""Reproducible builds: the sample catalog, built twice at the same commit into different
directories, gives byte-identical site/ and build/ trees (nothing excluded).

The repository is cloned at HEAD so both builds see the same commit (code, templates and
catalog, with its git history, which dates the change records and SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from frozen_cli import command, environment

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def manifest(root: Path) -> dict[str, str]:
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def tree_hash(files: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{k}\0{v}\n" for k, v in sorted(files.items())).encode()).hexdigest()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("repro") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--local", str(ROOT), str(dest)], check=True, timeout=300)
    return dest


def build_into(code: Path, catalog: Path, out: Path, cwd: Path) -> None:
    out.mkdir(parents=True)
    done = subprocess.run(command("build", str(catalog), "--build-dir", str(out / "build"),
                                  "--site-dir", str(out / "site")),
                          cwd=cwd, env=environment(code), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr


def test_two_builds_are_byte_identical(clone: Path, tmp_path: Path) -> None:
    catalog = clone / "catalog"
    assert (catalog / "items").is_dir(), "the sample catalog is not committed yet"
    first, second = tmp_path / "first", tmp_path / "elsewhere" / "second"
    build_into(clone, catalog, first, tmp_path)
    build_into(clone, catalog, second, clone)  # another directory and another working directory
    print()
    for tree in ("site", "build"):
        a, b = manifest(first / tree), manifest(second / tree)
        assert len(a) > 50
        differing = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        assert not differing, f"{tree}/ differs between two builds: {differing[:10]}"
        print(f"{tree}/: {len(a)} files, sha256 of both manifests {tree_hash(a)} == {tree_hash(b)}")


def test_dates_come_from_the_catalog_commit_not_the_clock(clone: Path, tmp_path: Path) -> None:
    """A catalog last committed on 2021-05-06 gets that date in the sitemap, whatever day it is built."""
    catalog = tmp_path / "catalog"
    subprocess.run(["cp", "-r", str(ROOT / "tests" / "roots" / "minimal"), str(catalog)], check=True)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-05-06T10:00:00+00:00",
           "GIT_COMMITTER_DATE": "2021-05-06T10:00:00+00:00", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "catalog"]):
        subprocess.run(["git", *args], cwd=catalog, env=env, check=True)
    out = tmp_path / "out"
    build_into(clone, catalog, out, tmp_path)
    sitemap = (out / "site" / "sitemap.xml").read_text(encoding="utf-8")
    dates = {line.strip()[9:19] for line in sitemap.splitlines() if "<lastmod>" in line}
    assert dates == {"2021-05-06"}
    gz = (out / "site" / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(gz[4:8], "little") <= 1620295200  # gzip header time: that day, not today
