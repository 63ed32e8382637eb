"""The law register is current: no citation of a deleted article (OW226), warnings on repealed
laws (OW227), and a register whose status, revisions and articles agree (OW228)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from onewindow.catalog.articles import cited_articles
from onewindow.check.problems import Finding
from onewindow.check.rules.basis import basis_lists
from onewindow.check.rules.index import Index, as_dict, as_list


def _title(index: Index, key: str) -> str:
    return str(as_dict(index.laws.get(key)).get("title", key))


def _instead_hint(law: dict[str, Any], number: str, article: dict[str, Any]) -> str:
    instead = str(article.get("instead") or "")
    if not instead:
        return "查阅现行文本，改为引用规定这项内容的现行条款；登记册 articles 中可以写明 instead"
    gists = [str(as_dict(as_dict(law.get("articles")).get(n)).get("gist") or "") for n in cited_articles(instead)]
    gist = "；".join(g for g in gists if g)
    return f"改为引用{instead}" + (f"（{gist}）" if gist else "") + f"，{number}已不存在"


def _all_basis_lists(index: Index) -> Iterator[tuple[str, Any, tuple[Any, ...], str]]:
    for item in index.item_files():
        for basis, path, what in basis_lists(index, item.data):
            yield item.file, basis, path, what
    for bundle in index.sources.of_kind("bundle"):
        if "basis" in bundle.data:
            yield bundle.file, bundle.data.get("basis"), ("basis",), "一件事说明"


def citations_current(index: Index) -> Iterator[Finding]:
    """Each citation names an article that still exists in a law still in force."""
    for file, basis, path, what in _all_basis_lists(index):
        for j, ref in enumerate(as_list(basis)):
            ref = as_dict(ref)
            key, citation = ref.get("law"), ref.get("article")
            law = as_dict(index.laws.get(key)) if isinstance(key, str) else {}
            if not law:
                continue  # unregistered laws are OW203's
            title = _title(index, key)
            if law.get("status") == "已废止":
                successor = str(law.get("replaced_by") or "")
                hint = (f"改为引用取代它的《{_title(index, successor)}》的相应条款" if successor
                        else "改为引用现行有效的法律法规")
                when = f"于{law['repealed']}" if law.get("repealed") else ""
                yield Finding("OW227", file, (*path, j, "law"),
                              f"{what}引用的《{title}》已{when}废止", hint)
            if not isinstance(citation, str):
                continue
            articles = as_dict(law.get("articles"))
            for number in cited_articles(citation):
                article = as_dict(articles.get(number))
                if article.get("deleted"):
                    yield Finding("OW226", file, (*path, j, "article"),
                                  f"{what}引用的《{title}》{number}已于{article['deleted']}修订时删除",
                                  _instead_hint(law, number, article))


def register_consistent(index: Index) -> Iterator[Finding]:
    """Status, revisions, successor and article cross-references inside laws.yml agree."""
    register = index.sources.register("laws")
    if register is None:
        return
    file = register.file
    for key, law in index.laws.items():
        law = as_dict(law)
        base = ("laws", key)
        revisions = [as_dict(r) for r in as_list(law.get("revisions"))]
        dates = [str(r.get("date")) for r in revisions if isinstance(r.get("date"), str)]
        status = law.get("status")
        if status == "已修订" and not revisions:
            yield Finding("OW228", file, (*base, "status"), f"《{_title(index, key)}》标为已修订，但没有修订记录",
                          "在 revisions 中逐次写明修订日期、文号和修改内容")
        if dates != sorted(dates):
            yield Finding("OW228", file, (*base, "revisions"), "修订记录没有按日期从早到晚排列",
                          "按修订日期从早到晚排列 revisions")
        revised = law.get("revised")
        if isinstance(revised, str) and dates and revised != max(dates):
            yield Finding("OW228", file, (*base, "revised"),
                          f"最近修订日期 {revised} 与修订记录中最近的一次（{max(dates)}）不一致",
                          "删去 revised（由修订记录推出），或把它改为最近一次修订的日期")
        if status == "已废止" and not law.get("repealed"):
            yield Finding("OW228", file, (*base, "status"), f"《{_title(index, key)}》标为已废止，但没有写废止日期",
                          "添加 repealed: YYYY-MM-DD；有替代法规的同时写 replaced_by")
        if status != "已废止" and (law.get("repealed") or law.get("replaced_by")):
            field = "repealed" if law.get("repealed") else "replaced_by"
            yield Finding("OW228", file, (*base, field), "写了废止日期或替代法规，但时效性不是已废止",
                          "把 status 改为 已废止，或删去这一字段")
        successor = law.get("replaced_by")
        if isinstance(successor, str) and successor not in index.laws:
            yield Finding("OW228", file, (*base, "replaced_by"), f"替代法规“{successor}”不在登记册中",
                          "先登记取代它的法律法规，再写它的标识")
        yield from _articles_consistent(file, law, base, dates)


def _articles_consistent(file: str, law: dict[str, Any], base: tuple[str, str], dates: list[str]) -> Iterator[Finding]:
    articles = as_dict(law.get("articles"))
    for number, article in articles.items():
        article = as_dict(article)
        deleted, instead = article.get("deleted"), article.get("instead")
        path = (*base, "articles", number)
        if isinstance(deleted, str) and dates and deleted not in dates:
            yield Finding("OW228", file, (*path, "deleted"),
                          f"{number}的删除日期 {deleted} 不是任何一次修订的日期",
                          "删除条款的日期应等于删去它的那次修订的日期；先在 revisions 中记录这次修订")
        if instead and not deleted:
            yield Finding("OW228", file, (*path, "instead"), f"{number}没有删除，却写了改为引用的条款",
                          "删去 instead，或写明 deleted 删除日期")
        for target in cited_articles(str(instead or "")):
            if target in articles and as_dict(articles[target]).get("deleted"):
                yield Finding("OW228", file, (*path, "instead"), f"{number}改为引用的{target}也已删除",
                              "改为引用现行有效的条款")
