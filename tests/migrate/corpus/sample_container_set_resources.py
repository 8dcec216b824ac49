import kfp
from kfp import dsl


def preprocess_op(input_uri, output_uri):
    return dsl.ContainerOp(
        name='preprocess',
        image='gcr.io/my-project/preprocess:v3',
        command=['python', '-m', 'preprocess'],
        arguments=['--input', input_uri, '--output', output_uri],
        file_outputs={'output': '/tmp/output_uri.txt'},
    )


def train_op(data_uri, epochs):
    return dsl.ContainerOp(
        name='train',
        image='gcr.io/my-project/train:v3',
        command=['python', '-m', 'train'],
        arguments=['--data', data_uri, '--epochs', epochs],
        file_outputs={'model': '/tmp/model_uri.txt', 'accuracy': '/tmp/accuracy.txt'},
    )


@dsl.pipeline(name='container-resources', description='CPU and memory requests and limits')
def resources_pipeline(input_uri='gs://my-bucket/raw', output_uri='gs://my-bucket/processed', epochs=10):
    pre = preprocess_op(input_uri, output_uri)
    pre.container.set_cpu_request('500m').set_cpu_limit('1').set_memory_request('512Mi').set_memory_limit('1Gi')
    train = train_op(pre.output, epochs)
    train.set_cpu_limit('8')
    train.set_memory_limit('32G')
    train.container.set_memory_request('16G')
    train.container.set_gpu_limit(1)
    dsl.ContainerOp(
        name='report',
        image='alpine:3.12',
        command=['echo'],
        arguments=['model', train.outputs['model'], 'accuracy', train.outputs['accuracy']],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(resources_pipeline, __file__ + '.yaml')
