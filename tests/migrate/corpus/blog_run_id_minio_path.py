import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def save_result(value: int, run_id: str, bucket: str) -> str:
    # 실행마다 다른 경로에 저장하기 위해 run id 를 경로에 넣는다
    path = f"s3://{bucket}/results/{run_id}/value.txt"
    print("저장 경로:", path, "값:", value)
    return path


def compute(n: int) -> int:
    return sum(range(n))


compute_op = create_component_from_func(compute)
save_op = create_component_from_func(save_result)


@dsl.pipeline(name="run-id-path", description="RUN_ID_PLACEHOLDER 로 실행별 경로 만들기")
def run_id_pipeline(n: int = 10, bucket: str = "mlpipeline"):
    total = compute_op(n)
    save_op(total.output, dsl.RUN_ID_PLACEHOLDER, bucket)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(run_id_pipeline, "run_id_pipeline.tar.gz")
