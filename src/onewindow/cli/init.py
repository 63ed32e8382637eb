"""`onewindow init DIR`: start a district's own catalog repository."""

from __future__ import annotations

from pathlib import Path

import click

from onewindow.cli.common import guard
from onewindow.errors import UsageError


@click.command("init")
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--district", default=None, metavar="名称", help="区县全称，例如“杭州市西湖区”（默认：示范市滨河区）")
@click.option("--site-url", default=None, help="网站正式发布地址（二维码指向这里；默认是占位地址，build 会警告）")
@click.option("--hotline", default=None, help="政务服务热线（默认 12345）")
@click.option("--onewindow-repo", default=None, help="onewindow 的 git 仓库地址（pre-commit 钩子和 CI 工作流从这里取）")
@click.option("--onewindow-ref", default=None, help="onewindow 的版本标签（默认为当前安装的版本 v<版本号>）")
def command(dest: Path, district: str | None, site_url: str | None, hotline: str | None,
            onewindow_repo: str | None, onewindow_ref: str | None) -> None:
    """新建一个区县的办事指南目录仓库：示例目录、网站设置、提交前检查和 CI，可直接 check 和 build。"""

    def run() -> int:
        from onewindow.scaffold import District, init_repository
        from onewindow.siteconfig import placeholder_warning

        given = {"name": district, "site_url": site_url, "hotline": hotline,
                 "onewindow_repo": onewindow_repo, "onewindow_ref": onewindow_ref}
        settings = District(**{k: v.strip() for k, v in given.items() if v and v.strip()})
        if not settings.site_url.startswith(("https://", "http://")):
            raise UsageError(f"--site-url 必须以 https:// 开头（现在是 {settings.site_url}）")
        written = init_repository(dest, settings)
        click.echo(f"已创建 {dest}/（{len(written)} 个文件）。接下来：")
        click.echo(f"  cd {dest} && git init && onewindow check && onewindow build")
        warning = placeholder_warning(settings.site_url)
        if warning:
            click.echo(warning, err=True)
        return 0

    guard(run)
