import kfp
from kfp import dsl


@dsl.pipeline(name='static-loop')
def static_loop_pipeline(greeting: str = 'hello'):
    op0 = dsl.ContainerOp(
        name='my-out-cop0',
        image='python:alpine3.6',
        command=['sh', '-c'],
        arguments=['python -c "import json; print(json.dumps([1, 2, 3]))" > /tmp/out.json'],
        file_outputs={'out': '/tmp/out.json'},
    )

    loop_args = [{'a': 1, 'b': 2}, {'a': 10, 'b': 20}]
    with dsl.ParallelFor(loop_args) as item:
        op1 = dsl.ContainerOp(
            name='my-in-cop1',
            image='library/bash:4.4.23',
            command=['sh', '-c'],
            arguments=['echo no output global op1, item.a: %s' % item.a],
        )

        op2 = dsl.ContainerOp(
            name='my-in-cop2',
            image='library/bash:4.4.23',
            command=['sh', '-c'],
            arguments=['echo %s %s %s' % (greeting, item.b, op0.output)],
        ).after(op1)

    op_out = dsl.ContainerOp(
        name='my-out-cop2',
        image='library/bash:4.4.23',
        command=['sh', '-c'],
        arguments=['echo no output global op2, outp: %s' % op0.output],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(static_loop_pipeline, __file__ + '.yaml')
