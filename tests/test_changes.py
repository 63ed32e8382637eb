"""changes.diff_catalogs on two models built from real YAML, one field at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from onewindow.catalog.model import Catalog, build_model
from onewindow.check.checker import check_catalog
from onewindow.diff.changes import ADDED, CHANGED, REMOVED, Change, diff_catalogs, render_markdown

FOOD = "items/scjg/999901000000XK00101.yml"
HYGIENE = "items/wsjk/999901000000XK00201.yml"


def model(catalog_dir: Path) -> Catalog:
    result = check_catalog(catalog_dir)
    assert result.ok, [str(p) for p in result.errors]
    return build_model(result.sources)


@pytest.fixture
def variant(copy_catalog: Callable[[Path | str], Path]) -> Callable[[str, str, str], Catalog]:
    """Build the editing-diff catalog with one textual replacement in one file."""
    base_dir = copy_catalog("editing-diff")

    def make(rel: str, old: str, new: str) -> Catalog:
        path = base_dir / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        try:
            return model(base_dir)
        finally:
            path.write_text(text, encoding="utf-8")

    return make


@pytest.fixture
def base() -> Catalog:
    return model(Path(__file__).parent / "roots" / "editing-diff")


def only_item_changes(base: Catalog, head: Catalog) -> tuple[Change, ...]:
    diff = diff_catalogs(base, head)
    assert len(diff.items) == 1 and diff.items[0].status == CHANGED
    return diff.items[0].changes


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    copies: 1\n    medium: 纸质\n    source: 申请人自备\n    basis:\n      - law: food-business-licensing-measures\n"
     "        article: 第十三条\n  - id: business-license",
     "    copies: 2\n    medium: 纸质\n    source: 申请人自备\n    basis:\n      - law: food-business-licensing-measures\n"
     "        article: 第十三条\n  - id: business-license",
     Change(CHANGED, "申请材料", "食品经营许可申请书：形式和份数", "原件 1 份", "原件 2 份", worse=True)),
    ("    role: 容缺\n    supply_days: 5", "    role: 容缺\n    supply_days: 10",
     Change(CHANGED, "申请材料", "经营场所平面布局图：主件或容缺", "容缺（5 个工作日内补齐）", "容缺（10 个工作日内补齐）")),
    ("    role: 容缺\n    supply_days: 5\n", "",
     Change(CHANGED, "申请材料", "经营场所平面布局图：主件或容缺", "容缺（5 个工作日内补齐）", "主件", worse=True)),
    ("    name: 经营场所平面布局图\n", "    name: 经营场所平面布局图\n    required: false\n    condition: 新建场所的\n",
     Change(CHANGED, "申请材料", "经营场所平面布局图：是否必要", "必要", "情形必要：新建场所的")),
    ("name: 食品经营许可申请书", "name: 食品经营许可申请表",
     Change(CHANGED, "申请材料", "食品经营许可申请表：名称", "食品经营许可申请书", "食品经营许可申请表")),
    ("  - text: 具有与经营的食品品种、数量相适应的食品贮存场所", "  - text: 具有与经营的食品品种相适应的食品贮存场所",
     None),
    ("legal_days: 20", "legal_days: 15",
     Change(CHANGED, "办理时限", "法定办结时限", "20 个工作日", "15 个工作日")),
    ("fee:\n  charged: false",
     "fee:\n  charged: true\n  items:\n    - name: 工本费\n      standard: 每件10元\n      basis:\n"
     "        - law: food-safety-law\n          article: 第三十五条",
     Change(CHANGED, "收费", "收费标准", "不收费", "工本费：每件10元", worse=True)),
    ("    article: 第三十五条\nconditions", "    article: 第三十六条\nconditions", None),
    ("    name: 食品经营许可证", "    name: 食品经营许可证\n    validity: 5年", None),
])
def test_one_field_change(variant: Callable[[str, str, str], Catalog], base: Catalog, old: str, new: str,
                          expected: Change | None) -> None:
    changes = only_item_changes(base, variant(FOOD, old, new))
    if expected is not None:
        assert changes == (expected,)
    else:  # list fields compared by text: the old entry is removed, the new one added
        assert [c.action for c in changes] == [REMOVED, ADDED]
        assert changes[0].section == changes[1].section


def test_condition_and_basis_sections(variant: Callable[[str, str, str], Catalog], base: Catalog) -> None:
    changes = only_item_changes(base, variant(FOOD, "    article: 第三十五条\nconditions",
                                              "    article: 第三十六条\nconditions"))
    assert changes == (Change(REMOVED, "设定依据", "《中华人民共和国食品安全法》第三十五条"),
                       Change(ADDED, "设定依据", "《中华人民共和国食品安全法》第三十六条"))


def test_on_the_spot_item_reads_as_such(variant: Callable[[str, str, str], Catalog], base: Catalog) -> None:
    head = variant(HYGIENE, "  on_the_spot: false\n  legal_days: 20\n  committed_days: 10",
                   "  on_the_spot: true\n  legal_days: 20")
    changes = only_item_changes(base, head)
    assert Change(CHANGED, "办理时限", "承诺办结时限", "10 个工作日", "即办（当场办结）") in changes


def test_identical_catalogs_have_no_changes(base: Catalog) -> None:
    diff = diff_catalogs(base, base)
    assert diff.empty
    assert "两个版本之间，办事指南没有群众可见的变化。" in render_markdown(diff, "a", "b")


def test_markdown_escapes_table_cells(variant: Callable[[str, str, str], Catalog], base: Catalog) -> None:
    head = variant(FOOD, "name: 食品经营许可申请书", "name: 食品经营许可申请书|附页")
    text = render_markdown(diff_catalogs(base, head), "a", "b")
    assert "| 食品经营许可申请书\\|附页：名称 | 食品经营许可申请书 | 食品经营许可申请书\\|附页 |" in text


def test_skipped_files_are_not_added_or_removed(base: Catalog) -> None:
    head = Catalog(base.root, base.laws, base.departments, base.windows,
                   {c: i for c, i in base.items.items() if i.source_file != FOOD}, {})
    diff = diff_catalogs(base, head, skip_files=[FOOD, "bundles/open-shop.yml"])
    assert diff.items == ()
    assert diff.bundles == ()
    assert diff.skipped == ("bundles/open-shop.yml", FOOD)


def test_long_diff_lists_the_rest_by_name(variant: Callable[[str, str, str], Catalog], base: Catalog) -> None:
    head = variant(FOOD, "legal_days: 20", "legal_days: 15")
    head = Catalog(head.root, head.laws, head.departments, head.windows,
                   {**head.items, "999901000000XK00201": replace(
                       head.items["999901000000XK00201"], visits=3, visit_reason="需三次到场")}, head.bundles)
    diff = diff_catalogs(base, head)
    full = render_markdown(diff, "a", "b")
    assert "#### 公共场所卫生许可（新办）" in full and "另有" not in full
    first_table = full.index("#### 食品经营许可（新办）")
    second_table = full.index("#### 公共场所卫生许可（新办）")
    budget = second_table - first_table  # room for exactly one table
    short = render_markdown(diff, "a", "b", max_item_chars=budget)
    assert "#### 食品经营许可（新办）" in short
    assert "#### 公共场所卫生许可（新办）" not in short
    assert ("另有 1 个修改的事项因评论长度限制未列出明细：公共场所卫生许可（新办）（`999901000000XK00201`）。"
            "在本地运行 onewindow diff 可查看全部。") in short


def test_renamed_bundle(base: Catalog) -> None:
    bundle = base.bundles["open-shop"]
    head = Catalog(base.root, base.laws, base.departments, base.windows, base.items,
                   {"open-shop": replace(bundle, name="我要开便利店")})
    text = render_markdown(diff_catalogs(base, head), "a", "b")
    assert "- 我要开便利店（`open-shop`）：名称由“我要开小店”改为“我要开便利店”" in text
