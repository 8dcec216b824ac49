import kfp
from kfp import dsl
from kubernetes.client.models import V1LocalObjectReference


def echo_op(text):
    return dsl.ContainerOp(
        name='echo',
        image='registry.example.com/tools/echo:1.0',
        command=['echo', text],
    )


@dsl.pipeline(name='pipeline-conf', description='Parallelism, TTL and image pull secrets')
def conf_pipeline(n: int = 3):
    with dsl.ParallelFor([1, 2, 3, 4, 5, 6]) as i:
        echo_op(i)

    conf = dsl.get_pipeline_conf()
    conf.set_parallelism(2)
    conf.set_ttl_seconds_after_finished(3600)
    conf.set_image_pull_secrets([V1LocalObjectReference(name='regcred')])
    conf.set_image_pull_policy('Always')


if __name__ == '__main__':
    pipeline_conf = dsl.PipelineConf()
    pipeline_conf.set_timeout(1800)
    kfp.compiler.Compiler().compile(conf_pipeline, __file__ + '.yaml', pipeline_conf=pipeline_conf)
