"""Article numbers in a citation: "第二十五条、第二十六条" -> ["第二十五条", "第二十六条"].

Citations are written the way Chinese legal texts write them, so one parser turns every
form the catalog uses into the register's keys (第X条): lists with 、/和/及, a shared 条
("第二十五、二十六条"), ranges ("第十条至第十二条") and sub-units ("第十二条第一款").
"""

from __future__ import annotations

import re

__all__ = ["cited_articles", "cn_number", "to_cn"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = "[一二两三四五六七八九十百零〇0-9]+"
# One group of numbers sharing the final 条: "第二十五条", "第二十五、二十六条", "第十条至第十二条".
_GROUP = re.compile(
    rf"第(?P<first>{_NUM})(?:条)?(?P<rest>(?:(?:、|，|,|和|及|至|到|-|—)第?{_NUM}条?)*)条(?P<sub>之[一二三四五六七八九十])?"
)
_REST = re.compile(rf"(?P<sep>、|，|,|和|及|至|到|-|—)第?(?P<n>{_NUM})")


def cn_number(text: str) -> int | None:
    """'二十五' -> 25, '一百零三' -> 103, '25' -> 25; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def to_cn(n: int) -> str:
    """25 -> '二十五', 10 -> '十', 103 -> '一百零三' (the form Chinese law texts use)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else ("一" + to_cn(rest) if rest < 20 else to_cn(rest)))
    return digits[n // 100] + "百" + tail


def _key(number: str, sub: str = "") -> str:
    value = cn_number(number)
    return f"第{to_cn(value) if value is not None else number}条{sub}"


_PART = re.compile("^([一二三四五六七八九十]+、)")


def cited_articles(citation: str) -> list[str]:
    """Every article a citation names, as register keys, in order, without repeats.

    Decisions and notices without articles are cited by part ("一、"), which is their key.
    """
    found: list[str] = []
    if part := _PART.match(citation.strip()):
        found.append(part.group(1))
    for m in _GROUP.finditer(citation):
        numbers = [m.group("first")]
        previous = cn_number(m.group("first"))
        for part in _REST.finditer(m.group("rest")):
            value = cn_number(part.group("n"))
            if part.group("sep") in "至到-—" and previous is not None and value is not None and value - previous <= 50:
                numbers.extend(to_cn(k) for k in range(previous + 1, value))
            numbers.append(part.group("n"))
            previous = value
        sub = m.group("sub") or ""
        for i, number in enumerate(numbers):
            key = _key(number, sub if i == len(numbers) - 1 else "")
            if key not in found:
                found.append(key)
    return found
