"""Run MkDocs (Material) over the generated pages into the staging site directory.

The navigation is built here from the catalog: departments, window categories and bundles
(never every item, so each page stays small at 1,000 items). MkDocs warnings are collected
and turned into a SiteBuildError: a generated page with a broken link must not ship quietly.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from onewindow.catalog.model import Catalog
from onewindow.errors import OnewindowError
from onewindow.render.markup import title_text
from onewindow.render.opendata import FILENAME as OPENDATA_FILE

NAME = "site"
NAV_BUNDLES = 12  # bundles listed one by one in the navigation


class SiteBuildError(OnewindowError):
    category = "网站生成失败"


def navigation(catalog: Catalog, docs_dir: Path) -> list[dict[str, Any]]:
    """Nav titles come from catalog text, and Material prints them unescaped: make them inert."""
    nav: list[dict[str, Any]] = [{"首页": "index.md"}]
    if 0 < len(catalog.bundles) <= NAV_BUNDLES:
        nav.append({"一件事": [{"全部一件事": "bundles/index.md"},
                            *({title_text(b.name): f"bundles/{b.id}.md"} for b in catalog.bundles.values())]})
    elif catalog.bundles:
        # Every page carries the nav: past a handful, bundles get one index page instead.
        nav.append({"一件事": "bundles/index.md"})
    nav.append({"按窗口": [{title_text(w.name): f"windows/{w.id}.md"} for w in catalog.windows.values()]})
    nav.append({"按部门": [{title_text(d.name): f"departments/{d.id}.md"}
                          for d in sorted(catalog.departments.values(), key=lambda d: d.id)]})
    nav.append({"全部事项": "items/index.md"})
    if (docs_dir / "guide" / "index.md").is_file():
        nav.append({"办事人员编辑指南": "guide/index.md"})
    return nav


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_logs() -> Iterator[_Collect]:
    """MkDocs logs to the `mkdocs` logger; keep it off the console and collect warnings."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


def _quiet_jieba() -> None:
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary loading on stderr


def run_mkdocs(ctx: Any, nav: list[dict[str, Any]]) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from onewindow.siteconfig import load_mkdocs_config

    _quiet_jieba()
    with _captured_logs() as logs:
        try:
            cfg = load_mkdocs_config(ctx.mkdocs_yml, docs_dir=str(ctx.docs_dir),
                                     site_dir=str(ctx.site_dir), site_url=ctx.site_url, nav=nav)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except MkDocsException as exc:
            raise SiteBuildError(f"MkDocs 无法生成网站：{exc}",
                                 f"检查 {ctx.mkdocs_yml} 的配置") from exc
    if logs.messages:
        shown = "\n".join(f"  - {m}" for m in logs.messages[:20])
        raise SiteBuildError(f"MkDocs 报告了 {len(logs.messages)} 个问题：\n{shown}",
                             "这是生成页面的缺陷或 mkdocs.yml 配置问题，请把以上信息反馈给维护者")


SITE_KEY = "site/"  # manifest entry for the whole MkDocs output


def docs_digest(docs_dir: Path, mkdocs_yml: Path, nav: list[dict[str, Any]]) -> str:
    """Hash of everything MkDocs reads: the generated tree, the configuration and the nav."""
    h = hashlib.sha256(mkdocs_yml.read_bytes())
    h.update(repr(nav).encode())
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(docs_dir).as_posix().encode() + b"\x00")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _reuse_previous_site(ctx: Any, key: str) -> bool:
    """MkDocs has no incremental mode: when its input is unchanged, link the live site instead."""
    cache, previous = getattr(ctx, "cache", None), getattr(ctx, "previous_site", None)
    if cache is None or previous is None or cache.previous_key(SITE_KEY) != key:
        return False
    shutil.copytree(previous, ctx.site_dir, copy_function=os.link, dirs_exist_ok=True)
    return True


def render(catalog: Catalog, ctx: Any) -> list[Path]:
    nav = navigation(catalog, ctx.docs_dir)
    key = docs_digest(ctx.docs_dir, ctx.mkdocs_yml, nav) + ctx.site_url
    reused = _reuse_previous_site(ctx, key)
    if not reused:
        run_mkdocs(ctx, nav)
    if getattr(ctx, "cache", None) is not None:
        ctx.cache.record(SITE_KEY, key, rendered=not reused)
    written = []
    opendata = ctx.build_dir / OPENDATA_FILE
    if opendata.is_file():
        # The target may be a hard link into the live site (reused above): replace, never overwrite.
        (ctx.site_dir / OPENDATA_FILE).unlink(missing_ok=True)
        shutil.copyfile(opendata, ctx.site_dir / OPENDATA_FILE)
        written.append(ctx.site_dir / OPENDATA_FILE)
    written += _publish_checklists(ctx)
    pages = sorted(ctx.site_dir.rglob("*.html"))
    return [*pages, *written]


def _publish_checklists(ctx: Any) -> list[Path]:
    """Item and bundle checklists, downloadable from their pages (clerks print them there)."""
    source = ctx.build_dir / "checklists"
    if not source.is_dir():
        return []
    target = ctx.site_dir / "checklists"
    if target.exists():  # linked from the live site above: replace, never write through
        shutil.rmtree(target)
    shutil.copytree(source, target, copy_function=os.link)
    return sorted(target.iterdir())
