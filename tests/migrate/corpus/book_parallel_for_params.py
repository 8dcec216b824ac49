import kfp
from kfp import dsl
from kfp.components import create_component_from_func


@create_component_from_func
def train(learning_rate: float, batch_size: int) -> float:
    # 하이퍼파라미터 조합마다 가짜 점수를 계산
    score = 1.0 - abs(learning_rate - 0.01) * 10 - abs(batch_size - 64) / 1000
    print(f"lr={learning_rate}, batch_size={batch_size}, score={score}")
    return score


@create_component_from_func
def notify(message: str):
    print(message)


@dsl.pipeline(name="parallel-for-params", description="여러 하이퍼파라미터 조합을 병렬로 실행")
def parallel_pipeline():
    params = [
        {"learning_rate": 0.1, "batch_size": 32},
        {"learning_rate": 0.01, "batch_size": 64},
        {"learning_rate": 0.001, "batch_size": 128},
    ]
    with dsl.ParallelFor(params) as item:
        train(item.learning_rate, item.batch_size)

    notify("모든 학습이 끝났습니다")


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(parallel_pipeline, "parallel_pipeline.yaml")
