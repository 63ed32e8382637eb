"""Layered catalogs: a district's 实施清单 against the base 基本目录, through `onewindow check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from onewindow.catalog.model import build_model
from onewindow.check.checker import check_catalog

ROOTS = Path(__file__).parent / "roots"
ONEWINDOW = Path(sys.executable).parent / "onewindow"
LICENCE = "999902000000XK00201"  # 食品经营许可: legal 20 days, 1 visit, free
SPOT = "999902000000XK00101"  # an on-the-spot item (即办件), 0 visits


def onewindow(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ONEWINDOW), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def district(province: Path) -> Path:
    return province / "districts" / "dongcheng"


def write_impl(province: Path, code: str, body: str) -> Path:
    path = district(province) / "implementations" / f"{code}.yml"
    path.write_text(f'implements: "{code}"\n{body}', encoding="utf-8")
    return path


def problems_of(catalog: Path, cwd: Path) -> list[dict]:
    done = onewindow(cwd, "check", "--format", "json", str(catalog.relative_to(cwd)))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else []


def only(problems: list[dict], code: str) -> dict:
    found = [p for p in problems if p["code"] == code]
    assert len(found) == 1, problems
    return found[0]


def test_the_sample_district_checks_clean_against_its_base() -> None:
    result = check_catalog(ROOTS / "district")
    assert result.problems == []


def test_committed_days_beyond_the_base_legal_limit_name_the_local_file_and_base_item(province: Path) -> None:
    write_impl(province, LICENCE, "visits: 1\ncommitted_days: 25\n")
    problem = only(problems_of(district(province), province), "OW302")
    assert problem["file"] == f"districts/dongcheng/implementations/{LICENCE}.yml"
    assert problem["line"] == 3 and problem["path"] == "/committed_days"
    assert "食品经营许可" in problem["message"] and LICENCE in problem["message"]
    assert "20 个工作日" in problem["message"]


def test_an_on_the_spot_base_item_stays_on_the_spot(province: Path) -> None:
    write_impl(province, SPOT, "committed_days: 3\n")
    problem = only(problems_of(district(province), province), "OW302")
    assert "即办件" in problem["message"] and problem["line"] == 2


def test_more_visits_than_the_base_is_refused_fewer_is_fine(province: Path) -> None:
    write_impl(province, LICENCE, "visits: 2\n")
    problem = only(problems_of(district(province), province), "OW303")
    assert problem["line"] == 2 and "1 次" in problem["message"]
    write_impl(province, LICENCE, "visits: 0\nonline: {available: true, depth: Ⅳ级}\n")
    assert not [p for p in problems_of(district(province), province) if p["severity"] == "error"]


@pytest.mark.parametrize(("spared", "line"), [
    ("  - {material: layout, via: 数据共享}\n", 3),
    ("  - material: layout\n    via: 告知承诺\n", 3),
])
def test_a_spared_material_needs_a_named_source_or_a_promise_basis(province: Path, spared: str, line: int) -> None:
    write_impl(province, LICENCE, "spared:\n" + spared)
    problem = only(problems_of(district(province), province), "OW304")
    assert problem["line"] == line and problem["path"] == "/spared/0"
    assert "与食品经营相适应的经营设施空间布局和操作流程的文件" in problem["message"]


def test_sparing_or_tolerating_an_unknown_material_lists_the_base_materials(province: Path) -> None:
    write_impl(province, LICENCE, "tolerated:\n  - {material: floor-plan, supply_days: 5}\n")
    problem = only(problems_of(district(province), province), "OW305")
    assert "floor-plan" in problem["message"] and "layout" in problem["hint"]


def test_added_materials_and_conditions_need_their_own_legal_basis(province: Path) -> None:
    write_impl(province, LICENCE, """extra_conditions:
  - text: 经营场所位于本区商业规划区内
extra_materials:
  - id: street-consent
    name: 街道办事处出具的经营场所意见书
    form: 原件
    copies: 1
    medium: 纸质
    source: 政府部门核发
