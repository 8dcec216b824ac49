"""Lesson 12: test and debug your pipelines.

A small pipeline of temperature readings (clean, summarize, report, and an alarm behind a
condition) and the tests a team writes for it, at four levels: a component's Python
through ``python_func`` (and as the task really runs it, from the source the spec
carries), the whole pipeline with ``kfp.local`` in pytest, the compiled spec's structure,
and code that submits to a cluster, with a mocked ``kfp.Client``. Then debugging a failed
task: its log and run folder, the same inputs again in your own process.

The functions named ``test_*`` and the ``local_runner`` fixture are real pytest tests:
``tests/lessons/test_lesson12_testing.py`` imports them, so the suite runs what the page
shows; the notebook runs them with :func:`kfp_tutorial.notebook_tests.run_tests`.
Used in: lesson 12.
"""

import json
import math  # used by rounded_up below, on purpose: see the section "module_import"
import statistics
from pathlib import Path
from typing import Any, NamedTuple
from unittest import mock

import kfp
import pytest
import yaml
from kfp import compiler, dsl, local
from kfp.dsl import Dataset, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example
from kfp_tutorial.results import RunResult

# The readings the page runs: two are out of range (a broken sensor), three are kept.
READINGS = [12.0, 99.0, 18.0, -40.0, 21.0]


# --8<-- [start:components]
@dsl.component(base_image=BASE_IMAGE)
def clean_readings(readings: list, low: float, high: float) -> list:
    """Keep the readings from low to high (both included), in their order."""
    return [value for value in readings if low <= value <= high]


@dsl.component(base_image=BASE_IMAGE)
def summarize(values: list) -> float:
    """The mean of the values."""
    import statistics

    return statistics.fmean(values)


@dsl.component(base_image=BASE_IMAGE)
def write_report(values: list, mean: float, report: Output[Dataset]):
    """How many values and their mean, as a JSON file: what the next team reads."""
    import json

    with open(report.path, "w") as f:
        json.dump({"count": len(values), "mean": round(mean, 2)}, f)


@dsl.component(base_image=BASE_IMAGE)
def raise_alarm(mean: float) -> str:
    """Runs only when the mean is too high."""
    message = f"too warm: {mean}"
    print(message)
    return message


# --8<-- [end:components]


# --8<-- [start:pipeline]
class ReadingsOutputs(NamedTuple):
    mean: float
    report: Dataset


@dsl.pipeline(name="readings", description="Clean readings, summarize them, alarm if too warm.")
def readings_pipeline(
    readings: list = [12.0, 99.0, 18.0, -40.0, 21.0],  # noqa: B006 - a pipeline default
    low: float = 0.0,
    high: float = 40.0,
    alarm: float = 30.0,
) -> ReadingsOutputs:
    cleaned = clean_readings(readings=readings, low=low, high=high)
    summary = summarize(values=cleaned.output)
    summary.set_cpu_limit("1").set_memory_limit("512M").set_retry(num_retries=2)
    with dsl.If(summary.output > alarm, name="too-warm"):
        raise_alarm(mean=summary.output)
    report = write_report(values=cleaned.output, mean=summary.output)
    return ReadingsOutputs(mean=summary.output, report=report.outputs["report"])


# --8<-- [end:pipeline]


# --8<-- [start:unit_test]
def test_clean_readings_keeps_the_range_in_order() -> None:
    clean = clean_readings.python_func  # the plain Python function
    assert clean(readings=[12.0, 99.0, 18.0], low=0.0, high=40.0) == [12.0, 18.0]
    assert clean(readings=[0.0, 40.0], low=0.0, high=40.0) == [0.0, 40.0]  # limits kept
    assert clean(readings=[], low=0.0, high=40.0) == []


def test_summarize_averages() -> None:
    assert summarize.python_func(values=[12.0, 18.0, 21.0]) == pytest.approx(17.0)
    with pytest.raises(statistics.StatisticsError):  # no values: no mean
        summarize.python_func(values=[])


