import kfp
from kfp import dsl


def produce_configs_op():
    return dsl.ContainerOp(
        name='produce-configs',
        image='python:3.8-alpine',
        command=['sh', '-c'],
        arguments=[
            'python -c "import json; print(json.dumps([{\\"model\\": \\"small\\", \\"lr\\": 0.1}, '
            '{\\"model\\": \\"large\\", \\"lr\\": 0.01}]))" > /tmp/configs.json'
        ],
        file_outputs={'configs': '/tmp/configs.json'},
    )


def train_op(model, lr):
    return dsl.ContainerOp(
        name='train',
        image='python:3.8-alpine',
        command=['echo', 'training', model, 'with lr', lr],
    )


@dsl.pipeline(name='loop-items-json', description='Loop over dicts produced by a step, read fields')
def loop_json_pipeline():
    configs = produce_configs_op()
    with dsl.ParallelFor(configs.outputs['configs']) as config:
        train_op(config.model, config.lr)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(loop_json_pipeline, __file__ + '.yaml')
