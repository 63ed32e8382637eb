"""Open data: `catalog.json` (every item fully resolved) and schema.org JSON-LD per item page.

The JSON is deterministic (sorted keys, catalog order, no timestamps) so two builds of the
same catalog publish byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from onewindow.catalog.model import Bundle, Catalog, Item, Law, LegalRef
from onewindow.catalog.plan import BundlePlan
from onewindow.render.target import CATALOG_FILES, Output, Target

FILENAME = "catalog.json"
FORMAT_VERSION = 1


def law_record(law: Law) -> dict[str, Any]:
    """A cited law as open data: its identity and current status, not its whole register entry."""
    return {"id": law.id, "title": law.title, "level": law.level, "issuer": law.issuer,
            "doc_number": law.doc_number, "effective": law.effective, "revised": law.revised,
            "status": law.status, "url": law.url}


def ref_record(ref: LegalRef) -> dict[str, Any]:
    return {"law": law_record(ref.law), "article": ref.article, "note": ref.note, "gist": ref.gist, "source": ref.source,
            "text": ref.text}


def _resolve_refs(node: Any, source: Any) -> Any:
    """Replace every asdict() legal reference with ref_record(), walking data and model together."""
    if isinstance(source, LegalRef):
        return ref_record(source)
    if isinstance(node, dict) and is_dataclass(source):
        return {k: _resolve_refs(v, getattr(source, k, None)) for k, v in node.items()}
    if isinstance(node, list | tuple) and isinstance(source, tuple | list):
        return [_resolve_refs(v, s) for v, s in zip(node, source, strict=True)]
    return node


def item_record(item: Item, site_url: str) -> dict[str, Any]:
    """One item with every reference resolved, plus the derived texts a reader would want."""
    record = _resolve_refs(asdict(item), item)
    record["url"] = site_url + item.url_path
    record["visits_label"] = item.visits_label
    record["time_limit"]["committed_text"] = item.time_limit.committed_text
    record["time_limit"]["legal_text"] = item.time_limit.legal_text
    record["fee"]["text"] = item.fee.text
    for data, material in zip(record["materials"], item.materials, strict=True):
        data.update(form_text=material.form_text, need_text=material.need_text, role_text=material.role_text)
    for data, output in zip(record["outputs"], item.outputs, strict=True):
        # 证照样本 where the site publishes it (the item page links the same file).
        data["sample_url"] = f"{site_url}{CATALOG_FILES}/{output.sample}" if output.sample else ""
    return record


def bundle_record(bundle: Bundle, site_url: str) -> dict[str, Any]:
    plan = bundle.plan
    return {
        "id": bundle.id, "name": bundle.name, "scenario": bundle.scenario, "summary": bundle.summary,
        "audience": list(bundle.audience), "effective": bundle.effective,
        "lead_department": bundle.lead_department.id if bundle.lead_department else "",
        "url": site_url + bundle.url_path, "basis": [ref_record(r) for r in bundle.basis],
        "members": [{"code": m.item.code, "after": list(m.member.after), "situation": m.member.situation,
                     "note": m.member.note, "stage": m.stage, "order_text": m.order_text(_names(plan)),
                     "materials": [mat.id for mat in m.materials]}
                    for m in plan.members],
        # Derived once in the model (onewindow.catalog.plan), exactly as page and PDF show them.
        "common_materials": [{"name": c.name, "ref": c.material.ref,
                              "uses": [{"code": u.item.code, "material": u.material.id} for u in c.uses]}
                             for c in plan.common],
        "stages": [list(stage) for stage in plan.stages],
        "critical_path": list(plan.critical_path),
        "critical_days": plan.critical_days, "serial_days": plan.serial_days, "saved_days": plan.saved_days,
        "visits": plan.visits, "serial_visits": plan.serial_visits,
    }


def _names(plan: BundlePlan) -> dict[int, str]:
    return {m.number: m.item.name for m in plan.members}


def _document_head(catalog: Catalog, site_url: str) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "site_url": site_url,
        "bundles": [bundle_record(b, site_url) for b in catalog.bundles.values()],
    }


def catalog_document(catalog: Catalog, site_url: str) -> dict[str, Any]:
    """The whole open-data document (what catalog.json holds)."""
    return {**_document_head(catalog, site_url), "items": [item_record(i, site_url) for i in catalog.items.values()]}


def government_service(item: Item, site_url: str) -> dict[str, Any]:
    """schema.org GovernmentService description of an item (embedded in its page)."""
    dept = item.department
    provider: dict[str, Any] = {
        "@type": "GovernmentOrganization", "name": dept.name, "telephone": dept.phone,
        "address": {"@type": "PostalAddress", "streetAddress": dept.address, "addressCountry": "CN"},
    }
    if dept.website:
        provider["url"] = dept.website
    channel: dict[str, Any] = {
        "@type": "ServiceChannel", "name": item.window.name,
        "servicePhone": {"@type": "ContactPoint", "telephone": item.enquiry_phone},
        "serviceLocation": {"@type": "Place", "name": dept.name, "address": dept.address},
        "availableLanguage": "zh-CN",
    }
    if item.online.available and item.online.url:
        channel["serviceUrl"] = item.online.url
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "GovernmentService",
        "identifier": item.code, "name": item.name, "serviceType": item.type,
        "url": site_url + item.url_path, "provider": provider, "availableChannel": channel,
    }
    if item.summary:
        data["description"] = item.summary
    if item.service_object:
        data["audience"] = [{"@type": "Audience", "audienceType": a} for a in item.service_object]
    outputs = [o.name for o in item.outputs]
    if outputs:
        data["serviceOutput"] = [{"@type": "Thing", "name": n} for n in outputs]
    return data


def script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element: `<`, `>`, `&` and line separators are escaped,
    so a catalog text containing `</script>` cannot end the element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


ITEMS_DIR = "opendata/items"  # one resolved record per item, reused across builds


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)


def _nest(fragment: str, depth: int) -> str:
    """A JSON text as it appears `depth` levels down in an indent=1 document."""
    return fragment.replace("\n", "\n" + " " * depth)


def write_assembled(stream: TextIO, head: dict[str, Any], item_texts: Iterable[str]) -> None:
    """Write catalog.json from the document head and per-item texts: byte-identical to dumping
    catalog_document at once, but one item text at a time, so a 10,000-item catalog never
    holds the whole document (or every item's text) in memory."""
    keys = sorted([*head, "items"])
    stream.write("{\n")
    for number, key in enumerate(keys):
        stream.write(f" {json.dumps(key)}: ")
        if key != "items":
            stream.write(_nest(_dumps(head[key]), 1))
        else:
            empty = True
            for text in item_texts:
                stream.write("[\n  " if empty else ",\n  ")
                stream.write(_nest(text, 2))
                empty = False
            stream.write("[]" if empty else "\n ]")
        stream.write(",\n" if number < len(keys) - 1 else "\n")
    stream.write("}\n")


def assemble(catalog: Catalog, site_url: str, item_texts: Iterable[str]) -> str:
    """catalog.json as one text (for tests and small catalogs); `render` streams it instead."""
    text = io.StringIO()
    write_assembled(text, _document_head(catalog, site_url), item_texts)
    return text.getvalue()


class OpenData(Target):
    name = "opendata"
    label = "开放数据"

    def size(self, catalog: Catalog) -> int:
        return len(catalog.items)

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        def write_item(item: Item, path: Path) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_dumps(item_record(item, out.site_url)), encoding="utf-8")

        def write_catalog(head: dict[str, Any], path: Path) -> None:
            with path.open("w", encoding="utf-8") as stream:
                write_assembled(stream, head, (p.read_text(encoding="utf-8") for p in fragments))

        rels = [f"{ITEMS_DIR}/{i.code}.json" for i in catalog.items.values()]
        fragments = [out.cache.produce(rel, (i, out.page_url(i.url_path)), partial(write_item, i))
                     for rel, i in zip(rels, catalog.items.values(), strict=True)]
        # catalog.json is a function of the head and of the records, whose keys stand for their
        # texts: an unchanged catalog reuses it without reading every record back.
        head = _document_head(catalog, out.site_url)
        inputs = (hashlib.sha256(_dumps(head).encode()).hexdigest(), tuple(out.cache.keys[rel] for rel in rels))
        return [out.cache.produce(FILENAME, inputs, partial(write_catalog, head)), *fragments]
