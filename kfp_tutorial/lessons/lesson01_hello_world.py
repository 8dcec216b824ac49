"""Lesson 01: hello world, as a Python component and as a container component.

Used in: lesson 01.
"""

from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example


# --8<-- [start:python_hello]
@dsl.component(base_image=BASE_IMAGE)
def say_hello(name: str) -> str:
    """A lightweight Python component: KFP runs this function in its own container."""
    message = f"Hello, {name}!"
    print(message)  # shows up in the task's log
    return message


@dsl.pipeline(name="hello-world", description="A one-task pipeline with a Python component.")
def hello_pipeline(name: str = "Kubeflow") -> str:
    """Greet `name` once; the greeting is the pipeline's output."""
    hello_task = say_hello(name=name)
    return hello_task.output


# --8<-- [end:python_hello]


# --8<-- [start:container_hello]
@dsl.container_component
def echo_hello(name: str):
    """A container component: any image and command (v1's ContainerOp running echo)."""
    return dsl.ContainerSpec(
        image="alpine:3.20",
        command=["sh", "-c"],
        args=['echo "Hello, $0!"', name],
    )


@dsl.pipeline(name="hello-container", description="The same greeting from a container component.")
def hello_container_pipeline(name: str = "Kubeflow"):
    """Greet `name` with `echo` in an Alpine container: needs a cluster."""
    echo_hello(name=name)


# --8<-- [end:container_hello]


# --8<-- [start:exercise_greeting]
@dsl.component(base_image=BASE_IMAGE)
def say_greeting(greeting: str, name: str) -> str:
    """Exercise solution: a component with two inputs."""
    message = f"{greeting}, {name}!"
    print(message)
    return message


@dsl.pipeline(name="greeting", description="Exercise: a greeting of your choice.")
def greeting_pipeline(greeting: str = "Hello", name: str = "Kubeflow") -> str:
    """Exercise solution: the greeting is a pipeline parameter too."""
    return say_greeting(greeting=greeting, name=name).output


# --8<-- [end:exercise_greeting]


EXAMPLES = [
    Example(hello_pipeline, {"name": "Kubeflow"}),
    Example(
        hello_container_pipeline,
        {"name": "Kubeflow"},
        local=False,  # SubprocessRunner runs only lightweight Python components
    ),
]
