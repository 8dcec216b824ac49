"""Every lesson notebook, both languages: executed once with papermill, and its stored
outputs checked against that run.

- ``test_notebook_executes[en/02-add]``: one test per notebook of every lesson in the
  registry, executed in its own folder with ``output_dir`` in a temporary folder and a
  time limit. A failing notebook's executed copy is kept in
  ``test-artifacts/notebooks/`` so the error can be read. A notebook that "ran in 0.0
  seconds", skipped cells or ran no pipeline fails. Each notebook's time goes to
  ``test-artifacts/notebook-times/`` (one file each, safe under pytest-xdist) and is
  merged into ``test-artifacts/notebook-times.json`` for the instructor guide.
  The same run checks every ``# NBVAL_CHECK_OUTPUT`` cell against its stored output
  (``tools.notebooks.checked_output_differences``), as ``pytest --nbval-lax`` would, so
  no notebook is executed twice.
- ``test_checked_outputs_are_compared_as_nbval_compares_them``: on a small notebook,
  that comparison and nbval itself fail the same cells; a lesson notebook with one wrong
  stored output is caught, which proves the cells are really checked.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import LANGS, MESSAGES
from kfp_tutorial.notebook import use_notebook_language
from kfp_tutorial.registry import LESSONS
from tools.exercises import UNCHECKED_LESSONS
from tools.notebooks import (
    CHECK_MARK,
    NOTEBOOKS_ROOT,
    SOURCE_KEY,
    NotebookRef,
    checked_output_differences,
    clean_notebook,
    execute_notebook,
    list_notebooks,
    merge_times,
    record_time,
    section_text,
    synced_cells,
)
from tools.parity import snippet_section

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
TIMES_DIR = ARTIFACTS / "notebook-times"
TIMES_FILE = ARTIFACTS / "notebook-times.json"
NOTEBOOK_TIMEOUT = 300.0  # seconds per notebook; each takes a few seconds today
MIN_SECONDS = 0.5  # a kernel start alone takes longer: less means nothing ran
NBVAL_TIMEOUT = 300.0
# Notebooks that may run no local pipeline, with the reason (lesson name -> reason).
NO_LOCAL_RUN: dict[str, str] = {}

NOTEBOOKS = list_notebooks()


def ids(ref: NotebookRef) -> str:
    return ref.id


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append("".join(output["text"]))
        for value in output.get("data", {}).values():
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "".join(parts)


def longest_literal(template: str) -> str:
    """The longest fixed piece of a message template (between its ``{...}`` fields)."""
    return max(re.split(r"\{[^}]*\}", template), key=len)


@pytest.fixture(scope="session")
def notebook_times() -> Iterator[Path]:
    """Where each notebook's time is written; merged into one file when the session ends.

    Under pytest-xdist every worker merges at its end; the last one sees every file.
    """
    TIMES_DIR.mkdir(parents=True, exist_ok=True)
    yield TIMES_DIR
    merge_times(TIMES_DIR, TIMES_FILE, only=[ref.id for ref in NOTEBOOKS])


# --- execution -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("ref", NOTEBOOKS, ids=ids)
def test_notebook_executes(ref: NotebookRef, tmp_path: Path, notebook_times: Path) -> None:
    assert ref.path.is_file(), f"lesson {ref.lesson.name} needs {ref.path.relative_to(REPO)}"
    output_dir = tmp_path / "runs"
    executed = tmp_path / ref.path.name
    result = execute_notebook(
        ref.path, executed, parameters={"output_dir": str(output_dir)}, timeout=NOTEBOOK_TIMEOUT
    )
    record_time(ref.id, result.seconds, ok=result.ok, times_dir=notebook_times)
    if not result.ok:
        kept = ARTIFACTS / "notebooks" / f"{ref.lang}__{ref.path.name}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        if executed.is_file():
            shutil.copyfile(executed, kept)
        pytest.fail(
            f"{ref.id} failed in cell {result.failed_cell}: {result.error}\n"
            f"executed copy: {kept.relative_to(REPO)}"
        )
    assert result.seconds >= MIN_SECONDS, f"{ref.id} ran in {result.seconds:.1f} seconds: nothing ran"
    nb = nbformat.read(executed, as_version=4)
    differences = checked_output_differences(nbformat.read(ref.path, as_version=4), nb)
    assert not differences, (
        f"{ref.id}: stored outputs differ from this run (refresh them with "
        f"python -m tools.notebooks execute {ref.lesson.name} --lang {ref.lang} --in-place):\n"
        + "\n".join(differences)
    )
    skipped = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None
    ]
    assert not skipped, f"cells {skipped} of {ref.id} did not run"
    if ref.lesson.name not in NO_LOCAL_RUN:
        assert list(output_dir.rglob("run.json")), (
            f"{ref.id} ran no pipeline into output_dir: does it pass output_dir to run_local?"
        )
    if ref.path.stem not in UNCHECKED_LESSONS:
        assert_every_check_cell_passed(ref, nb)  # each lesson's own solutions pass their checks
    source = "\n".join(cell.source for cell in code_cells(nb))
    if "use_notebook_language()" in source and "run_local(" in source:
        printed = "\n".join(output_text(cell) for cell in code_cells(nb))
        expected = longest_literal(MESSAGES["run_start"][ref.lang])
        assert expected in printed, f"{ref.id} should show the runner's messages in {ref.lang}"


# --- what is stored in the notebooks ---------------------------------------------------------


EXISTING = [ref for ref in NOTEBOOKS if ref.path.is_file()]


@pytest.mark.parametrize("ref", EXISTING, ids=ids)
def test_notebook_follows_the_conventions(ref: NotebookRef) -> None:
    nb = nbformat.read(ref.path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    first_code = code_cells(nb)[0]
    assert "parameters" in first_code.metadata.get("tags", [])
    assert 'output_dir = "kfp_runs"' in first_code.source
    assert any("solution" in cell.metadata.get("tags", []) for cell in code_cells(nb))
    checked = [cell for cell in code_cells(nb) if cell.source.startswith(CHECK_MARK)]
    assert checked, f"{ref.id} has no {CHECK_MARK} cell"
    assert all(cell.outputs for cell in checked), "checked cells need stored outputs"


@pytest.mark.parametrize("ref", EXISTING, ids=ids)
def test_stored_outputs_are_from_a_run_and_free_of_machine_noise(ref: NotebookRef) -> None:
    nb = nbformat.read(ref.path, as_version=4)
    cells = [cell for cell in code_cells(nb) if cell.source.strip()]
    assert all(cell.get("execution_count") for cell in cells), "store the outputs of a real run"
    assert "papermill" not in nb.metadata
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)
    for cell in cells:
        assert "execution" not in cell.metadata and "papermill" not in cell.metadata
        text = output_text(cell)
        # where the course was cloned, or a temporary run folder: avoidable, so not allowed
        for noise in (str(REPO), "/tmp/pytest-", "/tmp/kfp-tutorial-"):
            assert noise not in text, f"{ref.id}: machine-specific path {noise!r} in an output"


# --- lesson code in editable cells (python -m tools.notebooks sync) ---------------------------

LESSON_MODULE = re.compile(r"^kfp_tutorial/lessons/lesson\d\d_[a-z0-9_]+\.py:[A-Za-z0-9_-]+$")


def defined_names(source: str) -> set[str]:
    """The top-level names a cell defines: functions, classes and assignments."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


