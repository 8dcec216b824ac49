import kfp
from kfp import dsl
from kfp.components import func_to_container_op


@func_to_container_op
def list_shards(n: int) -> list:
    return ['shard-%d' % i for i in range(n)]


@func_to_container_op
def process_shard(shard: str) -> str:
    print('processing', shard)
    return shard + '.done'


@func_to_container_op
def summarize(msg: str):
    print(msg)


@dsl.pipeline(name='loop-over-output', description='Fan out over the output of a step.')
def shard_pipeline(n: int = 4):
    shards = list_shards(n)
    with dsl.ParallelFor(shards.output) as shard:
        process_shard(shard)
    summarize('submitted %s shards' % n).after(shards)


if __name__ == '__main__':
    kfp.compiler.Compiler().compile(shard_pipeline, __file__ + '.yaml')
