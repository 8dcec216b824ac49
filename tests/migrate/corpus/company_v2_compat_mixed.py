# v2 컴포넌트 문법과 기존 ContainerOp 를 섞어 쓰는 과도기 코드
import kfp
from kfp import dsl
from kfp.v2.dsl import Dataset, Input, Output, component


@component(base_image="python:3.8-slim", packages_to_install=["pandas"])
def make_table(n: int, table: Output[Dataset]):
    import pandas as pd

    pd.DataFrame({"x": range(n), "y": [i * i for i in range(n)]}).to_csv(table.path, index=False)


@component(base_image="python:3.8-slim", packages_to_install=["pandas"])
def describe(table: Input[Dataset]) -> str:
    import pandas as pd

    return pd.read_csv(table.path).describe().to_json()


def legacy_upload_op(summary):
    return dsl.ContainerOp(
        name="legacy-upload",
        image="harbor.internal.example.com/tools/uploader:0.3",
        command=["upload", "--summary", summary],
    )


@dsl.pipeline(name="mixed-v1-v2", description="kfp.v2.dsl.component + dsl.ContainerOp")
def mixed(n: int = 10):
    table = make_table(n=n)
    summary = describe(table=table.outputs["table"])
    legacy_upload_op(summary.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(mixed, "mixed.yaml")
