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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.remote.connection import (
    HOST_ENV,
    Connection,
    connection_from_args,
    normalize_host,
    resolve_connection,
)
from kfp_tutorial.results import (
    CACHED,
    SKIPPED,
    SUBMITTED,
    SUCCESS,
    RunResult,
    TaskRecord,
    from_kfp_state,
)
from kfp_tutorial.versions import LOCAL_UI

__all__ = ["HOST_ENV", "Connection", "normalize_host"]  # re-exported for the notebooks and tests
DEFAULT_EXPERIMENT = "kfp-tutorial"
HEALTHZ_PATH = "/apis/v2beta1/healthz"
# Where Kubernetes mounts a pod's namespace; kfp.Client reads it in a multi-user Kubeflow.
POD_NAMESPACE_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
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
            "KFP UI, e.g. --host {local}; for a full Kubeflow, the address ends in /pipeline "
            "(https://kubeflow.example.com/pipeline).",
            "ko": "{host}에서 응답이 오지만 KFP API가 아닙니다 ({detail}). KFP UI 주소를 "
            "지정하세요. 예: --host {local}. 전체 Kubeflow라면 주소가 /pipeline으로 끝납니다 "
            "(https://kubeflow.example.com/pipeline).",
        },
        "kfp_unauthorized": {
            "en": "Kubeflow Pipelines at {host} wants to know who you are (HTTP {status}). Give a "
            "token: --token or $KFP_TOKEN (inside a Kubeflow notebook server, the ServiceAccount "
            "token at $KF_PIPELINES_SA_TOKEN_PATH), or a login cookie: --cookie or $KFP_COOKIE. "
            "Set now: {settings}.",
            "ko": "{host}의 Kubeflow Pipelines가 사용자 인증을 요구합니다 (HTTP {status}). "
            "--token이나 $KFP_TOKEN으로 토큰을 주거나(Kubeflow 노트북 서버 안에서는 "
            "$KF_PIPELINES_SA_TOKEN_PATH의 ServiceAccount 토큰), --cookie나 $KFP_COOKIE로 "
            "로그인 쿠키를 지정하세요. 지금 설정: {settings}.",
        },
        "kfp_forbidden": {
            "en": "Kubeflow Pipelines at {host} knows who you are but refuses (HTTP {status}). "
            "Check the namespace (--namespace or $KFP_NAMESPACE: your profile's namespace, "
            "where you may run pipelines) and that the token or cookie (--token/$KFP_TOKEN, "
            "--cookie/$KFP_COOKIE) belongs to a member of it. Set now: {settings}.",
            "ko": "{host}의 Kubeflow Pipelines가 사용자는 알아보지만 요청을 거부합니다 "
            "(HTTP {status}). 네임스페이스(--namespace 또는 $KFP_NAMESPACE, Pipeline을 "
            "실행할 수 있는 내 프로필의 네임스페이스)를 확인하고, 토큰이나 쿠키"
            "(--token/$KFP_TOKEN, --cookie/$KFP_COOKIE)가 그 네임스페이스 구성원의 것인지 "
            "확인하세요. 지금 설정: {settings}.",
        },
        "kfp_login_redirect": {
            "en": "{host} sends requests to a login page ({location}): this is a full Kubeflow "
            "behind Dex. Log in with a browser and copy the session cookie "
            "(authservice_session or oauth2_proxy_kubeflow) into --cookie or $KFP_COOKIE "
            "as NAME=VALUE, or give a token with --token or $KFP_TOKEN. Set now: {settings}.",
            "ko": "{host}(이) 요청을 로그인 페이지({location})로 보냅니다. Dex 뒤에 있는 전체 "
            "Kubeflow입니다. 브라우저로 로그인한 뒤 세션 쿠키(authservice_session 또는 "
            "oauth2_proxy_kubeflow)를 NAME=VALUE 형식으로 --cookie나 $KFP_COOKIE에 넣거나, "
            "--token이나 $KFP_TOKEN으로 토큰을 지정하세요. 지금 설정: {settings}.",
        },
        "kfp_need_namespace": {
            "en": "Kubeflow Pipelines at {host} is multi-user: say whose runs these are with "
            "--namespace or $KFP_NAMESPACE (your profile's namespace, e.g. kubeflow-user-example-com).",
            "ko": "{host}의 Kubeflow Pipelines는 다중 사용자 모드입니다. --namespace나 "
            "$KFP_NAMESPACE로 내 프로필의 네임스페이스를 지정하세요 "
            "(예: kubeflow-user-example-com).",
        },
        "kfp_api_error": {
            "en": "Kubeflow Pipelines at {host} refused the request: {status} {reason}. {body}",
            "ko": "{host}의 Kubeflow Pipelines가 요청을 거부했습니다: {status} {reason}. {body}",
        },
        "need_host": {
            "en": "Say where Kubeflow Pipelines runs: --host {local} or export KFP_HOST={local} "
            "(start it with 'kfp-tutorial cluster up').",
            "ko": "Kubeflow Pipelines 주소를 지정하세요: --host {local} 또는 "
            "export KFP_HOST={local} ('kfp-tutorial cluster up'으로 시작).",
        },
        "cluster_submit": {
            "en": "Submitting pipeline {pipeline!r} to {host} (experiment {experiment!r})",
            "ko": "'{pipeline}' Pipeline을 {host}에 제출합니다 (실험: '{experiment}')",
        },
        "cluster_run_link": {"en": "Run: {url}", "ko": "실행: {url}"},
        "cluster_run_state": {
            "en": "  [{seconds:5.0f}s] run {state}",
            "ko": "  [{seconds:5.0f}초] 실행 상태 {state}",
        },
        "cluster_task_state": {
            "en": "  [{seconds:5.0f}s]   task {task:<36} {state}",
            "ko": "  [{seconds:5.0f}초]   태스크 {task:<36} {state}",
        },
        "cluster_run_done": {
            "en": "Pipeline {pipeline!r} finished on the cluster: {status} (KFP: {kfp_state}) "
            "in {seconds:.0f}s ({tasks} {tasks:task|tasks}). Open it: {url}",
            "ko": (
                "'{pipeline}' Pipeline이 클러스터에서 끝났습니다: {status} (KFP: {kfp_state}), "
                "{seconds:.0f}초 (태스크 {tasks}개). UI에서 보기: {url}"
            ),
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
            "ko": "{seconds:.0f}초가 지나도 실행 {run_id}의 상태가 아직 {state}여서 기다리기를 "
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
            "ko": (
                "KFP 주소가 없습니다. KFP_HOST가 설정되지 않아 아래 셀은 보낼 내용만 보여 줍니다. "
                "실제로 제출하려면 'kfp-tutorial cluster up' 후 Jupyter를 시작하기 전에 export "
                "KFP_HOST={local} 명령을 실행하세요."
            ),
        },
        "cluster_connection_ok": {
            "en": "Kubeflow Pipelines answers at {host}: the cells below submit to it.",
            "ko": "{host}에서 Kubeflow Pipelines가 응답합니다. 아래 셀은 여기로 제출합니다.",
        },
        "cluster_connection_multi": {
            "en": "A multi-user Kubeflow Pipelines answers at {host}; namespace {namespace}. "
            "The cells below submit to it.",
            "ko": "{host}에서 다중 사용자 Kubeflow Pipelines가 응답합니다 (네임스페이스 "
            "{namespace}). 아래 셀은 여기로 제출합니다.",
        },
        "cluster_action_run": {
            "en": "create this run",
            "ko": "다음 실행을 만듭니다",
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
            "ko": "'{name}' Pipeline이 이미 있어 새 버전 '{version}'(으로) 올렸습니다: {url}",
        },
    }
)


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


