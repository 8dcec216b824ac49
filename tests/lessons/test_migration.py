"""The v1 → v2 migration guide: every v2 pipeline compiles, the local ones run for real,
the compiled specs say what the guide says, and both pages cover the whole mapping table."""

import inspect
import os
import re
from pathlib import Path

import pytest
import yaml

from kfp_tutorial import migration_guide as migration
from kfp_tutorial import run_local
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.spec.compiler import compile_pipeline, load_compiled

REPO = Path(__file__).resolve().parents[2]
PAGES = {lang: REPO / "lessons" / lang / "migration.md" for lang in ("en", "ko")}
LOCAL = [ex for ex in migration.EXAMPLES if ex.local]
CLUSTER_ONLY = [ex for ex in migration.EXAMPLES if not ex.local]


def page(lang: str) -> str:
    return PAGES[lang].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run every locally-runnable v2 pipeline of the guide once, for real."""
    out = tmp_path_factory.mktemp("migration_runs")
    return {
        ex.func_name: run_local(ex.pipeline, ex.arguments, output_dir=out, progress=False)
        for ex in LOCAL
    }


@pytest.mark.parametrize("example", migration.EXAMPLES, ids=lambda ex: ex.func_name)
def test_every_pipeline_compiles(example) -> None:
    compiled = compile_pipeline(example.pipeline)
    assert compiled.name == example.name
    assert compiled.all_tasks(), f"{example.name} compiled to a pipeline without tasks"


@pytest.mark.slow
def test_local_pipelines_succeed(results) -> None:
    assert set(results) == {ex.func_name for ex in LOCAL}
    for name, result in results.items():
        assert result.status == "SUCCESS", f"{name}: {[(t.path, t.status) for t in result.tasks]}"
        assert result.tasks and all(t.status == "SUCCESS" for t in result.tasks)


# Results the pages quote, each checked against a real run below.
QUOTED = {
    "add_pipeline": ("Output", 12.0, "12.0"),
    "file_pipeline": ("total", 30, "30"),
    "metrics_pipeline": ("Output", 0.6, "0.6"),
    "env_pipeline": ("Output", "hello", '"hello"'),
}


@pytest.mark.slow
@pytest.mark.parametrize("func_name", sorted(QUOTED))
def test_quoted_results_come_from_real_runs(results, func_name: str) -> None:
    key, value, shown = QUOTED[func_name]
    assert results[func_name].outputs[key] == value
    for lang in PAGES:
        assert shown in page(lang), f"{lang} page does not quote {shown} for {func_name}"


@pytest.mark.slow
def test_file_pipeline_passes_an_artifact_to_both_styles(results) -> None:
    result = results["file_pipeline"]
    assert result.outputs == {"rows": 5, "total": sum(x * x for x in range(5))}
    produced = next(t for t in result.tasks if t.name == "make-squares")
    table = produced.outputs["table"]
    assert table["artifact"] == "system.Dataset"
    assert table["metadata"]["rows"] == 5
    assert Path(table["path"]).read_text(encoding="utf-8").splitlines()[:2] == ["x,square", "0,0"]


def test_input_path_still_exists_and_keeps_its_name() -> None:
    """v1 dropped "_path" from InputPath names; v2 keeps the name and makes it an artifact."""
    compiled = compile_pipeline(migration.file_pipeline)
    task = compiled.all_tasks()["sum-squares"]
    artifacts = compiled.component(task)["inputDefinitions"]["artifacts"]
    assert set(artifacts) == {"table_path"}
    assert artifacts["table_path"]["artifactType"]["schemaTitle"] == "system.Dataset"


@pytest.mark.slow
def test_metrics_artifacts(results) -> None:
    task = results["metrics_pipeline"].tasks[0]
    assert task.outputs["metrics"]["artifact"] == "system.Metrics"
    assert task.outputs["metrics"]["metadata"] == {"accuracy": 0.6}
    confusion = task.outputs["confusion"]
    assert confusion["artifact"] == "system.ClassificationMetrics"
    matrix = confusion["metadata"]["confusionMatrix"]
    assert [c["displayName"] for c in matrix["annotationSpecs"]] == ["cat", "dog"]
    assert [row["row"] for row in matrix["rows"]] == [[1, 1], [1, 2]]
    assert task.outputs["summary"]["artifact"] == "system.Markdown"
    assert "**0.60**" in Path(task.outputs["summary"]["path"]).read_text(encoding="utf-8")
    assert task.outputs["report"]["artifact"] == "system.HTML"
    assert "<h1>Evaluation</h1>" in Path(task.outputs["report"]["path"]).read_text(encoding="utf-8")


@pytest.mark.slow
def test_condition_runs_only_the_elif_branch(results) -> None:
    result = results["condition_pipeline"]
    graded = [t for t in result.tasks if t.name.startswith("announce")]
    assert [t.inputs.get("grade") for t in graded] == ["B"]  # 8 of 10 = 80.0: the Elif
    assert "grade: B" in graded[0].log


def test_condition_compiles_to_three_exclusive_branches() -> None:
    compiled = compile_pipeline(migration.condition_pipeline)
    triggers = [
        task["triggerPolicy"]["condition"]
        for task in compiled.all_tasks().values()
        if "triggerPolicy" in task
    ]
    assert len(triggers) == 3
    assert any(">= 90.0" in c for c in triggers) and any(">= 70.0" in c for c in triggers)
    # Elif and Else carry the negation of the earlier branches
    assert sum("!(" in c for c in triggers) == 2


def test_gpu_settings_are_in_the_compiled_spec() -> None:
    compiled = compile_pipeline(migration.gpu_pipeline)
    executor = compiled.executor(compiled.all_tasks()["train"])
    resources = executor["container"]["resources"]
    assert resources["accelerator"]["resourceType"] == "nvidia.com/gpu"
    assert resources["accelerator"]["resourceCount"] == "1"
    assert resources["resourceCpuLimit"] == "2"
    assert resources["resourceMemoryLimit"] == "4G"
    # v1's add_node_selector_constraint is a node selector in v2 too (kfp-kubernetes)
    selector = compiled.kubernetes_config(compiled.all_tasks()["train"])["nodeSelector"]
    assert selector == {"labels": {"cloud.google.com/gke-accelerator": "nvidia-tesla-t4"}}


@pytest.mark.slow
def test_gpu_pipeline_runs_locally_and_reports_ignored_settings(results) -> None:
    result = results["gpu_pipeline"]
    assert result.outputs["Output"] == "trained for 3 epochs"
    assert "accelerator" in result.ignored_settings["train"]


def test_env_variable_is_in_the_compiled_spec() -> None:
    compiled = compile_pipeline(migration.env_pipeline)
    env = compiled.executor(compiled.all_tasks()["read-env"])["container"]["env"]
    assert env == [{"name": "GREETING", "value": "hello"}]


def test_volume_and_secret_are_in_the_platform_spec() -> None:
    compiled = compile_pipeline(migration.volume_pipeline)
    tasks = compiled.all_tasks()
    create = compiled.component(tasks["createpvc"])
    assert compiled.executor(tasks["createpvc"])["container"]["image"] == "argostub/createpvc"
    assert "access_modes" in create["inputDefinitions"]["parameters"]
    assert tasks["createpvc"]["inputs"]["parameters"]["size"]["runtimeValue"]["constant"] == "1Gi"
    for name in ("write-file", "read-file"):
        mounts = compiled.kubernetes_config(tasks[name])["pvcMount"]
        assert [m["mountPath"] for m in mounts] == ["/data"]
        assert mounts[0]["pvcNameParameter"]["taskOutputParameter"]["producerTask"] == "createpvc"
    secret = compiled.kubernetes_config(tasks["read-file"])["secretAsEnv"][0]
    assert secret["secretName"] == "db-credentials"
    assert secret["keyToEnv"] == [{"envVar": "DB_PASSWORD", "secretKey": "password"}]
    assert set(tasks["deletepvc"]["dependentTasks"]) == {"createpvc", "read-file"}


@pytest.mark.parametrize("example", CLUSTER_ONLY, ids=lambda ex: ex.func_name)
def test_cluster_only_pipelines_are_refused_locally_with_a_reason(example, tmp_path) -> None:
    with pytest.raises(TutorialError) as err:
        run_local(example.pipeline, example.arguments, output_dir=tmp_path, progress=False)
    # a container component, or kfp-kubernetes' CreatePVC/DeletePVC (done by the backend)
    assert err.value.key in ("container_component_local", "kubernetes_component_local")
    assert "cluster" in str(err.value)


def test_container_component_spec() -> None:
    compiled = compile_pipeline(migration.container_pipeline)
    container = compiled.executor(compiled.all_tasks()["write-greeting"])["container"]
    assert container["image"] == migration.BASE_IMAGE
    assert container["command"][:2] == ["sh", "-c"]
    # file_outputs={"greeting": ...} became an OutputPath the system fills in
    assert container["args"] == [
        "{{$.inputs.parameters['name']}}",
        "{{$.outputs.parameters['greeting'].output_file}}",
    ]


def test_packages_to_install_is_kept() -> None:
    from kfp import dsl

    @dsl.pipeline(name="uses-pandas")
    def uses_pandas() -> str:
        return migration.describe_csv(csv_text="a\n1\n").output

    compiled = compile_pipeline(uses_pandas)
    command = " ".join(compiled.executor(compiled.all_tasks()["describe-csv"])["container"]["command"])
    assert "pandas==2.2.3" in command


def test_submit_uses_the_v2_client_signature() -> None:
    """``submit`` calls kfp.Client.create_run_from_pipeline_func with arguments it accepts."""
    import kfp

    source = inspect.getsource(migration.submit)
    used = set(re.findall(r"^\s+(\w+)=", source.split("create_run_from_pipeline_func(")[1], re.M))
    accepted = set(inspect.signature(kfp.Client.create_run_from_pipeline_func).parameters)
    assert used == {"arguments", "experiment_name", "enable_caching"}
    assert used <= accepted
    assert "host" in inspect.signature(kfp.Client).parameters


def test_client_does_not_check_argument_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide: kfp 2.17's Client sends an int for a float parameter as it is; the strict
    check is when a pipeline is defined or called locally."""
    import kfp
    from kfp.dsl.types.type_utils import InconsistentTypeException

    sent: dict = {}
    client = kfp.Client.__new__(kfp.Client)  # no endpoint: the request itself is replaced
    monkeypatch.setattr(client, "create_run_from_pipeline_package", lambda **kw: sent.update(kw))
    client.create_run_from_pipeline_func(migration.add_pipeline, arguments={"a": 1, "b": 7})
    assert sent["arguments"] == {"a": 1, "b": 7}  # no error, no conversion
    with pytest.raises(InconsistentTypeException, match="NUMBER_INTEGER"):
        migration.add(a=1, b=4.0)  # a literal of the wrong type, in a pipeline or locally
    for lang in PAGES:
        assert "TODO" in page(lang) and "`kfp.Client`" in page(lang)


