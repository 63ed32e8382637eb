"""A province-shaped synthetic catalog: `onewindow bench generate --base N --districts D [--towns T]`.

`base/` is an ordinary synthetic catalog (the 基本目录, see synth.generate). Every district under
`districts/<id>/` implements every base item (实施清单): its own offices, committed days within the
legal limit, fewer visits where it has put the item online, materials spared through named
data-sharing sources or 告知承诺, local 容缺, and now and then a local condition citing the
district's own regulation. Every fifth district also has `towns` town-level lists (镇街) that
implement a third of the base items. The tree passes `onewindow check` with no problems, and the
same seed gives byte-identical files.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from onewindow.bench import synth_data as V
from onewindow.bench.synth import Summary, generate, to_yaml
from onewindow.errors import UsageError

CITIES = (("示范市", "sf"), ("临江市", "lj"), ("青山市", "qs"), ("安平市", "ap"), ("长宁市", "cn"),
          ("广德市", "gd"), ("瑞安市", "ra"), ("永康市", "yk"), ("海宁市", "hn"), ("兰溪市", "lx"))
TOWNS = ("城关街道", "新桥镇", "东湖街道", "石门镇", "白沙镇", "柳溪街道", "双塔镇", "龙泉街道", "金山镇")
SHARING = ("省电子证照库", "省公共数据平台（市场主体登记信息）", "省公共数据平台（户籍信息）",
           "省不动产登记信息平台", "省社会保险信息系统")


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    level: str
    division_code: str
    parent: str = ""

    def layer(self, base: str) -> dict[str, Any]:
        data = {"id": self.id, "name": self.name, "level": self.level, "division_code": self.division_code}
        if self.parent:
            data["parent"] = self.parent
        data["base"] = base
        return data


@dataclass(frozen=True)
class ProvinceSummary:
    base: Summary
    districts: int
    towns: int
    implementations: int
    files: int


def regions(districts: int, towns: int) -> Iterator[tuple[Region, bool]]:
    """(region, is_town) for every district, each followed by its towns (every fifth district)."""
    for n in range(districts):
        (city, city_key), (district, district_key) = CITIES[n // 10 % len(CITIES)], V.DISTRICTS[n % 10]
        cycle = n // 100
        suffix = "" if cycle == 0 else str(cycle + 1)
        region = Region(f"{city_key}-{district_key}{suffix}", f"{city}{district}{'第' + str(cycle + 1) + '片区' if cycle else ''}",
                        "区县级", f"33{n // 10 % 100:02d}{n % 10 + 2:02d}")
        yield region, False
        if towns and n % 5 == 0:
            for t in range(towns):
                yield (Region(f"{region.id}-t{t + 1}", f"{region.name}{TOWNS[t % len(TOWNS)]}{'' if t < len(TOWNS) else t + 1}",
                              "乡镇（街道）级", f"{region.division_code}{t + 1:03d}", region.id), True)


def _local_law(region: Region) -> dict[str, Any]:
    return {"laws": {f"{region.id}-service-rules": {
        "title": f"{region.name}政务服务事项办理规定", "level": "规范性文件",
        "issuer": f"{region.name}人民政府", "doc_number": f"{region.name[:2]}政发〔2024〕3号",
        "effective": "2024-03-01"}}}


def _local_department(region: Region, dept: dict[str, Any], n: int) -> dict[str, Any]:
    return {**dept, "name": f"{region.name}{dept['name'].split('区', 1)[-1]}",
            "address": f"{region.name}人民路{n % 90 + 1}号政务服务中心{n % 3 + 1}楼{n:03d}号窗口",
            "phone": f"0000-8{int(region.division_code[:6]) % 1000:03d}{n:04d}"}


def implementation(rng: random.Random, region: Region, item: dict[str, Any], local_law: bool) -> dict[str, Any]:
    """What one region decides for one base item: always within what the base allows."""
    code = item["code"]
    record: dict[str, Any] = {"implements": code}
    limit = item.get("time_limit", {})
    if not limit.get("on_the_spot") and isinstance(limit.get("legal_days"), int):
        legal = limit["legal_days"]
        record["committed_days"] = rng.randint(max(1, legal // 4), max(1, legal))
    base_visits = item.get("visits", 1)
    online_url = f"https://zwfw.{region.id}.example.gov.cn/item/{code}"
    if base_visits > 0 and rng.random() < 0.3:
        record["visits"] = 0
        record["online"] = {"available": True, "depth": "Ⅳ级", "url": online_url, "mail": True}
    else:
        record["online"] = {**item.get("online", {"available": True}), "url": online_url}
        if not record["online"].get("available"):
            record["online"] = {"available": True, "depth": "Ⅲ级", "url": online_url}
    spared, tolerated = [], []
    for material in item.get("materials", []):
        issued = material.get("source") == "政府部门核发" or material.get("ref") == "id-card"
        if issued and rng.random() < 0.6:
            spared.append({"material": material["id"], "via": "数据共享", "source": rng.choice(SHARING)})
        elif material.get("ref") == "lease-contract" and material.get("basis") and rng.random() < 0.4:
            spared.append({"material": material["id"], "via": "告知承诺", "basis": material["basis"][:1]})
        elif material.get("role", "主件") == "主件" and material.get("source") == "申请人自备" and rng.random() < 0.1:
            tolerated.append({"material": material["id"], "supply_days": rng.choice((3, 5, 10))})
    if spared:
        record["spared"] = spared
    if tolerated:
        record["tolerated"] = tolerated
    if local_law and rng.random() < 0.05:
        record["extra_conditions"] = [{"text": "申请人在本地区政务服务网完成实名注册",
                                       "basis": [{"law": f"{region.id}-service-rules", "article": "第八条"}]}]
    return record


def generate_province(out_dir: Path, base_items: int, districts: int, towns: int = 0, departments: int | None = None,
                      seed: int = 0) -> ProvinceSummary:
    if districts < 1:
        raise UsageError("地区数至少为 1")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise UsageError(f"输出目录 {out_dir} 不是空目录", "换一个新目录，避免覆盖已有目录")
    base_dir = out_dir / "base"
    depts = departments or min(999, max(1, base_items // 50))
    base = generate(base_dir, base_items, depts, None, seed)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    items = [yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
             for p in sorted(base_dir.glob("items/*/*.yml"))]
    offices = [yaml.load(p.read_text(encoding="utf-8"), Loader=loader)
               for p in sorted(base_dir.glob("departments/*.yml"))]
    rng = random.Random(seed + 1)
    files = implemented = district_count = town_count = 0
    header = "# yaml-language-server: $schema="
    for region, is_town in regions(districts, towns):
        home = out_dir / "districts" / region.id
        (home / "implementations").mkdir(parents=True)
        (home / "layer.yml").write_text(to_yaml(region.layer("../../base"), header + "../../../schemas/layer.schema.json"),
                                        encoding="utf-8")
        local_law = not is_town and rng.random() < 0.5
        if local_law:
            (home / "laws.yml").write_text(to_yaml(_local_law(region)), encoding="utf-8")
            files += 1
        if not is_town:
            (home / "departments").mkdir()
            for n, office in enumerate(offices, 1):
                (home / "departments" / f"{office['id']}.yml").write_text(
                    to_yaml(_local_department(region, office, n)), encoding="utf-8")
            files += len(offices)
        chosen = items if not is_town else [it for i, it in enumerate(items) if i % 3 == 0]
        for item in chosen:
            record = implementation(rng, region, item, local_law)
            (home / "implementations" / f"{item['code']}.yml").write_text(
                to_yaml(record, header + "../../../../schemas/implementation.schema.json"), encoding="utf-8")
        files += 1 + len(chosen)
        implemented += len(chosen)
        town_count += is_town
        district_count += not is_town
    return ProvinceSummary(base, district_count, town_count, implemented, base.files + files)
