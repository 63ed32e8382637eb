"""`onewindow init`: start a district's catalog repository that passes `check` and `build` at once.

A repository is written by a sequence of parts, each `part(dest, district) -> written paths`.
Callers (a province's base catalog, say) pass their own tuple of parts to `init_repository`
to replace or add to the defaults. Text files come from templates in `scaffold/files/`; the
starting catalog is the small real catalog the editor's guide uses for its examples.
"""

from __future__ import annotations

import dataclasses
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
    base: str = ""  # a base catalog (基本目录) this district implements, as written in layer.yml
    id: str = "district"  # the layer's identifier (with `base`)
    division_code: str = "999902"  # 行政区划代码 (with `base`); the default is clearly not a real one

    def resolved(self) -> District:
        repo = self.onewindow_repo or _project_url()
        ref = self.onewindow_ref or f"v{_version()}"
        return dataclasses.replace(self, onewindow_repo=repo, onewindow_ref=ref)


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
        install_spec=f"git+{repo}@{district.onewindow_ref}", base=district.base, layer_id=district.id,
        division_code=district.division_code)


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


def layer_part(dest: Path, district: District) -> list[Path]:
    """A local catalog over a base one (五级联动): layer.yml naming the base, and one
    implementation record per base item that the district then narrows (window, committed
    days, data sharing). Offices and registers come from the base until the district overrides."""
    from onewindow.catalog.loader import load_catalog

    catalog = dest / "catalog"
    base_dir = (catalog / district.base).resolve()
    sources, problems = load_catalog(base_dir)
    codes = sorted(str(f.data.get("code")) for f in sources.of_kind("item"))
    if not codes:
        raise InitError(f"基本目录 {district.base} 中没有可读取的事项（相对于 {catalog} 解析为 {base_dir}）",
                        "--base 写基本目录文件夹相对于新仓库 catalog/ 的路径，例如 ../../province/base")
    layer = catalog / "layer.yml"
    written = [_write(layer, schema_header(layer, "layer", dest / "schemas") + render_file("layer.yml.j2", district))]
    for code in codes:
        record = catalog / "implementations" / f"{code}.yml"
        written.append(_write(record, schema_header(record, "implementation", dest / "schemas")
                              + f"implements: {json.dumps(code)}\n"))
    return written


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


LAYER_PARTS: tuple[Part, ...] = (layer_part, *PARTS[1:])


def init_repository(dest: Path, district: District = District(), parts: Sequence[Part] | None = None) -> list[Path]:
    """Write a new catalog repository into `dest` (missing or empty, a bare `.git` allowed):
    a catalog of its own, or (with `district.base`) a local catalog over a base one."""
    parts = parts if parts is not None else (LAYER_PARTS if district.base else PARTS)
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
