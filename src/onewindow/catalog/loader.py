"""Load catalog YAML safely into plain data, keeping the line and column of every node.

Scalars are resolved conservatively (close to YAML 1.2 core) so that the YAML 1.1
surprises Chinese office staff hit do not silently change meaning: `yes`/`no`/`on`/`off`
stay strings, `2024-01-01` stays a string, `010` stays the string "010", and the raw text
of every plain scalar is kept so a code such as 999902000000 can be read back as written.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as FsPath
from typing import Any

import yaml

from onewindow.catalog.kinds import FOLDER_KINDS, YAML_SUFFIXES, kind_at
from onewindow.check.problems import Path, Phase, Problem
from onewindow.errors import os_reason

try:  # libyaml is much faster; fall back to the pure-Python parser where it is missing.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

# Tag given to every scalar without an explicit tag. The walker resolves plain scalars
# itself (resolve_plain), so PyYAML's YAML 1.1 regex resolver would be wasted work.
_IMPLICIT_TAG = "tag:onewindow,2024:implicit"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if value == "<<" and implicit and implicit[0]:
                return "tag:yaml.org,2002:merge"
            return _IMPLICIT_TAG
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
# Aliases can repeat one long text thousands of times without adding nodes: bound the
# expanded text as well (a few times what a file at the size limit can hold).
MAX_EXPANDED_CHARS = 4 * MAX_FILE_BYTES

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+)")
_STR_TAG = "tag:yaml.org,2002:str"
_NUMBER_STARTS = frozenset("+-.0123456789")  # the first character of every _INT or _FLOAT match
_ScalarNode, _CollectionNode = yaml.ScalarNode, yaml.CollectionNode
_MappingNode = yaml.MappingNode
# Characters no record text may hold, however written (raw, or as a "\e", "\x1b", "\L"
# escape): terminal control sequences, line and paragraph separators, C1 controls. Tab and
# newline are the only controls a text needs.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Line breaks for YAML 1.1 but not for editors: they would shift every later line number.
_FOREIGN_BREAKS = re.compile("[\x85\u2028\u2029]")
# Longest decimal number read as a number; longer digit strings stay text (Python refuses to
# convert ints of more than 4300 digits, and no field needs more than a few).
MAX_NUMBER_DIGITS = 30
# Characters YAML forbids in a stream (C0 controls except tab/newlines, DEL, C1 except NEL, BOM-like).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
    _IMPLICIT_TAG,
}  # binary, set, omap, pairs are never implied by plain text: only an explicit !! tag gives them


@dataclass
class LoadedFile:
    """One YAML file: its data plus where every node stood."""

    file: str  # path as shown to the user
    kind: str  # item, department, bundle, laws, materials, windows
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw_scalars: dict[Path, str] = field(default_factory=dict)  # the text of plain scalars read as numbers
    fs_path: FsPath | None = None

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Best (line, column) for a path: the node itself or its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


class _Walker:
    """Turn a composed node tree into plain data, with positions and loader problems."""

    def __init__(self, loaded: LoadedFile, positions: bool = True) -> None:
        self.loaded = loaded
        # Without positions the walk keeps only data and raw scalars: a streaming check re-reads
        # the few files that have problems to place them (see check/streaming.py).
        self.positions: dict[Path, tuple[int, int]] | None = loaded.positions if positions else None
        self.key_positions: dict[Path, tuple[int, int]] | None = loaded.key_positions if positions else None
        self.count = 0
        self.chars = 0
        self.problems: list[Problem] = []

    def problem(self, code: str, node: yaml.Node, path: Path, message: str, hint: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(code, message, self.loaded.file, mark.line + 1, mark.column + 1, path, hint,
                    phase=Phase.LOAD)
        )

    def walk(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig("nodes", node)
        scalar = isinstance(node, _ScalarNode)
        if depth >= MAX_DEPTH and not scalar and isinstance(node, _CollectionNode):
            raise _TooBig("depth", node)  # the root is depth 0: this is collection 41
        if self.positions is not None:
            self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = node.tag
        if tag == _IMPLICIT_TAG:
            pass  # what nearly every scalar has (see _Loader.resolve): nothing to say about it
        elif tag not in _STANDARD_TAGS and tag != "!":
            self.problem("OW011", node, path, f"不支持的 YAML 标签“{tag}”",
                         "删除标签（以 ! 开头的部分），只写普通的值")
        elif scalar and tag not in (_STR_TAG, "!"):
            # `!!null 文字` or `!!float 文字` would be read as text all the same: a tag that
            # silently does nothing misleads the next reader, so it is refused like any other.
            self.problem("OW011", node, path, f"YAML 标签“!!{tag.rsplit(':', 1)[-1]}”在这里不起作用",
                         "删除标签，直接写值：数字不加引号，文字按原样写")
        if scalar:
            return self.scalar(node, path)
        if isinstance(node, _MappingNode):
            return self.mapping(node, path, depth)
        return [self.walk(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]  # a sequence

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:merge":
                self.problem("OW011", key_node, path, "不支持 YAML 合并键“<<”",
                             "把需要的字段逐一写出，便于审阅")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem("OW012", key_node, path, "字段名必须是简单文字，不能是列表或映射",
                             "检查缩进和冒号的位置")
                continue
            key = key_node.value
            if "：" in key and (split := self.split_full_width(key_node, value_node, path)):
                key, value_node = split
            child = (*path, key)
            if found := _CONTROL_IN_VALUE.search(key):
                self.problem("OW003", key_node, path, f"字段名中含有不可见的控制字符（U+{ord(found.group()):04X}）",
                             "删除这个字符，重新输入字段名")
                continue
            if key in out:
                first = self.first_key_line(node, key)
                self.problem("OW002", key_node, child, f"字段“{key}”重复出现（第一次在第 {first} 行）",
                             "同一层级的字段只能写一次，请删除或合并重复的字段")
                continue
            if self.key_positions is not None:
                self.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.walk(value_node, child, depth + 1)
        return out

    def split_full_width(self, key_node: yaml.ScalarNode, value_node: yaml.Node,
                         path: Path) -> tuple[str, yaml.Node] | None:
        """`{law：food-safety-law}` reads as one key with no value: name the full-width colon
        and read it as the editor meant (`law: food-safety-law`)."""
        found = FULLWIDTH_FLOW_KEY.fullmatch(key_node.value)
        empty = isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not value_node.style
        if not found or not empty or found.group(1) not in field_names():
            return None
        mark = key_node.start_mark
        self.problems.append(full_width_colon(found.group(1), self.loaded.file, mark.line + 1,
                                              mark.column + 1 + key_node.value.index("："),
                                              (*path, found.group(1))))
        value = yaml.ScalarNode(_IMPLICIT_TAG, found.group(2).strip(), key_node.start_mark, key_node.end_mark,
                                style=key_node.style)
        return found.group(1), value

    @staticmethod
    def first_key_line(node: yaml.MappingNode, key: str) -> int:
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node.start_mark.line + 1
        return 0

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        text = node.value
        if found := _CONTROL_IN_VALUE.search(text):
            self.problem("OW003", node, path,
                         f"内容中含有不可见的控制字符（U+{ord(found.group()):04X}），可能是转义写法“\\”或复制带入的",
                         "删除这个字符；需要换行时直接换行书写，不要用转义字符")
        # libyaml reports plain style as "" and PyYAML as None; anything else was quoted
        # or a block scalar, which is always text.
        if node.style:
            self.chars += len(text)
            if self.chars > MAX_EXPANDED_CHARS:
                raise _TooBig("chars", node)
            return text
        self.chars += len(text)
        if self.chars > MAX_EXPANDED_CHARS:
            raise _TooBig("chars", node)
        value = resolve_plain(text)
        if value is text:
            return text
        if node.tag == _STR_TAG:
            # The YAML 1.1 resolver would have typed this scalar, so `!!str` was written
            # explicitly: the author asked for text.
            return text
        if value.__class__ is not bool and value is not None:
            self.loaded.raw_scalars[path] = text  # a number: schema.coerce may want the text back
        return value


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar: null, true/false, decimal numbers; everything else is text."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if len(text) > MAX_NUMBER_DIGITS or text[0] not in _NUMBER_STARTS:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text  # 1e999 is no quantity
    return text


class _TooBig(Exception):
    def __init__(self, what: str, node: yaml.Node) -> None:
        super().__init__(what)
        self.what = what
        self.node = node


def display_path(path: FsPath) -> str:
    """Path as the user should see it: relative to the working directory when below it."""
    # abspath, not resolve(): a symbolic link is shown where it stands, not where it points.
    try:
        return FsPath(os.path.abspath(path)).relative_to(FsPath.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(raw: bytes, file: str) -> str | Problem:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM is what Windows Notepad writes; accept it.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "请将文件另存为 UTF-8 编码（记事本：另存为→编码选 UTF-8；VS Code：右下角编码→通过编码保存→UTF-8）"
        try:
            raw.decode("gb18030")
            message = "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码"
            hint += "；或运行 iconv -f GB18030 -t UTF-8 原文件 > 新文件"
        except UnicodeDecodeError:
            message = "文件不是 UTF-8 编码的文本"
        return Problem("OW003", message, file, line, 1, (), hint, phase=Phase.LOAD)


# A field name followed by a full-width colon at the start of a line (after indentation
# and an optional "- "). Inside a flow mapping ("{law：x}") YAML reads one key; the walker
# splits that one (FULLWIDTH_FLOW_KEY), where quoting is already resolved.
_FULLWIDTH_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*)[ ]*(：)", re.MULTILINE)
FULLWIDTH_FLOW_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ ]*：[ ]*(.*)", re.DOTALL)


@cache
def field_names() -> frozenset[str]:
    """Every field name any record schema defines: only these count as keys before a "："."""
    from onewindow.resources import SCHEMAS_DIR

    names: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                names.update(props)
            for child in node.values():
                collect(child)
        elif isinstance(node, list):
            for child in node:
                collect(child)

    for path in SCHEMAS_DIR.glob("*.schema.json"):
        collect(json.loads(path.read_text(encoding="utf-8")))
    return frozenset(names)


def full_width_colons(text: str, file: str) -> tuple[str, list[Problem]]:
    """Name each field written with a full-width colon ("name：…", a common slip with a
    Chinese input method) and repair it, so the rest of the file is checked as meant
    instead of failing later with a misleading message."""
    if "：" not in text:
        return text, []
    known = field_names()
    problems: list[Problem] = []
    repaired: list[str] = []
    last = 0
    for match in _FULLWIDTH_KEY.finditer(text):
        key = match.group(1)
        if key not in known:
            continue
        colon = match.start(2)
        line = text.count("\n", 0, colon) + 1
        column = colon - (text.rfind("\n", 0, colon) + 1) + 1
        problems.append(full_width_colon(key, file, line, column))
        after = text[colon + 1:colon + 2]
        repaired += [text[last:colon], ":" if after in (" ", "\n", "") else ": "]
        last = colon + 1
    if not problems:
        return text, []
    return "".join(repaired) + text[last:], problems


def full_width_colon(key: str, file: str, line: int, column: int, path: Path = ()) -> Problem:
    return Problem("OW013", f"字段“{key}”后面用了全角冒号“：”", file, line, column, path,
                   f"YAML 只认半角冒号：把“{key}：”改成“{key}: ”（英文冒号加一个空格；输入时先切换到英文标点）",
                   phase=Phase.LOAD)


def parse_text(text: str, loaded: LoadedFile, positions: bool = True) -> list[Problem]:
    """Fill `loaded.data` from YAML text; return loader problems."""
    file = loaded.file
    breaks = [_foreign_break_problem(file, text, found) for found in _FOREIGN_BREAKS.finditer(text)]
    if breaks:
        # Parse with spaces in their place, so every other problem keeps its editor line number.
        return breaks + parse_text(_FOREIGN_BREAKS.sub(" ", text), loaded)
    text, colons = full_width_colons(text, file)
    if colons:
        return colons + _parse(text, loaded, positions)
    return _parse(text, loaded, positions)


def _parse(text: str, loaded: LoadedFile, positions: bool = True) -> list[Problem]:
    file = loaded.file
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return [_empty(file)]
    try:
        # Composing is recursive (in C for libyaml): a deeply nested file would crash the
        # process, so measure the nesting from the flat event stream first.
        too_deep = _too_deep(text) if _nesting_bound(text) > SAFE_NESTING_BOUND else None
        if too_deep is not None:
            return [Problem("OW007", f"嵌套层级超过 {MAX_DEPTH} 层", file, too_deep.line + 1,
                            too_deep.column + 1, (), "检查缩进；记录不需要这么深的层级",
                            phase=Phase.LOAD)]
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(exc, file, text)]
    except yaml.reader.ReaderError:
        return [_control_character_problem(file, text)]
    except yaml.YAMLError:  # pragma: no cover - errors without marks are rare
        return [Problem("OW001", "YAML 语法错误：无法解析", file, 1, 1, (), "检查缩进和冒号",
                        phase=Phase.LOAD)]
    if not documents:
        return [_empty(file)]
    if len(documents) > 1:
        return [Problem("OW001", "一个文件只能包含一条记录（发现多个以 --- 分隔的文档）", file,
                        documents[1].start_mark.line + 1, 1, (), "把其余记录移到单独的文件中",
                        phase=Phase.LOAD)]
    walker = _Walker(loaded, positions)
    try:
        loaded.data = walker.walk(documents[0], (), 0)
    except _TooBig as big:
        mark = big.node.start_mark
        if big.what == "depth":
            message, hint = f"嵌套层级超过 {MAX_DEPTH} 层", "检查缩进；记录不需要这么深的层级"
        elif big.what == "chars":
            message = f"展开后的文字超过 {MAX_EXPANDED_CHARS // 1024 // 1024} MB（锚点/别名反复引用了长文字）"
            hint = "不要用 & 和 * 反复引用内容，直接写出需要的值"
        else:
            message = f"展开后的节点超过 {MAX_NODES} 个（可能是锚点/别名反复引用）"
            hint = "不要用 & 和 * 反复引用内容，直接写出需要的值"
        loaded.data = None
        return [Problem("OW007", message, file, mark.line + 1, mark.column + 1, (), hint,
                        phase=Phase.LOAD)]
    if loaded.data is None and not walker.problems:  # `---`, `~` or `null` alone
        return [_empty(file)]
    return walker.problems


def _empty(file: str) -> Problem:
    return Problem("OW004", "文件是空的", file, 1, 1, (), "写入记录内容，或删除这个文件",
                   phase=Phase.LOAD)


# Below the depth at which libyaml's scanner refuses nesting (1000 levels, reported as a plain
# syntax error by some PyYAML builds) and at which the pure-Python composer runs out of stack;
# above what real records reach (the sample catalog's largest bound is in the low hundreds).
SAFE_NESTING_BOUND = 300
# A block sequence entry or complex key indicator: `-` or `?` followed by white space.
_BLOCK_INDICATOR = re.compile(r"[-?](?=[ \t\r\n]|\Z)")


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth: every level needs an indent column, a
    bracket, or a `- `/`? ` indicator (plus one for the root). Real records stay in the hundreds, so the exact
    (second-parse) measurement runs only for files that could be dangerous."""
    indent = max((len(ln) - len(ln.lstrip(" ")) for ln in text.splitlines()), default=0)
    return 1 + indent + text.count("[") + text.count("{") + len(_BLOCK_INDICATOR.findall(text))