@pytest.mark.parametrize("ref", EXISTING, ids=ids)
def test_synced_cells_hold_their_module_sections(ref: NotebookRef) -> None:
    """A cell that names a snippet section holds exactly its text; the lesson's code is there."""
    cells = synced_cells(ref.path)
    assert cells, f"{ref.id}: no code cell has {SOURCE_KEY!r}: the lesson's code is not in the notebook"
    for cell in cells:
        assert LESSON_MODULE.match(cell.target), f"{ref.id} cell {cell.index}: {cell.target!r}"
        # one parser: the docs pages include the same section through tools.parity
        assert cell.expected == snippet_section(cell.target).rstrip("\n")
        assert cell.source == cell.expected, (
            f"{ref.id} cell {cell.index} differs from {cell.target}: run python -m tools.notebooks sync"
        )
    own = f"kfp_tutorial/lessons/{ref.lesson.module_name}.py"
    assert any(cell.target.startswith(own + ":") for cell in cells), f"{ref.id} syncs nothing from {own}"


@pytest.mark.parametrize("ref", EXISTING, ids=ids)
def test_nothing_shadows_the_learners_definitions(ref: NotebookRef) -> None:
    """No name a synced cell defines is imported from a lesson module anywhere in the notebook
    (that would replace the learner's edited component with the module's), and the notebook
    no longer shows lesson code with show_source."""
    nb = nbformat.read(ref.path, as_version=4)
    defined = set()
    for cell in code_cells(nb):
        if SOURCE_KEY in cell.metadata:
            defined |= defined_names(cell.source)
    assert defined, f"{ref.id}: the synced cells define nothing"
    for index, cell in enumerate(code_cells(nb)):
        assert "show_source(" not in cell.source, f"{ref.id} code cell {index} still calls show_source"
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "kfp_tutorial.lessons."
            ):
                shadowed = {alias.asname or alias.name for alias in node.names} & defined
                assert not shadowed, (
                    f"{ref.id} code cell {index} imports {sorted(shadowed)} over the cells"
                )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_synced_cells_are_the_same_in_both_languages(lesson) -> None:
    refs = [ref for ref in EXISTING if ref.lesson == lesson]
    targets = {ref.lang: [(c.target, c.source) for c in synced_cells(ref.path)] for ref in refs}
    assert len(set(map(tuple, targets.values()))) == 1, targets.keys()


