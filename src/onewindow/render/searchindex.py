"""The citizens' search index: small fragments a phone fetches only for the words it types.

A page load costs nothing but the ~5 KB search script. The first query fetches `meta.json`
(shard counts and the traditional→simplified folding table for the characters the catalog
uses), then one posting shard per query token and one document chunk per shown result, so
the bytes a search costs grow with the query, not with the catalog.

Tokens are what a citizen's wording and a guide's wording share without a dictionary:
character bigrams of every Chinese run (segmentation-free, so 开饭店 still meets 饭店 and a
one-character typo keeps most of the bigrams), single characters of titles and keywords (a
one-character query), and ASCII words (item codes). Text is folded first: NFKC (full-width
letters and digits), lower case, traditional → simplified, so 營業執照 is 营业执照.

Every token of a document carries a weight from the fields it occurs in: the title and the
citizens' own words (`keywords`, 俗称) far above the certificate it issues, situations and
summary, and those above the body (materials, conditions, questions and answers). The
editor's guide is not a citizen's page and is not indexed. `search.js` ranks with these
weights (see there); `fold`, `tokens` and `shard_of` here are mirrored there exactly.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import shutil
import sys
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from onewindow.catalog.model import Bundle, Catalog, Item
from onewindow.render.target import Output, Target

FOLDER = "assets/search"  # under docs/ (so MkDocs copies it) and the site
SCRIPT = Path("assets") / "javascripts" / "search.js"
DOCS_PER_CHUNK = 200
SHARD_TARGET_BYTES = 24_000  # raw JSON per posting shard (about 6-8 KB gzip)
INDEX_VERSION = 1

# Field weights: a title or keyword hit must beat any number of body hits.
TITLE, KEYWORD, OUTPUT, SITUATION, SUMMARY, BODY = 12, 10, 5, 3, 2, 1
UNIGRAM_FIELDS = (TITLE, KEYWORD)

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")


@cache
def _trad_to_simp() -> dict[str, str]:
    """Single-character traditional → simplified pairs of zhconv's MediaWiki table."""
    # Read zhconv's data file without importing zhconv: its import converts the whole table
    # (seconds) and its loader leaves the file open.
    spec = importlib.util.find_spec("zhconv")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("zhconv")
    data = json.loads((Path(next(iter(spec.submodule_search_locations))) / "zhcdict.json").read_bytes())
    table = {**data["zh2Hans"], **data["zh2CN"]}
    return {k: v for k, v in table.items() if len(k) == 1 and len(v) == 1 and k != v}


@cache
def _translation() -> dict[int, str]:
    return str.maketrans(_trad_to_simp())


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_translation())


def tokens(folded: str, unigrams: bool = False) -> list[str]:
    """Bigrams of each Chinese run (a lone character stands for itself), plus ASCII words."""
    out: list[str] = []
    for run in _CJK_RUN.findall(folded):
        if len(run) == 1 or unigrams:
            out.extend(run)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    out.extend(_WORD.findall(folded))
    return out


def shard_of(token: str, shards: int) -> int:
    """FNV-1a over code points; search.js computes the same with Math.imul."""
    h = 0x811C9DC5
    for ch in token:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


@dataclass(frozen=True)
class Doc:
    url: str
    title: str
    kind: str  # 一件事 / 事项 / 部门 / 窗口, shown beside the result
    snippet: str
    fields: tuple[tuple[int, str], ...]  # (weight, text)


