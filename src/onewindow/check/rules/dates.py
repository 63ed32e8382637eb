"""Dates are real calendar days in a plausible range, and a record is revised after it took effect.

The schema only sees the shape YYYY-MM-DD, so 2026-02-30 would pass it; and a date past 2106
cannot even be stored in the timestamps of the published files (gzip, ZIP).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from onewindow.check.problems import Finding, Path
from onewindow.check.rules.index import Index

_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
FIRST_YEAR, LAST_YEAR = 1949, 2099  # laws in force date from 1949 on; guides plan years ahead, not decades


def _day(text: Any) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text) if isinstance(text, str) and _SHAPE.match(text) else None
    except ValueError:
        return None
    return day if day and FIRST_YEAR <= day.year <= LAST_YEAR else None


def dates_are_real(index: Index) -> Iterator[Finding]:
    for record in index.sources.files:
        if not isinstance(record.data, dict):
            continue
        for path, text in index.texts(record):
            if not _SHAPE.match(text):
                continue
            try:
                day = datetime.date.fromisoformat(text)
            except ValueError:
                yield Finding("OW105", record.file, path, f"日期“{text}”不存在（没有这一天）",
                              "核对年、月、日，例如 2 月最多 29 天，4、6、9、11 月只有 30 天")
                continue
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                yield Finding("OW105", record.file, path, f"日期“{text}”的年份不合理",
                              f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间，检查是否多写或少写了数字")


def revised_after_effective(index: Index) -> Iterator[Finding]:
    """A guide (item, bundle) is revised after it took effect. Not laws: there `revised` is the
    day a revision was adopted, which usually precedes the day it takes effect."""
    for record in index.sources.files:
        if record.kind in ("item", "bundle"):
            found: list[Finding] = []
            _revised_pairs(record.file, record.data, (), found)
            yield from found


def _revised_pairs(file: str, data: Any, path: Path, found: list[Finding]) -> None:
    """Depth first, in document order; only mappings and lists are entered (a record's texts
    and numbers are most of its nodes and hold no dates to compare)."""
    if isinstance(data, dict):
        if "revised" in data and "effective" in data:
            effective, revised = _day(data["effective"]), _day(data["revised"])
            if effective and revised and revised < effective:
                found.append(Finding("OW106", file, (*path, "revised"),
                                     f"修订日期 {revised} 早于生效日期 {effective}",
                                     "修订发生在生效之后：核对两个日期，是否写反了"))
        for key, value in data.items():
            if isinstance(value, dict | list):
                _revised_pairs(file, value, (*path, key), found)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, dict | list):
                _revised_pairs(file, value, (*path, i), found)
