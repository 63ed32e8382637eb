"""Characters the printed PDFs cannot show (OW230, a warning).

Checklists, notices and posters embed TrueType fonts; a character none of them has would print
as a blank, silently, in a name or an address. Which font draws what is decided once, in
onewindow.fontcoverage, for the renderer and this rule alike: from the coverage table shipped
with the package when the installed fonts are the ones it was made from (no font is opened and
ReportLab is not imported), else from the fonts themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from onewindow.check.problems import Finding
from onewindow.check.rules.index import Index
from onewindow.errors import MissingToolError
from onewindow.fontcoverage import FALLBACK_HINT, describe_chars, installed


def characters_printable(index: Index) -> Iterator[Finding]:
    fonts = None
    for record in index.sources.files:
        if not isinstance(record.data, dict):
            continue
        for path, text in index.texts(record):
            if text.isascii():
                continue
            if fonts is None:
                try:
                    fonts = installed()
                except MissingToolError:
                    return  # no usable main font: `build` and `notice` say so themselves
            if missing := fonts.undrawable(text):
                yield Finding("OW230", record.file, path,
                              f"{describe_chars(missing)} 在已安装的字体中都没有，PDF 收件清单和告知书中会显示为空白",
                              f"生僻字请确认已安装补充字体（{FALLBACK_HINT}）；表情符号等请改用文字")
