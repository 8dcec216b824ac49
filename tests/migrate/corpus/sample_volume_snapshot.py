import kfp
import kfp.dsl as dsl


@dsl.pipeline(
    name='Volume snapshots',
    description='Take snapshots of a volume between steps.'
)
def volume_snapshot_pipeline(url: str = 'gs://ml-pipeline/shakespeare/shakespeare1.txt'):
    vop = dsl.VolumeOp(
        name='create_volume',
        resource_name='vol1',
        size='1Gi',
        modes=dsl.VOLUME_MODE_RWM
    )

    ingest = dsl.ContainerOp(
        name='ingest',
        image='google/cloud-sdk:279.0.0',
        command=['sh', '-c'],
        arguments=['mkdir -p /data && gsutil cat %s | gzip -c >/data/full.gz' % url],
        pvolumes={'/data': vop.volume}
    )

    snap1 = dsl.VolumeSnapshotOp(
        name='snapshot_ingested',
        resource_name='ingested',
        volume=ingest.pvolume
    )

    trim = dsl.ContainerOp(
        name='trim',
        image='library/bash:4.4.23',
        command=['sh', '-c'],
        arguments=['gunzip /data/full.gz && head -100 /data/full > /data/trimmed'],
        pvolumes={'/data': ingest.pvolume}
    )

    vop2 = dsl.VolumeOp(
        name='volume_from_snapshot',
        resource_name='vol2',
        data_source=snap1.snapshot,
        size=snap1.outputs['size']
    )

    dsl.ContainerOp(
        name='check',
        image='library/bash:4.4.23',
        command=['sh', '-c'],
        arguments=['ls -la /restored && wc -l /trimmed/trimmed'],
        pvolumes={'/restored': vop2.volume, '/trimmed': trim.pvolume}
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(volume_snapshot_pipeline, __file__ + '.yaml')