def assert_every_check_cell_passed(ref: NotebookRef, nb: nbformat.NotebookNode) -> None:
    """Every check_exercise cell of ``nb`` printed ✓ for its exercise in the notebook's language.

    On a fresh run this is the test that each lesson's own solution passes its check: the
    solution cells and the check cells ran in a real kernel, in both languages."""
    import kfp_tutorial.exercise_checks  # noqa: F401  (registers the ex_pass message)
    from tools.exercises import check_call

    checks = [cell for cell in code_cells(nb) if check_call(cell)]
    assert checks, f"{ref.id} has no check_exercise cell"
    passed = MESSAGES["ex_pass"][ref.lang].split("{", 1)[0]  # "✓ Exercise " / "✓ "
    for cell in checks:
        call = check_call(cell)
        assert call is not None and call["lesson"] == ref.lesson.name
        expected = MESSAGES["ex_pass"][ref.lang].format(lesson=ref.lesson.name, number=call["number"])
        assert output_text(cell).startswith(passed) and expected in output_text(cell), (
            f"{ref.id}: {cell.source} printed {output_text(cell)!r}"
        )


@pytest.mark.parametrize("ref", [r for r in EXISTING if r.path.stem not in UNCHECKED_LESSONS], ids=ids)
def test_every_check_cell_passed_in_the_stored_run(ref: NotebookRef) -> None:
    """The stored outputs (what the docs pages show) are of solutions that pass their checks."""
    assert_every_check_cell_passed(ref, nbformat.read(ref.path, as_version=4))


