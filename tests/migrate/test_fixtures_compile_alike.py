"""The differential test of ``migrate``: every v1 fixture, compiled by kfp 1.8.22 and, after
migration, by kfp 2, runs the same leaf tasks with the same dependencies.

Slow: it builds (once, cached under .cache/) a venv with kfp 1.8.22 and compiles each
program in both SDKs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kfp_tutorial.migrate import migrate_source
from kfp_tutorial.migrate.verify import check_sources
from tests.migrate.task_graph import compile_v1, v1_graph, v2_graph

FIXTURES = Path(__file__).parent / "fixtures"
PROGRAMS = sorted(FIXTURES.glob("*.py"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, dict]]:
    """For every fixture and pipeline: (v1 graph, v2 graph)."""
    root = tmp_path_factory.mktemp("alike")
    migrated = [migrate_source(path.read_text(encoding="utf-8")) for path in PROGRAMS]
    checks = check_sources([(m.source, FIXTURES) for m in migrated], keep=root / "v2")
    graphs: dict[str, tuple[dict, dict]] = {}
    for index, (path, check) in enumerate(zip(PROGRAMS, checks, strict=True)):
        assert check.ok, f"{path.name}: {check.error} (line {check.line})"
        names = compile_v1(path, root / "v1" / path.stem)
        assert names, f"{path.name}: kfp 1.8.22 compiled no pipeline"
        for name in names:
            v1 = yaml.safe_load((root / "v1" / path.stem / f"{name}.yaml").read_text())
            v2 = next(yaml.safe_load_all((root / "v2" / str(index) / f"{name}.yaml").read_text()))
            before = v1_graph(v1)
            graphs[f"{path.stem}:{name}"] = (before, v2_graph(v2, set(before)))
    return graphs


@pytest.mark.parametrize("program", [p.stem for p in PROGRAMS])
def test_migrated_program_runs_the_same_tasks(
    program: str, compiled: dict[str, tuple[dict, dict]]
) -> None:
    pairs = {key: pair for key, pair in compiled.items() if key.startswith(program + ":")}
    assert pairs, f"{program}: no pipeline compared"
    for key, (v1, v2) in pairs.items():
        assert v1, f"{key}: the v1 workflow has no leaf task"
        assert sorted(v2) == sorted(v1), f"{key}: leaf tasks differ"
        assert v2 == v1, f"{key}: dependencies differ"