def as_connection(
    host: str | Connection | None,
    *,
    namespace: str | None = None,
    token: str | None = None,
    cookie: str | None = None,
) -> Connection | None:
    """A :class:`Connection` from a host string (or ``$KFP_HOST``) and the optional credentials."""
    if isinstance(host, Connection):
        return host
    return resolve_connection(host or None, namespace=namespace, token=token, cookie=cookie)


def run_url(host: str, run_id: str) -> str:
    """The run's page in the KFP UI (a full Kubeflow's host ends in ``/pipeline``)."""
    return f"{host}/#/runs/details/{run_id}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A login gateway answers 302 to its login page: we want to see that, not follow it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _open(request: urllib.request.Request, timeout: float) -> Any:
    return urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout)


def _auth_error(conn: Connection, status: int | str, location: str = "") -> TutorialError:
    """401, 403 or a redirect to a login page: say which options to set."""
    settings = "; ".join(conn.settings())
    if location:
        return TutorialError("kfp_login_redirect", host=conn.label, location=location, settings=settings)
    key = "kfp_forbidden" if str(status) == "403" else "kfp_unauthorized"
    return TutorialError(key, host=conn.label, status=status, settings=settings)


def check_reachable(
    host: str | Connection,
    timeout: float = 3.0,
    opener: Callable[..., Any] = _open,
) -> dict[str, Any]:
    """GET ``{host}/apis/v2beta1/healthz`` once, with the credentials; its JSON or a clear error."""
    conn = as_connection(host)
    if conn is None:
        raise TutorialError("need_host", local=LOCAL_UI)
    request = urllib.request.Request(conn.host + HEALTHZ_PATH, headers=conn.headers())
    try:
        with opener(request, timeout=timeout) as response:
            body = response.read(65536)
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location", "") if exc.headers else ""
        if exc.code in (401, 403) or (300 <= exc.code < 400 and location):
            raise _auth_error(conn, exc.code, location if 300 <= exc.code < 400 else "") from None
        raise TutorialError(
            "kfp_not_kfp", host=conn.label, detail=f"HTTP {exc.code}", local=LOCAL_UI
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TutorialError("kfp_unreachable", host=conn.label, error=reason, local=LOCAL_UI) from None
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        snippet = body[:60].decode("utf-8", "replace").strip().replace("\n", " ")
        raise TutorialError(
            "kfp_not_kfp", host=conn.label, detail=repr(snippet), local=LOCAL_UI
        ) from None
    if not isinstance(data, dict):
        raise TutorialError("kfp_not_kfp", host=conn.label, detail=repr(data)[:60], local=LOCAL_UI)
    if data.get("multi_user") and not conn.namespace and not os.path.exists(POD_NAMESPACE_PATH):
        raise TutorialError("kfp_need_namespace", host=conn.label)
    return data


def describe_connection(host: str | Connection | None, timeout: float = 3.0, **credentials: Any) -> str:
    """One sentence for the notebook: no host, KFP answers (single- or multi-user), or why not."""
    conn = as_connection(host, **credentials)
    if conn is None:
        return t("cluster_connection_none", local=LOCAL_UI)
    try:
        health = check_reachable(conn, timeout=timeout)
    except TutorialError as error:
        return str(error)
    if health.get("multi_user"):
        return t("cluster_connection_multi", host=conn.label, namespace=conn.namespace or "-")
    return t("cluster_connection_ok", host=conn.label)


def make_client(conn: Connection) -> Any:
    """A ``kfp.Client`` for ``conn`` (call :func:`check_reachable` first: it retries for 25 s)."""
    import kfp

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "only works with KFP v2.0.0-beta.2 and later"
        return kfp.Client(**conn.client_kwargs())


@contextlib.contextmanager
def api_errors(conn: Connection) -> Iterator[None]:
    """Turn the KFP client's HTTP and connection errors into translated messages."""
    try:
        yield
    except TutorialError:
        raise
    except Exception as exc:  # kfp_server_api.ApiException, urllib3 errors, ...
        status = getattr(exc, "status", None)
        if status in (401, 403):
            raise _auth_error(conn, status) from exc
        if status is not None:
            body = str(getattr(exc, "body", "") or "")[:400]
            raise TutorialError(
                "kfp_api_error",
                host=conn.label,
                status=status,
                reason=getattr(exc, "reason", ""),
                body=body,
            ) from exc
        if type(exc).__module__.startswith(("urllib3", "requests")) or isinstance(exc, OSError):
            raise TutorialError("kfp_unreachable", host=conn.label, error=exc, local=LOCAL_UI) from exc
        raise


def connect(
    host: str | Connection | None,
    client: Any = None,
    client_factory: Callable[[Connection], Any] | None = None,
    **credentials: Any,
) -> tuple[Connection, Any]:
    """The connection and a client: the given one, or a new one after a reachability check."""
    conn = as_connection(host, **credentials)
    if conn is None:
        raise TutorialError("need_host", local=LOCAL_UI)
    if client is None:
        check_reachable(conn)
        with api_errors(conn):
            client = (client_factory or make_client)(conn)
    return conn, client


# --- runs ---------------------------------------------------------------------------------


def _state(obj: Any) -> str:
    value = getattr(obj, "state", None)
    return str(value) if value else "PENDING"


def _seconds(detail: Any) -> float:
    start, end = getattr(detail, "start_time", None), getattr(detail, "end_time", None)
    if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime):
        return max(0.0, (end - start).total_seconds())
    return 0.0


