"""Lesson 10 (reusable components): the compiled specs hold what the lesson teaches (a
component loaded from YAML equal to the one compiled from Python, a sub-DAG, an importer
node, the containerized component's image), and real local runs give the numbers the
pages quote. What kfp 2.17 refuses (a ``file://`` URL, a literal list of artifacts) is
pinned too, so an upgrade that changes it breaks a named test.
"""

from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from kfp import compiler, components, dsl
from kfp.dsl import Dataset
from kfp.dsl.types.type_utils import InconsistentTypeException

from kfp_tutorial.lessons import lesson10_reusable_components as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure
from tools.notebooks import SOURCE_KEY, synced_cells

NAME = "10-reusable-components"
REPO = Path(__file__).resolve().parents[2]


def component_of(compiled: CompiledPipeline, task: str) -> dict[str, Any]:
    return compiled.component(compiled.all_tasks()[task])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    """Each local example of the lesson, run once with its registry arguments."""
    out = tmp_path_factory.mktemp("lesson10")
    return {
        ex.func_name: run_local(ex.pipeline, ex.arguments, output_dir=out, progress=False)
        for ex in lesson.EXAMPLES
        if ex.local
    }


# ----------------------------------------------------------------------------- spec


def test_yaml_round_trip_gives_the_same_spec(tmp_path: Path) -> None:
    path = lesson.save_component(lesson.scale, tmp_path / "scale.yaml")
    text = path.read_text()
    assert "comp-scale" in text and "deploymentSpec" in text
    from_file = lesson.load_shared_component(path)
    from_text = components.load_component_from_text(text)
    for loaded in (from_file, from_text, lesson.shared_scale):
        assert loaded.component_spec == lesson.scale.component_spec
        assert loaded.pipeline_spec == lesson.scale.pipeline_spec
    # a pipeline that uses the loaded component compiles to the same component
    compiled = compile_pipeline(lesson.shared_component_pipeline)
    assert component_of(compiled, "scale")["executorLabel"] == "exec-scale"


