"""Identity and references: unique codes and ids, names that resolve, files where they belong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

from onewindow.catalog.kinds import KIND
from onewindow.catalog.loader import LoadedFile
from onewindow.check.problems import Finding, Path
from onewindow.check.rules.index import Index, as_dict, as_list, entries
from onewindow.check.rules.suggest import Choice, unresolved
from onewindow.check.svgsafety import svg_danger


def item_codes_unique(index: Index) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for item in index.item_files():
        code = item.data.get("code")
        if not isinstance(code, str):
            continue
        if code in seen:
            yield Finding("OW204", item.file, ("code",), f"事项编码“{code}”与 {seen[code]} 重复",
                          "每个事项的编码必须唯一；请核对事项目录")
        else:
            seen[code] = item.file


def _duplicates(record: dict[str, Any], key: str, field: str = "id") -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, entry in entries(record, key):
        value = entry.get(field)
        if isinstance(value, str):
            if value in seen:
                yield i, value
            seen.add(value)


def ids_unique(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        for key, what in (("materials", "材料"), ("situations", "办理情形")):
            for i, value in _duplicates(item.data, key):
                yield Finding("OW205", item.file, (key, i, "id"), f"{what}标识“{value}”在本事项中重复",
                              f"每个{what}的 id 在事项内必须唯一")
    for kind in (KIND["department"], KIND["bundle"]):
        seen: dict[str, str] = {}
        what = kind.label
        for record in index.sources.of_kind(kind.name):
            value = record.data.get(kind.key)
            if isinstance(value, str):
                if value in seen:
                    yield Finding("OW205", record.file, (kind.key,), f"{what}标识“{value}”与 {seen[value]} 重复",
                                  f"每个{what}的标识必须唯一")
                seen.setdefault(value, record.file)
    for bundle in index.sources.of_kind("bundle"):
        for i, code in _duplicates(bundle.data, "items", "code"):
            yield Finding("OW205", bundle.file, ("items", i, "code"), f"成员事项“{code}”重复列出",
                          "每个事项在一件事中只列一次")
    windows = index.sources.register("windows")
    if windows:
        for i, value in _duplicates(windows.data, "windows", "name"):
            yield Finding("OW205", windows.file, ("windows", i, "name"), f"窗口类别“{value}”重复",
                          "每个窗口类别只登记一次")


def file_names_match(index: Index) -> Iterator[Finding]:
    for record in index.sources.files:
        if not isinstance(record.data, dict) or record.fs_path is None:
            continue
        field = KIND[record.kind].key if record.kind in KIND else ""
        value = record.data.get(field) if field else None
        if isinstance(value, str) and record.fs_path.stem != value:
            yield Finding("OW218", record.file, (field,), f"文件名“{record.fs_path.name}”与{field}“{value}”不一致",
                          f"把文件改名为 {value}{record.fs_path.suffix}，或改正 {field}")
        if record.kind == "item" and isinstance(record.data.get("department"), str):
            folder = record.fs_path.parent.name
            dept = record.data["department"]
            if folder != dept:
                yield Finding("OW218", record.file, ("department",),
                              f"事项放在 items/{folder}/ 下，但所属部门写的是“{dept}”",
                              f"把文件移到 items/{dept}/，或改正 department")


def _situations(record: dict[str, Any]) -> list[Choice]:
    return [Choice(str(s.get("id")), (str(s.get("name", "")),), str(s.get("name", "")))
            for _, s in entries(record, "situations")]


def references_resolve(index: Index) -> Iterator[Finding]:
    for item in index.item_files():
        yield from _item_references(index, item)
    for bundle in index.sources.of_kind("bundle"):
        yield from _bundle_references(index, bundle)


def _bundle_references(index: Index, bundle: LoadedFile) -> Iterator[Finding]:
    members = [str(m.get("code")) for _, m in entries(bundle.data, "items")]
    lead = bundle.data.get("lead_department")
    if isinstance(lead, str) and lead not in index.departments:
        yield unresolved("OW206", bundle.file, ("lead_department",), "部门", lead, index.choices("departments"),
                         index.missing_record("department", lead))
    for i, member in entries(bundle.data, "items"):
        code = member.get("code")
        if isinstance(code, str) and code not in index.items:
            yield unresolved("OW206", bundle.file, ("items", i, "code"), "事项", code, index.choices("items"),
                             index.missing_record("item", code))
        for j, before in enumerate(as_list(member.get("after"))):
            if isinstance(before, str) and before not in members:
                yield Finding("OW206", bundle.file, ("items", i, "after", j),
                              f"前置事项“{before}”不是本一件事的成员", "前置事项必须也列在 items 中")
        situation = member.get("situation")
        target = index.items.get(str(code))
        if isinstance(situation, str) and target is not None:
            known = _situations(target.data)
            if situation not in {c.value for c in known}:
                yield unresolved("OW206", bundle.file, ("items", i, "situation"), "办理情形", situation, known)


def _item_references(index: Index, item: LoadedFile) -> Iterator[Finding]:
    data, file = item.data, item.file
    dept = data.get("department")
    if isinstance(dept, str) and dept not in index.departments:
        yield unresolved("OW206", file, ("department",), "部门", dept, index.choices("departments"),
                         index.missing_record("department", dept))
    window = data.get("window")
    if isinstance(window, str) and index.has_register("windows") and window not in index.windows:
        yield unresolved("OW206", file, ("window",), "窗口类别", window, index.choices("windows"))
    situations = _situations(data)
    known = {c.value for c in situations}
    for i, material in entries(data, "materials"):
        ref = material.get("ref")
        if isinstance(ref, str) and index.has_register("materials") and ref not in index.materials:
            yield unresolved("OW206", file, ("materials", i, "ref"), "通用材料", ref, index.choices("materials"))
        for j, situation in enumerate(as_list(material.get("situations"))):
            if isinstance(situation, str) and situation not in known:
                yield unresolved("OW206", file, ("materials", i, "situations", j), "办理情形", situation,
                                 situations)


def registers_present(index: Index) -> Iterator[Finding]:
    root = index.sources.root
    for name in ("laws.yml", "materials.yml", "windows.yml"):
        if not (root / name).exists():
            yield Finding("OW206", _shown(root / name), (), f"缺少登记册 {name}",
                          f"在 catalog/ 下创建 {name}，事项引用的内容要先在这里登记")


def _shown(root: FsPath) -> str:
    from onewindow.catalog.loader import display_path

    return display_path(root)


def _asset_paths(item: LoadedFile) -> Iterator[tuple[Path, str]]:
    for i, material in entries(item.data, "materials"):
        if isinstance(material.get("blank_form"), str):
            yield ("materials", i, "blank_form"), material["blank_form"]
        sample = as_dict(material.get("sample"))
        if isinstance(sample.get("image"), str):
            yield ("materials", i, "sample", "image"), sample["image"]
    for i, output in entries(item.data, "outputs"):
        if isinstance(output.get("sample"), str):
            yield ("outputs", i, "sample"), output["sample"]


def assets_inside_catalog(index: Index) -> Iterator[Finding]:
    root = index.sources.root.resolve()
    for item in index.item_files():
        for path, value in _asset_paths(item):
            if (verdict := index.asset_verdicts.get((root, value))) is None:
                # Many items name the same few files (a shared blank form or sample): each is
                # resolved and, for an SVG, parsed once per check.
                verdict = index.asset_verdicts[(root, value)] = _asset_verdict(root, value)
            if verdict:
                message, hint = verdict
                yield Finding("OW220", item.file, path, message, hint)


def _asset_verdict(root: FsPath, value: str) -> tuple[str, str] | tuple[()]:
    """(message, hint) of what is wrong with an attachment path, or () when nothing is."""
    try:
        target = (root / value).resolve()
    except (OSError, RuntimeError):  # a link to itself
        return f"附件“{value}”是循环的链接", "把附件文件本身放进 catalog/assets/，不要用链接"
    if FsPath(value).is_absolute() or ".." in FsPath(value).parts or not target.is_relative_to(root):
        return (f"附件路径“{value}”指向 catalog/ 目录之外",
                "附件放在 catalog/assets/ 下，写相对路径，例如 assets/samples/form.svg")
    if not target.is_file():
        return f"附件“{value}”不存在", "检查路径拼写，附件路径相对于 catalog/ 目录"
    if target.suffix.lower() == ".svg" and (danger := svg_danger(target)):
        return (f"SVG 附件“{value}”{danger}，不能发布到网站",
                "用绘图软件重新导出为普通 SVG（不含脚本和链接），或改用 PNG 图片")
    return ()