# --8<-- [end:unit_test]


# --8<-- [start:module_import]
@dsl.component(base_image=BASE_IMAGE)
def rounded_up(value: float) -> int:
    """Broken on purpose: `math` is imported at the top of the module, not in here."""
    return math.ceil(value)


# --8<-- [end:module_import]


# --8<-- [start:as_a_task]
def as_in_task(component: Any) -> Any:
    """The component's function as its task defines it: from the source the compiled spec
    carries, with only the imports KFP adds (no module globals, no helpers)."""
    source = component.component_spec.implementation.container.command[-1]
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<{component.name} as a task>", "exec"), namespace)
    return namespace[component.python_func.__name__]


def test_rounded_up_passes_in_the_module() -> None:
    assert rounded_up.python_func(value=2.5) == 3  # the module's `math` is right there


def test_rounded_up_fails_as_a_task() -> None:
    with pytest.raises(NameError, match="math"):
        as_in_task(rounded_up)(value=2.5)


def test_every_component_runs_as_a_task() -> None:
    assert as_in_task(clean_readings)(readings=[5.0, 50.0], low=0.0, high=40.0) == [5.0]
    assert as_in_task(summarize)(values=[1.0, 2.0]) == 1.5


# --8<-- [end:as_a_task]


# --8<-- [start:local_fixture]
@pytest.fixture
def local_runner(tmp_path: Path) -> Path:
    """Run components and pipelines with kfp.local; their files go under tmp_path."""
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(tmp_path))
    return tmp_path


# --8<-- [end:local_fixture]


# --8<-- [start:pipeline_test]
@pytest.mark.parametrize(
    ("readings", "count", "mean"),
    [
        ([12.0, 99.0, 18.0, -40.0, 21.0], 3, 17.0),  # two readings out of range
        ([35.0, 37.0], 2, 36.0),  # too warm: the alarm task runs too
    ],
)
def test_readings_pipeline(local_runner: Path, readings: list, count: int, mean: float) -> None:
    task = readings_pipeline(readings=readings)  # runs now, every task
    assert task.outputs["mean"] == pytest.approx(mean)
    with open(task.outputs["report"].path) as f:  # the artifact is a real file
        assert json.load(f) == {"count": count, "mean": mean}


def test_one_component_alone(local_runner: Path) -> None:
    task = summarize(values=[1.0, 2.0, 6.0])  # one task, no pipeline
    assert task.output == 3.0


# --8<-- [end:pipeline_test]


# --8<-- [start:spec_test]
def compiled_spec(pipeline: Any, folder: Path) -> dict:
    """Compile the pipeline; return its pipeline spec (the YAML's first document)."""
    path = Path(folder) / "pipeline.yaml"
    compiler.Compiler().compile(pipeline, package_path=str(path))
    with open(path) as f:
        return next(yaml.safe_load_all(f))


def test_readings_spec(tmp_path: Path) -> None:
    spec = compiled_spec(readings_pipeline, tmp_path)
    tasks = spec["root"]["dag"]["tasks"]
    assert tasks["summarize"]["dependentTasks"] == ["clean-readings"]
    assert tasks["summarize"]["retryPolicy"]["maxRetryCount"] == 2
    resources = spec["deploymentSpec"]["executors"]["exec-summarize"]["container"]["resources"]
    assert resources["cpuLimit"] == 1.0 and resources["memoryLimit"] == 0.512  # GB
    too_warm = tasks["condition-1"]
    assert too_warm["taskInfo"]["name"] == "too-warm"
    assert "> inputs.parameter_values" in too_warm["triggerPolicy"]["condition"]
    assert "raise-alarm" in spec["components"]["comp-condition-1"]["dag"]["tasks"]
    assert "raise-alarm" not in tasks  # only inside the condition


# --8<-- [end:spec_test]


