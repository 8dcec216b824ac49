import kfp
from kfp import dsl
from kubernetes import client as k8s_client


@dsl.pipeline(name='secret-volume', description='Mount a secret and a config map as volumes')
def secret_volume_pipeline():
    op = dsl.ContainerOp(
        name='use-credentials',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['gcloud auth activate-service-account --key-file /secret/gcp/key.json && cat /config/settings.yaml'],
    )
    op.add_volume(k8s_client.V1Volume(
        name='gcp-credentials',
        secret=k8s_client.V1SecretVolumeSource(secret_name='user-gcp-sa'),
    ))
    op.container.add_volume_mount(k8s_client.V1VolumeMount(mount_path='/secret/gcp', name='gcp-credentials'))
    op.add_volume(k8s_client.V1Volume(
        name='settings',
        config_map=k8s_client.V1ConfigMapVolumeSource(name='pipeline-settings'),
    ))
    op.container.add_volume_mount(k8s_client.V1VolumeMount(mount_path='/config', name='settings'))
    op.container.add_env_variable(k8s_client.V1EnvVar(name='GOOGLE_APPLICATION_CREDENTIALS',
                                                       value='/secret/gcp/key.json'))


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(secret_volume_pipeline, __file__ + '.yaml')
