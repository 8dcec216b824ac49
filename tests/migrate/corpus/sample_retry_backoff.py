import kfp
from kfp import dsl


def random_failure_op(exit_codes):
    return dsl.ContainerOp(
        name='random_failure',
        image='python:alpine3.6',
        command=['python', '-c'],
        arguments=['import random; import sys; exit_code = int(random.choice(sys.argv[1].split(","))); print(exit_code); sys.exit(exit_code)', exit_codes]
    )


@dsl.pipeline(
    name='Retry random failures',
    description='The pipeline includes two steps which fail randomly. It shows how to use ContainerOp(...).set_retry(...).'
)
def retry_sample_pipeline():
    op1 = random_failure_op('0,1,2,3').set_retry(10)
    op2 = random_failure_op('0,1').set_retry(5, policy='Always', backoff_duration='30s', backoff_factor=2, backoff_max_duration='5m')
    op2.after(op1)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(retry_sample_pipeline, __file__ + '.yaml')
