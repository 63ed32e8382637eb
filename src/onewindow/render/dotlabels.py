"""Make catalog text safe and readable inside Graphviz labels.

The catalog is edited by many hands, so any text may contain quotes, backslashes, `<`, `>`,
`&`, control characters or something that looks like Graphviz HTML-label markup. Every piece
of text reaches DOT through one of two doors:

* `html_text` — content of an HTML-like label (`label=<...>`): XML-escaped, so markup in the
  catalog stays text, and wrapped into lines joined by `<BR/>`. Graphviz still expands
  escString sequences (`\\N` node name, `\\G` graph name, ...) inside HTML labels, even when
  the backslash is written as `&#92;`; a doubled backslash is printed as one, so backslashes
  are doubled;
* `quoted` — a double-quoted DOT string (tooltips, URLs): quotes escaped. Tooltips are
  unescaped twice by dot 2.43, so a backslash there becomes the full-width ＼ rather than
  depending on how many passes a given Graphviz version makes.

Both first drop characters that are not allowed in XML (the SVG must stay well-formed) and
invisible format characters such as bidi overrides.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from functools import lru_cache

from markupsafe import Markup

# Kinsoku: these never start a line (they stay with the text before) ...
_NO_LINE_START = set("，。、；：？！）》」』】〕”’…·%,.;:?!)]}")
# ... and these never end one (they move to the next line with what they open).
_NO_LINE_END = set("（《「『【〔“‘([{")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "\\\\"}


def clean(text: object) -> str:
    """Plain one-paragraph text: no control or format characters, whitespace collapsed."""
    out = []
    for ch in str(text):
        category = unicodedata.category(ch)
        if ch in "\t\n\r" or category == "Zs":
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue  # not allowed in XML, invisible, or unassigned
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def display_width(text: str) -> float:
    """Width in CJK character cells: wide characters 1, everything else ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def wrap(text: object, width: float = 9) -> list[str]:
    """Split into lines of at most `width` CJK cells (Latin letters count ½), keeping words and
    numbers whole where they fit and obeying simple kinsoku rules. Lines are balanced, so
    8 characters at width 7 become 4 + 4, not 7 + a lonely 1."""
    lines = _greedy(text, width)
    if len(lines) > 1:
        target = math.ceil(sum(display_width(line) for line in lines) / len(lines))
        for narrower in range(target, math.ceil(width)):
            balanced = _greedy(text, narrower)
            if len(balanced) == len(lines):
                return balanced
    return lines


def _greedy(text: object, width: float) -> list[str]:
    """Fill lines up to `width`. Closing marks may hang past it (two at most, as in "），"), and
    an opening mark moves down with the word it opens: no line is wider than width + 2."""
    lines: list[str] = []
    line = ""
    for token in _tokens(clean(text), width):
        if token.isspace():
            line += " " if line and not line.endswith(" ") else ""
            continue
        hang = token in _NO_LINE_START and display_width(line) <= width + 1
        if not line.strip() or hang or display_width(line + token) <= width:
            line += token
            continue
        line, carry = line.rstrip(), ""
        if len(line) > 1 and line[-1] in _NO_LINE_END:
            line, carry = line[:-1], line[-1]
        lines.append(line)
        line = carry + token
    if line.strip():
        lines.append(line.strip())
    return lines


def _tokens(text: str, width: float) -> list[str]:
    """Words (jieba for Chinese, so lines break between words), a word wider than a line cut."""
    tokens: list[str] = []
    for word in _segment(text):
        piece = ""
        for ch in word:
            if piece and display_width(piece + ch) > width:
                tokens.append(piece)
                piece = ""
            piece += ch
        tokens.append(piece)
    return tokens


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    import jieba  # loaded on first use: `onewindow check` never pays for its dictionary

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on the console
    return tuple(w for w in jieba.lcut(text, HMM=False) if w)


def escape_html(text: object) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in clean(text))


def html_text(text: object, width: float | None = None) -> Markup:
    """Text for an HTML-like label, wrapped at `width` CJK cells when given."""
    lines = wrap(text, width) if width else [clean(text)]
    return Markup("<BR/>".join(escape_html(line) for line in lines))


def quoted(text: object) -> Markup:
    """A complete double-quoted DOT string."""
    body = clean(text).replace("\\", "＼").replace('"', '\\"')
    return Markup(f'"{body}"')