def test_sync_command_finds_and_rewrites_a_changed_cell(tmp_path: Path) -> None:
    root = tmp_path / "notebooks"
    (root / "en").mkdir(parents=True)
    target = root / "en" / "02-add.ipynb"
    nb = nbformat.read(NOTEBOOKS_ROOT / "en" / "02-add.ipynb", as_version=4)
    edited = next(cell for cell in nb.cells if SOURCE_KEY in cell.metadata)
    edited.source = edited.source.replace("return a + b", "return a + b + 100")
    edited.outputs = [nbformat.v4.new_output("stream", text="stale\n")]
    nbformat.write(nb, target)
    command = [sys.executable, "-m", "tools.notebooks", "--ui-lang", "en", "sync", "--root", str(root)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *extra], cwd=REPO, env=env, capture_output=True, text=True)

    checked = run("--check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "02-add.ipynb" in checked.stdout and edited.metadata[SOURCE_KEY] in checked.stdout
    assert run().returncode == 0
    cell = next(c for c in nbformat.read(target, as_version=4).cells if SOURCE_KEY in c.metadata)
    assert cell.source == section_text(edited.metadata[SOURCE_KEY])
    assert cell.outputs == [] and cell.execution_count is None
    assert run("--check").returncode == 0


def test_a_missing_section_is_a_clear_error(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata[SOURCE_KEY] = "kfp_tutorial/lessons/lesson02_add.py:no_such_section"
    nb.cells = [cell]
    path = tmp_path / "bad.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(TutorialError) as info:
        synced_cells(path)
    assert "no_such_section" in str(info.value) and SOURCE_KEY in str(info.value)


@pytest.mark.slow
def test_a_learners_edit_is_what_runs(tmp_path: Path) -> None:
    """Edit the add component in its cell, rerun: the run computes with the edited code."""
    folder = tmp_path / "en"
    folder.mkdir()
    nb = nbformat.read(NOTEBOOKS_ROOT / "en" / "02-add.ipynb", as_version=4)
    add_cell = next(c for c in nb.cells if c.metadata.get(SOURCE_KEY, "").endswith(":add_component"))
    add_cell.source = add_cell.source.replace("return a + b", "return a + b + 100.0")
    pipeline_cell = next(
        c for c in nb.cells if c.metadata.get(SOURCE_KEY, "").endswith(":calculation_pipeline")
    )
    nb.cells = nb.cells[: nb.cells.index(pipeline_cell) + 1] + [
        nbformat.v4.new_code_cell(
            "result = run_local(calculation_pipeline, {'a': 7.0, 'b': 8.0}, output_dir=output_dir)\n"
            "print('OUTPUT', result.output)"
        )
    ]
    nb.cells = [
        c
        for c in nb.cells
        if SOURCE_KEY in c.metadata
        or c.cell_type == "markdown"
        or "parameters" in c.metadata.get("tags", [])
        or "use_notebook_language" in c.source
        or "OUTPUT" in c.source
    ]
    path = folder / "02-add.ipynb"
    nbformat.write(nb, path)
    result = execute_notebook(
        path, tmp_path / "out.ipynb", parameters={"output_dir": str(tmp_path / "runs")}
    )
    assert result.ok, result.error
    printed = "".join(
        output_text(c) for c in code_cells(nbformat.read(tmp_path / "out.ipynb", as_version=4))
    )
    # (7 + 4 + 100) + (7 + 8 + 100) + 100 = 326, not the module's 26
    assert "OUTPUT 326.0" in printed, printed


# --- the stored outputs, compared as nbval compares them ------------------------------------


def corrupt_first_checked_output(nb: nbformat.NotebookNode) -> int:
    """Change the stored output of the first checked cell; return its index among the
    code cells (nbval's "Cell N" counts code cells only)."""
    for index, cell in enumerate(code_cells(nb)):
        if cell.source.startswith(CHECK_MARK):
            for output in cell.outputs:
                if output.get("output_type") == "stream":
                    output["text"] = "not what this cell prints\n"
                    return index
    raise AssertionError("no checked cell with printed output")


@pytest.mark.parametrize("lang", LANGS)
def test_one_wrong_stored_output_is_caught(lang: str) -> None:
    """A lesson notebook against itself has no difference; with one checked cell's stored
    output changed, exactly that cell is named."""
    path = NOTEBOOKS_ROOT / lang / "02-add.ipynb"
    stored, ran = nbformat.read(path, as_version=4), nbformat.read(path, as_version=4)
    assert checked_output_differences(stored, ran) == []
    index = corrupt_first_checked_output(stored)
    (difference,) = checked_output_differences(stored, ran)
    assert difference.startswith(f"code cell {index}:") and "not what this cell prints" in difference


def test_unchecked_cells_and_images_are_not_compared() -> None:
    stored = nbformat.v4.new_notebook()
    plain = nbformat.v4.new_code_cell("print(1)")
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    image = nbformat.v4.new_code_cell(CHECK_MARK + "\nshow()")
    image.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "AAA", "text/plain": "<Figure>"})
    ]
    stored.cells = [plain, image]
    ran = nbformat.v4.new_notebook()
    ran.cells = [nbformat.from_dict(dict(c)) for c in stored.cells]
    ran.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    ran.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "BBB", "text/plain": "<Figure>"})
    ]
    assert checked_output_differences(stored, ran) == []
    # stdout and stderr pieces in another order from run to run: one text per stream name
    streams = nbformat.v4.new_code_cell(CHECK_MARK + "\nwork()")
    streams.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
    ]
    reordered = nbformat.v4.new_code_cell(streams.source)
    reordered.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\nb\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
    ]
    stored.cells.append(streams)
    ran.cells.append(reordered)
    assert checked_output_differences(stored, ran) == []
    reordered.outputs[0]["text"] = "b\na\n"  # the order within a stream still counts
    assert [d.split(":")[0] for d in checked_output_differences(stored, ran)] == ["code cell 2"]
    stored.cells.pop()
    ran.cells.pop()
    ran.cells[1].outputs[0]["data"]["text/plain"] = "<Other figure>"
    assert [d.split(":")[0] for d in checked_output_differences(stored, ran)] == ["code cell 1"]
    ran.cells.pop()
    assert checked_output_differences(stored, ran) == [
        "the executed notebook's code cells are not the stored notebook's"
    ]


