"""Which characters the PDF fonts draw (onewindow.fontcoverage): the shipped table against the
installed fonts read for real, the one choice shared by the renderer and OW230, `check` without
ReportLab, and the fallback to the real fonts when the installed fonts are not the table's."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_kit import ROOTS
from onewindow import fontcoverage
from onewindow.fontcoverage import FontUnreadable, Ranges, font_identity, read_coverage

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HANA_A = Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
HANA_B = Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf")
TABLE = Path(fontcoverage.__file__).with_name(fontcoverage.TABLE_FILE)
# The blocks the old rule assumed the main font "surely" drew, without looking.
OLD_SURELY_DRAWN = [*range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0)]


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fontcoverage.ENV_VAR, raising=False)
    fontcoverage.coverage.cache_clear()
    fontcoverage.shipped_table.cache_clear()
    fontcoverage._font_set.cache_clear()


def test_setup_installs_the_fonts_the_table_was_made_from() -> None:
    assert WQY.is_file() and HANA_A.is_file() and HANA_B.is_file(), "scripts/setup.sh installs them"
    table = fontcoverage.shipped_table()
    for path in (WQY, HANA_A, HANA_B):
        assert font_identity(path) in table, f"{path} is not in {TABLE.name}: run scripts/font_coverage.py"


def test_shipped_table_equals_the_installed_fonts_real_coverage() -> None:
    """Each font's ranges in the shipped file are what ReportLab reads from the font's cmap."""
    shipped = json.loads(TABLE.read_text(encoding="utf-8"))
    fresh = fontcoverage.table_of_installed_fonts()
    assert [f["identity"] for f in shipped["fonts"]] == [f["identity"] for f in fresh["fonts"]]
    for old, new in zip(shipped["fonts"], fresh["fonts"], strict=True):
        assert old["ranges"] == new["ranges"], f"{new['file']}: run scripts/font_coverage.py"
    real = read_coverage(WQY)
    assert fontcoverage.shipped_table()[font_identity(WQY)] == real
    assert len(real) == len({code for code in range(0x110000) if code in real}) > 30000
    assert fontcoverage.table_text(fresh) == TABLE.read_text(encoding="utf-8")


def test_main_font_lacks_parts_of_the_blocks_once_assumed_drawn() -> None:
    """The facts behind the fix: WenQuanYi Micro Hei has only part of these blocks."""
    main = read_coverage(WQY)
    for start, end, has in ((0x2000, 0x206F, 49), (0x3000, 0x303F, 35), (0xFF00, 0xFFEF, 164)):
        assert sum(code in main for code in range(start, end + 1)) == has


def test_undrawable_agrees_with_the_real_fonts_over_the_old_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every character of those blocks: the table's answer is the answer of the fonts read for
    real (the table emptied forces the reading path)."""
    text = "".join(chr(code) for code in OLD_SURELY_DRAWN)
    from_table = fontcoverage.installed().undrawable(text)
    assert "⁕" in from_table and "〯" in from_table and "⁊" in from_table
    assert "、" not in from_table and "｟" not in from_table
    monkeypatch.setattr(fontcoverage, "shipped_table", lambda: {})
    fontcoverage.coverage.cache_clear()
    fontcoverage._font_set.cache_clear()
    assert fontcoverage.installed().undrawable(text) == from_table
    fontcoverage._font_set.cache_clear()


def test_renderer_sets_what_the_main_font_lacks_in_the_fallback_the_check_counts_on() -> None:
    from onewindow.render.pdf.fonts import with_fallback

    main, hana_a, hana_b = read_coverage(WQY), read_coverage(HANA_A), read_coverage(HANA_B)
    lacking = next(chr(c) for c in range(0xFF00, 0xFFF0) if c not in main and c in hana_a)
    only_b = next(chr(c) for c in range(0x20000, 0x30000) if c in hana_b and c not in hana_a)
    fonts = fontcoverage.installed()
    assert fonts.font_for(lacking) == 1 and fonts.font_for("申") == 0 and fonts.font_for(only_b) == 2
    marked = with_fallback(f"申{lacking}")
    assert marked.startswith("申<font name=") and marked.endswith(f">{lacking}</font>")
    assert fonts.undrawable(lacking) == []


def test_ranges_round_trip_and_reject_damage() -> None:
    ranges = Ranges.of([0x20, 0x21, 0x22, 0x4E00, 0x20000, 0x20001])
    assert ranges.format() == "20-22,4e00,20000-20001"
    assert Ranges.parse(ranges.format()) == ranges
    assert 0x21 in ranges and 0x23 not in ranges and 0x20001 in ranges and 0x1F not in ranges
    for bad in ("", "zz", "30-20", "20,20", "20-30,25", "110000"):
        with pytest.raises(ValueError):
            Ranges.parse(bad)


