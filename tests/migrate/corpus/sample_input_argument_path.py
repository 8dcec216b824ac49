import kfp
from kfp import dsl


@dsl.pipeline(name='input-argument-path', description='Hand a value to a container as a file')
def argument_path_pipeline(config_text: str = 'alpha=0.5\nbeta=2'):
    producer = dsl.ContainerOp(
        name='produce-config',
        image='alpine:3.12',
        command=['sh', '-c', 'printf "%s" "$0" > /tmp/config.ini', config_text],
        file_outputs={'config': '/tmp/config.ini'},
    )
    dsl.ContainerOp(
        name='consume-config',
        image='alpine:3.12',
        command=['cat', '/tmp/inputs/config.ini'],
        artifact_argument_paths=[
            dsl.InputArgumentPath(producer.outputs['config'], path='/tmp/inputs/config.ini'),
        ],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(argument_path_pipeline, __file__ + '.yaml')
