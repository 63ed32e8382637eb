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

from onewindow.build.cache import SITE_KEY, digest
from onewindow.catalog.model import Catalog
from onewindow.errors import OnewindowError, printable
from onewindow.render.markup import title_text
from onewindow.render.opendata import FILENAME as OPENDATA_FILE
from onewindow.render.target import Output, Target

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


def run_mkdocs(out: Output, nav: list[dict[str, Any]]) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from onewindow.siteconfig import load_mkdocs_config

    _quiet_jieba()
    with _captured_logs() as logs:
        try:
            cfg = load_mkdocs_config(out.mkdocs_yml, docs_dir=str(out.docs_dir),
                                     site_dir=str(out.site_dir), site_url=out.site_url, nav=nav)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except MkDocsException as exc:
            # MkDocs logs each configuration error, then raises a bare "Aborted with a
            # configuration error!": the logged lines are the cause the user needs.
            causes = [m for m in logs.messages if m] or [str(exc)]
            causes = ["配置有误" if c.startswith("Aborted with") else c for c in causes]
            shown = "\n".join(f"  - {printable(c)}" for c in causes[:20])
            raise SiteBuildError(f"MkDocs 无法生成网站，{printable(str(out.mkdocs_yml))} 的配置有误：\n{shown}",
                                 f"按上面列出的字段改正 {out.mkdocs_yml}；字段说明见 https://www.mkdocs.org/user-guide/configuration/") from exc
    if logs.messages:
        shown = "\n".join(f"  - {m}" for m in logs.messages[:20])
        raise SiteBuildError(f"MkDocs 报告了 {len(logs.messages)} 个问题：\n{shown}",
                             "这是生成页面的缺陷或 mkdocs.yml 配置问题，请把以上信息反馈给维护者")


def docs_digest(docs_dir: Path, mkdocs_yml: Path, nav: list[dict[str, Any]]) -> str:
    """Hash of everything MkDocs reads: the generated tree, the configuration and the nav."""
    h = hashlib.sha256(mkdocs_yml.read_bytes())
    h.update(repr(nav).encode())
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(docs_dir).as_posix().encode() + b"\x00")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class Site(Target):
    name = "site"
    label = "网站（MkDocs）"

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        nav = navigation(catalog, out.docs_dir)
        # The salt covers onewindow's own theme overrides and packaged MkDocs defaults.
        key = digest(docs_digest(out.docs_dir, out.mkdocs_yml, nav), out.site_url, out.cache.salt)
        # MkDocs has no incremental mode: when its input is unchanged and the published site is
        # verified intact, that site is linked into staging instead of running MkDocs again.
        reused = out.cache.reuse_site(key, out.site_dir)
        if not reused:
            run_mkdocs(out, nav)
        out.cache.record(SITE_KEY, key, rendered=not reused)
        written = [_publish(out, OPENDATA_FILE)] if (out.build_dir / OPENDATA_FILE).is_file() else []
        checklists = out.build_dir / "checklists"
        shutil.rmtree(out.site_dir / "checklists", ignore_errors=True)  # only this build's lists
        if checklists.is_dir():  # downloadable from item and bundle pages (clerks print them there)
            written += [_publish(out, f"checklists/{p.name}") for p in sorted(checklists.iterdir())]
        pages = sorted(out.site_dir.rglob("*.html"))
        return [*pages, *written]


def _publish(out: Output, rel: str) -> Path:
    """Copy a build output into the site. The target may be a hard link into the published site
    (reused above): replace it, never write through it."""
    target = out.site_dir / rel
    target.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(out.build_dir / rel, target)
    except OSError:  # the two trees on different file systems
        shutil.copyfile(out.build_dir / rel, target)
    out.cache.site_hashes.pop(rel, None)  # hashed afresh into the manifest
    return target
