"""The province-shaped generator: base + districts (+ towns) that check clean, deterministically."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from onewindow.bench.province import generate_province
from onewindow.check.checker import check_catalog
from onewindow.errors import UsageError


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yml")):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_a_generated_province_checks_clean_and_has_the_promised_shape(tmp_path: Path) -> None:
    summary = generate_province(tmp_path / "p", base_items=30, districts=6, towns=2)
    root = tmp_path / "p"
    layers = sorted(p.parent.name for p in root.glob("districts/*/layer.yml"))
    assert summary.districts == 6 and summary.towns == 4  # districts 1 and 6 have two towns each
    assert len(layers) == 10
    towns = [yaml.safe_load((root / "districts" / n / "layer.yml").read_text(encoding="utf-8")) for n in layers]
    assert sum(t["level"] == "乡镇（街道）级" for t in towns) == 4
    assert all(t["parent"] in layers for t in towns if "parent" in t)
    assert summary.implementations == 6 * 30 + 4 * 10
    result = check_catalog(root)
    assert result.problems == []
    assert result.summary == {"layers": 10, "implementations": 220}
    # The local choices are really there: spared materials, zero-visit items, committed days.
    texts = [p.read_text(encoding="utf-8") for p in root.glob("districts/*/implementations/*.yml")]
    assert any("via: 数据共享" in t for t in texts) and any("via: 告知承诺" in t for t in texts)
    assert any("visits: 0" in t for t in texts) and any("tolerated" in t for t in texts)
    assert any("committed_days" in t for t in texts)


def test_a_broken_district_in_a_generated_province_is_found(tmp_path: Path) -> None:
    generate_province(tmp_path / "p", base_items=10, districts=2)
    impl = sorted((tmp_path / "p" / "districts" / "sf-jb" / "implementations").glob("*.yml"))[0]
    impl.write_text(impl.read_text(encoding="utf-8") + "visits: 9\n", encoding="utf-8")
    codes = {(p.code, p.file.rsplit("/", 1)[-1]) for p in check_catalog(tmp_path / "p").problems}
    assert ("OW303", impl.name) in codes or ("OW002", impl.name) in codes


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    generate_province(tmp_path / "a", 12, 3, towns=1)
    generate_province(tmp_path / "b", 12, 3, towns=1)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_the_generator_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x").write_text("", encoding="utf-8")
    with pytest.raises(UsageError):
        generate_province(tmp_path / "p", 5, 1)
