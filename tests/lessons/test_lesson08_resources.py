"""Lesson 08 (resources): every task setting is in the compiled spec (or the Kubernetes
platform spec), the local runner names the settings it ignores, and the settings that
kfp.local does apply (environment variables, caching, retries) really work.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons import lesson08_resources as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from lesson_checks import assert_in_pages, check_page_structure

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = REPO / "kfp_tutorial" / "cluster" / "manifests"
NAME = "08-resources"
PAGES = {lang: REPO / "lessons" / lang / f"{NAME}.md" for lang in ("en", "ko")}


def run(pipeline: Any, args: dict[str, Any], output_dir: Path, **kwargs: Any) -> tuple[RunResult, str]:
    """Run locally; return the result and what the runner printed."""
    out = io.StringIO()
    result = run_local(pipeline, args, output_dir=output_dir, stream=out, **kwargs)
    return result, out.getvalue()


def task_and_k8s(compiled: CompiledPipeline, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    task = compiled.all_tasks()[name]
    return task, compiled.kubernetes_config(task)


# ----------------------------------------------------------------------------- spec


def test_resources_spec_has_requests_limits_env_retry_and_caching() -> None:
    compiled = compile_pipeline(lesson.resources_pipeline)
    tasks = compiled.all_tasks()
    train = compiled.executor(tasks["train"])["container"]
    assert train["resources"] == {
        "cpuRequest": 0.5,
        "cpuLimit": 1.0,
        "memoryRequest": 0.268435456,  # GB: 256 MiB
        "memoryLimit": 0.536870912,
        "resourceCpuRequest": "500m",
        "resourceCpuLimit": "1",
        "resourceMemoryRequest": "256Mi",
        "resourceMemoryLimit": "512Mi",
    }
    assert train["env"] == [{"name": "TRAINING_MODE", "value": "fast"}]
    fetch = tasks["fetch-data"]
    assert fetch["retryPolicy"] == {
        "maxRetryCount": 3,
        "backoffDuration": "1s",
        "backoffFactor": 2.0,
        "backoffMaxDuration": "10s",
    }
    assert fetch["cachingOptions"].get("enableCache", False) is False
    assert tasks["normalize"]["cachingOptions"] == {"enableCache": True}  # the default
    run_id = fetch["inputs"]["parameters"]["run_id"]["runtimeValue"]["constant"]
    assert run_id == "{{$.pipeline_job_uuid}}"
    assert "resources" not in compiled.executor(fetch)["container"]
    assert compiled.platform == {}  # nothing Kubernetes-specific in this pipeline


def test_gpu_spec_has_accelerator_node_selector_and_toleration() -> None:
    compiled = compile_pipeline(lesson.gpu_pipeline)
    task, k8s = task_and_k8s(compiled, "check-gpu")
    resources = compiled.executor(task)["container"]["resources"]
    assert resources["accelerator"] == {
        "type": "nvidia.com/gpu",
        "count": "1",
        "resourceType": "nvidia.com/gpu",
        "resourceCount": "1",
    }
    assert k8s["nodeSelector"] == {"labels": {"nvidia.com/gpu.present": "true"}}
    assert k8s["tolerations"] == [
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
    ]


def test_settings_spec_has_secret_and_config_map() -> None:
    compiled = compile_pipeline(lesson.settings_pipeline)
    task, k8s = task_and_k8s(compiled, "show-settings")
    (secret_env,) = k8s["secretAsEnv"]
    assert secret_env["secretName"] == lesson.SECRET_NAME
    assert {(e["secretKey"], e["envVar"]) for e in secret_env["keyToEnv"]} == {
        ("username", "DB_USER"),
        ("password", "DB_PASSWORD"),
    }
    (secret_volume,) = k8s["secretAsVolume"]
    assert secret_volume["secretName"] == lesson.SECRET_NAME
    assert secret_volume["mountPath"] == lesson.SECRET_DIR
    # The component looks where the Secret is mounted.
    secret_dir = task["inputs"]["parameters"]["secret_dir"]["runtimeValue"]["constant"]
    assert secret_dir == lesson.SECRET_DIR
    (config_env,) = k8s["configMapAsEnv"]
    assert config_env["configMapName"] == lesson.CONFIG_MAP_NAME
    assert config_env["keyToEnv"] == [{"configMapKey": "region", "envVar": "REGION"}]
    assert secret_env["optional"] is False and config_env["optional"] is False


def test_pvc_spec_creates_mounts_and_deletes_the_claim() -> None:
    compiled = compile_pipeline(lesson.pvc_pipeline)
    tasks = compiled.all_tasks()
    create = tasks["createpvc"]["inputs"]["parameters"]
    assert {k: v["runtimeValue"]["constant"] for k, v in create.items()} == {
        "access_modes": ["ReadWriteOnce"],
        "size": "1Gi",
        "storage_class_name": "standard",
        "pvc_name_suffix": "-kfp-tutorial",
    }
    for name in ("write-file", "read-file"):
        (mount,) = compiled.kubernetes_config(tasks[name])["pvcMount"]
        assert mount["mountPath"] == "/data"
        assert mount["pvcNameParameter"]["taskOutputParameter"] == {
            "producerTask": "createpvc",
            "outputParameterKey": "name",
        }
    delete = tasks["deletepvc"]
    assert set(delete["dependentTasks"]) == {"createpvc", "read-file"}
    assert (
        delete["inputs"]["parameters"]["pvc_name"]["taskOutputParameter"]["producerTask"] == "createpvc"
    )
    for name in ("createpvc", "write-file", "read-file", "deletepvc"):
        assert tasks[name]["cachingOptions"].get("enableCache", False) is False, name


def test_pod_settings_spec_has_the_user_the_folder_and_the_run_config() -> None:
    compiled = compile_pipeline(lesson.pod_settings_pipeline)
    config = compiled.kubernetes_config(compiled.all_tasks()["write-file"])
    assert config["securityContext"] == {"runAsUser": "1000", "runAsGroup": "1000"}
    (mount,) = config["pvcMount"]
    assert (mount["mountPath"], mount["subPath"], mount["constant"]) == (
        "/data",
        "lesson08",
        "team-data",
    )
    pipeline_config = compiled.platform["platforms"]["kubernetes"]["pipelineConfig"]
    assert pipeline_config == {
        "activeDeadlineSeconds": 1800,
        "resourceTtlOnSuccess": 3600,
        "resourceTtlOnFailure": 86400,
    }
    for quoted in (
        "`securityContext: {runAsUser: '1000', runAsGroup: '1000'}`",
        "`subPath: lesson08`",
        "`activeDeadlineSeconds: 1800`",
        "`resourceTtlOnSuccess: 3600`",
        "`resourceTtlOnFailure: 86400`",
    ):
        assert_in_pages(NAME, quoted)
    assert "pod_settings_pipeline" not in {ex.func_name for ex in lesson.EXAMPLES}  # compiled only


def test_pipeline_config_refuses_what_argo_cannot_take() -> None:
    from kfp import dsl

    with pytest.raises(TypeError, match="must be an int"):
        dsl.PipelineConfig(active_deadline_seconds=1800.0)
    with pytest.raises(ValueError, match="non-negative"):
        dsl.PipelineConfig(ttl_seconds_after_finished=-1)


@pytest.mark.slow
def test_pod_settings_are_ignored_locally(tmp_path: Path) -> None:
    result, _ = run(lesson.pod_settings_pipeline, {}, tmp_path)
    assert result.status == "FAILURE"  # nothing is mounted at /data
    assert result.ignored_settings == {"write-file": ["pvcMount", "securityContext"]}


def test_exercise_specs() -> None:
    compiled = compile_pipeline(lesson.exercise_resources_pipeline)
    train = compiled.executor(compiled.all_tasks()["train"])["container"]
    assert train["resources"]["resourceMemoryRequest"] == "1Gi"
    assert train["resources"]["resourceMemoryLimit"] == "2Gi"
    assert train["env"] == [{"name": "TRAINING_MODE", "value": "thorough"}]
    compiled = compile_pipeline(lesson.exercise_config_map_volume_pipeline)
    task, k8s = task_and_k8s(compiled, "show-settings")
    (volume,) = k8s["configMapAsVolume"]
    assert volume["configMapName"] == lesson.CONFIG_MAP_NAME
    assert volume["mountPath"] == task["inputs"]["parameters"]["secret_dir"]["runtimeValue"]["constant"]


def test_ignored_settings_name_each_setting_once() -> None:
    assert compile_pipeline(lesson.resources_pipeline).local_ignored_settings() == {
        "train": ["cpuLimit", "cpuRequest", "memoryLimit", "memoryRequest"]
    }
    assert compile_pipeline(lesson.gpu_pipeline).local_ignored_settings() == {
        "check-gpu": ["accelerator", "nodeSelector", "tolerations"]
    }
    assert compile_pipeline(lesson.settings_pipeline).local_ignored_settings() == {
        "show-settings": ["configMapAsEnv", "secretAsEnv", "secretAsVolume"]
    }


# ------------------------------------------------------------------------ manifests


def test_manifests_match_the_pipeline_and_hold_only_placeholders() -> None:
    secret = yaml.safe_load((MANIFESTS / "lesson08-secret.yaml").read_text())
    config_map = yaml.safe_load((MANIFESTS / "lesson08-configmap.yaml").read_text())
    assert (secret["kind"], secret["metadata"]["name"]) == ("Secret", lesson.SECRET_NAME)
    assert (config_map["kind"], config_map["metadata"]["name"]) == ("ConfigMap", lesson.CONFIG_MAP_NAME)
    _, k8s = task_and_k8s(compile_pipeline(lesson.settings_pipeline), "show-settings")
    used_secret_keys = {e["secretKey"] for e in k8s["secretAsEnv"][0]["keyToEnv"]}
    used_config_keys = {e["configMapKey"] for e in k8s["configMapAsEnv"][0]["keyToEnv"]}
    assert used_secret_keys <= set(secret["stringData"])
    assert used_config_keys <= set(config_map["data"])
    assert "placeholder" in secret["stringData"]["password"]
    for path in (MANIFESTS / "lesson08-secret.yaml", MANIFESTS / "lesson08-configmap.yaml"):
        assert "kubectl apply -f cluster/manifests/" in path.read_text()


# ----------------------------------------------------------------------------- runs


@pytest.mark.slow
def test_resources_pipeline_runs_locally_with_env_and_warning(tmp_path: Path) -> None:
    result, printed = run(
        lesson.resources_pipeline, {"rows": 100, "failures_before_success": 0}, tmp_path
    )
    assert result.status == "SUCCESS"
    # The environment variable is applied locally; the page quotes this output.
    assert result.output == "mode=fast rows=100 mean=0.500"
    assert result.task("fetch-data").log.count("attempt ") == 1
    warning = [line for line in printed.splitlines() if "ignores these settings" in line]
    assert warning == [
        "Note: the local runner ignores these settings of task 'train': "
        "cpuLimit, cpuRequest, memoryLimit, memoryRequest. They take effect on a cluster."
    ]
    assert result.ignored_settings == {
        "train": ["cpuLimit", "cpuRequest", "memoryLimit", "memoryRequest"]
    }


@pytest.mark.slow
def test_retry_runs_the_task_again_until_it_succeeds(tmp_path: Path) -> None:
    result, _ = run(lesson.resources_pipeline, {"rows": 10, "failures_before_success": 2}, tmp_path)
    assert result.status == "SUCCESS"
    fetch = result.task("fetch-data")
    assert [line.strip() for line in fetch.log.splitlines() if line.strip().startswith("attempt ")] == [
        "attempt 1",
        "attempt 2",
        "attempt 3",
    ]
    assert fetch.log.count("failed on purpose") >= 2
    assert_in_pages(NAME, "`attempt 1`", "`attempt 2`", "`attempt 3`")
    assert fetch.seconds >= 3.0  # backoff: 1 s, then 2 s (backoff_factor=2.0)
    assert len(fetch.outputs["Output"]) == 10


@pytest.mark.slow
def test_caching_reuses_outputs_except_where_turned_off(tmp_path: Path) -> None:
    args = {"rows": 20, "failures_before_success": 0}
    first, _ = run(lesson.resources_pipeline, args, tmp_path, enable_caching=True)
    second, _ = run(lesson.resources_pipeline, args, tmp_path, enable_caching=True)
    assert {t.name: t.status for t in first.tasks} == {
        "fetch-data": "SUCCESS",
        "normalize": "SUCCESS",
        "train": "SUCCESS",
    }
    assert {t.name: t.status for t in second.tasks} == {
        "fetch-data": "SUCCESS",  # set_caching_options(enable_caching=False): runs every time
        "normalize": "CACHED",
        "train": "CACHED",
    }
    assert second.output == first.output
    # Environment variables are part of the cache key: another mode runs train again.
    third, _ = run(lesson.exercise_resources_pipeline, {"rows": 20}, tmp_path, enable_caching=True)
    assert third.task("normalize").status == "CACHED"
    assert third.task("train").status == "SUCCESS"
    assert third.output == "mode=thorough rows=20 mean=0.500"
    assert_in_pages(NAME, "`CACHED`", "`fetch-data`", "`memoryLimit, memoryRequest`")
    assert third.ignored_settings == {"train": ["memoryLimit", "memoryRequest"]}


@pytest.mark.slow
def test_settings_pipeline_runs_locally_without_the_kubernetes_objects(tmp_path: Path) -> None:
    result, printed = run(lesson.settings_pipeline, {}, tmp_path)
    assert result.status == "SUCCESS"
    assert result.output.splitlines() == [
        "DB_USER: not set",
        "DB_PASSWORD: not set",
        "REGION: not set",
        f"{lesson.SECRET_DIR}: not mounted",
    ]
    assert "'show-settings': configMapAsEnv, secretAsEnv, secretAsVolume." in printed


def test_show_settings_reports_a_mounted_secret_without_its_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the task reports on a cluster, where Kubernetes fills in env and files."""
    (tmp_path / "username").write_text("tutorial-user")
    (tmp_path / "password").write_text("s3cret-value")
    (tmp_path / "..data").mkdir()  # Kubernetes' own bookkeeping in a Secret volume
    monkeypatch.setenv("DB_USER", "tutorial-user")
    monkeypatch.setenv("DB_PASSWORD", "s3cret-value")
    monkeypatch.setenv("REGION", "example-region-1")
    report = lesson.show_settings.python_func(secret_dir=str(tmp_path))
    assert report.splitlines() == [
        "DB_USER: set (value hidden)",
        "DB_PASSWORD: set (value hidden)",
        "REGION: example-region-1",
        f"{tmp_path}: password, username",
    ]
    assert "s3cret" not in report