def test_v1_output_path_types(tmp_path) -> None:
    """The guide's warning: OutputPath("dict") fails in kfp 2.17, OutputPath("CSV") becomes a
    generic system.Artifact."""
    from kfp import dsl

    for v1_type in ("dict", "list", "JsonObject"):
        with pytest.raises(
            TypeError, match="Artifacts must have both a schema_title and a schema_version"
        ):

            @dsl.component(base_image=migration.BASE_IMAGE)
            def write_json(out: dsl.OutputPath(v1_type)):
                pass

    @dsl.component(base_image=migration.BASE_IMAGE)
    def write_csv(out: dsl.OutputPath("CSV")):
        pass

    assert write_csv.component_spec.outputs["out"].type == "system.Artifact@0.0.1"
    for lang in PAGES:
        assert "Artifacts must have both a schema_title and a schema_version" in page(lang)
        assert '`OutputPath("CSV")`' in page(lang) and "`system.Artifact`" in page(lang)


def test_compile_refuses_a_zip_path(tmp_path) -> None:
    from kfp import compiler

    with pytest.raises(ValueError, match=r'should end with "\.yaml"'):
        compiler.Compiler().compile(migration.add_pipeline, package_path=str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
    for lang in PAGES:
        assert 'should end with ".yaml"' in page(lang)


def test_log_metric_has_no_format() -> None:
    from kfp.dsl import Metrics

    parameters = set(inspect.signature(Metrics.log_metric).parameters)
    assert parameters == {"self", "metric", "value"}  # no format: PERCENTAGE or RAW
    for lang in PAGES:
        assert "PERCENTAGE" in page(lang)


@pytest.mark.cluster
def test_submit_to_a_real_cluster() -> None:
    host = os.environ.get("KFP_HOST")
    if not host:
        pytest.skip("no KFP endpoint: set KFP_HOST to run this against a cluster")
    assert migration.submit(migration.add_pipeline, {"a": 1.0, "b": 7.0}, host=host)


def test_compile_writes_the_ir_format(tmp_path) -> None:
    path = migration.compile_add_pipeline(tmp_path / "add_pipeline.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(doc) == [
        "components",
        "deploymentSpec",
        "pipelineInfo",
        "root",
        "schemaVersion",
        "sdkVersion",
    ]
    assert "apiVersion" not in doc and "kind" not in doc  # no Argo Workflow any more


def test_outline_file_is_what_the_compiler_produces() -> None:
    checked_in = (REPO / migration.OUTLINE_PATH).read_text(encoding="utf-8")
    assert checked_in == migration.spec_outline(), (
        "lessons/data/migration-spec-outline.yaml is stale: "
        "run python -m kfp_tutorial.migration_guide outline"
    )
    body = load_compiled(checked_in)
    compiled = compile_pipeline(migration.OUTLINE_PIPELINE)
    assert list(body.spec) == list(compiled.spec)
    assert body.platform == compiled.platform


def test_outline_check_command(tmp_path, capsys) -> None:
    target = tmp_path / "outline.yaml"
    assert migration.main(["outline", "--check", "-o", str(target)]) == 1
    assert migration.main(["outline", "-o", str(target)]) == 0
    assert migration.main(["outline", "--check", "-o", str(target)]) == 0
    assert "up to date" in capsys.readouterr().out


# --- the pages -----------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_page_covers_the_whole_mapping(lang: str) -> None:
    text = page(lang)
    for row in migration.MAPPING:
        assert row.v1 in text, f"{lang} page does not mention v1 {row.v1}"
        assert row.v2 in text, f"{lang} page does not mention v2 {row.v2}"
        assert f"({row.lesson}.md" in text, f"{lang} page does not link lesson {row.lesson}"


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_table_rows_match_the_mapping(lang: str) -> None:
    """Each MAPPING row is one table row: v1 and v2 names and the lesson link together."""
    rows = [line for line in page(lang).splitlines() if line.startswith("|")]
    for row in migration.MAPPING:
        assert any(row.v1 in line and row.v2 in line and f"({row.lesson}.md" in line for line in rows), (
            f"{lang}: no table row with {row.v1} → {row.v2} → {row.lesson}"
        )


def test_mapping_lessons_exist_and_teach_the_v2_api() -> None:
    names = {lesson.name: lesson for lesson in LESSONS}
    for row in migration.MAPPING:
        assert row.lesson in names, row.lesson
        lesson = names[row.lesson]
        taught = inspect.getsource(lesson.module) + "".join(
            (REPO / "lessons" / lang / f"{lesson.name}.md").read_text(encoding="utf-8")
            for lang in ("en", "ko")
        )
        key = row.v2.removeprefix("@").removeprefix("kubernetes.").removeprefix("dsl.")
        assert key in taught, f"lesson {row.lesson} does not teach {row.v2}"


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_page_includes_every_code_section(lang: str) -> None:
    source = (REPO / "kfp_tutorial" / "migration_guide.py").read_text(encoding="utf-8")
    sections = re.findall(r"# --8<-- \[start:(\w+)\]", source)
    text = page(lang)
    for section in sections:
        assert f'--8<-- "kfp_tutorial/migration_guide.py:{section}"' in text, section
    assert '--8<-- "lessons/data/migration-spec-outline.yaml"' in text


def test_pages_have_the_same_heading_ids_and_snippets() -> None:
    def ids(text: str) -> list[str]:
        return re.findall(r"^#+ .*\{#([\w-]+)\}\s*$", text, re.M)

    def snippets(text: str) -> list[str]:
        return re.findall(r"--8<-- \"([^\"]+)\"", text)

    from tools.parity import language_neutral

    en, ko = page("en"), page("ko")
    assert ids(en) and ids(en) == ids(ko)
    assert snippets(en) == [language_neutral(target, "ko") for target in snippets(ko)]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_v1_blocks_are_labelled_and_not_run(lang: str) -> None:
    """Every v1 block is marked as old code; none of it is imported anywhere."""
    text = page(lang)
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    v1_blocks = [b for b in blocks if "--8<--" not in b]
    assert len(v1_blocks) >= 8
    for block in v1_blocks:
        assert block.startswith("# v1 (old)"), block[:80]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_ui_names_are_those_of_kfp_2(lang: str) -> None:
    """KFP 2's UI has no Visualizations tab: an artifact's panel has Artifact Info and
    Visualization (lesson 09 says so too); the guide and lessons 00 and 05 agree."""
    assert "Visualizations tab" not in page(lang) and "Visualizations 탭" not in page(lang)
    for name in ("migration", "05-metrics", "00-getting-started"):
        text = (REPO / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8")
        assert "**Artifact Info**" in text and "**Visualization**" in text, f"{lang}/{name}.md"
    text = page(lang)
    assert "archiveLogs" in text and "main.log" in text  # logs after the pod is gone


# The rows for what kfp 2.15-2.17 added (issue 22): each links the section that teaches it,
# and that section's lesson module or page uses the v2 call the row names.
NEW_FEATURE_ROWS = {
    "kfp pipeline create": ("11-kfp-client", "kfp-cli"),
    "kfp run create": ("11-kfp-client", "kfp-cli"),
    "additional_funcs=[helper]": ("10-reusable-components", "additional-funcs"),
    "set_security_context(task": ("08-resources", "pod-settings"),
    'sub_path="x"': ("08-resources", "pod-settings"),
    "ttl_seconds_after_finished=n": ("08-resources", "pod-settings"),
    "active_deadline_seconds=n": ("08-resources", "pod-settings"),
    "WorkspaceConfig(size=...)": ("10-reusable-components", "workspace"),
}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_new_feature_rows_link_the_sections_that_teach_them(lang: str) -> None:
    rows = [line for line in page(lang).splitlines() if line.startswith("|")]
    for v2, (lesson_name, anchor) in NEW_FEATURE_ROWS.items():
        (row,) = [line for line in rows if v2 in line]
        assert f"({lesson_name}.md#{anchor})" in row, row
        lesson_page = (REPO / "lessons" / lang / f"{lesson_name}.md").read_text(encoding="utf-8")
        assert f"{{#{anchor}}}" in lesson_page, (lesson_name, anchor)
        module = {lesson.name: lesson for lesson in LESSONS}[lesson_name].module
        taught = lesson_page + inspect.getsource(module)
        call = v2.split("(")[0].split("=")[0].replace("kfp ", "")
        assert call.split()[-1] in taught, (lesson_name, call)
