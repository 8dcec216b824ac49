"""Shared test fixtures: every run goes to a temporary folder, never the repo."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kfp_tutorial import i18n

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def runs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide folder for local pipeline runs."""
    return tmp_path_factory.mktemp("kfp_runs")


@pytest.fixture(autouse=True)
def _isolate_outputs(monkeypatch: pytest.MonkeyPatch, runs_dir: Path) -> None:
    monkeypatch.setenv("KFP_TUTORIAL_OUTPUT_DIR", str(runs_dir))


@pytest.fixture(autouse=True)
def _no_cluster_unless_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """``run --host`` defaults to ``$KFP_HOST``: keep local tests local even when a learner
    has exported it for the live suite. Only tests marked ``cluster`` see it."""
    if request.node.get_closest_marker("cluster") is None:
        monkeypatch.delenv("KFP_HOST", raising=False)


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """Every test starts with English messages, whatever the locale or an earlier test
    chose; a test that checks Korean sets it itself. Restored afterwards."""
    previous = i18n.get_lang()
    i18n.set_lang("en")
    yield
    i18n.set_lang(previous)


# --- the fast tier stays fast ------------------------------------------------------------
# `pytest -m "not slow"` must run no pipeline, build no site and execute no notebook. A
# test that does any of these without the `slow` marker fails here with a message that
# says so, instead of quietly making the fast tier slower.

_HEAVY_WORDS = {
    "mkdocs": "builds the docs site",
    "papermill": "executes a notebook",
    "nbval": "executes a notebook",
}


def _heavy_command(args: object) -> str | None:
    words = [str(a) for a in args] if isinstance(args, list | tuple) else str(args).split()
    names = [Path(word).name for word in words]
    for word, what in _HEAVY_WORDS.items():
        if word in names:
            return what
    if "run" in names and ("kfp-tutorial" in names or "kfp_tutorial" in names):
        return "runs a pipeline (kfp-tutorial run)"
    if names[:1] and names[0].startswith("python") and "tools.notebooks" in words and "execute" in words:
        return "executes a notebook"
    return None


@pytest.fixture(autouse=True)
def _fast_tier_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("slow") is not None:
        return
    name = request.node.nodeid

    def refuse(what: str) -> None:
        pytest.fail(f"{name} {what}: mark it @pytest.mark.slow (the fast tier runs none)", pytrace=False)

    import kfp.local

    def init(*args: object, **kwargs: object) -> None:
        refuse("runs a pipeline with kfp.local")

    monkeypatch.setattr(kfp.local, "init", init)

    original_popen_init = subprocess.Popen.__init__

    def popen_init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        what = _heavy_command(args)
        if what is not None:
            refuse(what)
        original_popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", popen_init)
    papermill = sys.modules.get("papermill")
    if papermill is not None:
        monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: refuse("executes a notebook"))


# Session fixtures that do heavy work before any test's own guard can see it: a test
# that uses one belongs to the slow tier.
HEAVY_FIXTURES = {
    "site": "builds the docs site (mkdocs build --strict)",
    "exported": "exports notebooks to HTML handouts with nbconvert",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if set(getattr(item, "fixturenames", ())) & HEAVY_FIXTURES.keys():
            item.add_marker(pytest.mark.slow)
