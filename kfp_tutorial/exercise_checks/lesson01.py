"""Checks for lesson 01's exercises (lessons/*/01-hello-world.md#exercises).

1. ``greeting_pipeline``: a ``say_greeting`` task with the greeting and the name as parameters.
2. ``python_executor``: the name of the executor whose spec holds Python code.

Used in: lesson 01's notebook.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext


def check_greeting(answer: Any, context: CheckContext) -> None:
    """One ``say-greeting`` task; its output follows both parameters."""
    from kfp_tutorial.lessons.lesson01_hello_world import say_greeting

    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"say-greeting": 1})
    for arguments in ({"greeting": "안녕하세요"}, {"greeting": "Hi", "name": "Ada"}):
        with contextlib.redirect_stdout(io.StringIO()):  # the component prints its greeting
            expected = say_greeting.python_func(**{"name": "Kubeflow", **arguments})
        context.expect_output(pipeline, arguments, expected)


def check_python_executor(answer: Any, context: CheckContext) -> None:
    """The executor (or its component) whose compiled spec runs Python."""
    from kfp_tutorial.lessons.lesson01_hello_world import hello_container_pipeline, hello_pipeline
    from kfp_tutorial.spec.compiler import compile_pipeline

    text = context.value_of_type(answer, str)
    executors: dict[str, Any] = {}
    for pipeline in (hello_pipeline, hello_container_pipeline):
        executors.update(compile_pipeline(pipeline).spec["deploymentSpec"]["executors"])
    (expected,) = [name for name, spec in executors.items() if "python3" in str(spec)]
    got = text.strip().lower().replace("_", "-")
    if not got.startswith("exec-"):
        got = "exec-" + got
    context.expect_equal(got, expected)
    context.checked.append(f"{expected}: {sorted(executors)}")


CHECKS: dict[int, Check] = {1: check_greeting, 2: check_python_executor}
