import kfp
from kfp import dsl
from kfp.components import InputPath, OutputPath, create_component_from_func, load_component_from_file


def split_csv(input_path: InputPath("CSV"), train_path: OutputPath("CSV"), test_path: OutputPath("CSV"), ratio: float = 0.8):
    with open(input_path) as f:
        lines = f.readlines()
    header, rows = lines[0], lines[1:]
    cut = int(len(rows) * ratio)
    with open(train_path, "w") as f:
        f.writelines([header] + rows[:cut])
    with open(test_path, "w") as f:
        f.writelines([header] + rows[cut:])


def make_csv(rows: int, output_path: OutputPath("CSV")):
    with open(output_path, "w") as f:
        f.write("x,y\n")
        for i in range(rows):
            f.write(f"{i},{i * 2}\n")


# 컴포넌트를 YAML 파일로 저장해 두고 다른 파이프라인에서도 재사용한다
create_component_from_func(split_csv, output_component_file="split_csv_component.yaml")
make_csv_op = create_component_from_func(make_csv, output_component_file="make_csv_component.yaml")
split_csv_op = load_component_from_file("split_csv_component.yaml")


@dsl.pipeline(name="component-file", description="컴포넌트 YAML 을 저장하고 불러와 사용")
def component_file_pipeline(rows: int = 100):
    csv = make_csv_op(rows)
    split_csv_op(input=csv.output, ratio=0.7)


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(component_file_pipeline, "component_file_pipeline.yaml")
