"""Browser-test fixtures: the docs site, built once per test process and served locally.

Shared by test_site_browser.py and test_korean_font.py (one build instead of two).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import require_chromium, serve_directory

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once (not strict: test_docs_site checks the strict build)."""
    require_chromium()
    out = tmp_path_factory.mktemp("browser_site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, f"mkdocs build failed:\n{build.stderr[-4000:]}"
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving the built site from a background thread."""
    with serve_directory(site_dir) as url:
        yield url
