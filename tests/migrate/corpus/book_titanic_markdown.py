import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


def download_titanic(data_path: OutputPath("csv")):
    import pandas as pd

    url = "https://raw.githubusercontent.com/datasciencedojo/datasets/master/titanic.csv"
    df = pd.read_csv(url)
    df.to_csv(data_path, index=False)


def describe_data(data_path: InputPath("csv"), mlpipeline_ui_metadata_path: OutputPath("UI_Metadata")):
    import json

    import pandas as pd

    df = pd.read_csv(data_path)
    # 데이터 요약을 마크다운으로 만들어 Visualizations 탭에 보여준다
    markdown = "# 타이타닉 데이터 요약\n\n"
    markdown += f"- 행 수: {len(df)}\n- 생존율: {df['Survived'].mean():.2%}\n\n"
    markdown += df.describe().to_markdown()

    metadata = {
        "outputs": [
            {
                "type": "markdown",
                "storage": "inline",
                "source": markdown,
            }
        ]
    }
    with open(mlpipeline_ui_metadata_path, "w") as f:
        json.dump(metadata, f)


download_op = create_component_from_func(download_titanic, packages_to_install=["pandas"])
describe_op = create_component_from_func(describe_data, packages_to_install=["pandas", "tabulate"])


@dsl.pipeline(name="titanic-markdown", description="타이타닉 데이터를 마크다운으로 요약")
def titanic_pipeline():
    data = download_op()
    describe_op(data.outputs["data"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(titanic_pipeline, "titanic_markdown.yaml")
