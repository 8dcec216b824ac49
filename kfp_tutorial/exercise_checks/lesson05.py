"""Checks for lesson 05's exercises (lessons/*/05-metrics.md#exercises).

1. ``metrics_with_baseline_pipeline``: a ``baseline_accuracy`` task that logs the accuracy
   of always predicting the most common class of the test set.
2. ``compare_c(values) -> {c: accuracy}``: one run per ``c``.

Used in: lesson 05's notebook.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import tempfile
from pathlib import Path
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex05_no_metric": {
            "en": "baseline-accuracy logged {got}; the exercise asks for the metric baseline_accuracy "
            '(metrics.log_metric("baseline_accuracy", ...)).',
            "ko": (
                "baseline-accuracy가 기록한 값은 {got}입니다. 연습에서는 baseline_accuracy 메트릭을 "
                '기록해야 합니다 (metrics.log_metric("baseline_accuracy", ...)).'
            ),
        },
        "ex05_not_a_dict": {
            "en": "compare_c({values}) should return a dict {{c: accuracy}}, got {got!r}.",
            "ko": "compare_c({values})는 {{c: 정확도}} 형태의 dict를 돌려줘야 하는데 받은 값은 "
            "{got!r}입니다.",
        },
    }
)

COMPARED = [0.01, 0.1]  # one value the page names and one it does not (each is a run)


def check_baseline(answer: Any, context: CheckContext) -> None:
    """The baseline equals the most common class's share of the run's own test set, for two splits."""
    import numpy as np

    pipeline = context.pipeline(answer)
    context.expect_tasks(pipeline, {"train-model": 1, "evaluate-model": 1, "baseline-accuracy": 1})
    context.expect_waits_for(pipeline, "baseline-accuracy", "train-model")
    for arguments in (
        {"test_size": 0.25, "seed": 42, "c": 1.0},
        {"test_size": 0.4, "seed": 7, "c": 1.0},
    ):
        result = context.run(pipeline, arguments)
        test_file = result.task("train-model").outputs["test_data"]["path"]
        labels = np.loadtxt(test_file, delimiter=",")[:, -1].astype(int)
        expected = float(np.bincount(labels).max() / len(labels))
        logged = result.task("baseline-accuracy").outputs.get("metrics", {}).get("metadata", {})
        if "baseline_accuracy" not in logged:
            raise ExerciseMismatch("ex05_no_metric", got=logged or "-")
        context.expect_equal(logged["baseline_accuracy"], expected, arguments=arguments)


def reference_accuracy(c: float, test_size: float = 0.25, seed: int = 42) -> float:
    """The accuracy lesson 05's components give for ``c``, computed in this process."""
    from kfp import dsl

    from kfp_tutorial.lessons.lesson05_metrics import evaluate_model, train_model

    with (
        tempfile.TemporaryDirectory(prefix="kfp-tutorial-check-") as tmp,
        contextlib.redirect_stdout(io.StringIO()),
    ):
        model, test_data = dsl.Model(name="model"), dsl.Dataset(name="test_data")
        model.path, test_data.path = str(Path(tmp) / "model"), str(Path(tmp) / "test_data")
        train_model.python_func(test_size=test_size, seed=seed, c=c, model=model, test_data=test_data)
        metrics = dsl.Metrics(name="metrics")
        classification = dsl.ClassificationMetrics(name="classification")
        evaluate_model.python_func(
            model=model, test_data=test_data, metrics=metrics, classification=classification
        )
        return float(metrics.metadata["accuracy"])


def check_compare_c(answer: Any, context: CheckContext) -> None:
    """One accuracy per ``c``, each the one a run with that ``c`` gives."""
    compare = context.function(answer)
    takes_output_dir = "output_dir" in inspect.signature(compare).parameters
    extra = {"output_dir": str(context.output_dir)} if takes_output_dir else {}
    got = context.call(compare, list(COMPARED), **extra)
    if not isinstance(got, dict):
        raise ExerciseMismatch("ex05_not_a_dict", values=COMPARED, got=got)
    expected = {c: reference_accuracy(c) for c in COMPARED}
    context.expect_equal(
        {c: round(float(got.get(c, -1.0)), 9) for c in COMPARED},
        {c: round(value, 9) for c, value in expected.items()},
    )
    context.checked.append(f"compare_c({COMPARED}) = {got}")


CHECKS: dict[int, Check] = {1: check_baseline, 2: check_compare_c}
