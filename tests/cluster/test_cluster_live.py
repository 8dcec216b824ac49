"""Every lesson example on a real Kubeflow Pipelines (marker ``cluster``).

    kfp-tutorial cluster up                      # once; then
    KFP_HOST=http://localhost:8080 pytest -m cluster

A full Kubeflow works too: KFP_HOST=https://HOST/pipeline with KFP_NAMESPACE and KFP_TOKEN
or KFP_COOKIE (see kfp_tutorial/remote/connection.py). Without ``KFP_HOST``, or when it
does not answer, every test here is skipped with the reason. Nothing else in the suite
needs a cluster.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.registry import LESSONS, Example
from kfp_tutorial.remote import submit
from kfp_tutorial.remote.connection import Connection, resolve_connection
from kfp_tutorial.remote.kind_cluster import pipeline_images
from kfp_tutorial.spec.compiler import compile_pipeline

EXPERIMENT = "kfp-tutorial-tests"
RUN_TIMEOUT = float(os.environ.get("KFP_TEST_TIMEOUT", "900"))  # seconds per run
GPU_ENV = "KFP_TEST_GPU"


def live_endpoint(env: dict[str, str] | None = None) -> tuple[Connection | None, str]:
    """(connection, "") when KFP answers at ``$KFP_HOST``; else (None, why the live tests skip)."""
    env = dict(os.environ) if env is None else env
    host = env.get("KFP_HOST", "").strip()
    if not host:
        return None, (
            "KFP_HOST is not set: start a cluster with `kfp-tutorial cluster up`, then run "
            "`KFP_HOST=http://localhost:8080 pytest -m cluster`"
        )
    try:
        conn = resolve_connection(env=env)
        assert conn is not None
        submit.check_reachable(conn, timeout=5.0)
    except TutorialError as error:
        return None, f"KFP_HOST={host} is not reachable: {error}"
    return conn, ""


def needs_gpu(example: Example) -> bool:
    """True when a task of the example asks for an accelerator (kind has none)."""
    compiled = compile_pipeline(example.pipeline)
    for task in compiled.all_tasks().values():
        resources = (compiled.executor(task) or {}).get("container", {}).get("resources", {})
        if "accelerator" in resources:
            return True
    return False


def all_examples() -> list[Any]:
    return [
        pytest.param(example, id=f"{lesson.name}:{example.func_name}")
        for lesson in LESSONS
        for example in lesson.examples
    ]


@pytest.fixture(scope="module")
def kfp() -> tuple[Connection, Any]:
    """The live KFP's connection and one client for the whole module, or a skip that says why."""
    conn, reason = live_endpoint()
    if conn is None:
        pytest.skip(reason)
    return conn, submit.make_client(conn)


@pytest.mark.cluster
@pytest.mark.parametrize("example", all_examples())
def test_example_succeeds_on_the_cluster(kfp: tuple[Connection, Any], example: Example) -> None:
    host, client = kfp
    if not example.on_kind and not os.environ.get(GPU_ENV):
        compile_pipeline(example.pipeline)  # it must compile; the run would wait for hardware
        pytest.skip(
            f"{example.func_name} needs hardware a kind cluster lacks (a GPU): "
            f"set {GPU_ENV}=1 on a cluster that has one"
        )
    lines: list[str] = []
    result = submit.submit_run(
        example.pipeline,
        dict(example.arguments),
        host,
        client=client,
        experiment=EXPERIMENT,
        enable_caching=False,  # really run every task
        timeout=RUN_TIMEOUT,
        out=lines.append,
    )
    assert result.status == "SUCCESS", "\n".join(lines)
    assert result.tasks, f"{result.url}: the run reports no tasks"
    assert all(task.status in ("SUCCESS", "SKIPPED", "CACHED") for task in result.tasks), lines