def cluster_tasks(run: Any) -> list[TaskRecord]:
    """The learner's tasks of a run from ``get_run`` (no root DAG, no drivers), in our statuses.

    ``outputs`` holds each output artifact's IDs in ML Metadata (the REST API gives no URIs;
    the UI's Input/Output tab shows them). Used in: lessons 09 and 11.
    """
    details = getattr(getattr(run, "run_details", None), "task_details", None) or []
    tasks = []
    for detail in details:
        name = getattr(detail, "display_name", "") or ""
        if not name or name == "root" or name.endswith("-driver"):
            continue  # the pipeline's own DAG and the drivers are not the learner's tasks
        outputs = {
            key: list(getattr(value, "artifact_ids", None) or [])
            for key, value in sorted((getattr(detail, "outputs", None) or {}).items())
        }
        tasks.append(
            TaskRecord(
                name=name,
                path=str(getattr(detail, "pod_name", "") or name),
                status=from_kfp_state(_state(detail)),
                inputs={},
                outputs=outputs,
                log="",
                seconds=_seconds(detail),
                started=0.0,
            )
        )
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

    The lines show the KFP API's own words (``SUCCEEDED``), as the UI does; the result uses
    the course's (``SUCCESS``). ``timeout``, ``poll``: :data:`DEFAULT_TIMEOUT`, :data:`DEFAULT_POLL`.
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
        details = getattr(getattr(run, "run_details", None), "task_details", None) or []
        for detail in details:
            name = getattr(detail, "display_name", "") or ""
            if not name or name == "root" or name.endswith("-driver"):
                continue
            if task_states.get(name) != _state(detail):
                out(t("cluster_task_state", seconds=elapsed, task=name, state=_state(detail)))
                task_states[name] = _state(detail)
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
    host: str | Connection | None = None,
    *,
    experiment: str = DEFAULT_EXPERIMENT,
    run_name: str | None = None,
    enable_caching: bool | None = None,
    namespace: str | None = None,
    token: str | None = None,
    cookie: str | None = None,
    client: Any = None,
    client_factory: Callable[[Connection], Any] | None = None,
    wait: bool = True,
    timeout: float | None = None,
    poll: float | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> RunResult:
    """Create experiment ``experiment`` and a run of ``pipeline`` on the KFP at ``host``.

    With ``wait`` (the default) follow the run to its end and return its final status, in
    the course's words (``SUCCESS``, ``FAILURE``, ...: :mod:`kfp_tutorial.results`).
    ``host`` defaults to ``$KFP_HOST``; ``namespace``/``token``/``cookie`` to ``$KFP_NAMESPACE``,
    ``$KFP_TOKEN``, ``$KFP_COOKIE``. Used in: lesson 09, ``kfp-tutorial run --host``.
    """
    from kfp_tutorial.local.arguments import check_arguments

    arguments = dict(arguments or {})
    check_arguments(pipeline, arguments)  # the same clear errors as a local run, before any request
    conn, client = connect(host, client, client_factory, namespace=namespace, token=token, cookie=cookie)
    name = str(pipeline.name)
    out(t("cluster_submit", pipeline=name, host=conn.label, experiment=experiment))
    started = clock()
    ns = {"namespace": conn.namespace} if conn.namespace else {}

    def result(status: str, tasks: list[TaskRecord], reason: str = "") -> RunResult:
        return RunResult(
            pipeline=name,
            status=status,
            arguments=arguments,
            outputs={},
            tasks=tasks,
            seconds=clock() - started,
            run_dir="",
            reason=reason,
            host=conn.host,
            run_id=run_id,
            url=url,
            experiment=experiment,
        )

    with api_errors(conn):
        # kfp prints its own English "Experiment details: ..." lines; ours follow, translated.
        with contextlib.redirect_stdout(io.StringIO()):
            client.create_experiment(name=experiment, **ns)
            created = client.create_run_from_pipeline_func(
                pipeline,
                arguments=arguments,
                run_name=run_name,
                experiment_name=experiment,
                enable_caching=enable_caching,
                **ns,
            )
        run_id = str(created.run_id)
        url = run_url(conn.host, run_id)
        out(t("cluster_run_link", url=url))
        if not wait:
            return result(SUBMITTED, [])
        run = wait_for_run(
            client, run_id, url, timeout=timeout, poll=poll, out=out, sleep=sleep, clock=clock
        )
    tasks = cluster_tasks(run)
    kfp_state = _state(run)
    error = str(getattr(getattr(run, "error", None), "message", "") or "")
    done = result(from_kfp_state(kfp_state), tasks, error)
    out(
        t(
            "cluster_run_done",
            pipeline=name,
            status=done.status,
            kfp_state=kfp_state,
            seconds=done.seconds,
            tasks=len(tasks),
            url=url,
        )
    )
    artifacts = {task.name: sorted(task.outputs) for task in tasks if task.outputs}
    if artifacts:
        out(t("cluster_outputs", outputs=json.dumps(artifacts, ensure_ascii=False)))
    if done.status != SUCCESS:
        failed = [task.name for task in tasks if task.status not in (SUCCESS, SKIPPED, CACHED)]
        out(
            t(
                "cluster_run_failed_hint",
                tasks=", ".join(failed) or "-",
                error=f"{error} " if error else "",
                url=url,
            )
        )
    return done


