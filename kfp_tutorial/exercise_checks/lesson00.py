"""Checks for lesson 00's exercises (lessons/*/00-getting-started.md#exercises).

1. ``describe_run(run_dir) -> str``: read a run back and describe it.
2. ``fix_command``: the command ``kfp-tutorial check`` says fixes a wrong kfp.

Used in: lesson 00's notebook.
"""

from __future__ import annotations

import re
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex00_missing": {
            "en": "The description of the {pipeline} run does not mention: {missing}.",
            "ko": "{pipeline} 실행의 설명에 다음 내용이 빠졌습니다: {missing}.",
        },
    }
)


def check_describe_run(answer: Any, context: CheckContext) -> None:
    """Describe two different runs: each one's pipeline, status, tasks and outputs must appear."""
    from kfp_tutorial.lessons.lesson00_getting_started import setup_check_pipeline
    from kfp_tutorial.lessons.lesson02_add import calculation_pipeline

    describe = context.function(answer)
    for pipeline, arguments in (
        (setup_check_pipeline, {}),
        (calculation_pipeline, {"a": 1.5, "b": 2.0}),
    ):
        result = context.run(pipeline, arguments)
        text = context.call(describe, result.run_dir)
        context.value_of_type(text, str)
        wanted = [result.pipeline, result.status]
        for task in result.tasks:
            wanted += [task.name, task.status, *(str(value) for value in task.outputs.values())]
        missing = [word for word in dict.fromkeys(wanted) if word not in text]
        if missing:
            raise ExerciseMismatch("ex00_missing", pipeline=result.pipeline, missing=", ".join(missing))


def check_fix_command(answer: Any, context: CheckContext) -> None:
    """The pinned install command, however it is spaced or quoted."""
    from kfp_tutorial.versions import KFP_VERSION

    text = context.value_of_type(answer, str)
    words = " ".join(text.replace('"', " ").replace("'", " ").split())
    # the check prints pip as the running Python's (/path/.venv/bin/python -m pip), which
    # works from any folder: any Python's "-m pip" is the same command
    words = re.sub(r"^\S*python[\d.]*(?:\.exe)? -m ", "", words)
    context.expect_equal(words, f"pip install kfp=={KFP_VERSION}")
    context.checked.append(words)


CHECKS: dict[int, Check] = {1: check_describe_run, 2: check_fix_command}
