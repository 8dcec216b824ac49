"""Lesson 03: independent producers, ParallelFor with parallelism, fan-in with Collected.

No ``from __future__ import annotations``: this file defines a pipeline, and kfp reads
its annotations as real types.
"""

import random
from pathlib import Path

import pytest
from kfp import dsl

from kfp_tutorial.lessons.lesson03_parallel import (
    fan_out_pipeline,
    parallel_pipeline,
    square,
    sum_all,
    three_stations_pipeline,
)
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult, TaskRecord
from kfp_tutorial.spec.compiler import compile_pipeline, dependencies
from kfp_tutorial.spec.loader import load_pipeline
from lesson_checks import REPO, assert_in_pages, check_page_structure

NAME = "03-parallel"
NUMBERS = [1.0, 2.0, 3.0, 4.0]


def readings(seed: int, count: int) -> list[float]:
    """The lesson's data, recomputed here from its definition: uniform in [-5, 30], 0.1 steps."""
    rng = random.Random(seed)
    return [round(rng.uniform(-5.0, 30.0), 1) for _ in range(count)]


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def max_running(tasks: list[TaskRecord]) -> int:
    """The largest number of tasks that were running at the same moment.

    ``seconds`` is rounded to milliseconds, so a task is taken to end 5 ms early: a task
    that starts right after another one ends does not count as overlapping it.
    """
    ends = [(t.started + t.seconds - 0.005, -1) for t in tasks]
    events = sorted([(t.started, 1) for t in tasks] + ends)
    running = peak = 0
    for _, change in events:
        running += change
        peak = max(peak, running)
    return peak


@pytest.fixture(scope="module")
def runs_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def stations(runs_root: Path) -> RunResult:
    return run_local(parallel_pipeline, {"count": 24}, output_dir=runs_root, progress=False)


@pytest.fixture(scope="module")
def fan(runs_root: Path) -> RunResult:
    return run_local(fan_out_pipeline, {"numbers": NUMBERS}, output_dir=runs_root, progress=False)


def test_producers_are_independent_and_the_consumer_waits_for_both() -> None:
    compiled = compile_pipeline(parallel_pipeline)
    assert dependencies(compiled) == {
        "make-readings": set(),
        "make-readings-2": set(),
        "compare": {"make-readings", "make-readings-2"},
    }
    assert_in_pages(NAME, "`dependentTasks`", "`make-readings`", "`make-readings-2`")


def test_parallel_for_carries_parallelism_and_collected_feeds_the_fan_in() -> None:
    compiled = compile_pipeline(fan_out_pipeline)
    loop = compiled.root_tasks["for-loop-1"]
    assert loop["iteratorPolicy"] == {"parallelismLimit": 2}
    assert loop["parameterIterator"]["items"] == {"inputParameter": "pipelinechannel--numbers"}
    fan_in = compiled.root_tasks["sum-all"]
    assert fan_in["dependentTasks"] == ["for-loop-1"]
    source = fan_in["inputs"]["parameters"]["values"]["taskOutputParameter"]
    assert source["producerTask"] == "for-loop-1"
    # the loop's output is the collected output of `square`, typed as a list
    loop_dag = compiled.component(loop)
    collected = loop_dag["dag"]["outputs"]["parameters"][source["outputParameterKey"]]
    assert collected["valueFromParameter"]["producerSubtask"] == "square"
    assert loop_dag["outputDefinitions"]["parameters"][source["outputParameterKey"]] == {
        "parameterType": "LIST"
    }
    assert_in_pages(NAME, "`iteratorPolicy: {parallelismLimit: 2}`", "`producerTask: for-loop-1`")


@pytest.mark.slow
def test_stations_summary_matches_the_data_recomputed_from_the_seeds(stations: RunResult) -> None:
    north, south = mean(readings(1, 24)), mean(readings(2, 24))
    warmer = "south" if south > north else "north"
    expected = f"north {north:.1f}, south {south:.1f}: {warmer} is warmer"
    assert stations.status == "SUCCESS"
    assert stations.output == expected
    assert stations.task("make-readings").outputs == {"Output": readings(1, 24)}
    assert "north: 24 readings" in stations.task("make-readings").log
    assert_in_pages(NAME, f"`{expected}`")


