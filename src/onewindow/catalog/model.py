"""The resolved catalog: frozen dataclasses that renderers consume. Built only from valid sources."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from onewindow.catalog.articles import cited_articles
from onewindow.catalog.kinds import as_dict, as_list
from onewindow.catalog.loader import Sources

if TYPE_CHECKING:
    from onewindow.catalog.plan import BundlePlan


@dataclass(frozen=True)
class LawRevision:
    date: str
    doc_number: str
    effective: str = ""
    changes: str = ""


@dataclass(frozen=True)
class LawArticle:
    number: str  # 第九条
    gist: str = ""
    deleted: str = ""  # date the article was deleted by a revision
    instead: str = ""  # what to cite now


@dataclass(frozen=True)
class Law:
    id: str
    title: str
    level: str
    issuer: str
    doc_number: str = ""
    effective: str = ""
    revised_field: str = ""
    url: str = ""
    status: str = "现行有效"
    revisions: tuple[LawRevision, ...] = ()
    repealed: str = ""
    replaced_by: str = ""
    # Left out of the hash (a dict cannot be hashed); equality still compares it.
    articles: dict[str, LawArticle] = field(default_factory=dict, hash=False)
    source: str = ""

    @property
    def revised(self) -> str:
        """Date of the latest revision: the revision list when recorded, else the field."""
        return max((r.date for r in self.revisions), default="") or self.revised_field

    @property
    def in_force(self) -> bool:
        return self.status != "已废止"


def law_from_record(key: str, v: dict[str, Any]) -> Law:
    """One register entry (already schema-valid) as a Law."""
    revisions = tuple(
        LawRevision(str(r["date"]), str(r["doc_number"]), _text(r, "effective"), _text(r, "changes"))
        for r in as_list(v.get("revisions")) if isinstance(r, dict)
    )
    articles = {
        str(number): LawArticle(str(number), _text(a, "gist"), _text(a, "deleted"), _text(a, "instead"))
        for number, a in as_dict(v.get("articles")).items() if isinstance(a, dict)
    }
    return Law(key, v["title"], v["level"], v["issuer"], _text(v, "doc_number"), _text(v, "effective"),
               _text(v, "revised"), _text(v, "url"), _text(v, "status") or "现行有效", revisions,
               _text(v, "repealed"), _text(v, "replaced_by"), articles, _text(v, "source"))


@dataclass(frozen=True)
class LegalRef:
    law: Law
    article: str
    note: str = ""
    source: str = ""  # where the editor read the article

    @property
    def text(self) -> str:
        return f"《{self.law.title}》{self.article}"

    @property
    def gist(self) -> str:
        """The register's one-line gist of each cited article, when the register has one."""
        found = (self.law.articles.get(n) for n in cited_articles(self.article))
        return "；".join(a.gist for a in found if a is not None and a.gist)


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    address: str
    hours: str
    phone: str
    complaint_phone: str
    short_name: str = ""
    org_code: str = ""
    website: str = ""
    transit: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Window:
    id: str
    name: str
    description: str = ""
    location: str = ""


@dataclass(frozen=True)
class Callout:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Sample:
    image: str  # path relative to the catalog directory
    alt: str = ""
    callouts: tuple[Callout, ...] = ()


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    form: str
    copies: int
    medium: str
    source: str
    basis: tuple[LegalRef, ...]
    ref: str = ""  # register id when the material is a common document
    required: bool = True
    condition: str = ""
    role: str = "主件"
    supply_days: int | None = None
    situations: tuple[str, ...] = ()
    review_points: tuple[str, ...] = ()
    spec: str = ""
    source_note: str = ""
    blank_form: str = ""
    sample: Sample | None = None
    note: str = ""
    issuer: str = ""
    question: str = ""  # what 我的清单 asks a citizen about `condition` (yes/no)

    @property
    def shared(self) -> bool:
        """Fetched by the window through data sharing: the applicant brings nothing."""
        return self.source == "数据共享获取"

    @property
    def secondary(self) -> bool:
        return self.role == "容缺"

    @property
    def form_text(self) -> str:
        if self.shared:
            return "免提交（数据共享获取）"
        return f"{self.form} {self.copies} 份" if self.copies else self.form

    @property
    def need_text(self) -> str:
        return "必要" if self.required else f"情形必要：{self.condition}"

    @property
    def role_text(self) -> str:
        return f"容缺（{self.supply_days} 个工作日内补齐）" if self.secondary else "主件"


