import kfp
from kfp import dsl
from kfp.components import func_to_container_op


@func_to_container_op
def check_status(code: int) -> str:
    return 'ok' if code == 0 else 'error'


@func_to_container_op
def on_ok():
    print('all good')


@func_to_container_op
def on_error(status: str):
    print('got', status)


@dsl.pipeline(name='status-branches')
def status_pipeline(code: int = 0):
    status = check_status(code)
    with dsl.Condition(status.output == 'ok'):
        on_ok()
    with dsl.Condition(status.output != 'ok'):
        on_error(status.output)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(status_pipeline, 'status_pipeline.yaml')
