"""Open data: catalog.json (resolved, deterministic) and schema.org JSON-LD in item pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from onewindow.build.pipeline import build
from onewindow.render.opendata import script_json

FOOD = "999901000000XK00101"


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory, project_root: Path):
    out = tmp_path_factory.mktemp("opendata")
    result, ctx = build(project_root / "tests/roots/site-mini", out / "build", out / "site", quiet=True)
    assert ctx is not None, result.errors
    return ctx


def test_catalog_json_is_published_with_every_item_resolved(mini) -> None:
    published = mini.site_dir / "catalog.json"
    assert published.read_bytes() == (mini.build_dir / "catalog.json").read_bytes()
    doc = json.loads(published.read_text(encoding="utf-8"))
    assert [i["code"] for i in doc["items"]] == sorted(p.stem for p in (mini.catalog_dir / "items").rglob("*.yml"))
    food = next(i for i in doc["items"] if i["code"] == FOOD)
    assert food["department"]["name"] == "示范市滨河区市场监督管理局"
    assert food["department"]["phone"] == "0000-87015301"
    assert food["window"]["location"] == "一楼A区9—12号窗口"
    assert food["legal_basis"][0]["law"]["title"] == "中华人民共和国食品安全法"
    assert food["legal_basis"][0]["article"] == "第三十五条"
    license_ = next(m for m in food["materials"] if m["id"] == "business-license")
    assert license_["name"] == "营业执照" and license_["form_text"] == "免提交（数据共享获取）"
    assert food["url"] == f"https://zwfw.example.gov.cn/guide/items/{FOOD}/"
    assert food["time_limit"]["committed_days"] == 7 and food["visits_label"] == "最多跑一次"
    member = doc["bundles"][0]["members"][1]
    assert {k: member[k] for k in ("code", "after", "situation", "note")} == {
        "code": FOOD, "after": ["999901000000QT00201"], "situation": "", "note": ""}
    # the bundle's derived facts, as page and PDF show them (onewindow.catalog.plan)
    first = doc["bundles"][0]["members"][0]
    assert (first["stage"], first["order_text"]) == (1, "可以最先办理")
    assert member["stage"] == 2 and member["order_text"] == "须先办结：" + first_name(doc, first["code"])
    assert doc["bundles"][0]["stages"][0] == [first["code"]]


def first_name(doc: dict, code: str) -> str:
    return next(i["name"] for i in doc["items"] if i["code"] == code)


def test_catalog_json_is_deterministic(mini, tmp_path: Path) -> None:
    text = (mini.site_dir / "catalog.json").read_text(encoding="utf-8")
    assert "食品经营许可" in text  # ensure_ascii=False: readable Chinese
    result, again = build(mini.catalog_dir, tmp_path / "build", tmp_path / "site", quiet=True)
    assert again is not None
    assert (again.site_dir / "catalog.json").read_text(encoding="utf-8") == text
    doc = json.loads(text)
    assert json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n" == text


def test_item_page_carries_government_service_json_ld(mini) -> None:
    html = (mini.site_dir / "items" / FOOD / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["identifier"] == FOOD and data["name"] == "食品经营许可（新办）"
    assert data["url"] == f"https://zwfw.example.gov.cn/guide/items/{FOOD}/"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "示范市滨河区市场监督管理局"
    assert data["availableChannel"]["servicePhone"]["telephone"] == "0000-87015301"
    assert data["availableChannel"]["serviceUrl"] == "https://zwfw.example.gov.cn/food"
    bundle_html = (mini.site_dir / "bundles" / "open-restaurant" / "index.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in bundle_html


def test_script_json_cannot_close_the_script_element() -> None:
    text = script_json({"name": "</script><script>alert(1)</script>", "a": "x & y\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "a": "x & y\u2028"}


def test_assembled_catalog_json_equals_one_dump_of_the_document(sample_catalog: Path) -> None:
    """catalog.json is assembled from cached per-item records; it must not differ by one byte."""
    from onewindow.catalog.model import build_model
    from onewindow.check.checker import check_catalog
    from onewindow.render.opendata import assemble, catalog_document, item_record

    catalog = build_model(check_catalog(sample_catalog).sources)
    ctx = "https://example.gov.cn/"
    texts = [json.dumps(item_record(i, ctx), ensure_ascii=False, sort_keys=True, indent=1)
             for i in catalog.items.values()]
    whole = json.dumps(catalog_document(catalog, ctx), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert assemble(catalog, ctx, texts) == whole
    assert assemble(catalog, ctx, []) == json.dumps(
        {**catalog_document(catalog, ctx), "items": []}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def test_catalog_json_carries_guide_elements_and_law_status(mini) -> None:
    doc = json.loads((mini.site_dir / "catalog.json").read_text(encoding="utf-8"))
    licences = [i for i in doc["items"] if i["type"] == "行政许可"]
    assert licences
    for item in licences:
        assert item["quantity_limit"] and item["not_granted"] and item["remedy"]["court"]
        assert item["time_limit"]["legal_unit"] in ("日", "工作日")
        ref = item["legal_basis"][0]
        assert set(ref) >= {"law", "article", "gist", "text"}
        assert set(ref["law"]) >= {"id", "title", "status", "revised"}


def test_catalog_json_publishes_scope_and_the_licence_sample_it_links(mini) -> None:
    """Every licence a 行政许可 item issues has a 证照样本 whose URL is a file the site publishes."""
    doc = json.loads((mini.site_dir / "catalog.json").read_text(encoding="utf-8"))
    licences = [i for i in doc["items"] if i["type"] == "行政许可"]
    for item in licences:
        assert item["scope"] in ("全国通办", "跨省通办", "全省通办", "全市通办", "全区通办", "不通办")
        for output in item["outputs"]:
            if output["type"] != "证照":
                continue
            assert output["sample"] and output["sample_url"].startswith(mini.site_url)
            published = mini.site_dir / output["sample_url"].removeprefix(mini.site_url)
            assert published.is_file() and published.read_bytes() == (mini.catalog_dir / output["sample"]).read_bytes()