@dataclass(frozen=True)
class Condition:
    text: str
    basis: tuple[LegalRef, ...]


@dataclass(frozen=True)
class Step:
    stage: str
    name: str
    actor: str
    days: int | None = None
    applicant_present: bool = False
    counted: bool = True
    description: str = ""


@dataclass(frozen=True)
class TimeLimit:
    on_the_spot: bool
    legal_days: int | None = None
    committed_days: int | None = None
    note: str = ""
    legal_unit: str = "工作日"  # as the law states it: 日 (calendar days) or 工作日

    @property
    def committed_text(self) -> str:
        return "即办（当场办结）" if self.on_the_spot else f"{self.committed_days} 个工作日"

    @property
    def legal_text(self) -> str:
        if self.legal_days is None:
            return "当场办结"
        return f"{self.legal_days} 个工作日" if self.legal_unit == "工作日" else f"{self.legal_days} 日"

    @property
    def working_days(self) -> int:
        """Committed working days, 0 for on-the-spot items (used for bundle plans)."""
        return 0 if self.on_the_spot else int(self.committed_days or 0)


@dataclass(frozen=True)
class FeeItem:
    name: str
    standard: str
    basis: tuple[LegalRef, ...]
    reducible: bool | None = None


@dataclass(frozen=True)
class Fee:
    charged: bool
    items: tuple[FeeItem, ...] = ()
    note: str = ""

    @property
    def text(self) -> str:
        if not self.charged:
            return "不收费"
        return "；".join(f"{i.name}：{i.standard}" for i in self.items)


@dataclass(frozen=True)
class Online:
    available: bool
    depth: str = ""
    url: str = ""
    mail: bool = False
    appointment: bool = False


@dataclass(frozen=True)
class Output:
    type: str
    name: str
    validity: str = ""
    delivery: tuple[str, ...] = ()
    sample: str = ""


@dataclass(frozen=True)
class RefusalCase:
    text: str
    basis: tuple[LegalRef, ...]


@dataclass(frozen=True)
class Intermediary:
    name: str
    provider: str
    material: str = ""  # id of the material the agency issues
    charged: bool | None = None
    basis: tuple[LegalRef, ...] = ()


@dataclass(frozen=True)
class Remedy:
    review_body: str
    review_deadline: str
    court: str
    litigation_deadline: str
    basis: tuple[LegalRef, ...] = ()


@dataclass(frozen=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True)
class Situation:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class ChangeNote:
    """A dated, plain-Chinese note of what changed for citizens (never a commit subject)."""

    date: str
    note: str


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    type: str
    department: Department
    window: Window
    legal_basis: tuple[LegalRef, ...]
    conditions: tuple[Condition, ...]
    materials: tuple[Material, ...]
    process: tuple[Step, ...]
    time_limit: TimeLimit
    fee: Fee
    visits: int
    online: Online
    outputs: tuple[Output, ...]
    faq: tuple[Faq, ...]
    effective: str
    source_file: str  # path of the YAML record relative to the catalog directory
    level: str = ""
    service_object: tuple[str, ...] = ()
    summary: str = ""
    situations: tuple[Situation, ...] = ()
    visit_reason: str = ""
    enquiry_phone: str = ""
    complaint_phone: str = ""
    notes: tuple[str, ...] = ()
    revised: str = ""
    keywords: tuple[str, ...] = ()  # the citizens' own words (俗称) for search
    changes: tuple[ChangeNote, ...] = ()  # newest first
    quantity_limit: str = ""
    not_accepted: tuple[RefusalCase, ...] = ()
    not_granted: tuple[RefusalCase, ...] = ()
    intermediary: tuple[Intermediary, ...] = ()
    remedy: Remedy | None = None
    scope: str = ""  # 通办范围
    hours: str = ""  # the item's own hours, else the department's
    address: str = ""  # the item's own place, else the department's

    @property
    def url_path(self) -> str:
        """Stable page path: depends only on the code, so printed QR codes never go stale."""
        return f"items/{self.code}/"

    @property
    def visits_label(self) -> str:
        if self.visits == 0:
            return "零跑"
        return "最多跑一次" if self.visits == 1 else f"跑 {self.visits} 次"

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)


@dataclass(frozen=True)
class BundleMember:
    item: Item
    after: tuple[str, ...] = ()
    situation: str = ""
    note: str = ""


