import kfp
import kfp.components as comp
from kfp.dsl import pipeline


# 숫자를 출력하고 그대로 반환하는 컴포넌트
def print_and_return_number(number: int) -> int:
    print(number)
    return number


def sum_and_print_numbers(number_1: int, number_2: int):
    print(number_1 + number_2)


print_and_return_number_op = comp.create_component_from_func(print_and_return_number)
sum_and_print_numbers_op = comp.create_component_from_func(sum_and_print_numbers)


@pipeline(name="example_pipeline")
def example_pipeline(number_1: int, number_2: int):
    number_1_result = print_and_return_number_op(number_1)
    number_2_result = print_and_return_number_op(number_2)
    sum_result = sum_and_print_numbers_op(
        number_1=number_1_result.output, number_2=number_2_result.output
    )


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(example_pipeline, "example_pipeline.yaml")
