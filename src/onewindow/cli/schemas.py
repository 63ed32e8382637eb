"""`onewindow schemas`: editor schemas that complete this catalog's own laws, materials, windows
and departments."""

from __future__ import annotations

from pathlib import Path

import click

from onewindow.cli.common import CATALOG_ARG, catalog_missing, guard


@click.command(name="schemas")
@CATALOG_ARG
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="写入的文件夹（默认：目录旁边的 schemas/）")
@click.option("--no-point-records", is_flag=True, help="不修改记录文件第一行的 Schema 路径")
def command(catalog_dir: Path, out_dir: Path | None, no_point_records: bool) -> None:
    """生成编辑器补全用的 Schema：法律、通用材料、窗口、部门只能选本目录已登记的值，每个值都有中文说明。

    登记册有变化后重新运行。记录文件第一行的 yaml-language-server 注释会指向这些 Schema。
    """

    def run() -> int:
        from onewindow.catalog.editor_schemas import point_records, write_editor_schemas
        from onewindow.catalog.loader import discover, display_path
        from onewindow.resources import SCHEMAS_DIR

        if error := catalog_missing(catalog_dir, strict=True):
            click.echo(error, err=True)
            return 2
        target = out_dir or catalog_dir.resolve().parent / "schemas"
        if target.resolve() == SCHEMAS_DIR.resolve():
            click.echo(f"用法错误：{display_path(target)} 是 onewindow 自带的 Schema，不能改写。"
                       "用 --out 指定另一个文件夹", err=True)
            return 2
        written = write_editor_schemas(catalog_dir, target)
        click.echo(f"已写入 {len(written)} 个 Schema 到 {display_path(target)}/")
        if not no_point_records:
            kinds = dict(discover(catalog_dir))
            changed = point_records(catalog_dir, target, lambda path: kinds.get(path))
            if changed:
                click.echo(f"已更新 {len(changed)} 个记录文件第一行的 Schema 路径。")
        return 0

    guard(run)
