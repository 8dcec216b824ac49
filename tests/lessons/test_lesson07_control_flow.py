"""Lesson 07 (control flow): the compiled spec has the conditions, loops and exit
handler the lesson teaches, and real local runs take every branch.

Seeds are chosen here by predicting the components' draws with ``random.Random``
(the algorithm the components use), so every branch is covered on purpose.
"""

import random
from pathlib import Path
from typing import Any

import pytest

from kfp_tutorial.lessons import lesson07_control_flow as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure

NAME = "07-control-flow"
ALL_BRANCHES = [("heads", True), ("heads", False), ("tails", True), ("tails", False)]
BRANCH_MESSAGES = {
    ("heads", True): "heads and > 5",
    ("heads", False): "heads and <= 5",
    ("tails", True): "tails and > 15",
    ("tails", False): "tails and <= 15",
}
BRANCH_GROUPS = {  # the display names given to the dsl.If / dsl.Else groups
    ("heads", True): {"heads", "heads-above-5"},
    ("heads", False): {"heads", "heads-5-or-less"},
    ("tails", True): {"tails", "tails-above-15"},
    ("tails", False): {"tails", "tails-15-or-less"},
}


def predict(seed: int) -> tuple[str, int]:
    """What flip_coin and random_number will draw for ``seed``: the same algorithm."""
    side = random.Random(seed).choice(["heads", "tails"])
    low, high = (0, 9) if side == "heads" else (10, 19)
    return side, random.Random(seed).randint(low, high)


def branch_of(seed: int) -> tuple[str, bool]:
    side, number = predict(seed)
    return side, number > (5 if side == "heads" else 15)


def first_seed(branch: tuple[str, bool]) -> int:
    return next(seed for seed in range(1000) if branch_of(seed) == branch)


def run(pipeline: Any, args: dict[str, Any], tmp_path: Path) -> RunResult:
    return run_local(pipeline, args, output_dir=tmp_path, progress=False)


def ancestors(compiled: CompiledPipeline, task_name: str) -> set[str]:
    """Display names of the groups (conditions, loops, handlers) around a task."""
    found: set[str] = set()

    def walk(tasks: dict[str, Any], above: list[str]) -> bool:
        for name, task in tasks.items():
            if name == task_name:
                found.update(above)
                return True
            comp = compiled.component(task)
            if "dag" in comp and walk(comp["dag"].get("tasks", {}), [*above, task["taskInfo"]["name"]]):
                return True
        return False

    assert walk(compiled.root_tasks, []), f"{task_name} not in the spec"
    return found


def component_task_names(compiled: CompiledPipeline) -> set[str]:
    return {n for n, t in compiled.all_tasks().items() if "dag" not in compiled.component(t)}


# ----------------------------------------------------------------------------- spec


def test_coin_flip_spec_has_nested_conditions() -> None:
    compiled = compile_pipeline(lesson.coin_flip_pipeline)
    tasks = compiled.all_tasks()
    conditions = {
        task["taskInfo"]["name"]: task["triggerPolicy"]["condition"]
        for task in tasks.values()
        if task.get("triggerPolicy", {}).get("condition")
    }
    assert set(conditions) == {
        "heads",
        "tails",
        "heads-above-5",
        "heads-5-or-less",
        "tails-above-15",
        "tails-15-or-less",
    }
    coin = "inputs.parameter_values['pipelinechannel--flip-coin-Output']"
    assert conditions["heads"] == f"{coin} == 'heads'"
    assert conditions["tails"] == f"!({conditions['heads']})"  # dsl.Else negates the If
    assert "random-number-Output']) > 5" in conditions["heads-above-5"]
    assert conditions["heads-5-or-less"] == f"!({conditions['heads-above-5']})"
    assert "random-number-2-Output']) > 15" in conditions["tails-above-15"]
    # The number is drawn inside the coin's branch, and its branches nest inside that.
    assert ancestors(compiled, "random-number") == {"heads", "condition-branches-1"}
    assert {"heads", "heads-above-5"} <= ancestors(compiled, "announce")
    assert {"tails", "tails-15-or-less"} <= ancestors(compiled, "announce-4")