def _too_deep(text: str) -> yaml.Mark | None:
    """Where the nesting first exceeds MAX_DEPTH, or None.

    Measured with the pure-Python parser: it streams events from a state machine without a
    depth limit, whereas libyaml's scanner looks ahead and may refuse deep flow nesting
    itself, which would turn a located OW007 into a generic syntax error."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _foreign_break_problem(file: str, text: str, found: re.Match[str]) -> Problem:
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return Problem("OW003", f"文件中含有看不见的换行符（U+{ord(found.group()):04X}），编辑器里显示不出来", file, line,
                   column, (), "删除这个字符（通常是从网页或 Word 复制带入的），需要换行时直接回车",
                   phase=Phase.LOAD)


def _control_character_problem(file: str, text: str) -> Problem:
    found = _FORBIDDEN.search(text)
    line, column, char = 1, 1, ""
    if found:
        before = text[: found.start()]
        line = before.count("\n") + 1
        column = found.start() - (before.rfind("\n") + 1) + 1
        char = f"（U+{ord(found.group()):04X}）"
    return Problem("OW003", f"文件中含有不可见的控制字符{char}，可能不是文本文件或已损坏", file, line,
                   column, (), "删除这个字符；如果文件是从 Word 或网页复制来的，请用纯文本方式重新粘贴",
                   phase=Phase.LOAD)


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    detail = (exc.problem or "").strip()
    if "maximum nesting depth" in detail:  # PyYAML ≥ 6.0.3 stops deep nesting itself
        return Problem("OW007", f"嵌套层级超过 {MAX_DEPTH} 层", file, line, column, (),
                       "检查缩进；记录不需要这么深的层级", phase=Phase.LOAD)
    src_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in src_line[: max(column, 1)] or "\\t" in detail:
        return Problem("OW008", "缩进中使用了制表符（Tab）", file, line, column, (),
                       "YAML 只能用空格缩进：把 Tab 换成两个空格（编辑器中可设置“用空格代替 Tab”）",
                       phase=Phase.LOAD)
    if detail.startswith("exceeded maximum nesting depth"):  # libyaml's own limit (PyYAML ≥ 6.0.3)
        return Problem("OW007", f"嵌套层级超过 {MAX_DEPTH} 层", file, line, column, (),
                       "检查缩进；记录不需要这么深的层级", phase=Phase.LOAD)
    quote_line = _unclosed_quote(text, line)
    if quote_line:
        # libyaml reports an unclosed quote where it gives up (often the next line, as an
        # indentation error); point at the line whose quotes do not pair up instead.
        return Problem("OW001", "YAML 语法错误：引号没有闭合", file, quote_line, 1, (),
                       "这一行的引号要成对：开头写了 \" 就要在值的末尾也写 \"", phase=Phase.LOAD)
    return Problem("OW001", f"YAML 语法错误：{_translate(detail)}", file, line, column, (),
                   "检查这一行及上一行的缩进、冒号后的空格和引号是否成对", phase=Phase.LOAD)


def _unclosed_quote(text: str, line: int) -> int | None:
    """The line (the error line or the two before it) whose double-quoted value never closes."""
    lines = text.splitlines()
    for number in range(max(1, line - 2), min(line, len(lines)) + 1):
        value = lines[number - 1]
        _, sep, rest = value.partition(": ")
        rest = rest.strip() if sep else value.strip().removeprefix("- ").strip()
        if rest.startswith('"') and (len(rest) == 1 or not _closes(rest[1:])):
            return number
    return None


def _closes(rest: str) -> bool:
    escaped = False
    for char in rest:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return True
    return False


# PyYAML and libyaml word some errors differently; both spellings are listed.
_TRANSLATIONS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（冒号后面的内容可能要加引号，或缩进不对）",
    "mapping values are not allowed in this context": "此处不能出现“键: 值”（冒号后面的内容可能要加引号，或缩进不对）",
    "block sequence entries are not allowed": "此处不能出现列表项“- ”（缩进不对）",
    "did not find expected ',' or ']'": "方括号 [ ] 没有闭合，或列表项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合，或各项之间缺少逗号",
    "found unknown escape character": "双引号中的反斜杠“\\”后面不是有效的转义字符（含反斜杠的内容请用单引号）",
    "did not find expected alphabetic or numeric character": "锚点“&”或别名“*”后面缺少名称",
    "did not find expected <document start>": "文档结束标记“...”之后还有内容",
    "did not find expected node content": "缺少值",
    "could not find expected ':'": "缺少冒号“:”",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "found undefined alias": "引用了未定义的别名（*）",
    "did not find expected key": "缩进不一致，找不到预期的字段",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found character that cannot start any token": "出现了不能作为开头的字符",
    "expected <block end>, but found": "缩进不一致",
    "found invalid Unicode character escape code": "双引号中的 \\u 或 \\U 转义写的不是有效的字符编码",
    "did not find expected hexdecimal number": "双引号中的 \\x、\\u 或 \\U 转义后面缺少十六进制数字",
    "found unexpected document indicator": "引号中出现了文档分隔符“---”或“...”",
    "did not find expected whitespace or line break": "这里缺少空格或换行",
    "found a tab character": "缩进中使用了制表符（Tab）",
    "did not find expected comment or line break": "块文字标记“|”或“>”后面只能写注释或换行",
    "found an indentation indicator equal to 0": "块文字的缩进标记不能是 0",
    "did not find the expected '>'": "标签“!<…>”没有闭合",
    "did not find expected tag URI": "标签写法不对",
    "found undefined tag handle": "使用了未定义的标签前缀",
    "did not find URI escaped octet": "标签中的 % 转义写法不对",
    "found duplicate anchor": "锚点“&”名称重复",
    "found unexpected ':'": "出现了多余的冒号",
    "found duplicate %YAML directive": "重复的 %YAML 指令",
    "found incompatible YAML document": "不支持的 YAML 版本",
    "found duplicate %TAG directive": "重复的 %TAG 指令",
    "while scanning": "无法识别这一处写法",
}


def _translate(detail: str) -> str:
    # Only Chinese reaches the editor: the parser's English wording is dropped, not appended.
    for english, chinese in _TRANSLATIONS.items():
        if detail.startswith(english):
            return chinese
    return "无法识别这一处写法（检查引号、冒号和缩进）"


def load_file(path: FsPath, kind: str, positions: bool = True) -> tuple[LoadedFile, list[Problem]]:
    """Read one file. Never raises for bad content: problems come back as values.

    positions=False skips the line/column map of every node (most of a loaded file's memory);
    loader problems are placed either way."""
    loaded = LoadedFile(file=display_path(path), kind=kind, data=None, fs_path=path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe or device (/dev/zero) would block the check or never end.
            return loaded, [Problem("OW005", "不是普通文件（可能是设备、管道或指向它们的链接）", loaded.file,
                                    1, 1, (), "记录必须是普通的文本文件", phase=Phase.LOAD)]
        with path.open("rb") as handle:  # read at most one byte past the limit: the file may grow
            raw = handle.read(MAX_FILE_BYTES + 1)
        if max(info.st_size, len(raw)) > MAX_FILE_BYTES:
            size = max(info.st_size, len(raw))
            return loaded, [Problem("OW006", f"文件过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）",
                                    loaded.file, 1, 1, (), "一个文件只写一条记录；图片等附件放在 assets/ 目录",
                                    phase=Phase.LOAD)]
    except OSError as exc:
        return loaded, [Problem("OW005", f"无法读取文件：{_os_reason(exc)}", loaded.file, 1, 1, (),
                                "检查文件是否存在以及读取权限", phase=Phase.LOAD)]
    text = decode(raw, loaded.file)
    if isinstance(text, Problem):
        return loaded, [text]
    problems = parse_text(text, loaded, positions)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        found = "列表" if isinstance(loaded.data, list) else "单个值"
        problems.append(Problem("OW005", f"文件顶层应是字段映射（“字段: 值”），实际是{found}", loaded.file,
                                1, 1, (), "参照示例，每行以“字段名: 值”开头", phase=Phase.LOAD))
        loaded.data = None
    return loaded, problems


# How a record file that cannot be read is described; other errors use errors.os_reason's text.
_READ_WORDING = {
    errno.ENOENT: "文件不存在（可能是失效的链接）",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹",
}


def _os_reason(exc: OSError) -> str:
    return os_reason(exc, _READ_WORDING)


def discover(catalog_dir: FsPath) -> Iterator[tuple[FsPath, str | None]]:
    """Every YAML file under the catalog, with its record kind (None: not a known place).

    Also yields ("unreadable") folders the walk could not list, so a department folder without
    read permission is a problem instead of a silent gap, ("linked-folder") record folders that
    are symbolic links, which are never followed, and ("not-yaml") files in the record folders
    that will not be read (record.yml.bak, record.txt).
    """
    found: list[tuple[FsPath, str | None]] = []

    def unreadable(error: OSError) -> None:
        found.append((FsPath(error.filename), "unreadable"))

    for dirpath, dirnames, filenames in os.walk(catalog_dir, onerror=unreadable):
        folder = FsPath(dirpath)
        dirnames.sort()
        for name in [*filenames, *dirnames]:
            path = folder / name
            rel = path.relative_to(catalog_dir).parts
            if name in dirnames and rel[0] in FOLDER_KINDS and path.is_symlink():
                # os.walk never follows it (it could lead anywhere, or back here), so its records
                # would silently be missing: name it instead.
                found.append((path, "linked-folder"))
                continue
            if path.suffix.lower() not in YAML_SUFFIXES:
                folder_kind = FOLDER_KINDS.get(rel[0])
                if folder_kind and name in filenames and not name.startswith(".") and len(rel) == folder_kind.depth:
                    found.append((path, "not-yaml"))
                continue
            if name in dirnames:  # a folder named like a record: the editor most likely meant a file
                found.append((path, "directory"))
            else:
                found.append((path, kind_at(rel)))
    return iter(sorted(found))


@dataclass
class Sources:
    """Everything loaded from one catalog directory, before any validation."""

    root: FsPath
    files: list[LoadedFile] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[LoadedFile]:
        return [f for f in self.files if f.kind == kind and isinstance(f.data, dict)]

    def register(self, kind: str) -> LoadedFile | None:
        found = self.of_kind(kind)
        return found[0] if found else None


# What discover() found that is not a record to load: (code, message, hint) by its kind.
_MISPLACED: dict[str | None, tuple[str, str, str]] = {
    None: ("OW009", "文件不在约定位置，将被忽略",
           "事项放在 items/<部门标识>/<事项编码>.yml，部门放在 departments/，一件事放在 bundles/"),
    "unreadable": ("OW005", "无法读取这个文件夹（没有读取权限），其中的记录没有检查", "检查文件夹的读取权限（chmod a+rx）"),
    "linked-folder": ("OW005", "文件夹“{name}”是符号链接，其中的记录不会被读取",
                      "把文件夹本身（而不是指向它的链接）放进目录"),
    "not-yaml": ("OW009", "文件扩展名不是 .yml，将被忽略（“{name}”）", "记录文件以 .yml 结尾；备份或草稿请移出 catalog/ 目录"),
    "directory": ("OW005", "“{name}”是一个文件夹，不是 YAML 文件", "记录必须是文件：删除或改名这个文件夹"),
}


def plan_catalog(catalog_dir: FsPath) -> tuple[list[tuple[FsPath, str]], list[Problem]]:
    """The record files to load, with their kinds, and the problems of files in the wrong place."""
    planned: list[tuple[FsPath, str]] = []
    problems: list[Problem] = []
    root: FsPath | None = None  # the catalog's own real path, worked out once
    for path, kind in discover(catalog_dir):
        if kind in _MISPLACED:
            code, message, hint = _MISPLACED[kind]
            problems.append(Problem(code, message.format(name=path.name), display_path(path), 1, 1, (), hint,
                                    phase=Phase.LOAD))
            continue
        try:
            real = path.resolve(strict=True)
            root = root or catalog_dir.resolve()
            inside = real.is_relative_to(root)
        except (OSError, RuntimeError) as exc:  # a link to itself, or to nothing
            reason = os_reason(OSError(errno.ELOOP, "")) if isinstance(exc, RuntimeError) else _os_reason(exc)
            problems.append(Problem("OW005", f"无法读取文件：{reason}", display_path(path), 1, 1, (),
                                    "删除失效或循环的链接，把记录文件本身放进目录", phase=Phase.LOAD))
            continue
        if not inside:
            # A link to a file elsewhere would publish whatever it points at.
            problems.append(Problem(
                "OW005", "文件是指向 catalog/ 目录之外的符号链接，不会被读取", display_path(path), 1, 1, (),
                "把记录文件本身放进目录，不要用链接", phase=Phase.LOAD))
            continue
        planned.append((path, kind))
    return planned, problems


def load_catalog(catalog_dir: FsPath) -> tuple[Sources, list[Problem]]:
    """Load every record file; a bad file never hides problems in another."""
    sources = Sources(root=catalog_dir)
    planned, problems = plan_catalog(catalog_dir)
    for path, kind in planned:
        loaded, found = load_file(path, kind)
        sources.files.append(loaded)
        problems.extend(found)
    return sources, problems
