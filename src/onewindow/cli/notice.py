"""`onewindow notice`: print-ready one-time notice (一次性告知书) for an incomplete application."""

from __future__ import annotations

import dataclasses
import datetime
import os
import unicodedata
from pathlib import Path

import click

from onewindow.cli.common import CATALOG_ARG, guard
from onewindow.errors import CatalogInvalidError, NoticeRequestError, printable


def split_ids(value: str | None) -> list[str]:
    """`a,b , c` → [a, b, c]; full-width commas are accepted too (Chinese input methods)."""
    return [part.strip() for part in (value or "").replace("，", ",").split(",") if part.strip()]


# What fits the one-page notice: a company's full name, a document number, a sentence per defect.
APPLICANT_LIMIT, NUMBER_LIMIT, REASON_LIMIT = 100, 40, 200


def check_typed(value: str, option: str, limit: int) -> None:
    """Text the clerk typed goes onto paper: no control characters, and short enough to fit."""
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in value):
        raise NoticeRequestError(f"{option} 的值含有控制字符或换行：“{printable(value[:limit])}”",
                                 "只写要印在告知书上的文字")
    if len(value.strip()) > limit:
        raise NoticeRequestError(f"{option} 的值太长（{len(value.strip())} 个字符，最多 {limit} 个）",
                                 "告知书只有一页：写简称或摘要")


def parse_defective(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """`id:reason,id:reason` (repeatable). A piece without a colon continues the previous reason."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        for piece in value.split(","):
            material_id, sep, reason = piece.replace("：", ":").partition(":")
            if sep and material_id.strip():
                pairs.append((material_id.strip(), reason.strip()))
            elif pairs and piece.strip():
                pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]}，{piece.strip()}")
            elif piece.strip():
                raise NoticeRequestError(f"--defective 的“{piece.strip()}”缺少问题说明",
                                         "写成 材料标识:问题说明，例如 --defective lease:租赁合同未签字")
    for material_id, reason in pairs:
        if not reason:
            raise NoticeRequestError(f"--defective 中材料 {material_id} 没有写明存在的问题",
                                     "写成 材料标识:问题说明，例如 --defective lease:租赁合同未签字")
    return pairs


def parse_date(value: str | None) -> datetime.date:
    if not value:
        return datetime.date.today()  # a notice is a one-off document dated the day it is handed over
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise NoticeRequestError(f"日期“{value}”格式不对", "写成 YYYY-MM-DD，例如 --date 2024-05-06") from exc


def default_sequence_file() -> Path:
    """Where `onewindow notice` counts its notices when no --sequence is given (XDG state dir)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "onewindow" / "notice-sequence.json"


def next_number(sequence_file: Path, counter: str, date: datetime.date) -> str:
    """The next free number for `counter` on `date`, counted in `sequence_file` under a lock,
    so two clerks printing at the same moment on one machine never get the same number."""
    import fcntl
    import json

    from onewindow.render.intake import notice_number

    sequence_file.parent.mkdir(parents=True, exist_ok=True)
    with open(sequence_file, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        try:
            counts = json.loads(handle.read() or "{}")
        except json.JSONDecodeError as exc:
            raise NoticeRequestError(f"编号文件 {sequence_file} 已损坏，无法接着编号",
                                     "检查或删除该文件，或用 --number 指定编号") from exc
        if not isinstance(counts, dict):
            counts = {}
        key = f"{counter}-{date:%Y%m%d}"
        seq = int(counts.get(key, 0)) + 1
        counts[key] = seq
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(counts, ensure_ascii=False, sort_keys=True, indent=1))
        handle.flush()
        os.fsync(handle.fileno())
    return notice_number(counter, date, seq)


@click.command("notice")
@click.argument("code")
@CATALOG_ARG
@click.option("--missing", metavar="ID,ID,…", help="缺少的材料标识，英文逗号分隔")
@click.option("--defective", multiple=True, metavar="ID:问题,…", help="需要补正的材料及问题，例如 lease:未签字")
@click.option("--applicant", default="", help="申请人姓名或单位名称")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="告知日期（默认今天）")
@click.option("--number", default=None, help="告知书编号（不写时按窗口、日期和顺序号自动编号）")
@click.option("--counter", default=None, help="窗口编号，自动编号的前缀（默认事项所属窗口分类的标识）")
@click.option("--sequence", "sequence_file", type=click.Path(path_type=Path), default=None,
              help="自动编号所用的顺序号文件（默认 ~/.local/state/onewindow/notice-sequence.json）")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出的 PDF 文件（默认 notice-<编号>.pdf）")
