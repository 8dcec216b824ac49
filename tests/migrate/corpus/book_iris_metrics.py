"""붓꽃 분류 모델의 정확도를 Kubeflow UI의 Run Metrics에 띄우는 예제"""
from typing import NamedTuple

import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


def prepare_data(train_path: OutputPath("CSV"), test_path: OutputPath("CSV")):
    import pandas as pd
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris(as_frame=True)
    df = iris.frame
    train, test = train_test_split(df, test_size=0.2, random_state=42)
    train.to_csv(train_path, index=False)
    test.to_csv(test_path, index=False)


def train_and_evaluate(
    train_path: InputPath("CSV"), test_path: InputPath("CSV"), n_estimators: int = 100
) -> NamedTuple("Outputs", [("accuracy", float), ("mlpipeline_metrics", "Metrics")]):
    import json

    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score

    train = pd.read_csv(train_path)
    test = pd.read_csv(test_path)
    model = RandomForestClassifier(n_estimators=n_estimators)
    model.fit(train.drop(columns=["target"]), train["target"])
    accuracy = accuracy_score(test["target"], model.predict(test.drop(columns=["target"])))

    # Run Metrics 탭에 보여줄 값 (format 은 RAW 또는 PERCENTAGE)
    metrics = {
        "metrics": [
            {"name": "accuracy-score", "numberValue": float(accuracy), "format": "PERCENTAGE"},
        ]
    }
    from collections import namedtuple

    output = namedtuple("Outputs", ["accuracy", "mlpipeline_metrics"])
    return output(float(accuracy), json.dumps(metrics))


prepare_data_op = create_component_from_func(
    prepare_data, base_image="python:3.8", packages_to_install=["pandas", "scikit-learn"]
)
train_and_evaluate_op = create_component_from_func(
    train_and_evaluate, base_image="python:3.8", packages_to_install=["pandas", "scikit-learn"]
)


@dsl.pipeline(name="iris-metrics", description="정확도를 메트릭으로 기록합니다")
def iris_metrics_pipeline(n_estimators: int = 100):
    data = prepare_data_op()
    train_and_evaluate_op(data.outputs["train"], data.outputs["test"], n_estimators)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(iris_metrics_pipeline, "iris_metrics.yaml")
