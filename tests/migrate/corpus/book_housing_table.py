import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


@create_component_from_func
def load_housing(output_path: OutputPath("CSV")):
    import urllib.request

    # 보스턴 집값 대신 캘리포니아 집값 데이터의 일부를 사용
    url = "https://download.mlcc.google.com/mledu-datasets/california_housing_train.csv"
    urllib.request.urlretrieve(url, output_path)


def summarize_table(data_path: InputPath("CSV"), mlpipeline_ui_metadata_path: OutputPath("UI_Metadata")):
    import csv
    import json

    with open(data_path) as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [row for _, row in zip(range(20), reader)]

    metadata = {
        "outputs": [
            {
                "type": "table",
                "storage": "inline",
                "format": "csv",
                "header": header,
                "source": "\n".join(",".join(row) for row in rows),
            }
        ]
    }
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)


summarize_table_op = create_component_from_func(summarize_table, base_image="python:3.9-slim")


@dsl.pipeline(name="housing-table", description="집값 데이터 상위 20행을 테이블로 보기")
def housing_pipeline():
    raw = load_housing()
    summarize_table_op(raw.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(housing_pipeline, "housing_table.yaml")
