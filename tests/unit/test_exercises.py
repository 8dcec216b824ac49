"""Exercise notebooks: generated from the solution notebooks, in sync, with no solutions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from kfp_tutorial import i18n
from kfp_tutorial.registry import LESSONS
from tools import exercises

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SOLUTIONS = exercises.solution_notebooks(NOTEBOOKS)
# Exercises with check cells: every lesson but the ones tools.exercises lists, with its reason,
# as having no check_exercise yet (a to-do list, reported in the note that added it).
CHECKED = [path for path in SOLUTIONS if path.stem not in exercises.UNCHECKED_LESSONS]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_every_lesson_notebook_is_found() -> None:
    names = {(p.parent.name, p.stem) for p in SOLUTIONS}
    expected = {(lang, lesson.name) for lesson in LESSONS for lang in exercises.LANGS}
    assert expected <= names, f"missing solution notebooks: {sorted(expected - names)}"


def test_exercise_notebooks_are_in_sync() -> None:
    """Fails when a solution notebook changed and the exercises were not regenerated."""
    wrong = exercises.out_of_sync(NOTEBOOKS)
    assert not wrong, "out of sync (run python -m tools.exercises): " + ", ".join(
        str(p.relative_to(REPO)) for p in wrong
    )


def test_check_command_agrees(capsys) -> None:
    assert exercises.main(["--check", "--notebooks", str(NOTEBOOKS)]) == 0
    assert "in sync" in capsys.readouterr().out


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_solution_notebook_has_a_solution_cell(path: Path) -> None:
    assert any(exercises.is_solution_cell(c) for c in _read(path).cells), (
        f"{path.relative_to(REPO)} has no code cell tagged 'solution'"
    )


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_exercise_has_no_solution_code_and_no_outputs(path: Path) -> None:
    solution = _read(path)
    exercise = _read(NOTEBOOKS / "exercises" / path.parent.name / path.name)
    assert len(exercise.cells) == len(solution.cells)
    emptied = 0
    for sol, ex in zip(solution.cells, exercise.cells, strict=True):
        assert ex.cell_type == sol.cell_type
        if ex.cell_type != "code":
            assert ex.source == sol.source
            continue
        assert ex.outputs == [] and ex.execution_count is None
        if exercises.is_solution_cell(sol):
            assert ex.source.startswith(exercises.PLACEHOLDER + ": define ")
            assert ex.source.endswith(" = ...")
            assert sol.source.strip() not in ex.source
            assert exercises.SOURCE_KEY not in ex.metadata  # the learner's cell, not the module's
            emptied += 1
        else:  # the rest of the notebook is unchanged, but for the solution notebook's mark
            assert ex.source == exercises.without_solution_mark(sol.source)
    assert emptied >= 1


def test_make_exercise_on_a_small_notebook() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"duration": 1.0}
    keep = nbformat.v4.new_code_cell("x = 1\nprint(x)")
    keep.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    keep.execution_count = 1
    solve = nbformat.v4.new_code_cell("answer = 6 * 7", metadata={"tags": ["solution"]})
    solve.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "42"})]
    check = nbformat.v4.new_code_cell('check_exercise("02-add", 1, answer)')
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), keep, solve, check]

    ex = exercises.make_exercise(nb)

    assert [c.source for c in ex.cells] == [
        "# Title",
        "x = 1\nprint(x)",
        "# Your code here: define answer\nanswer = ...",
        'check_exercise("02-add", 1, answer)',
    ]
    assert all(c.outputs == [] for c in ex.cells if c.cell_type == "code")
    assert "papermill" not in ex.metadata
    assert nb.cells[2].source == "answer = 6 * 7", "the solution notebook must not change"


def test_check_reports_a_changed_solution_notebook(tmp_path, capsys) -> None:
    work = tmp_path / "notebooks"
    for lang in exercises.LANGS:
        shutil.copytree(NOTEBOOKS / lang, work / lang, ignore=shutil.ignore_patterns("kfp_runs"))
    assert exercises.main(["--notebooks", str(work)]) == 0
    assert exercises.main(["--check", "--notebooks", str(work)]) == 0

    changed = sorted((work / "ko").glob("*.ipynb"))[0]
    nb = json.loads(changed.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "new-cell", "metadata": {}, "source": "new"})
    changed.write_text(json.dumps(nb), encoding="utf-8")
    stale = work / "exercises" / "en" / "99-removed.ipynb"
    stale.write_text("{}", encoding="utf-8")
    capsys.readouterr()

    assert exercises.main(["--check", "--notebooks", str(work)]) == 1
    out = capsys.readouterr().out
    assert str(work / "exercises" / "ko" / changed.name) in out
    assert str(stale) in out
    assert exercises.main(["--notebooks", str(work)]) == 0
    assert not stale.exists()
    assert exercises.main(["--check", "--notebooks", str(work)]) == 0


def test_missing_notebooks_give_a_clear_message(tmp_path, capsys) -> None:
    previous = i18n.get_lang()
    try:
        assert exercises.main(["--check", "--notebooks", str(tmp_path), "--lang", "ko"]) == 2
    finally:
        i18n.set_lang(previous)
    err = capsys.readouterr().err
    assert "풀이 노트북을 찾지 못했습니다" in err and str(tmp_path) in err


def test_an_exercise_without_a_check_cell_is_refused() -> None:
    nb = nbformat.v4.new_notebook()
    solve = nbformat.v4.new_code_cell("answer = 6 * 7", metadata={"tags": ["solution"]})
    nb.cells = [solve, nbformat.v4.new_code_cell("print(answer)")]
    with pytest.raises(exercises.TutorialError) as info:
        exercises.make_exercise(nb, "en/99-x.ipynb")
    assert "en/99-x.ipynb" in str(info.value) and "check_exercise(" in str(info.value)


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_exercise_cell_is_followed_by_its_check_cell(path: Path) -> None:
    """In the exercise notebook, the cell after each emptied cell checks what it asks for."""
    exercise = _read(NOTEBOOKS / "exercises" / path.parent.name / path.name)
    code = [cell for cell in exercise.cells if cell.cell_type == "code"]
    lesson = path.stem
    for index, cell in enumerate(code):
        if exercises.is_solution_cell(cell):
            call = exercises.check_call(code[index + 1])
            assert call is not None, f"{path.name}: no check cell after code cell {index}"
            assert call["lesson"] == lesson
            name = call["answer"]
            assert cell.source == f"{exercises.PLACEHOLDER}: define {name}\n{name} = ..."


def test_the_unchecked_list_names_only_lessons_without_checks() -> None:
    """A lesson leaves UNCHECKED_LESSONS as soon as it has a checks module."""
    from kfp_tutorial.exercise_checks import checks_for
    from kfp_tutorial.registry import find_lesson

    for name in exercises.UNCHECKED_LESSONS:
        assert checks_for(find_lesson(name)) == {}, f"{name} has checks: take it off the list"
