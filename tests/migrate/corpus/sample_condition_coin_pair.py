import kfp
from kfp import dsl


def toss_op():
    return dsl.ContainerOp(
        name='toss',
        image='python:alpine3.6',
        command=['sh', '-c'],
        arguments=['python -c "import random; print(random.choice([\'heads\', \'tails\']))" | tee /tmp/output'],
        file_outputs={'output': '/tmp/output'}
    )


def dice_op():
    return dsl.ContainerOp(
        name='dice',
        image='python:alpine3.6',
        command=['sh', '-c'],
        arguments=['python -c "import random; print(random.randint(1, 6))" | tee /tmp/output'],
        file_outputs={'output': '/tmp/output'}
    )


def say_op(msg):
    return dsl.ContainerOp(
        name='say',
        image='alpine:3.6',
        command=['echo', msg],
    )


@dsl.pipeline(
    name='Coin and dice',
    description='Opposite conditions on a coin, and a nested condition on a die.'
)
def coin_pipeline():
    toss = toss_op()
    with dsl.Condition(toss.output == 'heads'):
        dice = dice_op()
        with dsl.Condition(dice.output > 3):
            say_op('heads and high')
        with dsl.Condition(dice.output <= 3):
            say_op('heads and low')
    with dsl.Condition(toss.output == 'tails'):
        say_op('tails')


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(coin_pipeline, __file__ + '.yaml')
