"""Submitting to a KFP cluster, without one: a fake client for the logic, a closed loopback
port for "unreachable", and the fake KFP API of tests/fake_kfp_api.py on 127.0.0.1 that the
real ``kfp.Client`` talks to, held to the 2.17.0 swagger, so the whole path (healthz,
experiment, run, polling, authentication) runs over HTTP.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import socket
import urllib.error
import urllib.request
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

from fake_kfp_api import DRIFT_STATUS, SWAGGER, FakeKfpApi, serve
from kfp_tutorial import cli, i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons.lesson02_add import calculation_pipeline
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.remote import submit


@pytest.fixture(autouse=True)
def _english_and_no_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("KFP_HOST", "KFP_NAMESPACE", "KFP_TOKEN", "KFP_COOKIE", "KF_PIPELINES_SA_TOKEN_PATH"):
        monkeypatch.delenv(name, raising=False)
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

    def create_experiment(self, name: str, description: str | None = None, **kwargs: Any) -> Any:
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


def submit_with(client: FakeClient, lines: list[str], **kwargs: Any) -> submit.RunResult:
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
    # one status vocabulary: the KFP API's SUCCEEDED is the course's SUCCESS
    assert result.succeeded and result.status == "SUCCESS"
    assert result.url == "http://kfp.test:8080/#/runs/details/run-123"
    assert (result.host, result.run_id, result.experiment, result.run_dir) == (
        "http://kfp.test:8080",
        "run-123",
        "kfp-tutorial",
        "",
    )
    assert [(t.name, t.status) for t in result.tasks] == [
        ("add", "SUCCESS"),
        ("add-2", "SUCCESS"),
        ("add-3", "SUCCESS"),
    ]
    assert result.task("add").outputs == {"metrics": ["1"]}
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
        "Pipeline 'calculation' finished on the cluster: SUCCESS (KFP: SUCCEEDED) in 15s (3 tasks). "
        "Open it: http://kfp.test:8080/#/runs/details/run-123"
    )
    assert lines[-1] == 'Output artifacts: {"add": ["metrics"]}'


def test_a_failed_run_names_the_failed_task_and_the_logs() -> None:
    lines: list[str] = []
    result = submit_with(FakeClient(FAILED_FRAMES), lines)
    assert not result.succeeded and result.status == "FAILURE"
    assert result.reason == "task add exited with 1"
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
    assert submit.normalize_host("https://kf.example.com/pipeline/") == "https://kf.example.com/pipeline"
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


@pytest.fixture
def kfp_api() -> Iterator[FakeKfpApi]:
    yield from serve()


@pytest.fixture(autouse=True)
def _own_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """kfp.Client reads ~/.config/kfp/context.json: not the machine's."""
    monkeypatch.setenv("HOME", str(tmp_path))


def test_real_kfp_client_against_the_fake_api(kfp_api: FakeKfpApi) -> None:
    """healthz → kfp.Client → experiment → run → get_run, over real HTTP, held to the swagger."""
    lines: list[str] = []
    result = submit.submit_run(
        calculation_pipeline, {"a": 7.0, "b": 8.0}, kfp_api.url, poll=0.01, out=lines.append
    )
    assert result.status == "SUCCESS" and result.run_id == "run-2"
    assert sorted((t.name, t.status) for t in result.tasks) == [
        ("add", "SUCCESS"),
        ("add-2", "SUCCESS"),
        ("add-3", "SUCCESS"),
    ]
    assert [e["display_name"] for e in kfp_api.experiments.values()] == ["kfp-tutorial"]
    created = kfp_api.last("RunService_CreateRun").body
    assert created["experiment_id"] == "exp-1"
    assert created["runtime_config"]["parameters"] == {"a": 7.0, "b": 8.0}
    assert created["pipeline_spec"]["pipelineInfo"]["name"] == "calculation"
    assert kfp_api.calls()[:2] == ["HealthzService_GetHealthz", "HealthzService_GetHealthz"]
    assert kfp_api.calls()[-3:] == ["RunService_GetRun"] * 3  # PENDING, RUNNING, SUCCEEDED
    assert f"Run: {kfp_api.url}/#/runs/details/run-2" in lines
    assert "SUCCESS (KFP: SUCCEEDED)" in lines[-1] or "SUCCESS (KFP: SUCCEEDED)" in lines[-2]


