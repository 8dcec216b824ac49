import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def preprocess(message: str) -> str:
    print("전처리:", message)
    return message.upper()


def train(data: str):
    if "FAIL" in data:
        raise RuntimeError("학습 실패")
    print("학습:", data)


def cleanup():
    # 성공하든 실패하든 항상 실행된다
    print("임시 파일을 정리합니다")


preprocess_op = create_component_from_func(preprocess, base_image="python:3.8-slim")
train_op = create_component_from_func(train, base_image="python:3.8-slim")
cleanup_op = create_component_from_func(cleanup, base_image="python:3.8-slim")


@dsl.pipeline(name="exit-handler", description="실패해도 정리 작업이 실행되는 파이프라인")
def exit_handler_pipeline(message: str = "hello"):
    exit_task = cleanup_op()
    with dsl.ExitHandler(exit_task):
        data = preprocess_op(message)
        train_op(data.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(exit_handler_pipeline, "exit_handler_pipeline.yaml")