@pytest.mark.slow
def test_gpu_pipeline_runs_locally_and_names_ignored_settings(tmp_path: Path) -> None:
    result, printed = run(lesson.gpu_pipeline, {}, tmp_path)
    assert result.status == "SUCCESS"
    if shutil.which("nvidia-smi") is None:
        assert result.output == "no GPU visible"
        assert_in_pages(NAME, f"`{result.output}`")
    assert "'check-gpu': accelerator, nodeSelector, tolerations." in printed
    assert_in_pages(NAME, "`" + ", ".join(result.ignored_settings["check-gpu"]) + "`")


def test_pages_follow_the_conventions() -> None:
    check_page_structure(NAME)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pvc_pipeline_is_refused_locally_with_a_pointer_to_the_cluster(
    lang: str, tmp_path: Path
) -> None:
    previous = i18n.get_lang()
    i18n.set_lang(lang)
    try:
        with pytest.raises(TutorialError) as caught:
            target = "08-resources --pipeline pvc_pipeline"  # what the CLI passes
            run_local(lesson.pvc_pipeline, {}, output_dir=tmp_path, target=target)
    finally:
        i18n.set_lang(previous)
    assert caught.value.key == "kubernetes_component_local"
    message = str(caught.value)
    assert "kubernetes.CreatePVC" in message
    assert "kfp-tutorial run 08-resources --pipeline pvc_pipeline --host URL" in message
    assert ("cannot run locally" in message) == (lang == "en")
    assert ("로컬에서 실행할 수 없습니다" in message) == (lang == "ko")
    assert not list(tmp_path.iterdir())  # refused before anything ran