""")
    problems = [p for p in problems_of(district(province), province) if p["code"] == "OW306"]
    assert {p["path"] for p in problems} == {"/extra_conditions/0/basis", "/extra_materials/0/basis"}
    assert {p["line"] for p in problems} == {3, 5}


def test_an_addition_with_a_local_regulation_registered_locally_is_accepted(province: Path) -> None:
    (district(province) / "laws.yml").write_text("""laws:
  dongcheng-food-stalls:
    title: 示范市东城区食品摊贩管理办法
    level: 地方政府规章
    issuer: 示范市东城区人民政府
""", encoding="utf-8")
    write_impl(province, LICENCE, """extra_conditions:
  - text: 经营场所位于本区商业规划区内
    basis: [{law: dongcheng-food-stalls, article: 第八条}]
""")
    problems = problems_of(district(province), province)
    assert not [p for p in problems if p["severity"] == "error"], problems


def test_an_addition_citing_an_unregistered_law_is_reported(province: Path) -> None:
    write_impl(province, LICENCE, """extra_conditions:
  - text: 经营场所位于本区商业规划区内
    basis: [{law: no-such-law, article: 第一条}]
""")
    problem = only(problems_of(district(province), province), "OW203")
    assert problem["path"] == "/extra_conditions/0/basis/0/law"


def test_a_catch_all_addition_is_refused_as_in_the_base(province: Path) -> None:
    write_impl(province, LICENCE, """extra_materials:
  - id: more
    name: 其他相关材料
    form: 原件
    copies: 1
    medium: 纸质
    source: 申请人自备
    basis: [{law: food-safety-law, article: 第三十五条}]
""")
    assert only(problems_of(district(province), province), "OW201")["path"] == "/extra_materials/0/name"


def test_the_legal_basis_cannot_change(province: Path) -> None:
    write_impl(province, LICENCE, "legal_basis:\n  - {law: food-safety-law, article: 第三十六条}\n")
    problem = only(problems_of(district(province), province), "OW307")
    assert problem["line"] == 3 and LICENCE in problem["message"]
    write_impl(province, LICENCE, "legal_basis:\n  - {law: food-safety-law, article: 第三十五条}\n")
    assert not [p for p in problems_of(district(province), province) if p["code"] == "OW307"]


def test_a_free_base_item_cannot_charge_locally(province: Path) -> None:
    write_impl(province, LICENCE, """fee:
  charged: true
  items:
    - {name: 许可证工本费, standard: 每证10元, basis: [{law: food-safety-law, article: 第三十五条}]}
""")
    problem = only(problems_of(district(province), province), "OW308")
    assert problem["path"] == "/fee/charged" and "不收费" in problem["message"]


def test_a_fee_may_fall_but_not_rise(province: Path) -> None:
    base_item = province / "base" / "items" / "scjg" / f"{LICENCE}.yml"
    text = base_item.read_text(encoding="utf-8").replace("fee:\n  charged: false\n", """fee:
  charged: true
  items:
    - {name: 许可证工本费, standard: 每证10元, basis: [{law: food-safety-law, article: 第三十五条}]}
""")
    base_item.write_text(text, encoding="utf-8")
    rise = """fee:
  charged: true
  items:
    - {name: 许可证工本费, standard: 每证15元, basis: [{law: food-safety-law, article: 第三十五条}]}
    - {name: 加急费, standard: 每件50元, basis: [{law: food-safety-law, article: 第三十五条}]}
