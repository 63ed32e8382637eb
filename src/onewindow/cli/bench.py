"""`onewindow bench`: tools for measuring onewindow at service-centre scale.

`bench generate` writes a synthetic catalog (see onewindow.bench.synth); bench/run.py uses it to
measure check and build against the tools a user would otherwise run.
"""

from __future__ import annotations

from pathlib import Path

import click

from onewindow.cli.main import _guard


@click.group(name="bench")
def command() -> None:
    """性能测试工具：生成大规模模拟目录（配合 bench/run.py 使用）。"""


@command.command()
@click.option("--items", type=click.IntRange(min=1), required=True, help="事项数")
@click.option("--departments", type=click.IntRange(min=1, max=999), required=True, help="部门数")
@click.option("--bundles", type=click.IntRange(min=0), default=None, help="一件事数（默认 事项数/40）")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子：相同种子生成完全相同的文件")
@click.argument("out_dir", type=click.Path(path_type=Path))
def generate(items: int, departments: int, bundles: int | None, seed: int, out_dir: Path) -> None:
    """生成一个能通过 onewindow check 的模拟目录，写入 OUT_DIR（须为空目录或不存在）。"""

    def run() -> int:
        from onewindow.bench.synth import generate as do_generate

        summary = do_generate(out_dir, items, departments, bundles, seed)
        click.echo(f"已生成模拟目录 {out_dir}：{summary.items} 个事项，{summary.departments} 个部门，"
                   f"{summary.bundles} 个一件事，共 {summary.files} 个文件。")
        return 0

    _guard(run)
