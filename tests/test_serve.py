"""`onewindow serve`: start it, edit an item, see the new name served; a broken edit keeps the
last good site with the problems on the page and in the terminal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ONEWINDOW = str(Path(sys.executable).with_name("onewindow"))  # the console script users run
ITEM = "items/scjg/999902000000XK00201.yml"
PAGE = "items/999902000000XK00201/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait_for(check: Callable[[], bool], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; server output:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture
def preview(tmp_path: Path, copy_catalog: Callable[[Path | str], Path]) -> Iterator[tuple[Path, str, Path]]:
    catalog = copy_catalog("minimal")
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "ONEWINDOW_SITE_URL": "https://zwfw.example.gov.cn/"}
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [ONEWINDOW, "serve", str(catalog), "--build-dir", str(tmp_path / "build"),
             "--site-dir", str(tmp_path / "site"), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: _get(base + PAGE)[0] == 200, 240, "the first build", log)
        yield catalog, base, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert "预览已停止" in log.read_text(encoding="utf-8")


def test_edit_an_item_and_see_the_new_name_served(preview: tuple[Path, str, Path]) -> None:
    catalog, base, log = preview
    status, page = _get(base + PAGE)
    assert "食品经营许可" in page and "livereload" in page  # the reload script is injected
    assert "onewindow-preview-errors" not in page
    path = catalog / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("name: 食品经营许可\n", "name: 小餐饮经营许可\n"),
                    encoding="utf-8")
    _wait_for(lambda: "小餐饮经营许可" in _get(base + PAGE)[1], 180, "the edited name", log)

    # A broken edit: the terminal and the page name the problem; the last good page stays.
    path.write_text(path.read_text(encoding="utf-8").replace("visits: ", "visits: 很多次 #"), encoding="utf-8")
    _wait_for(lambda: "onewindow-preview-errors" in _get(base + PAGE)[1], 180, "the error banner", log)
    status, page = _get(base + PAGE)
    assert status == 200 and "小餐饮经营许可" in page and "OW103" in page
    assert "OW103" in log.read_text(encoding="utf-8")

    # Fixed again: the banner goes away.
    path.write_text(path.read_text(encoding="utf-8").replace("visits: 很多次 #", "visits: "), encoding="utf-8")
    _wait_for(lambda: "onewindow-preview-errors" not in _get(base + PAGE)[1], 180, "the banner to clear", log)


def test_port_in_use_is_a_chinese_usage_error(tmp_path: Path, copy_catalog: Callable[[Path | str], Path]) -> None:
    catalog = copy_catalog("minimal")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [ONEWINDOW, "serve", str(catalog), "--build-dir", str(tmp_path / "b"),
             "--site-dir", str(tmp_path / "s"), "--port", str(port)],
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
            env={**os.environ, "ONEWINDOW_SITE_URL": "https://zwfw.example.gov.cn/"})
    assert done.returncode == 2
    assert f"端口 {port} 已被占用" in done.stderr and "Traceback" not in done.stderr
