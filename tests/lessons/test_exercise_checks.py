"""``check_exercise``: every exercise of lessons 00-11 has a check and a check cell in its
notebook, and plausible wrong answers fail it with the hint that says what differs. (That
each lesson's own solution passes is asserted where the notebooks execute, in
tests/lessons/test_notebooks.py.)

The wrong answers run where the notebooks' ``solution`` cells ran: executed with the
notebook's imports cell and its lesson-code (synced) cells, as a learner's kernel would
have them. The wrong answers below are the mistakes the exercises invite: a task too many,
a missing ``.after()``, an int where a float is asked, a hard-coded result.
"""

from __future__ import annotations

import json
import linecache
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.exercise_checks import check_exercise, checks_for, registered_exercises
from kfp_tutorial.i18n import MESSAGES
from kfp_tutorial.registry import LESSONS, find_lesson
from tools.exercises import UNCHECKED_LESSONS, check_call, is_solution_cell
from tools.notebooks import SOURCE_KEY

REPO = Path(__file__).resolve().parents[2]
CHECKED = [lesson for lesson in LESSONS if lesson.name not in UNCHECKED_LESSONS]
EXERCISE_HEADING = re.compile(r"^### (\d+)\. .*\{#exercise-[a-z0-9-]+\}\s*$", re.MULTILINE)


def page_exercises(lesson_name: str, lang: str = "en") -> list[int]:
    """The exercise numbers of a lesson page's "Exercises" section."""
    text = (REPO / "lessons" / lang / f"{lesson_name}.md").read_text(encoding="utf-8")
    heading = next(
        line for line in text.splitlines() if line.startswith("## ") and "{#exercises}" in line
    )
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [int(number) for number in EXERCISE_HEADING.findall(section)]


@pytest.fixture(autouse=True)
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "progress.json"
    monkeypatch.setenv("KFP_TUTORIAL_PROGRESS_FILE", str(path))
    monkeypatch.setenv("KFP_TUTORIAL_LEARNER", "tester")
    previous = i18n.get_lang()
    i18n.set_lang("en")
    yield path
    i18n.set_lang(previous)


def literal(key: str, lang: str = "en") -> str:
    """The longest fixed piece of a message, to find it in printed output."""
    return max(re.split(r"\{[^}]*\}", MESSAGES[key][lang]), key=len).strip()


# --- coverage --------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson", CHECKED, ids=lambda lesson: lesson.name)
def test_every_exercise_on_the_page_has_a_check(lesson: Any) -> None:
    numbers = page_exercises(lesson.name)
    assert numbers, f"{lesson.name}: no exercises found on its page"
    assert numbers == page_exercises(lesson.name, "ko")
    assert sorted(checks_for(lesson)) == numbers


def test_registered_exercises_follow_the_lessons() -> None:
    found = registered_exercises(CHECKED)
    assert found == [(lesson.name, n) for lesson in CHECKED for n in page_exercises(lesson.name)]


