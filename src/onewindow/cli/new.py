"""`onewindow new item|bundle`: write a commented skeleton record for a department editor."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from onewindow.cli.main import CATALOG_ARG, _guard
from onewindow.resources import SCHEMA_FILES, SCHEMAS_DIR

_CODE = re.compile(r"^[0-9A-Z]{8,36}$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def schema_ref(target: Path, kind: str) -> str:
    """Relative path from the new file to its schema: the repository's schemas/ beside the
    catalog when there is one (a department repository), else this project's."""
    local = target.parent.resolve()
    catalog_schemas = _catalog_root(target).parent / "schemas"
    schemas = catalog_schemas if (catalog_schemas / SCHEMA_FILES[kind]).is_file() else SCHEMAS_DIR
    return Path(os.path.relpath(schemas.resolve() / SCHEMA_FILES[kind], local)).as_posix()


def _catalog_root(target: Path) -> Path:
    depth = 3 if target.parent.parent.name == "items" else 2
    return target.resolve().parents[depth - 1]


def _departments(catalog_dir: Path) -> list[str]:
    return sorted(p.stem for p in (catalog_dir / "departments").glob("*.yml"))


def _windows(catalog_dir: Path) -> list[str]:
    from onewindow.catalog.loader import load_file

    path = catalog_dir / "windows.yml"
    if not path.is_file():
        return []
    loaded, _ = load_file(path, "windows")
    data = loaded.data if isinstance(loaded.data, dict) else {}
    entries = data.get("windows") if isinstance(data.get("windows"), list) else []
    return [str(w["name"]) for w in entries if isinstance(w, dict) and w.get("name")]


def _write(target: Path, text: str) -> int:
    if target.exists():
        click.echo(f"用法错误：{target} 已存在，不会覆盖。要修改它，请直接编辑这个文件。", err=True)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"已生成 {target}。把其中所有“待填写：……”替换为实际内容，然后运行 onewindow check。")
    return 0


@click.group(name="new")
def command() -> None:
    """生成新记录的骨架文件（带字段说明和待填写的占位内容）。"""


@command.command(name="item")
@click.option("--department", "-d", required=True, help="部门标识（catalog/departments/ 中的文件名）")
@click.option("--code", "-c", required=True, help="事项编码（实施编码，8 至 36 位数字或大写字母）")
@click.option("--name", "-n", default="", help="事项名称（可稍后填写）")
@CATALOG_ARG
def item(department: str, code: str, name: str, catalog_dir: Path) -> None:
    """生成事项骨架：catalog/items/<部门标识>/<事项编码>.yml。"""

    def run() -> int:
        from onewindow.catalog.skeletons import item_skeleton

        if not catalog_dir.is_dir():
            click.echo(f"用法错误：目录 {catalog_dir} 不存在", err=True)
            return 2
        known = _departments(catalog_dir)
        if department not in known:
            listing = "、".join(known) if known else "（还没有部门，先在 departments/ 中建立部门文件）"
            click.echo(f"用法错误：部门“{department}”不存在。可用的部门标识：{listing}", err=True)
            return 2
        if not _CODE.fullmatch(code):
            click.echo(f"用法错误：事项编码“{code}”格式不对，应为 8 至 36 位数字或大写字母", err=True)
            return 2
        target = catalog_dir / "items" / department / f"{code}.yml"
        text = item_skeleton(schema_ref(target, "item"), department, code, name, _windows(catalog_dir))
        return _write(target, text)

    _guard(run)


@command.command(name="bundle")
@click.option("--id", "bundle_id", required=True, help="一件事标识（小写英文字母、数字和连字符，例如 open-restaurant）")
@click.option("--name", "-n", required=True, help="一件事名称，例如 我要开餐馆")
@CATALOG_ARG
def bundle(bundle_id: str, name: str, catalog_dir: Path) -> None:
    """生成“一件事”骨架：catalog/bundles/<标识>.yml。"""

    def run() -> int:
        from onewindow.catalog.skeletons import bundle_skeleton

        if not catalog_dir.is_dir():
            click.echo(f"用法错误：目录 {catalog_dir} 不存在", err=True)
            return 2
        if not _SLUG.fullmatch(bundle_id):
            click.echo(f"用法错误：标识“{bundle_id}”格式不对，应由小写英文字母、数字和连字符组成，以字母开头", err=True)
            return 2
        target = catalog_dir / "bundles" / f"{bundle_id}.yml"
        return _write(target, bundle_skeleton(schema_ref(target, "bundle"), bundle_id, name))

    _guard(run)