@click.option("--config", "mkdocs_yml", type=click.Path(path_type=Path), default=None,
              help="MkDocs 配置文件（二维码网址取自其中的 site_url）")
@click.option("--site-url", default=None, help="覆盖 site_url（二维码使用的网址）")
def command(code: str, catalog_dir: Path, missing: str | None, defective: tuple[str, ...], applicant: str,
            date_text: str | None, number: str | None, counter: str | None, sequence_file: Path | None,
            output: Path | None, mkdocs_yml: Path | None, site_url: str | None) -> None:
    """生成一次性告知书 PDF：一次写明缺少和需要补正的全部材料。CODE 是事项编码或一件事标识。"""

    def run() -> int:
        from onewindow.build.paths import check_output_file
        from onewindow.build.siteurl import check_site_url, resolve_site_url
        from onewindow.catalog.model import build_model
        from onewindow.check.checker import check_catalog
        from onewindow.check.reporters import report_text
        from onewindow.render.intake import (
            COUNTER_PATTERN,
            bundle_subject,
            item_subject,
            resolve_request,
        )
        from onewindow.render.pdf.fonts import FALLBACK_HINT, describe_chars, undrawable
        from onewindow.render.pdf.notice import write_notice
        from onewindow.siteconfig import find_config, placeholder_warning

        if not catalog_dir.is_dir():
            click.echo(f"用法错误：目录 {printable(str(catalog_dir))} 不存在", err=True)
            return 2
        if site_url is not None:
            check_site_url(site_url, "--site-url")
        if mkdocs_yml is not None and not mkdocs_yml.is_file():
            click.echo(f"用法错误：--config 指定的配置文件 {printable(str(mkdocs_yml))} 不存在", err=True)
            return 2
        if output is not None:
            check_output_file(output, "-o", catalog_dir, magic=b"%PDF")
        date = parse_date(date_text)
        pairs = parse_defective(defective)
        check_typed(applicant, "--applicant", APPLICANT_LIMIT)
        check_typed(number or "", "--number", NUMBER_LIMIT)
        for _, reason in pairs:
            check_typed(reason, "--defective", REASON_LIMIT)
        if counter is not None and not COUNTER_PATTERN.match(counter):
            raise NoticeRequestError(f"窗口编号“{counter}”不能用作编号前缀",
                                     "用 1—24 个字母、数字、汉字、连字符或下划线，例如 --counter A03")
        if number is not None and not number.strip():
            raise NoticeRequestError("--number 不能为空", "写上告知书编号，或去掉 --number 自动编号")
        result = check_catalog(catalog_dir)
        if not result.ok:
            click.echo(report_text(result.errors), err=True)
            raise CatalogInvalidError(f"目录有 {len(result.errors)} 个错误，未生成告知书",
                                      "先运行 onewindow check 并修正全部错误")
        catalog = build_model(result.sources)
        key = code.strip()
        if key in catalog.items:
            subject = item_subject(catalog.items[key])
        elif key in catalog.bundles:
            subject = bundle_subject(catalog.bundles[key])
        else:
            known = "\n".join([*(f"  {i.code}　{i.name}" for i in catalog.items.values()),
                               *(f"  {b.id}　{b.name}（一件事）" for b in catalog.bundles.values())])
            raise NoticeRequestError(f"目录中没有事项编码“{code}”，也没有这个一件事标识\n可用的编码：\n{known}",
                                     "编码见收件清单或办事指南页面")
        request = resolve_request(subject, split_ids(missing), pairs, date, applicant.strip())
        url = resolve_site_url(site_url, mkdocs_yml or find_config(catalog_dir), catalog_dir)
        warning = placeholder_warning(url)  # the notice is paper too: its QR code must outlive a deployment
        if warning:
            click.echo(warning, err=True)
        chosen = number.strip() if number else next_number(sequence_file or default_sequence_file(),
                                                           counter or subject.window, date)
        request = dataclasses.replace(request, number=chosen)
        out = output or Path(f"notice-{_file_safe(chosen)}.pdf")
        write_notice(subject, url.rstrip("/") + "/" + subject.url_path, out, request)
        typed = " ".join([applicant, chosen, *(reason for _, reason in pairs)])
        if lost := undrawable(typed):
            click.echo(f"警告：{describe_chars(lost)} 在已安装的字体中都没有，告知书上这些字是空白，请手写补上"
                       f"（生僻字可安装补充字体：{FALLBACK_HINT}）", err=True)
        click.echo(f"已生成一次性告知书：{printable(str(out))}（编号 {chosen}；缺少 {len(request.missing)} 项，"
                   f"需补正 {len(request.defective)} 项）")
        return 0

    guard(run)


def _file_safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
