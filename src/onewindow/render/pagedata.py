"""What the page templates show beyond the model: change history, and which generated
assets (flowcharts) exist. (A bundle's derived facts are the model's: `Bundle.plan`.)"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from onewindow.catalog.model import Bundle, Department, Item, Material, Situation, Window
from onewindow.catalog.plan import document_key, member_materials
from onewindow.diff.history import HistoryEntry, history_for


def history(catalog_root: Path, rel_file: str) -> list[HistoryEntry]:
    return history_for(catalog_root, rel_file) if rel_file else []


def last_updated(catalog_root: Path, item: Item) -> str:
    """The newest of the record's own dates and its last commit's date.

    Only the date of a commit is shown: its subject is written for developers, and citizens
    read the record's dated change notes (`changes`) instead.
    """
    dates = [item.effective, item.revised, *(c.date for c in item.changes),
             *(h.date for h in history(catalog_root, item.source_file)[:1])]
    return max(d for d in dates if d)


def flowchart(docs_dir: Path, obj: Item | Bundle) -> str:
    """Site path of the object's flowchart SVG, or "" when none was generated."""
    kind, key = ("items", obj.code) if isinstance(obj, Item) else ("bundles", obj.id)
    path = f"assets/flowcharts/{kind}/{key}.svg"
    return path if (docs_dir / path).is_file() else ""


# 我的清单 (my own list): a few yes/no questions decide which materials a citizen brings.

_ASIDE = re.compile(r"[（(][^）)]*[）)]")


def condition_label(material: Material) -> str:
    """The question a conditional material asks: its editor's `question`, else its condition
    as a statement to tick (委托代理人办理的 → 委托代理人办理)."""
    if material.question:
        return material.question
    text = _ASIDE.sub("", material.condition).strip().rstrip("。；;，,")
    return text.removesuffix("的") or material.condition


@dataclass(frozen=True)
class Question:
    id: str  # the URL value: the id of the first material it decides (stable across edits)
    text: str


@dataclass(frozen=True)
class ListEntry:
    material: Material
    situations: tuple[str, ...]  # shown only for these situations (empty: always)
    question: str  # Question.id that must be answered yes, or "" (always needed)
    items: tuple[Item, ...] = ()  # on a bundle page: the members that need it


@dataclass(frozen=True)
class MyList:
    situations: tuple[Situation, ...]  # asked first, one of them, when materials depend on them
    questions: tuple[Question, ...]
    bring: tuple[ListEntry, ...]  # what the applicant brings
    fetched: tuple[ListEntry, ...]  # what the window fetches itself (data sharing)
    forms: tuple[Material, ...]  # forms to fill in: blank form and/or sample

    @property
    def asks(self) -> bool:
        return bool(self.situations or self.questions)


def _my_list(uses: list[tuple[Item, Material]], situations: tuple[Situation, ...]) -> MyList:
    """Materials in order, merged when they are the same document asked under the same
    condition (a shareholder's 营业执照 is not the new company's); one question per condition."""
    questions: dict[str, Question] = {}
    merged: dict[tuple[str, str], list[tuple[Item, Material]]] = {}
    for item, material in uses:
        label = condition_label(material) if not material.required and material.condition else ""
        merged.setdefault((document_key(material), label), []).append((item, material))
    entries = []
    for (_, label), group in merged.items():
        material = group[0][1]
        question = questions.setdefault(label, Question(material.id, label)).id if label else ""
        sits = () if any(not m.situations for _, m in group) else tuple(
            dict.fromkeys(s for _, m in group for s in m.situations))
        items = tuple(dict.fromkeys(i for i, _ in group))
        entries.append(ListEntry(material, sits, question, items))
    return MyList(
        situations=situations if any(e.situations for e in entries) else (),
        questions=tuple(questions.values()),
        bring=tuple(e for e in entries if not e.material.shared),
        fetched=tuple(e for e in entries if e.material.shared),
        forms=tuple(e.material for e in entries if e.material.blank_form or e.material.sample),
    )


def item_list(item: Item) -> MyList:
    return _my_list([(item, m) for m in item.materials], item.situations)


def bundle_list(bundle: Bundle) -> MyList:
    """The members' materials once each; a member fixed to one situation brings only its part."""
    uses = [(member.item, m) for member in bundle.members for m in member_materials(member)]
    return _my_list(uses, ())


@dataclass(frozen=True)
class BundleDesk:
    """Where and how a citizen applies for a bundle: one window of the lead department."""

    window: Window  # the lead window that takes the whole bundle
    department: Department  # the lead department (address, hours)
    phone: str
    online_url: str  # the bundle's own one-application entry; a member's link would mislead
    windows: tuple[Window, ...]  # every member's window: the citizen does not visit them


def bundle_desk(bundle: Bundle) -> BundleDesk:
    items = [m.item for m in bundle.members]
    lead = bundle.lead_department or items[0].department
    first = next((i for i in items if i.department == lead), items[0])
    return BundleDesk(first.window, lead, first.enquiry_phone, bundle.online_url,
                      tuple(dict.fromkeys(i.window for i in items)))
