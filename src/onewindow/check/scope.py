"""What `onewindow check PATH…` looks at: a whole catalog, or some of its record files.

A record is only meaningful within its catalog (its laws, departments and bundles live in
other files), so files are checked inside the catalog that holds them and only their own
problems are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from onewindow.catalog.kinds import kind_at
from onewindow.catalog.loader import display_path
from onewindow.check.problems import Problem
from onewindow.errors import UsageError, printable


@dataclass(frozen=True)
class Scope:
    catalog_dir: Path
    files: frozenset[Path] = field(default_factory=frozenset)  # resolved; empty: the whole catalog

    def select(self, problems: Sequence[Problem]) -> list[Problem]:
        if not self.files:
            return list(problems)
        return [p for p in problems if p.file and Path(p.file).resolve() in self.files]


def catalog_of(file: Path) -> Path | None:
    """The catalog folder a record file belongs to, from where record files live."""
    for parent in file.resolve().parents:
        rel = file.resolve().relative_to(parent).parts
        if _is_record_place(rel):
            return parent
    return None


def _is_record_place(rel: tuple[str, ...]) -> bool:
    # The layout loader.discover reads (one table: onewindow.catalog.kinds).
    return kind_at(rel) is not None


def resolve_scope(paths: Sequence[Path]) -> Scope:
    # A path that does not exist counts as a file only when it is named like one.
    files = [p for p in paths if p.is_file() or (not p.exists() and p.suffix in (".yml", ".yaml"))]
    folders = [p for p in paths if p not in files]
    if folders and files:
        raise UsageError("不能同时写目录文件夹和记录文件", "要么写一个目录文件夹，要么写若干记录文件")
    if len(folders) > 1:
        raise UsageError("一次只能检查一个目录文件夹", "分别运行 onewindow check")
    if not files:
        return Scope(paths[0])
    roots: set[Path] = set()
    for file in files:
        if not file.exists() and file.is_symlink():
            raise UsageError(f"文件 {printable(str(file))} 是失效或循环的符号链接，无法读取",
                             "删除这个链接，把记录文件本身放进目录")
        if not file.exists():
            raise UsageError(f"文件 {printable(str(file))} 不存在", "检查文件路径")
        root = catalog_of(file)
        if root is None:
            raise UsageError(f"{file} 不在目录文件夹中的约定位置",
                             "事项在 catalog/items/<部门标识>/ 下，部门在 departments/，一件事在 bundles/，"
                             "登记册是 catalog/ 下的 laws.yml、materials.yml、windows.yml")
        roots.add(root)
    if len(roots) > 1:
        raise UsageError("这些文件属于不同的目录文件夹", "每次只检查一个目录中的文件")
    return Scope(Path(display_path(roots.pop())), frozenset(f.resolve() for f in files))
