# Vertex AI 와 Kubeflow 둘 다 돌려보려고 만든 예제
import kfp
from kfp.v2 import compiler, dsl
from kfp.v2.dsl import component


@component
def greet(name: str) -> str:
    return f"안녕, {name}"


@component
def echo(text: str):
    print(text)


@dsl.pipeline(name="hello-v2", pipeline_root="gs://my-bucket/pipeline-root")
def hello_v2(name: str = "kubeflow"):
    greeting = greet(name=name)
    echo(text=greeting.output)


if __name__ == "__main__":
    # Vertex AI 용 JSON
    compiler.Compiler().compile(pipeline_func=hello_v2, package_path="hello_v2.json")
    # Kubeflow 용 (v1 컴파일러)
    kfp.compiler.Compiler().compile(hello_v2, "hello_v2.yaml")