def test_weather_spec_has_elif_and_oneof() -> None:
    compiled = compile_pipeline(lesson.weather_pipeline)
    conditions = [
        t["triggerPolicy"]["condition"]
        for t in compiled.all_tasks().values()
        if t.get("triggerPolicy", {}).get("condition")
    ]
    hot = "inputs.parameter_values['pipelinechannel--temperature'] > 25.0"
    mild = "inputs.parameter_values['pipelinechannel--temperature'] > 10.0"
    assert conditions == [hot, f"!({hot}) && {mild}", f"!({hot}) && !({mild})"]
    output = compiled.spec["root"]["dag"]["outputs"]["parameters"]["Output"]["valueFromParameter"]
    assert output["producerSubtask"].startswith("condition-branches")
    assert "oneof" in output["outputParameterKey"]


def test_loops_spec_has_static_and_dynamic_iterators() -> None:
    compiled = compile_pipeline(lesson.loops_pipeline)
    loops = {n: t for n, t in compiled.root_tasks.items() if "parameterIterator" in t}
    assert len(loops) == 2
    static, dynamic = (loops[n] for n in sorted(loops))
    assert static["parameterIterator"]["items"] == {"raw": '["small", "medium", "large"]'}
    assert static.get("dependentTasks", []) == []
    items = dynamic["parameterIterator"]["items"]
    assert items == {"inputParameter": "pipelinechannel--list-files-Output"}
    assert dynamic["dependentTasks"] == ["list-files"]
    assert dynamic["iteratorPolicy"] == {"parallelismLimit": 2}
    summed = compiled.root_tasks["total"]
    source = summed["inputs"]["parameters"]["values"]["taskOutputParameter"]
    assert source["producerTask"] == sorted(loops)[1]  # dsl.Collected: the loop's outputs
    assert source["outputParameterKey"] == "pipelinechannel--name-length-Output"


def test_exit_handler_spec() -> None:
    compiled = compile_pipeline(lesson.exit_handler_pipeline)
    root = compiled.root_tasks
    assert set(root) == {"exit-handler-1", "notify"}
    assert root["exit-handler-1"]["taskInfo"]["name"] == "main-work"
    notify = root["notify"]
    assert notify["triggerPolicy"] == {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}
    assert notify["dependentTasks"] == ["exit-handler-1"]
    status_input = notify["inputs"]["parameters"]["status"]
    assert status_input == {"taskFinalStatus": {"producerTask": "exit-handler-1"}}
    inner = compiled.all_tasks()
    # .after(): an order without data; no input of train-model comes from announce.
    assert inner["train-model"]["dependentTasks"] == ["announce"]
    assert "taskOutputParameter" not in str(inner["train-model"]["inputs"])
    assert inner["clean-up"]["dependentTasks"] == ["train-model"]
    assert inner["clean-up"]["triggerPolicy"] == {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}
    without = compile_pipeline(lesson.exercise_no_ignore_pipeline).all_tasks()
    assert "triggerPolicy" not in without["clean-up"]


def test_after_an_exit_handler_group_spec() -> None:
    """kfp 2.17: a task waits for the ExitHandler group; the exit task waits for it too,
    so the two have no order. Only an ExitHandler group is accepted."""
    from kfp import dsl

    root = compile_pipeline(lesson.after_exit_handler_pipeline).root_tasks
    assert set(root) == {"exit-handler-1", "notify", "announce-2"}
    assert root["announce-2"]["dependentTasks"] == ["exit-handler-1"]
    assert "triggerPolicy" not in root["announce-2"]  # a plain dependency: the group must succeed
    assert root["notify"]["dependentTasks"] == ["exit-handler-1"]
    with pytest.raises(ValueError, match="Only dsl.ExitHandler groups"):

        @dsl.pipeline(name="after-a-condition")
        def after_a_condition(fail: bool = False):
            with dsl.If(fail == True) as branch:  # noqa: E712 - a pipeline condition
                lesson.announce(message="failing")
            lesson.announce(message="after").after(branch)

    assert_in_pages(NAME, "`exit-handler-1`", "`announce-2`")


# ----------------------------------------------------------------------------- runs