def run_nbval(folder: Path, workdir: Path) -> tuple[list[str], int, str]:
    """``pytest --nbval-lax FOLDER`` in a subprocess: (failed cells, passed cells, output)."""
    junit = workdir / "nbval.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-o", "addopts="]
        + ["--rootdir", str(workdir), f"--junitxml={junit}", "-q", str(folder)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=NBVAL_TIMEOUT,
    )
    failed: list[str] = []
    passed = 0
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(str(case.get("name")))
        elif case.find("skipped") is None:
            passed += 1
    return failed, passed, process.stdout[-4000:] + process.stderr[-2000:]


@pytest.mark.slow
def test_checked_outputs_are_compared_as_nbval_compares_them(tmp_path: Path) -> None:
    """The notebooks keep nbval's markers, so ``pytest --nbval-lax notebooks/`` still works
    for a maintainer. On a small notebook, nbval and our comparison of one papermill run
    fail the same cells: a wrong stream, a wrong value; not an unchecked cell, not a
    progress line overwritten with a carriage return."""
    cells = [
        ("print('same')", "same\n", True),
        ("print('computed', 6 * 7)", "computed 41\n", True),
        ("print('unchecked', 1)", "unchecked 2\n", False),
        ("import sys\n_ = sys.stdout.write('50%\\r100%\\n')", "100%\n", True),
        ("6 * 7", None, True),
    ]
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    for count, (source, stored, checked) in enumerate(cells, start=1):
        cell = nbformat.v4.new_code_cell((CHECK_MARK + "\n" if checked else "") + source)
        cell.execution_count = count  # a stored run (nbval refuses outputs of an unrun cell)
        if stored is not None:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored)]
        else:
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": "43"}, execution_count=count
                )
            ]
        nb.cells.append(cell)
    folder = tmp_path / "nb"
    folder.mkdir()
    path = folder / "small.ipynb"
    nbformat.write(nb, path)
    failed, passed, output = run_nbval(folder, tmp_path)
    assert passed == 3, output
    by_nbval = sorted(int(name.split()[-1]) for name in failed)
    result = execute_notebook(path, tmp_path / "ran.ipynb")
    assert result.ok, result.error
    ours = checked_output_differences(nb, nbformat.read(tmp_path / "ran.ipynb", as_version=4))
    assert by_nbval == [1, 4], output
    assert [int(d.split(":")[0].split()[-1]) for d in ours] == by_nbval, ours


# --- the notebook tool (python -m tools.notebooks) -------------------------------------


def test_list_notebooks_follows_the_registry() -> None:
    assert [ref.id for ref in NOTEBOOKS] == [
        f"{lang}/{lesson.name}" for lesson in LESSONS for lang in LANGS
    ]
    (ref,) = list_notebooks(["2"], ["ko"])
    assert ref.path == NOTEBOOKS_ROOT / "ko" / "02-add.ipynb"
    with pytest.raises(TutorialError) as info:
        list_notebooks(["nosuch"])
    assert all(lesson.name in str(info.value) for lesson in LESSONS)


