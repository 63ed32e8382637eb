"""Which local implementations (实施清单) a base-catalog change reaches (`onewindow diff --locals`).

For every base item the change touches, the local catalogs that implement it are listed, with the
cross-layer problems the new base causes there (a shortened legal limit below a district's
committed days, a removed material a district spares, a removed item still implemented).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath

from onewindow.catalog.layers import LAYER_FILE
from onewindow.catalog.loader import Sources, display_path, load_file
from onewindow.check.layered import base_view
from onewindow.check.rules.layers import check_implementation
from onewindow.diff.changes import CatalogDiff


@dataclass(frozen=True)
class Affected:
    code: str
    name: str
    status: str
    local_file: str  # the implementation record, as shown to the user
    problems: tuple[str, ...]  # cross-layer findings against the new base, in Chinese


def local_catalogs(locals_dir: FsPath) -> list[FsPath]:
    """Local catalogs below a folder (districts/), or the folder itself when it is one."""
    if (locals_dir / LAYER_FILE).is_file():
        return [locals_dir]
    return sorted(p.parent for p in locals_dir.glob(f"*/{LAYER_FILE}"))


def affected_locals(diff: CatalogDiff, head_base: Sources, locals_dir: FsPath) -> list[Affected]:
    view = base_view(head_base)
    out: list[Affected] = []
    for change in diff.items:
        # A re-coded base item leaves implementations filed under its old code: those are affected.
        codes = [change.code, *(c.before for c in change.changes if c.subject == "事项编码")]
        for local, code in ((local, code) for local in local_catalogs(locals_dir) for code in codes):
            path = local / "implementations" / f"{code}.yml"
            if not path.is_file():
                continue
            loaded, _ = load_file(path, "implementation")
            found = tuple(f.message for f in check_implementation(loaded, view)) if isinstance(loaded.data, dict) else ()
            out.append(Affected(change.code, change.name, change.status, display_path(path), found))
    return out


_STATUS = {"added": "新增", "removed": "删除", "changed": "修改", "renamed": "改事项编码"}


def render_affected(affected: Iterable[Affected]) -> str:
    rows = list(affected)
    lines = ["### 受影响的实施清单", ""]
    if not rows:
        return "\n".join([*lines, "没有实施清单实施这些事项。", ""])
    broken = sum(1 for a in rows if a.problems)
    lines += [f"基本目录的这次变更涉及 {len(rows)} 个实施清单事项，其中 {broken} 个与新的基本目录冲突，须由所在地区修改。", "",
              "| 事项 | 基本目录变化 | 实施清单文件 | 与新基本目录的冲突 |", "|---|---|---|---|"]
    for a in rows:
        problems = "；".join(a.problems).replace("|", "\\|") or "无"
        lines.append(f"| {a.name}（{a.code}） | {_STATUS.get(a.status, a.status)} | `{a.local_file}` | {problems} |")
    return "\n".join([*lines, ""])