@dataclass(frozen=True)
class Bundle:
    id: str
    name: str
    members: tuple[BundleMember, ...]
    scenario: str = ""
    audience: tuple[str, ...] = ()
    summary: str = ""
    lead_department: Department | None = None
    effective: str = ""
    source_file: str = ""
    keywords: tuple[str, ...] = ()
    online_url: str = ""
    basis: tuple[LegalRef, ...] = ()

    @property
    def url_path(self) -> str:
        return f"bundles/{self.id}/"

    @cached_property
    def plan(self) -> BundlePlan:
        """Everything derived from the bundle (common materials, order, days, visits), computed
        once and read by every output."""
        from onewindow.catalog.plan import bundle_plan

        return bundle_plan(self)


@dataclass(frozen=True)
class Catalog:
    root: FsPath
    laws: dict[str, Law]
    departments: dict[str, Department]
    windows: dict[str, Window]  # by name, as items cite them
    items: dict[str, Item]  # by code, in file order
    bundles: dict[str, Bundle]
    common_materials: dict[str, dict[str, Any]] = field(default_factory=dict)

    def items_of_department(self, dept_id: str) -> list[Item]:
        return [i for i in self.items.values() if i.department.id == dept_id]

    def items_of_window(self, window_name: str) -> list[Item]:
        return [i for i in self.items.values() if i.window.name == window_name]

    def bundles_of_item(self, code: str) -> list[Bundle]:
        return [b for b in self.bundles.values() if any(m.item.code == code for m in b.members)]


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


