"""Submit the course's pipelines to a real Kubeflow Pipelines (KFP) and follow the run.

``kfp-tutorial run LESSON --host URL`` (or ``KFP_HOST``) lands here: first a short HTTP
GET of ``{host}/apis/v2beta1/healthz`` (an unreachable host is a translated message
that says how to start the cluster, never a traceback or kfp's own 25 s of retries),
then ``kfp.Client(host=...)`` creates the experiment ``kfp-tutorial`` and a run, polls
``get_run`` and prints every change of the run's and its tasks' state, the run's UI
link and the final status. ``kfp-tutorial upload LESSON --host URL`` uploads the
compiled pipeline (a new version when a pipeline of that name exists).

Without a host, :func:`submit_or_preview` and :func:`upload_or_preview` compile the
pipeline and show what they *would* send, so lesson 09's notebook runs anywhere.
The client is injectable (``client=`` or ``client_factory=``): the tests use a fake.
Used in: lesson 09, the CLI (``run --host``, ``upload``), tests/test_cluster_live.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import LOCAL_UI

HOST_ENV = "KFP_HOST"
DEFAULT_EXPERIMENT = "kfp-tutorial"
HEALTHZ_PATH = "/apis/v2beta1/healthz"
FINAL_STATES = frozenset({"SUCCEEDED", "FAILED", "SKIPPED", "CANCELED"})
DEFAULT_TIMEOUT = 1800.0  # seconds a run may take before we stop waiting
DEFAULT_POLL = 5.0  # seconds between two get_run calls

i18n.register_messages(
    {
        "kfp_unreachable": {
            "en": "Kubeflow Pipelines does not answer at {host} ({error}). Start the course's "
            "local cluster with 'kfp-tutorial cluster up' (its UI is then at {local}), or "
            "make another cluster's UI reachable with 'kfp-tutorial cluster port-forward'; "
            "'kfp-tutorial cluster status' shows what runs. Then try again with --host {local} "
            "(or: export KFP_HOST={local}).",
            "ko": "{host}에서 Kubeflow Pipelines가 응답하지 않습니다 ({error}). "
            "'kfp-tutorial cluster up'으로 과정용 로컬 클러스터를 시작하거나(UI 주소: {local}), "
            "다른 클러스터라면 'kfp-tutorial cluster port-forward'로 UI에 접속할 수 있게 하세요. "
            "'kfp-tutorial cluster status'로 상태를 볼 수 있습니다. 그다음 --host {local} "
            "(또는 export KFP_HOST={local})로 다시 실행하세요.",
        },
        "kfp_not_kfp": {
            "en": "{host} answers, but not as the KFP API ({detail}). Give the address of the "
            "KFP UI, e.g. --host {local}; a full Kubeflow install with a login page needs "
            "its own authentication, which this course does not set up.",
            "ko": "{host}(가) 응답하지만 KFP API가 아닙니다 ({detail}). KFP UI 주소를 지정하세요. "
            "예: --host {local}. 로그인 페이지가 있는 전체 Kubeflow 설치는 별도 인증이 필요하며, "
            "이 과정에서는 다루지 않습니다.",
        },
        "kfp_api_error": {
            "en": "Kubeflow Pipelines at {host} refused the request: {status} {reason}. {body}",
            "ko": "{host}의 Kubeflow Pipelines가 요청을 거부했습니다: {status} {reason}. {body}",
        },
        "bad_host": {
            "en": "{host!r} is not a KFP address. Use one like {local}.",
            "ko": "'{host}'(은) KFP 주소가 아닙니다. {local} 같은 형식으로 지정하세요.",
        },
        "need_host": {
            "en": "Say where Kubeflow Pipelines runs: --host {local} or export KFP_HOST={local} "
            "(start it with 'kfp-tutorial cluster up').",
            "ko": "Kubeflow Pipelines 주소를 지정하세요: --host {local} 또는 "
            "export KFP_HOST={local} ('kfp-tutorial cluster up'으로 시작).",
        },
        "cluster_submit": {
            "en": "Submitting pipeline {pipeline!r} to {host} (experiment {experiment!r})",
            "ko": "'{pipeline}' Pipeline을 {host}에 제출합니다 (실험(Experiment): '{experiment}')",
        },
        "cluster_run_link": {"en": "Run: {url}", "ko": "실행(Run): {url}"},
        "cluster_run_state": {
            "en": "  [{seconds:5.0f}s] run {state}",
            "ko": "  [{seconds:5.0f}초] 실행 상태 {state}",
        },
        "cluster_task_state": {
            "en": "  [{seconds:5.0f}s]   task {task:<36} {state}",
            "ko": "  [{seconds:5.0f}초]   태스크 {task:<36} {state}",
        },
        "cluster_run_done": {
            "en": "Pipeline {pipeline!r} finished on the cluster: {status} in {seconds:.0f}s "
            "({tasks} tasks). Open it: {url}",
            "ko": "'{pipeline}' Pipeline이 클러스터에서 끝났습니다: {status}, {seconds:.0f}초 "
            "(태스크 {tasks}개). 보기: {url}",
        },
        "cluster_run_failed_hint": {
            "en": "Failed tasks: {tasks}. {error}In the UI, click a red task and open its "
            "Logs tab: {url}",
            "ko": "실패한 태스크: {tasks}. {error}UI에서 빨간 태스크를 누르고 Logs 탭을 여세요: {url}",
        },
        "cluster_outputs": {"en": "Output artifacts: {outputs}", "ko": "출력 Artifact: {outputs}"},
        "cluster_run_timeout": {
            "en": "Run {run_id} is still {state} after {seconds:.0f}s; stopped waiting (the run "
            "goes on). Follow it in the UI: {url}",
            "ko": "{seconds:.0f}초가 지나도 실행 {run_id}(이) 아직 {state} 상태라 기다리기를 "
            "멈춥니다 (실행은 계속됩니다). UI에서 확인하세요: {url}",
        },
        "cluster_preview": {
            "en": "KFP_HOST is not set, so nothing is sent. With a cluster "
            "('kfp-tutorial cluster up', then export KFP_HOST={local}) this would {action}:",
            "ko": "KFP_HOST가 설정되지 않아 아무것도 보내지 않습니다. 클러스터가 있으면 "
            "('kfp-tutorial cluster up' 후 export KFP_HOST={local}) {action}:",
        },
        "cluster_connection_none": {
            "en": "No KFP host: KFP_HOST is not set, so the cells below only show what they would "
            "send. To submit for real: 'kfp-tutorial cluster up', then export KFP_HOST={local} "
            "before starting Jupyter.",
            "ko": "KFP 주소가 없습니다: KFP_HOST가 설정되지 않아 아래 셀은 보낼 내용만 보여 줍니다. "
            "실제로 제출하려면 'kfp-tutorial cluster up' 후 Jupyter를 시작하기 전에 "
            "export KFP_HOST={local}(을) 실행하세요.",
        },
        "cluster_connection_ok": {
            "en": "Kubeflow Pipelines {version} answers at {host}: the cells below submit to it.",
            "ko": "{host}에서 Kubeflow Pipelines {version}(이) 응답합니다: 아래 셀은 여기로 제출합니다.",
        },
        "cluster_action_run": {
            "en": "create this run",
            "ko": "다음 실행(Run)을 만듭니다",
        },
        "cluster_action_upload": {
            "en": "upload this pipeline",
            "ko": "다음 Pipeline을 업로드합니다",
        },
        "cluster_uploaded": {
            "en": "Uploaded pipeline {name!r}: {url}",
            "ko": "'{name}' Pipeline을 업로드했습니다: {url}",
        },
        "cluster_uploaded_version": {
            "en": "Pipeline {name!r} exists: uploaded version {version!r}: {url}",
            "ko": "'{name}' Pipeline이 이미 있어 새 버전 '{version}'(을) 올렸습니다: {url}",
        },
    }
)


@dataclass
class ClusterTask:
    """One task of a cluster run, as ``get_run`` reports it."""

    name: str
    state: str
    outputs: list[str] = field(default_factory=list)  # output artifact names


@dataclass
class ClusterRunResult:
    """A run on a KFP cluster: what the CLI and lesson 09 show (compare ``RunResult``)."""

    pipeline: str
    host: str
    experiment: str
    run_id: str
    url: str
    status: str  # SUCCEEDED | FAILED | SKIPPED | CANCELED | SUBMITTED (not waited for)
    seconds: float
    tasks: list[ClusterTask] = field(default_factory=list)
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status in ("SUCCEEDED", "SUBMITTED")

    @property
    def outputs(self) -> dict[str, list[str]]:
        """Output artifact names by task (parameter values are in the UI's task panel)."""
        return {task.name: task.outputs for task in self.tasks if task.outputs}


@dataclass
class UploadResult:
    """An uploaded pipeline, or a new version of one."""

    name: str
    pipeline_id: str
    version_id: str
    url: str
    new_version: bool


@dataclass
class SubmissionPlan:
    """What a submission would send: shown when no KFP host is set."""

    pipeline: str
    arguments: dict[str, Any]
    experiment: str
    tasks: list[str]
    images: list[str]
    host: str | None = None

    def describe(self, upload: bool = False) -> str:
        """Plain lines, the same in every language (they are data, not prose).

        An upload sends no arguments and no experiment: ``upload=True`` leaves them out.
        """
        lines = [f"  pipeline:   {self.pipeline}"]
        if not upload:
            lines.append(f"  arguments:  {json.dumps(self.arguments, ensure_ascii=False)}")
            lines.append(f"  experiment: {self.experiment}")
        lines.append(f"  tasks:      {', '.join(self.tasks)}")
        lines.append(f"  images:     {', '.join(self.images)}")
        return "\n".join(lines)


# --- the host -----------------------------------------------------------------------------


def host_from_env() -> str | None:
    """``$KFP_HOST`` if set and not empty."""
    return os.environ.get(HOST_ENV, "").strip() or None


def normalize_host(host: str) -> str:
    """``localhost:8080/`` → ``http://localhost:8080``; anything without a host part is refused."""
    raw = host
    host = host.strip()
    if "://" not in host:
        host = "http://" + host
    parsed = urllib.parse.urlparse(host)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise TutorialError("bad_host", host=raw, local=LOCAL_UI)
    return host.rstrip("/")


def run_url(host: str, run_id: str) -> str:
    """The run's page in the KFP UI."""
    return f"{host}/#/runs/details/{run_id}"


def check_reachable(
    host: str,
    timeout: float = 3.0,
    opener: Callable[..., Any] = urllib.request.urlopen,
) -> dict[str, Any]:
    """GET ``{host}/apis/v2beta1/healthz`` once; return its JSON or raise a clear error."""
    url = normalize_host(host) + HEALTHZ_PATH
    try:
        with opener(url, timeout=timeout) as response:
            body = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise TutorialError(
            "kfp_not_kfp", host=host, detail=f"HTTP {exc.code}", local=LOCAL_UI
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TutorialError("kfp_unreachable", host=host, error=reason, local=LOCAL_UI) from None
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        snippet = body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
        raise TutorialError("kfp_not_kfp", host=host, detail=repr(snippet), local=LOCAL_UI) from None
    if not isinstance(data, dict):
        raise TutorialError("kfp_not_kfp", host=host, detail=repr(data)[:60], local=LOCAL_UI)
    return data


def describe_connection(host: str | None, timeout: float = 3.0) -> str:
    """One sentence for the notebook: no host, KFP answers (and its version), or why not."""
    if not host:
        return t("cluster_connection_none", local=LOCAL_UI)
    try:
        health = check_reachable(host, timeout=timeout)
    except TutorialError as error:
        return str(error)
    version = health.get("tag_name") or health.get("commit_sha") or ""
    return t("cluster_connection_ok", version=version, host=normalize_host(host))


def make_client(host: str) -> Any:
    """A ``kfp.Client`` for ``host`` (call :func:`check_reachable` first: it retries for 25 s)."""
    import kfp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "only works with KFP v2.0.0-beta.2 and later"
        return kfp.Client(host=host)


@contextlib.contextmanager
def _api_errors(host: str) -> Iterator[None]:
    """Turn the KFP client's HTTP and connection errors into translated messages."""
    try:
        yield
    except TutorialError:
        raise
    except Exception as exc:  # kfp_server_api.ApiException, urllib3 errors, ...
        status = getattr(exc, "status", None)
        if status is not None:
            body = str(getattr(exc, "body", "") or "")[:400]
            raise TutorialError(
                "kfp_api_error",
                host=host,
                status=status,
                reason=getattr(exc, "reason", ""),
                body=body,
            ) from exc
        if type(exc).__module__.startswith(("urllib3", "requests")) or isinstance(exc, OSError):
            raise TutorialError("kfp_unreachable", host=host, error=exc, local=LOCAL_UI) from exc
        raise


def connect(
    host: str | None,
    client: Any = None,
    client_factory: Callable[[str], Any] | None = None,
) -> tuple[str, Any]:
    """The normalized host and a client: the given one, or a new one after a reachability check."""
    if not host:
        raise TutorialError("need_host", local=LOCAL_UI)
    host = normalize_host(host)
    if client is None:
        check_reachable(host)
        with _api_errors(host):
            client = (client_factory or make_client)(host)
    return host, client


# --- runs ---------------------------------------------------------------------------------


def _state(obj: Any) -> str:
    value = getattr(obj, "state", None)
    return str(value) if value else "PENDING"


def _tasks(run: Any) -> list[ClusterTask]:
    details = getattr(getattr(run, "run_details", None), "task_details", None) or []
    tasks = []
    for detail in details:
        name = getattr(detail, "display_name", "") or ""
        if not name or name == "root" or name.endswith("-driver"):
            continue  # the pipeline's own DAG and the drivers are not the learner's tasks
        outputs = sorted((getattr(detail, "outputs", None) or {}).keys())
        tasks.append(ClusterTask(name=name, state=_state(detail), outputs=outputs))
    return tasks


def wait_for_run(
    client: Any,
    run_id: str,
    url: str,
    *,
    timeout: float | None = None,
    poll: float | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Any:
    """Poll ``get_run`` until the run ends; print each change of the run's and tasks' state.

    ``timeout`` and ``poll`` default to :data:`DEFAULT_TIMEOUT` and :data:`DEFAULT_POLL`.
    """
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    poll = DEFAULT_POLL if poll is None else poll
    started = clock()
    last_state = ""
    task_states: dict[str, str] = {}
    while True:
        run = client.get_run(run_id)
        elapsed = clock() - started
        state = _state(run)
        if state != last_state:
            out(t("cluster_run_state", seconds=elapsed, state=state))
            last_state = state
        for task in _tasks(run):
            if task_states.get(task.name) != task.state:
                out(t("cluster_task_state", seconds=elapsed, task=task.name, state=task.state))
                task_states[task.name] = task.state
        if state in FINAL_STATES:
            return run
        if elapsed >= timeout:
            raise TutorialError(
                "cluster_run_timeout", run_id=run_id, state=state, seconds=elapsed, url=url
            )
        sleep(poll)


def submit_run(
    pipeline: Any,
    arguments: Mapping[str, Any] | None = None,
    host: str | None = None,
    *,
    experiment: str = DEFAULT_EXPERIMENT,
    run_name: str | None = None,
    enable_caching: bool | None = None,
    client: Any = None,
    client_factory: Callable[[str], Any] | None = None,
    wait: bool = True,
    timeout: float | None = None,
    poll: float | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> ClusterRunResult:
    """Create experiment ``experiment`` and a run of ``pipeline`` on the KFP at ``host``.

    With ``wait`` (the default) follow the run to its end and return its final status;
    ``host`` defaults to ``$KFP_HOST``. Used in: lesson 09, ``kfp-tutorial run --host``.
    """
    from kfp_tutorial.local.arguments import check_arguments

    arguments = dict(arguments or {})
    check_arguments(pipeline, arguments)  # the same clear errors as a local run, before any request
    host, client = connect(host or host_from_env(), client, client_factory)
    name = str(pipeline.name)
    out(t("cluster_submit", pipeline=name, host=host, experiment=experiment))
    started = clock()
    with _api_errors(host):
        # kfp prints its own English "Experiment details: ..." lines; ours follow, translated.
        with contextlib.redirect_stdout(io.StringIO()):
            client.create_experiment(name=experiment)
            created = client.create_run_from_pipeline_func(
                pipeline,
                arguments=arguments,
                run_name=run_name,
                experiment_name=experiment,
                enable_caching=enable_caching,
            )
        run_id = str(created.run_id)
        url = run_url(host, run_id)
        out(t("cluster_run_link", url=url))
        if not wait:
            return ClusterRunResult(name, host, experiment, run_id, url, "SUBMITTED", clock() - started)
        run = wait_for_run(
            client, run_id, url, timeout=timeout, poll=poll, out=out, sleep=sleep, clock=clock
        )
    tasks = _tasks(run)
    status = _state(run)
    error = str(getattr(getattr(run, "error", None), "message", "") or "")
    result = ClusterRunResult(
        name, host, experiment, run_id, url, status, clock() - started, tasks, error
    )
    out(
        t(
            "cluster_run_done",
            pipeline=name,
            status=status,
            seconds=result.seconds,
            tasks=len(tasks),
            url=url,
        )
    )
    if result.outputs:
        out(t("cluster_outputs", outputs=json.dumps(result.outputs, ensure_ascii=False)))
    if status != "SUCCEEDED":
        failed = [task.name for task in tasks if task.state not in ("SUCCEEDED", "SKIPPED", "CACHED")]
        out(
            t(
                "cluster_run_failed_hint",
                tasks=", ".join(failed) or "-",
                error=f"{error} " if error else "",
                url=url,
            )
        )
    return result


# --- uploads ------------------------------------------------------------------------------


def upload_pipeline(
    pipeline: Any,
    host: str | None = None,
    *,
    name: str | None = None,
    version_name: str | None = None,
    client: Any = None,
    client_factory: Callable[[str], Any] | None = None,
    out: Callable[[str], None] = print,
    now: Callable[[], datetime.datetime] = datetime.datetime.now,
) -> UploadResult:
    """Upload ``pipeline`` compiled; if a pipeline called ``name`` exists, add a version.

    Used in: lesson 09, ``kfp-tutorial upload``.
    """
    from kfp_tutorial.spec.compiler import compile_to_yaml

    host, client = connect(host or host_from_env(), client, client_factory)
    name = name or str(pipeline.name)
    description = str(getattr(pipeline, "description", "") or "")
    with tempfile.TemporaryDirectory() as tmp, _api_errors(host):
        path = str(compile_to_yaml(pipeline, Path(tmp) / "pipeline.yaml"))
        pipeline_id = client.get_pipeline_id(name)
        if pipeline_id is None:
            with contextlib.redirect_stdout(io.StringIO()):  # kfp's own "Pipeline details" line
                created = client.upload_pipeline(path, pipeline_name=name, description=description)
            pipeline_id = str(created.pipeline_id)
            url = f"{host}/#/pipelines/details/{pipeline_id}"
            out(t("cluster_uploaded", name=name, url=url))
            return UploadResult(name, pipeline_id, "", url, new_version=False)
        version_name = version_name or f"{name} {now():%Y-%m-%d %H:%M:%S}"
        with contextlib.redirect_stdout(io.StringIO()):
            version = client.upload_pipeline_version(
                path,
                pipeline_version_name=version_name,
                pipeline_id=pipeline_id,
                description=description,
            )
        version_id = str(version.pipeline_version_id)
        url = f"{host}/#/pipelines/details/{pipeline_id}/version/{version_id}"
        out(t("cluster_uploaded_version", name=name, version=version_name, url=url))
        return UploadResult(name, str(pipeline_id), version_id, url, new_version=True)


# --- without a host: show what would be sent ----------------------------------------------


def plan_submission(
    pipeline: Any,
    arguments: Mapping[str, Any] | None = None,
    host: str | None = None,
    experiment: str = DEFAULT_EXPERIMENT,
) -> SubmissionPlan:
    """Compile ``pipeline`` and list what a submission would send: tasks and images."""
    from kfp_tutorial.local.arguments import check_arguments
    from kfp_tutorial.remote.kind_cluster import task_images
    from kfp_tutorial.spec.compiler import compile_pipeline

    arguments = dict(arguments or {})
    check_arguments(pipeline, arguments)
    compiled = compile_pipeline(pipeline)
    images = sorted(task_images(compiled))
    return SubmissionPlan(compiled.name, arguments, experiment, list(compiled.all_tasks()), images, host)


def submit_or_preview(
    pipeline: Any,
    arguments: Mapping[str, Any] | None = None,
    host: str | None = None,
    **kwargs: Any,
) -> ClusterRunResult | SubmissionPlan:
    """Submit to ``host`` (or ``$KFP_HOST``); without one, print what would be submitted.

    Used in: lesson 09's notebook, which must run with and without a cluster.
    """
    host = host or host_from_env()
    if host:
        return submit_run(pipeline, arguments, host, **kwargs)
    plan = plan_submission(pipeline, arguments, experiment=kwargs.get("experiment", DEFAULT_EXPERIMENT))
    print(t("cluster_preview", local=LOCAL_UI, action=t("cluster_action_run")))
    print(plan.describe())
    return plan


def upload_or_preview(
    pipeline: Any, host: str | None = None, **kwargs: Any
) -> UploadResult | SubmissionPlan:
    """Upload to ``host`` (or ``$KFP_HOST``); without one, print what would be uploaded."""
    host = host or host_from_env()
    if host:
        return upload_pipeline(pipeline, host, **kwargs)
    plan = plan_submission(pipeline)
    print(t("cluster_preview", local=LOCAL_UI, action=t("cluster_action_upload")))
    print(plan.describe(upload=True))
    return plan


# --- command line -------------------------------------------------------------------------


def submit_for_cli(
    pipeline: Any, arguments: Mapping[str, Any], args: argparse.Namespace
) -> ClusterRunResult:
    """``kfp-tutorial run ... --host URL``: one example on the cluster (called by ``cli.cmd_run``)."""
    # --cache forces caching on; without it the cluster's default applies (KFP caches).
    caching = True if getattr(args, "cache", False) else None
    return submit_run(pipeline, arguments, args.host, enable_caching=caching)


def cmd_upload(args: argparse.Namespace) -> int:
    """``kfp-tutorial upload LESSON --host URL``: upload each of the lesson's pipelines."""
    from kfp_tutorial.cli import resolve_targets

    targets = resolve_targets(args.target, args.all, args.pipeline)
    host, client = connect(args.host)
    for target in targets:
        for example in target.examples:
            upload_pipeline(example.pipeline, host, client=client)
    return 0


def register(subparsers: Any) -> None:
    """Add ``upload`` to ``kfp-tutorial`` (see ``cli.EXTRA_COMMAND_MODULES``)."""
    parser = subparsers.add_parser(
        "upload", help="upload a lesson's pipelines to Kubeflow Pipelines (--host or KFP_HOST)"
    )
    parser.add_argument("target", nargs="?", help="lesson (e.g. 02-add) or path/to/file.py:func")
    parser.add_argument("--all", action="store_true", help="upload every lesson's pipelines")
    parser.add_argument("--pipeline", help="upload only this pipeline of the lesson")
    parser.add_argument(
        "--host",
        default=host_from_env(),
        help=f"KFP address, e.g. {LOCAL_UI} (default: $KFP_HOST)",
    )
    parser.set_defaults(func=cmd_upload)
