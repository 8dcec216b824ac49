"""The package works from an installed wheel, outside the repository.

Builds the wheel, installs it (without dependencies) into a fresh virtual environment
that borrows this one's third-party packages but not its editable kfp_tutorial, and
then, from an empty folder, runs what a learner runs: ``list``, ``run 02-add --report``,
``cluster up --dry-run`` and an import of every shipped module. Maintainer code
(tools/) must not be in the wheel; the cluster files and report templates must.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)  # type: ignore[call-overload,no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ]
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (path,) = out.glob("kfp_tutorial-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A venv with the wheel installed; its environment variables for subprocesses."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    python = bin_dir / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    # Borrow this environment's third-party packages (kfp, scikit-learn, ...): a plain path
    # entry, so the editable install's import hook (a .pth in that folder) is not loaded.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = _run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)])
    assert install.returncode == 0, install.stdout + install.stderr
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "KFP_", "VIRTUAL_ENV", "PYTEST"))
    }
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["KFP_TUTORIAL_LANG"] = "en"
    yield env


def test_the_wheel_ships_learner_files_and_no_maintainer_code(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("tools/", "tests/", "benchmarks/"))]
    for needed in (
        "kfp_tutorial/cluster/kfp-cluster.sh",
        "kfp_tutorial/cluster/kind-config.yaml",
        "kfp_tutorial/cluster/images.txt",
        "kfp_tutorial/cluster/manifests/lesson08-secret.yaml",
        "kfp_tutorial/versions.py",
        "kfp_tutorial/spec/templates/dag.svg.j2",
    ):
        assert needed in names, needed


def test_list_run_and_cluster_dry_run_from_an_empty_folder(
    installed: dict[str, str], tmp_path: Path
) -> None:
    where = _run(
        ["python", "-c", "import kfp_tutorial; print(kfp_tutorial.__file__)"],
        cwd=tmp_path,
        env=installed,
    )
    assert where.returncode == 0, where.stderr
    assert str(REPO) not in where.stdout, "the test imported the repository, not the wheel"

    listed = _run(["kfp-tutorial", "list"], cwd=tmp_path, env=installed)
    assert listed.returncode == 0, listed.stderr
    assert "02-add" in listed.stdout

    ran = _run(["kfp-tutorial", "run", "02-add", "--report"], cwd=tmp_path, env=installed)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert '"Output": 26.0' in ran.stdout  # the result lesson 02 quotes
    assert (tmp_path / "kfp_runs").is_dir()
    # The report's graph is laid out in process (Graphviz as WebAssembly), with no
    # Graphviz program on the machine.
    (report,) = (tmp_path / "kfp_runs").rglob("report.html")
    page = report.read_text(encoding="utf-8")
    assert 'class="kfp-dag-svg"' in page and page.count('class="kfp-node kfp-task"') == 3

    dry = _run(["kfp-tutorial", "cluster", "up", "--dry-run"], cwd=tmp_path, env=installed)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "kind create cluster" in dry.stdout
    assert "Traceback" not in dry.stderr


def test_every_shipped_module_imports(installed: dict[str, str], wheel: Path, tmp_path: Path) -> None:
    modules = sorted(
        name[: -len(".py")].replace("/", ".").removesuffix(".__init__")
        for name in zipfile.ZipFile(wheel).namelist()
        if name.startswith("kfp_tutorial/") and name.endswith(".py") and not name.endswith("__main__.py")
    )
    assert "kfp_tutorial.cli" in modules
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\nprint('ok')"
    result = _run(["python", "-c", code, *modules], cwd=tmp_path, env=installed)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