@pytest.mark.slow
@pytest.mark.parametrize("branch", ALL_BRANCHES, ids=lambda b: f"{b[0]}-{'above' if b[1] else 'below'}")
def test_coin_flip_takes_each_branch(branch: tuple[str, bool], tmp_path: Path) -> None:
    seed = first_seed(branch)
    side, number = predict(seed)
    result = run(lesson.coin_flip_pipeline, {"seed": seed}, tmp_path)
    assert result.status == "SUCCESS"
    ran = {task.name: task for task in result.tasks}
    assert ran["flip-coin"].outputs == {"Output": side}
    draw = "random-number" if side == "heads" else "random-number-2"
    assert ran[draw].outputs == {"Output": number}
    announced = [task for task in result.tasks if task.name.startswith("announce")]
    assert len(announced) == 1
    assert announced[0].outputs == {"Output": BRANCH_MESSAGES[branch]}
    compiled = compile_pipeline(lesson.coin_flip_pipeline)
    assert BRANCH_GROUPS[branch] <= ancestors(compiled, announced[0].name)
    skipped = component_task_names(compiled) - set(ran)
    assert len(skipped) == 4  # the other draw and three announcements never ran
    assert all(task.status == "SUCCESS" for task in result.tasks)


@pytest.mark.slow
def test_default_seed_is_the_branch_the_page_quotes(tmp_path: Path) -> None:
    # lessons/*/07-control-flow.md: "seed 42 shows heads, draws 1: heads and <= 5".
    assert predict(42) == ("heads", 1)
    result = run(lesson.coin_flip_pipeline, {"seed": 42}, tmp_path)
    assert result.task("flip-coin").outputs["Output"] == "heads"
    assert result.task("random-number").outputs["Output"] == 1
    announced = [t.outputs["Output"] for t in result.tasks if t.name.startswith("announce")]
    assert announced == ["heads and <= 5"]
    assert_in_pages(NAME, f"`{announced[0]}`", "`tails and > 15`")


@pytest.mark.parametrize(
    ("pipeline", "temperature", "expected"),
    [
        (lesson.weather_pipeline, 30.0, "hot: take water"),
        (lesson.weather_pipeline, 18.0, "mild: take a jacket"),
        (lesson.weather_pipeline, 2.0, "cold: take a coat"),
        (lesson.exercise_weather_pipeline, 40.0, "very hot: stay inside"),
        (lesson.exercise_weather_pipeline, 30.0, "hot: take water"),
    ],
)
@pytest.mark.slow
def test_weather_branches(pipeline: Any, temperature: float, expected: str, tmp_path: Path) -> None:
    result = run(pipeline, {"temperature": temperature}, tmp_path)
    assert result.status == "SUCCESS"
    assert result.output == expected
    assert len(result.tasks) == 1  # exactly one branch ran
    assert_in_pages(NAME, f"`{result.output}`")


@pytest.mark.slow
def test_loops_run_every_item(tmp_path: Path) -> None:
    result = run(lesson.loops_pipeline, {"count": 3}, tmp_path)
    assert result.status == "SUCCESS"
    assert result.output == 30
    assert_in_pages(NAME, f"**{result.output}**", "`data-0.csv`", "`for-loop-3-iteration-0/name-length`")
    sizes = {t.path: t.outputs["Output"] for t in result.tasks if t.name == "announce"}
    assert sorted(sizes.values()) == ["large", "medium", "small"]
    assert all("-iteration-" in path for path in sizes)
    lengths = [t for t in result.tasks if t.name == "name-length"]
    assert sorted(t.inputs["name"] for t in lengths) == ["data-0.csv", "data-1.csv", "data-2.csv"]
    summed = result.task("total")
    assert summed.inputs["values"] == [10, 10, 10]
    assert summed.started >= max(t.started for t in lengths)


@pytest.mark.slow
def test_exit_handler_success(tmp_path: Path) -> None:
    result = run(lesson.exit_handler_pipeline, {"fail": False}, tmp_path)
    assert result.status == "SUCCESS"
    assert [t.name for t in result.tasks] == ["announce", "train-model", "clean-up", "notify"]
    assert result.task("notify").outputs == {"Output": "SUCCEEDED"}
    assert_in_pages(NAME, "`SUCCEEDED`")


