"""MinIO 에 저장된 데이터를 읽는 파이프라인. 접속 키는 쿠버네티스 시크릿에서 가져온다."""
import kfp
from kfp import dsl, onprem
from kfp.components import OutputPath, create_component_from_func


def download_from_minio(bucket: str, key: str, output_path: OutputPath()):
    import os

    from minio import Minio

    client = Minio(
        "minio-service.kubeflow:9000",
        access_key=os.environ["MINIO_ACCESS_KEY"],
        secret_key=os.environ["MINIO_SECRET_KEY"],
        secure=False,
    )
    client.fget_object(bucket, key, output_path)


def count_lines(input_path: kfp.components.InputPath()) -> int:
    with open(input_path) as f:
        n = sum(1 for _ in f)
    print("줄 수:", n)
    return n


download_op = create_component_from_func(download_from_minio, packages_to_install=["minio==7.1.0"])
count_op = create_component_from_func(count_lines)


@dsl.pipeline(name="minio-secret", description="시크릿으로 MinIO 접속 정보 주입")
def minio_pipeline(bucket: str = "datasets", key: str = "train.csv"):
    downloaded = download_op(bucket, key).apply(
        onprem.use_k8s_secret(
            secret_name="mlpipeline-minio-artifact",
            k8s_secret_key_to_env={
                "accesskey": "MINIO_ACCESS_KEY",
                "secretkey": "MINIO_SECRET_KEY",
            },
        )
    )
    count_op(downloaded.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(minio_pipeline, "minio_pipeline.yaml")
