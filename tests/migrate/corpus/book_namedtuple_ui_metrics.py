from typing import NamedTuple

import kfp
import kfp.components as comp
from kfp import dsl


def evaluate_model(
    accuracy_threshold: float,
) -> NamedTuple(
    "EvalOutput",
    [("passed", str), ("mlpipeline_ui_metadata", "UI_metadata"), ("mlpipeline_metrics", "Metrics")],
):
    import json
    import random

    # 실제 평가 대신 임의의 점수를 만든다 (예제용)
    accuracy = round(random.uniform(0.7, 0.99), 4)
    recall = round(random.uniform(0.6, 0.95), 4)

    metrics = {
        "metrics": [
            {"name": "accuracy", "numberValue": accuracy, "format": "PERCENTAGE"},
            {"name": "recall", "numberValue": recall, "format": "RAW"},
        ]
    }
    metadata = {
        "outputs": [
            {
                "type": "markdown",
                "storage": "inline",
                "source": f"## 평가 결과\n| 지표 | 값 |\n|---|---|\n| accuracy | {accuracy} |\n| recall | {recall} |",
            }
        ]
    }
    passed = "true" if accuracy >= accuracy_threshold else "false"
    from collections import namedtuple

    result = namedtuple("EvalOutput", ["passed", "mlpipeline_ui_metadata", "mlpipeline_metrics"])
    return result(passed, json.dumps(metadata), json.dumps(metrics))


def report(passed: str):
    print("배포 가능 여부:", passed)


evaluate_op = comp.create_component_from_func(evaluate_model, base_image="python:3.7")
report_op = comp.create_component_from_func(report, base_image="python:3.7")


@dsl.pipeline(name="namedtuple-outputs", description="NamedTuple 로 메트릭과 시각화를 함께 출력")
def namedtuple_pipeline(accuracy_threshold: float = 0.8):
    evaluation = evaluate_op(accuracy_threshold)
    report_op(evaluation.outputs["passed"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(namedtuple_pipeline, __file__ + ".yaml")
