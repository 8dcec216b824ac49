import kfp
from kfp import dsl
from kfp.components import func_to_container_op


@dsl.python_component(
    name='multiply_op',
    description='multiplies two numbers',
    base_image='python:3.7',
)
def multiply(a: float, b: float) -> float:
    return a * b


multiply_op = func_to_container_op(multiply)


@dsl.pipeline(name='python-component', description='The old python_component decorator')
def multiply_pipeline(a: float = 3, b: float = 4):
    first = multiply_op(a, b)
    multiply_op(first.output, b)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(multiply_pipeline, __file__ + '.yaml')
