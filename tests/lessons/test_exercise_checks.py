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


@pytest.mark.parametrize(
    ("lesson", "number", "words"),
    [
        ("add", 9, "1, 2"),  # no such exercise: the valid numbers
        ("no-such-lesson", 1, "02-add"),  # no such lesson: the valid names
        ("99-nope", 1, "02-add"),
        ("02-add", 7, "1, 2"),
        ("02-add", "1", "(a str)"),  # the number as text
        ("02-add", 1.0, "(a float)"),
        ("02-add", True, "(a bool)"),
        (2.0, 1, "(a float)"),  # the lesson as a float
        (None, 1, "(a NoneType)"),
    ],
)
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_mistake_in_the_call_prints_one_line_and_records_nothing(
    lesson: Any,
    number: Any,
    words: str,
    lang: str,
    capsys: pytest.CaptureFixture[str],
    progress_file: Path,
) -> None:
    i18n.set_lang(lang)
    assert check_exercise(lesson, number, lambda: None) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ ") and out.count("\n") == 1, out
    assert words in out or (lang == "ko" and words.strip("()a ").split()[-1] in out), out
    assert not progress_file.exists()


def test_a_lesson_number_names_its_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_exercise(2, 1, ...) is False  # the exercise notebook's placeholder
    assert literal("ex_not_defined") in capsys.readouterr().out


