"""Submitting to a KFP cluster, without one: a fake client for the logic, a closed loopback
port for "unreachable", and a tiny fake KFP API on 127.0.0.1 that the real ``kfp.Client``
talks to, so the whole path (healthz, experiment, run, polling) runs over HTTP.
"""

from __future__ import annotations

import datetime
import http.server
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kfp_server_api
import pytest
import yaml
from kfp_server_api import (
    V2beta1ArtifactList,
    V2beta1PipelineTaskDetail,
    V2beta1Run,
    V2beta1RunDetails,
)

from kfp_tutorial import cli, i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons.lesson02_add import calculation_pipeline
from kfp_tutorial.remote import submit


@pytest.fixture(autouse=True)
def _english_and_no_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("KFP_HOST", raising=False)
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def task(name: str, state: str, outputs: tuple[str, ...] = ()) -> V2beta1PipelineTaskDetail:
    return V2beta1PipelineTaskDetail(
        display_name=name,
        state=state,
        outputs={out: V2beta1ArtifactList(artifact_ids=["1"]) for out in outputs},
    )


def run(state: str, *tasks: V2beta1PipelineTaskDetail, error: str = "") -> V2beta1Run:
    return V2beta1Run(
        run_id="run-123",
        state=state,
        run_details=V2beta1RunDetails(task_details=list(tasks)),
        error=kfp_server_api.GoogleRpcStatus(message=error) if error else None,
    )


SUCCESS_FRAMES = [
    run("PENDING"),
    run("RUNNING", task("root", "RUNNING"), task("add", "RUNNING"), task("add-2", "RUNNING")),
    run(
        "RUNNING",
        task("root", "RUNNING"),
        task("add", "SUCCEEDED", ("metrics",)),
        task("add-2", "SUCCEEDED"),
        task("add-3", "RUNNING"),
    ),
    run(
        "SUCCEEDED",
        task("root", "SUCCEEDED"),
        task("add", "SUCCEEDED", ("metrics",)),
        task("add-2", "SUCCEEDED"),
        task("add-3", "SUCCEEDED"),
    ),
]
FAILED_FRAMES = [
    run("RUNNING", task("add", "RUNNING")),
    run("FAILED", task("add", "FAILED"), task("add-2", "SUCCEEDED"), error="task add exited with 1"),
]


class FakeClient:
    """Records calls like ``kfp.Client`` would receive them; ``get_run`` plays ``frames``."""

    def __init__(self, frames: list[V2beta1Run], pipelines: dict[str, str] | None = None) -> None:
        self.frames = list(frames)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.pipelines = dict(pipelines or {})
        self.uploaded_specs: list[dict[str, Any]] = []

    def create_experiment(self, name: str, description: str | None = None) -> Any:
        self.calls.append(("create_experiment", {"name": name}))
        return kfp_server_api.V2beta1Experiment(experiment_id="exp-1", display_name=name)

    def create_run_from_pipeline_func(self, pipeline_func: Any, **kwargs: Any) -> Any:
        self.calls.append(("create_run_from_pipeline_func", {"pipeline_func": pipeline_func, **kwargs}))
        return type("RunPipelineResult", (), {"run_id": "run-123"})()

    def get_run(self, run_id: str) -> V2beta1Run:
        self.calls.append(("get_run", {"run_id": run_id}))
        return self.frames.pop(0) if len(self.frames) > 1 else self.frames[0]

    def get_pipeline_id(self, name: str) -> str | None:
        return self.pipelines.get(name)

    def _read(self, path: str) -> None:
        self.uploaded_specs.append(yaml.safe_load(Path(path).read_text()))

    def upload_pipeline(self, path: str, pipeline_name: str, description: str) -> Any:
        self._read(path)
        self.calls.append(("upload_pipeline", {"name": pipeline_name, "description": description}))
        return kfp_server_api.V2beta1Pipeline(pipeline_id="pipe-1", display_name=pipeline_name)

    def upload_pipeline_version(self, path: str, **kwargs: Any) -> Any:
        self._read(path)
        self.calls.append(("upload_pipeline_version", kwargs))
        return kfp_server_api.V2beta1PipelineVersion(pipeline_version_id="ver-2", pipeline_id="pipe-1")


