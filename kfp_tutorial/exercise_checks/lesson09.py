"""Checks for lesson 09's exercises (lessons/*/09-cluster.md#exercises).

1. ``two_places_pipeline``: two ``where_am_i`` tasks and ``same_place`` comparing them.
2. ``last_output``: what ``add-3`` outputs for a run of lesson 02's pipeline with a=1.0, b=2.0.

Used in: lesson 09's notebook.
"""

from __future__ import annotations

from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext


def check_two_places(answer: Any, context: CheckContext) -> None:
    """Two independent ``where-am-i`` tasks, ``same-place`` waiting for both; True locally."""
    pipeline = context.pipeline(answer)
    tasks = context.expect_tasks(pipeline, {"where-am-i": 2, "same-place": 1})
    reporters = sorted(name for name, component in tasks.items() if component.startswith("where-am-i"))
    for reporter in reporters:
        context.expect_waits_for(pipeline, "same-place", reporter)
    context.expect_independent(pipeline, reporters[1], reporters[0])
    context.expect_output(pipeline, {}, True)  # locally both are processes of this machine


def check_last_output(answer: Any, context: CheckContext) -> None:
    """A float, equal to what a local run of the same pipeline and arguments gives."""
    from kfp_tutorial.lessons.lesson02_add import calculation_pipeline

    value = context.value_of_type(answer, float)
    result = context.run(calculation_pipeline, {"a": 1.0, "b": 2.0})
    context.expect_equal(value, result.task("add-3").outputs["Output"])


CHECKS: dict[int, Check] = {1: check_two_places, 2: check_last_output}