def test_the_placeholder_records_nothing(
    capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    assert check_exercise("02", 1, ...) is False
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


# Lesson 12: the learner writes a test; each wrong test fails with the hint that names it.
WRONG += [
    (
        "12-testing",
        1,
        "checks only one reading",
        """
        def test_clean_readings():
            assert clean_readings.python_func(readings=[5.0], low=0.0, high=40.0) == [5.0]
        answer = test_clean_readings
    """,
        "ex12_asserts_nothing",
    ),
    (
        "12-testing",
        1,
        "expects the readings sorted",
        """
        def test_clean_readings():
            clean = clean_readings.python_func
            assert clean(readings=[30.0, 10.0, 0.0, 40.0], low=0.0, high=40.0) == [0.0, 10.0, 30.0, 40.0]
        answer = test_clean_readings
    """,
        "ex12_fails_correct",
    ),
    (
        "12-testing",
        2,
        "asserts nothing",
        """
        def test_readings_report(local_runner):
            readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
        answer = test_readings_report
    """,
        "ex12_asserts_nothing",
    ),
    (
        "12-testing",
        2,
        "expects every reading in the report",
        """
        def test_readings_report(local_runner):
            import json
            task = readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
            with open(task.outputs["report"].path) as f:
                assert json.load(f) == {"count": 3, "mean": 26.67}
        answer = test_readings_report
    """,
        "ex12_fails_correct",
    ),
    (
        "12-testing",
        2,
        "checks that the file exists only",
        """
        def test_readings_report(local_runner):
            import os
            task = readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
            assert os.path.exists(task.outputs["report"].path)
        answer = test_readings_report
    """,
        "ex12_asserts_nothing",
    ),
    (
        "12-testing",
        2,
        "not a name pytest runs",
        """
        def report_check(local_runner):
            task = readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
            assert task.outputs["mean"] == 15.0
        answer = report_check
    """,
        "ex12_not_a_test",
    ),
    (
        "12-testing",
        3,
        "asserts nothing",
        """
        def test_readings_structure(tmp_path):
            compiled_spec(readings_pipeline, tmp_path)
        answer = test_readings_structure
    """,
        "ex12_asserts_nothing",
    ),
    (
        "12-testing",
        3,
        "checks the dependency only",
        """
        def test_readings_structure(tmp_path):
            tasks = compiled_spec(readings_pipeline, tmp_path)["root"]["dag"]["tasks"]
            assert tasks["summarize"]["dependentTasks"] == ["clean-readings"]
        answer = test_readings_structure
    """,
        "ex12_missed_bug",
    ),
    (
        "12-testing",
        3,
        "expects three retries",
        """
        def test_readings_structure(tmp_path):
            spec = compiled_spec(readings_pipeline, tmp_path)
            tasks = spec["root"]["dag"]["tasks"]
            assert tasks["summarize"]["retryPolicy"]["maxRetryCount"] == 3
        answer = test_readings_structure
    """,
        "ex12_fails_correct",
    ),
    (
        "12-testing",
        3,
        "expects the alarm at the top level",
        """
        def test_readings_structure(tmp_path):
            spec = compiled_spec(readings_pipeline, tmp_path)
            tasks = spec["root"]["dag"]["tasks"]
            assert tasks["summarize"]["dependentTasks"] == ["clean-readings"]
            assert tasks["summarize"]["retryPolicy"]["maxRetryCount"] == 2
            assert "raise-alarm" in tasks
        answer = test_readings_structure
    """,
        "ex12_fails_correct",
    ),
]


# More wrong answers, so that every exercise meets at least five (test below): the
# mistakes a learner makes on the way, each failing with the hint that names it.
WRONG += [
    # 00.1: describe a run
    (
        "00-getting-started",
        1,
        "no task outputs",
        """
        def answer(run_dir):
            from kfp_tutorial import load_run
            run = load_run(run_dir)
            lines = [f"{run.pipeline}: {run.status}"]
            lines += [f"  {task.name}: {task.status}" for task in run.tasks]
            return "\\n".join(lines)
    """,
        "ex00_missing",
    ),
    (
        "00-getting-started",
        1,
        "the return forgotten",
        """
        def answer(run_dir):
            from kfp_tutorial import load_run
            run = load_run(run_dir)
            text = f"{run.pipeline}: {run.status}"
    """,
        "ex_wrong_type",
    ),
    (
        "00-getting-started",
        1,
        "the run folder's name, not its record",
        """
        def answer(run_dir):
            return str(run_dir)
    """,
        "ex00_missing",
    ),
    ("00-getting-started", 1, "not a function", 'answer = "setup-check: SUCCESS"', "ex_not_function"),
    # 00.2: the install command
    ("00-getting-started", 2, "no version pin", 'answer = "pip install kfp"', "ex_wrong_value"),
    (
        "00-getting-started",
        2,
        "an upgrade, not a pin",
        'answer = "pip install --upgrade kfp"',
        "ex_wrong_value",
    ),
    ("00-getting-started", 2, "v1's kfp", 'answer = "pip install kfp==1.8.22"', "ex_wrong_value"),
    (
        "00-getting-started",
        2,
        "kfp-kubernetes instead",
        """
        from kfp_tutorial.versions import KFP_VERSION
        answer = f"pip install kfp-kubernetes=={KFP_VERSION}"
    """,
        "ex_wrong_value",
    ),
    (
        "00-getting-started",
        2,
        "a list of words",
        """
        from kfp_tutorial.versions import KFP_VERSION
        answer = ["pip", "install", f"kfp=={KFP_VERSION}"]
    """,
        "ex_wrong_type",
    ),
    # 01.1: a greeting with two parameters
    (
        "01-hello-world",
        1,
        "name and greeting swapped",
        """
        @dsl.pipeline(name="greeting")
        def answer(greeting: str = "Hello", name: str = "Kubeflow") -> str:
            return say_greeting(greeting=name, name=greeting).output
    """,
        "ex_wrong_output",
    ),
    (
        "01-hello-world",
        1,
        "two greeting tasks",
        """
        @dsl.pipeline(name="greeting")
        def answer(greeting: str = "Hello", name: str = "Kubeflow") -> str:
            say_greeting(greeting=greeting, name=name)
            return say_greeting(greeting=greeting, name=name).output
    """,
        "ex_task_count",
    ),
    ("01-hello-world", 1, "the component, not a pipeline", "answer = say_greeting", "ex_not_pipeline"),
    (
        "01-hello-world",
        1,
        "no comma in the message",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def say_greeting(greeting: str, name: str) -> str:
            return f"{greeting} {name}!"

        @dsl.pipeline(name="greeting")
        def answer(greeting: str = "Hello", name: str = "Kubeflow") -> str:
            return say_greeting(greeting=greeting, name=name).output
    """,
        "ex_wrong_output",
    ),
    # 01.2: the executor that runs Python
    ("01-hello-world", 2, "the pipeline's name", 'answer = "hello-world"', "ex_wrong_value"),
    ("01-hello-world", 2, "the component's name", 'answer = "comp-say-hello"', "ex_wrong_value"),
    ("01-hello-world", 2, "the image", 'answer = "python:3.11-slim"', "ex_wrong_value"),
    (
        "01-hello-world",
        2,
        "a list of every executor",
        'answer = ["exec-say-hello", "exec-echo-hello"]',
        "ex_wrong_type",
    ),
    # 02.1: a + b + c
    (
        "02-add",
        1,
        "a + b twice",
        """
        @dsl.pipeline(name="add-three")
        def answer(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
            first = add(a=a, b=b)
            return add(a=first.output, b=b).output
    """,
        "ex_wrong_output",
    ),
    # 02.2: the int literal
    (
        "02-add",
        2,
        "b=a instead of 4.0",
        """
        def answer():
            @dsl.pipeline(name="wrong-type")
            def wrong_type_pipeline(a: float = 7.0) -> float:
                return add(a=a, b=a).output
    """,
        "ex_wrong_output",
    ),
    (
        "02-add",
        2,
        "a body that defines nothing",
        """
        def answer():
            pass
    """,
        "ex02_no_pipeline",
    ),
    (
        "02-add",
        2,
        "4.5 instead of 4.0",
        """
        def answer():
            @dsl.pipeline(name="wrong-type")
            def wrong_type_pipeline(a: float = 7.0) -> float:
                return add(a=a, b=4.5).output
    """,
        "ex_wrong_output",
    ),
    (
        "02-add",
        2,
        "the str '4'",
        """
        def answer():
            @dsl.pipeline(name="wrong-type")
            def wrong_type_pipeline(a: float = 7.0) -> float:
                return add(a=a, b="4").output
    """,
        "ex02_still_int",
    ),
    # 03.1: three stations
    (
        "03-parallel",
        1,
        "east chained after north",
        """
        @dsl.pipeline(name="three-stations")
        def answer(count: int = 24) -> str:
            north = make_readings(station="north", seed=1, count=count)
            south = make_readings(station="south", seed=2, count=count)
            east = make_readings(station="east", seed=3, count=count).after(north)
            return warmest(north=north.output, south=south.output, east=east.output).output
    """,
        "ex_extra_dependency",
    ),
    (
        "03-parallel",
        1,
        "east with north's seed",
        """
        @dsl.pipeline(name="three-stations")
        def answer(count: int = 24) -> str:
            north = make_readings(station="north", seed=1, count=count)
            south = make_readings(station="south", seed=2, count=count)
            east = make_readings(station="east", seed=1, count=count)
            return warmest(north=north.output, south=south.output, east=east.output).output
    """,
        "ex_wrong_output",
    ),
    (
        "03-parallel",
        1,
        "count ignored",
        """
        @dsl.pipeline(name="three-stations")
        def answer(count: int = 24) -> str:
            north = make_readings(station="north", seed=1, count=24)
            south = make_readings(station="south", seed=2, count=24)
            east = make_readings(station="east", seed=3, count=24)
            return warmest(north=north.output, south=south.output, east=east.output).output
    """,
        "ex_wrong_output",
    ),
    # 03.2: one at a time
    (
        "03-parallel",
        2,
        "parallelism=2",
        """
        @dsl.pipeline(name="fan-out-fan-in")
        def answer(numbers: list = [1.0, 2.0, 3.0, 4.0]) -> float:
            with dsl.ParallelFor(items=numbers, parallelism=2) as number:
                squared = square(x=number)
            return sum_all(values=dsl.Collected(squared.output)).output
    """,
        "ex03_parallelism",
    ),
    (
        "03-parallel",
        2,
        "no loop: a Python for",
        """
        @dsl.pipeline(name="fan-out-fan-in")
        def answer(numbers: list = [1.0, 2.0, 3.0, 4.0]) -> float:
            return sum_all(values=[1.0, 4.0, 9.0, 16.0]).output
    """,
        "ex03_no_loop",
    ),
    (
        "03-parallel",
        2,
        "the items summed, not their squares",
        """
        @dsl.pipeline(name="fan-out-fan-in")
        def answer(numbers: list = [1.0, 2.0, 3.0, 4.0]) -> float:
            with dsl.ParallelFor(items=numbers, parallelism=1) as number:
                squared = square(x=number)
            return sum_all(values=numbers).output
    """,
        "ex_wrong_output",
    ),
    ("03-parallel", 2, "the function, not the pipeline", "answer = square", "ex_not_pipeline"),
    # 04.1: one file, two readers
    (
        "04-file-passing",
        1,
        "a * b from the second reader",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def add_numbers(numbers: Input[Dataset]) -> int:
            import json
            with open(numbers.path) as f:
                values = json.load(f)
            return values["a"] * values["b"]

        @dsl.pipeline(name="two-readers")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers(a=a, b=b)
            multiply_numbers(numbers=writer.outputs["numbers"])
            return add_numbers(numbers=writer.outputs["numbers"]).output
    """,
        "ex_wrong_output",
    ),
    (
        "04-file-passing",
        1,
        "the readers chained",
        """
        @dsl.pipeline(name="two-readers")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers(a=a, b=b)
            product = multiply_numbers(numbers=writer.outputs["numbers"])
            return add_numbers(numbers=writer.outputs["numbers"]).after(product).output
    """,
        "ex_extra_dependency",
    ),
    (
        "04-file-passing",
        1,
        "a hard-coded sum",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def add_numbers(numbers: Input[Dataset]) -> int:
            return 310

        @dsl.pipeline(name="two-readers")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers(a=a, b=b)
            multiply_numbers(numbers=writer.outputs["numbers"])
            return add_numbers(numbers=writer.outputs["numbers"]).output
    """,
        "ex_wrong_output",
    ),
    (
        "04-file-passing",
        1,
        "the reader returns nothing",
        """
        @dsl.pipeline(name="two-readers")
        def answer(a: int = 300, b: int = 10):
            writer = write_numbers(a=a, b=b)
            multiply_numbers(numbers=writer.outputs["numbers"])
            add_numbers(numbers=writer.outputs["numbers"])
    """,
        "ex_output_count",
    ),
    # 04.2: v1-style paths
    (
        "04-file-passing",
        2,
        "the output named numbers",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def write_numbers_with_path(a: int, b: int, numbers: dsl.OutputPath("Dataset")):
            import json
            with open(numbers, "w") as f:
                json.dump({"a": a, "b": b}, f)

        @dsl.pipeline(name="file-passing-paths")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers_with_path(a=a, b=b)
            return multiply_numbers_with_path(numbers_path=writer.outputs["numbers"]).output
    """,
        "ex04_output_name",
    ),
    (
        "04-file-passing",
        2,
        "OutputPath(str): a parameter, not a file",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def write_numbers_with_path(a: int, b: int, numbers_path: dsl.OutputPath(str)):
            import json
            with open(numbers_path, "w") as f:
                json.dump({"a": a, "b": b}, f)

        @dsl.component(base_image=BASE_IMAGE)
        def multiply_numbers_with_path(numbers_path: str) -> int:
            import json
            values = json.loads(numbers_path)
            return values["a"] * values["b"]

        @dsl.pipeline(name="file-passing-paths")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers_with_path(a=a, b=b)
            return multiply_numbers_with_path(numbers_path=writer.outputs["numbers_path"]).output
    """,
        "ex04_output_name",
    ),
    (
        "04-file-passing",
        2,
        "a + b, not a * b",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def multiply_numbers_with_path(numbers_path: dsl.InputPath("Dataset")) -> int:
            import json
            with open(numbers_path) as f:
                values = json.load(f)
            return values["a"] + values["b"]

        @dsl.pipeline(name="file-passing-paths")
        def answer(a: int = 300, b: int = 10) -> int:
            writer = write_numbers_with_path(a=a, b=b)
            return multiply_numbers_with_path(numbers_path=writer.outputs["numbers_path"]).output
    """,
        "ex_wrong_output",
    ),
    (
        "04-file-passing",
        2,
        "the writer alone",
        """
        @dsl.pipeline(name="file-passing-paths")
        def answer(a: int = 300, b: int = 10):
            write_numbers_with_path(a=a, b=b)
    """,
        "ex04_two_tasks",
    ),
    # 05.1: a baseline
    (
        "05-metrics",
        1,
        "the metric under another name",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def baseline_accuracy(test_data: Input[Dataset], metrics: Output[Metrics]):
            import numpy as np
            y_test = np.loadtxt(test_data.path, delimiter=",")[:, -1].astype(int)
            most_common = np.bincount(y_test).argmax()
            metrics.log_metric("baseline", float(np.mean(y_test == most_common)))

        @dsl.pipeline(name="metrics-with-baseline")
        def answer(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
            trained = train_model(test_size=test_size, seed=seed, c=c)
            evaluate_model(model=trained.outputs["model"], test_data=trained.outputs["test_data"])
            baseline_accuracy(test_data=trained.outputs["test_data"])
    """,
        "ex05_no_metric",
    ),
    (
        "05-metrics",
        1,
        "a hard-coded share",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def baseline_accuracy(test_data: Input[Dataset], metrics: Output[Metrics]):
            metrics.log_metric("baseline_accuracy", 0.629)

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
        1,
        "the model's accuracy again",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def baseline_accuracy(test_data: Input[Dataset], metrics: Output[Metrics]):
            import numpy as np
            y_test = np.loadtxt(test_data.path, delimiter=",")[:, -1].astype(int)
            metrics.log_metric("baseline_accuracy", float(np.mean(y_test == 1)) + 0.3)

        @dsl.pipeline(name="metrics-with-baseline")
        def answer(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
            trained = train_model(test_size=test_size, seed=seed, c=c)
            evaluate_model(model=trained.outputs["model"], test_data=trained.outputs["test_data"])
            baseline_accuracy(test_data=trained.outputs["test_data"])
    """,
        "ex_wrong_output",
    ),
    # 05.2: compare C
    (
        "05-metrics",
        2,
        "the same C every time",
        """
        def answer(values, output_dir=None):
            from kfp_tutorial.local.runner import run_local
            result = run_local(metrics_pipeline, {"test_size": 0.25, "seed": 42, "c": 1.0},
                               output_dir=output_dir, progress=False)
            accuracy = result.task("evaluate-model").outputs["metrics"]["metadata"]["accuracy"]
            return {c: accuracy for c in values}
    """,
        "ex_wrong_value",
    ),
    (
        "05-metrics",
        2,
        "a list, not a dict",
        """
        def answer(values, output_dir=None):
            return [0.98 for c in values]
    """,
        "ex05_not_a_dict",
    ),
    (
        "05-metrics",
        2,
        "keys as text",
        """
        def answer(values, output_dir=None):
            from kfp_tutorial.local.runner import run_local
            accuracies = {}
            for c in values:
                result = run_local(metrics_pipeline, {"test_size": 0.25, "seed": 42, "c": c},
                                   output_dir=output_dir, progress=False)
                metrics = result.task("evaluate-model").outputs["metrics"]["metadata"]
                accuracies[str(c)] = metrics["accuracy"]
            return accuracies
    """,
        "ex_wrong_value",
    ),
    (
        "05-metrics",
        2,
        "the pipeline, not a function of C",
        "answer = metrics_pipeline",
        "ex_raised",
    ),
    # 06.1: top features
    (
        "06-visualizations",
        1,
        "the count ignored",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def answer(model: Input[Model], count: int, table: Output[Markdown]):
            import pickle
            from sklearn.datasets import load_breast_cancer
            with open(model.path, "rb") as f:
                classifier = pickle.load(f)
            names = load_breast_cancer().feature_names
            weights = classifier[-1].coef_[0]
            order = sorted(range(len(names)), key=lambda i: abs(weights[i]), reverse=True)[:5]
            lines = ["| feature | coefficient |", "|---|---:|"]
            lines += [f"| {names[i]} | {weights[i]:.3f} |" for i in order]
            with open(table.path, "w") as f:
                f.write("\\n".join(lines) + "\\n")
    """,
        "ex06_wrong_features",
    ),
    (
        "06-visualizations",
        1,
        "the smallest coefficients",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def answer(model: Input[Model], count: int, table: Output[Markdown]):
            import pickle
            from sklearn.datasets import load_breast_cancer
            with open(model.path, "rb") as f:
                classifier = pickle.load(f)
            names = load_breast_cancer().feature_names
            weights = classifier[-1].coef_[0]
            order = sorted(range(len(names)), key=lambda i: abs(weights[i]))[:count]
            lines = ["| feature | coefficient |", "|---|---:|"]
            lines += [f"| {names[i]} | {weights[i]:.3f} |" for i in order]
            with open(table.path, "w") as f:
                f.write("\\n".join(lines) + "\\n")
    """,
        "ex06_wrong_features",
    ),
    (
        "06-visualizations",
        1,
        "a table that is never written",
        """
        @dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
        def answer(model: Input[Model], count: int, table: Output[Markdown]):
            print("| feature | coefficient |")
    """,
        "ex_run_failed",
    ),
    (
        "06-visualizations",
        1,
        "the pipeline instead of the component",
        "answer = top_features_pipeline",
        "ex_not_component",
    ),
    # 06.2: a self-contained HTML
    (
        "06-visualizations",
        2,
        "no image at all",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def answer(model: Input[Model], test_data: Input[Dataset], page: Output[HTML]):
            with open(page.path, "w") as f:
                f.write("<html><body><p>scores</p></body></html>")
    """,
        "ex06_no_image",
    ),
    (
        "06-visualizations",
        2,
        "an image on the web",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def answer(model: Input[Model], test_data: Input[Dataset], page: Output[HTML]):
            with open(page.path, "w") as f:
                f.write('<img src="https://example.org/scores.png">')
    """,
        "ex06_linked_image",
    ),
    (
        "06-visualizations",
        2,
        "a file path in the page",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def answer(model: Input[Model], test_data: Input[Dataset], page: Output[HTML]):
            with open(page.path, "w") as f:
                f.write('<img src="/tmp/scores.png">')
    """,
        "ex06_linked_image",
    ),
    (
        "06-visualizations",
        2,
        "a Markdown output, not HTML",
        """
        @dsl.component(base_image=BASE_IMAGE)
        def answer(model: Input[Model], test_data: Input[Dataset], page: Output[Markdown]):
            with open(page.path, "w") as f:
                f.write("![scores](data:image/png;base64,AAAA)")
    """,
        "ex06_no_output",
    ),
    # 07.1: a fourth branch
    (
        "07-control-flow",
        1,
        "the mild branch says coat",
        """
        @dsl.pipeline(name="weather-advice-4")
        def answer(temperature: float = 18.0) -> str:
            with dsl.If(temperature > 35.0):
                very_hot = announce(message="very hot: stay inside")
            with dsl.Elif(temperature > 25.0):
                hot = announce(message="hot: take water")
            with dsl.Elif(temperature > 10.0):
                mild = announce(message="cold: take a coat")
            with dsl.Else():
                cold = announce(message="cold: take a coat")
            return dsl.OneOf(very_hot.output, hot.output, mild.output, cold.output)
    """,
        "ex_wrong_output",
    ),
    (
        "07-control-flow",
        1,
        ">= 35 where the page says above",
        """
        @dsl.pipeline(name="weather-advice-4")
        def answer(temperature: float = 18.0) -> str:
            with dsl.If(temperature >= 35.0):
                very_hot = announce(message="very hot: stay inside")
            with dsl.Elif(temperature > 25.0):
                hot = announce(message="hot: take water")
            with dsl.Elif(temperature > 10.0):
                mild = announce(message="mild: take a jacket")
            with dsl.Else():
                cold = announce(message="cold: take a coat")
            return dsl.OneOf(very_hot.output, hot.output, mild.output, cold.output)
    """,
        "ex_wrong_output",
    ),
    (
        "07-control-flow",
        1,
        "a limit off by one",
        """
        @dsl.pipeline(name="weather-advice-4")
        def answer(temperature: float = 18.0) -> str:
            with dsl.If(temperature > 35.0):
                very_hot = announce(message="very hot: stay inside")
            with dsl.Elif(temperature > 25.0):
                hot = announce(message="hot: take water")
            with dsl.Elif(temperature > 11.0):
                mild = announce(message="mild: take a jacket")
            with dsl.Else():
                cold = announce(message="cold: take a coat")
            return dsl.OneOf(very_hot.output, hot.output, mild.output, cold.output)
    """,
        "ex_wrong_output",
    ),
    (
        "07-control-flow",
        1,
        "a typo in the new advice",
        """
        @dsl.pipeline(name="weather-advice-4")
        def answer(temperature: float = 18.0) -> str:
            with dsl.If(temperature > 35.0):
                very_hot = announce(message="very hot: stay in")
            with dsl.Elif(temperature > 25.0):
                hot = announce(message="hot: take water")
            with dsl.Elif(temperature > 10.0):
                mild = announce(message="mild: take a jacket")
            with dsl.Else():
                cold = announce(message="cold: take a coat")
            return dsl.OneOf(very_hot.output, hot.output, mild.output, cold.output)
    """,
        "ex_wrong_output",
    ),
    # 07.2: a seed for a branch
    (
        "07-control-flow",
        2,
        "heads and tails swapped",
        """
        def answer(side, above):
            return seed_for_branch("tails" if side == "heads" else "heads", above)
    """,
        "ex07_wrong_branch",
    ),
    (
        "07-control-flow",
        2,
        "above ignored",
        """
        def answer(side, above):
            return seed_for_branch(side, True)
    """,
        "ex07_wrong_branch",
    ),
    (
        "07-control-flow",
        2,
        "a float seed",
        """
        def answer(side, above):
            return float(seed_for_branch(side, above))
    """,
        "ex_wrong_type",
    ),
    # 07.3: clean_up without ignore
    (
        "07-control-flow",
        3,
        "clean_up waits for prepare, not training",
        """
        @dsl.pipeline(name="exit-handler-no-ignore")
        def answer(fail: bool = True):
            final_step = notify()
            with dsl.ExitHandler(final_step, name="main-work"):
                prepare = announce(message="preparing data")
                train_model(fail=fail).after(prepare)
                clean_up(what="scratch files").after(prepare)
    """,
        "ex_missing_dependency",
    ),
    (
        "07-control-flow",
        3,
        "no exit handler",
        """
        @dsl.pipeline(name="exit-handler-no-ignore")
        def answer(fail: bool = True):
            prepare = announce(message="preparing data")
            training = train_model(fail=fail).after(prepare)
            clean_up(what="scratch files").after(training)
    """,
        "ex_missing_task",
    ),
    (
        "07-control-flow",
        3,
        "train_model never fails",
        """
        @dsl.pipeline(name="exit-handler-no-ignore")
        def answer(fail: bool = True):
            final_step = notify()
            with dsl.ExitHandler(final_step, name="main-work"):
                prepare = announce(message="preparing data")
                training = train_model(fail=False).after(prepare)
                clean_up(what="scratch files").after(training)
    """,
        "ex07_wrong_status",
    ),
    # 08.1: memory and environment
    (
        "08-resources",
        1,
        "request and limit swapped",
        """
        @dsl.pipeline(name="resources-exercise")
        def answer(rows: int = 100) -> str:
            run_id = dsl.PIPELINE_JOB_ID_PLACEHOLDER
            fetch = fetch_data(rows=rows, failures_before_success=0, run_id=run_id)
            model = train(values=normalize(values=fetch.output).output)
            model.set_memory_request("2Gi").set_memory_limit("1Gi")
            model.set_env_variable("TRAINING_MODE", "thorough")
            return model.output
    """,
        "ex08_memory",
    ),
    (
        "08-resources",
        1,
        "gigabytes, not gibibytes",
        """
        @dsl.pipeline(name="resources-exercise")
        def answer(rows: int = 100) -> str:
            run_id = dsl.PIPELINE_JOB_ID_PLACEHOLDER
            fetch = fetch_data(rows=rows, failures_before_success=0, run_id=run_id)
            model = train(values=normalize(values=fetch.output).output)
            model.set_memory_request("1G").set_memory_limit("2G")
            model.set_env_variable("TRAINING_MODE", "thorough")
            return model.output
    """,
        "ex08_memory",
    ),
    (
        "08-resources",
        1,
        "the settings on fetch-data",
        """
        @dsl.pipeline(name="resources-exercise")
        def answer(rows: int = 100) -> str:
            run_id = dsl.PIPELINE_JOB_ID_PLACEHOLDER
            fetch = fetch_data(rows=rows, failures_before_success=0, run_id=run_id)
            fetch.set_memory_request("1Gi").set_memory_limit("2Gi")
            fetch.set_env_variable("TRAINING_MODE", "thorough")
            model = train(values=normalize(values=fetch.output).output)
            return model.output
    """,
        "ex08_memory",
    ),
    # 08.2: a ConfigMap as files
    (
        "08-resources",
        2,
        "the Secret mounted instead",
        """
        @dsl.pipeline(name="config-map-volume")
        def answer() -> str:
            task = show_settings(secret_dir="/etc/kfp-tutorial/settings")
            kubernetes.use_secret_as_volume(
                task, secret_name=SECRET_NAME, mount_path="/etc/kfp-tutorial/settings"
            )
            return task.output
    """,
        "ex08_no_volume",
    ),
    (
        "08-resources",
        2,
        "another ConfigMap's name",
        """
        @dsl.pipeline(name="config-map-volume")
        def answer() -> str:
            task = show_settings(secret_dir="/etc/kfp-tutorial/settings")
            kubernetes.use_config_map_as_volume(
                task, config_map_name="settings", mount_path="/etc/kfp-tutorial/settings"
            )
            return task.output
    """,
        "ex08_no_volume",
    ),
    (
        "08-resources",
        2,
        "the ConfigMap as environment variables",
        """
        @dsl.pipeline(name="config-map-volume")
        def answer() -> str:
            task = show_settings(secret_dir="/etc/kfp-tutorial/settings")
            kubernetes.use_config_map_as_env(
                task, config_map_name=CONFIG_MAP_NAME, config_map_key_to_env={"mode": "MODE"}
            )
            return task.output
    """,
        "ex08_no_volume",
    ),
    # 09.1: two places
    (
        "09-cluster",
        1,
        "the second report after the first",
        """
        @dsl.pipeline(name="two-places")
        def answer() -> bool:
            first = where_am_i().set_caching_options(False)
            second = where_am_i().set_caching_options(False).after(first)
            return same_place(first=first.output, second=second.output).output
    """,
        "ex_extra_dependency",
    ),
    (
        "09-cluster",
        1,
        "compared with a fixed name",
        """
        @dsl.pipeline(name="two-places")
        def answer() -> bool:
            first = where_am_i()
            where_am_i()
            return same_place(first=first.output, second="localhost").output
    """,
        "ex_missing_dependency",
    ),
    (
        "09-cluster",
        1,
        "no comparison task",
        """
        @dsl.pipeline(name="two-places")
        def answer() -> str:
            where_am_i()
            return where_am_i().output
    """,
        "ex_missing_task",
    ),
    ("09-cluster", 1, "the component, not a pipeline", "answer = where_am_i", "ex_not_pipeline"),
    # 09.2: the last task's output
    ("09-cluster", 2, "the output as text", 'answer = "8.0"', "ex_wrong_type"),
    ("09-cluster", 2, "the whole run", "answer = ui_run", "ex_wrong_type"),
    (
        "09-cluster",
        2,
        "the first task's output",
        'answer = ui_run.task("add").outputs["Output"]',
        "ex_wrong_value",
    ),
    # 10.1: use both outputs of a sub-pipeline
    (
        "10-reusable-components",
        1,
        "low - high",
        """
        @dsl.pipeline(name="bounds-width")
        def answer(x: float = 4.0) -> float:
            bounds = bounds_pipeline(x=x)
            minus_high = scale(value=bounds.outputs["high"], factor=-1.0)
            return add(a=bounds.outputs["low"], b=minus_high.output).output
    """,
        "ex_wrong_output",
    ),
    (
        "10-reusable-components",
        1,
        "high alone",
        """
        @dsl.pipeline(name="bounds-width")
        def answer(x: float = 4.0) -> float:
            return bounds_pipeline(x=x).outputs["high"]
    """,
        "ex_wrong_output",
    ),
    (
        "10-reusable-components",
        1,
        "high + low",
        """
        @dsl.pipeline(name="bounds-width")
        def answer(x: float = 4.0) -> float:
            bounds = bounds_pipeline(x=x)
            return add(a=bounds.outputs["high"], b=bounds.outputs["low"]).output
    """,
        "ex_wrong_output",
    ),
    (
        "10-reusable-components",
        1,
        "the sub-pipeline itself",
        "answer = bounds_pipeline",
        "ex_output_count",
    ),
    # 10.2: a component run by itself
    (
        "10-reusable-components",
        2,
        "the task, not its outputs",
        """
        def answer(pipeline_root, values):
            from kfp import local
            local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=pipeline_root)
            return describe(values=values)
    """,
        "ex_wrong_value",
    ),
    (
        "10-reusable-components",
        2,
        "the component's Python, not the component",
        """
        def answer(pipeline_root, values):
            return describe.python_func(values=values)
    """,
        "ex_wrong_value",
    ),
    (
        "10-reusable-components",
        2,
        "one output only",
        """
        def answer(pipeline_root, values):
            from kfp import local
            local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=pipeline_root)
            return {"total": describe(values=values).outputs["total"]}
    """,
        "ex_wrong_value",
    ),
    (
        "10-reusable-components",
        2,
        "the values, not their description",
        """
        def answer(pipeline_root, values):
            return {"values": values}
    """,
        "ex_wrong_value",
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


def test_every_exercise_has_five_wrong_answers() -> None:
    """At least five plausible wrong answers per exercise, each told apart by its reason."""
    assert sorted({(w[0], w[1]) for w in WRONG}) == registered_exercises(CHECKED)
    for lesson, number in registered_exercises(CHECKED):
        rows = [w for w in WRONG if (w[0], w[1]) == (lesson, number)]
        assert len(rows) >= 5, f"{lesson}/{number} has {len(rows)} wrong answers"
        assert len({w[2] for w in rows}) == len(rows), f"{lesson}/{number}: a reason twice"


# --- time limit and solution notebooks ---------------------------------------------------------


@pytest.mark.slow
def test_a_check_that_runs_too_long_is_stopped_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], progress_file: Path
) -> None:
    """A learner's pipeline that never ends: the check stops it at its time limit."""
    import time

    from kfp import dsl

    namespace: dict[str, Any] = {}
    run_cell(
        textwrap.dedent(
            """\
            from kfp import dsl


            @dsl.component(base_image="python:3.11")
            def add(a: float, b: float) -> float:
                import time
                time.sleep(3600)
                return a + b


            @dsl.pipeline(name="add-three")
            def answer(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
                return add(a=add(a=a, b=b).output, b=c).output
            """
        ),
        "forever",
        namespace,
    )
    del dsl
    started = time.monotonic()
    assert check_exercise("02-add", 1, namespace["answer"], time_limit=4) is False
    assert time.monotonic() - started < 60
    out = capsys.readouterr().out
    assert "longer than 4 s" in out and "time_limit" in out
    assert json.loads(progress_file.read_text(encoding="utf-8"))["exercises"]["02-add/1"]["ok"] is False
    listed = __import__("subprocess").run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "time.sleep(3600)" not in listed and "kfp-tutorial-check-" not in listed


@pytest.mark.parametrize("value", [0, -1, "60", True, float("inf")])
def test_a_bad_time_limit_is_a_clear_message(value: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_exercise("02-add", 1, ..., time_limit=value) is False
    assert "time_limit" in capsys.readouterr().out


def test_the_lesson_notebooks_mark_themselves_and_the_exercises_do_not() -> None:
    """Running a lesson (solution) notebook must not fill a learner's progress with ✓."""
    from tools.exercises import SOLUTION_MARK

    for lesson in CHECKED:
        for lang in i18n.LANGS:
            solution = (REPO / "notebooks" / lang / f"{lesson.name}.ipynb").read_text(encoding="utf-8")
            exercise = (REPO / "notebooks" / "exercises" / lang / f"{lesson.name}.ipynb").read_text(
                encoding="utf-8"
            )
            assert solution.count(SOLUTION_MARK) == 1, (lesson.name, lang)
            assert "mark_solution_notebook" not in exercise, (lesson.name, lang)


def test_checks_in_a_marked_notebook_record_as_solution(
    monkeypatch: pytest.MonkeyPatch, progress_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kfp_tutorial import exercise_checks
    from kfp_tutorial.progress import read_records

    monkeypatch.setattr(exercise_checks, "_solution_notebook", False)
    exercise_checks.mark_solution_notebook()
    assert check_exercise("00", 2, f"pip install kfp=={__import__('kfp').__version__}") is True
    entry = json.loads(progress_file.read_text(encoding="utf-8"))["exercises"]["00-getting-started/2"]
    assert entry["by"] == "solution"
    with pytest.raises(TutorialError):  # progress counts no solution entry
        read_records(progress_file.parent)
