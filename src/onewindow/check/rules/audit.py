"""Cross-field rules used by provincial quality audits of item lists (OW212–OW217, OW221–OW224)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from onewindow.check.catchall import find_catchall
from onewindow.check.problems import Finding, Path
from onewindow.check.rules.index import Index, as_dict, entries

_AREA_CODE = re.compile(r"^[(（]?0\d{2,3}[)）]?[- ]?\d{3,8}([- ]\d{1,6})?$")
_HOTLINE = re.compile(r"^(12345|12315|12333|12366|12320|12348|12358|12369|12388|12310|96\d{3,5})$")
_CERTIFICATE = re.compile(r"(证|证书|执照|许可证|证明|照|牌|卡|登记表|决定书|批复|批准书)$")
REQUIRED_STAGES = ("受理", "审查", "决定", "送达")


def visits_explained(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        visits = item.data.get("visits")
        if isinstance(visits, int) and visits > 0 and not str(item.data.get("visit_reason") or "").strip():
            yield Finding("OW212", item.file, ("visits",),
                          f"到现场 {visits} 次，但没有说明必须现场办理的原因",
                          "添加 visit_reason，例如 需现场核验申请人身份并签署承诺书")


def fees_complete(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        fee = as_dict(item.data.get("fee"))
        fee_items = [entry for _, entry in entries(fee, "items")]
        if fee.get("charged") is True and not fee_items:
            yield Finding("OW213", item.file, ("fee", "charged"), "事项收费，但没有列出收费项目、标准和依据",
                          "在 fee.items 中逐项写 name、standard、basis")
        if fee.get("charged") is False and fee_items:
            yield Finding("OW213", item.file, ("fee", "items"), "事项写明不收费，却列出了收费项目",
                          "不收费的删除 fee.items；收费的把 charged 改为 true")


def _phone_problems(file: str, path: Path, enquiry: Any, complaint: Any) -> Iterator[Finding]:
    for key, label, phone in (("phone", "咨询电话", enquiry), ("complaint_phone", "投诉电话", complaint)):
        if isinstance(phone, str) and not (_AREA_CODE.match(phone.strip()) or _HOTLINE.match(phone.strip())):
            yield Finding("OW214", file, (*path, key), f"{label}“{phone}”没有区号",
                          "写成“区号-号码”，例如 0000-87001234")
    if isinstance(enquiry, str) and isinstance(complaint, str) and _digits(enquiry) == _digits(complaint):
        yield Finding("OW214", file, (*path, "complaint_phone"), "投诉电话与咨询电话相同",
                      "投诉电话应是独立的监督渠道，例如本级政务服务热线或监察部门电话")


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def phones_valid(index: Index) -> Iterator[Finding]:
    for dept in index.sources.of_kind("department"):
        yield from _phone_problems(dept.file, (), dept.data.get("phone"), dept.data.get("complaint_phone"))
    for item in index.item_files():
        contact = as_dict(item.data.get("contact"))
        if contact:
            for finding in _phone_problems(item.file, ("contact",), contact.get("enquiry_phone"),
                                           contact.get("complaint_phone")):
                path = finding.path
                if path[-1] == "phone":  # the item calls its enquiry phone enquiry_phone
                    path = (*path[:-1], "enquiry_phone")
                yield Finding(finding.code, finding.file, path, finding.message, finding.hint)


def licences_have_full_process(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        if item.data.get("type") != "行政许可" or "process" not in item.data:
            continue
        # A malformed stage (a list, a mapping) is the schema's to report; it names no stage here.
        stages = {step.get("stage") for _, step in entries(item.data, "process") if isinstance(step.get("stage"), str)}
        missing = [s for s in REQUIRED_STAGES if s not in stages]
        if missing:
            yield Finding("OW215", item.file, ("process",), f"行政许可流程缺少环节：{'、'.join(missing)}",
                          "流程至少包含受理、审查、决定、送达四个环节（stage 字段）")


def licences_have_faq(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        if item.data.get("type") == "行政许可" and "faq" in item.data and not list(entries(item.data, "faq")):
            yield Finding("OW216", item.file, ("faq",), "行政许可事项没有常见问题解答",
                          "至少写一条群众常问的问题和解答（q 和 a）")


# Guide elements provincial implementation lists require of 行政许可 items (数量限制,
# 不予许可情形, 救济途径, 通办范围): (field, what is missing, how to write it).
_LICENCE_ELEMENTS = (
    (("quantity_limit",), "数量限制", "添加 quantity_limit，没有数量限制的写 无数量限制"),
    (("refusal", "not_granted"), "不予许可情形",
     "在 refusal.not_granted 中逐条写明不予许可的情形和依据，例如《社会团体登记管理条例》第十三条所列情形"),
    (("remedy",), "救济途径",
     "添加 remedy：行政复议机关和期限、行政诉讼法院和期限，例如 示范市滨河区人民政府，自知道该行政行为之日起60日内"),
    (("scope",), "通办范围", "添加 scope：全国通办、跨省通办、全省通办、全市通办、全区通办之一，不能异地受理的写 不通办"),
)


def licences_have_guide_elements(index: Index) -> Iterator[Finding]:
    """行政许可 items state 数量限制, 不予许可情形, 救济途径, 通办范围 and a sample of each licence they issue
    (证照样本); agency-issued materials name the agency service."""
    for item in index.item_files():
        data = item.data
        if data.get("type") == "行政许可":
            for path, label, hint in _LICENCE_ELEMENTS:
                value: Any = data
                for key in path:
                    value = as_dict(value).get(key)
                if value in (None, "", [], {}):
                    yield Finding("OW229", item.file, path, f"行政许可事项没有写明{label}", hint)
            for i, output in entries(data, "outputs"):
                # A licence is what the applicant takes away: they see what it looks like before applying.
                if output.get("type") == "证照" and not output.get("sample"):
                    yield Finding("OW229", item.file, ("outputs", i),
                                  f"行政许可事项的证照“{output.get('name', '')}”没有证照样本",
                                  "添加 sample：证照样本图片的路径，放在 catalog/assets/ 下，例如 assets/samples/licence-sample.svg")
        services = {str(s.get("material")) for _, s in entries(data, "intermediary")}
        ids = [str(m.get("id")) for _, m in entries(data, "materials")]
        for i, service in entries(data, "intermediary"):
            if isinstance(service.get("material"), str) and service["material"] not in ids:
                yield Finding("OW206", item.file, ("intermediary", i, "material"),
                              f"中介服务对应的材料“{service['material']}”不是本事项的材料",
                              f"写本事项 materials 中的标识：{'、'.join(ids)}")
        for i, material in entries(data, "materials"):
            if material.get("source") == "中介机构出具" and material.get("id") not in services:
                yield Finding("OW229", item.file, ("materials", i, "source"),
                              f"材料“{index.material_name(material)}”由中介机构出具，但中介服务中没有列出",
                              f"在 intermediary 中添加一项：name 服务名称，provider 机构类型，material: {material.get('id')}")


def outputs_name_certificate(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for i, output in entries(item.data, "outputs"):
            name = output.get("name")
            if output.get("type") == "证照" and isinstance(name, str) and (
                not _CERTIFICATE.search(name) or find_catchall(name)
            ):
                yield Finding("OW217", item.file, ("outputs", i, "name"), f"结果“{name}”没有写明具体证照名称",
                              "写出证照的准确名称，例如 食品经营许可证")


def channels_consistent(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        visits = item.data.get("visits")
        online = as_dict(item.data.get("online"))
        if visits == 0 and online.get("available") is False and not online.get("mail"):
            yield Finding("OW221", item.file, ("visits",), "到现场次数为 0，但既不能网办也不支持邮寄申请",
                          "核对 online.available 或 online.mail，或修改到现场次数")
        if online.get("depth") == "Ⅳ级" and isinstance(visits, int) and visits > 0:
            yield Finding("OW222", item.file, ("online", "depth"), f"全程网办（Ⅳ级）但到现场次数为 {visits}",
                          "全程网办事项到现场次数应为 0")


def visits_match_process(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        visits = item.data.get("visits")
        present = sum(1 for _, step in entries(item.data, "process") if step.get("applicant_present") is True)
        if isinstance(visits, int) and present > visits:
            yield Finding("OW224", item.file, ("visits",),
                          f"流程中有 {present} 个环节需要申请人到场，但到现场次数只写了 {visits}",
                          "核对到现场次数，或合并需要到场的环节")
