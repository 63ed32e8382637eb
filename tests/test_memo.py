"""The check memo: a build re-checks only item files that changed, and says exactly what a full
check says."""

from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.check import streaming
from onewindow.check.checker import check_catalog
from onewindow.check.memo import memo_path

FOOD = "999902000000XK00201"


def _problems(result) -> list[tuple]:
    return sorted((p.code, p.file, p.line, p.column, p.message, p.hint, p.severity) for p in result.problems)


def _data(result) -> dict[str, object]:
    return {f.file: f.data for f in result.sources.files}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The item files the check actually loads and validates."""
    seen: list[Path] = []
    real = streaming.check_items

    def check_items(paths, keep_data=False):
        seen.extend(paths)
        return real(paths, keep_data)

    monkeypatch.setattr(streaming, "check_items", check_items)
    monkeypatch.setattr(streaming, "_check_items_kept", lambda paths: check_items(paths, keep_data=True))
    return seen


def test_an_edit_rechecks_only_its_file_and_agrees_with_a_full_check(copy_catalog, tmp_path: Path,
                                                                        counted: list[Path]) -> None:
    catalog = copy_catalog("minimal")
    memo = memo_path(tmp_path / "out" / "build")
    (tmp_path / "out").mkdir()
    first = check_catalog(catalog, memo_file=memo)
    assert memo.is_file() and len(counted) == 3
    counted.clear()
    record = next(catalog.glob(f"items/*/{FOOD}.yml"))
    # A catch-all material: an error located in the edited file.
    record.write_text(record.read_text(encoding="utf-8").replace("食品安全管理制度文本\n", "其他相关材料\n"),
                      encoding="utf-8")
    second = check_catalog(catalog, memo_file=memo)
    assert [p.name for p in counted] == [f"{FOOD}.yml"]
    plain = check_catalog(catalog)
    assert _problems(second) == _problems(plain) and any(p.code == "OW201" for p in second.problems)
    assert _data(second) == _data(plain)
    assert _problems(first) != _problems(second)
    counted.clear()
    third = check_catalog(catalog, memo_file=memo)  # nothing changed: nothing loaded, same answer
    assert counted == [] and _problems(third) == _problems(plain) and _data(third) == _data(plain)


def test_a_register_change_rechecks_every_item(copy_catalog, tmp_path: Path, counted: list[Path]) -> None:
    catalog = copy_catalog("minimal")
    memo = tmp_path / ".build.onewindow-check-memo.json"
    check_catalog(catalog, memo_file=memo)
    counted.clear()
    laws = catalog / "laws.yml"
    laws.write_text(laws.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    check_catalog(catalog, memo_file=memo)
    assert len(counted) == 3


@pytest.mark.parametrize("damage", ["{not json", '{"version": 2, "shared": 5}', "null", "",
                                    '{"version": 1, "shared": "x", "entries": {"a": {"digest": 1}}}',
                                    'HEAD\n["a", {"digest": 1}]\n', 'HEAD\n["a", {"digest": "x", "data": {}}\n',
                                    'HEAD\n["a", {"digest": "x", "data": {}, "problems": [{"code": 1}]}]\n'])
def test_a_damaged_memo_is_ignored(copy_catalog, tmp_path: Path, damage: str) -> None:
    catalog = copy_catalog("minimal")
    memo = tmp_path / ".build.onewindow-check-memo.json"
    if damage.startswith("HEAD"):  # a head for this very catalog, then a damaged entry
        check_catalog(catalog, memo_file=memo)
        damage = damage.replace("HEAD", memo.read_text(encoding="utf-8").splitlines()[0])
    memo.write_text(damage, encoding="utf-8")
    assert _problems(check_catalog(catalog, memo_file=memo)) == _problems(check_catalog(catalog))
    assert memo.read_text(encoding="utf-8").startswith('{"version": 2')


def test_a_forged_memo_for_other_shared_files_is_not_trusted(copy_catalog, tmp_path: Path) -> None:
    """A memo written for another catalog state hides nothing: its shared digest differs."""
    import json

    catalog = copy_catalog("minimal")
    memo = tmp_path / ".build.onewindow-check-memo.json"
    check_catalog(catalog, memo_file=memo)
    record = next(catalog.glob(f"items/*/{FOOD}.yml"))
    record.write_text(record.read_text(encoding="utf-8").replace("食品安全管理制度文本\n", "其他相关材料\n"),
                      encoding="utf-8")
    head, *entries = memo.read_text(encoding="utf-8").splitlines()
    raw = json.loads(head)
    raw["shared"] = "0" * 64
    memo.write_text("\n".join([json.dumps(raw), *entries]) + "\n", encoding="utf-8")
    assert any(p.code == "OW201" for p in check_catalog(catalog, memo_file=memo).problems)


def test_a_local_catalog_rechecks_only_the_edited_base_item(province: Path, tmp_path: Path,
                                                            counted: list[Path]) -> None:
    """A district build checks its base too; with the build's memo a base edit re-checks that one
    base item file, and the answer (problems located in the base file, merged data) equals a
    check without the memo."""
    from onewindow.check.layered import base_memo

    district = province / "districts" / "dongcheng"
    (tmp_path / "out").mkdir()
    memo = memo_path(tmp_path / "out" / "build")
    first = check_catalog(district, memo_file=memo)
    assert first.ok, [str(p) for p in first.errors]
    assert base_memo(memo).is_file() and len(counted) == 3
    counted.clear()
    record = next((province / "base").glob(f"items/*/{FOOD}.yml"))
    record.write_text(record.read_text(encoding="utf-8").replace("食品安全管理制度文本\n", "其他相关材料\n"),
                      encoding="utf-8")
    second = check_catalog(district, memo_file=memo)
    assert [p.name for p in counted] == [f"{FOOD}.yml"]
    plain = check_catalog(district)
    assert _problems(second) == _problems(plain)
    assert [Path(p.file).resolve() for p in second.problems if p.code == "OW201"] == [record.resolve()]
    assert _data(second) == _data(plain)
