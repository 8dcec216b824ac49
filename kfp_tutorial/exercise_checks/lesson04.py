"""Checks for lesson 04's exercises (lessons/*/04-file-passing.md#exercises).

1. ``two_readers_pipeline(a, b)``: one file, read by ``multiply_numbers`` and ``add_numbers``.
2. ``file_passing_paths_pipeline(a, b)``: the same with ``OutputPath`` / ``InputPath``.

Used in: lesson 04's notebook.
"""

from __future__ import annotations

from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex04_not_same_file": {
            "en": "The two readers got different files ({first} and {second}); write the file once "
            'and pass writer.outputs["numbers"] to both.',
            "ko": (
                "읽는 태스크 두 개가 서로 다른 파일을 받았습니다 ({first}, {second}). 파일은 한 번만 "
                '쓰고, writer.outputs["numbers"]를 두 태스크에 모두 넘기세요.'
            ),
        },
        "ex04_output_name": {
            "en": 'The writer\'s outputs are {got}; with dsl.OutputPath("Dataset") the parameter '
            "numbers_path gives a Dataset artifact named numbers_path.",
            "ko": (
                '쓰는 태스크의 출력은 {got}입니다. dsl.OutputPath("Dataset")을 쓰면 매개변수 '
                "numbers_path가 이름 그대로 Dataset Artifact가 됩니다."
            ),
        },
        "ex04_two_tasks": {
            "en": "Wrong task graph: expected two tasks, a writer and a reader; found {tasks}.",
            "ko": (
                "태스크 그래프가 다릅니다. 쓰는 태스크와 읽는 태스크 두 개여야 하는데 지금은 "
                "{tasks}입니다."
            ),
        },
    }
)


def check_two_readers(answer: Any, context: CheckContext) -> None:
    """Three tasks; both readers wait only for the writer and get the same file; a + b."""
    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"write-numbers": 1, "multiply-numbers": 1, "add-numbers": 1})
    for reader in ("multiply-numbers", "add-numbers"):
        context.expect_waits_for(pipeline, reader, "write-numbers")
    context.expect_independent(pipeline, "add-numbers", "multiply-numbers")
    context.expect_independent(pipeline, "multiply-numbers", "add-numbers")
    for a, b in ((300, 10), (7, 5)):
        result = context.expect_output(pipeline, {"a": a, "b": b}, a + b)
        first = result.task("multiply-numbers").inputs["numbers"]["uri"]
        second = result.task("add-numbers").inputs["numbers"]["uri"]
        if first != second:
            raise ExerciseMismatch("ex04_not_same_file", first=first, second=second)


def check_v1_paths(answer: Any, context: CheckContext) -> None:
    """A writer with a Dataset output named ``numbers_path`` and a reader; a * b."""
    from kfp_tutorial.spec.compiler import compile_pipeline, dependencies

    pipeline = context.pipeline(answer)
    compiled = compile_pipeline(pipeline)
    needs = dependencies(compiled)
    if len(needs) != 2:
        raise ExerciseMismatch("ex04_two_tasks", tasks=", ".join(sorted(needs)) or "-")
    writer = next((name for name, upstream in needs.items() if not upstream), None)
    reader = next((name for name, upstream in needs.items() if upstream), None)
    if writer is None or reader is None:
        raise ExerciseMismatch("ex04_two_tasks", tasks=", ".join(sorted(needs)))
    outputs = compiled.component(compiled.all_tasks()[writer]).get("outputDefinitions", {})
    artifacts = outputs.get("artifacts", {})
    kind = artifacts.get("numbers_path", {}).get("artifactType", {}).get("schemaTitle")
    if kind != "system.Dataset":
        raise ExerciseMismatch("ex04_output_name", got=", ".join(artifacts) or "-")
    for a, b in ((300, 10), (6, 7)):
        context.expect_output(pipeline, {"a": a, "b": b}, a * b)


CHECKS: dict[int, Check] = {1: check_two_readers, 2: check_v1_paths}
