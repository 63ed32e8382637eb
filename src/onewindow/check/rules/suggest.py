"""What an unresolved reference most likely meant, for every kind of reference.

A reference is written as an identifier (a law id, a material id, a department id, an item
code, a situation id) or, for windows, as the window's name. Editors often type the Chinese
name instead of the identifier, or misspell either; both are answered with the value to
write. A reference to a record that exists but failed to load, or was deleted, is said to be
that: suggesting a different record there would send the editor the wrong way.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from onewindow.check.problems import Finding, Path

_PREFIXES = ("中华人民共和国",)


@dataclass(frozen=True)
class Choice:
    """One thing a reference may name: the value to write, and other ways people name it."""

    value: str
    aliases: tuple[str, ...] = ()
    label: str = ""  # shown beside a suggested value, e.g. a law's title


def _normal(text: str) -> str:
    text = "".join(text.split()).strip("《》〈〉\"'“”")
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    return text


def _shown(choice: Choice) -> str:
    return f"“{choice.value}”（{choice.label}）" if choice.label and choice.label != choice.value else f"“{choice.value}”"


def suggestion(value: str, choices: list[Choice], what: str) -> str:
    """The hint for an unresolved reference: the intended value, or what may be written."""
    wanted = _normal(value)
    for choice in choices:
        if wanted and any(_normal(alias) == wanted for alias in choice.aliases if alias):
            return f"这里写{what}的{_kind_of_value(choices)}“{choice.value}”，不写“{value}”"
    by_value = {c.value: c for c in choices}
    close = difflib.get_close_matches(value, list(by_value), n=1, cutoff=0.6)
    if close:
        return f"是不是想写{_shown(by_value[close[0]])}？"
    aliases = {_normal(a): c for c in choices for a in c.aliases if a}
    close = difflib.get_close_matches(wanted, list(aliases), n=1, cutoff=0.6)
    if close:
        return f"是不是想写{_shown(aliases[close[0]])}？"
    # A part of a long name ("市场监管" for 示范市滨河区市场监督管理局 is not close by ratio).
    within = {c.value: c for c in choices for a in c.aliases
              if len(wanted) >= 2 and a and _loosely_within(wanted, _normal(a))}
    if len(within) == 1:
        return f"是不是想写{_shown(next(iter(within.values())))}？"
    if choices:
        listed = "、".join(_shown(c) for c in sorted(choices, key=lambda c: c.value)[:20])
        more = " 等" if len(choices) > 20 else ""
        return f"可用的{what}：{listed}{more}"
    return f"先登记这个{what}"


def _loosely_within(part: str, whole: str) -> bool:
    """`part`'s characters appear in `whole` in order (市场监管 in 市场监督管理局)."""
    found = iter(whole)
    return all(ch in found for ch in part)


def _kind_of_value(choices: list[Choice]) -> str:
    # Windows are referenced by name, everything else by an identifier or code.
    sample = choices[0].value if choices else ""
    return "名称" if sample and not sample.isascii() else "标识"


def unresolved(code: str, file: str, path: Path, what: str, value: str, choices: list[Choice],
               missing: str = "", message: str = "") -> Finding:
    """A Finding for a reference that does not resolve. `missing` explains a record that
    exists but could not be read, or was deleted: then nothing else is suggested."""
    message = message or f"{what}“{value}”不存在"
    if missing:
        return Finding(code, file, path, f"{message}：{missing}",
                       "先处理那个文件的问题；这里的问题会随之消失" if "无法读取" in missing
                       else f"从这里删去对它的引用，或恢复这个{what}")
    return Finding(code, file, path, message, suggestion(value, choices, what))
