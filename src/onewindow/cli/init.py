"""`onewindow init DIR`: start a district's own catalog repository."""

from __future__ import annotations

import re
from pathlib import Path

import click

from onewindow.cli.common import guard
from onewindow.errors import UsageError, printable


@click.command("init")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--district", default=None, metavar="名称", help="区县全称，例如“杭州市西湖区”（默认：示范市滨河区）")
@click.option("--site-url", default=None, help="网站正式发布地址（二维码指向这里；默认是占位地址，build 会警告）")
@click.option("--hotline", default=None, help="政务服务热线（默认 12345）")
@click.option("--onewindow-repo", default=None, help="onewindow 的 git 仓库地址（pre-commit 钩子和 CI 工作流从这里取）")
@click.option("--onewindow-ref", default=None, help="onewindow 的版本标签（默认为当前安装的版本 v<版本号>）")
@click.option("--base", default=None, metavar="路径",
              help="实施一个基本目录（五级联动）：基本目录文件夹相对于新仓库 catalog/ 的路径，例如 ../../province/base")
@click.option("--id", "layer_id", default=None, metavar="标识", help="与 --base 一起：本区县的标识（小写字母、数字、连字符）")
@click.option("--division-code", default=None, metavar="代码", help="与 --base 一起：行政区划代码（6、9 或 12 位数字）")
def command(dest: Path, district: str | None, site_url: str | None, hotline: str | None,
            onewindow_repo: str | None, onewindow_ref: str | None, base: str | None, layer_id: str | None,
            division_code: str | None) -> None:
    """新建一个区县的办事指南目录仓库：示例目录、网站设置、提交前检查和 CI，可直接 check 和 build。

    用 --base 时，新仓库是一个基本目录的实施清单：每个基本目录事项一份实施记录，由区县填写本地内容。
    """

    def run() -> int:
        from onewindow.scaffold import District, init_repository
        from onewindow.siteconfig import placeholder_warning

        given = {"name": district, "site_url": site_url, "hotline": hotline,
                 "onewindow_repo": onewindow_repo, "onewindow_ref": onewindow_ref, "base": base,
                 "id": layer_id, "division_code": division_code}
        if (layer_id or division_code) and not base:
            raise UsageError("--id 和 --division-code 只和 --base 一起使用", "实施基本目录时写 --base <基本目录路径>")
        if layer_id is not None and not re.fullmatch(r"[a-z][a-z0-9-]{0,63}", layer_id):
            raise UsageError(f"--id“{printable(layer_id)}”格式不对", "用小写英文字母、数字和连字符，以字母开头，例如 xihu")
        if division_code is not None and not re.fullmatch(r"[0-9]{6}([0-9]{3}([0-9]{3})?)?", division_code):
            raise UsageError(f"--division-code“{printable(division_code)}”格式不对", "写 6、9 或 12 位数字的行政区划代码")
        settings = District(**{k: v.strip() for k, v in given.items() if v and v.strip()})
        if not settings.site_url.startswith(("https://", "http://")):
            raise UsageError(f"--site-url 必须以 https:// 开头（现在是 {settings.site_url}）")
        written = init_repository(dest, settings)
        click.echo(f"已创建 {printable(str(dest))}/（{len(written)} 个文件）。接下来：")
        click.echo(f"  cd {printable(str(dest))} && git init && onewindow check && onewindow build")
        warning = placeholder_warning(settings.site_url)
        if warning:
            click.echo(warning, err=True)
        return 0

    guard(run)
