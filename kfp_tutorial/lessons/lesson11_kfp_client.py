"""Lesson 11: the KFP API. ``kfp.Client`` itself, one call at a time.

Lesson 09's ``kfp-tutorial run --host`` hides the client; here each call is a small
function a learner can read and reuse: experiments, pipelines and their versions, runs
from an uploaded version or from a package, listing and waiting, recurring runs,
archiving, and what a run's task details say about its artifacts. The pipeline they
submit is small and also runs locally. Without a host the notebook prints each call and
the REST request it would send (:func:`show_plan`), so it runs anywhere; the tests run
every call against a fake KFP API held to the 2.17.0 REST definitions.
Used in: lesson 11 (page, notebook, tests/lessons/test_lesson11_kfp_client.py).
"""

import json
from typing import Any

from kfp import dsl
from kfp.dsl import Metrics, Output

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.registry import Example

# Where KFP 2.17.0 stores artifacts when a run sets no pipeline root (the launcher's
# default, backend/src/v2/config/env.go).
DEFAULT_PIPELINE_ROOT = "minio://mlpipeline/v2/artifacts"

# Each call of this lesson and the REST request kfp.Client sends for it (the tests check
# these against what the client really sends to the fake API).
API_CALLS: dict[str, str] = {
    "create_experiment": "POST /apis/v2beta1/experiments",
    "upload_pipeline": "POST /apis/v2beta1/pipelines/upload",
    "upload_pipeline_version": "POST /apis/v2beta1/pipelines/upload_version",
    "run_pipeline": "POST /apis/v2beta1/runs",
    "create_run_from_pipeline_package": "POST /apis/v2beta1/runs",
    "list_runs": "GET /apis/v2beta1/runs",
    "get_run": "GET /apis/v2beta1/runs/{run_id}",
    "wait_for_run_completion": "GET /apis/v2beta1/runs/{run_id}",
    "create_recurring_run": "POST /apis/v2beta1/recurringruns",
    "disable_recurring_run": "POST /apis/v2beta1/recurringruns/{recurring_run_id}:disable",
    "archive_run": "POST /apis/v2beta1/runs/{run_id}:archive",
}


# --8<-- [start:pipeline]
@dsl.component(base_image=BASE_IMAGE)
def square(x: float) -> float:
    """x squared."""
    return x * x


@dsl.component(base_image=BASE_IMAGE)
def record(value: float, metrics: Output[Metrics]) -> str:
    """Log ``value`` as a metric (an output artifact) and describe it."""
    metrics.log_metric("value", value)
    return f"value = {value}"


@dsl.pipeline(name="square-and-record", description="Square x, then record it as a metric.")
def square_pipeline(x: float = 3.0) -> str:
    squared = square(x=x)
    return record(value=squared.output).outputs["Output"]


# --8<-- [end:pipeline]


# --8<-- [start:connect]
def connect(host: str, token: str | None = None, cookie: str | None = None) -> Any:
    """A kfp.Client for ``host``; a token or a Dex cookie for a full Kubeflow."""
    import kfp

    return kfp.Client(
        host=host,  # e.g. "http://localhost:8080" or "https://kubeflow.example.com/pipeline"
        existing_token=token or None,  # sent as "Authorization: Bearer <token>"
        cookies=cookie or None,  # e.g. "authservice_session=..." from the browser
    )


# --8<-- [end:connect]


# --8<-- [start:experiment]
def create_experiment(client: Any, name: str, namespace: str | None = None) -> str:
    """Create the experiment ``name`` (or get it, if it exists); return its ID."""
    experiment = client.create_experiment(name=name, namespace=namespace or None)
    return str(experiment.experiment_id)


# --8<-- [end:experiment]


# --8<-- [start:compile_package]
def compile_package(pipeline: Any, path: str) -> str:
    """Compile ``pipeline`` to the YAML file that uploads and runs send; return its path."""
    from kfp import compiler

    compiler.Compiler().compile(pipeline, package_path=path)
    return path


# --8<-- [end:compile_package]


# --8<-- [start:upload]
def upload(client: Any, package: str, name: str, namespace: str | None = None) -> tuple[str, str]:
    """Upload a new pipeline; return its ID and the ID of its first version."""
    pipeline = client.upload_pipeline(package, pipeline_name=name, namespace=namespace or None)
    versions = client.list_pipeline_versions(pipeline.pipeline_id)
    return str(pipeline.pipeline_id), str(versions.pipeline_versions[0].pipeline_version_id)


def upload_version(client: Any, package: str, pipeline_id: str, version_name: str) -> str:
    """Upload ``package`` as a new version of an existing pipeline; return the version's ID."""
    version = client.upload_pipeline_version(
        package, pipeline_version_name=version_name, pipeline_id=pipeline_id
    )
    return str(version.pipeline_version_id)


# --8<-- [end:upload]


# --8<-- [start:run_version]
def run_version(
    client: Any, experiment_id: str, pipeline_id: str, version_id: str, arguments: dict[str, Any]
) -> str:
    """Start a run of an uploaded pipeline version; return the run's ID."""
    run = client.run_pipeline(
        experiment_id=experiment_id,
        job_name="square from the uploaded version",
        pipeline_id=pipeline_id,
        version_id=version_id,  # both IDs are needed; the version decides the spec
        params=arguments,
    )
    return str(run.run_id)


# --8<-- [end:run_version]


