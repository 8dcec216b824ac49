"""Checks for lesson 07's exercises (lessons/*/07-control-flow.md#exercises).

1. ``exercise_weather_pipeline(temperature)``: a fourth branch above 35 degrees.
2. ``seed_for_branch(side, above)`` (or one seed): a seed that takes the asked branch.
3. ``exercise_no_ignore_pipeline(fail)``: ``clean_up`` without ``ignore_upstream_failure()``.

Used in: lesson 07's notebook.
"""

from __future__ import annotations

from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex07_wrong_branch": {
            "en": "seed {seed} announces {got!r}; {side} with a number {limit} needs {expected!r}.",
            "ko": (
                "seed {seed}의 결과는 {got!r}입니다. 동전이 {side}, 숫자가 {limit}인 분기라면 결과는 "
                "{expected!r}입니다."
            ),
        },
        "ex07_still_ignores": {
            "en": "clean-up still runs after a failure (its trigger is {policy}): remove "
            ".ignore_upstream_failure().",
            "ko": "clean-up이 실패 뒤에도 여전히 실행됩니다 (트리거: {policy}). "
            ".ignore_upstream_failure()를 지우세요.",
        },
        "ex07_wrong_status": {
            "en": "With fail={fail}: task {task} ended {got}, expected {expected}.",
            "ko": "fail={fail}일 때 {task} 태스크의 상태가 {got}입니다. 기대한 상태는 {expected}입니다.",
        },
    }
)


def advice(temperature: float) -> str:
    """What the exercise asks: the lesson's three branches, and above 35 a fourth one first."""
    if temperature > 35.0:
        return "very hot: stay inside"
    if temperature > 25.0:
        return "hot: take water"
    if temperature > 10.0:
        return "mild: take a jacket"
    return "cold: take a coat"


def check_weather(answer: Any, context: CheckContext) -> None:
    """Every branch, the new one included, at each limit and just above it (35, 25 and 10 belong
    to the branch below: the exercise says "above"), and far from them."""
    pipeline = context.pipeline(answer)
    for temperature in (40.0, 35.5, 35.0, 30.0, 25.5, 25.0, 18.0, 10.5, 10.0, 2.0):
        context.expect_output(pipeline, {"temperature": temperature}, advice(temperature))


def _branch_message(side: str, above: bool) -> tuple[str, str]:
    limit = 5 if side == "heads" else 15
    return (f"{side} and > {limit}" if above else f"{side} and <= {limit}"), (
        f"> {limit}" if above else f"<= {limit}"
    )


def check_seed(answer: Any, context: CheckContext) -> None:
    """The seed(s) the answer gives take the asked branch when the pipeline really runs."""
    from kfp_tutorial.lessons.lesson07_control_flow import coin_flip_pipeline

    if callable(answer):
        asked = [("heads", True), ("tails", False)]
        seeds = [(side, above, context.call(answer, side, above)) for side, above in asked]
    else:
        seeds = [("heads", True, answer)]
    for side, above, seed in seeds:
        context.value_of_type(seed, int)
        result = context.run(coin_flip_pipeline, {"seed": seed})
        expected, limit = _branch_message(side, above)
        announced = [
            task.outputs.get("Output") for task in result.tasks if task.name.startswith("announce")
        ]
        got = announced[0] if announced else None
        if got != expected:
            raise ExerciseMismatch(
                "ex07_wrong_branch", seed=seed, got=got, side=side, limit=limit, expected=expected
            )


def check_no_ignore(answer: Any, context: CheckContext) -> None:
    """clean-up waits for train-model without ignoring its failure; the exit task still runs."""
    pipeline = context.pipeline(answer)
    tasks = context.tasks(pipeline)
    context.expect_tasks(pipeline, {"notify": 1, "announce": 1, "train-model": 1, "clean-up": 1})
    context.expect_waits_for(pipeline, "clean-up", "train-model")
    context.expect_waits_for(pipeline, "train-model", "announce")
    policy = tasks["clean-up"].get("triggerPolicy", {}).get("strategy")
    if policy == "ALL_UPSTREAM_TASKS_COMPLETED":
        raise ExerciseMismatch("ex07_still_ignores", policy=policy)
    for fail, expected in (
        (
            True,
            {
                "announce": "SUCCESS",
                "train-model": "FAILURE",
                "clean-up": "SKIPPED",
                "notify": "SUCCESS",
            },
        ),
        (
            False,
            {
                "announce": "SUCCESS",
                "train-model": "SUCCESS",
                "clean-up": "SUCCESS",
                "notify": "SUCCESS",
            },
        ),
    ):
        result = context.run(pipeline, {"fail": fail}, ok=not fail)
        statuses = {task.name: task.status for task in result.tasks}
        for task, status in expected.items():
            got = statuses.get(task, "SKIPPED")
            if got != status:
                raise ExerciseMismatch(
                    "ex07_wrong_status", fail=fail, task=task, got=got, expected=status
                )


CHECKS: dict[int, Check] = {1: check_weather, 2: check_seed, 3: check_no_ignore}
