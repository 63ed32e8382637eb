"""One-time notice (一次性告知书): the PDF read back, and the `onewindow notice` command."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.catalog.model import Item, build_model
from onewindow.check.checker import check_catalog
from onewindow.cli.main import main
from onewindow.cli.notice import parse_defective, split_ids
from onewindow.errors import NoticeRequestError
from onewindow.render.intake import Subject, deferral_text, item_subject, resolve_request
from onewindow.render.pdf.notice import write_notice
from pdf_helpers import (
    all_text,
    decode_qr,
    page_texts,
    rasterise,
    save_preview,
    squash,
    unembedded_fonts,
)

ROOTS = Path(__file__).parent / "roots"
DESK = ROOTS / "pdf-desk"
SITE = "https://zwfw.example.gov.cn/guide/"
FOOD = "999901000000XK00101"
DAY = datetime.date(2024, 5, 6)


@pytest.fixture(scope="module")
def food_item() -> Item:
    result = check_catalog(DESK)
    assert result.ok
    return build_model(result.sources).items[FOOD]


@pytest.fixture(scope="module")
def food(food_item: Item) -> Subject:
    return item_subject(food_item)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["notice", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_notice_lists_exactly_what_is_missing(food: Subject, food_item: Item, tmp_path: Path) -> None:
    request = resolve_request(food, ["lease", "health-certificate"], [("application-form", "未加盖公章")], DAY,
                              "示范市滨河区小王奶茶店", "A03-20240506-007")
    pdf = write_notice(food, f"{SITE}{food.url_path}", tmp_path / "notice.pdf", request)
    text = all_text(pdf)
    assert len(page_texts(pdf)) == 1
    for expected in ("一次性告知书", "编号：A03-20240506-007", "示范市滨河区小王奶茶店：", "2024年5月6日",
                     food.name, food.key,
                     "房屋租赁合同", "从业人员健康证明", "食品经营许可申请书", "未加盖公章",
                     "复印件1份，纸质", "申请人自备（出租人与承租人）", "由疾病预防控制机构等体检机构出具",
                     "“房屋租赁合同”为容缺材料，可先行受理，请在受理之日起5个工作日内补齐",
                     "其余2项为主件材料，须补齐（补正）后方可受理",
                     squash(food_item.department.address), squash(food_item.department.hours),
                     food_item.enquiry_phone, food_item.complaint_phone, "告知人（窗口工作人员）", "申请人签收", "（受理窗口盖章）",
                     "《中华人民共和国行政许可法》第三十二条"):
        assert squash(expected) in text, expected
    requested = {"lease", "health-certificate", "application-form"}
    rows = text
    for point in (p for m in request.rows for p in m.points):  # may mention other documents
        rows = rows.replace(squash(point), "")
    for material in food_item.materials:
        if material.id not in requested:
            assert squash(material.name) not in rows, f"{material.name} is not missing but is on the notice"
    assert "1房屋租赁合同" in rows and "2从业人员健康证明" in rows and "1食品经营许可申请书" in rows
    assert unembedded_fonts(pdf) == []
    png = rasterise(pdf, tmp_path)
    assert decode_qr(png) == [f"{SITE}items/{FOOD}/"]
    save_preview(png, "notice")


def test_deferral_wording(food: Subject) -> None:
    only_later = resolve_request(food, ["lease", "safety-rules"], [], DAY)
    assert deferral_text(only_later) == [
        "“房屋租赁合同”为容缺材料，可先行受理，请在受理之日起 5 个工作日内补齐。",
        "“食品安全管理制度文本”为容缺材料，可先行受理，请在受理之日起 10 个工作日内补齐。",
        "以上材料均为容缺材料，窗口可先行受理，请按上述期限补齐。",
    ]
    only_main = resolve_request(food, ["id-card"], [], DAY)
    assert deferral_text(only_main) == ["以上材料均为主件材料，须补齐（补正）后方可受理。"]


def test_unknown_ids_list_the_valid_ones(food: Subject, food_item: Item) -> None:
    with pytest.raises(NoticeRequestError) as info:
        resolve_request(food, ["lease", "leese"], [("form", "x")], DAY)
    message = str(info.value)
    assert "没有这些材料标识：leese、form" in message
    for material in food_item.materials:
        assert material.id in message and material.name in message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(("missing", "defective", "fragment"), [
    (["business-license"], [], "由窗口通过数据共享获取"),
    (["lease"], [("lease", "未签字")], "不能同时列为缺少"),
    ([], [], "没有指定缺少或需要补正的材料"),
])
def test_impossible_requests_are_refused(food: Subject, missing, defective, fragment: str) -> None:
    with pytest.raises(NoticeRequestError, match=fragment):
        resolve_request(food, missing, defective, DAY)


def test_argument_parsing() -> None:
    assert split_ids(" lease, id-card，health-certificate,, ") == ["lease", "id-card", "health-certificate"]
    assert parse_defective(("lease:未签字,缺少骑缝章", "id-card：已过期")) == [
        ("lease", "未签字，缺少骑缝章"), ("id-card", "已过期")]
    with pytest.raises(NoticeRequestError, match="没有写明存在的问题"):
        parse_defective(("lease:",))
    with pytest.raises(NoticeRequestError, match="缺少问题说明"):
        parse_defective(("lease",))


def test_cli_writes_the_notice(tmp_path: Path) -> None:
    out = tmp_path / "out" / "notice.pdf"
    code, output = invoke(FOOD, str(DESK), "--missing", "lease,power-of-attorney", "--defective",
                          "id-card:证件已过期", "--applicant", "<b>张三</b>", "--date", "2024-05-06", "-o", str(out),
                          "--site-url", SITE)
    assert code == 0, output
    assert "已生成一次性告知书" in output and "缺少 2 项，需补正 1 项" in output
    assert "占位地址（zwfw.example.gov.cn）" in output  # the QR code on this paper points nowhere real
    text = all_text(out)
    assert "<b>张三</b>：" in text
    assert "授权委托书" in text and "需要时提交：委托他人办理的" in text
    assert "证件已过期" in text and "居民身份证" in text
    assert "食品安全管理制度文本" not in text
    assert "第1页共1页" in squash(page_texts(out)[0])
    assert decode_qr(rasterise(out, tmp_path)) == [f"{SITE}items/{FOOD}/"]


def test_cli_unknown_material_is_exit_2_with_valid_ids(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    code, output = invoke(FOOD, str(DESK), "--missing", "lease,nope", "--date", "2024-05-06", "-o", str(out))
    assert code == 2
    assert "用法错误" in output and "nope" in output
    assert "application-form" in output and "power-of-attorney" in output and "食品经营许可申请书" in output
    assert "Traceback" not in output
    assert not out.exists()


def test_cli_unknown_item_is_exit_2_with_valid_codes(tmp_path: Path) -> None:
    code, output = invoke("999901000000XK99999", str(DESK), "--missing", "lease", "-o", str(tmp_path / "n.pdf"))
    assert code == 2
    assert "目录中没有事项编码“999901000000XK99999”" in output
    assert FOOD in output and "999901000000XK00201" in output


def test_cli_bad_date_is_exit_2(tmp_path: Path) -> None:
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--date", "2024-13-01", "-o", str(tmp_path / "n.pdf"))
    assert code == 2 and "日期“2024-13-01”格式不对" in output


def test_cli_refuses_an_invalid_catalog(copy_catalog, tmp_path: Path) -> None:
    catalog = copy_catalog("pdf-desk")
    item_file = catalog / "items" / "scjg" / f"{FOOD}.yml"
    item_file.write_text(item_file.read_text(encoding="utf-8").replace("visits: 1", "visits: 一次"), encoding="utf-8")
    out = tmp_path / "n.pdf"
    code, output = invoke(FOOD, str(catalog), "--missing", "lease", "-o", str(out))
    assert code == 1
    assert "OW103" in output and "未生成告知书" in output
    assert not out.exists()


def test_cli_numbers_every_notice_uniquely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --number, notices are numbered window + date + sequence from a locked sequence file
    (by default in the XDG state folder): two notices on the same day never share a number."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    today = datetime.date.today()
    numbers = []
    for _ in range(2):
        code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--site-url", SITE)
        assert code == 0, output
        numbers.append(output.split("编号 ")[1].split("；")[0])
    assert numbers == [f"market-regulation-{today:%Y%m%d}-001", f"market-regulation-{today:%Y%m%d}-002"]
    for number in numbers:
        pdf = tmp_path / f"notice-{number}.pdf"
        text = all_text(pdf)
        assert f"编号：{number}" in text and f"{today.year}年{today.month}月{today.day}日" in text
    assert (tmp_path / "state" / "onewindow" / "notice-sequence.json").is_file()
    # A counter of its own (the physical window) and a shared sequence file on the desk's machine.
    sequence = tmp_path / "seq.json"
    for expected in ("A03-20240506-001", "A03-20240506-002"):
        code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--date", "2024-05-06", "--counter", "A03",
                              "--sequence", str(sequence), "--site-url", SITE)
        assert code == 0 and f"编号 {expected}" in output, output
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--number", "滨政务告〔2024〕12号",
                          "-o", str(tmp_path / "given.pdf"), "--site-url", SITE)
    assert code == 0, output
    assert "编号：滨政务告〔2024〕12号" in all_text(tmp_path / "given.pdf")


@pytest.mark.parametrize("args", [("--counter", "A 03/.."), ("--number", " ")])
def test_cli_refuses_a_bad_counter_or_number(tmp_path: Path, args: tuple[str, str]) -> None:
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", *args, "--sequence", str(tmp_path / "s.json"),
                          "-o", str(tmp_path / "n.pdf"))
    assert code == 2 and "用法错误" in output and "Traceback" not in output
    assert not (tmp_path / "n.pdf").exists()


def test_cli_corrupt_sequence_file_is_a_usage_error(tmp_path: Path) -> None:
    sequence = tmp_path / "s.json"
    sequence.write_text("{not json", encoding="utf-8")
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--sequence", str(sequence),
                          "-o", str(tmp_path / "n.pdf"), "--site-url", SITE)
    assert code == 2 and "已损坏" in output


def test_ten_long_missing_materials_fit_one_page(tmp_path: Path) -> None:
    """The signature and stamp block stays on page 1 with ten missing materials, even long ones."""
    result = check_catalog(ROOTS / "pdf-long")
    assert result.ok
    item = next(iter(build_model(result.sources).items.values()))
    subject = item_subject(item)
    longest = sorted((r for r in subject.rows if not r.shared),
                     key=lambda r: -len(r.name + r.requirement + r.source + "".join(r.notes)))[:10]
    request = resolve_request(subject, [r.id for r in longest], [], DAY, "示范市滨河区某某餐饮管理有限公司",
                              "A03-20240506-010")
    pdf = write_notice(subject, f"{SITE}{subject.url_path}", tmp_path / "long.pdf", request)
    texts = page_texts(pdf)
    assert len(texts) == 1
    text = squash(texts[0])
    for expected in ("编号：A03-20240506-010", "（受理窗口盖章）", "申请人签收", *(r.name for r in longest)):
        assert squash(expected) in text, expected
    save_preview(rasterise(pdf, tmp_path), "notice-ten-long")


def test_bundle_notice_from_the_cli(tmp_path: Path) -> None:
    """A bundle's notice: row ids name the member item; common documents are asked for once."""
    out = tmp_path / "bundle.pdf"
    result = check_catalog(DESK)
    bundle_id = next(iter(build_model(result.sources).bundles))
    from onewindow.render.intake import bundle_subject

    subject = bundle_subject(build_model(result.sources).bundles[bundle_id])
    ids = [r.id for r in subject.rows if not r.shared][:3]
    code, output = invoke(bundle_id, str(DESK), "--missing", ",".join(ids), "--number", "B01-20240506-001",
                          "--date", "2024-05-06", "-o", str(out), "--site-url", SITE)
    assert code == 0, output
    text = all_text(out)
    assert len(page_texts(out)) == 1
    assert squash(subject.subject) in text and "编号：B01-20240506-001" in text
    for row_id in ids:
        assert squash(subject.row(row_id).name) in text
    assert decode_qr(rasterise(out, tmp_path)) == [f"{SITE}bundles/{bundle_id}/"]


