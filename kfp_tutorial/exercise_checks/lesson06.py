"""Checks for lesson 06's exercises (lessons/*/06-visualizations.md#exercises).

1. ``top_features(model, count, table)``: a Markdown table of the ``count`` features with the
   largest coefficients by absolute value.
2. ``self_contained_plot(model, test_data, page)``: an HTML page whose image travels inside it.

Used in: lesson 06's notebook.
"""

# No `from __future__ import annotations` here: kfp reads the type hints of the pipeline
# built below, and would get strings.
import pickle
import re
from pathlib import Path
from typing import Any

from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "ex06_wrong_features": {
            "en": "With seed={seed}, count={count}: expected the features {expected}, in this order; "
            "the table lists {got}.",
            "ko": "seed={seed}, count={count}일 때 기대한 특성은 이 순서로 {expected}인데, 표에 있는 "
            "특성은 {got}입니다.",
        },
        "ex06_no_output": {
            "en": "The component wrote no {kind} artifact (give it an Output[{kind}] parameter).",
            "ko": "Component가 {kind} Artifact를 쓰지 않았습니다 (Output[{kind}] 매개변수를 두세요).",
        },
        "ex06_no_image": {
            "en": "The page has no <img> tag.",
            "ko": "페이지에 <img> 태그가 없습니다.",
        },
        "ex06_linked_image": {
            "en": "The page links to {src}, a file that is not inside the one HTML artifact the KFP UI "
            "shows: embed the image as a data: URI (base64).",
            "ko": "페이지가 {src} 파일을 가리키는데, KFP UI가 보여 주는 HTML Artifact는 파일 하나뿐이라 "
            "그 파일이 없습니다. 이미지를 data: URI(base64)로 넣으세요.",
        },
    }
)

IMG_SRC = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def _with_training(component: Any, name: str, **inputs: Any) -> Any:
    """A pipeline: lesson 05's ``train_model``, then ``component`` on its model (and test data)."""
    from kfp import dsl

    from kfp_tutorial.lessons.lesson05_metrics import train_model

    @dsl.pipeline(name=name)
    def checked(seed: int = 42, count: int = 5) -> None:
        trained = train_model(test_size=0.25, seed=seed, c=1.0)
        given: dict[str, Any] = {"model": trained.outputs["model"]}
        if "test_data" in inputs:
            given["test_data"] = trained.outputs["test_data"]
        if "count" in inputs:
            given["count"] = count
        component(**given)

    return checked


def _output_file(result: Any, kind: str) -> Path:
    for task in result.tasks:
        if task.name == "train-model":
            continue
        for output in task.outputs.values():
            if isinstance(output, dict) and output.get("artifact") == f"system.{kind}":
                return Path(output["path"])
    raise ExerciseMismatch("ex06_no_output", kind=kind)


def _table_features(markdown: str) -> list[str]:
    rows = [
        line.strip().strip("|").split("|")
        for line in markdown.splitlines()
        if line.strip().startswith("|")
    ]
    names = [row[0].strip() for row in rows if row and row[0].strip()]
    return [name for name in names[1:] if not set(name) <= set("-: ")]  # header and separator out


def check_top_features(answer: Any, context: CheckContext) -> None:
    """The table's features are the top ``count`` by |coefficient| of the run's own model."""
    from sklearn.datasets import load_breast_cancer

    component = context.component(answer)
    try:
        pipeline = _with_training(component, "check-top-features", count=True)
    except Exception as exc:  # a signature kfp cannot wire up
        raise ExerciseMismatch("ex_raised", error=f"{type(exc).__name__}: {exc}") from exc
    names = load_breast_cancer().feature_names
    for seed, count in ((42, 5), (7, 3)):
        result = context.run(pipeline, {"seed": seed, "count": count})
        table = _output_file(result, "Markdown").read_text(encoding="utf-8")
        with open(result.task("train-model").outputs["model"]["path"], "rb") as handle:
            weights = pickle.load(handle)[-1].coef_[0]  # noqa: S301 - the run's own model file
        order = sorted(range(len(names)), key=lambda i: abs(weights[i]), reverse=True)[:count]
        expected = [str(names[i]) for i in order]
        got = _table_features(table)
        if got != expected:
            raise ExerciseMismatch(
                "ex06_wrong_features", seed=seed, count=count, expected=expected, got=got
            )


def check_self_contained(answer: Any, context: CheckContext) -> None:
    """The HTML artifact has an image, and every image is a ``data:`` URI."""
    component = context.component(answer)
    try:
        pipeline = _with_training(component, "check-self-contained", test_data=True)
    except Exception as exc:
        raise ExerciseMismatch("ex_raised", error=f"{type(exc).__name__}: {exc}") from exc
    result = context.run(pipeline, {"seed": 42})
    page = _output_file(result, "HTML").read_text(encoding="utf-8")
    sources = IMG_SRC.findall(page)
    if not sources:
        raise ExerciseMismatch("ex06_no_image")
    for src in sources:
        if not src.startswith("data:"):
            raise ExerciseMismatch("ex06_linked_image", src=src[:80])


CHECKS: dict[int, Check] = {1: check_top_features, 2: check_self_contained}
