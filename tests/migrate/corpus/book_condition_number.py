import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def get_random_number(low: int, high: int) -> int:
    import random

    result = random.randint(low, high)
    print(result)
    return result


def print_message(message: str):
    print(message)


get_random_number_op = create_component_from_func(get_random_number)
print_message_op = create_component_from_func(print_message)


@dsl.pipeline(name="condition-example", description="숫자 크기에 따라 다른 메시지를 출력합니다")
def condition_pipeline(low: int = 0, high: int = 100, threshold: int = 50):
    number = get_random_number_op(low, high)

    # 조건문: 임계값보다 크면
    with dsl.Condition(number.output > threshold):
        print_message_op("큰 수가 나왔습니다")

    # 반대 조건
    with dsl.Condition(number.output <= threshold):
        print_message_op("작은 수가 나왔습니다")


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(condition_pipeline, "condition_pipeline.yaml")
