"""Synthetic catalogs for benchmarks: `onewindow bench generate`.

A generated catalog is shaped like a real district item list: registers, departments in several
districts, items built from real name parts with legal bases, conditional / 容缺 / shared
materials, annotated samples, full licence processes, and "一件事" bundles with acyclic
prerequisites. It passes `onewindow check` with no problems, and the same seed always gives
byte-identical files, so benchmark runs on different machines measure the same input.

YAML is written by a small emitter rather than yaml.safe_dump: it is several times faster at
10,000 items and lets us keep the house style (plain Chinese scalars, quoted codes and dates).
"""

from __future__ import annotations

import functools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from onewindow.bench import synth_data as V
from onewindow.errors import UsageError

SAMPLE_ASSET = "assets/samples/application-form.svg"
LICENCE_SAMPLE_ASSET = "assets/samples/licence-sample.svg"  # 证照样本 every synthetic licence shows
ONLINE_URL = "https://zwfw.example.gov.cn/item/"

# --------------------------------------------------------------------------- YAML emitter

# Plain (unquoted) only where every YAML 1.1/1.2 reader agrees it is a string: text starting
# with a CJK or full-width character, or a lowercase slug that is not a YAML 1.1 keyword.
_CJK_START = re.compile(r"^[\u2160-\u217f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef（《“]")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_UNSAFE = re.compile(r": |:$| #|[\n\t\\]|\s$")


@functools.lru_cache(maxsize=65536, typed=True)  # the same names and enums recur thousands of times
def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if (_CJK_START.match(text) or (_SLUG.match(text) and text not in _YAML11_WORDS)) and not _UNSAFE.search(text):
        return text
    # JSON strings are valid YAML double-quoted scalars.
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, dict | list) and child:
                out.append(f"{pad}{key}:")
                _emit(child, indent + 2, out)
            elif isinstance(child, dict | list):
                out.append(f"{pad}{key}: {'{}' if isinstance(child, dict) else '[]'}")
            else:
                out.append(f"{pad}{key}: {_scalar(child)}")
    else:
        for child in value:
            if isinstance(child, dict) and child:
                start = len(out)
                _emit(child, indent + 2, out)
                out[start] = f"{pad}- {out[start][indent + 2:]}"
            else:
                out.append(f"{pad}- {_scalar(child)}")


def to_yaml(data: dict[str, Any], header: str = "") -> str:
    """Block-style YAML for plain data (dicts keep their insertion order)."""
    out: list[str] = [header] if header else []
    _emit(data, 0, out)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- helpers

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals as used in article numbers (第十二条, 第一百零五条)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


def _article(rng: random.Random) -> str:
    return f"第{chinese_number(rng.randint(1, 120))}条"


@dataclass(frozen=True)
class Department:
    id: str
    number: int  # 1-based, part of every item code of the department
    spec: V.DeptSpec
    district: str

    @property
    def name(self) -> str:
        return f"{V.CITY}{self.district}{self.spec.name}"


@dataclass(frozen=True)
class Summary:
    items: int
    departments: int
    bundles: int
    files: int


