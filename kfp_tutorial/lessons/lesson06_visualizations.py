"""Lesson 06: visualizations. An HTML page with a matplotlib figure, a Markdown table,
and lesson 05's classification metrics, all shown by the KFP UI (and our run report).

``Output[HTML]`` and ``Output[Markdown]`` are the v2 form of v1's
``mlpipeline_ui_metadata`` outputs (``web-app`` and ``markdown`` viewers).

Used in: lesson 06.
"""

from kfp import dsl
from kfp.dsl import HTML, Dataset, Input, Markdown, Model, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.lessons.lesson05_metrics import SKLEARN, evaluate_model, train_model
from kfp_tutorial.registry import Example

MATPLOTLIB = "matplotlib==3.11.2"


# --8<-- [start:plot_scores]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN, MATPLOTLIB])
def plot_scores(model: Input[Model], test_data: Input[Dataset], page: Output[HTML]):
    """Draw the model's scores with matplotlib and save them as an HTML page.

    The PNG is embedded in the page as base64, so the page is one self-contained file.
    """
    import base64
    import io
    import pickle

    import matplotlib

    matplotlib.use("Agg")  # no display in a container
    import matplotlib.pyplot as plt
    import numpy as np
    from sklearn.metrics import roc_auc_score, roc_curve

    with open(model.path, "rb") as f:
        classifier = pickle.load(f)
    data = np.loadtxt(test_data.path, delimiter=",")
    X_test, y_test = data[:, :-1], data[:, -1].astype(int)
    scores = classifier.predict_proba(X_test)[:, 1]

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), dpi=100)
    bins = np.linspace(0.0, 1.0, 21)
    left.hist(scores[y_test == 0], bins=bins, alpha=0.7, label="malignant")
    left.hist(scores[y_test == 1], bins=bins, alpha=0.7, label="benign")
    left.set(title="Predicted probability of 'benign'", xlabel="probability", ylabel="samples")
    left.legend()
    fpr, tpr, _ = roc_curve(y_test, scores)
    right.plot(fpr, tpr, label=f"AUC = {roc_auc_score(y_test, scores):.3f}")
    right.plot([0, 1], [0, 1], linestyle="--", color="grey")
    right.set(title="ROC curve", xlabel="false positive rate", ylabel="true positive rate")
    right.legend(loc="lower right")
    fig.tight_layout()

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    with open(page.path, "w") as f:
        f.write(
            "<html><body><h2>Model scores on the test set</h2>"
            f'<img alt="scores" src="data:image/png;base64,{encoded}"/>'
            "</body></html>"
        )


# --8<-- [end:plot_scores]


# --8<-- [start:report_table]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
def report_table(model: Input[Model], test_data: Input[Dataset], table: Output[Markdown]):
    """Write precision, recall and F1 per class as a Markdown table."""
    import pickle

    import numpy as np
    from sklearn.metrics import classification_report

    with open(model.path, "rb") as f:
        classifier = pickle.load(f)
    data = np.loadtxt(test_data.path, delimiter=",")
    X_test, y_test = data[:, :-1], data[:, -1].astype(int)
    report = classification_report(
        y_test,
        classifier.predict(X_test),
        target_names=["malignant", "benign"],
        output_dict=True,
    )
    lines = [
        "| class | precision | recall | f1-score | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ["malignant", "benign", "macro avg", "weighted avg"]:
        row = report[name]
        lines.append(
            f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['f1-score']:.3f} | {int(row['support'])} |"
        )
    with open(table.path, "w") as f:
        f.write("## Classification report\n\n" + "\n".join(lines) + "\n")


# --8<-- [end:report_table]


# --8<-- [start:visualization_pipeline]
@dsl.pipeline(name="visualizations", description="HTML, Markdown and classification metrics.")
def visualization_pipeline(test_size: float = 0.25, seed: int = 42, c: float = 1.0):
    """Lesson 05's model, shown three ways: metrics, an HTML figure and a Markdown table."""
    # lesson 05's components, imported: train once, then three views of the model
    trained = train_model(test_size=test_size, seed=seed, c=c)
    model = trained.outputs["model"]
    test_data = trained.outputs["test_data"]
    evaluate_model(model=model, test_data=test_data)
    plot_scores(model=model, test_data=test_data)
    report_table(model=model, test_data=test_data)


# --8<-- [end:visualization_pipeline]


# --8<-- [start:exercise_top_features]
@dsl.component(base_image=BASE_IMAGE, packages_to_install=[SKLEARN])
def top_features(model: Input[Model], count: int, table: Output[Markdown]):
    """Exercise solution: the features with the largest coefficients, as a Markdown table."""
    import pickle

    from sklearn.datasets import load_breast_cancer

    with open(model.path, "rb") as f:
        classifier = pickle.load(f)
    names = load_breast_cancer().feature_names
    weights = classifier[-1].coef_[0]  # the LogisticRegression step of the pipeline
    order = sorted(range(len(names)), key=lambda i: abs(weights[i]), reverse=True)[:count]
    lines = ["| feature | coefficient |", "|---|---:|"]
    lines += [f"| {names[i]} | {weights[i]:.3f} |" for i in order]
    with open(table.path, "w") as f:
        f.write("\n".join(lines) + "\n")


@dsl.pipeline(name="top-features", description="Exercise: which features matter most.")
def top_features_pipeline(test_size: float = 0.25, seed: int = 42, c: float = 1.0, count: int = 5):
    """Exercise solution: train as before, then a Markdown table of the top features."""
    trained = train_model(test_size=test_size, seed=seed, c=c)
    top_features(model=trained.outputs["model"], count=count)


# --8<-- [end:exercise_top_features]


EXAMPLES = [Example(visualization_pipeline, {"test_size": 0.25, "seed": 42, "c": 1.0})]
