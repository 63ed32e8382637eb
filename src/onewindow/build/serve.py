"""`onewindow serve`: build, serve the site on localhost, rebuild on every edit, reload the page.

The serving, watching and page-reloading come from MkDocs' own live-reload server; each
rebuild is the normal `build()` (incremental through its output cache). A build that fails
leaves the last good site in place: the server keeps serving it, with the problems shown
on every page and in the terminal, until an edit makes the catalog valid again.
"""

from __future__ import annotations

import html
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from onewindow.build.pipeline import build
from onewindow.check.problems import Problem
from onewindow.errors import OnewindowError

SHOWN_ON_PAGE = 20  # problems listed in the page banner; the terminal shows them all


@dataclass
class PreviewState:
    """What the last build attempt left: nothing wrong, or the problems to show."""

    problems: list[Problem] = field(default_factory=list)
    failure: str = ""  # an environment error (no `dot`, a bad mkdocs.yml) or a crash
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.failure)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the last build's problems on every served page."""

    def __init__(self, state: PreviewState, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.state = state
        self.error_handler = self._error_page

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        banner = self._banner()
        if not banner:
            return content
        at = content.find(b">", content.find(b"<body")) + 1 if b"<body" in content else 0
        return content[:at] + banner + content[at:]

    def _banner(self) -> bytes:
        with self.state.lock:
            if not self.state.failed:
                return b""
            lines = [html.escape(_line(p)) for p in self.state.problems[:SHOWN_ON_PAGE]]
            if self.state.failure:
                lines.insert(0, html.escape(self.state.failure))
            more = len(self.state.problems) - SHOWN_ON_PAGE
        if more > 0:
            lines.append(f"另有 {more} 个问题，见终端输出。")
        items = "".join(f"<li>{line}</li>" for line in lines)
        return (
            '<div id="onewindow-preview-errors" role="alert" style="position:fixed;z-index:10000;left:0;right:0;'
            "top:0;max-height:50vh;overflow:auto;background:#fff3f3;color:#8b0000;border-bottom:3px solid #c00;"
            'padding:12px 16px;font:14px/1.5 sans-serif"><strong>构建失败：下面的问题修正之前，'
            "这里显示的是上一次成功构建的网站。</strong>"
            f'<ul style="margin:6px 0 0 1.2em;padding:0">{items}</ul></div>'
        ).encode()

    def _error_page(self, code: int) -> bytes | None:
        banner = self._banner()
        if not banner:
            return None
        title = "还没有成功构建过网站" if code == 404 else "预览出错"
        return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body>{banner.decode('utf-8')}<p style=\"margin-top:60vh\">{title}。</p></body></html>"
                ).encode()


def _line(problem: Problem) -> str:
    hint = f"（提示：{problem.hint}）" if problem.hint else ""
    return f"{problem.file}:{problem.line}: {problem.code} {problem.message}{hint}"


def make_builder(state: PreviewState, catalog_dir: Path, build_dir: Path, site_dir: Path, *,
                 mkdocs_yml: Path, site_url: str | None, report: Callable[[str], None]) -> Callable[[], None]:
    """The rebuild the server runs after each batch of edits. It never raises: a failure is
    recorded in `state` (shown on pages) and reported, and the last good site stays."""

    def rebuild() -> None:
        from onewindow.check.reporters import report_text

        problems: list[Problem] = []
        failure = ""
        try:
            result, ctx = build(catalog_dir, build_dir, site_dir, mkdocs_yml=mkdocs_yml, quiet=True,
                                site_url=site_url, retire_in_background=True)
            if ctx is None:
                problems = result.errors
                report(report_text(result.problems))
                report(f"构建未完成：目录有 {len(result.errors)} 个错误。浏览器中仍是上一次成功构建的网站。")
            else:
                if result.warnings:
                    report(report_text(result.warnings))
                report(f"已重新构建：{len(result.sources.of_kind('item'))} 个事项。浏览器会自动刷新。")
        except OnewindowError as exc:
            failure = str(exc)
            report(failure)
        except Exception:  # noqa: BLE001 - the preview must outlive a crash; the next edit retries
            failure = "内部错误：构建时遇到了意外情况（程序缺陷）。修改文件后会再次尝试。"
            report(failure + "\n" + traceback.format_exc(limit=5))
        with state.lock:
            state.problems, state.failure = problems, failure
            state.builds += 1

    return rebuild


def watched_paths(catalog_dir: Path, config: Path, templates_dir: Path, theme_dir: Path) -> list[Path]:
    """Everything a build reads: the catalog, the site configuration and the district's theme
    overrides (`theme.custom_dir`), and onewindow's own templates and theme."""
    paths = [catalog_dir, config, templates_dir, theme_dir]
    try:
        from onewindow.siteconfig import merged_settings

        theme = merged_settings(config).get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        if isinstance(custom, str):
            paths.append(config.parent / custom)
    except OnewindowError:
        pass  # an unreadable config is reported by the build itself
    return list(dict.fromkeys(p for p in paths if p.exists()))
