"""CI 에서 실행: 파이프라인을 컴파일하고 클러스터에 새 버전으로 올린다."""
import argparse
import datetime

import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def validate_data(path: str) -> int:
    print("validating", path)
    return 42


def train(rows: int, lr: float):
    print("training on", rows, "rows with lr", lr)


validate_op = create_component_from_func(validate_data, base_image="python:3.8-slim")
train_op = create_component_from_func(train, base_image="python:3.8-slim")


@dsl.pipeline(name="ci-training", description="CI 로 배포되는 학습 파이프라인")
def ci_training(path: str = "s3://data/latest", lr: float = 0.05):
    rows = validate_op(path)
    train_op(rows.output, lr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="http://ml-pipeline.kubeflow.svc.cluster.local:8888")
    parser.add_argument("--pipeline-id", default=None)
    args = parser.parse_args()

    package = "ci_training.tar.gz"
    kfp.compiler.Compiler().compile(ci_training, package)
    client = kfp.Client(host=args.host)
    version = datetime.datetime.now().strftime("v%Y%m%d-%H%M%S")
    if args.pipeline_id:
        client.upload_pipeline_version(package, pipeline_version_name=version, pipeline_id=args.pipeline_id)
    else:
        client.upload_pipeline(package, pipeline_name="ci-training")
    experiment = client.create_experiment("ci")
    client.run_pipeline(experiment.id, f"ci-training-{version}", package, params={"lr": 0.01})


if __name__ == "__main__":
    main()
