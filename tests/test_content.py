"""The sample catalog is real content about a fictional district: facts checked against law texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from onewindow.catalog.articles import cited_articles, cn_number, to_cn
from onewindow.catalog.loader import load_catalog
from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog


@pytest.fixture(scope="module")
def catalog(sample_catalog: Path) -> Catalog:
    sources, problems = load_catalog(sample_catalog)
    assert not [p for p in problems if p.is_error]
    return build_model(sources)


def test_sample_catalog_uses_a_division_code_and_area_code_no_district_has(catalog: Catalog) -> None:
    assert catalog.items and all(code.startswith("999901") for code in catalog.items)
    hotline = re.compile(r"^(12345|12315|12333|12366)$")
    for dept in catalog.departments.values():
        for phone in (dept.phone, dept.complaint_phone):
            assert phone.startswith("0000-") or hotline.match(phone), (dept.id, phone)


def test_test_catalogs_and_layers_use_division_codes_no_district_has() -> None:
    """GB/T 2260 province codes run 11–82: every fixture's 行政区划代码 starts with 99."""
    roots = Path(__file__).parent / "roots"
    layers = sorted(roots.rglob("layer.yml"))
    assert layers
    for layer in layers:
        code = re.search(r'^division_code: "?([0-9]+)"?', layer.read_text(encoding="utf-8"), re.M)
        assert code and code.group(1).startswith("99"), layer
        for implementation in (layer.parent / "implementations").glob("*.yml"):
            own = re.search(r'^implementation_code: "?([0-9A-Z]+)"?', implementation.read_text(encoding="utf-8"), re.M)
            assert own is None or own.group(1).startswith(code.group(1)), implementation


def test_social_organisation_registration_is_one_step_with_the_60_day_limit(catalog: Catalog) -> None:
    item = next(i for i in catalog.items.values() if i.name == "社会团体成立登记")
    assert not item.situations  # no 筹备 / 成立 stages since 国务院令第666号
    assert (item.time_limit.legal_days, item.time_limit.legal_unit) == (60, "日")
    assert item.time_limit.legal_text == "60 日"
    cited = {(r.law.id, a) for m in item.materials for r in m.basis for a in cited_articles(r.article)}
    assert ("social-organization-regulation", "第十一条") in cited
    law = catalog.laws["social-organization-regulation"]
    assert law.status == "已修订" and law.revised == "2016-02-06"
    assert "国务院令第666号" in law.revisions[-1].doc_number
    assert "60日" in next(r for r in item.legal_basis if r.article == "第十二条").gist


def test_drainage_permit_follows_the_2022_measures(catalog: Catalog) -> None:
    """住建部令第21号 as amended by 第56号 (2022): 15日 from acceptance (第六条), materials in 第七条."""
    item = catalog.items["999901003XK00101"]
    assert (item.time_limit.legal_days, item.time_limit.legal_unit) == (15, "日")
    law = catalog.laws["sewage-discharge-permit-measures"]
    assert law.revised == "2022-12-01" and law.revisions[-1].doc_number == "住房和城乡建设部令第56号"
    assert "15日" in law.articles["第六条"].gist
    cited = {a for m in item.materials for r in m.basis for a in cited_articles(r.article)
             if r.law.id == law.id}
    assert cited <= {"第二条", "第七条"} and "第七条" in cited


def test_drug_retail_time_limit_rests_on_the_2026_regulation_not_the_drug_law(catalog: Catalog) -> None:
    """药品管理法实施条例 as revised by 国务院令第828号 (in force 2026-05-15), 第四十二条: 20个工作日."""
    item = catalog.items["999901001XK00401"]
    assert (item.time_limit.legal_days, item.time_limit.legal_unit) == (20, "工作日")
    basis = {(r.law.id, r.article) for r in item.legal_basis}
    assert ("drug-administration-regulation", "第四十二条") in basis
    assert ("administrative-licensing-law", "第四十二条") not in basis  # its 二十日 yields to the regulation
    regulation = catalog.laws["drug-administration-regulation"]
    assert regulation.revised == "2026-01-16" and regulation.effective == "2026-05-15"
    assert regulation.revisions[-1].doc_number == "国务院令第828号"
    assert "20个工作日" in regulation.articles["第四十二条"].gist
    drug_law = catalog.laws["drug-administration-law"]
    assert "不规定申请材料和审批时限" in drug_law.articles["第五十二条"].gist


