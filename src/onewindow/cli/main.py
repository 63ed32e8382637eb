"""Command-line entry point. The only module that prints or exits."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from onewindow.cli.common import (
    CATALOG_ARG,
    Group,
    catalog_missing,
    codes_site_url,
    guard,
    site_options,
)
from onewindow.errors import printable


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onewindow")
def main() -> None:
    """onewindow：把政务服务事项目录编译成办事指南网站、收件清单和二维码。"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="输出格式")
@click.option("--strict", is_flag=True, help="有警告也返回非零退出码")
@click.option("--suppress", multiple=True, metavar="CODE", help="忽略某个问题代码（可重复）")
@click.option("--site-url", default=None, help="问题代码说明链接使用的网站地址（默认读 mkdocs.yml 的 site_url）")
def check(paths: tuple[Path, ...], fmt: str, strict: bool, suppress: tuple[str, ...], site_url: str | None) -> None:
    """检查目录：JSON Schema 校验和全部语义规则，一次报告所有问题。

    PATHS 是目录文件夹（默认 catalog），或其中的记录文件：写文件时，在所属目录中检查，只报告这些文件的问题。
    """

    def run() -> int:
        from onewindow.check.checker import check_catalog
        from onewindow.check.reporters import REPORTERS
        from onewindow.check.scope import resolve_scope
        from onewindow.errors import UsageError

        try:
            scope = resolve_scope(paths or (Path("catalog"),))
        except UsageError as exc:
            click.echo(str(exc), err=True)
            return 2
        if not scope.files and (error := catalog_missing(scope.catalog_dir)):
            click.echo(error, err=True)
            return 2
        result = check_catalog(scope.catalog_dir, frozenset(s.upper() for s in suppress), keep_data=False)
        problems = scope.select(result.problems)
        from onewindow.siteconfig import find_config

        url = site_url.rstrip("/") + "/" if site_url else codes_site_url(find_config(scope.catalog_dir))
        output = REPORTERS[fmt](problems, site_url=url)
        if output:
            click.echo(output)
        if scope.files and (others := len(result.problems) - len(problems)):
            click.echo(f"（目录中其他文件另有 {others} 个问题，运行 onewindow check {printable(str(scope.catalog_dir))} 查看）",
                       err=True)
        errors = [p for p in problems if p.is_error]
        if errors or (strict and len(errors) < len(problems)):
            return 1
        return 0

    guard(run)


@main.command()
@CATALOG_ARG
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="生成的 PDF、SVG、二维码和 Markdown 的目录")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="网站输出目录")
@click.option("--config", "mkdocs_yml", type=click.Path(path_type=Path), default=None,
              help="站点配置文件（默认使用目录文件夹旁边的 mkdocs.yml，没有时使用 onewindow 的默认设置）")
@click.option("--site-url", default=None, help="覆盖 mkdocs.yml 中的 site_url（二维码使用的网址）")
@click.option("--strict", is_flag=True, help="有警告（包括占位的 site_url）时拒绝构建，原有输出保持不变")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度")
@click.option("--timings", is_flag=True, help="最后输出各阶段用时（JSON，供性能测试使用）")
def build(catalog_dir: Path, build_dir: Path, site_dir: Path, mkdocs_yml: Path | None, site_url: str | None,
          strict: bool, quiet: bool, timings: bool) -> None:
    """检查并编译目录：网站、流程图、二维码、收件清单 PDF。有错误时不生成任何文件。"""

    def run() -> int:
        from onewindow.build.pipeline import build as do_build
        from onewindow.build.siteurl import resolve_site_url
        from onewindow.check.reporters import report_text
        from onewindow.siteconfig import placeholder_warning

        if error := catalog_missing(catalog_dir):
            click.echo(error, err=True)
            return 2
        config = site_options(catalog_dir, build_dir, site_dir, mkdocs_yml, site_url)
        url = resolve_site_url(site_url, config, catalog_dir)
        warning = placeholder_warning(url)
        if warning:
            click.echo(warning, err=True)
            if strict:
                click.echo(f"构建未执行（--strict）：{printable(str(site_dir))}/ 和 {printable(str(build_dir))}/ 保持原样。", err=True)
                return 1
        quiet_mode = quiet or os.environ.get("CI", "").lower() == "true"
        result, ctx = do_build(catalog_dir, build_dir, site_dir, mkdocs_yml=config,
                               quiet=quiet_mode, site_url=url, strict=strict)
        if ctx is None:
            click.echo(report_text(result.problems, site_url=url), err=True)
            why = f"{len(result.errors)} 个错误" if result.errors else f"{len(result.warnings)} 个警告（--strict）"
            click.echo(f"构建未执行：目录有 {why}，{printable(str(site_dir))}/ 和 {printable(str(build_dir))}/ 保持原样。", err=True)
            return 1
        if result.warnings:
            click.echo(report_text(result.warnings, site_url=url), err=True)
        counts = "，".join(f"{name} {len(paths)} 个" for name, paths in ctx.written.items())
        if timings:
            import json

            stages = {name: round(seconds, 3) for name, seconds in ctx.timings.items()}
            click.echo("onewindow-timings: " + json.dumps(stages, ensure_ascii=False))
        click.echo(f"构建完成：{len(result.sources.of_kind('item'))} 个事项 → {printable(str(site_dir))}/，{printable(str(build_dir))}/（{counts}）")
        return 0

    guard(run)


# Commands that live in their own modules under onewindow.cli; each exposes `command`.
EXTRA_COMMANDS = ("init", "notice", "new", "diff", "bench", "serve", "schemas")


def _register_extra_commands() -> None:
    # Imported after `main` exists because the command modules use its helpers.
    for name in EXTRA_COMMANDS:
        main.add_command(importlib.import_module(f"{__package__}.{name}").command)


_register_extra_commands()
