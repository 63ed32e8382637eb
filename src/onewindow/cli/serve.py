"""`onewindow serve`: a live preview for department editors (build, serve, rebuild, reload)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import click

from onewindow.cli.common import CATALOG_ARG, catalog_missing, guard, site_options


@click.command(name="serve")
@CATALOG_ARG
@click.option("--build-dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="生成的 PDF、SVG、二维码和 Markdown 的目录")
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="网站输出目录（预览的就是它）")
@click.option("--config", "mkdocs_yml", type=click.Path(path_type=Path), default=None,
              help="站点配置文件（默认使用目录旁边的 mkdocs.yml）")
@click.option("--site-url", default=None, help="覆盖 mkdocs.yml 中的 site_url（二维码使用的网址）")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只有本机能访问）")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True, help="端口")
def command(catalog_dir: Path, build_dir: Path, site_dir: Path, mkdocs_yml: Path | None, site_url: str | None,
            host: str, port: int) -> None:
    """预览网站：构建后在本机提供访问，修改目录、模板或配置后自动增量重建并刷新打开的页面。

    有错误时，终端和页面顶部都会列出问题，浏览器中保留上一次成功构建的网站。
    """

    def run() -> int:
        from onewindow.build.serve import PreviewServer, PreviewState, make_builder, watched_paths
        from onewindow.resources import TEMPLATES_DIR, THEME_DIR

        if error := catalog_missing(catalog_dir):
            click.echo(error, err=True)
            return 2
        config = site_options(catalog_dir, build_dir, site_dir, mkdocs_yml, site_url)
        state = PreviewState()
        builder = make_builder(state, catalog_dir, build_dir, site_dir, mkdocs_yml=config,
                               site_url=site_url or os.environ.get("ONEWINDOW_SITE_URL"),
                               report=lambda text: click.echo(text, err=True))
        server = PreviewServer(state, builder=builder, host=host, port=port, root=str(site_dir.absolute()))
        try:  # bind before the first build: a taken port should not cost a whole build to find out
            server.server_bind()
        except OSError as exc:
            server.server_close()
            why = f"端口 {port} 已被占用" if exc.errno == errno.EADDRINUSE else f"无法监听 {host}:{port}"
            click.echo(f"用法错误：{why}。用 --port 换一个端口，例如 --port 8001", err=True)
            return 2
        server.server_bind = lambda: None  # type: ignore[method-assign] - bound above; serve() would bind again
        click.echo("正在构建……", err=True)
        builder()
        for path in watched_paths(catalog_dir, config, TEMPLATES_DIR, THEME_DIR):
            server.watch(str(path))
        url = f"http://{host}:{server.server_address[1]}/"
        click.echo(f"正在预览：{url}（修改目录、模板或配置后自动重新构建并刷新页面；按 Ctrl+C 停止）", err=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("预览已停止。", err=True)
        finally:
            server.shutdown()
        return 0

    guard(run)
