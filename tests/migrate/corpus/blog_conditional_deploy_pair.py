import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def train_model(epochs: int) -> float:
    import random

    acc = min(0.99, 0.6 + 0.05 * epochs + random.random() * 0.05)
    print("정확도:", acc)
    return acc


def deploy_model(accuracy: float):
    print(f"정확도 {accuracy} 모델을 배포합니다")


def send_alert(accuracy: float, threshold: float):
    print(f"정확도 {accuracy} 가 기준 {threshold} 에 못 미쳐 배포하지 않습니다")


train_op = create_component_from_func(train_model, base_image="python:3.9-slim")
deploy_op = create_component_from_func(deploy_model, base_image="python:3.9-slim")
alert_op = create_component_from_func(send_alert, base_image="python:3.9-slim")


@dsl.pipeline(name="conditional-deploy", description="정확도가 기준을 넘으면 배포, 아니면 알림")
def conditional_deploy(epochs: int = 5, threshold: float = 0.8):
    trained = train_op(epochs)
    with dsl.Condition(trained.output >= threshold, name="deploy-condition"):
        deploy_op(trained.output)
    with dsl.Condition(trained.output < threshold, name="alert-condition"):
        alert_op(trained.output, threshold)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(conditional_deploy, "conditional_deploy.yaml")
