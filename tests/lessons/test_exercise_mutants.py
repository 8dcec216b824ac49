"""Generated wrong answers: every small change to a solution that changes what it computes
on the exercise's own inputs must fail the exercise's check.

For the exercises whose answer is a pipeline, the solution cell of the lesson notebook is
mutated one place at a time (a number +1, a string changed, a comparison made inclusive,
``>`` turned around); hypothesis picks which. The mutant runs with its defaults next to the
solution: when their outputs differ, the mutant is a wrong answer, and ``check_exercise``
must say "not yet". (A mutant that computes the same, or that kfp refuses to define, is no
evidence either way and is passed over.)
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exercise_checks import _notebook, run_cell, solution_namespace

from kfp_tutorial import i18n
from kfp_tutorial.exercise_checks import check_exercise

# (lesson, exercise, the name the solution cell defines as its answer)
PIPELINE_EXERCISES = [
    ("01-hello-world", 1, "greeting_pipeline"),
    ("02-add", 1, "add_three_pipeline"),
    ("03-parallel", 1, "three_stations_pipeline"),
    ("04-file-passing", 1, "two_readers_pipeline"),
    ("07-control-flow", 1, "exercise_weather_pipeline"),
    ("10-reusable-components", 1, "bounds_width_pipeline"),
]
# The inputs each exercise's text names (its page): a mutant is a wrong answer when it
# computes otherwise for one of them. A changed default alone is not.
STATED: dict[tuple[str, int], list[dict[str, Any]]] = {
    ("01-hello-world", 1): [{"greeting": "안녕하세요", "name": "Kubeflow"}],
    ("02-add", 1): [{"a": 1.5, "b": 2.5, "c": 3.0}],
    ("03-parallel", 1): [{"count": 24}],
    ("04-file-passing", 1): [{"a": 300, "b": 10}],
    ("07-control-flow", 1): [{"temperature": t} for t in (36.0, 35.0, 30.0, 18.0, 5.0)],
    ("10-reusable-components", 1): [{"x": 4.0}],
}
_FLIP = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}


def _solution_source(lesson: str, number: int) -> str:
    import nbformat

    from tools.exercises import check_call, is_solution_cell

    cells = [c for c in nbformat.read(_notebook(lesson), as_version=4).cells if c.cell_type == "code"]
    group: list[str] = []
    for cell in cells:
        if is_solution_cell(cell):
            group.append(cell.source)
            continue
        call = check_call(cell)
        if call and int(call["number"]) == number:
            return "\n\n".join(group)
        group = []
    raise AssertionError(f"no solution for {lesson}/{number}")


def _mutation_sites(tree: ast.AST) -> list[tuple[int, str]]:
    """(node index, kind) of every place a mutant may change, in walk order."""
    sites = []
    for index, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, str):
            if isinstance(node.value, str) and (not node.value or node.value.startswith("python:")):
                continue  # docstrings stay; images are not behaviour
            sites.append((index, "constant"))
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in _FLIP:
            sites.append((index, "boundary"))
    return sites


def _mutant(source: str, site: tuple[int, str]) -> str:
    tree = ast.parse(source)
    node = list(ast.walk(tree))[site[0]]
    if site[1] == "boundary":
        assert isinstance(node, ast.Compare)
        node.ops[0] = _FLIP[type(node.ops[0])]()
    else:
        assert isinstance(node, ast.Constant)
        if isinstance(node.value, bool):
            node.value = not node.value
        elif isinstance(node.value, int | float):
            node.value = node.value + 1
        else:
            node.value = node.value + "!"
    _drop_docstrings(tree)
    return ast.unparse(tree)


def _drop_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str) and len(node.body) > 1:
                    node.body = node.body[1:]


def _outputs(pipeline: Any, stated: list[dict[str, Any]], output_dir: Path) -> Any:
    from kfp_tutorial.local.runner import run_local

    results = [run_local(pipeline, args, output_dir=output_dir, progress=False) for args in stated]
    return [(result.status, result.outputs) for result in results]


CASES = [
    (lesson, number, answer, site)
    for lesson, number, answer in PIPELINE_EXERCISES
    for site in _mutation_sites(ast.parse(_solution_source(lesson, number)))
]


def test_there_are_mutants_to_try() -> None:
    assert set(STATED) == {(lesson, number) for lesson, number, _ in PIPELINE_EXERCISES}
    for lesson, number, _ in PIPELINE_EXERCISES:
        assert sum(1 for case in CASES if case[:2] == (lesson, number)) >= 2, (lesson, number)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("MUTANTS", "24")),  # MUTANTS=300: try them all
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=st.sampled_from(CASES))
def test_a_mutant_that_computes_otherwise_fails_the_check(
    case: tuple[str, int, str, tuple[int, str]],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lesson, number, answer, site = case
    work = tmp_path_factory.mktemp("mutant")
    monkeypatch.setenv("KFP_TUTORIAL_PROGRESS_FILE", str(work / "progress.json"))
    source = _solution_source(lesson, number)
    namespace = solution_namespace(_notebook(lesson), number, work / "runs")
    stated = STATED[(lesson, number)]
    expected = _outputs(namespace[answer], stated, work / "runs")
    mutated = dict(namespace)
    try:
        run_cell(_mutant(source, site), f"mutant {site}", mutated)
        got = _outputs(mutated[answer], stated, work / "runs")
    except Exception:  # kfp refuses to define or run the mutant: not a wrong answer to judge
        return
    if got == expected:
        return  # computes the same on the exercise's inputs (an equivalent mutant)
    i18n.set_lang("en")
    with contextlib.redirect_stdout(io.StringIO()) as said:
        ok = check_exercise(lesson, number, mutated[answer])
    assert ok is False, f"{lesson}/{number}: the check passed a mutant at {site}:\n{said.getvalue()}"
