"""Placeholders left in a record (OW225): `onewindow new` writes "待填写：…" where a value is needed.

A skeleton must not pass `check` until every placeholder is replaced, so that an unfinished
record can never be published by accident.
"""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index

MARKER = "待填写"
CODE = "OW225"




def _hint(text: str) -> str:
    """The words after "待填写：" say what belongs there: "待填写：材料准确名称" -> 材料准确名称."""
    _, found, what = text.partition(f"{MARKER}：")
    if found and what.strip():
        return f"删去“{MARKER}：”和后面的说明，写上{what.strip()}"
    return f"把“{MARKER}”替换为实际内容"


def placeholders_filled(index: Index) -> Iterator[Finding]:
    for record in index.sources.files:
        if not isinstance(record.data, dict):
            continue
        for path, text in index.texts(record):
            if MARKER in text:
                yield Finding(CODE, record.file, path, f"占位内容“{text}”还没有填写",
                              _hint(text))