# --- uploads ------------------------------------------------------------------------------


def upload_pipeline(
    pipeline: Any,
    host: str | Connection | None = None,
    *,
    name: str | None = None,
    version_name: str | None = None,
    namespace: str | None = None,
    token: str | None = None,
    cookie: str | None = None,
    client: Any = None,
    client_factory: Callable[[Connection], Any] | None = None,
    out: Callable[[str], None] = print,
    now: Callable[[], datetime.datetime] = datetime.datetime.now,
) -> UploadResult:
    """Upload ``pipeline`` compiled; if a pipeline called ``name`` exists, add a version.

    Used in: lesson 09, ``kfp-tutorial upload``.
    """
    from kfp_tutorial.spec.compiler import compile_to_yaml

    conn, client = connect(host, client, client_factory, namespace=namespace, token=token, cookie=cookie)
    host = conn.host
    name = name or str(pipeline.name)
    description = str(getattr(pipeline, "description", "") or "")
    ns = {"namespace": conn.namespace} if conn.namespace else {}
    with tempfile.TemporaryDirectory() as tmp, api_errors(conn):
        path = str(compile_to_yaml(pipeline, Path(tmp) / "pipeline.yaml"))
        pipeline_id = client.get_pipeline_id(name)
        if pipeline_id is None:
            with contextlib.redirect_stdout(io.StringIO()):  # kfp's own "Pipeline details" line
                created = client.upload_pipeline(path, pipeline_name=name, description=description, **ns)
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
    host: str | Connection | None = None,
    **kwargs: Any,
) -> RunResult | SubmissionPlan:
    """Submit to ``host`` (or ``$KFP_HOST``); without one, print what would be submitted.

    Used in: lesson 09's notebook, which must run with and without a cluster.
    """
    credentials = {key: kwargs.pop(key) for key in ("namespace", "token", "cookie") if key in kwargs}
    conn = as_connection(host, **credentials)
    if conn is not None:
        return submit_run(pipeline, arguments, conn, **kwargs)
    plan = plan_submission(pipeline, arguments, experiment=kwargs.get("experiment", DEFAULT_EXPERIMENT))
    print(t("cluster_preview", local=LOCAL_UI, action=t("cluster_action_run")))
    print(plan.describe())
    return plan


def upload_or_preview(
    pipeline: Any, host: str | Connection | None = None, **kwargs: Any
) -> UploadResult | SubmissionPlan:
    """Upload to ``host`` (or ``$KFP_HOST``); without one, print what would be uploaded."""
    credentials = {key: kwargs.pop(key) for key in ("namespace", "token", "cookie") if key in kwargs}
    conn = as_connection(host, **credentials)
    if conn is not None:
        return upload_pipeline(pipeline, conn, **kwargs)
    plan = plan_submission(pipeline)
    print(t("cluster_preview", local=LOCAL_UI, action=t("cluster_action_upload")))
    print(plan.describe(upload=True))
    return plan


# --- command line -------------------------------------------------------------------------


def submit_for_cli(pipeline: Any, arguments: Mapping[str, Any], args: argparse.Namespace) -> RunResult:
    """``kfp-tutorial run ... --host URL``: one example on the cluster (called by ``cli.cmd_run``)."""
    # --cache forces caching on; without it the cluster's default applies (KFP caches).
    caching = True if getattr(args, "cache", False) else None
    conn = connection_from_args(args)
    return submit_run(pipeline, arguments, conn, enable_caching=caching)
