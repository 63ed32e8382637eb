"""`onewindow init`: a district repository that passes `check` at once, and this repository's own
top level is what `init` writes for the sample district."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from onewindow.check.checker import check_catalog
from onewindow.cli.main import main
from onewindow.resources import SCHEMAS_DIR
from onewindow.scaffold import PARTS, District, InitError, init_repository, render_file


def init(tmp_path: Path, *args: str) -> tuple[Path, str]:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "district"), *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "district", result.output


def test_init_writes_a_repository_that_passes_check(tmp_path: Path) -> None:
    repo, output = init(tmp_path, "--district", "杭州市西湖区", "--site-url", "https://zwfw.xihu.gov.cn/")
    assert "已创建" in output
    for path in ("catalog/laws.yml", "catalog/materials.yml", "catalog/windows.yml", "mkdocs.yml",
                 ".pre-commit-config.yaml", ".github/workflows/catalog.yml", ".gitignore", "README.md",
                 "schemas/item.schema.json", "schemas/common.schema.json"):
        assert (repo / path).is_file(), path
    result = check_catalog(repo / "catalog")
    assert result.problems == []
    catalog = result.sources
    assert len(catalog.of_kind("item")) >= 1 and len(catalog.of_kind("bundle")) >= 1
    assert len(catalog.of_kind("department")) >= 1
    laws = yaml.safe_load((repo / "catalog" / "laws.yml").read_text(encoding="utf-8"))["laws"]
    assert any(law["title"] == "中华人民共和国行政许可法" for law in laws.values())
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config == {"site_name": "杭州市西湖区政务服务办事指南", "site_url": "https://zwfw.xihu.gov.cn/",
                      "site_description": "杭州市西湖区政务服务中心办事指南：办什么、带什么、去哪办、多久办好、跑几次。",
                      "copyright": "杭州市西湖区政务服务中心 · 政务服务热线 12345"}


def test_editor_hints_point_at_the_repository_schemas(tmp_path: Path) -> None:
    repo, _ = init(tmp_path)
    for record in (repo / "catalog").rglob("*.yml"):
        first = record.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), record
        target = (record.parent / first.split("=", 1)[1]).resolve()
        assert target.parent == (repo / "schemas").resolve() and target.is_file(), record
    for schema in SCHEMAS_DIR.glob("*.schema.json"):
        assert (repo / "schemas" / schema.name).read_bytes() == schema.read_bytes()


def test_district_names_are_quoted_safely(tmp_path: Path) -> None:
    repo, _ = init(tmp_path, "--district", 'X区"#: [y]', "--hotline", "0000-12345")
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'X区"#: [y]政务服务办事指南'
    assert config["copyright"].endswith("政务服务热线 0000-12345")


def test_pre_commit_config_and_workflow_use_onewindow(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config

    repo, _ = init(tmp_path, "--onewindow-repo", "https://github.com/zj-gov/onewindow", "--onewindow-ref", "v1.2.0")
    hooks = load_config(str(repo / ".pre-commit-config.yaml"))["repos"]
    assert hooks[0]["repo"] == "https://github.com/zj-gov/onewindow" and hooks[0]["rev"] == "v1.2.0"
    assert [h["id"] for h in hooks[0]["hooks"]] == ["onewindow-check"]
    workflow = yaml.safe_load((repo / ".github/workflows/catalog.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["catalog"]
    assert job["uses"] == "zj-gov/onewindow/.github/workflows/catalog.yml@v1.2.0"
    assert job["with"] == {"catalog": "catalog", "onewindow-repository": "zj-gov/onewindow",
                           "onewindow-ref": "v1.2.0"}
    ours = yaml.safe_load(Path(__file__).parents[1].joinpath(".github/workflows/catalog.yml").read_text("utf-8"))
    assert set(job["with"]) <= set(ours[True]["workflow_call"]["inputs"])  # YAML 1.1 reads `on` as true
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/build/", "/site/"} <= set(ignored)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "python -m http.server -d site" in readme and "不要直接双击打开" in readme


def test_placeholder_site_url_is_reported_by_init(tmp_path: Path) -> None:
    _, output = init(tmp_path)
    assert "占位地址（zwfw.example.gov.cn）" in output


@pytest.mark.parametrize("existing", ["file", "folder"])
def test_init_never_overwrites(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "district"
    if existing == "file":
        target.write_text("x", encoding="utf-8")
    else:
        target.mkdir()
        (target / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 2 and "无法创建目录仓库" in result.output
    assert "onewindow init 不会覆盖已有文件" in result.output or "不是文件夹" in result.output
    if existing == "folder":
        assert (target / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    with pytest.raises(InitError):
        init_repository(target, District())


def test_a_bad_site_url_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), "--site-url", "zwfw.xihu.gov.cn"])
    assert result.exit_code == 2 and "https://" in result.output
    assert not (tmp_path / "d").exists()


def test_this_repository_is_laid_out_like_an_initialised_district(project_root: Path) -> None:
    """The sample catalog is built exactly the way a district's is."""
    assert (project_root / "mkdocs.yml").read_text(encoding="utf-8") == render_file("mkdocs.yml.j2",
                                                                                     District().resolved())
    assert (project_root / "schemas").resolve() == SCHEMAS_DIR.resolve()
    assert not (project_root / "templates").exists() and not (project_root / "overrides").exists()


