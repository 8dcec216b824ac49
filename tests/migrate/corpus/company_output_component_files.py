# 컴포넌트를 YAML 로 떨궈서 component-store 레포에 올리는 스크립트
import os

import kfp
import kfp.components as comp
from kfp import dsl


def validate_schema(table: str, expected_columns: str) -> bool:
    """테이블 컬럼이 기대와 같은지 확인"""
    columns = {"orders": "id,user_id,amount,ts", "users": "id,name,created_at"}.get(table, "")
    ok = columns == expected_columns
    print(table, "schema ok" if ok else "schema mismatch")
    return ok


def profile_table(table: str, sample_rows: int = 1000) -> str:
    import json

    profile = {"table": table, "sample_rows": sample_rows, "null_ratio": 0.01}
    return json.dumps(profile)


for name in ("validate_schema", "profile_table"):
    os.makedirs(f"components/{name}", exist_ok=True)

validate_schema_op = comp.create_component_from_func(
    validate_schema,
    base_image="python:3.8-slim",
    output_component_file="components/validate_schema/component.yaml",
)
profile_table_op = comp.create_component_from_func(
    profile_table,
    base_image="python:3.8-slim",
    output_component_file="components/profile_table/component.yaml",
)


@dsl.pipeline(name="data-quality", description="스키마 검증 후 프로파일링")
def data_quality(table: str = "orders", expected_columns: str = "id,user_id,amount,ts"):
    valid = validate_schema_op(table, expected_columns)
    with dsl.Condition(valid.output == "True"):
        profile_table_op(table)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(data_quality, "data_quality.yaml")
