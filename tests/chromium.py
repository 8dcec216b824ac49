"""Shared by the browser tests: where Debian's chromium is, how to launch it, and a
local HTTP server for built pages. One place, so the tests agree on the contract:
without chromium, skip with the install command, or fail with it when ``CI`` is set."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("KFP_TUTORIAL_CHROMIUM", "/usr/bin/chromium"))
# Playwright adds its own headless flag; never let it download a browser of its own.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def missing_message(path: Path) -> str:
    return f"{path} is missing: install it with `apt-get install -y chromium`"


def require_chromium() -> None:
    """Skip (or, with ``CI`` set, fail) with the install command when chromium is absent."""
    if not CHROMIUM.is_file():
        if os.environ.get("CI"):
            pytest.fail(missing_message(CHROMIUM))
        pytest.skip(missing_message(CHROMIUM))


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a background thread;
    yields ``http://127.0.0.1:PORT``."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
