import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def current_time() -> str:
    import datetime

    return datetime.datetime.utcnow().isoformat()


def log_time(t: str):
    print('generated at', t)


current_time_op = create_component_from_func(current_time)
log_time_op = create_component_from_func(log_time)


@dsl.pipeline(name='caching', description='Cache a step for a day, never cache another')
def caching_pipeline():
    cached = current_time_op()
    cached.execution_options.caching_strategy.max_cache_staleness = 'P1D'
    fresh = current_time_op()
    fresh.execution_options.caching_strategy.max_cache_staleness = 'P0D'
    log_time_op(cached.output)
    log_time_op(fresh.output)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(caching_pipeline, __file__ + '.yaml')
