"""The local runner's canaries against every tested kfp, not only the pinned one.

The adapter (kfp_tutorial/local/kfp_internals.py) accepts each kfp of
``KFP_TESTED_VERSIONS``, so a learner whose environment already has one of them (a
Kubeflow notebook image, Colab) is not refused. This test holds that promise: for each
tested version other than the installed one, it installs that release of the kfp
packages (kfp, kfp-kubernetes, kfp-pipeline-spec, kfp-server-api; nothing else) into a
folder of its own, puts the folder first on ``PYTHONPATH`` (the task subprocesses that
kfp.local starts inherit it) and runs ``tests/unit/test_kfp_internals.py`` there, slow
canaries included. The folder is kept in ``test-artifacts/`` and reused while it holds
the right versions, so only the first run downloads anything.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kfp_tutorial.versions import KFP_TESTED_VERSIONS

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "test-artifacts" / "kfp-versions"
# The packages that make up one kfp release (the four share its version number).
RELEASE_PACKAGES = ("kfp", "kfp-kubernetes", "kfp-pipeline-spec", "kfp-server-api")
OTHER_VERSIONS = [v for v in KFP_TESTED_VERSIONS if v != importlib.metadata.version("kfp")]


def release_folder(version: str) -> Path:
    """A folder holding the kfp packages of ``version`` (installed once, then reused)."""
    folder = CACHE / version
    wanted = {f"{name.replace('-', '_')}-{version}.dist-info" for name in RELEASE_PACKAGES}
    if folder.is_dir() and wanted <= {p.name for p in folder.iterdir()}:
        return folder
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade"]
        + ["--target", str(folder)]
        + [f"{name}=={version}" for name in RELEASE_PACKAGES],
        check=True,
    )
    return folder


def test_every_tested_version_but_the_installed_one_is_run_here() -> None:
    assert importlib.metadata.version("kfp") in KFP_TESTED_VERSIONS
    assert len(OTHER_VERSIONS) == len(KFP_TESTED_VERSIONS) - 1


@pytest.mark.slow
@pytest.mark.parametrize("version", OTHER_VERSIONS)
def test_the_canaries_pass_with(version: str, tmp_path: Path) -> None:
    folder = release_folder(version)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(REPO)])}
    env.pop("KFP_TUTORIAL_ALLOW_KFP", None)  # the version check must pass on its own
    found = subprocess.run(
        [sys.executable, "-c", "import kfp; print(kfp.__version__, kfp.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert found[0] == version and found[1].startswith(str(folder)), found
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/unit/test_kfp_internals.py", "-q", "-p", "no:xdist"]
        + ["-p", "no:cacheprovider", "--basetemp", str(tmp_path / "pytest")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " skipped" not in done.stdout, done.stdout[-2000:]