# --8<-- [start:run_package]
def run_package(
    client: Any, package: str, arguments: dict[str, Any], experiment: str, namespace: str | None = None
) -> str:
    """Start a run from a compiled file, without uploading it; return the run's ID."""
    result = client.create_run_from_pipeline_package(
        package,
        arguments=arguments,
        run_name="square from a package",
        experiment_name=experiment,  # created if it does not exist
        namespace=namespace or None,
        enable_caching=False,  # recompute every task, whatever the cache holds
    )
    return str(result.run_id)


# --8<-- [end:run_package]


# --8<-- [start:follow]
def list_run_states(client: Any, experiment_id: str) -> list[tuple[str, str]]:
    """The experiment's runs, newest first, as (name, state)."""
    response = client.list_runs(experiment_id=experiment_id, sort_by="created_at desc", page_size=20)
    return [(run.display_name, str(run.state)) for run in response.runs or []]


def wait(client: Any, run_id: str, timeout: int = 1800, poll_seconds: int = 5) -> str:
    """Wait until the run ends; return its final state (SUCCEEDED, FAILED, ...)."""
    run = client.wait_for_run_completion(run_id, timeout=timeout, sleep_duration=poll_seconds)
    return str(run.state)


def state_of(client: Any, run_id: str) -> str:
    """The run's state right now (PENDING, RUNNING, SUCCEEDED, ...)."""
    return str(client.get_run(run_id).state)


# --8<-- [end:follow]


# --8<-- [start:recurring]
def schedule_cron(
    client: Any, experiment_id: str, pipeline_id: str, version_id: str, cron: str = "0 0 6 * * *"
) -> str:
    """Run an uploaded version on a cron schedule (6 fields, seconds first: daily at 06:00)."""
    recurring = client.create_recurring_run(
        experiment_id=experiment_id,
        job_name="square every morning",
        cron_expression=cron,
        pipeline_id=pipeline_id,
        version_id=version_id,
        params={"x": 3.0},
    )
    return str(recurring.recurring_run_id)


def schedule_every(client: Any, experiment_id: str, package: str, seconds: int = 3600) -> str:
    """Run a compiled file every ``seconds``, at most one run at a time."""
    recurring = client.create_recurring_run(
        experiment_id=experiment_id,
        job_name="square every hour",
        interval_second=seconds,
        pipeline_package_path=package,
        params={"x": 3.0},
        max_concurrency=1,
    )
    return str(recurring.recurring_run_id)


def pause(client: Any, recurring_run_id: str) -> None:
    """Stop a recurring run from starting new runs (enable_recurring_run resumes it)."""
    client.disable_recurring_run(recurring_run_id)


# --8<-- [end:recurring]


# --8<-- [start:archive]
def archive(client: Any, run_id: str) -> str:
    """Move a run to the archive (it is kept, and can be restored); return its storage state."""
    client.archive_run(run_id)
    return str(client.get_run(run_id).storage_state)  # "ARCHIVED"


# --8<-- [end:archive]


# --8<-- [start:task_details]
def task_details(client: Any, run_id: str) -> dict[str, dict[str, Any]]:
    """Each task of a run: its state, its pod and its output artifacts' IDs."""
    run = client.get_run(run_id)
    tasks = {}
    for task in run.run_details.task_details or []:
        if task.display_name == "root" or task.display_name.endswith("-driver"):
            continue  # the pipeline's own DAG and KFP's driver steps
        outputs = {name: list(found.artifact_ids or []) for name, found in (task.outputs or {}).items()}
        tasks[task.display_name] = {"state": str(task.state), "pod": task.pod_name, "outputs": outputs}
    return tasks


def artifact_folder(
    pipeline_name: str, run_id: str, task: str, root: str = DEFAULT_PIPELINE_ROOT
) -> str:
    """Where a task's output artifacts are stored: the UI's Input/Output tab gives the full URI."""
    return f"{root}/{pipeline_name}/{run_id}/{task}/"


# --8<-- [end:task_details]


# --8<-- [start:exercise_hourly]
def hourly_without_catchup(client: Any, experiment_id: str, package: str) -> str:
    """Every hour; after a pause, start one run for now instead of one per missed hour."""
    recurring = client.create_recurring_run(
        experiment_id=experiment_id,
        job_name="square hourly, no catch-up",
        interval_second=3600,
        pipeline_package_path=package,
        params={"x": 3.0},
        no_catchup=True,
    )
    return str(recurring.recurring_run_id)


# --8<-- [end:exercise_hourly]


# --8<-- [start:exercise_last_failed]
def last_failed_run(client: Any, experiment_id: str) -> str | None:
    """The ID of the experiment's newest failed run, or None."""
    only_failed = {"predicates": [{"key": "state", "operation": "EQUALS", "string_value": "FAILED"}]}
    response = client.list_runs(
        experiment_id=experiment_id,
        filter=json.dumps(only_failed),
        sort_by="created_at desc",
        page_size=1,
    )
    runs = response.runs or []
    return str(runs[0].run_id) if runs else None


# --8<-- [end:exercise_last_failed]


def show_plan(call: str, **arguments: Any) -> str:
    """Without a host: the kfp.Client call and the REST request it would send (printed too).

    Used in: lesson 11's notebook, which must run without a cluster.
    """
    shown = ", ".join(f"{key}={value!r}" for key, value in arguments.items())
    text = f"client.{call}({shown})\n  -> {API_CALLS[call]}"
    print(text)
    return text


EXAMPLES = [Example(square_pipeline, {"x": 3.0})]
