import kfp
from kfp import dsl


def print_op(msg):
    return dsl.ContainerOp(
        name='print',
        image='alpine:3.6',
        command=['echo', msg],
    )


@dsl.pipeline(name='nested-loops')
def nested_loops_pipeline(
    outer_items: str = '["a", "b"]',
    inner_items: str = '[1, 2, 3]',
):
    with dsl.ParallelFor(outer_items) as outer:
        print_op('outer %s' % outer)
        with dsl.ParallelFor(inner_items) as inner:
            print_op('outer %s inner %s' % (outer, inner))


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(nested_loops_pipeline, __file__ + '.yaml')
