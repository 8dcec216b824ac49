"""Lesson 05: metrics. Train a small scikit-learn model and log what the KFP UI shows.

``Output[Metrics]`` with ``log_metric`` is the v2 form of v1's ``mlpipeline_metrics``
file; ``Output[ClassificationMetrics]`` carries a confusion matrix and an ROC curve.
The data (scikit-learn's breast cancer set) ships inside scikit-learn: nothing is
downloaded at run time.

Used in: lessons 05 and 06.
"""

from kfp import dsl
from kfp.dsl import ClassificationMetrics, Dataset, Input, Metrics, Model, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example

# Locally already installed, so pip has nothing to do; on a cluster it installs
# into the python:3.11-slim image before the component runs.
SKLEARN = "scikit-learn==1.9.1"


# --8<-- [start:train_model]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
def train_model(
    test_size: float,
    seed: int,
    c: float,
    model: Output[Model],
    test_data: Output[Dataset],
):
    """Split the breast cancer data, fit a logistic regression, save model and test set."""
    import pickle

    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y
    )
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))
    classifier.fit(X_train, y_train)

    with open(model.path, "wb") as f:
        pickle.dump(classifier, f)
    model.metadata["framework"] = "scikit-learn"
    np.savetxt(test_data.path, np.column_stack([X_test, y_test]), delimiter=",", fmt="%.17g")
    test_data.metadata["rows"] = len(y_test)
    print(f"trained on {len(y_train)} rows, kept {len(y_test)} for testing")


# --8<-- [end:train_model]


# --8<-- [start:evaluate_model]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
def evaluate_model(
    model: Input[Model],
    test_data: Input[Dataset],
    metrics: Output[Metrics],
    classification: Output[ClassificationMetrics],
):
    """Score the model on the test set and log metrics for the KFP UI."""
    import pickle

    import numpy as np
    from sklearn import metrics as skm

    with open(model.path, "rb") as f:
        classifier = pickle.load(f)
    data = np.loadtxt(test_data.path, delimiter=",")
    X_test, y_test = data[:, :-1], data[:, -1].astype(int)
    predicted = classifier.predict(X_test)
    scores = classifier.predict_proba(X_test)[:, 1]  # probability of class 1 (benign)

    # Scalar metrics: one number each (v1: mlpipeline_metrics)
    metrics.log_metric("accuracy", float(skm.accuracy_score(y_test, predicted)))
    metrics.log_metric("precision", float(skm.precision_score(y_test, predicted)))
    metrics.log_metric("recall", float(skm.recall_score(y_test, predicted)))
    metrics.log_metric("f1", float(skm.f1_score(y_test, predicted)))
    metrics.log_metric("roc_auc", float(skm.roc_auc_score(y_test, scores)))

    # Confusion matrix: rows are true classes, columns predicted classes
    matrix = skm.confusion_matrix(y_test, predicted).tolist()
    classification.log_confusion_matrix(["malignant", "benign"], matrix)

    # ROC curve. scikit-learn's first threshold is +inf, which the metadata
    # store (JSON) cannot hold: cap it at 1.0, the highest probability.
    fpr, tpr, thresholds = skm.roc_curve(y_test, scores)
    thresholds = np.minimum(thresholds, 1.0)
    classification.log_roc_curve(fpr.tolist(), tpr.tolist(), thresholds.tolist())
    print(f"accuracy {metrics.metadata['accuracy']:.4f}, confusion matrix {matrix}")


# --8<-- [end:evaluate_model]


# --8<-- [start:metrics_pipeline]
@dsl.pipeline(name="metrics", description="Train a classifier and log its metrics.")
def metrics_pipeline(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
    """Train, then evaluate: the evaluation's metrics are what the KFP UI shows."""
    trained = train_model(test_size=test_size, seed=seed, c=c)
    evaluate_model(
        model=trained.outputs["model"],
        test_data=trained.outputs["test_data"],
    )


# --8<-- [end:metrics_pipeline]


# --8<-- [start:exercise_baseline]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
def baseline_accuracy(test_data: Input[Dataset], metrics: Output[Metrics]):
    """Exercise solution: the accuracy of always predicting the most common class."""
    import numpy as np

    y_test = np.loadtxt(test_data.path, delimiter=",")[:, -1].astype(int)
    most_common = np.bincount(y_test).argmax()
    metrics.log_metric("baseline_accuracy", float(np.mean(y_test == most_common)))


@dsl.pipeline(name="metrics-with-baseline", description="Exercise: compare with a baseline.")
def metrics_with_baseline_pipeline(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
    """Exercise solution: the model's metrics next to a baseline that learns nothing."""
    trained = train_model(test_size=test_size, seed=seed, c=c)
    evaluate_model(model=trained.outputs["model"], test_data=trained.outputs["test_data"])
    baseline_accuracy(test_data=trained.outputs["test_data"])


# --8<-- [end:exercise_baseline]


# --8<-- [start:exercise_compare_c]
def compare_c(values: list[float], output_dir: str | None = None) -> dict[float, float]:
    """Exercise solution: run the pipeline once per C and collect each run's accuracy,
    as the KFP UI's "Compare runs" view puts runs side by side."""
    from kfp_tutorial.local.runner import run_local

    accuracies = {}
    for c in values:
        arguments = {"test_size": 0.25, "seed": 42, "c": c}
        result = run_local(metrics_pipeline, arguments, output_dir=output_dir, progress=False)
        metrics = result.task("evaluate-model").outputs["metrics"]["metadata"]
        accuracies[c] = metrics["accuracy"]
    return accuracies


# --8<-- [end:exercise_compare_c]


EXAMPLES = [Example(metrics_pipeline, {"test_size": 0.25, "seed": 42, "c": 1.0})]
