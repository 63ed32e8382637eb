"""Characters the printed PDFs cannot show (OW230, a warning).

Checklists, notices and posters embed TrueType fonts; a character none of them has would print
as a blank, silently, in a name or an address. Most text never gets near that edge, so the
fonts are only consulted for characters outside the ranges the main font surely covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index, strings

# Common Chinese text: ASCII, Latin-1, general and CJK punctuation, the CJK Unified Ideographs
# block and full-width forms are all in WenQuanYi Micro Hei. Anything else is looked up.
_SURELY_DRAWN = re.compile("[\x00-\xff\u2000-\u206f\u3000-\u303f\u4e00-\u9fa5\uff00-\uffef]*")


def characters_printable(index: Index) -> Iterator[Finding]:
    suspects = [(record, path, text) for record in index.sources.files if isinstance(record.data, dict)
                for path, text in strings(record.data) if not _SURELY_DRAWN.fullmatch(text)]
    if not suspects:
        return
    from onewindow.errors import MissingToolError
    from onewindow.render.pdf.fonts import FALLBACK_HINT, describe_chars, undrawable

    for record, path, text in suspects:
        try:
            missing = undrawable(text)
        except MissingToolError:
            return  # no font at all: `build` says so itself
        if missing:
            yield Finding("OW230", record.file, path,
                          f"{describe_chars(missing)} 在已安装的字体中都没有，PDF 收件清单和告知书中会显示为空白",
                          f"生僻字请确认已安装补充字体（{FALLBACK_HINT}）；表情符号等请改用文字")
