"""`onewindow bench`: tools for measuring onewindow at service-centre scale.

`bench generate` writes a synthetic catalog (see onewindow.bench.synth); bench/run.py uses it to
measure check and build against the tools a user would otherwise run.
"""

from __future__ import annotations

from pathlib import Path

import click

from onewindow.cli.common import guard
from onewindow.errors import printable


@click.group(name="bench")
def command() -> None:
    """性能测试工具：生成大规模模拟目录（配合 bench/run.py 使用）。"""


@command.command()
@click.option("--items", type=click.IntRange(min=1), default=None, help="事项数（扁平目录）")
@click.option("--departments", type=click.IntRange(min=1, max=999), default=None,
              help="部门数（扁平目录必填；省级目录默认 基本目录事项数/50）")
@click.option("--bundles", type=click.IntRange(min=0), default=None, help="一件事数（默认 事项数/40）")
@click.option("--base", "base_items", type=click.IntRange(min=1), default=None,
              help="省级目录：基本目录事项数（与 --districts 一起使用）")
@click.option("--districts", type=click.IntRange(min=1), default=None, help="省级目录：区县数，每个区县实施全部事项")
@click.option("--towns", type=click.IntRange(min=0, max=99), default=0, show_default=True,
              help="省级目录：每五个区县中的第一个再下设几个镇街实施清单（各实施三分之一事项）")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子：相同种子生成完全相同的文件")
@click.argument("out_dir", type=click.Path(path_type=Path))
def generate(items: int | None, departments: int | None, bundles: int | None, base_items: int | None,
             districts: int | None, towns: int, seed: int, out_dir: Path) -> None:
    """生成一个能通过 onewindow check 的模拟目录，写入 OUT_DIR（须为空目录或不存在）。

    扁平目录：--items N --departments M。省级目录（基本目录 + 各地实施清单）：--base N --districts D。
    """

    def run() -> int:
        if (base_items is None) != (districts is None):
            click.echo("用法错误：--base 和 --districts 必须一起使用", err=True)
            return 2
        if base_items is not None:
            from onewindow.bench.province import generate_province

            p = generate_province(out_dir, base_items, districts or 1, towns, departments, seed)
            click.echo(f"已生成模拟省级目录 {printable(str(out_dir))}：基本目录 {p.base.items} 个事项、{p.base.departments} 个部门；"
                       f"{p.districts} 个区县、{p.towns} 个镇街的实施清单共 {p.implementations} 个事项，共 {p.files} 个文件。")
            return 0
        if items is None or departments is None:
            click.echo("用法错误：请写 --items 和 --departments（或用 --base 和 --districts 生成省级目录）", err=True)
            return 2
        from onewindow.bench.synth import generate as do_generate

        summary = do_generate(out_dir, items, departments, bundles, seed)
        click.echo(f"已生成模拟目录 {printable(str(out_dir))}：{summary.items} 个事项，{summary.departments} 个部门，"
                   f"{summary.bundles} 个一件事，共 {summary.files} 个文件。")
        return 0

    guard(run)
