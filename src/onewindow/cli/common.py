"""What every command shares: the catalog argument and its checks, the guard that turns errors
into exit codes, and one style for usage errors ("用法错误：…" on stderr, exit code 2), whether
click or a command finds them. Everything the user typed is printed through `printable`."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from onewindow.errors import OnewindowError, UsageError, file_access_error, printable

USAGE_EXIT = 2

CATALOG_ARG = click.argument("catalog_dir", default="catalog", type=click.Path(path_type=Path))
# Files whose presence marks a folder as a catalog (registers and record folders).
CATALOG_MARKERS = ("laws.yml", "materials.yml", "windows.yml", "departments", "items")


def looks_like_catalog(folder: Path) -> bool:
    return any((folder / name).exists() for name in CATALOG_MARKERS)


def catalog_missing(catalog_dir: Path, option: str = "", *, strict: bool = False) -> str | None:
    """A usage error when `catalog_dir` does not exist (or, when `strict`, is not a catalog),
    naming the likely slip; None when it is fine."""
    if catalog_dir.is_dir() and (not strict or looks_like_catalog(catalog_dir)):
        return None
    return printable(_catalog_slip(catalog_dir, option))  # the path is the user's: make it one safe line


def _catalog_slip(catalog_dir: Path, option: str) -> str:
    if catalog_dir.is_dir():
        return (f"用法错误：{catalog_dir} 不是目录文件夹（里面没有 laws.yml、departments/ 或 items/）。"
                f"请指定目录文件夹{option}")
    message = f"用法错误：目录 {catalog_dir} 不存在"
    here = Path.cwd()
    if looks_like_catalog(here):
        return message + (f"。当前文件夹 {here.name}/ 本身就是目录：回到上一级文件夹运行，"
                          f"或写{option or ' '}.（表示当前文件夹）")
    near = [p.name for p in here.iterdir() if p.is_dir() and looks_like_catalog(p)] if here.is_dir() else []
    if near:
        return message + f"。是不是想写 {sorted(near)[0]}？"
    return message


def site_options(catalog_dir: Path, build_dir: Path, site_dir: Path, mkdocs_yml: Path | None,
                 site_url: str | None) -> Path:
    """The options `build` and `serve` share, checked before anything is read or written (a wrong
    output folder must never cost data); returns the configuration file to use."""
    from onewindow.build.paths import check_output_dirs
    from onewindow.build.siteurl import check_site_url
    from onewindow.siteconfig import find_config

    if mkdocs_yml is not None and not mkdocs_yml.is_file():
        raise UsageError(f"--config 指定的配置文件 {printable(str(mkdocs_yml))} 不存在",
                         "写 mkdocs.yml 的路径，或去掉 --config 使用目录旁边的 mkdocs.yml")
    if site_url is not None:
        check_site_url(site_url, "--site-url")
    config = mkdocs_yml or find_config(catalog_dir)
    check_output_dirs(catalog_dir, build_dir, site_dir, config=config)
    return config


def codes_site_url(config: Path) -> str:
    """The published site's address, so problem-code links in messages are absolute."""
    from onewindow.build.pipeline import read_site_url
    from onewindow.errors import OnewindowError as _Error

    if os.environ.get("ONEWINDOW_SITE_URL"):
        return os.environ["ONEWINDOW_SITE_URL"].rstrip("/") + "/"
    try:
        return read_site_url(config)
    except _Error:
        return ""  # links stay relative to the site root; check itself still works


def guard(run: Callable[[], int]) -> None:
    """Run a command: user errors print in Chinese; bugs print a short note and save the traceback."""
    try:
        code = run()
    except OnewindowError as exc:
        click.echo(printable_lines(str(exc)), err=True)
        code = getattr(exc, "exit_code", 1)
    except OSError as exc:  # a path the user named: unwritable, full, a folder where a file goes…
        if os.environ.get("ONEWINDOW_TRACEBACK"):
            raise
        error = file_access_error(exc)
        click.echo(str(error), err=True)
        code = error.exit_code
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        code = 130
    except Exception:  # noqa: BLE001 - last line of defence: never show users a raw traceback
        if os.environ.get("ONEWINDOW_TRACEBACK"):
            raise
        # Not inside build/: that tree is only ever replaced whole by a finished build.
        log = Path(tempfile.gettempdir()) / f"onewindow-crash-{os.getpid()}.log"
        try:
            log.write_text(traceback.format_exc(), encoding="utf-8")
            where = f"详细信息已保存到 {log}"
        except OSError:
            where = "设置环境变量 ONEWINDOW_TRACEBACK=1 可查看详细信息"
        click.echo(f"内部错误：onewindow 遇到了意外情况（这是程序缺陷，不是目录的问题）。{where}", err=True)
        code = 3
    sys.exit(code)


def printable_lines(text: str) -> str:
    """Several lines of a message, each made safe for the terminal."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _click_message(exc: click.UsageError) -> str:
    """click's own usage errors, in the editors' language."""
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项 {exc.option_name}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return f"缺少{'参数' if exc.param.param_type_name == 'argument' else '选项'} {exc.param.get_error_hint(exc.ctx)}" \
            if exc.ctx else f"缺少 {exc.param.name}"
    if isinstance(exc, click.BadParameter) and exc.param is not None and exc.ctx is not None:
        return f"{exc.param.get_error_hint(exc.ctx)} 的值无效：{exc.message}"
    return exc.format_message()


class Group(click.Group):
    """A click group whose usage errors look like every other usage error of onewindow."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except getattr(click.exceptions, "NoArgsIsHelpError", ()) as exc:  # bare `onewindow`: the help
            exc.show()
            sys.exit(USAGE_EXIT)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "onewindow"
            click.echo(printable_lines(str(UsageError(_click_message(exc), f"运行 {where} --help 查看用法"))), err=True)
            sys.exit(USAGE_EXIT)
        except click.Abort:
            click.echo("已中断。", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
