import kfp
from kfp import dsl


def gpu_smoking_check_op():
    return dsl.ContainerOp(
        name='check',
        image='tensorflow/tensorflow:2.7.0-gpu',
        command=['sh', '-c'],
        arguments=['nvidia-smi && python -c "import tensorflow as tf; print(tf.config.list_physical_devices())"'],
    ).set_gpu_limit(1)


@dsl.pipeline(
    name='GPU smoke check',
    description='Run nvidia-smi on a GPU node pool, with node selector and tolerations.'
)
def gpu_pipeline():
    check = gpu_smoking_check_op()
    check.add_node_selector_constraint('cloud.google.com/gke-accelerator', 'nvidia-tesla-t4')

    big = dsl.ContainerOp(
        name='two-gpus',
        image='tensorflow/tensorflow:2.7.0-gpu',
        command=['nvidia-smi'],
    )
    big.set_gpu_limit(2, 'nvidia')
    big.add_node_selector_constraint('accelerator', 'a100')
    big.after(check)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(gpu_pipeline, __file__ + '.yaml')