def test_lesson_names_and_numbers_are_checked(
    capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    with pytest.raises(TutorialError) as info:
        check_exercise("add", 9, None)
    assert "02-add" in str(info.value) and "1, 2" in str(info.value)
    with pytest.raises(TutorialError):
        check_exercise("no-such-lesson", 1, None)
    capsys.readouterr()
    assert check_exercise("02", 1, ...) is False  # the exercise notebook's placeholder
    assert literal("ex_not_defined") in capsys.readouterr().out
    assert not progress_file.exists()  # nothing tried yet: nothing recorded


def test_messages_follow_the_notebook_language(capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_lang("ko")
    assert check_exercise("02-add", 1, 42) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ 02-add의 연습 1") and "Pipeline(@dsl.pipeline" in out


# --- the solutions ---------------------------------------------------------------------------


def solutions() -> list[tuple[str, int, str, Path]]:
    """(lesson, number, answer name, notebook) for every check cell of the English notebooks."""
    found = []
    for lesson in CHECKED:
        path = REPO / "notebooks" / "en" / f"{lesson.name}.ipynb"
        for cell in nbformat.read(path, as_version=4).cells:
            call = check_call(cell)
            if call:
                found.append((call["lesson"], int(call["number"]), call["answer"], path))
    return found


SOLUTIONS = solutions()


def run_cell(source: str, name: str, namespace: dict[str, Any]) -> None:
    """Execute a cell's code as Jupyter does: its source stays readable (kfp reads a
    component's source with inspect, so the lines are put in linecache like IPython does)."""
    filename = f"<cell {len(linecache.cache)}: {name}>".replace("<", "[").replace(">", "]")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    # dont_inherit: this file's `from __future__ import annotations` would turn the cell's
    # type hints into strings, which kfp cannot read
    exec(compile(source, filename, "exec", dont_inherit=True), namespace)  # noqa: S102


def solution_namespace(path: Path, number: int, output_dir: Path) -> dict[str, Any]:
    """What a kernel holds after the imports cell, the lesson-code cells and the solution cells
    of exercise ``number`` (the solution cells right before its check cell)."""
    cells = nbformat.read(path, as_version=4).cells
    namespace: dict[str, Any] = {}
    code = [cell for cell in cells if cell.cell_type == "code"]
    parameters = next(cell for cell in code if "parameters" in cell.metadata.get("tags", []))
    run_cell(parameters.source, f"{path.name}:parameters", namespace)
    namespace["output_dir"] = str(output_dir)  # as papermill's injected cell would set it
    imports = next(cell for cell in code if "use_notebook_language" in cell.source)
    run_cell(imports.source, f"{path.name}:imports", namespace)
    i18n.set_lang("en")
    for cell in code:
        if SOURCE_KEY in cell.metadata and not is_solution_cell(cell):
            run_cell(cell.source, f"{path.name}:{cell.metadata[SOURCE_KEY]}", namespace)
    group: list[Any] = []
    for cell in code:
        if is_solution_cell(cell):
            group.append(cell)
            continue
        call = check_call(cell)
        if call and int(call["number"]) == number:
            break
        group = []
    for cell in group:
        run_cell(cell.source, f"{path.name}:solution", namespace)
    return namespace


# That each lesson's own solution passes its check is tested where the notebooks run:
# tests/lessons/test_notebooks.py::test_notebook_executes requires a ✓ from every check
# cell, in both languages, in a real kernel (running the checks here again cost ~1 min).


def test_every_exercise_has_a_check_cell_in_its_notebook() -> None:
    assert sorted((lesson, number) for lesson, number, _, _ in SOLUTIONS) == registered_exercises(
        CHECKED
    )


# --- wrong answers -----------------------------------------------------------------------------

# (lesson, number, what is wrong, code defining `answer`, the message key the hint must use).
# The code runs in the namespace of the lesson's solution, so it can use the lesson's components.
WRONG: list[tuple[str, int, str, str, str]] = [
    (
        "00-getting-started",
        1,
        "names the pipeline only",
        """
        def answer(run_dir):
            from kfp_tutorial import load_run
            run = load_run(run_dir)
            return f"{run.pipeline}: {run.status}"
    """,
        "ex00_missing",
    ),
    (
        "00-getting-started",
        1,
        "hard-coded",
        """
        def answer(run_dir):
            return "setup-check: SUCCESS\\n  environment-report: SUCCESS"
    """,
        "ex00_missing",
    ),
    (
        "00-getting-started",
        2,
        "the wrong version",
        'answer = "pip install kfp==2.16.0"',
        "ex_wrong_value",
    ),
    (
        "01-hello-world",
        1,
        "greeting hard-coded",
        """
        @dsl.pipeline(name="greeting")
        def answer(name: str = "Kubeflow") -> str:
            return say_greeting(greeting="안녕하세요", name=name).output
    """,
        "ex_missing_param",
    ),
    (
        "01-hello-world",
        1,
        "name ignored",
        """
        @dsl.pipeline(name="greeting")
        def answer(greeting: str = "Hello", name: str = "Kubeflow") -> str:
            return say_greeting(greeting=greeting, name="Kubeflow").output
    """,
        "ex_wrong_output",
    ),
    ("01-hello-world", 2, "the container one", 'answer = "exec-echo-hello"', "ex_wrong_value"),
    (
        "02-add",
        1,
        "a task too many",
        """
        @dsl.pipeline(name="add-three")
        def answer(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
            first = add(a=a, b=b)
            second = add(a=first.output, b=c)
            return add(a=second.output, b=0.0).output
    """,
        "ex_task_count",
    ),
    (
        "02-add",
        1,
        "hard-coded numbers",
        """
        @dsl.pipeline(name="add-three")
        def answer(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
            first = add(a=1.5, b=2.5)
            return add(a=first.output, b=3.0).output
    """,
        "ex_wrong_output",
    ),
    (
        "02-add",
        1,
        "ints where floats are asked",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def add(a: int, b: int) -> int:
            return a + b

        @dsl.pipeline(name="add-three")
        def answer(a: int = 1, b: int = 2, c: int = 3) -> int:
            return add(a=add(a=a, b=b).output, b=c).output
    """,
        "ex_param_type",
    ),
    (
        "02-add",
        1,
        "not chained",
        """
        @dsl.pipeline(name="add-three")
        def answer(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
            add(a=a, b=b)
            return add(a=b, b=c).output
    """,
        "ex_missing_dependency",
    ),
    (
        "02-add",
        2,
        "still the int 4",
        """
        from kfp_tutorial.lessons.lesson02_add import build_pipeline_with_int_literal as answer
    """,
        "ex02_still_int",
    ),
    (
        "03-parallel",
        1,
        "east not passed to warmest",
        """
        @dsl.pipeline(name="three-stations")
        def answer(count: int = 24) -> str:
            north = make_readings(station="north", seed=1, count=count)
            south = make_readings(station="south", seed=2, count=count)
            make_readings(station="east", seed=3, count=count)
            return warmest(north=north.output, south=south.output, east=south.output).output
    """,
        "ex_missing_dependency",
    ),
    (
        "03-parallel",
        1,
        "one station short",
        """
        @dsl.pipeline(name="three-stations")
        def answer(count: int = 24) -> str:
            north = make_readings(station="north", seed=1, count=count)
            south = make_readings(station="south", seed=2, count=count)
            return warmest(north=north.output, south=south.output, east=south.output).output
    """,
        "ex_task_count",
    ),
    (
        "03-parallel",
        2,
        "still two at a time",
        """
        from kfp_tutorial.lessons.lesson03_parallel import fan_out_pipeline as answer
    """,
        "ex03_parallelism",
    ),
    (
        "04-file-passing",
        1,
        "the file written twice",
        """
        @dsl.pipeline(name="two-readers")
        def answer(a: int = 300, b: int = 10) -> int:
            multiply_numbers(numbers=write_numbers(a=a, b=b).outputs["numbers"])
            return add_numbers(numbers=write_numbers(a=a, b=b).outputs["numbers"]).output
    """,
        "ex_task_count",
    ),
    (
        "04-file-passing",
        2,
        "still Output[Dataset]",
        """
        from kfp_tutorial.lessons.lesson04_file_passing import file_passing_pipeline as answer
    """,
        "ex04_output_name",
    ),
    (
        "05-metrics",
        1,
        "no baseline task",
        """
        from kfp_tutorial.lessons.lesson05_metrics import metrics_pipeline as answer
    """,
        "ex_missing_task",
    ),
    (
        "05-metrics",
        1,
        "the least common class",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def baseline_accuracy(test_data: Input[Dataset], metrics: Output[Metrics]):
            import numpy as np

            y_test = np.loadtxt(test_data.path, delimiter=",")[:, -1].astype(int)
            least_common = np.bincount(y_test).argmin()
            metrics.log_metric("baseline_accuracy", float(np.mean(y_test == least_common)))

        @dsl.pipeline(name="metrics-with-baseline")
        def answer(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
            trained = train_model(test_size=test_size, seed=seed, c=c)
            evaluate_model(model=trained.outputs["model"], test_data=trained.outputs["test_data"])
            baseline_accuracy(test_data=trained.outputs["test_data"])
    """,
        "ex_wrong_output",
    ),
    (
        "05-metrics",
        2,
        "hard-coded accuracies",
        """
        def answer(values):
            return {c: 0.986 for c in values}
    """,
        "ex_wrong_value",
    ),
    (
        "06-visualizations",
        1,
        "sorted by signed value",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def answer(model: Input[Model], count: int, table: Output[Markdown]):
            import pickle

            from sklearn.datasets import load_breast_cancer

            with open(model.path, "rb") as f:
                classifier = pickle.load(f)
            names = load_breast_cancer().feature_names
            weights = classifier[-1].coef_[0]
            order = sorted(range(len(names)), key=lambda i: weights[i], reverse=True)[:count]
            lines = ["| feature | coefficient |", "|---|---:|"]
            lines += [f"| {names[i]} | {weights[i]:.3f} |" for i in order]
            with open(table.path, "w") as f:
                f.write("\\n".join(lines) + "\\n")
    """,
        "ex06_wrong_features",
    ),
    (
        "06-visualizations",
        2,
        "an image beside the page",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def answer(model: Input[Model], test_data: Input[Dataset], page: Output[HTML]):
            with open(page.path, "w") as f:
                f.write('<html><body><img src="figure.png"></body></html>')
    """,
        "ex06_linked_image",
    ),
    (
        "07-control-flow",
        1,
        "no fourth branch",
        """
        from kfp_tutorial.lessons.lesson07_control_flow import weather_pipeline as answer
    """,
        "ex_wrong_output",
    ),
    (
        "07-control-flow",
        1,
        "the 35 test after the 25 one",
        """
        @dsl.pipeline(name="weather-advice-4")
        def answer(temperature: float = 18.0) -> str:
            with dsl.If(temperature > 25.0):
                hot = announce(message="hot: take water")
            with dsl.Elif(temperature > 35.0):
                very_hot = announce(message="very hot: stay inside")
            with dsl.Elif(temperature > 10.0):
                mild = announce(message="mild: take a jacket")
            with dsl.Else():
                cold = announce(message="cold: take a coat")
            return dsl.OneOf(hot.output, very_hot.output, mild.output, cold.output)
    """,
        "ex_wrong_output",
    ),
    (
        "07-control-flow",
        2,
        "a hard-coded seed",
        """
        def answer(side, above):
            return 6
    """,
        "ex07_wrong_branch",
    ),
    ("07-control-flow", 2, "the lesson's seed", "answer = 42", "ex07_wrong_branch"),
    (
        "07-control-flow",
        3,
        "still ignoring the failure",
        """
        from kfp_tutorial.lessons.lesson07_control_flow import exit_handler_pipeline as answer
    """,
        "ex07_still_ignores",
    ),
    (
        "07-control-flow",
        3,
        "a missing .after()",
        """
        @dsl.pipeline(name="exit-handler-no-ignore")
        def answer(fail: bool = True):
            final_step = notify()
            with dsl.ExitHandler(final_step, name="main-work"):
                prepare = announce(message="preparing data")
                train_model(fail=fail).after(prepare)
                clean_up(what="scratch files")
    """,
        "ex_missing_dependency",
    ),
    (
        "08-resources",
        1,
        "the lesson's memory",
        """
        from kfp_tutorial.lessons.lesson08_resources import resources_pipeline as answer
    """,
        "ex08_memory",
    ),
    (
        "08-resources",
        1,
        "still fast mode",
        """
        @dsl.pipeline(name="resources-exercise")
        def answer(rows: int = 100) -> str:
            run_id = dsl.PIPELINE_JOB_ID_PLACEHOLDER
            fetch = fetch_data(rows=rows, failures_before_success=0, run_id=run_id)
            model = train(values=normalize(values=fetch.output).output)
            model.set_memory_request("1024Mi").set_memory_limit("2Gi")
            model.set_env_variable("TRAINING_MODE", "fast")
            return model.output
    """,
        "ex08_env",
    ),
    (
        "08-resources",
        2,
        "environment variables, not files",
        """
        from kfp_tutorial.lessons.lesson08_resources import settings_pipeline as answer
    """,
        "ex08_no_volume",
    ),
    (
        "08-resources",
        2,
        "mounted where show_settings does not look",
        """
        @dsl.pipeline(name="config-map-volume")
        def answer() -> str:
            task = show_settings(secret_dir=SECRET_DIR)
            kubernetes.use_config_map_as_volume(
                task, config_map_name=CONFIG_MAP_NAME, mount_path="/etc/kfp-tutorial/settings"
            )
            return task.output
    """,
        "ex08_wrong_folder",
    ),
    (
        "09-cluster",
        1,
        "one report compared with itself",
        """
        @dsl.pipeline(name="two-places")
        def answer() -> bool:
            first = where_am_i()
            return same_place(first=first.output, second=first.output).output
    """,
        "ex_task_count",
    ),
    ("09-cluster", 2, "an int where a float is asked", "answer = 8", "ex_wrong_type"),
    ("09-cluster", 2, "the second task's output", "answer = 3.0", "ex_wrong_value"),
    (
        "10-reusable-components",
        1,
        "the page's answer hard-coded",
        """
        @dsl.pipeline(name="bounds-width")
        def answer(x: float = 4.0) -> float:
            return add(a=x, b=2.0).output
    """,
        "ex_wrong_output",
    ),
    (
        "10-reusable-components",
        2,
        "the outputs of the page's list, hard-coded",
        """
        def answer(pipeline_root, values):
            return {"total": 9.0, "mean": 3.0, "count": 3}
    """,
        "ex_wrong_value",
    ),
    (
        "11-kfp-client",
        1,
        "no no_catchup: it catches up after a pause",
        """
        def answer(client, experiment_id, package):
            return client.create_recurring_run(
                experiment_id=experiment_id, job_name="hourly", interval_second=3600,
                pipeline_package_path=package,
            ).recurring_run_id
    """,
        "ex11_catches_up",
    ),
    (
        "11-kfp-client",
        1,
        "every minute, not every hour",
        """
        def answer(client, experiment_id, package):
            return client.create_recurring_run(
                experiment_id=experiment_id, job_name="hourly", interval_second=60,
                pipeline_package_path=package, no_catchup=True,
            ).recurring_run_id
    """,
        "ex11_not_hourly",
    ),
    (
        "11-kfp-client",
        1,
        "a misspelt argument kfp.Client does not have",
        """
        def answer(client, experiment_id, package):
            return client.create_recurring_run(
                experiment_id=experiment_id, job_name="hourly", interval_second=3600,
                pipeline_package_path=package, no_catch_up=True,
            ).recurring_run_id
    """,
        "ex11_bad_call",
    ),
    (
        "11-kfp-client",
        1,
        "returns the recurring run, not its ID",
        """
        def answer(client, experiment_id, package):
            return client.create_recurring_run(
                experiment_id=experiment_id, job_name="hourly", interval_second=3600,
                pipeline_package_path=package, no_catchup=True,
            )
    """,
        "ex11_wrong_return",
    ),
    (
        "11-kfp-client",
        1,
        "the notebook's package hard-coded",
        """
        def answer(client, experiment_id, package):
            return client.create_recurring_run(
                experiment_id=experiment_id, job_name="hourly", interval_second=3600,
                pipeline_package_path="square.yaml", no_catchup=True,
            ).recurring_run_id
    """,
        "ex11_wrong_argument",
    ),
    (
        "11-kfp-client",
        2,
        "no sort_by: the oldest failed run comes first",
        """
        def answer(client, experiment_id):
            failed = {"key": "state", "operation": "EQUALS", "string_value": "FAILED"}
            only_failed = json.dumps({"predicates": [failed]})
            runs = client.list_runs(experiment_id=experiment_id, filter=only_failed, page_size=1).runs
            return runs[0].run_id if runs else None
    """,
        "ex11_wrong_run",
    ),
    (
        "11-kfp-client",
        2,
        "no filter: the newest run, failed or not",
        """
        def answer(client, experiment_id):
            runs = client.list_runs(
                experiment_id=experiment_id, sort_by="created_at desc", page_size=1
            ).runs
            return runs[0].run_id if runs else None
    """,
        "ex11_wrong_run",
    ),
    (
        "11-kfp-client",
        2,
        "filters in Python, over the first page only",
        """
        def answer(client, experiment_id):
            runs = client.list_runs(experiment_id=experiment_id).runs or []
            failed = [run for run in runs if run.state == "FAILED"]
            return failed[-1].run_id if failed else None
    """,
        "ex11_wrong_run",
    ),
    (
        "11-kfp-client",
        2,
        "every experiment's runs",
        """
        def answer(client, experiment_id):
            failed = {"key": "state", "operation": "EQUALS", "string_value": "FAILED"}
            only_failed = json.dumps({"predicates": [failed]})
            runs = client.list_runs(filter=only_failed, sort_by="created_at desc", page_size=1).runs
            return runs[0].run_id if runs else None
    """,
        "ex11_wrong_run",
    ),
    (
        "11-kfp-client",
        2,
        "the filter written as text",
        """
        def answer(client, experiment_id):
            runs = client.list_runs(experiment_id=experiment_id, filter="state = FAILED",
                                    sort_by="created_at desc", page_size=1).runs
            return runs[0].run_id if runs else None
    """,
        "ex11_bad_filter",
    ),
    (
        "11-kfp-client",
        2,
        "asks get_run about every run",
        """
        def answer(client, experiment_id):
            runs = client.list_runs(experiment_id=experiment_id, sort_by="created_at desc").runs or []
            for run in runs:
                if client.get_run(run.run_id).state == "FAILED":
                    return run.run_id
            return None
    """,
        "ex11_other_call",
    ),
    (
        "11-kfp-client",
        2,
        "one list_runs call per page",
        """
        def answer(client, experiment_id):
            token, failed = "", []
            while True:
                response = client.list_runs(experiment_id=experiment_id, page_token=token)
                failed += [run for run in response.runs or [] if run.state == "FAILED"]
                token = response.next_page_token
                if not token:
                    return failed[-1].run_id if failed else None
    """,
        "ex11_call_count",
    ),
    (
        "12-testing",
        1,
        "asserts nothing",
        """
        def test_clean_readings():
            clean_readings.python_func(readings=[5.0, 50.0], low=0.0, high=40.0)
        answer = test_clean_readings
    """,
        "ex12_asserts_nothing",
    ),
    (
        "12-testing",
        1,
        "no reading on a limit",
        """
        def test_clean_readings():
            clean = clean_readings.python_func
            assert clean(readings=[-5.0, 5.0, 50.0, 20.0, 10.0], low=0.0, high=40.0) == [5.0, 20.0, 10.0]
        answer = test_clean_readings
    """,
        "ex12_missed_bug",
    ),
    (
        "12-testing",
        1,
        "expects the limits dropped",
        """
        def test_clean_readings():
            assert clean_readings.python_func(readings=[0.0, 40.0], low=0.0, high=40.0) == []
        answer = test_clean_readings
    """,
        "ex12_fails_correct",
    ),
    (
        "12-testing",
        2,
        "checks only the mean output",
        """
        def test_readings_report(local_runner):
            task = readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
            assert task.outputs["mean"] == 15.0
        answer = test_readings_report
    """,
        "ex12_missed_bug",
    ),
    (
        "12-testing",
        3,
        "not a name pytest runs",
        """
        def structure_check(tmp_path):
            assert compiled_spec(readings_pipeline, tmp_path)
        answer = structure_check
    """,
        "ex12_not_a_test",
    ),
]


def _notebook(lesson: str) -> Path:
    return REPO / "notebooks" / "en" / f"{find_lesson(lesson).name}.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lesson", "number", "why", "code", "key"), WRONG, ids=[f"{w[0]}/{w[1]}: {w[2]}" for w in WRONG]
)
def test_a_wrong_answer_fails_with_its_hint(
    lesson: str,
    number: int,
    why: str,
    code: str,
    key: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    progress_file: Path,
) -> None:
    namespace = solution_namespace(_notebook(lesson), number, tmp_path / "runs")
    run_cell(textwrap.dedent(code), f"wrong answer: {why}", namespace)
    capsys.readouterr()
    ok = check_exercise(lesson, number, namespace["answer"])
    out = capsys.readouterr().out
    assert ok is False, out
    assert out.startswith("✗"), out
    assert literal(key) in out, f"expected the hint {key!r}:\n{out}"
    record = json.loads(progress_file.read_text(encoding="utf-8"))
    assert record["exercises"][f"{lesson}/{number}"]["ok"] is False


def test_every_exercise_has_a_wrong_answer() -> None:
    assert sorted({(w[0], w[1]) for w in WRONG}) == registered_exercises(CHECKED)
