import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func


def collect_config(learning_rate: float, epochs: int, config_path: OutputPath("dict")):
    import json

    # 설정값을 dict 로 모아서 파일에 저장
    config = {"learning_rate": learning_rate, "epochs": epochs, "optimizer": "adam"}
    with open(config_path, "w") as f:
        json.dump(config, f)


def use_config(config_path: InputPath("dict")) -> str:
    import json

    with open(config_path) as f:
        config = json.load(f)
    print("받은 설정:", config)
    return config["optimizer"]


def to_list(count: int, values_path: OutputPath(list)):
    import json

    with open(values_path, "w") as f:
        json.dump(list(range(count)), f)


def sum_list(values_path: InputPath(list)) -> int:
    import json

    with open(values_path) as f:
        return sum(json.load(f))


collect_config_op = create_component_from_func(collect_config)
use_config_op = create_component_from_func(use_config)
to_list_op = create_component_from_func(to_list)
sum_list_op = create_component_from_func(sum_list)


@dsl.pipeline(name="dict-outputs", description="dict, list 타입 출력 파일 넘기기")
def dict_pipeline(learning_rate: float = 0.001, epochs: int = 10):
    config = collect_config_op(learning_rate, epochs)
    use_config_op(config.outputs["config"])
    values = to_list_op(epochs)
    sum_list_op(values.output)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(dict_pipeline, "dict_pipeline.yaml")
