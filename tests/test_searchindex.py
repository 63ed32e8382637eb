"""The citizens' search index: folding, tokens, weights, fragments — read back from the files."""

from __future__ import annotations

import json
from pathlib import Path

from onewindow.catalog.model import build_model
from onewindow.check.checker import check_catalog
from onewindow.render import searchindex
from onewindow.render.searchindex import BODY, KEYWORD, TITLE, fold, shard_of, tokens


def test_fold_makes_traditional_full_width_and_upper_case_one_form() -> None:
    assert fold("營業執照") == "营业执照"
    assert fold("開餐廳 ＡＢＣ１２３") == "开餐厅 abc123"


def test_tokens_are_bigrams_lone_characters_and_ascii_words() -> None:
    assert tokens("开饭店") == ["开饭", "饭店"]
    assert tokens("药") == ["药"]
    assert tokens("营业执照 999901001xk00101") == ["营业", "业执", "执照", "999901001xk00101"]
    assert tokens("开饭店", unigrams=True) == ["开", "饭", "店", "开饭", "饭店"]


def test_shard_of_is_fnv1a_over_code_points() -> None:
    # Fixed values: search.js must agree with these (see test_search_browser for the real run).
    assert shard_of("", 1 << 32) == 0x811C9DC5
    assert shard_of("a", 1 << 32) == 0xE40C292C
    assert all(0 <= shard_of(t, 7) < 7 for t in ("开饭", "饭店", "𠀀x"))


def _index(tmp_path: Path, sample_catalog: Path) -> tuple[dict, list, dict]:
    catalog = build_model(check_catalog(sample_catalog).sources)
    out = tmp_path / "search"
    searchindex.write_index(searchindex.documents(catalog), out)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    docs = [d for k in range((meta["docs"] + meta["chunk"] - 1) // meta["chunk"])
            for d in json.loads((out / "d" / f"{k}.json").read_text(encoding="utf-8"))]
    postings = {}
    for k in range(meta["shards"]):
        for tok, flat in json.loads((out / "t" / f"{k}.json").read_text(encoding="utf-8")).items():
            assert shard_of(tok, meta["shards"]) == k
            n, entries = 0, {}
            for gap, weight in zip(flat[::2], flat[1::2], strict=True):
                n += gap
                entries[docs[n][0]] = weight
            postings[tok] = entries
    return meta, docs, postings


def test_titles_and_keywords_outweigh_the_body(tmp_path: Path, sample_catalog: Path) -> None:
    meta, docs, postings = _index(tmp_path, sample_catalog)
    assert len(docs) == meta["docs"]
    # 饭店 is a keyword of 我要开餐馆 and only body text elsewhere (e.g. fire safety's summary).
    restaurant = postings["饭店"]["bundles/open-restaurant/"]
    assert restaurant >= KEYWORD and all(w < KEYWORD for url, w in postings["饭店"].items()
                                         if url not in ("bundles/open-restaurant/", "items/999901001XK00201/"))
    assert postings["公司"]["items/999901001XK00101/"] >= TITLE
    assert min(postings["材料"].values(), default=BODY) >= BODY


def test_the_editors_guide_is_not_indexed(tmp_path: Path, sample_catalog: Path) -> None:
    _, docs, _ = _index(tmp_path, sample_catalog)
    urls = [d[0] for d in docs]
    assert not any(u.startswith("guide/") for u in urls)
    assert {"bundles/open-restaurant/", "items/999901001XK00201/"} <= set(urls)
    assert all(not d[3].startswith(("，", "。", "|")) for d in docs)  # snippets are clean sentences


def test_folding_table_covers_only_characters_the_catalog_uses(tmp_path: Path, sample_catalog: Path) -> None:
    meta, _, _ = _index(tmp_path, sample_catalog)
    pairs = dict(zip(meta["fold"][::2], meta["fold"][1::2], strict=True))
    assert pairs["執"] == "执" and pairs["營"] == "营"
    assert len(pairs) < 2000
