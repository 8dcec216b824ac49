"""Lesson 01: a Python component runs locally; a container component is only a spec here."""

from __future__ import annotations

from pathlib import Path

import pytest
from kfp import local

from kfp_tutorial import i18n
from kfp_tutorial.cli import main
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons.lesson01_hello_world import (
    greeting_pipeline,
    hello_container_pipeline,
    hello_pipeline,
    say_hello,
)
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.spec.compiler import EXECUTOR_MODULE, compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure

NAME = "01-hello-world"


def test_python_component_compiles_to_the_python_executor() -> None:
    compiled = compile_pipeline(hello_pipeline)
    task = compiled.all_tasks()["say-hello"]
    container = compiled.executor(task)["container"]
    assert any(EXECUTOR_MODULE in part for part in container["command"])
    # the function's own source travels in the spec: the last argument of the command
    assert "def say_hello(name: str) -> str:" in container["command"][-1]
    assert compiled.spec["root"]["inputDefinitions"]["parameters"]["name"]["parameterType"] == "STRING"
    assert compiled.container_tasks() == {}


def test_container_component_has_image_and_command_not_python() -> None:
    compiled = compile_pipeline(hello_container_pipeline)
    container = compiled.executor(compiled.all_tasks()["echo-hello"])["container"]
    assert set(container) == {"image", "command", "args"}
    assert container["image"] == "alpine:3.20"
    assert container["command"] == ["sh", "-c"]
    assert container["args"][0] == 'echo "Hello, $0!"'
    assert not any(EXECUTOR_MODULE in part for part in container["command"] + container["args"])
    assert compiled.container_tasks() == {"echo-hello": "alpine:3.20"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Kubeflow", "KFP"])
def test_hello_runs_and_prints_into_the_log(name: str, tmp_path: Path) -> None:
    result = run_local(hello_pipeline, {"name": name}, output_dir=tmp_path, progress=False)
    expected = say_hello.python_func(name)  # the component is a plain function underneath
    assert result.status == "SUCCESS"
    assert result.output == expected == f"Hello, {name}!"
    task = result.task("say-hello")
    assert task.inputs == {"name": name}
    assert any(line.strip() == expected for line in task.log.splitlines()), task.log
    assert_in_pages(NAME, f"`{expected}`")


@pytest.mark.slow
def test_exercise_greeting(tmp_path: Path) -> None:
    arguments = {"greeting": "안녕하세요"}
    result = run_local(greeting_pipeline, arguments, output_dir=tmp_path, progress=False)
    assert result.output == f"{arguments['greeting']}, Kubeflow!"
    assert_in_pages(NAME, f"`{result.output}`")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_container_component_is_refused_locally_with_a_way_forward(lang: str, tmp_path: Path) -> None:
    i18n.set_lang(lang)
    with pytest.raises(TutorialError) as info:
        run_local(hello_container_pipeline, {"name": "Kubeflow"}, output_dir=tmp_path)
    message = str(info.value)
    assert info.value.key == "container_component_local"
    for part in ("echo-hello", "alpine:3.20", "--host", "09"):
        assert part in message
    assert not list(tmp_path.rglob("run.json")), "nothing may run"
    assert_in_pages(NAME, "`echo-hello`", "`alpine:3.20`", "`--host`")


def test_the_docker_runner_the_page_mentions_exists() -> None:
    assert hasattr(local, "DockerRunner") and hasattr(local, "SubprocessRunner")


@pytest.mark.slow
def test_running_the_whole_lesson_skips_the_container_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", "en", "run", NAME, "--output-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    hint = i18n.t(
        "skipped_cluster_only", pipeline="hello-container", lesson=NAME, func="hello_container_pipeline"
    )
    assert hint in out
    assert "--pipeline hello_container_pipeline --host URL" in hint
    assert len(list(tmp_path.rglob("run.json"))) == 1  # only the Python pipeline ran


def test_page_structure() -> None:
    check_page_structure(NAME)
