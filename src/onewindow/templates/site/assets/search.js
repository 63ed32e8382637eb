// The citizens' search (onewindow). Nothing of the index is fetched until the visitor types:
// then meta.json, one posting shard per query token and one chunk of titles per result.
// fold(), tokens() and shardOf() mirror render/searchindex.py exactly.
(() => {
  "use strict";
  const form = document.querySelector("form.ow-search");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const out = document.getElementById("ow-search-results");
  const root = new URL(form.getAttribute("action"), location.href);
  const folder = new URL("assets/search/", root);
  const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
  const WORD = /[a-z0-9]+/g;
  const SHOWN = 10;
  let meta = null;
  let folding = null;
  const shards = new Map();
  const chunks = new Map();

  const json = (path) => fetch(new URL(path, folder)).then((r) => {
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.json();
  });
  const once = (map, key, path) => {
    if (!map.has(key)) map.set(key, json(path));
    return map.get(key);
  };

  function loadMeta() {
    if (!meta) {
      meta = json("meta.json").then((m) => {
        const chars = Array.from(m.fold);
        folding = new Map();
        for (let i = 0; i + 1 < chars.length; i += 2) folding.set(chars[i], chars[i + 1]);
        return m;
      });
      meta.catch(() => { meta = null; });
    }
    return meta;
  }

  function fold(text) {
    return Array.from(text.normalize("NFKC").toLowerCase(), (ch) => folding.get(ch) || ch).join("");
  }

  function tokens(folded) {
    const out = [];
    for (const run of folded.match(CJK_RUN) || []) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    for (const word of folded.match(WORD) || []) out.push(word);
    return [...new Set(out)];
  }

  // Pairs one character apart (摆地摊 → 摆摊, 开个饭店 → 开饭): the word a citizen split with a
  // filler character. They count half, and only when the index has them.
  function skipTokens(folded, seen) {
    const out = new Set();
    for (const run of folded.match(CJK_RUN) || []) {
      for (let i = 0; i + 2 < run.length; i++) {
        const pair = run[i] + run[i + 2];
        if (!seen.has(pair)) out.add(pair);
      }
    }
    return [...out];
  }

  function shardOf(token, count) {
    let h = 0x811c9dc5;
    for (const ch of token) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % count;
  }

  // Score: sum over query tokens of idf × the token's field weight in the document, times the
  // square of the share of the query (by idf) the document covers, so a page that has all of
  // 开 饭店 beats one that only repeats 开. A title containing the whole query wins ties.
  async function search(query) {
    const m = await loadMeta();
    const q = fold(query).trim();
    const toks = tokens(q);
    if (!toks.length) return [];
    const skips = skipTokens(q, new Set(toks));
    const lists = await Promise.all([...toks, ...skips].map((t) => {
      const k = shardOf(t, m.shards);
      return once(shards, k, `t/${k}.json`).then((s) => s[t] || []);
    }));
    const score = new Map();
    const cover = new Map();
    let total = 0;
    for (const [n, list] of lists.entries()) {
      const df = list.length / 2;
      if (!df) continue;
      const idf = Math.log(1 + m.docs / df) * (n < toks.length ? 1 : 0.5);
      total += idf;
      let d = 0;
      for (let i = 0; i < list.length; i += 2) {
        d += list[i];
        score.set(d, (score.get(d) || 0) + idf * list[i + 1]);
        cover.set(d, (cover.get(d) || 0) + idf);
      }
    }
    if (!total) return [];
    const ranked = [...score].map(([d, s]) => [d, s * (cover.get(d) / total) ** 2])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, SHOWN * 2);
    const docs = await Promise.all(ranked.map(([d]) => {
      const k = Math.floor(d / m.chunk);
      return once(chunks, k, `d/${k}.json`).then((c) => c[d % m.chunk]);
    }));
    const results = ranked.map(([d, s], i) => {
      const [url, title, kind, snippet] = docs[i];
      return { d, url, title, kind, snippet, score: fold(title).includes(q) ? s * 1.5 : s };
    }).sort((a, b) => b.score - a.score || a.d - b.d);
    const best = results.length ? results[0].score : 0;
    return results.filter((r) => r.score >= best * 0.08).slice(0, SHOWN);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);  // strings become text nodes: catalog text stays inert
    return node;
  }

  function suggestions(query, found) {
    const box = el("div", { class: "ow-results__help" });
    box.append(el("p", {}, found ? "没有找到要办的事？" : `没有找到与“${query}”相关的事项。`));
    const tips = el("ul", {});
    tips.append(el("li", {}, "换个说法试试，例如“开餐馆”“营业执照”“房屋过户”"));
    tips.append(el("li", {}, "按场景办：", el("a", { href: new URL("bundles/", root).href }, "查看全部一件事")));
    tips.append(el("li", {}, "拨打政务服务热线 ", el("a", { href: "tel:12345" }, "12345"), " 咨询"));
    box.append(tips);
    return box;
  }

  function show(query, results) {
    out.replaceChildren();
    out.hidden = false;
    const shut = el("button", { type: "button", class: "ow-results__close" }, "收起");
    shut.addEventListener("click", () => { out.hidden = true; });
    out.append(el("div", { class: "ow-results__bar" },
      el("p", { class: "ow-results__meta" }, results.length ? `找到 ${results.length} 个结果` : "搜索结果"), shut));
    if (results.length) {
      const list = el("ol", { class: "ow-results__list" });
      for (const r of results) {
        list.append(el("li", { class: "ow-results__item" },
          el("a", { class: "md-search-result__link", "data-search-result": "", href: new URL(r.url, root).href },
            el("span", { class: "ow-results__kind" }, r.kind),
            el("strong", { class: "ow-results__title" }, r.title),
            el("span", { class: "ow-results__snippet" }, r.snippet))));
      }
      out.append(list);
    }
    out.append(suggestions(query, results.length > 0));
  }

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const mine = ++latest;
    if (form.dataset.home !== undefined) {
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(history.state, "", url);
    }
    if (!query) {
      out.hidden = true;
      out.replaceChildren();
      return;
    }
    out.setAttribute("aria-busy", "true");
    try {
      const results = await search(query);
      if (mine === latest) show(query, results);
    } catch (err) {
      if (mine === latest) {
        out.replaceChildren(el("p", {}, "搜索暂时不可用，请稍后再试或拨打 12345。"));
        out.hidden = false;
      }
    } finally {
      if (mine === latest) out.removeAttribute("aria-busy");
    }
  }

  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(run, 80); };
  // `input` covers typing, paste, voice and candidate taps; while an input method is still
  // composing, wait for compositionend (which some browsers send without any key event).
  input.addEventListener("input", (e) => { if (!e.isComposing) soon(); });
  input.addEventListener("compositionend", soon);
  input.addEventListener("focus", () => { loadMeta().catch(() => {}); }, { once: true });
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); input.blur(); });
  // The results open over the page under the header: 收起, Escape or a tap elsewhere closes
  // them, coming back to the box opens them again.
  const close = () => { out.hidden = true; };
  input.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
  document.addEventListener("click", (e) => {
    if (!form.contains(e.target) && !out.contains(e.target)) close();
  });
  const reopen = () => { if (input.value.trim() && out.childElementCount) out.hidden = false; };
  input.addEventListener("focus", reopen);
  input.addEventListener("click", reopen);

  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
})();
