import kfp
import kfp.dsl as dsl
from kubernetes.client.models import V1Toleration


@dsl.pipeline(
    name='pipeline_with_sidecar',
    description='A pipeline that talks to a sidecar, on tainted nodes.'
)
def sidecar_pipeline(sleep_ms: int = 10):
    echo = dsl.Sidecar(
        name='echo',
        image='hashicorp/http-echo:latest',
        args=['-text="hello world"'],
    )

    op1 = dsl.ContainerOp(
        name='download',
        image='busybox:latest',
        command=['sh', '-c'],
        arguments=['sleep %s; wget localhost:5678 -O /tmp/results.txt' % sleep_ms],
        sidecars=[echo],
        file_outputs={'downloaded': '/tmp/results.txt'},
    )
    op1.add_toleration(V1Toleration(key='dedicated', operator='Equal', value='pipelines', effect='NoSchedule'))

    op2 = dsl.ContainerOp(
        name='echo',
        image='library/bash',
        command=['sh', '-c'],
        arguments=['echo %s' % op1.output],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(sidecar_pipeline, __file__ + '.yaml')
