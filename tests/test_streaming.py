"""The streaming check (check/streaming.py): what a build's check keeps of each item is the
record's data, exactly as a plain load reads it, in compact form; items checked in worker
processes give exactly the problems of a check in one process, and the workers'
garbage-collector settings stay theirs."""

from __future__ import annotations

import gc
import os
import pickle
import re
from pathlib import Path

import pytest

from onewindow.bench.synth import generate
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


def _break(catalog: Path) -> None:
    """Schema, loader and rule problems in a few items, so workers must place them."""
    items = sorted((catalog / "items").rglob("*.yml"))
    text = items[3].read_text(encoding="utf-8")
    items[3].write_text(text.replace("visits: ", "visits: -", 1), encoding="utf-8")
    text = items[7].read_text(encoding="utf-8")
    items[7].write_text(text + "name: 重复\n", encoding="utf-8")
    text = items[11].read_text(encoding="utf-8")
    items[11].write_text(re.sub(r"(?m)^(    name: ).*$", r"\g<1>法律法规规定的其他材料", text, count=1), encoding="utf-8")
    items[12].write_text("code: [未闭合\n", encoding="utf-8")


@pytest.fixture
def broken_catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    generate(catalog, items=40, departments=3, bundles=2)
    _break(catalog)
    return catalog


def test_workers_find_what_one_process_finds(broken_catalog: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEWINDOW_JOBS", "1")
    alone = check_catalog(broken_catalog, keep_data=False).problems
    monkeypatch.setenv("ONEWINDOW_JOBS", "2")
    monkeypatch.setattr(streaming, "MIN_ITEMS_FOR_POOL", 1)
    monkeypatch.setattr(streaming, "CHUNK", 5)
    started = tmp_path / "workers"
    real = streaming._worker_gc

    def worker_start() -> None:  # runs in each worker: note its process id
        with started.open("a") as out:
            out.write(f"{os.getpid()} {gc.get_threshold()[0]}\n")
        real()

    monkeypatch.setattr(streaming, "_worker_gc", worker_start)
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    pooled = check_catalog(broken_catalog, keep_data=False).problems
    assert {p.code for p in alone} >= {"OW106", "OW002", "OW201", "OW001"}
    fields = [(p.code, p.message, p.file, p.line, p.column, p.path, p.hint) for p in alone]
    assert [(p.code, p.message, p.file, p.line, p.column, p.path, p.hint) for p in pooled] == fields
    workers = {line.split()[0] for line in started.read_text().splitlines()}
    assert len(workers) == 2 and str(os.getpid()) not in workers
    # what the workers set for themselves does not reach the process that started them
    assert (gc.get_threshold(), gc.get_freeze_count()) == (threshold, frozen)
