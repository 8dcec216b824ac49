"""Checks for lesson 03's exercises (lessons/*/03-parallel.md#exercises).

1. ``three_stations_pipeline(count)``: three independent producers, one ``warmest`` consumer.
2. ``fan_out_pipeline`` with ``parallelism=1``.

Used in: lesson 03's notebook.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex03_parallelism": {
            "en": "The loop's parallelism is {got}; the exercise asks for 1 (ParallelFor(..., "
            "parallelism=1)).",
            "ko": (
                "루프의 parallelism이 {got}입니다. 연습에서는 1이어야 합니다 (ParallelFor(..., "
                "parallelism=1))."
            ),
        },
        "ex03_no_loop": {
            "en": "The pipeline has no dsl.ParallelFor loop.",
            "ko": "Pipeline에 dsl.ParallelFor 루프가 없습니다.",
        },
    }
)

STATIONS = (("north", 1), ("south", 2), ("east", 3))


def check_three_stations(answer: Any, context: CheckContext) -> None:
    """Three ``make-readings`` tasks that wait for nothing, and ``warmest`` waiting for all three."""
    from kfp_tutorial.lessons.lesson03_parallel import make_readings, warmest

    pipeline = context.pipeline(answer)
    tasks = context.expect_tasks(pipeline, {"make-readings": 3, "warmest": 1})
    consumer = next(name for name, component in tasks.items() if component == "warmest")
    producers = sorted(name for name in tasks if name != consumer)
    for producer in producers:
        context.expect_waits_for(pipeline, consumer, producer)
        for other in producers:
            context.expect_independent(pipeline, producer, other)
    for count in (24, 5):
        with contextlib.redirect_stdout(io.StringIO()):
            readings = {name: make_readings.python_func(name, seed, count) for name, seed in STATIONS}
        context.expect_output(pipeline, {"count": count}, warmest.python_func(**readings))


def check_one_at_a_time(answer: Any, context: CheckContext) -> None:
    """The loop's ``iteratorPolicy`` is ``parallelismLimit: 1``; the sums of squares are right."""
    from kfp_tutorial.lessons.lesson03_parallel import square, sum_all
    from kfp_tutorial.spec.compiler import compile_pipeline

    pipeline = context.pipeline(answer)
    compiled = compile_pipeline(pipeline)
    loops = [task for task in compiled.all_tasks().values() if "parameterIterator" in task]
    if not loops:
        raise ExerciseMismatch("ex03_no_loop")
    limit = loops[0].get("iteratorPolicy", {}).get("parallelismLimit")
    if limit != 1:
        raise ExerciseMismatch("ex03_parallelism", got=limit or "-")
    context.expect_tasks(pipeline, {"square": 1, "sum-all": 1})
    for numbers in ([1.0, 2.0, 3.0, 4.0], [0.5, 3.0]):
        expected = sum_all.python_func([square.python_func(x) for x in numbers])
        context.expect_output(pipeline, {"numbers": numbers}, expected)


CHECKS: dict[int, Check] = {1: check_three_stations, 2: check_one_at_a_time}
