"""Progress output: a redrawn bar on a terminal, one summary line in logs, silence when quiet."""

from __future__ import annotations

import io
import unicodedata

import pytest

from onewindow.build.progress import Progress


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture(autouse=True)
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_terminal_gets_a_bar_that_ends_complete_on_its_own_line() -> None:
    out = Stream(tty=True)
    with Progress("生成页面", total=5, stream=out) as bar:
        for _ in range(5):
            bar.advance()
    text = out.getvalue()
    assert text.startswith("\r生成页面 [")
    assert text.endswith("\n")
    last = text.rstrip("\n").split("\r")[-1]
    assert "5/5" in last and "100%" in last and "#" * 10 in last and "-" not in last.split("]")[0]


def test_redraws_are_throttled_on_a_terminal() -> None:
    out = Stream(tty=True)
    with Progress("流程图", total=10_000, stream=out) as bar:
        for _ in range(10_000):
            bar.advance()
    # 10,000 steps in well under a second: a handful of redraws, not thousands.
    assert out.getvalue().count("\r") < 100
    assert "10000/10000" in out.getvalue().split("\r")[-1]


def test_log_file_gets_one_summary_line_per_stage() -> None:
    out = Stream(tty=False)
    with Progress("收件清单 PDF", total=3, stream=out) as bar:
        bar.advance(2)
        bar.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("收件清单 PDF：3/3，用时 ")
    assert "\r" not in out.getvalue()


@pytest.mark.parametrize("tty", [True, False])
def test_quiet_flag_silences_everything(tty: bool) -> None:
    out = Stream(tty=tty)
    with Progress("生成页面", total=3, quiet=True, stream=out) as bar:
        bar.advance(3)
    assert out.getvalue() == ""


@pytest.mark.parametrize("value", ["true", "TRUE", " true "])
def test_ci_environment_silences_everything(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    out = Stream(tty=True)
    with Progress("生成页面", total=3, stream=out) as bar:
        bar.advance(3)
    assert out.getvalue() == ""


def test_ci_false_does_not_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    out = Stream(tty=False)
    with Progress("二维码", total=1, stream=out) as bar:
        bar.advance()
    assert out.getvalue().startswith("二维码：1/1")


def test_interrupted_stage_says_so_and_the_error_propagates() -> None:
    out = Stream(tty=False)
    with pytest.raises(RuntimeError), Progress("生成页面", total=4, stream=out) as bar:
        bar.advance()
        raise RuntimeError("boom")
    assert out.getvalue() == out.getvalue().splitlines()[0] + "\n"
    assert "1/4" in out.getvalue() and "（已中断）" in out.getvalue()


def test_count_is_clamped_and_empty_stages_work() -> None:
    out = Stream(tty=False)
    with Progress("A", total=2, stream=out) as bar:
        bar.advance(5)
    with Progress("B", total=0, stream=out) as bar:
        pass
    assert out.getvalue().splitlines()[0].startswith("A：2/2")
    assert out.getvalue().splitlines()[1].startswith("B：0/0")


@pytest.mark.parametrize("width", [60, 80, 120])
def test_bar_fits_the_terminal_width(width: int) -> None:
    bar = Progress("生成流程图", total=1000, stream=Stream(tty=True))
    bar.__enter__()
    bar.advance(500)
    line = bar.line(width)
    assert "500/1000" in line and "50%" in line
    assert _columns(line) <= width


def test_build_reports_each_stage_unless_quiet(tmp_path) -> None:
    """Through the real CLI: one summary line per stage when stderr is a file, none under CI=true."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    cmd = [str(Path(sys.executable).parent / "onewindow"), "build", str(root / "tests" / "roots" / "minimal"),
           "--build-dir", str(tmp_path / "build"), "--site-dir", str(tmp_path / "site"),
           "--site-url", "https://example.gov.cn/"]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    shown = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stderr
    for stage in ("二维码", "流程图", "PDF 清单与海报", "页面", "网站（MkDocs）"):
        assert f"{stage}：" in shown, shown
    quiet = subprocess.run(cmd, capture_output=True, text=True, env={**env, "CI": "true"}, check=True).stderr
    assert "用时" not in quiet
