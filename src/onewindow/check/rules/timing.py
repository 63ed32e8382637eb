"""Time-limit rules: committed ≤ legal (OW207), complete limits (OW219), step days (OW223)."""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, as_dict, entries


def committed_within_legal(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        limit = as_dict(item.data.get("time_limit"))
        legal, committed = limit.get("legal_days"), limit.get("committed_days")
        calendar = limit.get("legal_unit") == "日"
        # A legal limit in calendar days (日) holds at most 5 working days in every 7.
        ceiling = legal * 5 // 7 if calendar and isinstance(legal, int) else legal
        if isinstance(ceiling, int) and isinstance(committed, int) and committed > ceiling:
            legal_text = f"{legal} 日（约 {ceiling} 个工作日）" if calendar else f"{legal} 个工作日"
            yield Finding("OW207", item.file, ("time_limit", "committed_days"),
                          f"承诺办结时限 {committed} 个工作日超过法定办结时限 {legal_text}",
                          "承诺时限只能压缩，不能超过法定时限")


def time_limits_complete(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        limit = as_dict(item.data.get("time_limit"))
        if limit.get("on_the_spot") is False:
            for key, label in (("legal_days", "法定办结时限"), ("committed_days", "承诺办结时限")):
                if key not in limit:
                    yield Finding("OW219", item.file, ("time_limit",), f"承诺件没有写{label}",
                                  f"添加 {key}（工作日）；当场办结的写 on_the_spot: true")
        elif limit.get("on_the_spot") is True and limit.get("committed_days", 0) not in (0, None):
            yield Finding("OW219", item.file, ("time_limit", "committed_days"),
                          "即办件当场办结，不应再写承诺天数", "删除 committed_days，或把 on_the_spot 改为 false")


def steps_fit_committed_time(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        committed = as_dict(item.data.get("time_limit")).get("committed_days")
        if not isinstance(committed, int):
            continue
        total = sum(step.get("days", 0) for _, step in entries(item.data, "process")
                    if isinstance(step.get("days"), int) and step.get("counted", True) is not False)
        if total > committed:
            yield Finding("OW223", item.file, ("process",),
                          f"各环节时限合计 {total} 个工作日，超过承诺办结时限 {committed} 个工作日",
                          "核对各环节天数；不计入时限的环节（检测、听证等）写 counted: false")
