import kfp
from kfp import dsl


@dsl.pipeline(name='pod-settings', description='Display names, pod labels and annotations, timeouts')
def pod_settings_pipeline(seconds: int = 30):
    sleep = dsl.ContainerOp(
        name='sleep',
        image='alpine:3.12',
        command=['sleep'],
        arguments=[seconds],
    )
    sleep.set_display_name('Sleep a while')
    sleep.set_timeout(120)
    sleep.add_pod_label('team', 'ml-platform')
    sleep.add_pod_annotation('sidecar.istio.io/inject', 'false')
    sleep.container.set_image_pull_policy('IfNotPresent')

    done = dsl.ContainerOp(name='done', image='alpine:3.12', command=['echo', 'done'])
    done.set_display_name('Done')
    done.after(sleep)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(pod_settings_pipeline, __file__ + '.yaml')
