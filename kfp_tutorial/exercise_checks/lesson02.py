"""Checks for lesson 02's exercises (lessons/*/02-add.md#exercises).

1. ``add_three_pipeline(a, b, c)``: a + b + c with two chained ``add`` tasks.
2. ``build_pipeline_with_int_literal``: defines its pipeline without a type error, and
   that pipeline still computes ``a + 4.0`` (the fix is the literal, nothing else).

Used in: lesson 02's notebook.
"""

from __future__ import annotations

from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex02_still_int": {
            "en": "Type error, still: {error}",
            "ko": "아직 타입 오류가 납니다: {error}",
        },
        "ex02_no_pipeline": {
            "en": "Calling it defined {count} {count:pipeline|pipelines}; it should define the one "
            "pipeline it defined before, with the literal fixed (keep the @dsl.pipeline function "
            "inside).",
            "ko": "호출하자 Pipeline이 {count}개 정의되었습니다. 원래 정의하던 Pipeline 하나를, "
            "리터럴만 고쳐서 정의해야 합니다 (@dsl.pipeline 함수는 안에 그대로 두세요).",
        },
    }
)


def check_add_three(answer: Any, context: CheckContext) -> None:
    """Two ``add`` tasks, the second waiting for the first; right sums for two sets of numbers."""
    from kfp_tutorial.lessons.lesson02_add import add
    from kfp_tutorial.spec.compiler import compile_pipeline, dependencies

    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"add": 2})
    needs = dependencies(compile_pipeline(pipeline))
    if "add" not in needs.get("add-2", set()) and "add-2" not in needs.get("add", set()):
        context.expect_waits_for(pipeline, "add-2", "add")  # raises with the hint
    for arguments in ({"a": 1.5, "b": 2.5, "c": 3.0}, {"a": 0.25, "b": -1.0, "c": 10.5}):
        expected = add.python_func(add.python_func(arguments["a"], arguments["b"]), arguments["c"])
        context.expect_output(pipeline, arguments, expected)


def check_fix_type_error(answer: Any, context: CheckContext) -> None:
    """Calling the function defines one pipeline without an InconsistentTypeException, and
    that pipeline still adds 4.0 to ``a`` (for the page's 7.0 and another value)."""
    from kfp import dsl
    from kfp.dsl.types.type_utils import InconsistentTypeException

    build = context.function(answer)
    defined: list[Any] = []
    real_pipeline = dsl.pipeline

    def recording_pipeline(*args: Any, **kwargs: Any) -> Any:
        """``dsl.pipeline`` as the learner's code calls it, keeping what it defines."""
        made = real_pipeline(*args, **kwargs)
        if not callable(made) or hasattr(made, "pipeline_spec"):
            defined.append(made)
            return made

        def decorate(func: Any) -> Any:
            pipeline = made(func)
            defined.append(pipeline)
            return pipeline

        return decorate

    dsl.pipeline = recording_pipeline
    try:
        build()
    except InconsistentTypeException as exc:
        raise ExerciseMismatch("ex02_still_int", error=exc) from exc
    except Exception as exc:  # the learner's code
        raise ExerciseMismatch("ex_raised", error=f"{type(exc).__name__}: {exc}") from exc
    finally:
        dsl.pipeline = real_pipeline
    if len(defined) != 1:
        raise ExerciseMismatch("ex02_no_pipeline", count=len(defined))
    pipeline = context.pipeline(defined[0])
    context.expect_tasks(pipeline, {"add": 1})
    for a in (7.0, 1.5):
        context.expect_output(pipeline, {"a": a}, a + 4.0)
    context.checked.append(f"{getattr(build, '__name__', 'build')}()")


CHECKS: dict[int, Check] = {1: check_add_three, 2: check_fix_type_error}
