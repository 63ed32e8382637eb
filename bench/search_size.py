"""What the citizens' search costs a phone, in gzip bytes, for a catalog of any size.

    .venv/bin/onewindow bench generate --items 1000 --departments 28 /tmp/cat-1k
    .venv/bin/python bench/search_size.py /tmp/cat-1k [--site site/ --page items/<code>/]

Prints: the whole index and its parts (gzip), and for a set of everyday queries the bytes the
first search fetches (meta.json, the posting shards of the query's tokens, the document chunks
of the shown results), ranked exactly as assets/javascripts/search.js ranks (ported below).
With --site, also the first page load of one page: its HTML and every stylesheet, script and
image it references (each gzip-compressed as a server would send it); the index is not part of
it because search.js fetches nothing before the visitor types.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

from onewindow.catalog.model import build_model
from onewindow.check.checker import check_catalog
from onewindow.render import searchindex

QUERIES = ["开饭店", "办执照", "营业执照怎么办", "房子过户", "食品经营许可证", "卖香烟要办证", "開餐廳", "消防检查"]
SHOWN = 10


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def load(folder: Path, rel: str) -> tuple[object, int]:
    raw = (folder / rel).read_bytes()
    return json.loads(raw), gz(raw)


def first_search(folder: Path, meta: dict, meta_gz: int, query: str) -> tuple[int, list[str]]:
    """Bytes and top results of one query on a cold cache; mirrors search.js."""
    q = searchindex.fold(query).strip()
    toks = list(dict.fromkeys(searchindex.tokens(q)))
    skips = []
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", q):
        skips += [run[i] + run[i + 2] for i in range(len(run) - 2) if run[i] + run[i + 2] not in toks]
    skips = list(dict.fromkeys(skips))
    fetched, total = set(), meta_gz
    lists = []
    for t in toks + skips:
        k = searchindex.shard_of(t, meta["shards"])
        shard, size = load(folder, f"t/{k}.json")
        if k not in fetched:
            fetched.add(k)
            total += size
        lists.append(shard.get(t, []))
    score: dict[int, float] = {}
    cover: dict[int, float] = {}
    idf_total = 0.0
    for n, flat in enumerate(lists):
        if not flat:
            continue
        idf = math.log(1 + meta["docs"] / (len(flat) / 2)) * (1 if n < len(toks) else 0.5)
        idf_total += idf
        d = 0
        for gap, w in zip(flat[::2], flat[1::2], strict=True):
            d += gap
            score[d] = score.get(d, 0) + idf * w
            cover[d] = cover.get(d, 0) + idf
    if not idf_total:
        return total, []
    ranked = sorted(((d, s * (cover[d] / idf_total) ** 2) for d, s in score.items()),
                    key=lambda x: (-x[1], x[0]))[:SHOWN * 2]
    chunks: dict[int, list] = {}
    results = []
    for d, s in ranked:
        k = d // meta["chunk"]
        if k not in chunks:
            chunks[k], size = load(folder, f"d/{k}.json")
            total += size
        url, title, *_ = chunks[k][d % meta["chunk"]]
        results.append((s * 1.5 if q in searchindex.fold(title) else s, d, url))
    results.sort(key=lambda r: (-r[0], r[1]))
    best = results[0][0] if results else 0
    return total, [u for s, _, u in results if s >= best * 0.08][:SHOWN]


def page_load(site: Path, page: str) -> tuple[int, list[tuple[str, int]]]:
    html_path = site / page / "index.html" if not page.endswith(".html") else site / page
    html = html_path.read_bytes()
    parts = [(page or "index.html", gz(html))]
    for ref in re.findall(rb'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"', html):
        ref = ref.decode().split("#")[0].split("?")[0]
        if not ref or ref.startswith(("http:", "https:", "data:", "//")):
            continue
        target = (html_path.parent / ref).resolve()
        if target.is_file() and target.suffix in (".css", ".js", ".svg", ".png", ".jpg", ".woff2"):
            data = target.read_bytes()
            parts.append((ref, gz(data) if target.suffix in (".css", ".js", ".svg") else len(data)))
    return sum(s for _, s in parts), parts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("catalog", type=Path)
    ap.add_argument("--site", type=Path, help="a built site, to measure one page's first load")
    ap.add_argument("--page", default="", help="page under --site (default: home)")
    args = ap.parse_args()

    result = check_catalog(args.catalog)
    if result.errors:
        print(f"catalog has {len(result.errors)} errors", file=sys.stderr)
        return 1
    catalog = build_model(result.sources)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "search"
        started = time.perf_counter()
        searchindex.write_index(searchindex.documents(catalog), out)
        seconds = time.perf_counter() - started
        files = sorted(p for p in out.rglob("*.json"))
        sizes = {p.relative_to(out).as_posix(): (p.stat().st_size, gz(p.read_bytes())) for p in files}
        meta, meta_gz = load(out, "meta.json")
        shards = [v for k, v in sizes.items() if k.startswith("t/")]
        chunks = [v for k, v in sizes.items() if k.startswith("d/")]
        print(f"catalog: {len(catalog.items)} items, {len(catalog.bundles)} bundles -> {meta['docs']} documents")
        print(f"index written in {seconds:.1f} s: {len(files)} files, "
              f"{sum(r for r, _ in sizes.values()) / 1e3:.0f} KB raw, {sum(g for _, g in sizes.values()) / 1e3:.0f} KB gzip in all")
        print(f"  meta.json: {meta_gz / 1e3:.1f} KB gzip ({len(meta['fold']) // 2} folding pairs)")
        print(f"  posting shards: {len(shards)}, gzip avg {sum(g for _, g in shards) / len(shards) / 1e3:.1f} KB, "
              f"max {max(g for _, g in shards) / 1e3:.1f} KB")
        print(f"  document chunks: {len(chunks)}, gzip avg {sum(g for _, g in chunks) / len(chunks) / 1e3:.1f} KB, "
              f"max {max(g for _, g in chunks) / 1e3:.1f} KB")
        print("first search (cold cache), gzip bytes fetched:")
        worst = 0
        for q in QUERIES:
            size, top = first_search(out, meta, meta_gz, q)
            worst = max(worst, size)
            print(f"  {q}: {size / 1e3:.1f} KB -> {', '.join(top[:3]) or '(no result)'}")
        print(f"  worst: {worst / 1e3:.1f} KB")
    if args.site:
        total, parts = page_load(args.site, args.page)
        print(f"first page load of /{args.page} (search box included, no index): {total / 1e3:.1f} KB gzip")
        for name, size in parts:
            print(f"  {name}: {size / 1e3:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
