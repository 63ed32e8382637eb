"""Front-desk PDFs read back: text, embedded fonts, QR codes, page breaks, reproducibility."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from onewindow.render import Output
from onewindow.render.pdf.checklist import materials_table, write_checklist
from onewindow.render.pdf.parts import Checkbox
from onewindow.render.pdf.styles import get_styles
from onewindow.render.pdfs import Pdfs
from pdf_helpers import (
    all_text,
    decode_qr,
    fonts,
    page_texts,
    rasterise,
    save_preview,
    squash,
    unembedded_fonts,
)

ROOTS = Path(__file__).parent / "roots"
SITE = "https://zwfw.example.gov.cn/guide/"
FOOD = "999901000000XK00101"
HYGIENE = "999901000000XK00201"
LONG = "999901000000XK00199"


def load(catalog_dir: Path) -> Catalog:
    result = check_catalog(catalog_dir)
    assert result.ok, "\n".join(map(str, result.errors))
    return build_model(result.sources)


def render_into(catalog_dir: Path, out: Path) -> tuple[Catalog, Output, list[Path]]:
    """The real path of the pdfs target: YAML → check → model → render(catalog, ctx)."""
    catalog = load(catalog_dir)
    ctx = Output.fresh(out / "build", out / "site", SITE)
    return catalog, ctx, Pdfs().render(catalog, ctx)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Output, list[Path]]:
    return render_into(ROOTS / "pdf-desk", tmp_path_factory.mktemp("pdf-desk"))


@pytest.fixture(scope="module")
def long_checklist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Path]:
    catalog, ctx, _ = render_into(ROOTS / "pdf-long", tmp_path_factory.mktemp("pdf-long"))
    return catalog, ctx.build_dir / "checklists" / f"{LONG}.pdf"


def test_target_writes_every_document(desk) -> None:
    catalog, ctx, written = desk
    expected = {f"checklists/{code}.pdf" for code in catalog.items}
    expected |= {"checklists/bundle-open-shop.pdf", "posters/department-scjg.pdf", "posters/department-wsjk.pdf",
                 "posters/window-market-regulation.pdf", "posters/window-business-permits.pdf"}
    assert {p.relative_to(ctx.build_dir).as_posix() for p in written} == expected
    assert all(p.read_bytes().startswith(b"%PDF-") for p in written)
    assert Pdfs.name == "pdfs" and Pdfs().size(catalog) == len(expected) + len(catalog.windows) - 2


@pytest.mark.parametrize("code", [FOOD, HYGIENE])
def test_checklist_has_header_and_every_material(desk, code: str) -> None:
    catalog, ctx, _ = desk
    item = catalog.items[code]
    text = all_text(ctx.build_dir / "checklists" / f"{code}.pdf")
    for expected in (item.name, item.code, item.department.name, item.window.name, "2024年"):
        assert squash(expected) in text
    for material in item.materials:
        assert squash(material.name) in text, material.name
    for column in ("收到", "材料名称", "形式及份数", "载体", "主件/容缺", "提交情形", "审查要点"):
        assert column in text
    for receipt in ("受理人（签字）", "申请人（签字）", "受理日期"):
        assert receipt in text


def test_checklist_columns_carry_the_material_facts(desk) -> None:
    catalog, ctx, _ = desk
    text = all_text(ctx.build_dir / "checklists" / f"{FOOD}.pdf")
    assert "复印件1份" in text  # form and copies of the lease
    assert "受理后5个工作日内补齐" in text  # 容缺 with its deadline
    assert "需要时提交：委托他人办理的" in text  # conditional material
    assert "适用情形：连锁门店新办" in text  # situation names, not ids
    assert "法定20个工作日，承诺5个工作日" in text
    assert "1次（最多跑一次）" in text
    assert "人证比对一致，证件在有效期内" in text  # clerk's review point


def test_shared_material_is_fetched_not_ticked(desk) -> None:
    catalog, ctx, _ = desk
    item = catalog.items[FOOD]
    text = all_text(ctx.build_dir / "checklists" / f"{FOOD}.pdf")
    assert re.search(r"营业执照来源：数据共享获取免提交（窗口调取）", text)
    table = materials_table(get_styles(), item)
    ticks = [any(isinstance(f, Checkbox) for f in (row[0] if isinstance(row[0], tuple | list) else [row[0]]))
             for row in table._cellvalues[1:]]
    assert ticks == [not m.shared for m in item.materials]
    assert ticks.count(False) == 1


def test_hostile_text_is_printed_literally(desk) -> None:
    _, ctx, _ = desk
    text = all_text(ctx.build_dir / "checklists" / f"{HYGIENE}.pdf")
    assert "<script>alert(1)</script>" in text
    assert squash('<font color="red">完整</font> & 加盖公章') in text
    assert squash('<a href="javascript:alert(1)">点此</a>') in text
    assert squash("<b>& 检测机构资质</b>") in text


def test_every_font_is_the_embedded_cjk_font(desk) -> None:
    _, _, written = desk
    for pdf in written:
        assert unembedded_fonts(pdf) == [], pdf
        names = {str(f.get("/BaseFont")) for f in fonts(pdf)}
        assert names and all("WenQuanYi" in n for n in names), (pdf, names)


def test_checklist_qr_decodes_to_item_page(desk, tmp_path: Path) -> None:
    catalog, ctx, _ = desk
    png = rasterise(ctx.build_dir / "checklists" / f"{FOOD}.pdf", tmp_path)
    assert decode_qr(png) == [ctx.page_url(catalog.items[FOOD].url_path)]
    assert decode_qr(png) == [f"{SITE}items/{FOOD}/"]
    save_preview(png, "checklist")
    hostile = rasterise(ctx.build_dir / "checklists" / f"{HYGIENE}.pdf", tmp_path)
    save_preview(hostile, "checklist-hostile-text")


def test_short_checklist_fits_one_page(desk) -> None:
    _, ctx, _ = desk
    texts = page_texts(ctx.build_dir / "checklists" / f"{FOOD}.pdf")
    assert len(texts) == 1
    assert "第 1 页 共 1 页" in texts[0]


def test_long_checklist_repeats_header_and_numbers_pages(long_checklist) -> None:
    catalog, pdf = long_checklist
    item = catalog.items[LONG]
    assert len(item.materials) == 60
    texts = page_texts(pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in text
        assert (f"{item.name}（{LONG}）收件清单（续）" in text) == (number > 1)
        flat = squash(text)
        assert "收到材料名称形式及份数载体主件/容缺提交情形审查要点" in flat, f"header row missing on page {number}"
    # Every material is on exactly one page, whole: rows break between materials, not inside them.
    pages = [squash(t) for t in texts]
    for material in item.materials:
        holding = [i for i, page in enumerate(pages) if squash(material.name) in page]
        assert len(holding) == 1, (material.name, holding)
    first = [int(n) for n in re.findall(r"(?:^|[^\d])(\d{1,2})\.第\d+台", pages[-1])]
    assert first and first[-1] == 60


def test_long_checklist_qr_and_preview(long_checklist, tmp_path: Path) -> None:
    _, pdf = long_checklist
    png = rasterise(pdf, tmp_path)
    assert decode_qr(png) == [f"{SITE}items/{LONG}/"]
    save_preview(png, "checklist-long-page1")
    save_preview(rasterise(pdf, tmp_path, page=2), "checklist-long-page2")


def test_oversized_material_row_breaks_instead_of_crashing(tmp_path: Path) -> None:
    item = load(ROOTS / "pdf-desk").items[FOOD]
    huge = dataclasses.replace(item.materials[0], review_points=("核对每一页的签字和日期。" * 200,))
    item = dataclasses.replace(item, materials=(huge, *item.materials[1:]))
    pdf = write_checklist(item, f"{SITE}{item.url_path}", tmp_path / "huge.pdf")
    texts = page_texts(pdf)
    assert len(texts) >= 3
    assert all(squash(m.name) in all_text(pdf) for m in item.materials)


def test_bundle_lists_common_materials_once(desk, tmp_path: Path) -> None:
    catalog, ctx, _ = desk
    bundle = catalog.bundles["open-shop"]
    common = bundle.plan.common
    # same register ref (身份证, 营业执照, 租赁合同) or same name up to whitespace (健康证明)
    assert [c.material.name for c in common] == ["营业执照", "居民身份证", "房屋租赁合同", "从业人员健康证明"]
    assert all([u.item.code for u in c.uses] == [FOOD, HYGIENE] for c in common)
    own = {m.item.code: [mat.id for mat in m.materials] for m in bundle.plan.members}
    # the bundle uses the food item's "new" situation: the chain-store material is left out
    assert own == {FOOD: ["application-form", "premises-plan", "safety-rules", "power-of-attorney"],
                   HYGIENE: ["application-form", "hygiene-report"]}

    pdf = ctx.build_dir / "checklists" / "bundle-open-shop.pdf"
    text = all_text(pdf)
    assert text.count("居民身份证") == 1
    assert text.count("房屋租赁合同") == 1
    common_part = text[text.index("一、共用材料"):text.index("二、各事项专用材料")]
    for name in ("营业执照", "居民身份证", "房屋租赁合同", "从业人员健康证明"):
        assert name in common_part
    assert common_part.count(squash(f"事项1 {catalog.items[FOOD].name}")) == 4
    own_part = text[text.index("二、各事项专用材料"):]
    for code, ids in own.items():
        for material_id in ids:
            assert squash(catalog.items[code].material(material_id).name) in own_part
    assert "连锁总部出具的统一配送证明" not in text
    assert squash(bundle.name) in text
    png = rasterise(pdf, tmp_path)
    assert decode_qr(png) == [f"{SITE}bundles/open-shop/"]
    save_preview(png, "bundle-checklist")


def test_posters_hold_every_item_with_a_decodable_code(desk, tmp_path: Path) -> None:
    catalog, ctx, _ = desk
    for dept in catalog.departments.values():
        pdf = ctx.build_dir / "posters" / f"department-{dept.id}.pdf"
        text = all_text(pdf)
        items = catalog.items_of_department(dept.id)
        assert squash(dept.name) in text
        for item in items:
            assert squash(item.name) in text and item.code in text
        png = rasterise(pdf, tmp_path)
        assert sorted(decode_qr(png)) == sorted(f"{SITE}items/{i.code}/" for i in items)
        save_preview(png, f"poster-department-{dept.id}")
    for window in catalog.windows.values():
        text = all_text(ctx.build_dir / "posters" / f"window-{window.id}.pdf")
        assert squash(window.name) in text
        assert all(squash(i.name) in text for i in catalog.items_of_window(window.name))


def test_poster_grid_flows_over_pages(tmp_path: Path) -> None:
    """A department with more items than one sheet holds at a readable size: every code on every page decodes."""
    from onewindow.render.pdf.poster import PosterEntry, department_poster, write_poster

    dept = load(ROOTS / "pdf-desk").departments["scjg"]
    entries = tuple(PosterEntry(f"示范事项第{n}号（变更登记）", f"9999010000XK{n:05d}", f"{SITE}items/9999010000XK{n:05d}/")
                    for n in range(1, 31))
    pdf = write_poster(department_poster(dept, entries), tmp_path / "many.pdf")
    texts = page_texts(pdf)
    assert len(texts) >= 2
    decoded = [url for page in range(1, len(texts) + 1) for url in decode_qr(rasterise(pdf, tmp_path, page=page))]
    assert sorted(decoded) == sorted(e.url for e in entries)


@pytest.mark.parametrize("count", [1, 2, 5, 7, 10, 12])
def test_poster_fills_one_a4_sheet(tmp_path: Path, count: int) -> None:
    """Up to a sheet's worth of codes: one page, codes as large as the sheet allows, the grid reaching
    the foot of the page instead of leaving its lower half empty."""
    import zxingcpp
    from PIL import Image

    from onewindow.render.pdf.poster import MIN_QR, PosterEntry, window_poster, write_poster

    window = load(ROOTS / "pdf-desk").windows["市场监管"]
    entries = tuple(PosterEntry(f"设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批{n}", f"9999010000XK{n:05d}",
                                f"{SITE}items/9999010000XK{n:05d}/") for n in range(count))
    pdf = write_poster(window_poster(window, entries), tmp_path / "poster.pdf")
    assert len(page_texts(pdf)) == 1
    png = rasterise(pdf, tmp_path, dpi=100)
    with Image.open(png) as image:
        found = [r for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]
        height = image.height
    assert sorted(r.text for r in found) == sorted(e.url for e in entries)
    px_per_mm = 100 / 25.4
    sides = [(r.position.bottom_left.y - r.position.top_left.y) / px_per_mm for r in found]
    assert min(sides) >= MIN_QR / 2.8346 * 0.75  # the decoder's box excludes the quiet zone
    lowest = max(r.position.bottom_left.y for r in found)
    assert lowest > height * 0.6, "the grid leaves the lower part of the sheet empty"


def test_window_poster_lists_its_bundles(desk, tmp_path: Path) -> None:
    catalog, ctx, _ = desk
    for window in catalog.windows.values():
        items = catalog.items_of_window(window.name)
        bundles = [b for b in catalog.bundles.values() if any(m.item in items for m in b.members)]
        pdf = ctx.build_dir / "posters" / f"window-{window.id}.pdf"
        assert pdf.exists() == bool(items)
        if not items:
            continue
        text = all_text(pdf)
        for bundle in bundles:
            assert squash(f"一件事：{bundle.name}") in text
        decoded = decode_qr(rasterise(pdf, tmp_path))
        assert sorted(decoded) == sorted([f"{SITE}{i.url_path}" for i in items] + [f"{SITE}{b.url_path}" for b in bundles])


def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    _, first, written = render_into(ROOTS / "pdf-desk", tmp_path / "a")
    _, second, _ = render_into(ROOTS / "pdf-desk", tmp_path / "b")
    for pdf in written:
        rel = pdf.relative_to(first.build_dir)
        assert (second.build_dir / rel).read_bytes() == pdf.read_bytes(), rel


@pytest.mark.slow
def test_sample_catalog_documents(built_sample, tmp_path: Path) -> None:
    """`onewindow build` of the sample catalog writes every checklist, bundle checklist and poster."""
    catalog = load(built_sample.catalog_dir)
    assert len(catalog.items) >= 16
    build = built_sample.build_dir
    for item in catalog.items.values():
        pdf = build / "checklists" / f"{item.code}.pdf"
        text = all_text(pdf)
        assert squash(item.name) in text
        for material in item.materials:
            assert squash(material.name) in text, (item.code, material.name)
        assert unembedded_fonts(pdf) == []
    for bundle in catalog.bundles.values():
        text = all_text(build / "checklists" / f"bundle-{bundle.id}.pdf")
        assert squash(bundle.name) in text
        assert all(squash(m.item.name) in text for m in bundle.members)
    for dept in catalog.departments.values():
        items = catalog.items_of_department(dept.id)
        poster = build / "posters" / f"department-{dept.id}.pdf"
        assert poster.exists() == bool(items)
        if items:
            text = all_text(poster)
            assert all(squash(i.name) in text for i in items)
    for window in catalog.windows.values():
        assert (build / "posters" / f"window-{window.id}.pdf").exists() == bool(catalog.items_of_window(window.name))
    first = next(iter(catalog.items.values()))
    png = rasterise(build / "checklists" / f"{first.code}.pdf", tmp_path)
    assert decode_qr(png) == [built_sample.page_url(first.url_path)]
    save_preview(png, "sample-checklist")
    biggest = max(catalog.departments.values(), key=lambda d: len(catalog.items_of_department(d.id)))
    png = rasterise(build / "posters" / f"department-{biggest.id}.pdf", tmp_path)
    assert sorted(decode_qr(png)) == sorted(built_sample.page_url(i.url_path)
                                            for i in catalog.items_of_department(biggest.id))
    save_preview(png, "sample-poster")


@pytest.mark.slow
def test_sample_restaurant_bundle(built_sample, tmp_path: Path) -> None:
    """我要开餐馆: documents several member items need are printed once, with the items using them."""
    bundle = load(built_sample.catalog_dir).bundles["open-restaurant"]
    common = bundle.plan.common
    assert common, "the restaurant bundle shares documents between its items"
    pdf = built_sample.build_dir / "checklists" / "bundle-open-restaurant.pdf"
    text = all_text(pdf)
    common_part = text[text.index("一、共用材料"):text.index("二、各事项专用材料")]
    for shared in common:
        # a material row reads "<n>. <name>" then "来源：…": exactly one such row in the whole document
        rows = re.findall(rf"(?<!\d)\d+\.{re.escape(squash(shared.material.name))}来源：", text)
        assert len(rows) == 1, (shared.material.name, rows)
        assert len({u.item.code for u in shared.uses}) >= 2
        for use in shared.uses:
            assert squash(f"事项{use.number} {use.item.name}") in common_part
    png = rasterise(pdf, tmp_path)
    assert decode_qr(png) == [built_sample.page_url(bundle.url_path)]
    save_preview(png, "sample-bundle-open-restaurant")


def test_checklist_tells_the_clerk_refusals_remedy_and_agency_services(desk) -> None:
    catalog, ctx, _ = desk
    text = all_text(ctx.build_dir / "checklists" / f"{HYGIENE}.pdf")
    for expected in ("不予许可的情形", "救济途径", "示范市滨河区人民政府",
                     "示范市滨河区人民法院", "中介服务", "公共场所卫生检测或者评价"):
        assert squash(expected) in text, expected


def test_checklist_names_the_scope_and_points_to_the_licence_sample(desk) -> None:
    _, ctx, _ = desk
    text = all_text(ctx.build_dir / "checklists" / f"{HYGIENE}.pdf")
    for expected in ("通办范围", "全区通办", "公共场所卫生许可证（证照样本见办事指南）"):
        assert squash(expected) in text, expected


def test_checklist_states_a_quantity_limit_and_own_hours_only_when_there_are_some(desk) -> None:
    import dataclasses

    from onewindow.render.pdf.checklist import optional_facts

    catalog, _, _ = desk
    item = catalog.items[HYGIENE]
    assert "数量限制" not in dict(optional_facts(item))  # 无数量限制 is the default, not printed
    limited = dataclasses.replace(item, quantity_limit="本区总量不超过10家", hours="周一至周五 9:00—12:00")
    facts = dict(optional_facts(limited))
    assert facts["数量限制"] == "本区总量不超过10家" and facts["办理时间"] == "周一至周五 9:00—12:00"
