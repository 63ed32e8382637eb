"""`onewindow new item|bundle`: write a commented skeleton record for a department editor."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from onewindow.catalog.kinds import KIND
from onewindow.catalog.loader import display_path
from onewindow.cli.common import CATALOG_ARG, catalog_missing, guard
from onewindow.errors import UsageError, printable
from onewindow.resources import SCHEMAS_DIR

_CODE = re.compile(r"^[0-9A-Z]{8,36}$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def schema_ref(target: Path, kind: str) -> str:
    """Relative path from the new file to its schema: the repository's schemas/ beside the
    catalog when there is one (a department repository), else this project's."""
    local = target.parent.resolve()
    catalog_schemas = _catalog_root(target).parent / "schemas"
    schema = KIND[kind].schema
    schemas = catalog_schemas if (catalog_schemas / schema).is_file() else SCHEMAS_DIR
    return Path(os.path.relpath(schemas.resolve() / schema, local)).as_posix()


def _catalog_root(target: Path) -> Path:
    depth = KIND["item"].depth if target.parent.parent.name == KIND["item"].folder else KIND["bundle"].depth
    return target.resolve().parents[depth - 1]


def _departments(catalog_dir: Path) -> dict[str, tuple[str, str]]:
    """Department id → (full name, short name), read from departments/."""
    from onewindow.catalog.loader import load_file

    found: dict[str, tuple[str, str]] = {}
    for path in sorted((catalog_dir / "departments").glob("*.yml")):
        loaded, _ = load_file(path, "department")
        data = loaded.data if isinstance(loaded.data, dict) else {}
        found[path.stem] = (str(data.get("name") or ""), str(data.get("short_name") or ""))
    return found


def _unknown_department(department: str, known: dict[str, tuple[str, str]]) -> str:
    from onewindow.check.rules.suggest import Choice, suggestion

    if not known:
        return f"用法错误：部门“{department}”不存在（还没有部门，先在 departments/ 中建立部门文件）"
    choices = [Choice(slug, names, names[1] or names[0]) for slug, names in known.items()]
    hint = suggestion(department, choices, "部门")
    listing = "\n".join(f"  {slug}  {names[0]}" for slug, names in known.items())
    lead = "" if hint.startswith("可用的") else hint if hint.endswith(("？", "。")) else f"{hint}。"
    return printable(f"用法错误：部门“{department}”不存在。{lead}") + f"可用的部门标识：\n{listing}"


def _existing_code(catalog_dir: Path, code: str) -> Path | None:
    """A record anywhere in the catalog that already has this code (file name or code field)."""
    items = catalog_dir / "items"
    named = sorted(items.glob(f"*/{code}.y*ml"))
    if named:
        return named[0]
    written = re.compile(rf"^code:[ \t]*[\"']?{re.escape(code)}[\"']?[ \t]*(#.*)?$", re.MULTILINE)
    for path in sorted(items.glob("*/*.y*ml")):
        try:
            if code in (text := path.read_text(encoding="utf-8", errors="replace")) and written.search(text):
                return path
        except OSError:
            continue
    return None


def _bad_name(name: str) -> str:
    import unicodedata

    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        return "名称中不能有换行或控制字符"
    if name != name.strip():
        return "名称前后不能有空格"
    return ""


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
        raise UsageError(f"{printable(str(target))} 已存在，不会覆盖", "要修改它，请直接编辑这个文件")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"已生成 {printable(str(target))}。把其中所有“待填写：……”替换为实际内容，然后运行 onewindow check。")
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

        if error := catalog_missing(catalog_dir):
            click.echo(error, err=True)
            return 2
        known = _departments(catalog_dir)
        if department not in known:
            click.echo(_unknown_department(department, known), err=True)
            return 2
        if not _CODE.fullmatch(code):
            click.echo(f"用法错误：事项编码“{code}”格式不对，应为 8 至 36 位数字或大写字母", err=True)
            return 2
        if name and (why := _bad_name(name)):
            click.echo(f"用法错误：{why}", err=True)
            return 2
        if existing := _existing_code(catalog_dir, code):
            click.echo(f"用法错误：事项编码“{code}”已被 {display_path(existing)} 使用，事项编码必须唯一。"
                       "要修改那个事项，请直接编辑它", err=True)
            return 2
        target = catalog_dir / "items" / department / f"{code}.yml"
        text = item_skeleton(schema_ref(target, "item"), department, code, name, _windows(catalog_dir))
        return _write(target, text)

    guard(run)


@command.command(name="bundle")
@click.option("--id", "bundle_id", required=True, help="一件事标识（小写英文字母、数字和连字符，例如 open-restaurant）")
@click.option("--name", "-n", required=True, help="一件事名称，例如 我要开餐馆")
@CATALOG_ARG
def bundle(bundle_id: str, name: str, catalog_dir: Path) -> None:
    """生成“一件事”骨架：catalog/bundles/<标识>.yml。"""

    def run() -> int:
        from onewindow.catalog.skeletons import bundle_skeleton

        if error := catalog_missing(catalog_dir):
            click.echo(error, err=True)
            return 2
        if not _SLUG.fullmatch(bundle_id):
            click.echo(f"用法错误：标识“{bundle_id}”格式不对，应由小写英文字母、数字和连字符组成，以字母开头", err=True)
            return 2
        if why := _bad_name(name):
            click.echo(f"用法错误：{why}", err=True)
            return 2
        target = catalog_dir / "bundles" / f"{bundle_id}.yml"
        return _write(target, bundle_skeleton(schema_ref(target, "bundle"), bundle_id, name))

    guard(run)
