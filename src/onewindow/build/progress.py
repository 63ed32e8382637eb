"""Progress output for long builds: one bar per stage on a terminal, one summary line elsewhere.

    with Progress("生成页面", total=len(items), quiet=ctx.quiet) as bar:
        for item in items:
            ...
            bar.advance()

On a TTY the bar is redrawn in place (carriage return, throttled so 10,000 quick steps do not
cost more than the work). When stderr is a file or a pipe (CI logs, `2> build.log`) redrawing
would leave thousands of lines, so only a one-line summary is written when the stage ends.
`quiet=True` or the environment variable CI=true silences it entirely.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import unicodedata
from types import TracebackType
from typing import TextIO

REDRAW_SECONDS = 0.1  # at most ten redraws a second
BAR_MIN, BAR_MAX = 10, 40


def quiet_by_environment() -> bool:
    """CI=true (set by GitHub Actions, GitLab CI and most others) means nobody watches a bar."""
    return os.environ.get("CI", "").strip().lower() == "true"


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or unusual streams
        return False


def _columns(text: str) -> int:
    """Terminal columns of text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Progress:
    """Context manager reporting `advance()` calls against `total` for one named stage."""

    def __init__(self, stage: str, total: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stage = stage
        self.total = max(0, total)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not (quiet or quiet_by_environment())
        self.tty = self.enabled and _is_tty(self.stream)
        self._started = 0.0
        self._last_draw = 0.0

    def __enter__(self) -> Progress:
        self._started = time.monotonic()
        if self.tty:
            self._draw()
        return self

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        if self.tty and time.monotonic() - self._last_draw >= REDRAW_SECONDS:
            self._draw()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.enabled:
            return
        suffix = "（已中断）" if exc_type is not None else ""
        if self.tty:
            self._draw(final=True)
            self.stream.write(f"{suffix}\n")
        else:
            self.stream.write(f"{self.summary()}{suffix}\n")
        self.stream.flush()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def summary(self) -> str:
        return f"{self.stage}：{self.done}/{self.total}，用时 {self.elapsed:.1f} 秒"

    def line(self, width: int) -> str:
        """The bar as one line of at most about `width` columns (CJK counts double)."""
        count = f"{self.done}/{self.total}"
        fraction = self.done / self.total if self.total else 1.0
        tail = f" {count} {fraction:4.0%} {self.elapsed:.1f}秒"
        room = width - _columns(self.stage) - _columns(tail) - 3
        size = max(BAR_MIN, min(BAR_MAX, room))
        filled = round(size * fraction)
        return f"{self.stage} [{'#' * filled}{'-' * (size - filled)}]{tail}"

    def _draw(self, final: bool = False) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        # \r returns to the line start; \x1b[K clears what a longer previous line left behind.
        self.stream.write("\r" + self.line(width - 1) + "\x1b[K")
        if not final:
            self.stream.flush()
        self._last_draw = time.monotonic()
