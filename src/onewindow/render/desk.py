"""The front desk (窗口受理台): a static page at site/desk/ where a generalist clerk finds any
item or bundle, checks the applicant's documents row by row and prints either the one-time
notice or the acceptance receipt. It works offline and from the file system: the data are
JavaScript files loaded with <script> (fetch() is refused on file:// URLs), one small search
index plus one file per item or bundle loaded when the clerk picks it.

Rows and wording come from onewindow.render.intake, shared with `onewindow notice`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from onewindow.catalog.model import Bundle, Catalog, Item
from onewindow.render.intake import (
    NUMBER_FORMAT,
    WORDING,
    Subject,
    bundle_subject,
    desk_json,
    item_subject,
)
from onewindow.render.markup import environment
from onewindow.render.qrcodes import qr_relpath
from onewindow.render.target import Output, Target

DESK_DIR = Path("docs") / "desk"
ASSETS = ("desk.js", "desk.css")


def _script(variable_call: str, data: object) -> str:
    # "</" never appears inside the JSON, so a catalog text cannot end the <script> early.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f"{variable_call}({text});\n"


def subject_file(kind: str, key: str) -> str:
    return f"data/{kind}-{key}.js"


def search_words(obj: Item | Bundle) -> list[str]:
    """What a clerk may type besides the name and code: the citizens' words, what it issues, who handles it."""
    words = list(getattr(obj, "keywords", ()) or ())
    if isinstance(obj, Item):
        words += [o.name for o in obj.outputs] + [s.name for s in obj.situations]
        words += [obj.department.name, obj.department.label, obj.window.name]
    else:
        words += [obj.scenario, *(m.item.name for m in obj.members)]
    return [w for w in dict.fromkeys(words) if w]


def identity(obj: Item | Bundle) -> tuple[str, str]:
    """(kind, key) of the desk's subject for `obj`, as its Subject states them."""
    return ("item", obj.code) if isinstance(obj, Item) else ("bundle", obj.id)


def index_entry(obj: Item | Bundle) -> dict[str, Any]:
    kind, key = identity(obj)
    return {"kind": kind, "key": key, "name": obj.name, "words": search_words(obj),
            "meta": (f"{obj.code}　{obj.department.name}　{obj.window.name}窗口" if isinstance(obj, Item)
                     else f"一件事　{len(obj.members)} 个事项"),
            "file": subject_file(kind, key)}


def subject_data(obj: Item | Bundle, subject: Subject) -> dict[str, Any]:
    data = desk_json(subject)
    data["qr"] = "../" + qr_relpath(obj).as_posix()
    data["guide"] = "../" + subject.url_path
    if isinstance(obj, Item):
        data["situation_list"] = [{"id": s.id, "name": s.name, "description": s.description} for s in obj.situations]
    return data


class Desk(Target):
    name = "desk"
    label = "窗口受理台"
    per_record = True

    def render(self, catalog: Catalog, out: Output) -> list[Path]:
        return _render(catalog, out)


def _render(catalog: Catalog, ctx: Output) -> list[Path]:
    written: list[Path] = []

    def produce(rel: str, inputs: tuple[Any, ...], text: Callable[[], str]) -> None:
        def write(path: Path) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text(), encoding="utf-8")

        written.append(ctx.cache.produce((DESK_DIR / rel).as_posix(), inputs, write))

    def subject_script(obj: Item | Bundle) -> str:
        subject = item_subject(obj) if isinstance(obj, Item) else bundle_subject(obj)
        return _script("OW_DESK.subject", subject_data(obj, subject))

    objects: list[Item | Bundle] = [*catalog.bundles.values(), *catalog.items.values()]
    index = []
    for obj in objects:
        index.append(index_entry(obj))
        # A subject's file shows only its record (a bundle's holds its members): keyed on the
        # record, the rows are worked out again only for a record that changed.
        produce(subject_file(*identity(obj)), (obj,), partial(subject_script, obj))
    settings = {"wording": WORDING, "number_format": NUMBER_FORMAT, "index": index}
    produce("data/index.js", (settings,), partial(_script, "OW_DESK.init", settings))
    env = environment(ctx.templates_dir / "desk")
    page = env.get_template("index.html.j2").render(count_items=len(catalog.items), count_bundles=len(catalog.bundles))
    produce("index.html", (page,), lambda: page)
    for name in ASSETS:
        source = ctx.templates_dir / "desk" / name
        produce(name, (source.read_bytes(),), partial(source.read_text, encoding="utf-8"))
    return written