class FakeClock:
    """Time that advances only when the code sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def submit_with(client: FakeClient, lines: list[str], **kwargs: Any) -> submit.ClusterRunResult:
    clock = FakeClock()
    return submit.submit_run(
        calculation_pipeline,
        {"a": 7.0, "b": 8.0},
        "http://kfp.test:8080/",
        client=client,
        out=lines.append,
        sleep=clock.sleep,
        clock=clock,
        **kwargs,
    )


def test_submit_creates_the_experiment_and_run_and_follows_it() -> None:
    client = FakeClient(SUCCESS_FRAMES)
    lines: list[str] = []
    result = submit_with(client, lines)
    name, create_run = client.calls[1]
    assert client.calls[0] == ("create_experiment", {"name": "kfp-tutorial"})
    assert name == "create_run_from_pipeline_func"
    assert create_run == {
        "pipeline_func": calculation_pipeline,
        "arguments": {"a": 7.0, "b": 8.0},
        "run_name": None,
        "experiment_name": "kfp-tutorial",
        "enable_caching": None,
    }
    assert [call for call, _ in client.calls[2:]] == ["get_run"] * 4
    assert result.succeeded and result.status == "SUCCEEDED"
    assert result.url == "http://kfp.test:8080/#/runs/details/run-123"
    assert [(t.name, t.state) for t in result.tasks] == [
        ("add", "SUCCEEDED"),
        ("add-2", "SUCCEEDED"),
        ("add-3", "SUCCEEDED"),
    ]
    assert result.outputs == {"add": ["metrics"]}
    assert result.seconds == 15.0  # three polls of 5 s between four get_run calls
    assert (
        lines[0]
        == "Submitting pipeline 'calculation' to http://kfp.test:8080 (experiment 'kfp-tutorial')"
    )
    assert lines[1] == "Run: http://kfp.test:8080/#/runs/details/run-123"
    # only changes are printed, in order, with the time since submission
    progress = [line.strip() for line in lines[2:-2]]
    assert progress == [
        "[    0s] run PENDING",
        "[    5s] run RUNNING",
        "[    5s]   task add                                  RUNNING",
        "[    5s]   task add-2                                RUNNING",
        "[   10s]   task add                                  SUCCEEDED",
        "[   10s]   task add-2                                SUCCEEDED",
        "[   10s]   task add-3                                RUNNING",
        "[   15s] run SUCCEEDED",
        "[   15s]   task add-3                                SUCCEEDED",
    ]
    assert lines[-2] == (
        "Pipeline 'calculation' finished on the cluster: SUCCEEDED in 15s (3 tasks). "
        "Open it: http://kfp.test:8080/#/runs/details/run-123"
    )
    assert lines[-1] == 'Output artifacts: {"add": ["metrics"]}'


def test_a_failed_run_names_the_failed_task_and_the_logs() -> None:
    lines: list[str] = []
    result = submit_with(FakeClient(FAILED_FRAMES), lines)
    assert not result.succeeded and result.status == "FAILED"
    assert result.error == "task add exited with 1"
    assert lines[-1] == (
        "Failed tasks: add. task add exited with 1 In the UI, click a red task and open its Logs tab: "
        "http://kfp.test:8080/#/runs/details/run-123"
    )


def test_wrong_arguments_fail_before_any_request() -> None:
    client = FakeClient(SUCCESS_FRAMES)
    with pytest.raises(TutorialError, match="'a' of pipeline 'calculation' is float"):
        submit.submit_run(calculation_pipeline, {"a": 7, "b": 8.0}, "http://kfp.test", client=client)
    assert client.calls == []


def test_a_run_that_never_ends_stops_waiting_with_its_link() -> None:
    client = FakeClient([run("RUNNING", task("add", "RUNNING"))])
    with pytest.raises(TutorialError) as error:
        submit_with(client, [], timeout=20.0)
    message = str(error.value)
    assert "still RUNNING after 20s" in message and "the run goes on" in message
    assert "http://kfp.test:8080/#/runs/details/run-123" in message
    assert sum(call == "get_run" for call, _ in client.calls) == 5  # at 0, 5, 10, 15, 20 s


def test_api_errors_become_messages() -> None:
    class Refusing(FakeClient):
        def create_run_from_pipeline_func(self, pipeline_func: Any, **kwargs: Any) -> Any:
            raise kfp_server_api.ApiException(status=400, reason="Bad Request")

    with pytest.raises(TutorialError, match="http://kfp.test:8080 refused the request: 400 Bad Request"):
        submit_with(Refusing(SUCCESS_FRAMES), [])


def test_host_forms() -> None:
    assert submit.normalize_host("localhost:8080/") == "http://localhost:8080"
    assert submit.normalize_host(" https://kfp.example.com/ ") == "https://kfp.example.com"
    for bad in ("", "http://", "ftp://x"):
        with pytest.raises(TutorialError, match="is not a KFP address"):
            submit.normalize_host(bad)
    with pytest.raises(TutorialError, match="--host http://localhost:8080 or export KFP_HOST"):
        submit.submit_run(calculation_pipeline, {"a": 1.0, "b": 2.0}, None)


# --- reachability -------------------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Kubeflow Pipelines does not answer at http://127.0.0.1:{port}",
                "'kfp-tutorial cluster up'",
                "'kfp-tutorial cluster port-forward'",
                "--host http://localhost:8080",
            ],
        ),
        (
            "ko",
            [
                "http://127.0.0.1:{port}에서 Kubeflow Pipelines가 응답하지 않습니다",
                "'kfp-tutorial cluster up'으로 과정용 로컬 클러스터를 시작하거나",
                "'kfp-tutorial cluster port-forward'로 UI에 접속할 수 있게 하세요",
            ],
        ),
    ],
)
def test_unreachable_host_says_how_to_start_the_cluster(lang: str, expected: list[str]) -> None:
    port = closed_port()
    i18n.set_lang(lang)
    with pytest.raises(TutorialError) as error:
        submit.check_reachable(f"http://127.0.0.1:{port}", timeout=2.0)
    for part in expected:
        assert part.format(port=port) in str(error.value)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_cli_unreachable_is_a_message_not_a_traceback(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    code = cli.main(["--lang", lang, "run", "02-add", "--host", f"http://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("kfp-tutorial: ")
    assert "kfp-tutorial cluster up" in err
    assert ("응답하지 않습니다" in err) == (lang == "ko")


class KfpApi:
    """A tiny fake of the KFP v2beta1 REST API on 127.0.0.1 (healthz, experiments, runs)."""

    def __init__(
        self, frames: list[dict[str, Any]], healthz_status: int = 200, healthz_body: bytes = b""
    ) -> None:
        self.frames = list(frames)
        self.experiments: list[dict[str, Any]] = []
        self.created_runs: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self.healthz_status = healthz_status
        self.healthz_body = (
            healthz_body or json.dumps({"multi_user": False, "tag_name": "2.17.0"}).encode()
        )
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                path = urllib.parse.urlparse(self.path).path
                api.requests.append(f"GET {path}")
                if path == "/apis/v2beta1/healthz":
                    self._send(api.healthz_status, api.healthz_body)
                elif path == "/apis/v2beta1/experiments":
                    body = {"experiments": api.experiments, "total_size": len(api.experiments)}
                    self._send(200, json.dumps(body if api.experiments else {}).encode())
                elif path == "/apis/v2beta1/runs/run-1":
                    frame = api.frames.pop(0) if len(api.frames) > 1 else api.frames[0]
                    self._send(200, json.dumps(frame).encode())
                else:
                    self._send(404, b'{"error": "not found"}')

            def do_POST(self) -> None:  # noqa: N802
                path = urllib.parse.urlparse(self.path).path
                api.requests.append(f"POST {path}")
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if path == "/apis/v2beta1/experiments":
                    experiment = {"experiment_id": "exp-1", "display_name": body["display_name"]}
                    api.experiments.append(experiment)
                    self._send(200, json.dumps(experiment).encode())
                elif path == "/apis/v2beta1/runs":
                    api.created_runs.append(body)
                    self._send(200, json.dumps({"run_id": "run-1", "state": "PENDING"}).encode())
                else:
                    self._send(404, b"{}")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def kfp_api() -> Iterator[KfpApi]:
    api = KfpApi(
        [
            {"run_id": "run-1", "state": "RUNNING"},
            {
                "run_id": "run-1",
                "state": "SUCCEEDED",
                "run_details": {"task_details": [{"display_name": "add", "state": "SUCCEEDED"}]},
            },
        ]
    )
    yield api
    api.close()


def test_real_kfp_client_against_a_loopback_api(
    kfp_api: KfpApi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """healthz → kfp.Client → experiment → run → get_run, over real HTTP."""
    monkeypatch.setenv("HOME", str(tmp_path))  # not the machine's ~/.config/kfp/context.json
    lines: list[str] = []
    result = submit.submit_run(
        calculation_pipeline, {"a": 7.0, "b": 8.0}, kfp_api.url, poll=0.01, out=lines.append
    )
    assert result.status == "SUCCEEDED" and result.run_id == "run-1"
    assert [(t.name, t.state) for t in result.tasks] == [("add", "SUCCEEDED")]
    assert kfp_api.experiments == [{"experiment_id": "exp-1", "display_name": "kfp-tutorial"}]
    (created,) = kfp_api.created_runs
    assert created["experiment_id"] == "exp-1"
    assert created["runtime_config"]["parameters"] == {"a": 7.0, "b": 8.0}
    assert created["pipeline_spec"]["pipelineInfo"]["name"] == "calculation"
    assert kfp_api.requests[0] == "GET /apis/v2beta1/healthz"
    assert f"Run: {kfp_api.url}/#/runs/details/run-1" in lines


def test_cli_run_with_host_exit_codes(monkeypatch: pytest.MonkeyPatch, kfp_api: KfpApi) -> None:
    """``kfp-tutorial run 02-add --host URL``: 0 when the run succeeds, 1 when it fails."""
    monkeypatch.setattr(submit, "DEFAULT_POLL", 0.0)
    clients = [FakeClient(SUCCESS_FRAMES), FakeClient(FAILED_FRAMES)]
    monkeypatch.setattr(submit, "make_client", lambda host: clients.pop(0))
    assert cli.main(["run", "02-add", "--host", kfp_api.url]) == 0
    assert cli.main(["run", "02-add", "--host", kfp_api.url]) == 1
    monkeypatch.setenv("KFP_HOST", kfp_api.url)  # the default of --host
    clients.append(FakeClient(SUCCESS_FRAMES))
    assert cli.main(["run", "02-add"]) == 0
    assert clients == []


@pytest.mark.parametrize(
    ("status", "body", "detail"),
    [(404, b"{}", "HTTP 404"), (200, b"<html><body>Sign in</body></html>", "'<html><body>Sign in")],
)
def test_something_else_on_the_port_is_not_kfp(status: int, body: bytes, detail: str) -> None:
    api = KfpApi([{}], healthz_status=status, healthz_body=body)
    try:
        with pytest.raises(TutorialError) as error:
            submit.check_reachable(api.url)
        assert f"answers, but not as the KFP API ({detail}" in str(error.value)
    finally:
        api.close()


# --- upload and preview -------------------------------------------------------------------


def test_upload_new_pipeline_then_a_new_version() -> None:
    lines: list[str] = []
    client = FakeClient([], pipelines={})
    result = submit.upload_pipeline(
        calculation_pipeline, "http://kfp.test", client=client, out=lines.append
    )
    assert client.calls == [
        (
            "upload_pipeline",
            {"name": "calculation", "description": "add(a, 4) and add(a, b), then their sum."},
        )
    ]
    assert client.uploaded_specs[0]["pipelineInfo"]["name"] == "calculation"
    assert result.url == "http://kfp.test/#/pipelines/details/pipe-1" and not result.new_version
    assert lines == ["Uploaded pipeline 'calculation': http://kfp.test/#/pipelines/details/pipe-1"]

    client = FakeClient([], pipelines={"calculation": "pipe-1"})
    when = datetime.datetime(2026, 5, 4, 3, 2, 1)
    result = submit.upload_pipeline(
        calculation_pipeline, "http://kfp.test", client=client, out=lines.append, now=lambda: when
    )
    assert client.calls == [
        (
            "upload_pipeline_version",
            {
                "pipeline_version_name": "calculation 2026-05-04 03:02:01",
                "pipeline_id": "pipe-1",
                "description": "add(a, 4) and add(a, b), then their sum.",
            },
        )
    ]
    assert (
        result.new_version and result.url == "http://kfp.test/#/pipelines/details/pipe-1/version/ver-2"
    )


def test_preview_without_host_shows_what_would_be_sent(capsys: pytest.CaptureFixture[str]) -> None:
    plan = submit.submit_or_preview(calculation_pipeline, {"a": 7.0, "b": 8.0})
    assert isinstance(plan, submit.SubmissionPlan)
    assert plan.tasks == ["add", "add-2", "add-3"]
    assert plan.images == ["python:3.11-slim"]
    out = capsys.readouterr().out
    assert out.startswith("KFP_HOST is not set, so nothing is sent.")
    assert "this would create this run:" in out
    assert '  arguments:  {"a": 7.0, "b": 8.0}' in out
    assert "  tasks:      add, add-2, add-3" in out
    plan = submit.upload_or_preview(calculation_pipeline)
    assert "this would upload this pipeline:" in capsys.readouterr().out


def test_preview_checks_arguments_too() -> None:
    with pytest.raises(TutorialError, match="is float"):
        submit.plan_submission(calculation_pipeline, {"a": 7})