def test_waste_disposal_cites_its_row_of_the_412_decision(catalog: Catalog) -> None:
    """国务院令第412号 as revised in 2016: 附件目录 序号101 城市建筑垃圾处置核准."""
    item = catalog.items["999901003XK00201"]
    cited = {r.article for r in item.legal_basis if r.law.id == "state-council-licensing-decision-412"}
    assert cited == {"附件第101项"}
    decision = catalog.laws["state-council-licensing-decision-412"]
    assert decision.status == "已修订" and decision.revised == "2016-08-25"


def test_tobacco_conditions_cite_the_regulation_and_the_minors_law(catalog: Catalog) -> None:
    item = next(i for i in catalog.items.values() if i.name.startswith("烟草专卖零售许可证"))
    laws = {r.law.id for c in item.conditions for r in c.basis}
    assert {"tobacco-monopoly-regulation", "minors-protection-law", "tobacco-licence-measures"} <= laws
    assert "tobacco-monopoly-law" not in laws  # 第十六条 only names the issuing authority
    assert any("与住所相独立" in c.text for c in item.conditions)
    assert "延长10日" in item.time_limit.note and item.time_limit.legal_unit == "日"


def test_register_records_the_laws_the_audit_found_missing(catalog: Catalog) -> None:
    for key in ("tobacco-monopoly-regulation", "minors-protection-law", "real-estate-records-query-measures",
                "state-council-licensing-decision-412", "restaurant-hygiene-licence-decision",
                "drug-business-supervision-measures"):
        assert key in catalog.laws
    food_safety = catalog.laws["food-safety-law"]
    assert food_safety.revised == "2025-09-12" and food_safety.revisions[-1].effective == "2025-12-01"
    assert len(catalog.laws["employment-service-rules"].revisions) == 4
    bundle = catalog.bundles["open-restaurant"]
    assert [r.law.doc_number for r in bundle.basis] == ["国发〔2016〕12号"]


def test_every_licence_states_quantity_refusal_and_remedy(catalog: Catalog) -> None:
    for item in catalog.items.values():
        if item.type == "行政许可":
            assert item.quantity_limit and item.not_granted and item.remedy, item.code
            assert "60日" in item.remedy.review_deadline and "6个月" in item.remedy.litigation_deadline


def test_every_licence_states_its_scope_and_shows_a_sample_of_its_certificate(catalog: Catalog) -> None:
    for item in catalog.items.values():
        if item.type == "行政许可":
            assert item.scope, item.code
            for output in item.outputs:
                if output.type == "证照":
                    image = catalog.root / output.sample
                    assert output.sample and image.is_file(), (item.code, output.name)
                    svg = image.read_text(encoding="utf-8")
                    # marked as a sample, of this licence, issued by this item's department
                    assert "样 本" in svg and output.name in svg and item.department.name in svg, output.name


def test_items_with_their_own_hours_or_phone_keep_them(catalog: Catalog) -> None:
    query = catalog.items["999901007GG00201"]
    assert query.hours != query.department.hours and "自助查询机" in query.hours
    assert query.enquiry_phone == "0000-87015910" != query.department.phone
    assert query.complaint_phone == query.department.complaint_phone  # not given: the department's


def test_sample_catalog_checks_clean(sample_catalog: Path) -> None:
    assert check_catalog(sample_catalog).problems == []


@pytest.mark.parametrize(("text", "expected"), [
    ("第二十五条、第二十六条", ["第二十五条", "第二十六条"]),
    ("第二十五、二十六条", ["第二十五条", "第二十六条"]),
    ("第十条至第十二条", ["第十条", "第十一条", "第十二条"]),
    ("第十二条第一款第（二）项", ["第十二条"]),
    ("第二十条之一", ["第二十条之一"]),
    ("第一百零三条", ["第一百零三条"]),
    ("第9条", ["第九条"]),
    ("一、", ["一、"]),
    ("附件", []),
])
def test_cited_articles(text: str, expected: list[str]) -> None:
    assert cited_articles(text) == expected


@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 25, 99, 100, 101, 110, 119, 120, 999])
def test_chinese_numerals_round_trip(n: int) -> None:
    assert cn_number(to_cn(n)) == n
