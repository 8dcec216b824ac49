import kfp
import kfp.components as comp
import kfp.dsl as dsl

# 쿠브플로우 대시보드 주소 (포트포워딩)
HOST = "http://localhost:8080"


def hello(name: str) -> str:
    greeting = f"안녕하세요, {name}님!"
    print(greeting)
    return greeting


def shout(text: str):
    print(text.upper())


hello_op = comp.func_to_container_op(hello, base_image="python:3.7-alpine")
shout_op = comp.func_to_container_op(shout, base_image="python:3.7-alpine")


@dsl.pipeline(name="hello-client", description="클라이언트로 바로 실행하는 예제")
def hello_pipeline(name: str = "쿠브플로우"):
    greeting = hello_op(name)
    shout_op(greeting.output)


client = kfp.Client(host=HOST)
run = client.create_run_from_pipeline_func(
    hello_pipeline,
    arguments={"name": "홍길동"},
    experiment_name="hello-experiment",
)
print(run.run_id)