@pytest.mark.slow
def test_exit_handler_runs_after_a_failure(tmp_path: Path) -> None:
    result = run(lesson.exit_handler_pipeline, {"fail": True}, tmp_path)
    assert result.status == "FAILURE"
    statuses = {t.name: t.status for t in result.tasks}
    assert statuses == {
        "announce": "SUCCESS",
        "train-model": "FAILURE",
        "clean-up": "SUCCESS",  # ignore_upstream_failure()
        "notify": "SUCCESS",  # the exit task always runs
    }
    assert "training failed on purpose" in result.task("train-model").log
    assert result.task("notify").outputs == {"Output": "FAILED"}
    assert result.tasks[-1].name == "notify"
    assert_in_pages(NAME, f"`{result.status}`", "`FAILED`", "`clean-up`")
    assert result.outputs == {}


@pytest.mark.slow
@pytest.mark.parametrize("fail", [False, True])
def test_after_an_exit_handler_group_runs(fail: bool, tmp_path: Path) -> None:
    result = run(lesson.after_exit_handler_pipeline, {"fail": fail}, tmp_path)
    names = [t.name for t in result.tasks]
    assert result.task("notify").outputs == {"Output": "FAILED" if fail else "SUCCEEDED"}
    if fail:
        assert result.status == "FAILURE" and "announce-2" not in names  # skipped
    else:
        assert result.status == "SUCCESS" and result.output == "publishing the report"
        assert names.index("announce-2") > names.index("train-model")
        assert names.index("announce-2") < names.index("notify")  # no order: ran first here


@pytest.mark.slow
def test_without_ignore_upstream_failure_clean_up_is_skipped(tmp_path: Path) -> None:
    result = run(lesson.exercise_no_ignore_pipeline, {"fail": True}, tmp_path)
    assert result.status == "FAILURE"
    assert [t.name for t in result.tasks] == ["announce", "train-model", "notify"]
    assert result.task("notify").outputs == {"Output": "FAILED"}


def test_exercise_seed_for_branch_matches_prediction() -> None:
    for branch in ALL_BRANCHES:
        seed = lesson.seed_for_branch(*branch)
        assert branch_of(seed) == branch
        assert seed == first_seed(branch)


def test_seeds_quoted_on_the_page() -> None:
    # The page quotes seed 0 (tails, 16) and, in exercise 2, seed 6 (heads, 9).
    # test_coin_flip_takes_each_branch checks that real runs draw what predict() says.
    assert predict(0) == ("tails", 16) and first_seed(("tails", True)) == 0
    assert predict(6) == ("heads", 9) and lesson.seed_for_branch("heads", True) == 6
    assert_in_pages(NAME, "`seed=6`", "`heads and > 5`", "`very hot: stay inside`")


def test_pages_follow_the_conventions() -> None:
    check_page_structure(NAME)


@pytest.mark.slow
def test_local_runner_does_not_use_defaults_after_a_failure(tmp_path: Path) -> None:
    """The page's warning: kfp.local 2.17 does not fall back to an input's default when
    an ignore_upstream_failure() task reads the output of a task that failed.
    (No `from __future__ import annotations` in this file: kfp reads real annotations.)"""
    from kfp import dsl

    @dsl.component(base_image=lesson.BASE_IMAGE)
    def report(result: str = "no model") -> str:
        return result

    @dsl.pipeline(name="default-after-failure")
    def reads_failed_output(fail: bool = True):
        training = lesson.train_model(fail=fail)
        report(result=training.output).ignore_upstream_failure()

    result = run(reads_failed_output, {"fail": True}, tmp_path)
    assert result.status == "FAILURE"
    assert [(t.name, t.status) for t in result.tasks] == [("train-model", "FAILURE")]
    assert "Then kfp.local stopped the run: report: " in result.reason
    assert "task 'train-model' not found" in result.reason


@pytest.mark.slow
def test_cli_reports_the_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kfp_tutorial.cli import main

    code = main(
        [
            "--lang",
            "en",
            "run",
            "07-control-flow",
            "--pipeline",
            "exit_handler_pipeline",
            "--arg",
            "fail=true",
            "--output-dir",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILURE" in out
    assert "Task 'train-model' failed" in out


def test_examples_are_local_and_cover_every_pipeline() -> None:
    shown = {e.func_name for e in lesson.EXAMPLES}
    assert shown == {
        "coin_flip_pipeline",
        "weather_pipeline",
        "loops_pipeline",
        "exit_handler_pipeline",
        "after_exit_handler_pipeline",
    }
    assert all(e.local for e in lesson.EXAMPLES)
