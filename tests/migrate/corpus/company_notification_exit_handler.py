import kfp
from kfp import dsl
from kfp.onprem import use_k8s_secret

SLACK_IMAGE = "harbor.internal.example.com/ops/slack-notify:1.1"


def slack_notify_op(channel: str, message: str):
    op = dsl.ContainerOp(
        name="slack-notify",
        image=SLACK_IMAGE,
        command=["notify"],
        arguments=["--channel", channel, "--message", message, "--status", "{{workflow.status}}",
                   "--run", dsl.RUN_ID_PLACEHOLDER],
    )
    return op.apply(use_k8s_secret(secret_name="slack-webhook", k8s_secret_key_to_env={"url": "SLACK_WEBHOOK_URL"}))


def step(name: str, cmd: str):
    return dsl.ContainerOp(name=name, image="harbor.internal.example.com/ml/base:py38", command=["sh", "-c", cmd])


@dsl.pipeline(name="weekly-retrain", description="주간 재학습. 끝나면 성공/실패 여부를 슬랙으로 알린다")
def weekly_retrain(channel: str = "#ml-alerts"):
    with dsl.ExitHandler(slack_notify_op(channel, "weekly-retrain finished")):
        prepare = step("prepare", "python /app/prepare.py")
        train = step("train", "python /app/train.py").after(prepare)
        train.set_gpu_limit(1)
        evaluate = step("evaluate", "python /app/evaluate.py").after(train)
        step("promote", "python /app/promote.py").after(evaluate)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(weekly_retrain, "weekly_retrain.yaml")
