import kfp
from kfp import dsl

SPARK_APP = """
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  generateName: feature-build-
  namespace: kubeflow-user
spec:
  type: Python
  mode: cluster
  image: harbor.internal.example.com/data/spark-py:3.1.2
  mainApplicationFile: local:///app/build_features.py
  sparkVersion: 3.1.2
  driver:
    cores: 1
    memory: 2g
    serviceAccount: spark
  executor:
    cores: 2
    instances: 4
    memory: 4g
"""


@dsl.pipeline(name="spark-features", description="Spark operator 로 피처 생성 후 학습")
def spark_features(train_image: str = "harbor.internal.example.com/ml/trainer:1.8"):
    import yaml

    spark = dsl.ResourceOp(
        name="spark-feature-build",
        k8s_resource=yaml.safe_load(SPARK_APP),
        action="create",
        success_condition="status.applicationState.state == COMPLETED",
        failure_condition="status.applicationState.state == FAILED",
    )
    train = dsl.ContainerOp(
        name="train",
        image=train_image,
        command=["python", "/app/train.py", "--features", "s3://features/latest/"],
    )
    train.after(spark)
    train.set_memory_limit("16Gi")


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(spark_features, "spark_features.yaml")
