import kfp
from kfp import dsl
from kfp.dsl.types import GCSPath, Integer, String


@dsl.component
def gcs_copy(source: GCSPath(), destination: GCSPath()) -> {'destination': GCSPath()}:
    return dsl.ContainerOp(
        name='gcs-copy',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['gsutil cp "$0" "$1" && echo -n "$1" > /tmp/dest', source, destination],
        file_outputs={'destination': '/tmp/dest'},
    )


@dsl.component
def count_words(path: GCSPath(), top: Integer()) -> {'counts': String()}:
    return dsl.ContainerOp(
        name='count-words',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['gsutil cat "$0" | tr -s " " "\\n" | sort | uniq -c | sort -rn | head -n "$1" | tee /tmp/counts', path, top],
        file_outputs={'counts': '/tmp/counts'},
    )


@dsl.pipeline(name='typed-components', description='Old-style typed ContainerOp components')
def typed_pipeline(source: GCSPath() = 'gs://ml-pipeline/shakespeare/shakespeare1.txt',
                   destination: GCSPath() = 'gs://my-bucket/copy.txt',
                   top: Integer() = 10):
    copied = gcs_copy(source, destination)
    count_words(copied.outputs['destination'], top)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(typed_pipeline, __file__ + '.yaml')
