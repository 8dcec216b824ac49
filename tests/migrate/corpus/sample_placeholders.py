import kfp
from kfp import dsl


@dsl.pipeline(name='placeholders', description='Run and execution ids in arguments and outputs')
def placeholder_pipeline(output_root: str = 'gs://my-bucket/runs'):
    write = dsl.ContainerOp(
        name='write',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=[
            'echo "run $1, workflow $2" | gsutil cp - "$0/$1/info.txt" && echo "$0/$1/info.txt" > /tmp/uri',
            output_root,
            dsl.RUN_ID_PLACEHOLDER,
            '{{workflow.name}}',
        ],
        file_outputs={'uri': '/tmp/uri'},
    )
    dsl.ContainerOp(
        name='read',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['gsutil cat "$0"; echo execution "$1"', write.outputs['uri'], dsl.EXECUTION_ID_PLACEHOLDER],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(placeholder_pipeline, __file__ + '.yaml')
