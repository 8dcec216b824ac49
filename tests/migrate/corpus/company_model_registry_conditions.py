import kfp
from kfp import dsl
from kfp.components import create_component_from_func
from kubernetes.client.models import V1EnvVar

MLFLOW_URI = "http://mlflow.mlops.svc.cluster.local:5000"


def evaluate_candidate(model_name: str, stage: str) -> float:
    import random

    score = random.uniform(0.7, 0.95)
    print(model_name, stage, score)
    return score


def get_production_score(model_name: str) -> float:
    return 0.82


def compare(candidate: float, production: float) -> str:
    return "promote" if candidate > production + 0.005 else "keep"


def transition(model_name: str, to_stage: str):
    print(f"{model_name} -> {to_stage}")


evaluate_op = create_component_from_func(evaluate_candidate, packages_to_install=["mlflow==1.22.0"])
prod_op = create_component_from_func(get_production_score, packages_to_install=["mlflow==1.22.0"])
compare_op = create_component_from_func(compare)
transition_op = create_component_from_func(transition, packages_to_install=["mlflow==1.22.0"])


def with_mlflow(op):
    op.add_env_variable(V1EnvVar(name="MLFLOW_TRACKING_URI", value=MLFLOW_URI))
    return op


@dsl.pipeline(name="model-promotion", description="후보 모델이 운영 모델보다 좋으면 Production 으로 승격")
def model_promotion(model_name: str = "fraud-detector"):
    candidate = with_mlflow(evaluate_op(model_name, "Staging"))
    production = with_mlflow(prod_op(model_name))
    decision = compare_op(candidate.output, production.output)
    with dsl.Condition(decision.output == "promote"):
        with_mlflow(transition_op(model_name, "Production"))
    with dsl.Condition(decision.output == "keep"):
        with_mlflow(transition_op(model_name, "Archived"))


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(model_promotion, "model_promotion.yaml")