@pytest.mark.slow
def test_locally_top_level_tasks_take_turns(stations: RunResult) -> None:
    # The pages say kfp.local runs top-level tasks one after another.
    assert max_running(stations.tasks) == 1


@pytest.mark.slow
def test_fan_out_fan_in_gives_30_with_at_most_two_at_once(fan: RunResult) -> None:
    squares = sorted(square.python_func(x) for x in NUMBERS)
    expected = sum_all.python_func(squares)
    assert fan.status == "SUCCESS"
    assert fan.output == expected == sum(x * x for x in NUMBERS) == 30.0
    iterations = [t for t in fan.tasks if t.name == "square"]
    assert sorted(t.outputs["Output"] for t in iterations) == squares
    assert {t.path for t in iterations} == {f"for-loop-1-iteration-{i}/square" for i in range(4)}
    # Collected keeps the order of the items, whichever iteration finished first
    assert fan.task("sum-all").inputs == {"values": [x * x for x in NUMBERS]}
    # parallelism=2: iterations overlap locally, never more than two at once
    assert max_running(iterations) == 2
    terms = " + ".join(f"{s:g}" for s in squares)
    assert_in_pages(NAME, f"{terms} = **{expected:g}**")


@pytest.mark.slow
def test_exercise_parallelism_one(tmp_path: Path) -> None:
    @dsl.pipeline(name="fan-out-one")
    def one_at_a_time(numbers: list = NUMBERS) -> float:  # noqa: B006
        with dsl.ParallelFor(items=numbers, parallelism=1) as number:
            squared = square(x=number)
        return sum_all(values=dsl.Collected(squared.output)).output

    compiled = compile_pipeline(one_at_a_time)
    assert compiled.root_tasks["for-loop-1"]["iteratorPolicy"] == {"parallelismLimit": 1}
    result = run_local(one_at_a_time, {"numbers": NUMBERS}, output_dir=tmp_path, progress=False)
    assert result.output == 30.0
    assert max_running([t for t in result.tasks if t.name == "square"]) == 1
    assert_in_pages(NAME, "`{parallelismLimit: 1}`", f"**{result.output:g}**")


@pytest.mark.slow
def test_exercise_three_stations(tmp_path: Path) -> None:
    means = {name: mean(readings(seed, 24)) for name, seed in (("north", 1), ("south", 2), ("east", 3))}
    warmest = max(means, key=lambda name: means[name])
    expected = f"{warmest} is warmest ({means[warmest]:.1f})"
    result = run_local(three_stations_pipeline, {"count": 24}, output_dir=tmp_path, progress=False)
    assert result.output == expected
    deps = dependencies(compile_pipeline(three_stations_pipeline))
    assert deps["warmest"] == {"make-readings", "make-readings-2", "make-readings-3"}
    assert all(not deps[name] for name in ("make-readings", "make-readings-2", "make-readings-3"))
    assert_in_pages(NAME, f"`{expected}`")


@pytest.mark.slow
def test_int_loop_items_arrive_as_floats_as_the_warning_says(tmp_path: Path) -> None:
    pipeline = load_pipeline(str(REPO / "tests/fixtures/int_loop_pipeline.py:int_loop_pipeline"))
    result = run_local(pipeline, {"numbers": [1, 2, 3]}, output_dir=tmp_path, progress=False)
    assert result.status == "FAILURE"
    doubled = [t for t in result.tasks if t.name == "double"]
    assert sorted(t.inputs["x"] for t in doubled) == [1.0, 2.0, 3.0]
    assert all(isinstance(t.inputs["x"], float) for t in doubled)
    failed = result.task("total")
    assert failed.status == "FAILURE"
    quoted = "returned value of type <class 'float'>; want type <class 'int'>"
    assert quoted in failed.log
    assert_in_pages(NAME, f"`{quoted}`")


def test_page_structure() -> None:
    check_page_structure(NAME)
