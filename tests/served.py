"""Build a catalog and serve its site on 127.0.0.1 for the Chromium tests."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from onewindow.build.pipeline import build

# Debian's Chromium, headless, with the background services off: this machine has no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def refuse_foreign(context: object) -> list[str]:
    """Make a Playwright browser context refuse every request that leaves this machine (the
    local server, files and data: URLs pass); returns the list the refused URLs are added to."""
    from urllib.parse import urlsplit

    foreign: list[str] = []

    def guard(route, request) -> None:
        if urlsplit(request.url).hostname in ("127.0.0.1", None) or request.url.startswith(("data:", "file:")):
            route.continue_()
        else:
            foreign.append(request.url)
            route.abort()

    context.route("**/*", guard)  # type: ignore[attr-defined]
    return foreign


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def served_build(catalog: Path, out: Path) -> Iterator[str]:
    """Build `catalog` into out/build and out/site with the server's address as site_url; yield it."""
    handler = functools.partial(_QuietHandler, directory=str(out / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_port}/"
    result, ctx = build(catalog, out / "build", out / "site", quiet=True, site_url=base)
    assert ctx is not None, result.errors
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
