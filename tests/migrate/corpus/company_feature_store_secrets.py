import kfp
from kfp import dsl, gcp, onprem


def feast_materialize_op(start: str, end: str):
    return dsl.ContainerOp(
        name="feast-materialize",
        image="harbor.internal.example.com/ml/feast:0.15",
        command=["feast", "materialize", start, end],
    )


def train_op(feature_view: str):
    return dsl.ContainerOp(
        name="train",
        image="harbor.internal.example.com/ml/trainer:1.8",
        command=["python", "/app/train.py", "--feature-view", feature_view],
        file_outputs={"model": "/tmp/model_uri"},
    )


@dsl.pipeline(name="feature-store-training", description="Feast 피처 적재 후 학습 (GCP + Redis 시크릿)")
def feature_store_training(start: str = "2021-11-01T00:00:00", end: str = "2021-12-01T00:00:00",
                           feature_view: str = "driver_hourly_stats"):
    materialize = feast_materialize_op(start, end)
    materialize.apply(gcp.use_gcp_secret("feast-gcp-sa"))
    materialize.apply(onprem.use_k8s_secret(secret_name="redis-auth", k8s_secret_key_to_env={"password": "REDIS_PASSWORD"}))
    train = train_op(feature_view).after(materialize)
    train.apply(gcp.use_gcp_secret("feast-gcp-sa"))
    dsl.ContainerOp(name="deploy", image="harbor.internal.example.com/ml/deployer:2.1",
                    command=["deploy", train.outputs["model"]])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(feature_store_training, "feature_store_training.yaml")
