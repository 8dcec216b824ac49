"""Checks for lesson 08's exercises (lessons/*/08-resources.md#exercises).

1. ``exercise_resources_pipeline(rows)``: ``train`` with 1 GiB of memory (at most 2 GiB) in
   ``thorough`` mode.
2. ``exercise_config_map_volume_pipeline``: the ConfigMap mounted as a folder that
   ``show_settings`` lists.

Used in: lesson 08's notebook.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any
from unittest import mock

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex08_memory": {
            "en": "train's memory {which} is {got}; the exercise asks for {expected}.",
            "ko": "train의 메모리 {which} 값이 {got}입니다. 연습에서 요구하는 값은 {expected}입니다.",
        },
        "ex08_env": {
            "en": "train's TRAINING_MODE is {got!r}; the exercise asks for 'thorough'.",
            "ko": "train의 TRAINING_MODE가 {got!r}입니다. 연습에서는 'thorough'여야 합니다.",
        },
        "ex08_no_volume": {
            "en": "show-settings mounts no ConfigMap {name} as a volume "
            "(kubernetes.use_config_map_as_volume); "
            "it has: {got}.",
            "ko": "show-settings에 ConfigMap {name}(을) 볼륨으로 붙이지 않았습니다 "
            "(kubernetes.use_config_map_as_volume). 지금 설정: {got}.",
        },
        "ex08_wrong_folder": {
            "en": "The ConfigMap is mounted at {mount}, but show_settings lists {listed}: give it the "
            "mount path.",
            "ko": "ConfigMap은 {mount}에 붙였는데 show_settings는 {listed} 폴더를 봅니다. 붙인 경로를 "
            "넘기세요.",
        },
    }
)

UNITS = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _bytes(quantity: str) -> int | None:
    match = re.fullmatch(r"([0-9.]+)([KMG]i?)?", quantity.strip())
    return int(float(match.group(1)) * UNITS[match.group(2) or ""]) if match else None


def check_memory_env(answer: Any, context: CheckContext) -> None:
    """Request 1 GiB, limit 2 GiB and TRAINING_MODE=thorough on train; its summary for two row counts."""
    from kfp_tutorial.lessons.lesson08_resources import fetch_data, normalize, train
    from kfp_tutorial.spec.compiler import compile_pipeline

    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"fetch-data": 1, "normalize": 1, "train": 1})
    compiled = compile_pipeline(pipeline)
    container = (compiled.executor(compiled.all_tasks()["train"]) or {}).get("container", {})
    resources = container.get("resources", {})
    for which, key, expected in (
        ("request", "resourceMemoryRequest", "1Gi"),
        ("limit", "resourceMemoryLimit", "2Gi"),
    ):
        got = str(resources.get(key, "-"))
        if _bytes(got) != _bytes(expected):
            raise ExerciseMismatch("ex08_memory", which=which, got=got, expected=expected)
    env = {item.get("name"): item.get("value") for item in container.get("env", [])}
    if env.get("TRAINING_MODE") != "thorough":
        raise ExerciseMismatch("ex08_env", got=env.get("TRAINING_MODE"))
    for rows in (100, 7):
        with (
            contextlib.redirect_stdout(io.StringIO()),
            mock.patch.dict(os.environ, {"TRAINING_MODE": "thorough"}),
        ):
            values = fetch_data.python_func(
                rows=rows, failures_before_success=0, run_id=f"check-{os.getpid()}"
            )
            expected = train.python_func(normalize.python_func(values))
        context.expect_output(pipeline, {"rows": rows}, expected)


def check_config_map_volume(answer: Any, context: CheckContext) -> None:
    """The ConfigMap is a volume of show-settings, at the folder show_settings lists."""
    from kfp_tutorial.lessons.lesson08_resources import CONFIG_MAP_NAME, show_settings
    from kfp_tutorial.spec.compiler import compile_pipeline

    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"show-settings": 1})
    compiled = compile_pipeline(pipeline)
    task = compiled.all_tasks()["show-settings"]
    config = compiled.kubernetes_config(task)
    volumes = [
        v for v in config.get("configMapAsVolume", []) if v.get("configMapName") == CONFIG_MAP_NAME
    ]
    if not volumes:
        raise ExerciseMismatch("ex08_no_volume", name=CONFIG_MAP_NAME, got=", ".join(config) or "-")
    mount = volumes[0].get("mountPath")
    listed = (
        task.get("inputs", {})
        .get("parameters", {})
        .get("secret_dir", {})
        .get("runtimeValue", {})
        .get("constant")
    )
    if listed != mount:
        raise ExerciseMismatch("ex08_wrong_folder", mount=mount, listed=listed)
    with contextlib.redirect_stdout(io.StringIO()):
        expected = show_settings.python_func(secret_dir=mount)
    context.expect_output(pipeline, {}, expected)


CHECKS: dict[int, Check] = {1: check_memory_env, 2: check_config_map_volume}
