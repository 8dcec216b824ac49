from typing import NamedTuple

import kfp
from kfp import dsl
from kfp.components import OutputPath, create_component_from_func


def fetch_experiment(experiment_id: str, metrics_path: OutputPath("JSON")):
    import json
    import random

    # 실제로는 사내 실험 플랫폼 API 를 호출
    data = {
        "control": {"users": 10000, "conversions": int(10000 * random.uniform(0.05, 0.06))},
        "treatment": {"users": 10000, "conversions": int(10000 * random.uniform(0.05, 0.065))},
    }
    with open(metrics_path, "w") as f:
        json.dump(data, f)


def z_test(metrics_path: kfp.components.InputPath("JSON")) -> NamedTuple(
    "ZTest", [("p_value", float), ("significant", str), ("mlpipeline_ui_metadata", "UI_metadata")]
):
    import json
    import math

    with open(metrics_path) as f:
        d = json.load(f)
    p1 = d["control"]["conversions"] / d["control"]["users"]
    p2 = d["treatment"]["conversions"] / d["treatment"]["users"]
    p = (d["control"]["conversions"] + d["treatment"]["conversions"]) / (d["control"]["users"] + d["treatment"]["users"])
    se = math.sqrt(p * (1 - p) * (1 / d["control"]["users"] + 1 / d["treatment"]["users"]))
    z = (p2 - p1) / se
    p_value = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
    table = f"group,rate\ncontrol,{p1:.4f}\ntreatment,{p2:.4f}"
    ui = {"outputs": [{"type": "table", "storage": "inline", "format": "csv", "header": ["group", "rate"],
                       "source": table.split("\n", 1)[1]}]}
    return (p_value, "yes" if p_value < 0.05 else "no", json.dumps(ui))


def post_result(experiment_id: str, p_value: float, significant: str):
    print(f"[{experiment_id}] p={p_value:.4f} significant={significant}")


fetch_op = create_component_from_func(fetch_experiment, base_image="python:3.9-slim")
z_test_op = create_component_from_func(z_test, base_image="python:3.9-slim")
post_op = create_component_from_func(post_result, base_image="python:3.9-slim")


@dsl.pipeline(name="ab-test-analysis", description="A/B 테스트 전환율 유의성 검정")
def ab_test(experiment_id: str = "exp-2021-12-checkout"):
    fetched = fetch_op(experiment_id)
    tested = z_test_op(fetched.outputs["metrics"])
    post_op(experiment_id, tested.outputs["p_value"], tested.outputs["significant"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(ab_test, "ab_test.zip")