"""
    write_impl(province, LICENCE, rise)
    problems = [p for p in problems_of(district(province), province) if p["code"] == "OW308"]
    assert {p["path"] for p in problems} == {"/fee/items/0/standard", "/fee/items/1/name"}
    write_impl(province, LICENCE, rise.replace("15元", "5元").split("    - {name: 加急费")[0])
    assert not [p for p in problems_of(district(province), province) if p["code"] == "OW308"]


def test_an_unknown_base_item_and_a_misnamed_file(province: Path) -> None:
    path = district(province) / "implementations" / "999902000000XK09901.yml"
    path.write_text('implements: "999902000000XK09901"\n', encoding="utf-8")
    problem = only(problems_of(district(province), province), "OW301")
    assert problem["file"].endswith("999902000000XK09901.yml") and "base" in problem["message"]
    path.write_text(f'implements: "{LICENCE}"\n', encoding="utf-8")
    assert only(problems_of(district(province), province), "OW218")["path"] == "/implements"


def test_a_missing_base_is_reported_at_layer_yml(province: Path) -> None:
    layer = district(province) / "layer.yml"
    layer.write_text(layer.read_text(encoding="utf-8").replace("../../base", "../../nowhere"), encoding="utf-8")
    problem = only(problems_of(district(province), province), "OW309")
    assert problem["file"] == "districts/dongcheng/layer.yml" and "nowhere" in problem["message"]


def test_implementations_in_a_flat_catalog_are_reported(copy_catalog, tmp_path: Path) -> None:
    catalog = copy_catalog("minimal")
    (catalog / "implementations").mkdir()
    (catalog / "implementations" / f"{LICENCE}.yml").write_text(f'implements: "{LICENCE}"\n', encoding="utf-8")
    assert only(problems_of(catalog, tmp_path), "OW309")["file"].endswith(f"{LICENCE}.yml")


def test_the_district_catalog_merges_local_choices_into_base_items() -> None:
    result = check_catalog(ROOTS / "district")
    catalog = build_model(result.sources)
    licence = catalog.items[LICENCE]
    assert licence.time_limit.committed_days == 7 and licence.time_limit.legal_days == 20
    assert licence.department.address.startswith("示范市东城区建设路18号")
    layout = next(m for m in licence.materials if m.id == "layout")
    assert layout.role == "容缺" and layout.supply_days == 5
    spot = catalog.items[SPOT]
    operator = next(m for m in spot.materials if m.id == "operator-id")
    assert operator.source == "数据共享获取" and "浙江省电子证照库" in operator.source_note
    assert set(catalog.items) == {LICENCE, SPOT, "999902000000XK00301"}


def test_a_promise_spares_the_material_and_says_so(province: Path) -> None:
    write_impl(province, LICENCE, """spared:
  - material: layout
    via: 告知承诺
    basis: [{law: food-business-licensing-measures, article: 第十二条}]
