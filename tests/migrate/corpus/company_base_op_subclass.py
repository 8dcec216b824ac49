"""Common ContainerOp with our defaults (image pull policy, labels, resources)."""
import kfp
from kfp import dsl
from kubernetes.client.models import V1EnvVar

DEFAULT_IMAGE = "harbor.internal.example.com/ml/base:py38-2021.12"


class BaseOp(dsl.ContainerOp):
    """팀 공통 설정이 들어간 ContainerOp"""

    def __init__(self, name, script, arguments=None, file_outputs=None, image=DEFAULT_IMAGE, memory="2Gi"):
        super().__init__(
            name=name,
            image=image,
            command=["python", script],
            arguments=arguments or [],
            file_outputs=file_outputs or {},
        )
        self.container.set_image_pull_policy("Always")
        self.container.set_memory_limit(memory)
        self.add_pod_label("team", "recsys")
        self.add_env_variable(V1EnvVar(name="ENV", value="prod"))


class FeatureOp(BaseOp):
    def __init__(self, ds):
        super().__init__(
            name="features",
            script="/app/features.py",
            arguments=["--ds", ds],
            file_outputs={"features": "/tmp/features_uri"},
            memory="8Gi",
        )


class TrainOp(BaseOp):
    def __init__(self, features, epochs):
        super().__init__(
            name="train",
            script="/app/train.py",
            arguments=["--features", features, "--epochs", epochs],
            file_outputs={"model": "/tmp/model_uri", "ndcg": "/tmp/ndcg"},
            image="harbor.internal.example.com/ml/torch:1.10-cuda11",
            memory="30Gi",
        )
        self.set_gpu_limit(1)


@dsl.pipeline(name="recsys-train", description="추천 모델 학습 (공통 BaseOp 사용)")
def recsys_train(ds: str = "2021-12-01", epochs: int = 5):
    features = FeatureOp(ds)
    train = TrainOp(features.outputs["features"], epochs)
    BaseOp(name="report", script="/app/report.py", arguments=["--ndcg", train.outputs["ndcg"], "--model", train.outputs["model"]])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(recsys_train, "recsys_train.yaml")
