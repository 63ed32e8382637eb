"""Semantic rules: what they must not flag, edge cases, robustness, and the code registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from casekit import MINIMAL
from onewindow.check.checker import check_catalog
from onewindow.check.codes import CODES
from onewindow.check.rules import RULES
from onewindow.check.rules.bundles import find_cycle

SRC = Path(__file__).resolve().parents[1] / "src" / "onewindow"
A = "items/scjg/999902000000XK00101.yml"
B = "items/scjg/999902000000XK00201.yml"
C = "items/wsjk/999902000000XK00301.yml"
BUNDLE = "bundles/open-restaurant.yml"


@pytest.fixture
def patched(copy_catalog) -> Callable[..., list[str]]:
    """Copy the minimal catalog, apply (file, old, new) edits, return the problem codes found."""

    def run(*edits: tuple[str, str, str]) -> list[str]:
        catalog = copy_catalog("minimal")
        for rel, old, new in edits:
            path = catalog / rel
            text = path.read_text(encoding="utf-8")
            assert text.count(old) == 1, (rel, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
        return [p.code for p in check_catalog(catalog).problems]

    return run


# --- find_cycle ----------------------------------------------------------------------------------


def test_find_cycle() -> None:
    assert find_cycle({"a": [], "b": ["a"], "c": ["a", "b"]}) is None
    assert find_cycle({"a": ["c"], "b": ["a"], "c": ["b"]}) == ["a", "c", "b", "a"]
    assert find_cycle({"a": ["a"]}) == ["a", "a"]
    assert find_cycle({"a": ["x"]}) is None  # unknown prerequisites are OW206's business


def test_self_prerequisite_is_a_cycle(patched) -> None:
    assert patched((BUNDLE, '    note: 先取得营业执照\n',
                    '    note: 先取得营业执照\n    after: ["999902000000XK00101"]\n')) == ["OW208"]


# --- what the rules must accept ------------------------------------------------------------------


@pytest.mark.parametrize("edits", [
    # committed days equal to legal days
    [(C, "  committed_days: 8", "  committed_days: 20")],
    # steps that do not count towards the time limit
    [(C, "  committed_days: 8", "  committed_days: 5"), (C, "    actor: 卫生监督员\n    days: 5\n",
                                                        "    actor: 卫生监督员\n    days: 5\n    counted: false\n")],
    # hotlines and bracketed area codes
    [("departments/scjg.yml", 'phone: "0000-87015301"', 'phone: "(0000)87015301"'),
     ("departments/scjg.yml", 'complaint_phone: "0000-87015399"', 'complaint_phone: "12345"')],
    # a public service needs neither the four licence stages nor an FAQ
    [(C, "type: 行政许可", "type: 公共服务"), (C, "  - stage: 送达\n    name: 发放卫生许可证\n    actor: 综合窗口\n    days: 1\n", ""),
     (C, "faq:\n  - q: 卫生许可证有效期多久？\n    a: 公共场所卫生许可证有效期四年。\n", "faq: []\n")],
    # an approval document (批文) is not a certificate
    [(C, "  - type: 证照\n    name: 公共场所卫生许可证", "  - type: 批文\n    name: 准予行政许可决定书")],
    # zero visits by mail only
    [(A, "  available: true\n  depth: Ⅳ级\n  url: https://www.zjzwfw.gov.cn/\n", "  available: false\n  mail: true\n")],
    # an on-the-spot item may write committed_days: 0
    [(A, "  legal_days: 3\n", "  legal_days: 3\n  committed_days: 0\n")],
    # a fee with its items and basis
    [(C, "fee:\n  charged: false\n", "fee:\n  charged: true\n  items:\n    - name: 工本费\n      standard: 每证10元\n"
                                     "      basis:\n        - law: public-places-hygiene-regulation\n          article: 第八条\n")],
    # materials named the way real guides name them, with the words 等 / 其他 / 相关 inside
    [(C, "    name: 公共场所卫生检测或者评价报告\n", "    name: 其他组织登记证书\n")],
    [(C, "    name: 公共场所卫生检测或者评价报告\n", "    name: 同等学力证明\n")],
])
def test_valid_variants_are_clean(patched, edits) -> None:
    assert patched(*edits) == []


def test_missing_laws_register_is_reported_once(patched, copy_catalog) -> None:
    catalog = copy_catalog("minimal")
    (catalog / "laws.yml").unlink()
    problems = check_catalog(catalog).problems
    assert [(p.code, p.file.rsplit("/", 1)[-1]) for p in problems] == [("OW206", "laws.yml")]


def test_missing_windows_register_does_not_flag_every_window(copy_catalog) -> None:
    catalog = copy_catalog("minimal")
    (catalog / "windows.yml").unlink()
    assert [p.code for p in check_catalog(catalog).problems] == ["OW206"]


def test_absolute_asset_path(patched) -> None:
    codes = patched((B, "    blank_form: assets/samples/food-application.svg",
                     "    blank_form: /etc/food-application.svg"))
    assert sorted(codes) == ["OW105", "OW220"]


def test_catchall_certificate_name(patched) -> None:
    assert patched((C, "    name: 公共场所卫生许可证\n", "    name: 相关证照\n")) == ["OW217"]


def test_same_phone_numbers_on_department(patched) -> None:
    assert patched(("departments/wsjk.yml", 'complaint_phone: "12345"', 'complaint_phone: "0000-87015402"')) == ["OW214"]


# --- robustness: malformed values reach the rules without crashing them ---------------------------

WRONG_VALUES = [None, 7, "文字", [], {}, [1, "x"], {"a": [None]}]
ITEM_FIELDS = ["code", "department", "window", "legal_basis", "situations", "conditions", "materials", "process",
               "time_limit", "fee", "visits", "online", "outputs", "faq", "contact", "effective"]
MATERIAL_FIELDS = ["id", "ref", "required", "condition", "role", "supply_days", "situations", "basis",
                   "blank_form", "sample", "source"]


def _rewrite(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
def test_rules_survive_wrong_types_in_items_and_materials(copy_catalog, value) -> None:
    """Every item field of one item and every material field of another get the same wrong value."""
    catalog = copy_catalog("minimal")

    def spoil_item(data: dict) -> None:
        for field in ITEM_FIELDS:
            data[field] = value

    def spoil_material(data: dict) -> None:
        for field in MATERIAL_FIELDS:
            data["materials"][2][field] = value

    _rewrite(catalog / B, spoil_item)
    _rewrite(catalog / A, spoil_material)
    problems = check_catalog(catalog).problems  # must not raise
    by_file = {p.file.split("catalog/", 1)[-1] for p in problems}
    assert B in by_file and A in by_file


@pytest.mark.parametrize("value", WRONG_VALUES)
def test_rules_survive_wrong_types_in_bundles_and_registers(copy_catalog, value) -> None:
    catalog = copy_catalog("minimal")
    _rewrite(catalog / BUNDLE, lambda d: d["items"][1].__setitem__("after", value))
    _rewrite(catalog / BUNDLE, lambda d: d.__setitem__("lead_department", value))
    _rewrite(catalog / "materials.yml", lambda d: d["materials"].__setitem__("business-license", value))
    _rewrite(catalog / "laws.yml", lambda d: d["laws"].__setitem__("food-safety-law", value))
    _rewrite(catalog / "windows.yml", lambda d: d["windows"].append(value))
    assert check_catalog(catalog).problems


# --- the code registry -----------------------------------------------------------------------------

CODE_LITERAL = re.compile(r"[\"'](OW\d{3})[\"']")


def _codes_in(*paths: Path) -> set[str]:
    return {m for p in paths for m in CODE_LITERAL.findall(p.read_text(encoding="utf-8"))}


def test_every_code_used_by_the_loader_schema_and_rules_is_registered() -> None:
    used = _codes_in(SRC / "catalog" / "loader.py", SRC / "catalog" / "schema.py",
                    *sorted((SRC / "check" / "rules").glob("*.py")))
    assert len(used) >= 30
    assert used <= set(CODES), sorted(used - set(CODES))


def test_every_registered_code_is_used_somewhere() -> None:
    used = _codes_in(*(p for p in sorted(SRC.rglob("*.py")) if p.name != "codes.py"))
    assert set(CODES) <= used | {"OW225"}, sorted(set(CODES) - used)


def test_registry_entries_are_complete() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"OW\d{3}", code) and entry.code == code
        assert re.search(r"[\u4e00-\u9fff]", entry.title) and re.search(r"[\u4e00-\u9fff]", entry.why)


def test_rules_are_listed_once() -> None:
    assert len(set(RULES)) == len(RULES)
    assert all(callable(rule) for rule in RULES)


def test_minimal_fixture_exists() -> None:
    assert (MINIMAL / A).is_file() and (MINIMAL / B).is_file() and (MINIMAL / C).is_file()


def test_missing_register_is_shown_like_other_files(copy_catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = copy_catalog("minimal")
    (catalog / "materials.yml").unlink()
    monkeypatch.chdir(catalog)
    [problem] = check_catalog(Path(".")).problems
    assert (problem.code, problem.file) == ("OW206", "materials.yml")


@pytest.mark.parametrize(("text", "quoted", "hint"), [
    ("容器上印有国务院卫生主管部门规定的生物危险标识", "国务院卫生主管部门规定", "GB 5749"),
    ("有2名以上相关专业中级以上职称的技术人员", "相关专业", "哪些专业"),
    ("无癫痫、精神病等可能危及行车安全的疾病病史", "等", "逐项列全"),
])
def test_open_ended_condition_is_located_and_the_hint_says_what_to_write(copy_catalog, text, quoted, hint) -> None:
    """OW202 names the file, line and field, quotes the open part and hints at the way to close it."""
    catalog = copy_catalog("minimal")
    path = catalog / "items/scjg/999902000000XK00201.yml"
    _rewrite(path, lambda data: data["conditions"][0].update(text=text))
    found = [p for p in check_catalog(catalog).problems if p.code == "OW202"]
    assert len(found) == 1, found
    problem = found[0]
    assert problem.file.endswith("items/scjg/999902000000XK00201.yml") and problem.line > 1
    assert problem.path == ("conditions", 0, "text") and quoted in problem.message and hint in problem.hint


def test_revised_before_effective_found_at_any_depth_in_document_order(tmp_path: Path) -> None:
    """The rule looks into every mapping of an item or bundle, however nested, and reports in
    document order; texts and numbers beside them are not entered."""
    from onewindow.catalog.loader import LoadedFile, Sources
    from onewindow.check.rules.dates import revised_after_effective
    from onewindow.check.rules.index import Index

    data = {
        "effective": "2024-01-01", "revised": "2023-01-01", "name": "某事项", "visits": 1,
        "situations": [
            {"id": "a", "notes": ["2020-01-01"], "steps": [{"effective": "2024-05-01", "revised": "2024-04-30"}]},
            {"id": "b", "effective": "2024-01-01", "revised": "2024-01-02"},
        ],
        "changes": [[{"effective": "2022-02-02", "revised": "2021-02-02"}]],
    }
    sources = Sources(tmp_path, [LoadedFile("items/x/1.yml", "item", data),
                                 LoadedFile("laws.yml", "laws", {"effective": "2024-01-01", "revised": "2020-01-01"})])
    found = [(f.file, f.path, f.message) for f in revised_after_effective(Index.build(sources))]
    assert found == [
        ("items/x/1.yml", ("revised",), "修订日期 2023-01-01 早于生效日期 2024-01-01"),
        ("items/x/1.yml", ("situations", 0, "steps", 0, "revised"), "修订日期 2024-04-30 早于生效日期 2024-05-01"),
        ("items/x/1.yml", ("changes", 0, 0, "revised"), "修订日期 2021-02-02 早于生效日期 2022-02-02"),
    ]


def test_shared_attachment_checked_once_reported_for_every_item(copy_catalog, monkeypatch) -> None:
    """Three items name the same sample SVG: when it is active content, each of them is told,
    at its own place; the file is parsed once per check, not once per item; and a second check
    parses it again (an edit between two checks is seen)."""
    from onewindow.check.rules import references

    catalog = copy_catalog("minimal")
    svg = catalog / "assets/samples/licence-sample.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<script>alert(1)</script></svg>"),
                   encoding="utf-8")
    parsed: list[Path] = []
    real = references.svg_danger
    monkeypatch.setattr(references, "svg_danger", lambda target: parsed.append(target) or real(target))
    for _ in range(2):
        found = sorted((Path(p.file).relative_to(catalog).as_posix(), p.path, p.message)
                       for p in check_catalog(catalog).problems if p.code == "OW220")
        assert [(file, path) for file, path, _ in found] == [
            (A, ("outputs", 0, "sample")), (B, ("outputs", 0, "sample")), (C, ("outputs", 0, "sample"))]
        assert {message for _, _, message in found} == {"SVG 附件“assets/samples/licence-sample.svg”含有不允许的元素 <script>，不能发布到网站"}
    assert sorted(p.name for p in parsed) == ["food-application.svg", "food-application.svg",
                                             "licence-sample.svg", "licence-sample.svg"]