""")
    result = check_catalog(district(province))
    assert result.ok, result.errors
    licence = build_model(result.sources).items[LICENCE]
    assert "layout" not in {m.id for m in licence.materials}
    assert any("告知承诺" in note and "空间布局" in note for note in licence.notes)


def test_a_province_checks_every_district_once_against_one_base(province: Path) -> None:
    second = province / "districts" / "xicheng"
    shutil.copytree(district(province), second)
    layer = second / "layer.yml"
    layer.write_text(layer.read_text(encoding="utf-8").replace("dongcheng", "xicheng"), encoding="utf-8")
    (second / "implementations" / f"{LICENCE}.yml").write_text(
        f'implements: "{LICENCE}"\nvisits: 3\n', encoding="utf-8")
    problems = problems_of(province, province)
    assert [(p["code"], p["file"]) for p in problems] == [
        ("OW303", f"districts/xicheng/implementations/{LICENCE}.yml")]
    result = check_catalog(province)
    assert result.summary == {"layers": 2, "implementations": 6}


def _git(repo: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.gov.cn", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "e@example.gov.cn", "PATH": "/usr/bin:/bin", "HOME": str(repo)}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_a_base_change_lists_the_local_items_it_reaches_and_what_it_breaks(province: Path) -> None:
    _git(province, "init", "-q", "-b", "main")
    _git(province, "add", ".")
    _git(province, "commit", "-q", "-m", "省级基本目录与东城区实施清单")
    base_item = province / "base" / "items" / "scjg" / f"{LICENCE}.yml"
    # The province shortens the legal limit below Dongcheng's committed 7 days.
    text = base_item.read_text(encoding="utf-8").replace("legal_days: 20\n  committed_days: 10",
                                                         "legal_days: 5\n  committed_days: 5")
    base_item.write_text(text, encoding="utf-8")
    done = onewindow(province, "diff", "HEAD", "--catalog", "base", "--locals", "districts")
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("### 受影响的实施清单", 1)[1]
    assert f"districts/dongcheng/implementations/{LICENCE}.yml" in section
    assert "1 个实施清单事项，其中 1 个与新的基本目录冲突" in section
    assert "承诺办结时限 7 个工作日超过" in section and "法定办结时限 5 个工作日" in section
    assert SPOT not in section  # unchanged base items reach no district


def test_a_district_publishes_at_its_own_site_url_from_layer_yml(province: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Districts of one province may share a mkdocs.yml; each layer.yml names its own address,
    which QR codes and canonical links use unless --site-url or ONEWINDOW_SITE_URL says otherwise."""
    from onewindow.build.siteurl import resolve_site_url
    from onewindow.errors import UsageError
    from onewindow.resources import MKDOCS_YML

    monkeypatch.delenv("ONEWINDOW_SITE_URL", raising=False)
    layer = district(province) / "layer.yml"
    assert resolve_site_url(None, MKDOCS_YML, district(province)) == resolve_site_url(None, MKDOCS_YML)
    layer.write_text(layer.read_text(encoding="utf-8") + "site_url: https://zwfw.dongcheng.example.cn/guide\n",
                     encoding="utf-8")
    assert check_catalog(district(province)).problems == []
    assert resolve_site_url(None, MKDOCS_YML, district(province)) == "https://zwfw.dongcheng.example.cn/guide/"
    assert resolve_site_url("https://other.example.cn/", MKDOCS_YML, district(province)) == "https://other.example.cn/"
    monkeypatch.setenv("ONEWINDOW_SITE_URL", "https://env.example.cn/")
    assert resolve_site_url(None, MKDOCS_YML, district(province)) == "https://env.example.cn/"
    monkeypatch.delenv("ONEWINDOW_SITE_URL")
    layer.write_text(layer.read_text(encoding="utf-8").replace("https://zwfw.dongcheng.example.cn/guide",
                                                               "javascript:alert(1)"), encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        resolve_site_url(None, MKDOCS_YML, district(province))
    assert "layer.yml 的 site_url" in str(refused.value)


def test_a_district_build_uses_the_layer_site_url(province: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from onewindow.build.pipeline import build

    monkeypatch.delenv("ONEWINDOW_SITE_URL", raising=False)
    layer = district(province) / "layer.yml"
    layer.write_text(layer.read_text(encoding="utf-8") + "site_url: https://zwfw.dongcheng.example.cn/guide/\n",
                     encoding="utf-8")
    result, report = build(district(province), tmp_path / "out/build", tmp_path / "out/site", quiet=True)
    assert report is not None, [str(p) for p in result.errors]
    opendata = json.loads((tmp_path / "out/site/catalog.json").read_text(encoding="utf-8"))
    assert all(item["url"].startswith("https://zwfw.dongcheng.example.cn/guide/items/") for item in opendata["items"])


def test_merged_items_share_base_parts_without_changing_the_base(province: Path) -> None:
    """A merged item shares what it does not change with the base record; merging never
    writes into base or implementation data, so merging twice gives the same catalog."""
    import copy

    from onewindow.catalog.layers import effective_sources
    from onewindow.catalog.loader import load_catalog

    base, _ = load_catalog(province / "base")
    local, _ = load_catalog(district(province))
    before = copy.deepcopy([f.data for f in base.files]), copy.deepcopy([f.data for f in local.files])
    first = effective_sources(local, base)
    assert ([f.data for f in base.files], [f.data for f in local.files]) == before
    second = effective_sources(local, base)
    assert [f.data for f in first.files] == [f.data for f in second.files]
    merged = {f.data["code"]: f.data for f in first.of_kind("item")}
    originals = {f.data["code"]: f.data for f in base.of_kind("item")}
    implemented = [code for code in merged if merged[code] is not originals[code]]
    assert implemented and all(merged[c]["name"] is originals[c]["name"] for c in implemented)
    assert any(merged[c]["materials"] != originals[c]["materials"] or merged[c]["time_limit"] != originals[c]["time_limit"]
               for c in implemented)
