import kfp
from kfp import dsl


@dsl.pipeline(
    name='VolumeOp with cleanup',
    description='Create a scratch volume, use it from parallel steps, delete it at the end.'
)
def volume_cleanup_pipeline(size: str = '5Gi'):
    vop = dsl.VolumeOp(
        name='scratch',
        resource_name='scratch-pvc',
        size=size,
        modes=dsl.VOLUME_MODE_RWM,
        annotations={'owner': 'pipelines'},
    )
    writers = []
    for part in ('a', 'b', 'c'):
        writers.append(dsl.ContainerOp(
            name='write-%s' % part,
            image='alpine:3.12',
            command=['sh', '-c', 'echo %s > /scratch/%s.txt' % (part, part)],
            pvolumes={'/scratch': vop.volume},
        ))
    merge = dsl.ContainerOp(
        name='merge',
        image='alpine:3.12',
        command=['sh', '-c', 'cat /scratch/*.txt'],
        pvolumes={'/scratch': vop.volume},
    ).after(*writers)
    delete = vop.delete().after(merge)
    dsl.ContainerOp(name='done', image='alpine:3.12', command=['echo', 'volume deleted']).after(delete)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(volume_cleanup_pipeline, __file__ + '.yaml')
