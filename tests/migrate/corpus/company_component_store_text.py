# ML플랫폼 공용 컴포넌트 (사내 위키에서 복사해서 쓰세요)
import kfp
from kfp import components, dsl

_COMPONENT_SPECS = {
    "download": """
name: Download dataset
description: 사내 오브젝트 스토리지에서 데이터셋을 내려받는다
inputs:
- {name: dataset_uri, type: String}
outputs:
- {name: dataset, type: Dataset}
implementation:
  container:
    image: harbor.internal.example.com/ml/storage-tools:1.4
    command: [sh, -c, 'mkdir -p "$(dirname "$1")" && s3cmd get "$0" "$1"', {inputValue: dataset_uri}, {outputPath: dataset}]
""",
    "train": """
name: Train xgboost
inputs:
- {name: dataset, type: Dataset}
- {name: max_depth, type: Integer, default: '6'}
- {name: eta, type: Float, default: '0.3'}
outputs:
- {name: model, type: Model}
- {name: metrics, type: JsonObject}
implementation:
  container:
    image: harbor.internal.example.com/ml/xgb-trainer:0.9
    command: [python, /app/train.py]
    args: [--data, {inputPath: dataset}, --max-depth, {inputValue: max_depth}, --eta, {inputValue: eta},
           --model, {outputPath: model}, --metrics, {outputPath: metrics}]
""",
    "register": """
name: Register model
inputs:
- {name: model, type: Model}
- {name: metrics, type: JsonObject}
- {name: model_name, type: String}
implementation:
  container:
    image: harbor.internal.example.com/ml/registry-client:2.0
    command: [python, /app/register.py, {inputPath: model}, {inputPath: metrics}, {inputValue: model_name}]
""",
}

download_op = components.load_component_from_text(_COMPONENT_SPECS["download"])
train_op = components.load_component_from_text(_COMPONENT_SPECS["train"])
register_op = components.load_component_from_text(_COMPONENT_SPECS["register"])


@dsl.pipeline(name="xgb-training", description="XGBoost 학습 후 모델 레지스트리 등록")
def xgb_training(dataset_uri: str = "s3://ml-datasets/churn/2021-12.parquet", model_name: str = "churn-xgb",
                 max_depth: int = 6, eta: float = 0.3):
    data = download_op(dataset_uri=dataset_uri)
    trained = train_op(dataset=data.outputs["dataset"], max_depth=max_depth, eta=eta)
    trained.set_cpu_limit("4").set_memory_limit("16Gi")
    register_op(model=trained.outputs["model"], metrics=trained.outputs["metrics"], model_name=model_name)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(xgb_training, "xgb_training.yaml")
