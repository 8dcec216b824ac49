import kfp
import kfp.dsl as dsl

_JOB_MANIFEST = {
    'apiVersion': 'batch/v1',
    'kind': 'Job',
    'metadata': {'generateName': 'pi-job-'},
    'spec': {
        'template': {
            'metadata': {'name': 'pi'},
            'spec': {
                'containers': [{
                    'name': 'pi',
                    'image': 'perl:5.34',
                    'command': ['perl', '-Mbignum=bpi', '-wle', 'print bpi(500)'],
                }],
                'restartPolicy': 'Never',
            },
        },
        'backoffLimit': 4,
    },
}


@dsl.pipeline(
    name='ResourceOp job',
    description='Create a Kubernetes Job with a ResourceOp, then report.'
)
def resourceop_pipeline():
    job = dsl.ResourceOp(
        name='create-job',
        k8s_resource=_JOB_MANIFEST,
        action='create',
        success_condition='status.succeeded > 0',
        failure_condition='status.failed > 0',
        attribute_outputs={'name': '{.metadata.name}'},
    )
    dsl.ContainerOp(
        name='report',
        image='alpine:3.12',
        command=['echo'],
        arguments=['job finished:', job.outputs['name']],
    )


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(resourceop_pipeline, __file__ + '.yaml')