def test_use_notebook_language_follows_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, expected in (("ko", "ko"), ("en", "en")):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        assert use_notebook_language() == expected
    assert use_notebook_language("ko") == "ko"  # an explicit language wins
    i18n.set_lang("en")


def test_clean_notebook_removes_run_noise() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"input_path": "/somewhere/02-add.ipynb"}
    injected = nbformat.v4.new_code_cell("output_dir = '/tmp/x'")
    injected.metadata["tags"] = ["injected-parameters"]
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.metadata.update({"tags": [], "papermill": {"duration": 0.1}, "execution": {"a": 1}})
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stdout", text=["2\n"]),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
    ]
    nb.cells = [injected, cell]
    cleaned = clean_notebook(nb)
    assert "papermill" not in cleaned.metadata
    assert len(cleaned.cells) == 1 and cleaned.cells[0].metadata == {}
    assert [(o["name"], o["text"]) for o in cleaned.cells[0].outputs] == [
        ("stdout", "1\n2\n"),
        ("stderr", "warning\n"),
    ]


def test_merged_times_are_what_the_instructor_guide_reads(tmp_path: Path) -> None:
    from tools.exercises import load_times

    times_dir = tmp_path / "times"
    record_time("en/02-add", 3.456, times_dir=times_dir)
    record_time("ko/02-add", 2.5, times_dir=times_dir)
    record_time("en/99-gone", 1.0, times_dir=times_dir)
    record_time("ko/03-parallel", 9.0, ok=False, times_dir=times_dir)
    out = tmp_path / "notebook-times.json"
    merged = merge_times(times_dir, out, only=["en/02-add", "ko/02-add", "ko/03-parallel"])
    assert merged == {
        "en/02-add": {"seconds": 3.46, "ok": True},
        "ko/02-add": {"seconds": 2.5, "ok": True},
        "ko/03-parallel": {"seconds": 9.0, "ok": False},
    }
    assert load_times(out) == {"en": {"02-add": 3.46}, "ko": {"02-add": 2.5}}


@pytest.mark.slow
def test_execute_command_stores_clean_outputs_in_place(tmp_path: Path) -> None:
    root = tmp_path / "notebooks"
    (root / "en").mkdir(parents=True)
    source = NOTEBOOKS_ROOT / "en" / "02-add.ipynb"
    target = root / "en" / "02-add.ipynb"
    stale = nbformat.read(source, as_version=4)
    for cell in code_cells(stale):
        cell.outputs, cell.execution_count = [], None
    nbformat.write(stale, target)
    times = tmp_path / "times"
    argv = ["--ui-lang", "en", "execute", "02", "--lang", "en", "--in-place", "--root", str(root)]
    process = subprocess.run(
        [sys.executable, "-m", "tools.notebooks", *argv, "--times-dir", str(times)],
        cwd=tmp_path,
        # tools/ is maintainer code run from a clone: the repository root on the path
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=NOTEBOOK_TIMEOUT,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    line = next(line for line in process.stdout.splitlines() if line.startswith("en/02-add"))
    status, seconds = line.split()[1:3]
    assert status == "ok" and float(seconds.rstrip("s")) >= MIN_SECONDS
    refreshed = nbformat.read(target, as_version=4)
    assert "papermill" not in refreshed.metadata
    assert [c.source for c in refreshed.cells] == [c.source for c in stale.cells]
    assert all(c.execution_count for c in code_cells(refreshed))
    # the checked cells print what the stored notebook says they print
    stored = {c.source: output_text(c) for c in code_cells(nbformat.read(source, as_version=4))}
    for cell in code_cells(refreshed):
        if cell.source.startswith(CHECK_MARK):
            assert output_text(cell) == stored[cell.source]
    assert "(outputs in kfp_runs)" in "".join(output_text(c) for c in code_cells(refreshed))
    assert (times / "en__02-add.json").is_file()


@pytest.mark.slow
def test_execute_command_reports_a_missing_notebook(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "tools.notebooks", "--ui-lang", "en", "execute", "02"]
        + ["--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    assert "Notebook not found" in process.stderr and "Traceback" not in process.stderr
