# Kubeflow Pipelines 입문 - 데코레이터로 컴포넌트 만들기
import kfp
from kfp import dsl
from kfp.components import func_to_container_op


@func_to_container_op
def add(a: float, b: float) -> float:
    """두 수를 더한다"""
    return a + b


@func_to_container_op
def multiply(a: float, b: float) -> float:
    return a * b


@func_to_container_op
def print_result(value: float):
    print(f"결과: {value}")


@dsl.pipeline(
    name="Calculation pipeline",
    description="덧셈과 곱셈을 차례로 하는 간단한 파이프라인",
)
def calc_pipeline(a: float = 1, b: float = 7, c: float = 3):
    add_task = add(a, b)
    mul_task = multiply(add_task.output, c)
    print_result(mul_task.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(calc_pipeline, "calc_pipeline.zip")
