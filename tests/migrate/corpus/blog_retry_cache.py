import kfp
from kfp import dsl
from kfp.components import create_component_from_func


def flaky_download(url: str) -> str:
    import random

    # 네트워크가 불안정한 상황을 흉내낸다
    if random.random() < 0.5:
        raise ConnectionError("다운로드 실패, 재시도합니다")
    return url.split("/")[-1]


def process(filename: str):
    print("처리:", filename)


flaky_op = create_component_from_func(flaky_download)
process_op = create_component_from_func(process)


@dsl.pipeline(name="retry-and-cache", description="재시도와 캐시 설정")
def retry_pipeline(url: str = "https://example.com/data.csv"):
    download = flaky_op(url)
    download.set_retry(5)
    # 항상 새로 실행되도록 캐시를 끈다
    download.execution_options.caching_strategy.max_cache_staleness = "P0D"
    processed = process_op(download.output)
    processed.execution_options.caching_strategy.max_cache_staleness = "P7D"


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(retry_pipeline, "retry_pipeline.yaml")