def test_cli_run_with_host_exit_codes(monkeypatch: pytest.MonkeyPatch, kfp_api: FakeKfpApi) -> None:
    """``kfp-tutorial run 02-add --host URL``: 0 when the run succeeds, 1 when it fails."""
    monkeypatch.setattr(submit, "DEFAULT_POLL", 0.0)
    assert cli.main(["run", "02-add", "--host", kfp_api.url]) == 0
    kfp_api.final_state["calculation"] = "FAILED"
    assert cli.main(["run", "02-add", "--host", kfp_api.url]) == 1
    del kfp_api.final_state["calculation"]
    monkeypatch.setenv("KFP_HOST", kfp_api.url)  # the default of --host
    assert cli.main(["run", "02-add"]) == 0
    assert kfp_api.calls().count("RunService_CreateRun") == 3


def test_cli_run_all_with_host_counts_cluster_runs(
    monkeypatch: pytest.MonkeyPatch, kfp_api: FakeKfpApi, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run --all --host``: cluster runs that SUCCEEDED count as succeeded in the summary."""
    monkeypatch.setattr(submit, "DEFAULT_POLL", 0.0)
    total = sum(len(lesson.examples) for lesson in LESSONS)
    kfp_api.final_state["calculation"] = "FAILED"  # lesson 02's pipeline fails, once per submission
    calculation = sum(ex.name == "calculation" for lesson in LESSONS for ex in lesson.examples)
    assert cli.main(["run", "--all", "--host", kfp_api.url]) == 1
    out = capsys.readouterr().out
    assert kfp_api.calls().count("RunService_CreateRun") == total
    summary = out.strip().splitlines()[-1]
    assert summary.startswith(f"{total - calculation} succeeded, {calculation} failed, 0 skipped in ")
    rows = [line.split() for line in out.splitlines() if line.startswith(("0", "1"))]
    statuses = [row[3] for row in rows if len(row) == 5]
    assert len(statuses) == total and set(statuses) == {"SUCCESS", "FAILURE"}


def _static_server(status: int, body: bytes, headers: dict[str, str] | None = None) -> Any:
    """Something that is not KFP on a loopback port."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server


@pytest.mark.parametrize(
    ("status", "body", "detail"),
    [(404, b"{}", "HTTP 404"), (200, b"<html><body>Sign in</body></html>", "'<html><body>Sign in")],
)
def test_something_else_on_the_port_is_not_kfp(status: int, body: bytes, detail: str) -> None:
    server = _static_server(status, body)
    try:
        with pytest.raises(TutorialError) as error:
            submit.check_reachable(f"http://127.0.0.1:{server.server_address[1]}")
        assert f"answers, but not as the KFP API ({detail}" in str(error.value)
    finally:
        server.shutdown()
        server.server_close()


# --- the fake is held to the real API -----------------------------------------------------


def test_the_swagger_knows_the_operations_kfp_client_uses() -> None:
    names = {op.operation_id for op in SWAGGER.operations}
    for needed in (
        "HealthzService_GetHealthz",
        "ExperimentService_CreateExperiment",
        "RunService_CreateRun",
        "RunService_GetRun",
        "RunService_ArchiveRun",
        "UploadPipeline",
        "UploadPipelineVersion",
        "RecurringRunService_CreateRecurringRun",
        "RecurringRunService_DisableRecurringRun",
    ):
        assert needed in names


def test_a_response_of_the_wrong_shape_is_caught() -> None:
    get_run = SWAGGER.match("GET", "/apis/v2beta1/runs/run-1")
    assert get_run is not None and get_run.operation_id == "RunService_GetRun"
    assert SWAGGER.response_errors(get_run, 200, {"run_id": "r", "state": "SUCCEEDED"}) == []
    wrong_type = SWAGGER.response_errors(get_run, 200, {"run_id": 5})
    assert wrong_type and "run_id" in wrong_type[0] and "'string'" in wrong_type[0]
    # kfp.local's word is not the API's: the enum catches it
    assert SWAGGER.response_errors(get_run, 200, {"run_id": "r", "state": "SUCCESS"})
    nested = {"run_id": "r", "run_details": {"task_details": [{"display_name": 3}]}}
    assert "run_details/task_details/0/display_name" in SWAGGER.response_errors(get_run, 200, nested)[0]
    # the old fake answered healthz with a tag_name that KFP 2.17.0 does not send
    healthz = SWAGGER.match("GET", "/apis/v2beta1/healthz")
    assert healthz is not None
    assert "tag_name" in SWAGGER.response_errors(healthz, 200, {"multi_user": False, "tag_name": "x"})[0]


def test_a_fake_that_drifts_fails_through_the_real_client() -> None:
    with FakeKfpApi() as api:
        api.tamper = lambda oid, body: {**body, "state": 7} if oid == "RunService_GetRun" else body
        with pytest.raises(TutorialError, match=f"refused the request: {DRIFT_STATUS}"):
            submit.submit_run(calculation_pipeline, {"a": 1.0, "b": 2.0}, api.url, poll=0.0, out=str)
    assert any("RunService_GetRun response: state: 7 is not one of" in v for v in api.violations)


def test_unknown_paths_and_query_parameters_are_caught() -> None:
    with FakeKfpApi() as api:
        for path in ("/apis/v2beta1/nothing", "/apis/v2beta1/runs?colour=red", "/apis/v1beta1/runs"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(api.url + path, timeout=5)
            assert error.value.code == DRIFT_STATUS
    assert api.violations == [
        "GET /apis/v2beta1/nothing: no such path and method in the swagger",
        "RunService_ListRuns: unknown query parameter 'colour'",
        "GET /apis/v1beta1/runs: no such path and method in the swagger",
    ]


# --- a full, multi-user Kubeflow ----------------------------------------------------------


def _submit(api: FakeKfpApi, **kwargs: Any) -> submit.RunResult:
    return submit.submit_run(
        calculation_pipeline, {"a": 7.0, "b": 8.0}, api.url, poll=0.0, out=lambda line: None, **kwargs
    )


def test_a_token_is_sent_with_every_request() -> None:
    with FakeKfpApi(token="s3cret") as api:
        assert _submit(api, token="s3cret").status == "SUCCESS"
    assert api.violations == []
    assert {r.header("Authorization") for r in api.requests} == {"Bearer s3cret"}


def test_the_token_and_namespace_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeKfpApi(token="from-env", multi_user=True) as api:
        monkeypatch.setenv("KFP_TOKEN", "from-env")
        monkeypatch.setenv("KFP_NAMESPACE", "kubeflow-user-example-com")
        assert _submit(api).status == "SUCCESS"
    assert api.violations == []
    assert {r.header("Authorization") for r in api.requests} == {"Bearer from-env"}
    assert (
        api.last("ExperimentService_CreateExperiment").body["namespace"] == "kubeflow-user-example-com"
    )
    listed = [r for r in api.requests if r.operation == "ExperimentService_ListExperiments"]
    assert listed and all(r.query["namespace"] == ["kubeflow-user-example-com"] for r in listed)


def test_the_in_cluster_service_account_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Inside a Kubeflow notebook server kfp.Client's token file is read before every request."""
    token_file = tmp_path / "token"
    token_file.write_text("sa-token-1\n")
    monkeypatch.setenv("KF_PIPELINES_SA_TOKEN_PATH", str(token_file))
    with FakeKfpApi(token="sa-token-1") as api:
        conn, client = submit.connect(api.url)
        assert conn.token_path == str(token_file)
        assert "KF_PIPELINES_SA_TOKEN_PATH" in conn.token_source
        with contextlib.redirect_stdout(io.StringIO()):
            client.create_experiment(name="e")
        token_file.write_text("sa-token-2")  # the kubelet rotates it
        api.token = "sa-token-2"
        client.list_experiments()
    assert api.violations == []
    assert [r.header("Authorization") for r in api.requests][-1] == "Bearer sa-token-2"


def test_a_dex_session_cookie_and_a_pipeline_prefix() -> None:
    cookie = "authservice_session=MTcx"
    with FakeKfpApi(cookie=cookie, prefix="/pipeline", multi_user=True) as api:
        result = _submit(api, cookie=cookie, namespace="team-a")
    assert api.violations == []
    assert result.status == "SUCCESS"
    assert api.url.endswith("/pipeline") and result.url.startswith(api.url + "/#/runs/details/")
    assert all(r.path.startswith("/pipeline/apis/v2beta1/") for r in api.requests)
    assert {r.header("Cookie") for r in api.requests} == {cookie}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_login_redirect_says_to_set_a_cookie_or_token(lang: str) -> None:
    i18n.set_lang(lang)
    with FakeKfpApi(cookie="authservice_session=x", prefix="/pipeline") as api:
        with pytest.raises(TutorialError) as error:
            _submit(api)
    message = str(error.value)
    assert "/dex/auth?" in message and "--cookie" in message and "$KFP_COOKIE" in message
    assert "--token" in message
    assert ("로그인 페이지" in message) == (lang == "ko")
    assert api.calls() == ["GET /pipeline/apis/v2beta1/healthz"]  # stopped at the first answer


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_401_and_403_say_which_option_to_set(lang: str) -> None:
    i18n.set_lang(lang)
    with FakeKfpApi(token="right") as api:
        with pytest.raises(TutorialError) as error:
            _submit(api)
        assert "HTTP 401" in str(error.value) and "$KFP_TOKEN" in str(error.value)
        assert "KF_PIPELINES_SA_TOKEN_PATH" in str(error.value)
        api.forbidden = True
        with pytest.raises(TutorialError) as error:
            _submit(api, token="right", namespace="team-a")
    message = str(error.value)
    assert "HTTP 403" in message and "--namespace" in message and "$KFP_NAMESPACE" in message
    assert "namespace=team-a (--namespace)" in message and "token (--token)" in message
    assert "right" not in message.replace("Set now", "").replace("지금 설정", "")  # no secret shown
    assert ("거부합니다" in message) == (lang == "ko")


def test_multi_user_without_a_namespace_says_so() -> None:
    with FakeKfpApi(multi_user=True) as api:
        with pytest.raises(
            TutorialError, match="multi-user: say whose runs .* --namespace or \\$KFP_NAMESPACE"
        ):
            _submit(api)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_address_from_kfp_host_says_so(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    monkeypatch.setenv("KFP_HOST", f"http://127.0.0.1:{port}")
    assert cli.main(["--lang", lang, "run", "02-add"]) == 2
    err = capsys.readouterr().err
    suffix = " (from $KFP_HOST)" if lang == "en" else " ($KFP_HOST에서 읽음)"
    assert f"http://127.0.0.1:{port}{suffix}" in err
    assert cli.main(["--lang", lang, "run", "02-add", "--host", f"http://127.0.0.1:{port}"]) == 2
    assert suffix not in capsys.readouterr().err  # given on the command line: no note
    monkeypatch.setenv("KFP_HOST", "ftp://x")
    assert cli.main(["--lang", lang, "run", "02-add"]) == 2
    assert suffix.strip() in capsys.readouterr().err


def test_cli_upload_sends_the_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeKfpApi(token="t0k", multi_user=True) as api:
        args = ["upload", "02-add", "--host", api.url, "--token", "t0k", "--namespace", "team-a"]
        assert cli.main(args) == 0
        assert cli.main(args) == 0  # again: a new version
    assert api.violations == []
    assert {r.header("Authorization") for r in api.requests} == {"Bearer t0k"}
    assert api.last("UploadPipeline").query["namespace"] == ["team-a"]
    assert api.last("UploadPipeline").query["name"] == ["calculation"]
    assert "calculation" in api.last("UploadPipeline").body["uploadfile"]
    assert api.calls().count("UploadPipelineVersion") == 1


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
