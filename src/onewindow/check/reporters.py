"""Print problems as text, JSON or GitHub Actions annotations. The only place that formats them."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from onewindow.check.codes import CODES, doc_anchor
from onewindow.check.problems import Problem
from onewindow.errors import printable


def text_line(problem: Problem) -> str:
    """One line per problem, whatever a file name or quoted value holds: control characters,
    escape sequences and line separators are shown as \\u escapes, never sent to the terminal."""
    hint = f"（提示：{problem.hint}）" if problem.hint else ""
    return printable(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity.label} {problem.code} "
                     f"{problem.message}{hint} [{problem.json_path or '/'}]")


# How many further places of a repeated problem are listed by file and line.
SHOWN_REPEATS = 10


def _grouped(problems: Sequence[Problem]) -> list[list[Problem]]:
    """Identical problems (same code, message and hint) together, in order of first sight:
    one unregistered law cited nine times is one mistake, not nine."""
    groups: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem.code, problem.message, problem.hint), []).append(problem)
    return list(groups.values())


def _repeats_line(group: list[Problem]) -> str:
    places = [f"{p.file}:{p.line}" for p in group[1:]]
    shown = "、".join(places[:SHOWN_REPEATS])
    more = " 等" if len(places) > SHOWN_REPEATS else ""
    return f"    同样的问题另有 {len(places)} 处：{shown}{more}"


def report_text(problems: Sequence[Problem], *, site_url: str = "") -> str:
    lines: list[str] = []
    for group in _grouped(problems):
        lines.append(text_line(group[0]))
        if len(group) > 1:
            lines.append(_repeats_line(group))
    if not problems:
        lines.append("检查通过：没有发现问题。")
        return "\n".join(lines)
    errors = sum(1 for p in problems if p.is_error)
    lines += ["", f"共 {errors} 个错误，{len(problems) - errors} 个警告。问题代码说明："]
    # One line per code used, with where it is documented, so a reader can look each one up.
    base = site_url.rstrip("/") + "/" if site_url else ""
    for code in sorted({p.code for p in problems}):
        title = CODES[code].title if code in CODES else ""
        lines.append(f"  {code} {title}：{base}{doc_anchor(code)}")
    return "\n".join(lines)


def _json_char(ch: str) -> str:
    """A character of JSON text that is not printable, escaped. A lone surrogate (a file name
    byte that was not UTF-8, kept by os.fsdecode) has no valid UTF-8 or JSON form: it is written
    the way the text report shows it (errors.printable: `bad\\xff.yml`), the backslash escaped."""
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return json.dumps(printable(ch))[1:-1]
    return f"\\u{ord(ch):04x}"


def report_json(problems: Sequence[Problem], **_: object) -> str:
    text = json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)
    # json escapes C0 controls only: DEL, C1 controls and separators become \\u escapes too
    # (read back as the same characters); surrogates cannot, see _json_char.
    return "".join(ch if ch.isprintable() or ch in " \n" else _json_char(ch) for ch in text)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _workspace_relative(file: str) -> str:
    """GitHub matches annotations to paths relative to the repository root (GITHUB_WORKSPACE),
    which differs from the working directory when a workflow step sets working-directory."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return file
    try:
        return Path(file).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except (ValueError, OSError):
        return file


def github_line(problem: Problem) -> str:
    """One workflow command; GitHub shows it on that line of the pull request's diff."""
    level = "error" if problem.is_error else "warning"
    title = f"{problem.code} {CODES[problem.code].title}" if problem.code in CODES else problem.code
    message = problem.message + (f"（提示：{problem.hint}）" if problem.hint else "")
    props = [f"file={_escape_property(_workspace_relative(printable(problem.file)))}"] if problem.file else []
    # A position of 0 means "no position": GitHub then annotates the whole file.
    if problem.line > 0:
        props.append(f"line={problem.line}")
        if problem.column > 0:
            props.append(f"col={problem.column}")
    props.append(f"title={_escape_property(title)}")
    return printable(f"::{level} {','.join(props)}::{_escape_data(message)}")


def report_github(problems: Sequence[Problem], **_: object) -> str:
    return "\n".join(github_line(p) for p in problems)


REPORTERS: dict[str, Callable[..., str]] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