# --8<-- [start:submit]
def submit_readings(client: kfp.Client, package: str, readings: list) -> str:
    """Start a run of the compiled pipeline on a cluster; return the run's ID."""
    run = client.create_run_from_pipeline_package(
        package,
        arguments={"readings": readings},
        run_name="nightly readings",
        experiment_name="readings",
        enable_caching=False,  # new readings every night: never reuse a result
    )
    return run.run_id


# --8<-- [end:submit]


# --8<-- [start:client_test]
def test_submit_readings_sends_the_package_and_readings() -> None:
    client = mock.create_autospec(kfp.Client, instance=True)  # kfp.Client's own signatures
    client.create_run_from_pipeline_package.return_value.run_id = "run-42"
    assert submit_readings(client, "readings.yaml", [12.0, 18.0]) == "run-42"
    client.create_run_from_pipeline_package.assert_called_once_with(
        "readings.yaml",
        arguments={"readings": [12.0, 18.0]},
        run_name="nightly readings",
        experiment_name="readings",
        enable_caching=False,
    )


# --8<-- [end:client_test]


# --8<-- [start:reproduce]
def reproduce(run: RunResult, task_name: str, component: Any) -> Any:
    """Call a failed task's component again, in this process, with the inputs it got."""
    inputs = run.task(task_name).inputs
    return component.python_func(**inputs)


# --8<-- [end:reproduce]


# --8<-- [start:debug_pause]
@dsl.pipeline(name="readings-debug", description="Keep the summarize pod alive if it fails.")
def debug_pipeline(readings: list = [12.0, 99.0, 18.0]) -> float:  # noqa: B006 - a pipeline default
    cleaned = clean_readings(readings=readings, low=0.0, high=40.0)
    summary = summarize(values=cleaned.output)
    summary.set_debug_pause(on_error=True)  # on a cluster: kubectl exec into the paused pod
    return summary.output


# --8<-- [end:debug_pause]


# --8<-- [start:exercise_unit_test]
def test_clean_readings() -> None:
    clean = clean_readings.python_func
    assert clean(readings=[5.0, -1.0, 45.0, 20.0], low=0.0, high=40.0) == [5.0, 20.0]
    assert clean(readings=[0.0, 40.0], low=0.0, high=40.0) == [0.0, 40.0]
    assert clean(readings=[30.0, 10.0], low=0.0, high=40.0) == [30.0, 10.0]


# --8<-- [end:exercise_unit_test]


# --8<-- [start:exercise_pipeline_test]
def test_readings_report(local_runner: Path) -> None:
    task = readings_pipeline(readings=[10.0, 50.0, 20.0], low=0.0, high=40.0)
    with open(task.outputs["report"].path) as f:
        assert json.load(f) == {"count": 2, "mean": 15.0}


# --8<-- [end:exercise_pipeline_test]


# --8<-- [start:exercise_spec_test]
def test_readings_structure(tmp_path: Path) -> None:
    spec = compiled_spec(readings_pipeline, tmp_path)
    tasks = spec["root"]["dag"]["tasks"]
    assert tasks["summarize"]["dependentTasks"] == ["clean-readings"]
    assert sorted(tasks["write-report"]["dependentTasks"]) == ["clean-readings", "summarize"]
    assert tasks["summarize"]["retryPolicy"]["maxRetryCount"] == 2
    inside = spec["components"]["comp-condition-1"]["dag"]["tasks"]
    assert list(inside) == ["raise-alarm"]


# --8<-- [end:exercise_spec_test]


def mean_of(values: list[float]) -> float:
    """The mean the pipeline reports, rounded as the report rounds it (2 places).

    Used in: lesson 12's tests and exercise checks, to compute expected results.
    """
    return round(statistics.fmean(values), 2)


EXAMPLES = [
    Example(readings_pipeline, {"readings": READINGS, "low": 0.0, "high": 40.0, "alarm": 30.0}),
    Example(debug_pipeline, {"readings": [12.0, 99.0, 18.0]}),
]