def make_departments(count: int) -> list[Department]:
    """`count` departments: every department kind in the first district, then the next district."""
    kinds = len(V.DEPARTMENTS)
    result = []
    for n in range(count):
        cycle, spec = divmod(n, kinds)
        district, code = V.DISTRICTS[cycle % len(V.DISTRICTS)]
        suffix = "" if cycle == 0 else f"-{code}" + (str(cycle // len(V.DISTRICTS)) if cycle >= len(V.DISTRICTS) else "")
        result.append(Department(V.DEPARTMENTS[spec].key + suffix, n + 1, V.DEPARTMENTS[spec], district))
    return result


# --------------------------------------------------------------------------- records


def laws_register() -> dict[str, Any]:
    return {"laws": {key: {"title": t, "level": lv, "issuer": iss, "doc_number": doc, "effective": eff}
                     for key, (t, lv, iss, doc, eff) in V.LAWS.items()}}


def materials_register() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, (name, issuer, shared, licence, desc) in V.REGISTER_MATERIALS.items():
        entry: dict[str, Any] = {"name": name, "issuer": issuer, "shared": shared}
        if licence:
            entry["license_type"] = licence
        entry["description"] = desc
        out[key] = entry
    return {"materials": out}


def windows_register() -> dict[str, Any]:
    return {"windows": [{"id": i, "name": n, "description": d, "location": loc} for i, n, d, loc in V.WINDOWS]}


def department_record(dept: Department) -> dict[str, Any]:
    return {
        "id": dept.id,
        "name": dept.name,
        "short_name": f"{dept.district[:-1]}{dept.spec.short}",
        "org_code": f"11{V.REGION}{dept.number:010d}",
        "address": f"{V.CITY}{dept.district}迎宾路88号政务服务中心{dept.number % 3 + 1}楼{dept.number:03d}号窗口",
        "hours": "周一至周五 上午9:00—12:00，下午13:30—17:00（法定节假日除外）",
        "phone": f"0000-87{dept.number:06d}",
        "complaint_phone": "12345",
    }


_STEMS = ("许可", "登记", "审批", "核准", "认定", "检查", "验收", "审查", "备案")


def _base_name(subject: str) -> str:
    return subject if subject.endswith(_STEMS) else subject + "许可"


def _stem(subject: str) -> str:
    for suffix in _STEMS:
        if subject.endswith(suffix) and len(subject) > len(suffix) + 1:
            return subject[: -len(suffix)]
    return subject


class _ItemWriter:
    """Builds one item record; a class only to share the rng and department across helpers."""

    def __init__(self, rng: random.Random, dept: Department, serial: int) -> None:
        self.rng, self.dept = rng, dept
        spec = dept.spec
        self.subject = rng.choice(spec.subjects)
        self.action = rng.choice(V.ACTIONS)
        self.licence = self.action[1] == "行政许可"
        self.law = rng.choice(spec.laws)
        # Code: region + department number + item-type letters + serial within the department.
        self.code = f"{V.REGION}{dept.number:03d}{self.action[2]}{serial:05d}"

    def basis(self) -> list[dict[str, str]]:
        return [{"law": self.law, "article": _article(self.rng)}]

    def name(self) -> str:
        suffix, scope = self.action[0], self.rng.choice(V.SCOPES)
        if suffix.startswith("（"):
            return _base_name(self.subject) + suffix + scope
        return _stem(self.subject) + suffix + scope

    def record(self) -> dict[str, Any]:
        rng, name = self.rng, self.name()
        visits = self.visits()
        situations = rng.random() < 0.25
        data: dict[str, Any] = {
            "code": self.code,
            "name": name,
            "type": self.action[1],
            "department": self.dept.id,
            "window": self.dept.spec.window,
            "level": "区县级",
            "service_object": ["法人", "其他组织"] if rng.random() < 0.7 else ["自然人"],
            "summary": f"{self.dept.spec.short}依申请办理{name}，申请人按本指南准备材料，可在综合窗口或网上提交。",
            "legal_basis": self.basis() + ([{"law": "administrative-licensing-law", "article": "第二十九条",
                                              "note": "申请人向行政机关提出申请"}] if self.licence else []),
        }
        if situations:
            data["situations"] = [{"id": "new", "name": "新办"},
                                  {"id": "change", "name": "变更", "description": "名称、地址或负责人变更的"}]
        data["conditions"] = [{"text": t, "basis": self.basis()}
                              for t in rng.sample(self.dept.spec.conditions, rng.randint(1, len(self.dept.spec.conditions)))]
        data["materials"] = list(self.materials(situations))
        data.update(self.process_and_time(visits))
        data["fee"] = self.fee()
        data["visits"] = visits
        if visits:
            data["visit_reason"] = V.VISIT_REASONS[2 if visits == 2 else rng.randint(0, 1)]
        data["online"] = self.online(visits)
        data["outputs"] = [self.output()]
        data["faq"] = self.faq()
        agency = [m for m in data["materials"] if m.get("source") == "中介机构出具"]
        if agency:
            data["intermediary"] = [{"name": f"{m['name']}编制", "provider": "依法设立的中介机构（申请人自主选择）",
                                     "material": m["id"], "charged": True} for m in agency]
        if self.licence:
            data.update(self.licence_elements())
        data["notes"] = rng.sample(V.NOTES, rng.randint(1, 2))
        first = rng.randrange(len(V.DATES) - 1)
        data["effective"] = V.DATES[first]
        data["revised"] = V.DATES[rng.randrange(first + 1, len(V.DATES))]
        return data

    def licence_elements(self) -> dict[str, Any]:
        """数量限制, 不予许可情形, 救济途径 and 通办范围, which OW229 requires of 行政许可 items."""
        licensing = [{"law": "administrative-licensing-law", "article": "第三十八条"}]
        return {
            "quantity_limit": "无数量限制",
            "scope": "全区通办",
            "refusal": {"not_granted": [{"text": "申请人不符合本指南“受理条件”所列任何一项的", "basis": licensing}]},
            "remedy": {"review_body": f"{V.CITY}{self.dept.district}人民政府",
                       "review_deadline": "自知道或者应当知道该行政行为之日起60日内",
                       "court": f"{V.CITY}{self.dept.district}人民法院",
                       "litigation_deadline": "自知道或者应当知道作出行政行为之日起6个月内"},
        }

    def visits(self) -> int:
        roll = self.rng.random()
        if roll < 0.3:
            return 0
        return 2 if roll > 0.8 and self.licence else 1

    def materials(self, situations: bool) -> Iterator[dict[str, Any]]:
        rng = self.rng
        base = _base_name(self.subject)
        form: dict[str, Any] = {"id": "application-form", "name": f"{base}申请书", "form": "原件", "copies": 1,
                                "medium": "纸质或电子", "spec": "A4", "source": "申请人自备",
                                "source_note": "可在政务服务网本事项页面下载，或在综合窗口领取",
                                "review_points": rng.sample(V.REVIEW_POINTS, 3), "basis": self.basis(),
                                "note": "用黑色签字笔或打印填写，不得涂改；申请人为单位的加盖公章。"}
        if rng.random() < 0.35:
            points = rng.sample(V.CALLOUTS, rng.randint(2, 3))
            form["sample"] = {"image": SAMPLE_ASSET, "alt": f"{base}申请书填写示例",
                              "callouts": [{"x": 20 + 25 * i, "y": 20 + 20 * i, "text": t} for i, t in enumerate(points)]}
        yield form
        yield {"id": "id-card", "ref": "id-card", "form": "原件", "copies": 0, "medium": "纸质",
               "source": "申请人自备", "review_points": ["证件在有效期内", "人证相符"], "basis": self.basis()}
        shared = rng.choice(V.SHARED_REFS)
        yield {"id": shared, "ref": shared, "form": "原件", "copies": 0, "medium": "电子", "source": "数据共享获取",
               "source_note": "窗口通过电子证照库调取，申请人无需提交", "basis": self.basis()}
        yield {"id": "power-of-attorney", "ref": "power-of-attorney", "form": "原件", "copies": 1, "medium": "纸质",
               "source": "申请人自备", "required": False, "condition": "委托代理人办理的", "basis": self.basis()}
        yield from self.extra_materials(rng.randint(0, 8), situations)

    def extra_materials(self, count: int, situations: bool) -> Iterator[dict[str, Any]]:
        rng = self.rng
        pool = [(f"doc-{i + 1}", n) for i, n in enumerate(self.dept.spec.materials)] + list(V.GENERAL_MATERIALS)
        pool.append(("lease-contract", ""))
        secondary_done = False
        for mid, name in rng.sample(pool, min(count, len(pool))):
            entry: dict[str, Any] = {"id": mid}
            if mid == "lease-contract":
                entry.update(ref="lease-contract", form="复印件", copies=1, medium="纸质", source="申请人自备",
                             required=False, condition="经营场所为租赁房屋的")
            else:
                entry.update(name=name, form=rng.choice(("原件", "复印件", "原件及复印件")), copies=rng.randint(1, 2),
                             medium="纸质", spec="A4", source=rng.choice(("申请人自备", "中介机构出具")))
                if not secondary_done and rng.random() < 0.5:
                    days = rng.choice((5, 10, 15))
                    entry.update(role="容缺", supply_days=days,
                                 note=f"容缺受理的，应在受理后{days}个工作日内补交，补交前不发放办理结果。")
                    secondary_done = True
                if situations and rng.random() < 0.3:
                    entry["situations"] = ["change"]
                entry["review_points"] = rng.sample(V.REVIEW_POINTS, rng.randint(1, 3))
            entry["basis"] = self.basis()
            yield entry

    def process_and_time(self, visits: int) -> dict[str, Any]:
        rng = self.rng
        apply = {"stage": "申请", "name": "提交申请", "actor": "申请人",
                 "description": "通过政务服务网或综合窗口提交申请材料，网上提交的上传材料扫描件。"}
        accept = {"stage": "受理", "name": "窗口受理", "actor": "综合窗口", "days": 1,
                  "description": "核对材料是否齐全、符合法定形式；不齐全的当场出具一次性告知书。"}
        if visits >= 1:
            accept["applicant_present"] = True
        if not self.licence:
            if rng.random() < 0.5:
                accept.pop("days")
                done = {"stage": "办结", "name": "当场办结", "actor": "综合窗口"}
                return {"process": [apply, accept, done], "time_limit": {"on_the_spot": True}}
            legal = rng.choice((10, 15, 20))
            committed = rng.randint(2, legal // 2)
            done = {"stage": "办结", "name": "审核办结", "actor": "部门后台审批人员", "days": committed - 1}
            return {"process": [apply, accept, done],
                    "time_limit": {"on_the_spot": False, "legal_days": legal, "committed_days": committed}}
        legal = rng.choice((15, 20, 30, 45, 60))
        committed = rng.randint(6, legal // 2)
        site = visits == 2 or rng.random() < 0.3
        steps = [apply, accept, {"stage": "审查", "name": "材料审查", "actor": "部门后台审批人员",
                                 "days": committed - 3 - (2 if site else 0),
                                 "description": "审查申请材料的实质内容，必要时通知申请人说明情况。"}]
        if site:
            check = {"stage": "现场核查", "name": "经营场所现场核查", "actor": "现场核查人员", "days": 2,
                     "description": "两名以上核查人员到场核对场所、设施与申请材料是否一致。"}
            if visits == 2:
                check["applicant_present"] = True
            steps.append(check)
        steps += [{"stage": "决定", "name": "作出许可决定", "actor": "部门负责人", "days": 1,
                   "description": "符合条件的作出准予许可决定；不符合的作出不予许可决定并说明理由。"},
                  {"stage": "送达", "name": "制证送达", "actor": "综合窗口", "days": 1,
                   "description": "可选择窗口领取、邮寄送达或电子证照"}]
        limit = {"on_the_spot": False, "legal_days": legal, "committed_days": committed,
                 "note": "现场核查整改时间不计入办理时限"}
        return {"process": steps, "time_limit": limit}

    def fee(self) -> dict[str, Any]:
        if self.dept.spec.key != "bdc" or self.rng.random() < 0.3:
            return {"charged": False}
        return {"charged": True, "items": [{"name": "不动产登记费", "standard": "住宅类每件80元",
                                            "basis": [{"law": "real-estate-registration-regulation",
                                                       "article": "第十五条"}], "reducible": True}]}

    def online(self, visits: int) -> dict[str, Any]:
        if visits == 0:
            return {"available": True, "depth": "Ⅳ级", "url": ONLINE_URL + self.code, "mail": True}
        if self.rng.random() < 0.15:
            return {"available": False, "appointment": True}
        return {"available": True, "depth": self.rng.choice(("Ⅱ级", "Ⅲ级")), "url": ONLINE_URL + self.code,
                "mail": self.rng.random() < 0.5, "appointment": True}

    def output(self) -> dict[str, Any]:
        _, _, _, kind, pattern = self.action
        stem = _stem(self.subject)
        if kind == "证照" and self.subject.endswith("登记"):
            name = f"{stem}登记证明"
        else:
            name = pattern.format(s=stem)
        out: dict[str, Any] = {"type": kind, "name": name}
        if kind == "证照":
            out["validity"] = self.rng.choice(("5年", "3年", "长期"))
            out["sample"] = LICENCE_SAMPLE_ASSET
        out["delivery"] = ["窗口领取", "邮寄送达", "电子证照"] if kind == "证照" else ["窗口领取", "邮寄送达"]
        return out

    def faq(self) -> list[dict[str, str]]:
        count = self.rng.randint(1, 3) if self.licence else self.rng.randint(0, 2)
        stem = _base_name(self.subject)
        return [{"q": q.format(s=stem), "a": a.format(s=stem)} for q, a in self.rng.sample(V.FAQ, count)]


def _bundles(rng: random.Random, count: int, members: list[tuple[str, str, bool]]) -> Iterator[dict[str, Any]]:
    """`count` bundles over (code, department, has_situations); `after` only points backwards."""
    used: dict[str, int] = {}
    for _ in range(count):
        slug, title = rng.choice(V.BUNDLE_TOPICS)
        n = used[slug] = used.get(slug, 0) + 1
        picked = rng.sample(members, rng.randint(2, min(6, len(members))))
        items: list[dict[str, Any]] = []
        for j, (code, _dept, has_situations) in enumerate(picked):
            entry: dict[str, Any] = {"code": code}
            if j and rng.random() < 0.6:
                entry["after"] = sorted(rng.sample([p[0] for p in picked[:j]], rng.randint(1, min(2, j))))
            if has_situations and rng.random() < 0.5:
                entry["situation"] = "new"
            items.append(entry)
        yield {"id": f"open-{slug}" + (f"-{n}" if n > 1 else ""), "name": title + (f"（{n}）" if n > 1 else ""),
               "scenario": "企业开办", "audience": ["法人", "自然人"],
               "summary": f"{title}涉及的事项一次告知、一表申请、一窗受理。", "lead_department": picked[0][1],
               "items": items, "effective": "2024-07-01"}


# --------------------------------------------------------------------------- entry point


def _header(schema: str) -> str:
    return f"# yaml-language-server: $schema={schema}"


def generate(out_dir: Path, items: int, departments: int, bundles: int | None = None, seed: int = 0) -> Summary:
    """Write a synthetic catalog into out_dir (which must be empty or absent)."""
    if items < 1 or departments < 1 or departments > 999:
        raise UsageError("事项数至少为 1，部门数为 1 至 999")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出位置 {out_dir} 已存在且不是文件夹", "指定一个新的或空的文件夹")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise UsageError(f"输出目录 {out_dir} 不是空目录", "换一个新目录，避免覆盖已有目录")
    rng = random.Random(seed)
    depts = make_departments(departments)
    files = 0
    made: set[Path] = set()

    def write(rel: str, data: dict[str, Any], schema: str) -> None:
        nonlocal files
        path = out_dir / rel
        if path.parent not in made:  # one mkdir per folder, not per file
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(to_yaml(data, _header(schema)), encoding="utf-8")
        files += 1

    write("laws.yml", laws_register(), "../schemas/laws.schema.json")
    write("materials.yml", materials_register(), "../schemas/materials.schema.json")
    write("windows.yml", windows_register(), "../schemas/windows.schema.json")
    for dept in depts:
        write(f"departments/{dept.id}.yml", department_record(dept), "../../schemas/department.schema.json")
    (out_dir / "assets" / "samples").mkdir(parents=True, exist_ok=True)
    (out_dir / SAMPLE_ASSET).write_text(V.SAMPLE_SVG, encoding="utf-8")
    (out_dir / LICENCE_SAMPLE_ASSET).write_text(V.LICENCE_SAMPLE_SVG, encoding="utf-8")
    serials = [0] * len(depts)
    members: list[tuple[str, str, bool]] = []
    for i in range(items):
        d = i % len(depts)
        serials[d] += 1
        dept = depts[d]
        writer = _ItemWriter(rng, dept, serials[d])
        record = writer.record()
        write(f"items/{dept.id}/{writer.code}.yml", record, "../../../schemas/item.schema.json")
        members.append((writer.code, dept.id, "situations" in record))
    count = max(1, items // 40) if bundles is None else bundles
    if items >= 2:
        for bundle in _bundles(rng, count, members):
            write(f"bundles/{bundle['id']}.yml", bundle, "../../schemas/bundle.schema.json")
    else:
        count = 0
    return Summary(items, len(depts), count, files + 1)
