"""Lesson 02: passing values between components, and pipeline parameters.

Used in: lesson 02.
"""

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:add_component]
@dsl.component(base_image=BASE_IMAGE)
def add(a: float, b: float) -> float:
    """Add two numbers. The type hints become the component's typed inputs and output."""
    return a + b


# --8<-- [end:add_component]


# --8<-- [start:calculation_pipeline]
@dsl.pipeline(name="calculation", description="add(a, 4) and add(a, b), then their sum.")
def calculation_pipeline(a: float = 7.0, b: float = 8.0) -> float:
    """(a + 4) + (a + b): three tasks, two of them independent."""
    first = add(a=a, b=4.0)  # a literal: 4.0, a float, not 4
    second = add(a=a, b=b)  # pipeline parameters flow in
    total = add(a=first.output, b=second.output)  # outputs flow between tasks
    return total.output


# --8<-- [end:calculation_pipeline]


# --8<-- [start:type_check]
def build_pipeline_with_int_literal() -> None:
    """Define a pipeline that passes the int 4 to a float input. kfp 2 rejects it."""

    @dsl.pipeline(name="wrong-type")
    def wrong_type_pipeline(a: float = 7.0) -> float:
        return add(a=a, b=4).output  # 4 is an int; `b` wants a float


# --8<-- [end:type_check]


# --8<-- [start:exercise_add_three]
@dsl.pipeline(name="add-three", description="Exercise: a + b + c with two add tasks.")
def add_three_pipeline(a: float = 1.5, b: float = 2.5, c: float = 3.0) -> float:
    """Exercise solution: the second task waits for the first one's output."""
    a_plus_b = add(a=a, b=b)
    total = add(a=a_plus_b.output, b=c)
    return total.output


# --8<-- [end:exercise_add_three]


EXAMPLES = [Example(calculation_pipeline, {"a": 7.0, "b": 8.0})]
