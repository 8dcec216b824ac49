import kfp
from kfp import dsl


def download_op(url, name):
    return dsl.ContainerOp(
        name=name,
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['gsutil cat $0 | tee $1', url, '/tmp/results.txt'],
        file_outputs={'data': '/tmp/results.txt'},
    )


def join_op(a, b):
    return dsl.ContainerOp(
        name='join',
        image='library/bash:4.4.23',
        command=['sh', '-c'],
        arguments=['echo "$0 $1"', a, b],
    )


@dsl.pipeline(
    name='Parallel pipeline',
    description='Download two messages in parallel and prints the concatenated result.'
)
def download_and_join(
    url1='gs://ml-pipeline/sample-data/shakespeare/shakespeare1.txt',
    url2='gs://ml-pipeline/sample-data/shakespeare/shakespeare2.txt'
):
    """A three-step pipeline with first two running in parallel."""
    first = download_op(url1, 'download-one')
    second = download_op(url2, 'download-two')
    join_op(first.output, second.output)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(download_and_join, __file__ + '.zip')
