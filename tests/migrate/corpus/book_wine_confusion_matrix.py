from functools import partial

import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


@partial(create_component_from_func, base_image="python:3.9", packages_to_install=["pandas", "scikit-learn"])
def load_wine(train_path: OutputPath("csv"), valid_path: OutputPath("csv")):
    import pandas as pd
    from sklearn.datasets import load_wine
    from sklearn.model_selection import train_test_split

    frame = load_wine(as_frame=True).frame
    train, valid = train_test_split(frame, test_size=0.3, stratify=frame["target"], random_state=0)
    train.to_csv(train_path, index=False)
    valid.to_csv(valid_path, index=False)


@partial(create_component_from_func, base_image="python:3.9", packages_to_install=["pandas", "scikit-learn"])
def train_logistic(
    train_path: InputPath("csv"),
    valid_path: InputPath("csv"),
    mlpipeline_ui_metadata_path: OutputPath("UI_Metadata"),
    c: float = 1.0,
):
    import json

    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import confusion_matrix

    train = pd.read_csv(train_path)
    valid = pd.read_csv(valid_path)
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit(train.drop(columns="target"), train["target"])
    pred = model.predict(valid.drop(columns="target"))

    labels = sorted(valid["target"].unique())
    cm = confusion_matrix(valid["target"], pred, labels=labels)
    rows = []
    for i, actual in enumerate(labels):
        for j, predicted in enumerate(labels):
            rows.append(f"{actual},{predicted},{cm[i][j]}")

    # 혼동 행렬은 target,predicted,count 형식의 CSV 를 inline 으로 넘긴다
    metadata = {
        "outputs": [
            {
                "type": "confusion_matrix",
                "format": "csv",
                "schema": [
                    {"name": "target", "type": "CATEGORY"},
                    {"name": "predicted", "type": "CATEGORY"},
                    {"name": "count", "type": "NUMBER"},
                ],
                "storage": "inline",
                "source": "\n".join(rows),
                "labels": [str(label) for label in labels],
            }
        ]
    }
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)


@dsl.pipeline(name="wine-confusion-matrix", description="와인 분류 결과를 혼동 행렬로 시각화")
def wine_pipeline(c: float = 1.0):
    data = load_wine()
    train_logistic(data.outputs["train"], data.outputs["valid"], c=c)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(wine_pipeline, "wine_pipeline.yaml")