def test_rare_characters_use_the_fallback_font_and_undrawable_ones_are_named(tmp_path: Path) -> None:
    """A name with CJK Extension A, B and E characters prints in HanaMin and reads back as text
    (ReportLab's ToUnicode map is fixed for characters beyond the BMP); an emoji no font has is
    named in a warning instead of vanishing from the notice."""
    import pypdf

    out = tmp_path / "notice.pdf"
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--applicant", "王䶮𠀀𬌗🎉", "--date", "2024-05-06",
                          "--number", "A03-20240506-001", "-o", str(out), "--site-url", SITE)
    assert code == 0, output
    warning = output.split("警告：", 2)[-1].split("已生成")[0]
    assert "🎉（U+1F389）" in warning and not any(c in warning for c in "王䶮𠀀𬌗"), output
    runs: list[tuple[str, str]] = []
    pypdf.PdfReader(out).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: runs.append((text, str((font or {}).get("/BaseFont")))))
    fonts_of = {char: font for text, font in runs for char in text}
    assert "王" in fonts_of and "HanaMin" not in fonts_of["王"], fonts_of.get("王")
    for rare in "䶮𠀀𬌗":
        assert "HanaMin" in fonts_of.get(rare, ""), (rare, runs)
    assert "王䶮𠀀𬌗" in all_text(out)


