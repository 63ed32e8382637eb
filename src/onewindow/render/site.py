"""Run MkDocs (Material) over the generated pages into the staging site directory.

The navigation is built here from the catalog: departments, window categories and bundles
(never every item, so each page stays small at 1,000 items). MkDocs warnings are collected
and turned into a SiteBuildError: a generated page with a broken link must not ship quietly.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from onewindow.build.cache import SITE_KEY, SITE_SHELL_KEY, SiteUpdate, digest, file_hash
from onewindow.catalog.model import Catalog
from onewindow.errors import OnewindowError, printable
from onewindow.render.markup import TEMPLATE_CODE, title_text
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


class _OnlyChanged:
    """A MkDocs plugin for an update of a verified copy of the last site (`mkdocs build
    --dirty`, made exact): only pages and files whose source changed are rendered, every other
    output stays as it was, and nothing is written through a hard link into the published site
    (each output MkDocs will write is unlinked first)."""

    def __init__(self, update: SiteUpdate, site_dir: Path) -> None:
        self.update = update
        self.site_dir = site_dir
        self.rewritten: set[str] = set()  # site-relative paths MkDocs writes anew

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        env.bytecode_cache = TEMPLATE_CODE  # the theme's templates, compiled once per process
        return env

    def on_files(self, files: Any, config: Any) -> Any:
        from mkdocs.structure.files import File

        for file in files:
            changed = file.src_uri in self.update.changed if _from_docs(file, config) else \
                not os.path.exists(file.abs_dest_path)
            file.is_modified = (lambda value: lambda: value)(changed)
            if changed:
                self._clear(file.dest_uri)
        for src in self.update.removed:  # the page or file went: so does its output
            gone = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
            self._clear(gone.dest_uri)
            _prune(self.site_dir, (self.site_dir / gone.dest_uri).parent)
        for template in (*config.theme.static_templates, *config.extra_templates):  # always rendered
            self._clear(template)
            if template == "sitemap.xml":
                self._clear("sitemap.xml.gz")
        return files

    def _clear(self, rel: str) -> None:
        (self.site_dir / rel).unlink(missing_ok=True)
        self.rewritten.add(rel)


class _PagesOnDisk:
    """A MkDocs plugin that keeps each rendered page body on disk between MkDocs' two passes.

    MkDocs renders the Markdown of every page first and only then puts each into the theme
    template, so a 10,000-item site held every page's source and HTML at once (gigabytes).
    Here a body goes to a file as soon as it is rendered, comes back just before its page is
    put into the template, and is dropped once the page is written: at most one page body is
    in memory. Restored first and dropped last, so other plugins see pages as usual."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.spilled: dict[str, Path] = {}  # page source → its body on disk

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        path = self.folder / f"{len(self.spilled)}.html"
        path.write_text(html, encoding="utf-8")
        self.spilled[page.file.src_uri] = path
        # Rendered already. Empty, not None: MkDocs reads None as "never read" (no title at all).
        page.markdown = ""
        return ""

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        if (path := self.spilled.get(page.file.src_uri)) is not None:
            page.content = path.read_text(encoding="utf-8")
        return context

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if page.file.src_uri in self.spilled:
            page.content = ""  # not None: MkDocs would then look for a title in the Markdown
        return output

    # Last to receive a body, first to restore it, last to drop it.
    on_page_content.mkdocs_priority = -100  # type: ignore[attr-defined]
    on_page_context.mkdocs_priority = 100  # type: ignore[attr-defined]
    on_post_page.mkdocs_priority = -100  # type: ignore[attr-defined]


