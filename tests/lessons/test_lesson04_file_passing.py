"""Lesson 04 (file passing): the compiled spec passes artifacts, not parameters, and real
local runs write the files the lesson points at and compute from them (300 * 10 = 3000).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kfp_tutorial.lessons import lesson04_file_passing as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure

pytestmark = pytest.mark.slow
NAME = "04-file-passing"


def component_of(compiled: CompiledPipeline, task: str) -> dict[str, Any]:
    return compiled.component(compiled.all_tasks()[task])


def schema(definitions: dict[str, Any], name: str) -> str:
    """The artifact type of input or output ``name`` in a component's definitions."""
    return str(definitions["artifacts"][name]["artifactType"]["schemaTitle"])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    """Each of the lesson's pipelines, run once with its registry arguments."""
    out = tmp_path_factory.mktemp("lesson04")
    return {
        ex.func_name: run_local(ex.pipeline, ex.arguments, output_dir=out, progress=False)
        for ex in lesson.EXAMPLES
    }


# ----------------------------------------------------------------------------- spec


def test_file_is_an_artifact_not_a_parameter() -> None:
    compiled = compile_pipeline(lesson.file_passing_pipeline)
    writer = component_of(compiled, "write-numbers")
    reader = component_of(compiled, "multiply-numbers")
    out_artifacts = writer["outputDefinitions"]["artifacts"]
    assert out_artifacts["numbers"]["artifactType"]["schemaTitle"] == "system.Dataset"
    assert "parameters" not in writer.get("outputDefinitions", {})  # no value, only a file
    in_defs = reader["inputDefinitions"]
    assert in_defs["artifacts"]["numbers"]["artifactType"]["schemaTitle"] == "system.Dataset"
    assert "numbers" not in in_defs.get("parameters", {})
    # the reader's input is wired to the writer's output artifact
    wiring = compiled.all_tasks()["multiply-numbers"]["inputs"]["artifacts"]["numbers"]
    assert wiring["taskOutputArtifact"] == {
        "outputArtifactKey": "numbers",
        "producerTask": "write-numbers",
    }
    assert compiled.all_tasks()["multiply-numbers"]["dependentTasks"] == ["write-numbers"]


def test_model_and_folder_artifacts_have_their_types() -> None:
    model = compile_pipeline(lesson.model_pipeline)
    fit = component_of(model, "fit-line")
    assert schema(fit["inputDefinitions"], "points") == "system.Dataset"
    assert schema(fit["outputDefinitions"], "model") == "system.Model"
    predict = component_of(model, "predict")
    assert set(predict["inputDefinitions"]["artifacts"]) == {"model"}
    assert set(predict["inputDefinitions"]["parameters"]) == {"x"}
    folder = compile_pipeline(lesson.directory_pipeline)
    shards = component_of(folder, "write-shards")["outputDefinitions"]["artifacts"]["folder"]
    assert shards["artifactType"]["schemaTitle"] == "system.Dataset"


# ----------------------------------------------------------------------------- runs


def test_multiply_from_the_file_gives_3000(runs: dict[str, RunResult]) -> None:
    result = runs["file_passing_pipeline"]
    assert result.succeeded
    assert result.output == 300 * 10 == 3000  # the number the lesson page quotes
    numbers = result.task("write-numbers").outputs["numbers"]
    assert numbers["artifact"] == "system.Dataset"
    assert numbers["metadata"] == {"format": "json"}
    # the file really is on disk, in the run folder, under the task's name
    path = Path(numbers["path"])
    assert path == Path(result.run_dir) / "write-numbers" / "numbers"
    assert json.loads(path.read_text()) == {"a": 300, "b": 10}
    product = Path(result.task("multiply-numbers").outputs["product"]["path"])
    assert product.read_text() == "3000"
    # the reader was given the writer's file, not a copy of its content
    assert result.task("multiply-numbers").inputs["numbers"]["uri"] == numbers["uri"]
    # the run folder the page draws: one folder per task, with executor_output.json
    run_dir = Path(result.run_dir)
    for name in ("write-numbers", "multiply-numbers"):
        assert (run_dir / name / "executor_output.json").is_file()
    assert {p.name for p in run_dir.iterdir()} >= {"log.txt", "pipeline.yaml", "run.json"}
    assert_in_pages(NAME, f"**{result.output}**", '{"a": 300, "b": 10}', "`taskOutputArtifact`")


def test_other_arguments_change_the_file(tmp_path: Path) -> None:
    args = {"a": 7, "b": 6}
    result = run_local(lesson.file_passing_pipeline, args, output_dir=tmp_path, progress=False)
    assert result.output == 42
    path = Path(result.task("write-numbers").outputs["numbers"]["path"])
    assert json.loads(path.read_text()) == {"a": 7, "b": 6}


def test_model_file_holds_the_fitted_line(runs: dict[str, RunResult]) -> None:
    result = runs["model_pipeline"]
    points = Path(result.task("make-points").outputs["points"]["path"]).read_text().splitlines()
    assert points[0] == "x,y" and len(points) == 1 + 20
    model = result.task("fit-line").outputs["model"]
    assert model["artifact"] == "system.Model"
    assert model["metadata"] == {"framework": "plain-python"}
    params = json.loads(Path(model["path"]).read_text())
    assert params["slope"] == pytest.approx(2.0) and params["intercept"] == pytest.approx(1.0)
    assert result.output == pytest.approx(2.0 * 10.0 + 1.0)
    assert_in_pages(NAME, f"**{result.output:.1f}**")


def test_folder_artifact_is_a_directory(runs: dict[str, RunResult]) -> None:
    result = runs["directory_pipeline"]
    folder = result.task("write-shards").outputs["folder"]
    path = Path(folder["path"])
    assert path.is_dir()
    assert sorted(p.name for p in path.iterdir()) == ["part-000.csv", "part-001.csv", "part-002.csv"]
    assert folder["metadata"] == {"files": 3.0}  # metadata numbers come back as floats
    assert result.output == 3 * 4 == 12
    assert "part-002.csv: 4 rows" in result.task("count-rows").log
    assert_in_pages(NAME, f"**{result.output}**")


def test_exercise_two_readers_share_one_file(tmp_path: Path) -> None:
    result = run_local(lesson.two_readers_pipeline, output_dir=tmp_path, progress=False)
    assert result.output == 310
    uri = result.task("write-numbers").outputs["numbers"]["uri"]
    assert result.task("multiply-numbers").inputs["numbers"]["uri"] == uri
    assert result.task("add-numbers").inputs["numbers"]["uri"] == uri
    compiled = compile_pipeline(lesson.two_readers_pipeline)
    deps = {name: set(task.get("dependentTasks", [])) for name, task in compiled.all_tasks().items()}
    assert deps["add-numbers"] == deps["multiply-numbers"] == {"write-numbers"}
    assert_in_pages(NAME, f"**{result.output}**")


def test_exercise_v1_paths_give_the_same_result(tmp_path: Path) -> None:
    result = run_local(lesson.file_passing_paths_pipeline, output_dir=tmp_path, progress=False)
    assert result.output == 3000
    compiled = compile_pipeline(lesson.file_passing_paths_pipeline)
    writer = component_of(compiled, "write-numbers-with-path")
    assert "numbers_path" in writer["outputDefinitions"]["artifacts"]  # the name is kept
    assert schema(writer["outputDefinitions"], "numbers_path") == "system.Dataset"
    assert_in_pages(NAME, '`writer.outputs["numbers_path"]`')


def test_page_structure() -> None:
    check_page_structure(NAME)
