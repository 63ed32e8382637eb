"""Escaping for generated Markdown pages: every catalog text is inert, wherever it lands.

Catalog text reaches three contexts: raw HTML blocks (Jinja autoescape; newlines become <br>
so a blank line can never end an HTML block early), Markdown headings (HTML-escaped, then
Markdown punctuation backslash-escaped), and page titles that Material prints unescaped or
through `striptags` (which un-escapes entities). For titles, `<`, `>` and quotes are replaced
by their full-width forms so no later unescaping can turn them back into markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

# Exactly Python-Markdown's escapable characters (plus `|` from the tables extension):
# a backslash before any other character would be shown literally.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_TITLE_SAFE = str.maketrans({"<": "＜", ">": "＞", '"': "＂", "'": "＇"})


def oneline(text: Any) -> str:
    return " ".join(str(text).split())


def title_text(text: Any) -> str:
    """Plain text safe in contexts Material renders without (or with undone) escaping."""
    return str(escape(oneline(text).translate(_TITLE_SAFE)))


def md_text(text: Any) -> Markup:
    """Text for a Markdown heading or paragraph: no HTML, no Markdown syntax survives."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", title_text(text)))


def attr_text(text: Any) -> str:
    """One-line text for an HTML attribute (autoescape still applies afterwards)."""
    return oneline(text)


def safe_href(url: Any) -> str:
    """Only web links leave the page: a `javascript:` or `data:` URL becomes a dead anchor."""
    text = str(url).strip()
    return text if re.match(r"https?://[^\s<>\"']+$", text) else "#"


def front_matter(values: dict[str, str | list[str]]) -> str:
    # JSON strings with ensure_ascii are valid YAML double-quoted scalars: no YAML
    # syntax in catalog text (colons, `!!python/...` tags, anchors) can take effect.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=True)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _finalize(value: Any) -> Any:
    """Applied to every `{{ }}` output: escape plain strings and keep line breaks visible."""
    if value is None:
        return ""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup("<br>").join(escape(line) for line in value.strip().splitlines())


def relative(here: str, target: str) -> str:
    """Link from the page at URL path `here` ("items/X/", "" for home) to a site path."""
    if "://" in target:
        return target
    depth = here.count("/")
    return "../" * depth + target if depth or target else "./"


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process. Jinja checks each one against a
    checksum of its current source, so an edited template is compiled again. Each build makes
    fresh environments (ours and MkDocs' theme), and compiling the theme and page templates
    anew was most of a one-page rebuild in `serve`."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = MemoryBytecodeCache()


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)), bytecode_cache=TEMPLATE_CODE,
        autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # Markdown heading ids are written `{#id}`: Jinja comments use `{## ##}` instead.
        comment_start_string="{##", comment_end_string="##}",
    )
    env.filters.update(md=md_text, title=title_text, attr=attr_text, oneline=oneline, href=safe_href)
    return env