class _Builder:
    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        laws = sources.register("laws")
        self.laws = {key: law_from_record(key, v) for key, v in as_dict(laws.data.get("laws") if laws else {}).items()}
        registry = sources.register("materials")
        self.common = as_dict(registry.data.get("materials")) if registry else {}
        windows = sources.register("windows")
        self.windows = {
            w["name"]: Window(w["id"], w["name"], _text(w, "description"), _text(w, "location"))
            for w in as_list(windows.data.get("windows") if windows else [])
        }
        self.departments = {
            d.data["id"]: Department(
                d.data["id"], d.data["name"], d.data["address"], d.data["hours"], d.data["phone"],
                d.data["complaint_phone"], _text(d.data, "short_name"), _text(d.data, "org_code"),
                _text(d.data, "website"), _text(d.data, "transit"))
            for d in sources.of_kind("department")
        }

    def refs(self, value: Any) -> tuple[LegalRef, ...]:
        return tuple(LegalRef(self.laws[r["law"]], str(r["article"]), _text(r, "note"), _text(r, "source"))
                     for r in as_list(value))

    def material(self, m: dict[str, Any]) -> Material:
        common = as_dict(self.common.get(m.get("ref", "")))
        sample = as_dict(m.get("sample"))
        return Material(
            id=m["id"], name=m.get("name") or common.get("name", ""), form=m["form"], copies=m["copies"],
            medium=m["medium"], source=m["source"], basis=self.refs(m.get("basis")), ref=_text(m, "ref"),
            required=m.get("required", True), condition=_text(m, "condition"), role=m.get("role", "主件"),
            supply_days=m.get("supply_days"), situations=tuple(m.get("situations", ())),
            review_points=tuple(m.get("review_points", ())), spec=_text(m, "spec"),
            source_note=_text(m, "source_note"), blank_form=_text(m, "blank_form"),
            sample=Sample(sample["image"], _text(sample, "alt"),
                          tuple(Callout(float(c["x"]), float(c["y"]), c["text"]) for c in sample.get("callouts", ())))
            if sample else None,
            note=_text(m, "note"), issuer=_text(common, "issuer"), question=_text(m, "question"),
        )

    def item(self, file: Any) -> Item:
        d = file.data
        dept = self.departments[d["department"]]
        contact = as_dict(d.get("contact"))
        limit, fee, online = d["time_limit"], d["fee"], d["online"]
        return Item(
            code=d["code"], name=d["name"], type=d["type"], department=dept, window=self.windows[d["window"]],
            legal_basis=self.refs(d["legal_basis"]),
            conditions=tuple(Condition(c["text"], self.refs(c.get("basis"))) for c in d["conditions"]),
            materials=tuple(self.material(m) for m in d["materials"]),
            process=tuple(Step(s["stage"], s["name"], s["actor"], s.get("days"), s.get("applicant_present", False),
                               s.get("counted", True), _text(s, "description")) for s in d["process"]),
            time_limit=TimeLimit(limit["on_the_spot"], limit.get("legal_days"), limit.get("committed_days"),
                                 _text(limit, "note"), limit.get("legal_unit", "工作日")),
            fee=Fee(fee["charged"], tuple(FeeItem(f["name"], f["standard"], self.refs(f["basis"]), f.get("reducible"))
                                          for f in fee.get("items", ())), _text(fee, "note")),
            visits=d["visits"],
            online=Online(online["available"], _text(online, "depth"), _text(online, "url"),
                          online.get("mail", False), online.get("appointment", False)),
            outputs=tuple(Output(o["type"], o["name"], _text(o, "validity"), tuple(o.get("delivery", ())),
                                 _text(o, "sample")) for o in d["outputs"]),
            faq=tuple(Faq(f["q"], f["a"]) for f in d["faq"]),
            effective=d["effective"],
            source_file=self.source_file(file),
            level=_text(d, "level"), service_object=tuple(d.get("service_object", ())), summary=_text(d, "summary"),
            situations=tuple(Situation(s["id"], s["name"], _text(s, "description")) for s in d.get("situations", ())),
            visit_reason=_text(d, "visit_reason"),
            enquiry_phone=contact.get("enquiry_phone") or dept.phone,
            complaint_phone=contact.get("complaint_phone") or dept.complaint_phone,
            notes=tuple(d.get("notes", ())), revised=_text(d, "revised"),
            keywords=tuple(d.get("keywords", ())),
            changes=tuple(sorted((ChangeNote(c["date"], c["note"]) for c in d.get("changes", ())),
                                 key=lambda c: c.date, reverse=True)),
            quantity_limit=_text(d, "quantity_limit"),
            not_accepted=self.refusals(as_dict(d.get("refusal")).get("not_accepted")),
            not_granted=self.refusals(as_dict(d.get("refusal")).get("not_granted")),
            intermediary=tuple(Intermediary(s["name"], s["provider"], _text(s, "material"), s.get("charged"),
                                            self.refs(s.get("basis"))) for s in d.get("intermediary", ())),
            remedy=self.remedy(d.get("remedy")), scope=_text(d, "scope"),
            hours=contact.get("hours") or dept.hours, address=contact.get("address") or dept.address,
        )

    def refusals(self, value: Any) -> tuple[RefusalCase, ...]:
        return tuple(RefusalCase(r["text"], self.refs(r["basis"])) for r in as_list(value))

    def remedy(self, value: Any) -> Remedy | None:
        r = as_dict(value)
        if not r:
            return None
        return Remedy(r["review_body"], r["review_deadline"], r["court"], r["litigation_deadline"],
                      self.refs(r.get("basis")))
    def source_file(self, file: Any) -> str:
        """The record's path relative to the catalog; a district's implementation record lies
        beside its base catalog, not inside it (see catalog/layers.py)."""
        if file.fs_path is None:
            return file.file
        return FsPath(os.path.relpath(file.fs_path, self.sources.root)).as_posix()

    def bundle(self, file: Any, items: dict[str, Item]) -> Bundle:
        d = file.data
        return Bundle(
            id=d["id"], name=d["name"],
            members=tuple(BundleMember(items[m["code"]], tuple(m.get("after", ())), _text(m, "situation"),
                                       _text(m, "note")) for m in d["items"]),
            scenario=_text(d, "scenario"), audience=tuple(d.get("audience", ())), summary=_text(d, "summary"),
            lead_department=self.departments.get(d.get("lead_department", "")), effective=_text(d, "effective"),
            source_file=self.source_file(file),
            keywords=tuple(d.get("keywords", ())), online_url=_text(d, "online_url"),
            basis=self.refs(d.get("basis")),
        )


def build_model(sources: Sources) -> Catalog:
    """Resolve a catalog that passed `check` (no errors) into the model renderers consume."""
    builder = _Builder(sources)
    items = {f.data["code"]: builder.item(f) for f in sorted(sources.of_kind("item"), key=lambda f: f.data["code"])}
    bundles = {f.data["id"]: builder.bundle(f, items) for f in sorted(sources.of_kind("bundle"), key=lambda f: f.data["id"])}
    return Catalog(sources.root, builder.laws, builder.departments, builder.windows, items, bundles, builder.common)
