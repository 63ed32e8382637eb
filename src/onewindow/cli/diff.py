"""`onewindow diff BASE [HEAD]`: what a change means for citizens, as Markdown for a PR comment."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import click

from onewindow.cli.common import catalog_missing, guard


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None


def _refusal(catalog_dir: Path, revisions: list[str]) -> str | None:
    """Why the two versions cannot be compared, or None. Comparing a catalog that is not
    there would report "nothing changed", which a reviewer would trust."""
    if error := catalog_missing(catalog_dir, " --catalog ", strict=True):
        return error
    top = _git(catalog_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return "用法错误：找不到 git 命令，无法读取历史版本"
    if top.returncode != 0:
        return f"用法错误：{catalog_dir} 不在 git 仓库中，无法比较版本"
    inside = catalog_dir.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    for rev in revisions:
        found = _git(catalog_dir, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if found is None or found.returncode != 0:
            return f"用法错误：找不到版本“{rev}”。{_revision_hint(catalog_dir, rev)}"
        listed = _git(catalog_dir, "ls-tree", "--full-tree", "--name-only", found.stdout.strip(), "--", inside)
        if inside != "." and (listed is None or not listed.stdout.strip()):
            return f"用法错误：版本“{rev}”中没有 {inside}/ 目录，无法比较（目录是在这个版本之后才建立或移动的吗？）"
    return None


def _revision_hint(cwd: Path, rev: str) -> str:
    refs = _git(cwd, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", "refs/tags")
    names = refs.stdout.split() if refs and refs.returncode == 0 else []
    close = difflib.get_close_matches(rev, names, n=1, cutoff=0.6)
    if close:
        return f"是不是想写 {close[0]}？"
    shown = "、".join(names[:10])
    return (f"可用的分支和标签：{shown}。" if names else "") + "也可以写提交编号，或 HEAD~1（上一个提交）"


def _notes(side: str, errors: int, skipped: list[str], waiting: list[str]) -> list[str]:
    if not errors:
        return []
    note = f"{side}的目录有 {errors} 个错误（运行 onewindow check 查看）。"
    unreadable = len(skipped) - len(waiting)
    if unreadable:
        note += f"其中 {unreadable} 个文件无法读取，未参与比较，其余内容照常比较。"
    if waiting:
        note += f"{len(waiting)} 个“一件事”因成员事项无法读取暂不比较。"
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
@click.option("--locals", "locals_dir", type=click.Path(path_type=Path), default=None,
              help="实施清单所在的文件夹（如 districts/）：列出基本目录的变更涉及哪些地区的哪些事项")
def command(base_rev: str, head_rev: str | None, catalog_dir: Path, output: Path | None, max_chars: int,
            locals_dir: Path | None) -> None:
    """比较两个 git 版本的目录，输出对群众有影响的变化（Markdown，适合贴到合并请求评论中）。

    不写 HEAD_REV 时与当前工作区比较。
    """

    def run() -> int:
        from onewindow.build.paths import check_output_file
        from onewindow.diff.changes import diff_catalogs, render_markdown
        from onewindow.diff.revisions import revision_snapshot

        if output is not None:
            check_output_file(output, "-o", catalog_dir)
        if refusal := _refusal(catalog_dir, [r for r in (base_rev, head_rev) if r is not None]):
            click.echo(refusal, err=True)
            return 2

        with revision_snapshot(catalog_dir, base_rev) as base, revision_snapshot(catalog_dir, head_rev) as head:
            diff = diff_catalogs(base.catalog, head.catalog, [*base.skipped, *head.skipped],
                                 [*base.waiting, *head.waiting])
            notes = (_notes("基准版本", base.errors, base.skipped, base.waiting)
                     + _notes("变更后版本", head.errors, head.skipped, head.waiting))
            if locals_dir is not None:
                from onewindow.catalog.loader import Sources
                from onewindow.diff.layers import affected_locals, render_affected

                affected = render_affected(affected_locals(diff, head.sources or Sources(catalog_dir), locals_dir))
        text = render_markdown(diff, base_rev, head_rev or "工作区", notes=notes, max_item_chars=max_chars)
        if locals_dir is not None:
            text += "\n" + affected
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return 0

    guard(run)
