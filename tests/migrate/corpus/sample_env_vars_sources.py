import kfp
from kfp import dsl
from kubernetes.client import V1EnvVar, V1EnvVarSource, V1ObjectFieldSelector, V1SecretKeySelector


def print_env_op():
    return dsl.ContainerOp(
        name='print-env',
        image='alpine:3.12',
        command=['sh', '-c', 'echo "$MODE on $POD_NAME in $POD_NAMESPACE, token length ${#API_TOKEN}"'],
    )


@dsl.pipeline(name='env-vars', description='Plain, field-ref and secret-ref environment variables')
def env_pipeline(mode: str = 'debug'):
    op = print_env_op()
    op.add_env_variable(V1EnvVar(name='MODE', value=mode))
    op.add_env_variable(V1EnvVar(
        name='POD_NAME',
        value_from=V1EnvVarSource(field_ref=V1ObjectFieldSelector(field_path='metadata.name'))))
    op.add_env_variable(V1EnvVar(
        name='POD_NAMESPACE',
        value_from=V1EnvVarSource(field_ref=V1ObjectFieldSelector(field_path='metadata.namespace'))))
    op.container.add_env_variable(V1EnvVar(
        name='API_TOKEN',
        value_from=V1EnvVarSource(secret_key_ref=V1SecretKeySelector(name='api-token', key='token'))))


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(env_pipeline, __file__ + '.yaml')
