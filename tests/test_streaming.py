"""The streaming check (check/streaming.py): what a build's check keeps of each item is the
record's data, exactly as a plain load reads it, in compact form."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from onewindow.catalog.loader import load_file
from onewindow.catalog.schema import quick_valid
from onewindow.check import streaming
from onewindow.check.checker import check_catalog


def _strings(value, seen: dict[str, list[int]]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            seen.setdefault(key, []).append(id(key))
            _strings(child, seen)
    elif isinstance(value, list):
        for child in value:
            _strings(child, seen)
    elif isinstance(value, str):
        seen.setdefault(value, []).append(id(value))


@pytest.mark.parametrize("jobs", [1, 2])
def test_kept_item_data_equals_a_plain_load_and_shares_equal_strings(sample_catalog: Path, monkeypatch, jobs) -> None:
    monkeypatch.setattr(streaming, "MIN_ITEMS_FOR_POOL", 1)  # the pool path too, on a small catalog
    monkeypatch.setattr("onewindow.build.parallel.workers", lambda: jobs)
    result = check_catalog(sample_catalog)
    items = [f for f in result.sources.files if f.kind == "item"]
    assert len(items) >= 16
    for kept in items:
        plain, _ = load_file(kept.fs_path, "item")
        assert quick_valid(plain)  # validated (and coerced) as the check does
        assert kept.data == plain.data and pickle.dumps(kept.data) != b""
        assert kept.raw_scalars == {}  # only validation reads them
    # Within one chunk, a field name or a shared text is one object however many records use it.
    seen: dict[str, list[int]] = {}
    for kept in items:
        _strings(kept.data, seen)
    assert len(seen["name"]) >= len(items) and len(set(seen["name"])) <= -(-len(items) // streaming.CHUNK)
    repeated = [ids for ids in seen.values() if len(ids) > 1]
    assert repeated and all(len(set(ids)) <= -(-len(items) // streaming.CHUNK) for ids in repeated)
