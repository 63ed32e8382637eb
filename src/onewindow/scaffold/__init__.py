"""`onewindow init`: start a district's catalog repository that passes `check` and `build` at once.

A repository is written by a sequence of parts, each `part(dest, district) -> written paths`.
Callers (a province's base catalog, say) pass their own tuple of parts to `init_repository`
to replace or add to the defaults. Text files come from templates in `scaffold/files/`; the
starting catalog is the small real catalog the editor's guide uses for its examples.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata, version
from pathlib import Path

import jinja2

from onewindow.catalog.kinds import KIND
from onewindow.catalog.loader import discover
from onewindow.errors import OnewindowError
from onewindow.resources import SCHEMAS_DIR, package_path

# The district the sample content is written for; `--district` replaces it in the catalog.
SAMPLE_DISTRICT = "示范市滨河区"
PLACEHOLDER_SITE_URL = "https://zwfw.example.gov.cn/guide/"
DEFAULT_REPOSITORY = "https://github.com/onewindow/onewindow"
SCHEMA_HEADER = re.compile(r"^# yaml-language-server: \$schema=\S*\n")


class InitError(OnewindowError):
    category = "无法创建目录仓库"
    exit_code = 2


@dataclass(frozen=True)
class District:
    """What `onewindow init` asks of a district; everything else is a sensible start."""

    name: str = SAMPLE_DISTRICT
    site_url: str = PLACEHOLDER_SITE_URL
    hotline: str = "12345"
    onewindow_repo: str = ""  # git URL of onewindow's hooks and reusable workflow
    onewindow_ref: str = ""  # tag of the onewindow release the repository is pinned to

    def resolved(self) -> District:
        repo = self.onewindow_repo or _project_url()
        ref = self.onewindow_ref or f"v{_version()}"
        return District(self.name, self.site_url, self.hotline, repo, ref)


def _version() -> str:
    try:
        return version("onewindow")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0.0.0"


def _project_url() -> str:
    try:
        urls = metadata("onewindow").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository":
            return url.strip()
    return DEFAULT_REPOSITORY


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(package_path("scaffold", "files"))),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)  # YAML and Markdown, not HTML
    # A JSON string is a valid YAML double-quoted scalar: safe for any district name.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def render_file(name: str, district: District) -> str:
    """One scaffold template filled in for a district."""
    repo = district.onewindow_repo
    slug = re.sub(r"^(?:https?://)?(?:www\.)?github\.com/|\.git$", "", repo).strip("/")
    return _templates().get_template(name).render(
        district=district.name, site_url=district.site_url, hotline=district.hotline,
        onewindow_repo=repo, onewindow_ref=district.onewindow_ref, onewindow_slug=slug,
        install_spec=f"git+{repo}@{district.onewindow_ref}")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def schema_header(record: Path, kind: str, schemas: Path) -> str:
    rel = Path(os.path.relpath(schemas / KIND[kind].schema, record.parent)).as_posix()
    return f"# yaml-language-server: $schema={rel}\n"


def catalog_part(dest: Path, district: District) -> list[Path]:
    """The guide's small real catalog: two departments, two items, one bundle, the registers."""
    from onewindow.render.guide_examples import BASE_CATALOG

    catalog = dest / "catalog"
    shutil.copytree(BASE_CATALOG, catalog, ignore=shutil.ignore_patterns("__pycache__"))
    for path, kind in discover(catalog):
        if kind in KIND:  # point the editor hint at this repository's schemas/
            text = SCHEMA_HEADER.sub("", path.read_text(encoding="utf-8"), count=1)
            text = text.replace(SAMPLE_DISTRICT, district.name)
            _write(path, schema_header(path, kind, dest / "schemas") + text)
    return sorted(p for p in catalog.rglob("*") if p.is_file())


def schemas_part(dest: Path, district: District) -> list[Path]:
    """Copies of the schemas for editor completion (`check` always uses the installed ones)."""
    (dest / "schemas").mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(path, dest / "schemas" / path.name))
            for path in sorted(SCHEMAS_DIR.glob("*.schema.json"))]


def _templated(target: str, template: str) -> Callable[[Path, District], list[Path]]:
    def part(dest: Path, district: District) -> list[Path]:
        return [_write(dest / target, render_file(template, district))]

    part.__name__ = f"{target}_part"
    return part


Part = Callable[[Path, District], list[Path]]
PARTS: tuple[Part, ...] = (
    catalog_part,
    schemas_part,
    _templated("mkdocs.yml", "mkdocs.yml.j2"),
    _templated(".pre-commit-config.yaml", "pre-commit-config.yaml.j2"),
    _templated(".github/workflows/catalog.yml", "catalog-workflow.yml.j2"),
    _templated(".gitignore", "gitignore"),
    _templated("README.md", "README.md.j2"),
)


def init_repository(dest: Path, district: District = District(), parts: Sequence[Part] = PARTS) -> list[Path]:
    """Write a new catalog repository into `dest` (missing or empty, a bare `.git` allowed)."""
    if dest.exists() and not dest.is_dir():
        raise InitError(f"{dest} 已存在且不是文件夹", "换一个新的文件夹名")
    if dest.is_dir() and any(p.name != ".git" for p in dest.iterdir()):
        raise InitError(f"文件夹 {dest} 不是空的，onewindow init 不会覆盖已有文件", "换一个新的文件夹名，或先清空它")
    dest.mkdir(parents=True, exist_ok=True)
    district = district.resolved()
    written: list[Path] = []
    for part in parts:
        written.extend(part(dest, district))
    return written
