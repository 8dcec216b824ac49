import kfp
from kfp import dsl
from kfp.components import func_to_container_op


@func_to_container_op
def validate(rows: int) -> str:
    return 'valid' if rows > 0 else 'empty'


@func_to_container_op
def load_partition(partition: str):
    print('loading', partition)


@func_to_container_op
def publish(note: str):
    print('publishing', note)


@func_to_container_op
def notify_slack(channel: str):
    print('notify', channel)


@dsl.pipeline(name='exit-condition-loop', description='Exit handler around a condition around a loop')
def daily_load(rows: int = 10, channel: str = '#data'):
    notify = notify_slack(channel)
    with dsl.ExitHandler(notify):
        check = validate(rows)
        with dsl.Condition(check.output == 'valid'):
            with dsl.ParallelFor(['2021-01-01', '2021-01-02', '2021-01-03']) as partition:
                load_partition(partition)
            publish('loaded').after(check)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(daily_load, __file__ + '.yaml')