def _prune(root: Path, folder: Path) -> None:
    """Remove `folder` and its parents up to `root` while they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _from_docs(file: Any, config: Any) -> bool:
    return file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(config.docs_dir)


def run_mkdocs(out: Output, nav: list[dict[str, Any]], update: SiteUpdate | None = None) -> set[str] | None:
    """MkDocs over the generated docs into the staging site: all of it, or (with `update`, over a
    linked copy of the last site) only what changed. Returns the site paths written anew by an
    update, which the manifest must hash afresh; None for a full run."""
    from jinja2 import TemplateError
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from onewindow.resources import DEFAULT_MKDOCS_YML
    from onewindow.siteconfig import load_mkdocs_config

    _quiet_jieba()
    only = _OnlyChanged(update, out.site_dir) if update is not None else None
    # Beside the staging site (inside the build's staging parent, which a kill leaves to
    # clean_stale), never inside it: the site is hashed into the manifest.
    with _captured_logs() as logs, tempfile.TemporaryDirectory(prefix=".onewindow-pages-",
                                                               dir=out.site_dir.parent) as bodies:
        try:
            cfg = load_mkdocs_config(out.mkdocs_yml, docs_dir=str(out.docs_dir),
                                     site_dir=str(out.site_dir), site_url=out.site_url, nav=nav)
            cfg.plugins["onewindow-pages-on-disk"] = _PagesOnDisk(Path(bodies))  # type: ignore[assignment]
            if only is not None:
                cfg.plugins["onewindow-only-changed"] = only  # type: ignore[assignment]
            cfg.plugins.on_startup(command="build", dirty=only is not None)
            try:
                with _dirty_quiet(logs, only is not None):
                    mkdocs_build(cfg, dirty=only is not None)
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
        except (TemplateError, TypeError, ValueError, AttributeError, KeyError, LookupError) as exc:
            # MkDocs and the theme trust the types of their settings (`features: 7`, `language: xx`,
            # `custom_dir: 5` fail deep inside them). With the packaged settings that is our bug;
            # with a district's own mkdocs.yml it is most likely a setting written wrong.
            if out.mkdocs_yml.resolve() == DEFAULT_MKDOCS_YML.resolve():
                raise
            language = re.search(r"partials/languages/(.*?)\.html", str(exc))
            if language:
                raise SiteBuildError(f"{printable(str(out.mkdocs_yml))} 中 theme 的 language“{printable(language[1])}”"
                                     "不是主题支持的语言", "中文网站写 language: zh") from exc
            cause = printable(f"{type(exc).__name__}: {exc}")[:300]
            raise SiteBuildError(f"MkDocs 按 {printable(str(out.mkdocs_yml))} 的设置生成网站时出错：{cause}",
                                 "检查 mkdocs.yml 中 theme 下各项（language、features、palette、custom_dir 等）的写法和取值，"
                                 "逐项去掉自己加的设置可以找出是哪一项；字段说明见 "
                                 "https://squidfunk.github.io/mkdocs-material/setup/") from exc
    if logs.messages:
        shown = "\n".join(f"  - {m}" for m in logs.messages[:20])
        raise SiteBuildError(f"MkDocs 报告了 {len(logs.messages)} 个问题：\n{shown}",
                             "这是生成页面的缺陷或 mkdocs.yml 配置问题，请把以上信息反馈给维护者")
    return only.rewritten if only is not None else None


@contextmanager
def _dirty_quiet(logs: _Collect, dirty: bool) -> Iterator[None]:
    """MkDocs warns that a dirty build may leave stale navigation; ours is exact (the shell key
    guarantees the same navigation), so that one warning is not a problem to report."""
    count = len(logs.messages)
    yield
    if dirty:
        logs.messages[count:] = [m for m in logs.messages[count:] if not m.startswith("A 'dirty' build")]


def docs_hashes(docs_dir: Path) -> dict[str, str]:
    """Content hash of every file MkDocs reads from the generated docs tree."""
    return {path.relative_to(docs_dir).as_posix(): file_hash(path)
            for path in sorted(docs_dir.rglob("*")) if path.is_file()}


def shell_digest(mkdocs_yml: Path, nav: list[dict[str, Any]], site_url: str, salt: str) -> str:
    """What every page depends on besides its own source: configuration, navigation, site URL,
    onewindow's own code and theme, and the district's theme overrides."""
    from onewindow.siteconfig import merged_settings

    overrides = ""
    try:
        theme = merged_settings(mkdocs_yml).get("theme")
        custom = theme.get("custom_dir") if isinstance(theme, dict) else None
        if isinstance(custom, str) and (mkdocs_yml.parent / custom).is_dir():
            overrides = digest(sorted(docs_hashes(mkdocs_yml.parent / custom).items()))
    except OnewindowError:
        overrides = "unreadable"  # MkDocs itself reports the configuration
    return digest(hashlib.sha256(mkdocs_yml.read_bytes()).hexdigest(), repr(nav), site_url, salt, overrides)


class Site(Target):
    name = "site"
    label = "网站（MkDocs）"

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        nav = navigation(catalog, out.docs_dir)
        shell = shell_digest(out.mkdocs_yml, nav, out.site_url, out.cache.salt)
        docs = docs_hashes(out.docs_dir)
        key = digest(shell, sorted(docs.items()))
        # When MkDocs' input is unchanged and the published site is verified intact, that site
        # is linked into staging; when only some pages changed, just those are rendered into
        # it; otherwise MkDocs builds the whole site.
        reused = out.cache.reuse_site(key, out.site_dir)
        if not reused:
            update = out.cache.stage_site_update(shell, docs, out.site_dir) if _plain(out) else None
            rewritten = run_mkdocs(out, nav, update)
            for rel in rewritten or ():
                out.cache.site_hashes.pop(rel, None)  # hashed afresh into the manifest
        out.cache.record(SITE_KEY, key, rendered=not reused)
        out.cache.keys[SITE_SHELL_KEY] = shell  # not an output: what the next build compares
        written = [_publish(out, OPENDATA_FILE)] if (out.build_dir / OPENDATA_FILE).is_file() else []
        checklists = out.build_dir / "checklists"
        shutil.rmtree(out.site_dir / "checklists", ignore_errors=True)  # only this build's lists
        if checklists.is_dir():  # downloadable from item and bundle pages (clerks print them there)
            written += [_publish(out, f"checklists/{p.name}") for p in sorted(checklists.iterdir())]
        pages = sorted(out.site_dir.rglob("*.html"))
        return [*pages, *written]


def _plain(out: Output) -> bool:
    """A partial update is exact only when no MkDocs plugin may write files of its own."""
    from onewindow.siteconfig import merged_settings

    try:
        return not merged_settings(out.mkdocs_yml).get("plugins")
    except OnewindowError:
        return False


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