def test_load_from_url_needs_http_not_file(tmp_path: Path) -> None:
    path = lesson.save_component(lesson.scale, tmp_path / "scale.yaml")
    # kfp 2.17 fetches with requests, which has no file:// adapter: the page says so
    with pytest.raises(requests.exceptions.InvalidSchema, match="No connection adapters"):
        components.load_component_from_url(path.resolve().as_uri())
    with lesson.serve_folder(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        loaded = lesson.load_from_url(f"{base}/scale.yaml")
    assert loaded.component_spec == lesson.scale.component_spec
    assert_in_pages(NAME, "`InvalidSchema`", "`file://`")


def test_named_outputs_and_optional_inputs_in_the_spec() -> None:
    compiled = compile_pipeline(lesson.outputs_pipeline)
    outputs = component_of(compiled, "describe")["outputDefinitions"]["parameters"]
    assert {name: o["parameterType"] for name, o in outputs.items()} == {
        "total": "NUMBER_DOUBLE",
        "mean": "NUMBER_DOUBLE",
        "count": "NUMBER_INTEGER",
    }
    inputs = component_of(compiled, "label")["inputDefinitions"]
    assert inputs["parameters"]["unit"]["isOptional"] is True
    assert inputs["artifacts"]["notes"]["isOptional"] is True
    assert "isOptional" not in inputs["parameters"]["mean"]
    wired = compiled.all_tasks()["label"]["inputs"]["parameters"]["mean"]["taskOutputParameter"]
    assert wired == {"outputParameterKey": "mean", "producerTask": "describe"}
    assert set(compiled.all_tasks()["label"]["inputs"]["parameters"]) == {"mean"}  # unit left out


def test_list_of_artifacts_in_the_spec() -> None:
    compiled = compile_pipeline(lesson.collected_pipeline)
    shards = component_of(compiled, "merge-shards")["inputDefinitions"]["artifacts"]["shards"]
    assert shards["isArtifactList"] is True
    assert shards["artifactType"]["schemaTitle"] == "system.Dataset"
    source = compiled.root_tasks["merge-shards"]["inputs"]["artifacts"]["shards"]["taskOutputArtifact"]
    assert source["producerTask"].startswith("for-loop")


def test_a_literal_list_of_artifacts_is_refused() -> None:
    """The page: only dsl.Collected makes a list of artifacts in kfp 2.17."""
    with pytest.raises(InconsistentTypeException, match="Argument type 'LIST' is incompatible"):

        @dsl.pipeline(name="literal-list")
        def literal_list() -> int:
            first = lesson.make_shard(index=0)
            second = lesson.make_shard(index=1)
            return lesson.merge_shards(shards=[first.outputs["shard"], second.outputs["shard"]]).output


def test_nested_pipeline_is_a_sub_dag() -> None:
    compiled = compile_pipeline(lesson.nested_pipeline)
    prepared = compiled.root_tasks["prepare"]
    assert prepared["taskInfo"]["name"] == "prepare the input"  # set_display_name
    sub = compiled.component(prepared)
    assert "dag" in sub and set(sub["dag"]["tasks"]) == {"scale", "add"}
    output = sub["dag"]["outputs"]["parameters"]["Output"]["valueFromParameter"]
    assert output == {"outputParameterKey": "Output", "producerSubtask": "add"}
    outer = compiled.root_tasks["scale"]["inputs"]["parameters"]["value"]["taskOutputParameter"]
    assert outer == {"outputParameterKey": "Output", "producerTask": "prepare"}


def test_importer_node_in_the_spec() -> None:
    compiled = compile_pipeline(lesson.importer_pipeline)
    importer = compiled.root_tasks["importer"]
    executor = compiled.spec["deploymentSpec"]["executors"][
        compiled.component(importer)["executorLabel"]
    ]["importer"]
    assert executor["artifactUri"] == {"runtimeParameter": "uri"}
    assert executor["typeSchema"]["schemaTitle"] == "system.Dataset"
    assert executor["metadata"] == {"source": "lesson 10 sample"}
    assert importer["inputs"]["parameters"]["uri"] == {"componentInputParameter": "uri"}
    assert "reimport" not in executor  # reimport=False is the default


def test_names_and_placeholders_in_the_spec() -> None:
    compiled = compile_pipeline(lesson.names_pipeline)
    tasks = compiled.root_tasks
    assert tasks["where-am-i"]["taskInfo"]["name"] == "where am I"
    assert tasks["add"]["taskInfo"]["name"] == "add a and b"
    params = tasks["where-am-i"]["inputs"]["parameters"]
    constants = {name: p["runtimeValue"]["constant"] for name, p in params.items()}
    assert constants == {
        "job": "{{$.pipeline_job_name}}",
        "task": "{{$.pipeline_task_name}}",
        "root": "{{$.pipeline_root}}",
    }
    message = tasks["announce"]["inputs"]["parameters"]
    assert message["message"]["runtimeValue"]["constant"] == (
        "the sum is {{$.inputs.parameters['pipelinechannel--add-Output']}}"
    )
    assert message["pipelinechannel--add-Output"]["taskOutputParameter"]["producerTask"] == "add"
    assert tasks["announce"]["dependentTasks"] == ["add"]


def test_a_format_spec_on_a_task_output_is_refused() -> None:
    """The page: a task output inside an f-string works, with a format spec it does not."""
    with pytest.raises(TypeError, match="unsupported format string"):

        @dsl.pipeline(name="format-spec")
        def format_spec() -> None:
            total = lesson.add(a=1.0, b=2.0)
            lesson.announce(message=f"the sum is {total.output:.1f}")

    assert_in_pages(NAME, "`{total.output:.1f}`", "`TypeError`")


def test_an_artifact_in_an_f_string_stays_a_placeholder(tmp_path: Path) -> None:
    """The page: an artifact inside an f-string raises nothing, and the message keeps an
    unfilled placeholder when the pipeline runs."""

    @dsl.pipeline(name="artifact-in-message")
    def artifact_in_message() -> str:
        shard = lesson.make_shard(index=0)
        return lesson.announce(message=f"file {shard.outputs['shard']}").output

    result = run_local(artifact_in_message, output_dir=tmp_path, progress=False)
    assert result.output.startswith("file {{channel:task=make-shard;name=shard;")
    assert_in_pages(NAME, "`{{channel:task=...}}`")


def test_containerized_component_names_its_image(tmp_path: Path) -> None:
    path = lesson.save_component(lesson.scale_in_image, tmp_path / "scale_in_image.yaml")
    executor = yaml.safe_load(path.read_text())["deploymentSpec"]["executors"]["exec-scale-in-image"]
    container = executor["container"]
    assert container["image"] == "registry.example.com/kfp-tutorial/scale:1.0"  # target_image
    assert container["command"] == ["python3", "-m", "kfp.dsl.executor_main"]
    assert "def scale_in_image" not in path.read_text()  # the code is in the image, not the spec
    assert "def scale(" in lesson.save_component(lesson.scale, tmp_path / "s.yaml").read_text()
    compiled = compile_pipeline(lesson.containerized_pipeline)
    gpu = compiled.spec["deploymentSpec"]["executors"]["exec-gpu-check"]["container"]
    assert gpu["image"] == "registry.example.com/kfp-tutorial/gpu-check:1.0"
    accelerator = gpu["resources"]["accelerator"]
    assert accelerator["resourceType"] == "nvidia.com/gpu" and accelerator["resourceCount"] == "1"
    assert lesson.gpu_check.component_spec.implementation.container.image == gpu["image"]
    assert_in_pages(NAME, "`kfp component build`", "`registry.example.com/kfp-tutorial/scale:1.0`")


def test_additional_funcs_travel_inside_each_component() -> None:
    """The helper's source is in each component's program, which runs with nothing else
    (as its task runs it); without additional_funcs the same function fails."""
    for component in (lesson.convert_readings, lesson.warmest_celsius):
        program = component.component_spec.implementation.container.command[-1]
        assert "def to_celsius(fahrenheit: float) -> float:" in program
        namespace: dict[str, Any] = {}
        exec(compile(program, component.name, "exec"), namespace)  # noqa: S102
        assert namespace["to_celsius"](212.0) == 100.0
    alone = dsl.component(base_image=lesson.BASE_IMAGE)(lesson.convert_readings.python_func)
    program = alone.component_spec.implementation.container.command[-1]
    namespace = {}
    exec(compile(program, "alone", "exec"), namespace)  # noqa: S102
    with pytest.raises(NameError, match="to_celsius"):
        namespace["convert_readings"](readings=[212.0])


def test_the_notebook_component_embeds_its_notebook() -> None:
    import nbformat

    program = lesson.notebook_report.component_spec.implementation.container.command[-1]
    assert "__KFP_EMBEDDED_ARCHIVE_B64" in program and "lesson10_report.ipynb" in program
    notebook = nbformat.read(lesson.REPORT_NOTEBOOK, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "report_path" in tagged[0].source
    # the pinned packages are the versions the course installs (pyproject.toml)
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert set(lesson.NOTEBOOK_PACKAGES) <= set(project["dependencies"])
    executor = lesson.notebook_report.pipeline_spec.deployment_spec["executors"]
    install = " ".join(executor["exec-notebook-report"]["container"]["command"])
    assert all(package in install for package in lesson.NOTEBOOK_PACKAGES)
    assert "ipykernel>=6,<7" not in install  # kfp's default, which would downgrade ipykernel


def test_the_workspace_is_in_the_spec_and_required(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    compiler.Compiler().compile(lesson.workspace_pipeline, str(path))
    spec, platform = yaml.safe_load_all(path.read_text(encoding="utf-8"))
    kubernetes = platform["platforms"]["kubernetes"]
    assert kubernetes["pipelineConfig"]["workspace"]["size"] == "1Gi"
    importer = spec["deploymentSpec"]["executors"]["exec-importer"]["importer"]
    assert importer["downloadToWorkspace"] is True
    with pytest.raises(ValueError, match="PipelineConfig"):

        @dsl.pipeline(name="no-workspace")
        def no_workspace() -> str:
            return lesson.write_shared(text="x", workspace=dsl.WORKSPACE_PATH_PLACEHOLDER).output

        compiler.Compiler().compile(no_workspace, str(tmp_path / "no.yaml"))
    assert_in_pages(NAME, "`pipelineConfig.workspace.size: 1Gi`")


# ----------------------------------------------------------------------------- runs


def test_shared_component_runs(runs: dict[str, RunResult]) -> None:
    result = runs["shared_component_pipeline"]
    assert result.succeeded and result.output == 2.5 * 4.0 == 10.0
    assert_in_pages(NAME, f"**{result.output}**")


def test_named_outputs_run(runs: dict[str, RunResult]) -> None:
    result = runs["outputs_pipeline"]
    assert result.task("describe").outputs == {"total": 15.0, "mean": 5.0, "count": 3}
    assert result.task("label").outputs == {"Output": "mean 5.0"}
    assert result.output == "mean 5.0 cm"
    assert_in_pages(NAME, "`mean 5.0`", f"`{result.output}`", "`count` **3**")


def test_collected_artifacts_run(runs: dict[str, RunResult]) -> None:
    result = runs["collected_pipeline"]
    shards = [t for t in result.tasks if t.name == "make-shard"]
    assert sorted(t.outputs["shard"]["metadata"]["rows"] for t in shards) == [1.0, 2.0, 3.0]
    assert result.output == 1 + 2 + 3 == 6
    assert "3 shards, 6 rows" in result.task("merge-shards").log
    assert_in_pages(NAME, f"**{result.output}**", "`3 shards, 6 rows`")


def test_nested_pipeline_runs(runs: dict[str, RunResult]) -> None:
    result = runs["nested_pipeline"]
    assert [t.outputs["Output"] for t in result.tasks] == [10.0, 11.0, 22.0]
    assert result.output == (1.0 * 10.0 + 1.0) * 2.0 == 22.0
    assert_in_pages(NAME, "**11.0**", f"**{result.output}**")


def test_importer_brings_the_file_in(runs: dict[str, RunResult]) -> None:
    result = runs["importer_pipeline"]
    imported = result.task("importer").outputs["artifact"]
    assert imported["artifact"] == "system.Dataset"
    assert imported["metadata"] == {"source": "lesson 10 sample"}
    assert imported["uri"] == lesson.sample_data_file()  # the file, where it already was
    assert result.output == 4
    assert "metadata {'source': 'lesson 10 sample'}" in result.task("count-rows").log
    assert result.task("label").outputs == {"Output": "mean 0.5 (x,y)"}
    assert_in_pages(NAME, f"**{result.output}**", "`mean 0.5 (x,y)`", "`lesson 10 sample`")


def test_placeholders_are_filled_in(runs: dict[str, RunResult]) -> None:
    result = runs["names_pipeline"]
    assert result.output == "the sum is 10.0"
    where = result.task("where-am-i").outputs["Output"]
    job_name = Path(result.run_dir).name
    assert job_name.startswith("names-")
    assert where == f"job {job_name}, task where-am-i, root {Path(result.run_dir).parent}"
    assert_in_pages(NAME, f"`{result.output}`", "`where-am-i`")


def test_the_shared_helper_pipeline_runs(runs: dict[str, RunResult]) -> None:
    result = runs["shared_helper_pipeline"]
    assert result.task("convert-readings").outputs["Output"] == [100.0, 0.0, 37.0]
    assert result.output == 100.0
    assert_in_pages(NAME, "`[100.0, 0.0, 37.0]`", f"**{result.output}**")


def test_the_notebook_runs_as_a_task(runs: dict[str, RunResult]) -> None:
    result = runs["notebook_pipeline"]
    report = Path(result.task("notebook-report").outputs["report"]["path"]).read_text()
    assert report.splitlines()[-1] == "| 3 | 5.00 |"
    assert "3 values, mean 5.00" in result.task("notebook-report").log  # the notebook's print
    assert_in_pages(NAME, "`| 3 | 5.00 |`")


def test_the_workspace_is_shared_and_removed(runs: dict[str, RunResult]) -> None:
    result = runs["workspace_pipeline"]
    assert result.output == "written by the first task; 4 rows"
    copied = Path(result.task("importer").outputs["artifact"]["path"])
    assert ".artifacts" in copied.parts and not copied.exists()  # the workspace is gone
    assert_in_pages(NAME, f"`{result.output}`")


def test_a_component_runs_alone(tmp_path: Path) -> None:
    assert lesson.run_alone(str(tmp_path)) == 10.0
    assert list(tmp_path.glob("scale-*/scale/executor_output.json"))
    assert lesson.describe_alone(str(tmp_path), [1.0, 2.0, 6.0]) == {
        "total": 9.0,
        "mean": 3.0,
        "count": 3,
    }
    assert_in_pages(NAME, "`{'total': 9.0, 'mean': 3.0, 'count': 3}`")


def test_exercise_sub_pipeline_with_two_outputs(tmp_path: Path) -> None:
    compiled = compile_pipeline(lesson.bounds_width_pipeline)
    sub = compiled.component(compiled.root_tasks["bounds"])
    assert set(sub["dag"]["outputs"]["parameters"]) == {"low", "high"}
    result = run_local(lesson.bounds_width_pipeline, {"x": 4.0}, output_dir=tmp_path, progress=False)
    assert result.output == 4.0 * 2.0 - 4.0 * 0.5 == 6.0
    assert_in_pages(NAME, f"**{result.output}**")


def test_examples_and_pages() -> None:
    assert {e.func_name for e in lesson.EXAMPLES if not e.local} == {"containerized_pipeline"}
    (containerized,) = [e for e in lesson.EXAMPLES if not e.local]
    assert not containerized.on_kind
    assert isinstance(lesson.importer_pipeline, dsl.base_component.BaseComponent)
    assert Dataset.schema_title == "system.Dataset"
    check_page_structure(NAME)


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebook_cells_are_the_modules_sections(lang: str) -> None:
    """The notebook defines the lesson's components and pipelines in editable cells whose
    source is the module's snippet section, so a learner can change one and rerun it."""
    import re

    import nbformat

    module_path = Path(lesson.__file__)
    repo = module_path.parents[2]
    notebook = repo / "notebooks" / lang / f"{NAME}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    synced = {c.metadata[SOURCE_KEY]: c.source for c in nb.cells if SOURCE_KEY in c.metadata}
    prefix = "kfp_tutorial/lessons/lesson10_reusable_components.py:"
    assert set(synced) == {
        prefix + name
        for name in (
            "scale",
            "share_yaml",
            "load_text",
            "load_url",
            "outputs_components",
            "outputs_pipeline",
            "collected_components",
            "nested_pipeline",
            "importer_pipeline",
            "names_pipeline",
            "additional_funcs",
            "notebook_component",
            "workspace_pipeline",
            "containerized",
            "run_alone",
            "exercise_sub_outputs",
            "exercise_alone",
        )
    }
    stale = [cell.target for cell in synced_cells(notebook) if not cell.in_sync]
    assert stale == [], f"{lang}: stale cells (python -m tools.notebooks sync)"
    # the notebook runs its own definitions: from the module it imports two helpers only
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    imported = re.findall(r"from kfp_tutorial\.lessons\.lesson10_reusable_components import (.+)", code)
    assert imported == ["component_yaml, sample_data_file", "NOTEBOOK_PACKAGES, REPORT_NOTEBOOK"]
