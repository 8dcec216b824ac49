import kfp
from kfp import dsl


def flip_coin_op():
    return dsl.ContainerOp(
        name='Flip coin',
        image='python:alpine3.6',
        command=['sh', '-c'],
        arguments=['python -c "import random; result = \'heads\' if random.randint(0,1) == 0 '
                   'else \'tails\'; print(result)" | tee /tmp/output'],
        file_outputs={'output': '/tmp/output'}
    )


def print_op(msg):
    return dsl.ContainerOp(
        name='Print',
        image='alpine:3.6',
        command=['echo', msg],
    )


@dsl.graph_component
def flip_until_tails(flip_result):
    with dsl.Condition(flip_result == 'heads'):
        flip = flip_coin_op()
        flip_until_tails(flip.output)


@dsl.pipeline(
    name='Recursive loop pipeline',
    description='Flip a coin until tails, with a recursive graph component.'
)
def recursive_pipeline():
    first_flip = flip_coin_op()
    flip_loop = flip_until_tails(first_flip.output)
    print_op('cool, it is over. %s' % first_flip.output).after(flip_loop)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(recursive_pipeline, __file__ + '.tar.gz')