def test_notice_without_rare_characters_warns_of_nothing(tmp_path: Path) -> None:
    code, output = invoke(FOOD, str(DESK), "--missing", "lease", "--applicant", "王䶮𠀀𬌗", "--date", "2024-05-06",
                          "--number", "A03-20240506-002", "-o", str(tmp_path / "n.pdf"), "--site-url", SITE)
    assert code == 0 and "在已安装的字体中都没有" not in output, output


@pytest.mark.parametrize(("args", "expected"), [
    (("--applicant", "张" * 101), "--applicant 的值太长（101 个字符，最多 100 个）"),
    (("--applicant", "王\x1b[2J\x1b]0;pwned\x07"), "控制字符"),
    (("--number", "9" * 5000), "--number 的值太长（5000 个字符，最多 40 个）"),
    (("--defective", "lease:未签字\x1b[31m"), "控制字符"),
    (("--defective", "lease:" + "未签字" * 100), "--defective 的值太长"),
])
def test_typed_text_that_cannot_go_on_the_paper_is_a_usage_error(tmp_path: Path, args: tuple[str, str],
                                                                   expected: str) -> None:
    out = tmp_path / "n.pdf"
    extra = () if args[0] == "--defective" else ("--missing", "lease")
    code, output = invoke(FOOD, str(DESK), *extra, *args, "-o", str(out), "--site-url", SITE,
                          *(() if args[0] == "--number" else ("--number", "A03-20240506-001")))
    assert code == 2 and expected in output and "\x1b" not in output, output
    assert not out.exists()
