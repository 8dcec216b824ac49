import kfp
import kfp.components as comp
from kfp import dsl


def write_lines(count: int, output_file: comp.OutputTextFile(str)):
    # 파일 객체를 바로 받아서 쓴다
    for i in range(count):
        output_file.write(f"{i}번째 줄\n")


def count_chars(input_file: comp.InputTextFile(str)) -> int:
    total = sum(len(line) for line in input_file)
    print("글자 수:", total)
    return total


def save_bytes(size: int, blob_file: comp.OutputBinaryFile(bytes)):
    blob_file.write(bytes(range(256)) * size)


def check_bytes(blob_file: comp.InputBinaryFile(bytes)) -> int:
    return len(blob_file.read())


write_lines_op = comp.create_component_from_func(write_lines)
count_chars_op = comp.create_component_from_func(count_chars)
save_bytes_op = comp.create_component_from_func(save_bytes)
check_bytes_op = comp.create_component_from_func(check_bytes)


@dsl.pipeline(name="text-file-io", description="InputTextFile, OutputTextFile 예제")
def text_file_pipeline(count: int = 5, size: int = 4):
    lines = write_lines_op(count)
    count_chars_op(lines.output)
    blob = save_bytes_op(size)
    check_bytes_op(blob.outputs["blob"])


if __name__ == "__main__":
    kfp.compiler.Compiler().compile(text_file_pipeline, "text_file_pipeline.yaml")
