"""Shared test fixtures: every run goes to a temporary folder, never the repo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
