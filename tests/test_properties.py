"""Property-based hardening: generated YAML text and mutated catalogs thrown at load + check.

Whatever arrives, no exception escapes `check_catalog`, every Problem names a file and a
line ≥ 1, and a catalog that passes the check can always be turned into the model.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.catalog.model import build_model
from onewindow.check.checker import CheckResult, check_catalog

MINIMAL = Path(__file__).parent / "roots" / "minimal"
ITEM = "items/scjg/999902000000XK00101.yml"
RECORDS = [ITEM, "items/scjg/999902000000XK00201.yml", "departments/scjg.yml", "laws.yml",
           "materials.yml", "windows.yml", "bundles/open-restaurant.yml"]
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TRIED = {"yaml": 0, "catalogs": 0}


@contextmanager
def catalog_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "catalog"
        shutil.copytree(MINIMAL, dest)
        yield dest


def assert_well_formed(result: CheckResult) -> None:
    for problem in result.problems:
        assert problem.file, problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message, problem
    if result.ok:  # a catalog that passes must always build the model renderers consume
        build_model(result.sources)


def check_bytes(raw: bytes, rel: str = "departments/scjg.yml") -> CheckResult:
    with catalog_copy() as catalog:
        (catalog / rel).write_bytes(raw)
        result = check_catalog(catalog)
    assert_well_formed(result)
    return result


# --- generated YAML text -------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.sampled_from(["yes", "no", "on", "off", "010", "0x1F", "2024-01-01", "12:30", "999902000000",
                     "~", "null", ".inf", "<script>alert(1)</script>", "{{ 7*7 }}", "&a", "*a", "!!str"]),
)
keys = st.one_of(st.sampled_from(["id", "name", "code", "materials", "address", "laws", "items", "phone"]),
                 st.text(min_size=1, max_size=12))
trees = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                     st.dictionaries(keys, kids, max_size=4)),
                     max_leaves=25)
noise = st.lists(st.tuples(st.integers(0, 400), st.sampled_from(["\t", " ", "  ", "\n", ":", "- ", "#",
                                                                  "&x ", "*x", "!!python/object ",
                                                                  "[", "{", "'", '"', "---\n", "\ufeff"])),
                 max_size=6)


def with_noise(text: str, edits: list[tuple[int, str]]) -> str:
    for at, piece in edits:
        at = min(at, len(text))
        text = text[:at] + piece + text[at:]
    return text


@SETTINGS
@given(tree=trees, edits=noise)
def test_generated_yaml_documents(tree: Any, edits: list[tuple[int, str]]) -> None:
    TRIED["yaml"] += 1
    text = with_noise(yaml.safe_dump(tree, allow_unicode=True), edits)
    check_bytes(text.encode("utf-8"))


@SETTINGS
@given(raw=st.binary(max_size=600))
def test_random_bytes(raw: bytes) -> None:
    TRIED["yaml"] += 1
    check_bytes(raw, ITEM)


@SETTINGS
@given(text=st.text(max_size=300), prefix=st.sampled_from(["", "id: scjg\n", "code: x\nmaterials:\n  - "]))
def test_random_unicode(text: str, prefix: str) -> None:
    TRIED["yaml"] += 1
    check_bytes((prefix + text).encode("utf-8"), ITEM if "code" in prefix else "departments/scjg.yml")


# --- mutated catalogs ----------------------------------------------------------------------

BASE = {rel: yaml.safe_load((MINIMAL / rel).read_text(encoding="utf-8")) for rel in RECORDS}


def paths_in(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a node below `value` (not the root itself)."""
    found: list[tuple] = []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        found.append((*prefix, key))
        found.extend(paths_in(child, (*prefix, key)))
    return found


replacements = st.one_of(scalars, st.just([]), st.just({}), st.lists(st.text(max_size=5), max_size=3),
                         st.dictionaries(keys, scalars, max_size=3))
mutation = st.tuples(st.sampled_from(RECORDS), st.integers(0, 10_000),
                     st.sampled_from(["delete", "replace", "text", "duplicate"]), replacements)


def mutate(records: dict[str, Any], rel: str, pick: int, how: str, new: Any) -> None:
    paths = paths_in(records[rel])
    if not paths:
        return
    path = paths[pick % len(paths)]
    parent = records[rel]
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "replace":
        parent[last] = new
    elif how == "text":
        parent[last] = "<img src=x onerror=alert(1)>" if isinstance(parent[last], str) else str(parent[last])
    elif isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))  # duplicate ids, codes, steps


@SETTINGS
@given(mutations=st.lists(mutation, min_size=1, max_size=5), drop=st.sets(st.sampled_from(RECORDS), max_size=2))
def test_mutated_catalogs(mutations: list, drop: set[str]) -> None:
    TRIED["catalogs"] += 1
    records = copy.deepcopy(BASE)
    for rel, pick, how, new in mutations:
        mutate(records, rel, pick, how, new)
    with catalog_copy() as catalog:
        for rel, data in records.items():
            target = catalog / rel
            if rel in drop:
                target.unlink()
            else:
                target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = check_catalog(catalog)
    assert_well_formed(result)


def test_unmutated_base_is_valid() -> None:
    """The mutations start from a catalog that passes, so each problem comes from a mutation."""
    with catalog_copy() as catalog:
        for rel, data in BASE.items():
            (catalog / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = check_catalog(catalog)
    assert result.ok, result.errors
    print(f"\nproperty tests so far: {TRIED['yaml']} generated YAML files, {TRIED['catalogs']} mutated catalogs")
