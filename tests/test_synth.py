"""The synthetic catalog generator: valid, deterministic, shaped like a real item list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from onewindow.bench import synth_data as V
from onewindow.bench.synth import chinese_number, generate, make_departments, to_yaml
from onewindow.check.catchall import find_catchall, find_catchall_condition
from onewindow.check.checker import check_catalog
from onewindow.check.rules.bundles import find_cycle
from onewindow.cli.main import main


def _items(catalog: Path) -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted((catalog / "items").rglob("*.yml"))]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "catalog"
    result = CliRunner().invoke(main, ["bench", "generate", "--items", "50", "--departments", "5", "--seed", "4",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert "50 个事项" in result.output
    return out


def test_generated_catalog_passes_check_without_any_problem(catalog: Path) -> None:
    result = check_catalog(catalog)
    assert [str(p) for p in result.problems] == []
    assert len(result.sources.of_kind("item")) == 50
    assert len(result.sources.of_kind("department")) == 5


def test_codes_unique_and_file_names_match(catalog: Path) -> None:
    items = _items(catalog)
    codes = [data["code"] for _, data in items]
    assert len(codes) == len(set(codes)) == 50
    for path, data in items:
        assert path.stem == data["code"]
        assert path.parent.name == data["department"]
        assert (catalog / "departments" / f"{data['department']}.yml").is_file()
    # Codes are quoted in the file so no YAML reader turns them into numbers.
    text = items[0][0].read_text(encoding="utf-8")
    assert f'code: "{items[0][1]["code"]}"' in text
    assert 'effective: "' in text


def test_items_carry_the_features_renderers_and_rules_need(catalog: Path) -> None:
    items = [data for _, data in _items(catalog)]
    materials = [m for item in items for m in item["materials"]]
    assert all(4 <= len(item["materials"]) <= 12 for item in items)
    assert any(m.get("required") is False and m.get("condition") for m in materials)
    assert any(m.get("role") == "容缺" and m.get("supply_days") for m in materials)
    assert all(any(m.get("ref") in V.SHARED_REFS and m["source"] == "数据共享获取" for m in item["materials"])
               for item in items)
    assert any(m.get("review_points") for m in materials)
    samples = [m["sample"] for m in materials if "sample" in m]
    assert samples and all(s["callouts"] for s in samples)
    for sample in samples:
        svg = ET.parse(catalog / sample["image"]).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    licences = [i for i in items if i["type"] == "行政许可"]
    assert licences
    for item in licences:
        assert {"受理", "审查", "决定", "送达"} <= {s["stage"] for s in item["process"]}
        assert item["faq"]
    for item in items:
        limit = item["time_limit"]
        if not limit["on_the_spot"]:
            assert limit["committed_days"] <= limit["legal_days"]
        if item["visits"]:
            assert item["visit_reason"]


def test_bundles_have_acyclic_prerequisites_over_real_items(catalog: Path) -> None:
    codes = {data["code"] for _, data in _items(catalog)}
    bundles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((catalog / "bundles").glob("*.yml"))]
    assert bundles
    assert any(m.get("after") for b in bundles for m in b["items"])
    for bundle in bundles:
        graph = {m["code"]: m.get("after", []) for m in bundle["items"]}
        assert set(graph) <= codes
        assert find_cycle(graph) is None


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path) -> None:
    def snapshot(out: Path) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    generate(tmp_path / "a", 30, 4, seed=9)
    generate(tmp_path / "b", 30, 4, seed=9)
    generate(tmp_path / "c", 30, 4, seed=10)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


def test_more_departments_than_kinds_spread_over_districts(tmp_path: Path) -> None:
    depts = make_departments(40)
    assert len({d.id for d in depts}) == 40
    assert len({d.name for d in depts}) == 40
    summary = generate(tmp_path / "cat", 80, 40, bundles=3, seed=2)
    assert (summary.items, summary.departments, summary.bundles) == (80, 40, 3)
    result = check_catalog(tmp_path / "cat")
    assert [str(p) for p in result.problems] == []


def test_vocabulary_contains_no_catchall_wording() -> None:
    names = [n for spec in V.DEPARTMENTS for n in spec.materials] + [n for _, n in V.GENERAL_MATERIALS]
    names += [v[0] for v in V.REGISTER_MATERIALS.values()]
    assert [n for n in names if find_catchall(n)] == []
    conditions = [c for spec in V.DEPARTMENTS for c in spec.conditions]
    assert [c for c in conditions if find_catchall_condition(c)] == []


def test_emitter_round_trips_awkward_strings() -> None:
    data = {"code": "999901000000", "date": "2024-01-01", "word": "yes", "zero": "010", "colon": "甲: 乙",
            "hash": "a #b", "quote": '他说"好"', "newline": "一\n二", "space": " 前后 ", "slug": "id-card",
            "cjk": "食品经营许可（新办）", "empty": [], "nested": [{"a": 1, "b": [True, False]}, {"c": 1.5}]}
    assert yaml.safe_load(to_yaml(data, "# header")) == data
    assert "cjk: 食品经营许可（新办）" in to_yaml(data)


def test_article_numbers_read_like_statutes() -> None:
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35, 100, 105, 110, 120)] == [
        "一", "十", "十二", "二十", "三十五", "一百", "一百零五", "一百一十", "一百二十"]


def test_cli_refuses_a_non_empty_directory_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["bench", "generate", "--items", "5", "--departments", "2", str(tmp_path)])
    assert result.exit_code == 2  # a usage error, like every other
    assert "不是空目录" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "x"
    assert not (tmp_path / "items").exists()
