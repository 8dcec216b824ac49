import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func

BASE_IMAGE = "python:3.8-slim"


def make_dataset(dataset_path: OutputPath("csv")):
    import pandas as pd
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    frame.to_csv(dataset_path, index=False)


def train_and_roc(dataset_path: InputPath("csv"), mlpipeline_ui_metadata_path: OutputPath()):
    import json

    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_curve
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(dataset_path)
    x_train, x_test, y_train, y_test = train_test_split(
        df.drop(columns="target"), df["target"], test_size=0.25, random_state=1
    )
    model = LogisticRegression(max_iter=5000).fit(x_train, y_train)
    scores = model.predict_proba(x_test)[:, 1]
    fpr, tpr, thresholds = roc_curve(y_test, scores)

    # ROC 곡선: fpr,tpr,thresholds 순서의 CSV
    source = "\n".join(f"{f},{t},{th}" for f, t, th in zip(fpr, tpr, thresholds))
    metadata = {
        "outputs": [
            {
                "type": "roc",
                "format": "csv",
                "schema": [
                    {"name": "fpr", "type": "NUMBER"},
                    {"name": "tpr", "type": "NUMBER"},
                    {"name": "thresholds", "type": "NUMBER"},
                ],
                "storage": "inline",
                "source": source,
            }
        ]
    }
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)


make_dataset_op = create_component_from_func(
    make_dataset, base_image=BASE_IMAGE, packages_to_install=["pandas", "scikit-learn"]
)
train_and_roc_op = create_component_from_func(
    train_and_roc, base_image=BASE_IMAGE, packages_to_install=["pandas", "scikit-learn"]
)


@dsl.pipeline(name="breast-cancer-roc", description="유방암 데이터 ROC 커브")
def roc_pipeline():
    dataset = make_dataset_op()
    train_and_roc_op(dataset.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(roc_pipeline, "roc_pipeline.yaml")
