"""The same checks on Python 3.11, 3.12 and 3.13 (nox, https://nox.thea.codes).

    nox --list                          # the sessions
    nox --session fast main             # fast tier and main job on every Python found
    nox --python 3.13 --session fast    # one Python

``tests`` is the full suite (what ``bash scripts/test.sh`` runs, on 3.11 in CI); ``fast`` the
fast tier (``pytest -m "not slow"``); ``main`` the main job (every lesson run locally, the
site built strictly), as ``bash scripts/main.sh`` runs it; ``lint`` ruff and mypy. .ci/run
and .github/workflows/tests.yml run the 3.12 and 3.13 ``fast`` and ``main`` sessions.
"""

from __future__ import annotations

import os

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
nox.options.sessions = ["lint", "fast", "main"]
nox.options.reuse_venv = "yes"
# Bytecode kept, as scripts/_venv.sh does (a run starts many Python processes).
ENV = {"PYTHONDONTWRITEBYTECODE": "", "NO_MKDOCS_2_WARNING": "1"}


def _install(session: nox.Session, extras: str) -> None:
    session.install("--quiet", "--upgrade", "pip")
    session.install("--quiet", "-e", f".[{extras}]")


@nox.session(python=PYTHONS)
def fast(session: nox.Session) -> None:
    """The fast tier: every test not marked slow."""
    _install(session, "test")
    session.run("python", "-m", "pytest", "-m", "not slow", "-n", "2", "-q", *session.posargs, env=ENV)


@nox.session(python=PYTHONS)
def main(session: nox.Session) -> None:
    """The main job: every lesson's pipelines run locally, then the site built strictly."""
    _install(session, "docs")
    runs = session.create_tmp()
    session.run("kfp-tutorial", "run", "--all", "--output-dir", os.path.join(runs, "kfp_runs"), env=ENV)
    session.run(
        "mkdocs", "build", "--strict", "--quiet", "--site-dir", os.path.join(runs, "site"), env=ENV
    )


@nox.session(python="3.11")
def tests(session: nox.Session) -> None:
    """The full suite, as scripts/test.sh runs it (mypy, then every test)."""
    _install(session, "test")
    session.run("mypy", env=ENV)
    session.run("python", "-m", "pytest", "-n", "2", *session.posargs, env=ENV)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff (lint and format) and mypy: what pre-commit runs."""
    _install(session, "test")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
