"""The embedded CJK font: found where Debian installs it, overridable, and a clear Chinese error without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.cli.main import main
from onewindow.errors import MissingToolError
from onewindow.render.pdf import fonts

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DESK = Path(__file__).parent / "roots" / "pdf-desk"


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)


def test_finds_the_font_installed_by_setup() -> None:
    assert WQY.is_file(), "scripts/setup.sh installs fonts-wqy-microhei"
    assert fonts.find_font() == (WQY, 0)
    assert fonts.register_cjk_font() == fonts.FONT_NAME


def test_no_font_installed_names_font_and_package() -> None:
    with pytest.raises(MissingToolError) as info:
        fonts.find_font((("/nonexistent/wqy-microhei.ttc", 0), ("/nonexistent/wqy-zenhei.ttc", 0)))
    message = str(info.value)
    assert message.startswith("缺少系统软件：")
    assert "文泉驿微米黑" in message and "wqy-microhei.ttc" in message
    assert "sudo apt-get install fonts-wqy-microhei" in message
    assert fonts.ENV_VAR in message


def test_override_to_a_missing_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, "/nonexistent/font.ttf")
    with pytest.raises(MissingToolError, match="指定的中文字体文件 /nonexistent/font.ttf 不存在"):
        fonts.find_font()


def test_override_wins_over_the_known_paths(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    other = tmp_path / "my-office-font.ttc"
    other.symlink_to(WQY)
    monkeypatch.setenv(fonts.ENV_VAR, str(other))
    assert fonts.find_font() == (other, 0)


def test_override_to_a_file_that_is_not_a_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all")
    monkeypatch.setenv(fonts.ENV_VAR, str(fake))
    with pytest.raises(MissingToolError, match="无法使用"):
        fonts.register_cjk_font()


def test_build_without_font_stops_with_the_chinese_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Through `onewindow build`: no traceback, the message names the font and how to install it."""
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "missing-font.ttc"))
    result = CliRunner().invoke(main, ["build", str(DESK), "--build-dir", str(tmp_path / "build"),
                                       "--site-dir", str(tmp_path / "site"), "--site-url", "https://example.gov.cn/",
                                       "--quiet"])
    assert result.exit_code == 1, result.output
    assert "缺少系统软件" in result.output and "missing-font.ttc" in result.output
    assert "sudo apt-get install fonts-wqy-microhei" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "build").exists()  # a failed build leaves nothing behind


def test_undrawable_names_only_what_no_font_has() -> None:
    """Extension A/B/E characters have a fallback font; joiners and variation selectors need no
    glyph; an emoji without a glyph in any installed font is named once."""
    from onewindow.render.pdf.fonts import describe_chars, undrawable

    assert undrawable("王䶮𠀀𬌗，申请人") == []
    assert undrawable("👩\u200d💻👩\ufe0f") == ["👩"]
    assert describe_chars(["👩"]) == "👩（U+1F469）"
