"""How long an editor waits in `onewindow serve`: from saving one item to its new name being
served, at service-centre scale. Prints one Markdown table (stdout); progress goes to stderr.

    .venv/bin/python bench/serve_latency.py                # 1,000 items, 3 edits
    .venv/bin/python bench/serve_latency.py --items 200 --edits 2

Each edit renames one item (a different item each time) and polls its page over HTTP until
the new name is there: the figure includes the watcher's delay, the incremental build (check,
changed outputs, MkDocs on the changed pages only) and the publication.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ONEWINDOW = str(Path(sys.executable).with_name("onewindow"))


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(url: str, text: str, limit: float) -> float:
    """Seconds until the page at `url` contains `text` (polled every 0.1 s)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in _page(url):
            return time.perf_counter() - start
        time.sleep(0.1)
    raise SystemExit(f"timed out after {limit:.0f} s waiting for {text!r} at {url}")


def _items(catalog: Path, count: int) -> list[tuple[Path, str, str]]:
    """(file, code, name) of `count` items spread over the catalog."""
    files = sorted(catalog.glob("items/*/*.yml"))
    step = max(1, len(files) // count)
    chosen = []
    for path in files[::step][:count]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        chosen.append((path, str(data["code"]), str(data["name"])))
    return chosen


def measure(items: int, departments: int, edits: int, work: Path) -> tuple[float, list[float]]:
    catalog = work / "catalog"
    _say(f"generating {items} items …")
    subprocess.run([ONEWINDOW, "bench", "generate", "--items", str(items), "--departments", str(departments),
                    str(catalog)], check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    targets = _items(catalog, edits)
    env = {**os.environ, "CI": "true", "ONEWINDOW_SITE_URL": "https://zwfw.example.gov.cn/"}
    log = (work / "serve.log").open("w", encoding="utf-8")
    start = time.perf_counter()
    server = subprocess.Popen([ONEWINDOW, "serve", str(catalog), "--build-dir", str(work / "build"),
                               "--site-dir", str(work / "site"), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    try:
        first_path, first_code, first_name = targets[0]
        _wait(f"{base}items/{first_code}/", first_name, 3600)
        first = time.perf_counter() - start
        _say(f"first build served after {first:.1f} s")
        waits = []
        for n, (path, code, name) in enumerate(targets, start=1):
            new_name = f"{name}（预览测试{n}）"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(f"name: {name}\n", f"name: {new_name}\n", 1), encoding="utf-8")
            waits.append(_wait(f"{base}items/{code}/", new_name, 600))
            _say(f"edit {n}: new name served after {waits[-1]:.1f} s")
            time.sleep(2)  # let the watcher settle before the next edit
        return first, waits
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--departments", type=int, default=28)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="work in this directory and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ow-serve-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        first, waits = measure(args.items, args.departments, args.edits, work)
    print("| measure | figure |")
    print("|---|---|")
    print(f"| `serve` first build served, {args.items:,} items | {first:.1f} s |")
    print(f"| one-item edit → new name served, {args.items:,} items (median of {len(waits)}) | "
          f"{statistics.median(waits):.1f} s (min {min(waits):.1f}, max {max(waits):.1f}) |")


if __name__ == "__main__":
    main()