def _snippet(text: str, limit: int = 60) -> str:
    text = text.strip().lstrip("，。、；：,.;: ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _item_doc(item: Item) -> Doc:
    body = [item.department.name, item.window.name, item.type, *(c.text for c in item.conditions),
            *(m.name for m in item.materials), *(m.condition for m in item.materials if m.condition),
            *(s.name for s in item.process), *(f.q for f in item.faq), *item.notes]
    fields = [(TITLE, item.name), *((KEYWORD, k) for k in item.keywords),
              *((OUTPUT, o.name) for o in item.outputs),
              *((SITUATION, f"{s.name} {s.description}") for s in item.situations),
              (SUMMARY, item.summary), (BODY, item.code), *((BODY, t) for t in body)]
    return Doc(item.url_path, item.name, "事项", _snippet(item.summary or item.department.name), tuple(fields))


def _bundle_doc(bundle: Bundle) -> Doc:
    fields = [(TITLE, bundle.name), *((KEYWORD, k) for k in bundle.keywords),
              (SITUATION, bundle.scenario), *((SITUATION, m.item.name) for m in bundle.members),
              (SUMMARY, bundle.summary)]
    snippet = bundle.summary or "、".join(m.item.name for m in bundle.members)
    return Doc(bundle.url_path, bundle.name, "一件事", _snippet(snippet), tuple(fields))


def documents(catalog: Catalog) -> list[Doc]:
    """Bundles first (a scenario is the better first answer to an everyday phrase), then items."""
    docs = [_bundle_doc(b) for b in catalog.bundles.values()]
    docs += [_item_doc(i) for i in catalog.items.values()]
    docs += [Doc(f"departments/{d.id}/", d.name, "部门", _snippet(d.address),
                 ((TITLE, d.name), (KEYWORD, d.short_name), (BODY, d.address)))
             for d in catalog.departments.values()]
    docs += [Doc(f"windows/{w.id}/", f"{w.name}窗口", "窗口", _snippet(w.location or w.description),
                 ((TITLE, w.name), (BODY, w.description), (BODY, w.location)))
             for w in catalog.windows.values()]
    return docs


@lru_cache(maxsize=1 << 17)
def field_tokens(text: str, unigrams: bool) -> tuple[str, ...]:
    """The distinct tokens of one field's text. Memoised: `serve` rebuilds the index after
    every edit, and all but the edited record's texts are the same as last time. Kept as a
    tuple of interned tokens (one object per distinct token): a 10,000-item catalog memoises
    over 100,000 field texts."""
    return tuple(sys.intern(tok) for tok in dict.fromkeys(tokens(fold(text), unigrams=unigrams)))


Postings = dict[str, array]  # token → [doc number, weight, doc number, weight, …], doc numbers ascending


def postings(docs: list[Doc]) -> Postings:
    """token → its documents and weights; a token's weight in a document is its best field's
    weight plus one for each further field it occurs in (capped), so repetition helps only a
    little. Pairs of machine integers, not a dict per token: at 10,000 items there are
    millions of postings."""
    index: Postings = {}
    for n, doc in enumerate(docs):
        best: dict[str, list[int]] = {}
        for weight, text in doc.fields:
            for tok in field_tokens(text, weight in UNIGRAM_FIELDS):
                best.setdefault(tok, []).append(weight)
        for tok, weights in best.items():
            entries = index.get(tok)
            if entries is None:
                entries = index[tok] = array("l")
            entries.append(n)
            entries.append(max(weights) + min(len(weights) - 1, 3))
    return index


def _encode(entries: array) -> list[int]:
    """[gap, weight, gap, weight, …]: ascending doc numbers as gaps compress well."""
    out, last = [], 0
    for k in range(0, len(entries), 2):
        out += [entries[k] - last, entries[k + 1]]
        last = entries[k]
    return out


def _dump(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
                    encoding="utf-8")


def shard_count(index: Postings) -> int:
    raw = sum(len(t) * 3 + 4 + 2 * len(p) for t, p in index.items())
    return max(1, 2 ** math.ceil(math.log2(max(1, raw / SHARD_TARGET_BYTES))))


def write_index(docs: list[Doc], out: Path) -> list[Path]:
    table = _trad_to_simp()
    index = postings(docs)
    shards = shard_count(index)
    buckets: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for tok, entries in index.items():
        buckets[shard_of(tok, shards)][tok] = _encode(entries)
    used = {ch for doc in docs for _, text in doc.fields for ch in fold(text)}
    folding = {t: s for t, s in table.items() if s in used}
    if out.exists():
        shutil.rmtree(out)
    written = []
    meta = {"version": INDEX_VERSION, "docs": len(docs), "chunk": DOCS_PER_CHUNK, "shards": shards,
            "fold": "".join(f"{t}{s}" for t, s in sorted(folding.items()))}
    _dump(out / "meta.json", meta)
    written.append(out / "meta.json")
    for k, bucket in enumerate(buckets):
        _dump(out / "t" / f"{k}.json", bucket)
        written.append(out / "t" / f"{k}.json")
    for k in range(0, len(docs), DOCS_PER_CHUNK):
        chunk = [[d.url, d.title, d.kind, d.snippet] for d in docs[k:k + DOCS_PER_CHUNK]]
        _dump(out / "d" / f"{k // DOCS_PER_CHUNK}.json", chunk)
        written.append(out / "d" / f"{k // DOCS_PER_CHUNK}.json")
    return written


class Search(Target):
    name = "search"
    label = "站内搜索索引"
    per_record = True

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        # The shards are rewritten whole each build (they are cheap); the manifest hashes them.
        written = write_index(documents(catalog), out.docs_dir / FOLDER)
        script = out.cache.copy(f"docs/{SCRIPT.as_posix()}", out.templates_dir / "site" / "assets" / "search.js")
        return [*written, script]

