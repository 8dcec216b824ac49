"""데이터플랫폼팀 공용 ETL 파이프라인 모음.

- daily_etl: 매일 새벽 원천 테이블을 적재
- backfill_etl: 지정 기간 재적재
"""
import kfp
from kfp import dsl

REGISTRY = "harbor.internal.example.com/data-platform"
ETL_IMAGE = f"{REGISTRY}/etl-runner:2.3.1"


def extract_op(source_table: str, ds: str) -> dsl.ContainerOp:
    return dsl.ContainerOp(
        name=f"extract-{source_table}",
        image=ETL_IMAGE,
        command=["python", "-m", "etl.extract"],
        arguments=["--table", source_table, "--ds", ds, "--out", "/tmp/extract_uri"],
        file_outputs={"uri": "/tmp/extract_uri"},
    )


def transform_op(uri, ds) -> dsl.ContainerOp:
    return dsl.ContainerOp(
        name="transform",
        image=ETL_IMAGE,
        command=["python", "-m", "etl.transform"],
        arguments=["--input", uri, "--ds", ds],
        file_outputs={"uri": "/tmp/transform_uri", "row_count": "/tmp/row_count"},
    )


def load_op(uri, target_table) -> dsl.ContainerOp:
    op = dsl.ContainerOp(
        name="load",
        image=ETL_IMAGE,
        command=["python", "-m", "etl.load"],
        arguments=["--input", uri, "--table", target_table],
    )
    op.set_memory_limit("4Gi")
    return op


@dsl.pipeline(name="daily-etl", description="원천 테이블 일배치 적재")
def daily_etl(ds: str = "{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}",
              target_table: str = "dw.fact_orders"):
    orders = extract_op("orders", ds)
    users = extract_op("users", ds)
    transformed = transform_op(orders.outputs["uri"], ds).after(users)
    load_op(transformed.outputs["uri"], target_table)


@dsl.pipeline(name="backfill-etl", description="기간 재적재")
def backfill_etl(days: str = '["2021-11-01", "2021-11-02", "2021-11-03"]', target_table: str = "dw.fact_orders"):
    with dsl.ParallelFor(days) as ds:
        orders = extract_op("orders", ds)
        transformed = transform_op(orders.outputs["uri"], ds)
        load_op(transformed.outputs["uri"], target_table)


if __name__ == "__main__":
    for func in (daily_etl, backfill_etl):
        kfp.compiler.Compiler().compile(func, f"{func.__name__}.yaml")