@pytest.mark.slow
def test_examples(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    local = {e.func_name: e.local for e in lesson.EXAMPLES}
    assert local == {
        "resources_pipeline": True,
        "settings_pipeline": True,
        "gpu_pipeline": True,
        "pvc_pipeline": False,
    }
    from kfp_tutorial.cli import main

    assert main(["--lang", "en", "run", "08-resources", "--output-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "3 succeeded, 0 failed, 1 skipped" in out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_messages_quoted_on_the_page_are_what_the_runner_prints(lang: str, tmp_path: Path) -> None:
    previous = i18n.get_lang()
    i18n.set_lang(lang)
    try:
        args = {"rows": 100, "failures_before_success": 0}
        result, printed = run(lesson.resources_pipeline, args, tmp_path)
        with pytest.raises(TutorialError) as refused:
            target = "08-resources --pipeline pvc_pipeline"
            run_local(lesson.pvc_pipeline, {}, output_dir=tmp_path, target=target)
    finally:
        i18n.set_lang(previous)
    page = PAGES[lang].read_text(encoding="utf-8")
    (warning,) = [line for line in printed.splitlines() if "'train'" in line]
    assert warning in page
    assert str(refused.value) in page
    assert f"`{result.output}`" in page
    settings_lines = lesson.show_settings.python_func(secret_dir=lesson.SECRET_DIR).splitlines()
    assert "\n".join(settings_lines) in page  # the local report, as shown
    config_map = yaml.safe_load((MANIFESTS / "lesson08-configmap.yaml").read_text())
    assert f"`REGION: {config_map['data']['region']}`" in page  # on a cluster
