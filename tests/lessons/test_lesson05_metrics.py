"""Lesson 05 (metrics): the metrics a real local run logs are the numbers scikit-learn
gives when this test trains the same model on the same split itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kfp_tutorial.lessons import lesson05_metrics as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure, page_python, run_page_code

pytestmark = pytest.mark.slow
NAME = "05-metrics"
ARGS = dict(lesson.EXAMPLES[0].arguments)


def recompute(test_size: float, seed: int, c: float) -> dict[str, Any]:
    """Train and score the model here, with scikit-learn directly."""
    # imported here, not at the top: scikit-learn and SciPy take ~2 s to import, which every
    # pytest worker would pay while collecting, also for `-m "not slow"` (this module is slow)
    from sklearn import metrics as skm
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000)).fit(X_train, y_train)
    predicted = model.predict(X_test)
    scores = model.predict_proba(X_test)[:, 1]
    fpr, tpr, _ = skm.roc_curve(y_test, scores)
    return {
        "metrics": {
            "accuracy": skm.accuracy_score(y_test, predicted),
            "precision": skm.precision_score(y_test, predicted),
            "recall": skm.recall_score(y_test, predicted),
            "f1": skm.f1_score(y_test, predicted),
            "roc_auc": skm.roc_auc_score(y_test, scores),
        },
        "matrix": skm.confusion_matrix(y_test, predicted).tolist(),
        "fpr": fpr.tolist(),
        "tpr": tpr.tolist(),
        "y_test": y_test,
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    out = tmp_path_factory.mktemp("lesson05")
    return run_local(lesson.metrics_pipeline, ARGS, output_dir=out, progress=False)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return recompute(**ARGS)


def test_spec_declares_metrics_artifacts() -> None:
    compiled = compile_pipeline(lesson.metrics_pipeline)
    evaluate = compiled.component(compiled.all_tasks()["evaluate-model"])
    outputs = evaluate["outputDefinitions"]["artifacts"]
    assert outputs["metrics"]["artifactType"]["schemaTitle"] == "system.Metrics"
    assert outputs["classification"]["artifactType"]["schemaTitle"] == "system.ClassificationMetrics"
    for task in ("train-model", "evaluate-model"):
        executor = compiled.executor(compiled.all_tasks()[task])
        command = " ".join(executor["container"]["command"])
        assert "scikit-learn==1.9.1" in command  # packages_to_install, pinned
        assert executor["container"]["image"] == "python:3.11-slim"


def test_scalar_metrics_equal_scikit_learn(run: RunResult, expected: dict[str, Any]) -> None:
    assert run.succeeded
    logged = run.task("evaluate-model").outputs["metrics"]
    assert logged["artifact"] == "system.Metrics"
    assert set(logged["metadata"]) == set(expected["metrics"])
    for name, value in expected["metrics"].items():
        assert logged["metadata"][name] == pytest.approx(value, abs=1e-12), name


def test_numbers_quoted_on_the_page(run: RunResult, expected: dict[str, Any]) -> None:
    matrix = expected["matrix"]
    samples = len(expected["y_test"])
    right = matrix[0][0] + matrix[1][1]
    metadata = run.task("evaluate-model").outputs["metrics"]["metadata"]
    assert right / samples == pytest.approx(metadata["accuracy"])
    assert_in_pages(
        NAME,
        f"**{samples}**",
        f"**{right}**",
        f"**{metadata['accuracy']:.3f}**",
        f"**{metadata['roc_auc']:.3f}**",
    )


def test_the_page_code_prints_what_the_page_says() -> None:
    (code,) = page_python(NAME)
    namespace, printed = run_page_code(code)
    metrics = namespace["metrics"]
    line = printed.strip().splitlines()[-1]
    assert line == f"accuracy {metrics['accuracy']:.3f}, ROC AUC {metrics['roc_auc']:.3f}"
    assert_in_pages(NAME, f"`{line}`")


def test_confusion_matrix_and_roc_curve(run: RunResult, expected: dict[str, Any]) -> None:
    classification = run.task("evaluate-model").outputs["classification"]
    assert classification["artifact"] == "system.ClassificationMetrics"
    matrix = classification["metadata"]["confusionMatrix"]
    assert [spec["displayName"] for spec in matrix["annotationSpecs"]] == ["malignant", "benign"]
    assert [row["row"] for row in matrix["rows"]] == expected["matrix"]
    curve = classification["metadata"]["confidenceMetrics"]
    assert [p["falsePositiveRate"] for p in curve] == pytest.approx(expected["fpr"])
    assert [p["recall"] for p in curve] == pytest.approx(expected["tpr"])
    thresholds = [p["confidenceThreshold"] for p in curve]
    assert all(np.isfinite(thresholds)) and max(thresholds) == 1.0


def test_why_the_first_threshold_is_capped() -> None:
    """scikit-learn's first ROC threshold is +inf, which the metadata store refuses."""
    from sklearn import metrics as skm
    from sklearn.datasets import load_breast_cancer

    _, y = load_breast_cancer(return_X_y=True)
    thresholds = skm.roc_curve(y[:50], np.linspace(0.0, 1.0, 50))[2]
    assert np.isinf(thresholds[0])


def test_test_set_file_and_model_file(run: RunResult, expected: dict[str, Any]) -> None:
    train = run.task("train-model").outputs
    assert train["model"]["artifact"] == "system.Model"
    assert train["model"]["metadata"] == {"framework": "scikit-learn"}
    data = np.loadtxt(train["test_data"]["path"], delimiter=",")
    assert data.shape == (143, 31)  # 30 features and the label
    assert data[:, -1].astype(int).tolist() == expected["y_test"].tolist()
    assert Path(train["model"]["path"]).stat().st_size > 0


def test_exercise_compare_c(tmp_path: Path, run: RunResult) -> None:
    accuracies = lesson.compare_c([0.01, 100.0], output_dir=str(tmp_path))
    accuracies[1.0] = run.task("evaluate-model").outputs["metrics"]["metadata"]["accuracy"]
    for c, accuracy in accuracies.items():
        again = recompute(ARGS["test_size"], ARGS["seed"], c)["metrics"]["accuracy"]
        assert accuracy == pytest.approx(again)
    assert max(accuracies, key=accuracies.get) == 1.0
    assert_in_pages(NAME, *(f"**{accuracies[c]:.3f}**" for c in (0.01, 1.0, 100.0)))


def test_exercise_baseline(tmp_path: Path, expected: dict[str, Any]) -> None:
    result = run_local(lesson.metrics_with_baseline_pipeline, ARGS, output_dir=tmp_path, progress=False)
    baseline = result.task("baseline-accuracy").outputs["metrics"]["metadata"]["baseline_accuracy"]
    y_test = expected["y_test"]
    assert baseline == pytest.approx(np.mean(y_test == np.bincount(y_test).argmax()))
    assert result.task("evaluate-model").outputs["metrics"]["metadata"]["accuracy"] > baseline
    benign = int(np.sum(y_test == 1))
    assert_in_pages(NAME, f"**{baseline:.3f}**", f"{benign}")


def test_page_structure() -> None:
    check_page_structure(NAME)
