"""Output folders are checked before a build touches anything.

`build` replaces `--build-dir` and `--site-dir` whole (render into a sibling, swap, delete the
old tree) and removes stale siblings named `.<name>.tmp-*` / `.<name>.old-*`. Pointed at the
wrong place, that deletes the catalog, the working folder with its `.git`, or the other output.
So an output folder may be only: a folder that does not exist yet, an empty folder, or a folder
an earlier onewindow build wrote (it carries the marker file below). And it may never be, hold,
or sit inside the catalog, the working folder, the configuration or the other output.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from onewindow.errors import UsageError

# Written into both output trees by every build: "this folder is onewindow's to replace".
MARKER = ".onewindow-output"
# Outputs of builds older than the marker: recognised by what only they contain.
_LEGACY_SIGNS = {"build": (".onewindow-manifest.json",), "site": ("sitemap.xml", "404.html")}
_STAGING = re.compile(r"\.(?P<name>.+)\.(tmp|old)-\d+\Z")


class OutputPathError(UsageError):
    """An output option that would destroy or mix up data: a usage error (exit code 2)."""

    exit_code = 2


def _real(path: Path) -> Path:
    """Absolute path with every existing symbolic link resolved (what the OS will touch)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or child.is_relative_to(parent)


def _owned(folder: Path, kind: str, listed: frozenset[str] = frozenset()) -> bool:
    """True when replacing `folder` loses nothing: absent, empty, or an earlier output (its
    marker, its signature files, or only files the last build's manifest lists: a damaged
    site that lost its marker is still ours to repair)."""
    if not folder.exists():
        return True
    try:
        names = set(os.listdir(folder))
    except OSError:
        return False
    names.discard(".onewindow-build.lock")
    if not names or MARKER in names:
        return True
    if all(sign in names for sign in _LEGACY_SIGNS[kind]):
        return True
    return bool(listed) and _only_listed(folder, listed)


def _only_listed(folder: Path, listed: frozenset[str]) -> bool:
    for path in folder.rglob("*"):
        if path.is_symlink() or (path.is_file() and path.relative_to(folder).as_posix() not in listed):
            return False
    return True


def _listed_site(build_dir: Path) -> frozenset[str]:
    """The site files the last build's manifest lists (empty when there is none)."""
    from onewindow.build.cache import Manifest

    return frozenset(Manifest.read(build_dir if build_dir.is_dir() else None).site)


def _staging_victim(protected: Path, output: Path) -> bool:
    """Whether `protected` (or a folder above it) is named like a leftover of `output`'s builds,
    which the next build deletes as stale."""
    for folder in (protected, *protected.parents):
        found = _STAGING.match(folder.name)
        if found and folder.parent == output.parent and found["name"] == output.name:
            return True
    return False


def check_output_dirs(catalog_dir: Path, build_dir: Path, site_dir: Path,
                      config: Path | None = None, cwd: Path | None = None) -> None:
    """Raise OutputPathError (Chinese message, exit 2) when an output folder is unsafe."""
    here = _real(cwd or Path.cwd())
    protected = {"当前工作文件夹": here, "目录（catalog）": _real(catalog_dir)}
    if config is not None:
        protected["配置文件"] = _real(config)
    outputs = {"--build-dir": (build_dir, "build"), "--site-dir": (site_dir, "site")}
    real = {option: _real(path) for option, (path, _) in outputs.items()}
    for option, (given, kind) in outputs.items():
        out = real[option]
        shown = f"{option} {given}"
        for what, path in protected.items():
            if _inside(path, out):
                relation = "就是" if path == out else "包含"
                raise OutputPathError(
                    f"{shown} {relation}{what}（{path}），构建会用生成的文件替换它，已拒绝执行",
                    "把输出放到单独的文件夹，例如 --build-dir build --site-dir site")
            if what != "当前工作文件夹" and _inside(out, path):
                raise OutputPathError(f"{shown} 位于{what}（{path}）之内，已拒绝执行",
                                      "输出文件夹不能放在目录或配置里面，请换一个位置")
            if _staging_victim(path, out):
                raise OutputPathError(f"{what}（{path}）的名字与 {shown} 的临时文件夹相同，构建时会被当作残留删除",
                                      "给输出文件夹换一个名字")
        if out.exists() and not out.is_dir():
            raise OutputPathError(f"{shown} 已存在且不是文件夹（{out}）", "换一个文件夹名，或先删除这个文件")
        above = next(folder for folder in out.parents if folder.exists())
        if not above.is_dir():
            raise OutputPathError(f"{shown} 的上级 {above} 是文件，不是文件夹", "换一个输出位置")
        if not _owned(out, kind, _listed_site(real["--build-dir"]) if kind == "site" else frozenset()):
            raise OutputPathError(
                f"{shown} 是一个已有内容的文件夹，但不是 onewindow 生成的（{out}），构建会删除其中全部内容，已拒绝执行",
                "指定一个新的或空的文件夹；如确认其中内容可以删除，先手动清空它")
    build, site = real["--build-dir"], real["--site-dir"]
    if _inside(build, site) or _inside(site, build):
        relation = "是同一个文件夹" if build == site else "互相包含"
        raise OutputPathError(f"--build-dir {build_dir} 和 --site-dir {site_dir} {relation}，一个会覆盖另一个",
                              "把两个输出放在并列的文件夹，例如 --build-dir build --site-dir site")
    if _staging_victim(build, site) or _staging_victim(site, build):
        raise OutputPathError(f"--build-dir {build_dir} 和 --site-dir {site_dir} 的名字互相冲突（临时文件夹）",
                              "给输出文件夹换一个普通的名字")


def mark_output(staging: Path) -> None:
    """Stamp a staged output tree, so the next build knows it may replace it."""
    marker = staging / MARKER
    if not marker.exists():  # a reused tree is hard-linked to the live one: never write through it
        marker.write_text("onewindow build output: replaced whole by every build\n", encoding="utf-8")


def check_output_file(path: Path, option: str, catalog_dir: Path | None = None, magic: bytes = b"") -> None:
    """A single output file (`notice -o`, `diff -o`): refuse folders, devices, files inside the
    catalog and (with `magic`) existing files of another kind, before any work is done."""
    shown = f"{option} {path}"
    if catalog_dir is not None and _inside(_real(path), _real(catalog_dir)):
        raise OutputPathError(f"{shown} 位于目录（catalog）之内，会覆盖或混入记录文件", "把输出写到目录之外")
    if magic and path.is_file() and path.stat().st_size:
        with path.open("rb") as handle:
            if handle.read(len(magic)) != magic:
                raise OutputPathError(f"{shown} 是一个已有的其他文件，不会被覆盖", "换一个文件名")
    if path.is_dir():
        raise OutputPathError(f"{shown} 是一个文件夹，需要的是文件名", f"例如 {option} {path / 'out'}")
    if path.exists() and not path.is_file():
        raise OutputPathError(f"{shown} 不是普通文件（可能是设备或管道）", "写一个普通文件的路径")
    above = next(folder for folder in path.absolute().parents if folder.exists())
    if not above.is_dir():
        raise OutputPathError(f"{shown} 的上级 {above} 是文件，不是文件夹", "换一个输出位置")
    if not os.access(above, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputPathError(f"{shown} 不能写入（没有写入权限）", "换一个有写入权限的位置")