def test_parts_are_replaceable(tmp_path: Path) -> None:
    """A different starting point (a province's base catalog) passes its own parts."""

    def marker(dest: Path, district: District) -> list[Path]:
        path = dest / "marker.json"
        path.write_text(json.dumps({"district": district.name}, ensure_ascii=False), encoding="utf-8")
        return [path]

    written = init_repository(tmp_path / "x", District(name="某县"), (*PARTS[1:], marker))
    assert not (tmp_path / "x" / "catalog").exists()
    assert json.loads((tmp_path / "x" / "marker.json").read_text(encoding="utf-8")) == {"district": "某县"}
    assert tmp_path / "x" / "mkdocs.yml" in written


def test_init_base_starts_a_district_on_a_base_catalog(tmp_path: Path, project_root: Path) -> None:
    """五级联动: a district repository that implements a province's base catalog, checks and builds."""
    import shutil

    from onewindow.build.pipeline import build

    shutil.copytree(project_root / "tests/roots/minimal", tmp_path / "province" / "base")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "xihu"), "--base", "../../province/base",
                                       "--id", "xihu", "--district", "示范市西城区", "--division-code", "999903"])
    assert result.exit_code == 0, result.output
    repo = tmp_path / "xihu"
    layer = yaml.safe_load((repo / "catalog/layer.yml").read_text(encoding="utf-8"))
    assert layer == {"id": "xihu", "name": "示范市西城区", "level": "区县级", "division_code": "999903",
                     "base": "../../province/base"}
    base_codes = sorted(p.stem for p in (tmp_path / "province/base/items").rglob("*.yml"))
    assert sorted(p.stem for p in (repo / "catalog/implementations").glob("*.yml")) == base_codes
    checked = check_catalog(repo / "catalog")
    assert checked.problems == [], [str(p) for p in checked.problems]
    report, ctx = build(repo / "catalog", repo / "build", repo / "site", quiet=True,
                        site_url="https://zwfw.xicheng.gov.cn/")
    assert ctx is not None, [str(p) for p in report.errors]
    assert sorted(p.name for p in (repo / "site/items").iterdir() if p.is_dir()) == base_codes


@pytest.mark.parametrize("args", [["--id", "xihu"], ["--base", "../b", "--id", "Bad Id"],
                                  ["--base", "../b", "--division-code", "12"], ["--base", "../nowhere"]])
def test_init_base_options_are_checked(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), *args])
    assert result.exit_code == 2, result.output
    assert "用法错误" in result.output or "无法创建目录仓库" in result.output