@pytest.mark.cluster
def test_upload_twice_adds_a_version(kfp: tuple[Connection, Any]) -> None:
    from kfp_tutorial.lessons.lesson09_cluster import where_pipeline

    host, client = kfp
    first = submit.upload_pipeline(where_pipeline, host, name="kfp-tutorial-tests-where", client=client)
    second = submit.upload_pipeline(where_pipeline, host, name="kfp-tutorial-tests-where", client=client)
    assert second.new_version and second.pipeline_id == first.pipeline_id
    assert second.version_id


@pytest.mark.cluster
def test_lesson11_calls_on_the_cluster(kfp: tuple[Connection, Any], tmp_path: Any) -> None:
    """Every kfp.Client call of lesson 11, on the live KFP (recurring runs paused, then deleted)."""
    import uuid

    from kfp_tutorial.lessons import lesson11_kfp_client as lesson11

    conn, client = kfp
    namespace = conn.namespace
    experiment_id = lesson11.create_experiment(client, EXPERIMENT, namespace)
    package = lesson11.compile_package(lesson11.square_pipeline, str(tmp_path / "square.yaml"))
    name = f"kfp-tutorial-tests-square-{uuid.uuid4().hex[:8]}"
    pipeline_id, first_version = lesson11.upload(client, package, name, namespace)
    version_id = lesson11.upload_version(client, package, pipeline_id, "second")
    assert version_id != first_version
    run_id = lesson11.run_version(client, experiment_id, pipeline_id, version_id, {"x": 3.0})
    package_run = lesson11.run_package(client, package, {"x": 2.0}, EXPERIMENT, namespace)
    assert lesson11.wait(client, run_id, timeout=int(RUN_TIMEOUT)) == "SUCCEEDED"
    assert lesson11.wait(client, package_run, timeout=int(RUN_TIMEOUT)) == "SUCCEEDED"
    assert run_id in {
        r.run_id for r in client.list_runs(experiment_id=experiment_id, page_size=100).runs
    }
    details = lesson11.task_details(client, run_id)
    assert {"square", "record"} <= set(details) and details["record"]["outputs"].get("metrics")
    schedules = [
        lesson11.schedule_cron(client, experiment_id, pipeline_id, version_id),
        lesson11.schedule_every(client, experiment_id, package),
    ]
    try:
        for recurring_run_id in schedules:
            lesson11.pause(client, recurring_run_id)
            assert client.get_recurring_run(recurring_run_id).status == "DISABLED"
    finally:
        for recurring_run_id in schedules:
            client.delete_recurring_run(recurring_run_id)
    assert lesson11.archive(client, package_run) == "ARCHIVED"


# --- without a cluster: the skip reasons themselves -----------------------------------------


def test_skip_reason_names_the_missing_host() -> None:
    host, reason = live_endpoint({})
    assert host is None
    assert reason.startswith("KFP_HOST is not set: start a cluster with `kfp-tutorial cluster up`")


def test_skip_reason_names_the_unreachable_host() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    host, reason = live_endpoint({"KFP_HOST": f"http://127.0.0.1:{port}"})
    assert host is None
    assert reason.startswith(f"KFP_HOST=http://127.0.0.1:{port} is not reachable: ")
    assert "kfp-tutorial cluster up" in reason


def test_every_example_is_collected_and_only_gpu_ones_are_off_kind() -> None:
    """The live suite covers the whole registry, and an example is marked ``on_kind=False``
    exactly when its spec asks for an accelerator (a run on kind would stay Pending)."""
    params = all_examples()
    examples = [example for lesson in LESSONS for example in lesson.examples]
    assert len(params) == len(examples) >= 10
    gpu = {example.func_name for example in examples if needs_gpu(example)}
    off_kind = {example.func_name for example in examples if not example.on_kind}
    assert gpu == off_kind and "gpu_pipeline" in gpu
    from kfp_tutorial.lessons.lesson09_cluster import where_pipeline

    assert pipeline_images(where_pipeline) == {"python:3.11-slim"}
