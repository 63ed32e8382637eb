"""`onewindow diff BASE [HEAD]`: what a change means for citizens, as Markdown for a PR comment."""

from __future__ import annotations

from pathlib import Path

import click

from onewindow.cli.main import _guard


def _notes(side: str, errors: int, skipped: list[str]) -> list[str]:
    if not errors:
        return []
    note = f"{side}的目录有 {errors} 个错误（运行 onewindow check 查看）。"
    if skipped:
        note += f"其中 {len(skipped)} 个文件无法读取，未参与比较，其余内容照常比较。"
    return [note]


@click.command(name="diff")
@click.argument("base_rev")
@click.argument("head_rev", required=False)
@click.option("--catalog", "catalog_dir", type=click.Path(path_type=Path), default=Path("catalog"),
              show_default=True, help="目录所在的文件夹")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="写入文件（默认输出到屏幕）")
@click.option("--max-chars", type=click.IntRange(min=1000), default=50000, show_default=True,
              help="事项明细表的总字数上限（合并请求评论最多约 65000 字），超出的事项只列名称")
def command(base_rev: str, head_rev: str | None, catalog_dir: Path, output: Path | None, max_chars: int) -> None:
    """比较两个 git 版本的目录，输出对群众有影响的变化（Markdown，适合贴到合并请求评论中）。

    不写 HEAD_REV 时与当前工作区比较。
    """

    def run() -> int:
        from onewindow.diff.changes import diff_catalogs, render_markdown
        from onewindow.diff.revisions import revision_snapshot

        with revision_snapshot(catalog_dir, base_rev) as base, revision_snapshot(catalog_dir, head_rev) as head:
            diff = diff_catalogs(base.catalog, head.catalog, [*base.skipped, *head.skipped])
            notes = _notes("基准版本", base.errors, base.skipped) + _notes("变更后版本", head.errors, head.skipped)
        text = render_markdown(diff, base_rev, head_rev or "工作区", notes=notes, max_item_chars=max_chars)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return 0

    _guard(run)
