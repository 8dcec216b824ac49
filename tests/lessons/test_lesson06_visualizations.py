"""Lesson 06 (visualizations): the HTML artifact holds a PNG that decodes, the Markdown
table holds the numbers scikit-learn computes here, and lesson 05's components are reused.
"""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kfp_tutorial.lessons import lesson05_metrics
from kfp_tutorial.lessons import lesson06_visualizations as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure

pytestmark = pytest.mark.slow
NAME = "06-visualizations"
ARGS = dict(lesson.EXAMPLES[0].arguments)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
IMG_DATA = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data.startswith(PNG_MAGIC)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def fitted_model() -> tuple[Any, np.ndarray, np.ndarray]:
    # imported here: scikit-learn takes ~2 s to import, which collection would pay
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=ARGS["test_size"], random_state=ARGS["seed"], stratify=y
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(C=ARGS["c"], max_iter=1000))
    return model.fit(X_train, y_train), X_test, y_test


def markdown_rows(text: str) -> dict[str, list[str]]:
    """``| name | a | b |`` lines of a Markdown table, by their first cell."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and not set(cells[0]) <= {"-", ":"}:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    out = tmp_path_factory.mktemp("lesson06")
    return run_local(lesson.visualization_pipeline, ARGS, output_dir=out, progress=False)


def test_spec_reuses_lesson05_components() -> None:
    compiled = compile_pipeline(lesson.visualization_pipeline)
    lesson05 = compile_pipeline(lesson05_metrics.metrics_pipeline)
    for name in ("comp-train-model", "comp-evaluate-model"):
        assert compiled.spec["components"][name] == lesson05.spec["components"][name]
    executors = compiled.spec["deploymentSpec"]["executors"]
    assert (
        executors["exec-train-model"] == lesson05.spec["deploymentSpec"]["executors"]["exec-train-model"]
    )
    plot = compiled.component(compiled.all_tasks()["plot-scores"])
    assert plot["outputDefinitions"]["artifacts"]["page"]["artifactType"]["schemaTitle"] == "system.HTML"
    table = compiled.component(compiled.all_tasks()["report-table"])
    assert (
        table["outputDefinitions"]["artifacts"]["table"]["artifactType"]["schemaTitle"]
        == "system.Markdown"
    )
    # the three views need only the trained model, so they do not wait for each other
    for task in ("evaluate-model", "plot-scores", "report-table"):
        assert compiled.all_tasks()[task]["dependentTasks"] == ["train-model"]


def test_html_artifact_embeds_a_png(run: RunResult) -> None:
    assert run.succeeded
    page = run.task("plot-scores").outputs["page"]
    assert page["artifact"] == "system.HTML"
    text = Path(page["path"]).read_text()
    found = IMG_DATA.findall(text)
    assert len(found) == 1
    data = base64.b64decode(found[0], validate=True)
    assert png_size(data) == (900, 360)  # figsize 9 x 3.6 inches at 100 dpi
    assert "http" not in text  # self-contained: nothing to fetch


def test_markdown_table_has_the_computed_numbers(run: RunResult) -> None:
    from sklearn.metrics import classification_report

    model, X_test, y_test = fitted_model()
    report = classification_report(
        y_test, model.predict(X_test), target_names=["malignant", "benign"], output_dict=True
    )
    table = run.task("report-table").outputs["table"]
    assert table["artifact"] == "system.Markdown"
    rows = markdown_rows(Path(table["path"]).read_text())
    assert set(rows) == {"class", "malignant", "benign", "macro avg", "weighted avg"}
    for name in ("malignant", "benign", "macro avg", "weighted avg"):
        expected = report[name]
        assert rows[name] == [
            f"{expected['precision']:.3f}",
            f"{expected['recall']:.3f}",
            f"{expected['f1-score']:.3f}",
            str(int(expected["support"])),
        ], name
    assert_in_pages(NAME, f"**{rows['malignant'][0]}**", f"**{rows['benign'][0]}**")


def test_classification_metrics_as_in_lesson05(run: RunResult) -> None:
    model, X_test, y_test = fitted_model()
    metrics = run.task("evaluate-model").outputs["metrics"]["metadata"]
    assert metrics["accuracy"] == pytest.approx(float(np.mean(model.predict(X_test) == y_test)))
    matrix = run.task("evaluate-model").outputs["classification"]["metadata"]["confusionMatrix"]
    assert sum(row["row"][i] for i, row in enumerate(matrix["rows"])) == 141


def test_exercise_top_features(tmp_path: Path) -> None:
    result = run_local(
        lesson.top_features_pipeline, {**ARGS, "count": 5}, output_dir=tmp_path, progress=False
    )
    from sklearn.datasets import load_breast_cancer

    model, _, _ = fitted_model()
    weights = model[-1].coef_[0]
    names = load_breast_cancer().feature_names
    top = sorted(range(len(names)), key=lambda i: abs(weights[i]), reverse=True)[:5]
    rows = markdown_rows(Path(result.task("top-features").outputs["table"]["path"]).read_text())
    assert list(rows)[1:] == [names[i] for i in top]
    assert [rows[names[i]][0] for i in top] == [f"{weights[i]:.3f}" for i in top]
    assert all(weights[i] < 0 for i in top)  # the page: "All five coefficients are negative"
    assert_in_pages(NAME, f"*{names[top[0]]}*")


def test_page_structure() -> None:
    check_page_structure(NAME)
