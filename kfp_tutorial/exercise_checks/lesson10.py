"""Checks for lesson 10's exercises (lessons/*/10-reusable-components.md#exercises).

1. ``bounds_width_pipeline(x)``: a sub-pipeline with outputs ``low`` and ``high``, used by a
   second pipeline that returns ``high - low`` (1.5 × x).
2. ``describe_alone(pipeline_root, values)``: ``describe`` called outside any pipeline;
   returns ``task.outputs``.

Used in: lesson 10's notebook.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch


def check_sub_outputs(answer: Any, context: CheckContext) -> None:
    """The outer pipeline returns high - low of the sub-pipeline, for the page's x and others."""
    pipeline = context.pipeline(answer)
    for x in (4.0, 10.0):
        context.expect_output(pipeline, {"x": x}, x * 2.0 - x * 0.5)


def check_alone(answer: Any, context: CheckContext) -> None:
    """``describe`` run by itself gives all three named outputs, for the page's list and another."""
    from kfp_tutorial.lessons.lesson10_reusable_components import describe

    function = context.function(answer)
    for values in ([1.0, 2.0, 6.0], [2.5, 4.5]):
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # kfp.local's own task logs
                got = function(str(context.output_dir), values)
        except Exception as exc:  # the learner's code
            raise ExerciseMismatch("ex_raised", error=f"{type(exc).__name__}: {exc}") from exc
        expected = dict(describe.python_func(values=values)._asdict())
        context.expect_equal(dict(got) if isinstance(got, dict) else got, expected)
        context.checked.append(f"{getattr(function, '__name__', 'describe_alone')}(..., {values})")


CHECKS: dict[int, Check] = {1: check_sub_outputs, 2: check_alone}
