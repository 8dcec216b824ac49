"""v1 lightweight components made with create_component_from_func, called positionally."""

import kfp
from kfp import dsl


@dsl.component(base_image="python:3.11")
def add(a: float, b: float) -> float:
    """Add two numbers."""
    return a + b


@dsl.component
def multiply(a: float, b: float) -> float:
    return a * b


# the usual v1 pair: a function and its op
add_op = add
multiply_op = multiply


@dsl.pipeline(name="calculate", description="(1 + 2) * 4")
def calculate(a: float = 1.0, b: float = 2.0):
    total = add_op(a=a, b=b)  # positional, as v1 allowed
    multiply_op(a=total.output, b=4.0)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(calculate, "calculate.yaml")