def test_identity_reads_only_the_directory_and_refuses_what_is_not_a_font(tmp_path: Path) -> None:
    assert font_identity(WQY).startswith(f"{WQY.stat().st_size}:")
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all")
    for path, face in ((fake, 0), (tmp_path / "missing.ttf", 0), (WQY, 7), (HANA_A, 1)):
        with pytest.raises(FontUnreadable):
            font_identity(path, face)


def _changed_copy(tmp_path: Path) -> Path:
    """The main font with one table checksum changed in its directory: the same glyphs, but not
    a font the table knows (as a new release of the package would be)."""
    copy = tmp_path / "other-wqy.ttc"
    shutil.copyfile(WQY, copy)
    data = bytearray(copy.read_bytes())
    (offset,) = struct.unpack(">I", data[12:16])  # face 0 of the collection
    tables = struct.unpack(">H", data[offset + 4:offset + 6])[0]
    for record in range(offset + 12, offset + 12 + 16 * tables, 16):
        if data[record:record + 4] == b"name":
            data[record + 4:record + 8] = bytes(b ^ 0xFF for b in data[record + 4:record + 8])
    copy.write_bytes(bytes(data))
    assert font_identity(copy) != font_identity(WQY)
    return copy


def _rare_catalog(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOTS / "minimal", catalog)
    item = catalog / "items" / "scjg" / "999902000000XK00101.yml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("name: 个体工商户设立登记", "name: 个体工商户设立登记王䶮𠀀𬌗⁕🎉", 1), encoding="utf-8")
    return catalog


CHECK_AND_REPORT = """
import json, sys
from click.testing import CliRunner
from onewindow.cli.main import main
result = CliRunner().invoke(main, ["check", sys.argv[1], "--format", "json"])
print(json.dumps({"output": result.output, "exception": repr(result.exception),
                  "reportlab": sorted(m for m in sys.modules if m.split(".")[0] == "reportlab")[:3]}))
"""


def _check_in_subprocess(catalog: Path, env_font: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != fontcoverage.ENV_VAR}
    if env_font is not None:
        env[fontcoverage.ENV_VAR] = str(env_font)
    proc = subprocess.run([sys.executable, "-c", CHECK_AND_REPORT, str(catalog)], capture_output=True,
                          text=True, env=env, timeout=120, check=True)
    report = json.loads(proc.stdout)
    assert "Traceback" not in report["output"] + proc.stderr
    return report


def _ow230(report: dict) -> list[str]:
    return [p["message"] for p in json.loads(report["output"]) if p["code"] == "OW230"]


def test_check_with_rare_characters_does_not_import_reportlab(tmp_path: Path) -> None:
    report = _check_in_subprocess(_rare_catalog(tmp_path))
    assert report["reportlab"] == []
    assert _ow230(report) == ["⁕（U+2055）、🎉（U+1F389） 在已安装的字体中都没有，PDF 收件清单和告知书中会显示为空白"]


def test_fonts_the_table_does_not_know_are_read_for_real(tmp_path: Path) -> None:
    """$ONEWINDOW_CJK_FONT on a font not in the table: its cmap is read (ReportLab is loaded)
    and the answer is the same as the table's for the same glyphs."""
    report = _check_in_subprocess(_rare_catalog(tmp_path), env_font=_changed_copy(tmp_path))
    assert report["reportlab"] != []
    assert _ow230(report) == ["⁕（U+2055）、🎉（U+1F389） 在已安装的字体中都没有，PDF 收件清单和告知书中会显示为空白"]


def test_an_unusable_main_font_gives_no_traceback_and_no_glyph_warning(tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all")
    report = _check_in_subprocess(_rare_catalog(tmp_path), env_font=fake)
    assert report["exception"] in ("None", "SystemExit(0)", "SystemExit(1)")
    assert _ow230(report) == []  # `build` and `notice` name the broken font themselves


def test_a_damaged_shipped_table_falls_back_to_the_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for damage in ("", "{", '{"fonts": [{"identity": "1:2"}]}', '{"fonts": [{"identity": "1:2", "ranges": "zz"}]}'):
        bad = tmp_path / "table.json"
        bad.write_text(damage, encoding="utf-8")
        monkeypatch.setattr(fontcoverage, "files", lambda _package, bad=bad: bad.parent)
        monkeypatch.setattr(fontcoverage, "TABLE_FILE", bad.name)
        fontcoverage.shipped_table.cache_clear()
        assert fontcoverage.shipped_table() == {}
    fontcoverage.coverage.cache_clear()
    assert fontcoverage.coverage(WQY) == read_coverage(WQY)
