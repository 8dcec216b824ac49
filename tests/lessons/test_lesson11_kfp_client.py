"""Lesson 11 (the KFP API): every kfp.Client call of the lesson against the fake KFP API
(the requests it sends, held to the 2.17.0 swagger, and what the functions return), the
local run the page quotes, the page structure, and both notebooks executed by papermill
without a host (a plan) and with the fake API as host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from fake_kfp_api import SWAGGER, FakeKfpApi, serve
from kfp_tutorial.lessons import lesson11_kfp_client as lesson
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.registry import find_lesson
from kfp_tutorial.spec.compiler import compile_pipeline, dependencies
from lesson_checks import assert_in_pages, check_page_structure, pages
from tools.notebooks import execute_notebook, section_text

REPO = Path(__file__).resolve().parents[2]
NAME = "11-kfp-client"


@pytest.fixture(autouse=True)
def _own_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # kfp.Client reads ~/.config/kfp/context.json


@pytest.fixture
def api() -> Iterator[FakeKfpApi]:
    yield from serve()


@pytest.fixture
def package(tmp_path: Path) -> str:
    return lesson.compile_package(lesson.square_pipeline, str(tmp_path / "square.yaml"))


def quiet(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()  # kfp prints "Experiment details: ..." links


def sent(api: FakeKfpApi, since: int) -> list[str]:
    """The requests sent since index ``since``, as 'METHOD /path' (healthz left out)."""
    return [
        f"{r.method} {r.path}"
        for r in api.requests[since:]
        if r.operation != "HealthzService_GetHealthz"
    ]


def template(call: str, **ids: str) -> str:
    return lesson.API_CALLS[call].format(**ids)


# --- the pipeline ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_pipeline_squares_then_records(tmp_path: Path) -> None:
    compiled = compile_pipeline(lesson.square_pipeline)
    assert dependencies(compiled) == {"square": set(), "record": {"square"}}
    result = run_local(lesson.square_pipeline, {"x": 3.0}, output_dir=tmp_path, progress=False)
    assert result.succeeded and result.output == "value = 9.0"
    assert_in_pages(NAME, "`value = 9.0`")
    examples = find_lesson(NAME).examples
    assert [(ex.func_name, dict(ex.arguments), ex.local) for ex in examples] == [
        ("square_pipeline", {"x": 3.0}, True)
    ]


def test_page_structure() -> None:
    check_page_structure(NAME)


def test_pages_name_every_call_and_its_rest_request() -> None:
    for lang, text in pages(NAME).items():
        for call, request in lesson.API_CALLS.items():
            assert f"`{call}`" in text, (lang, call)
            assert f"`{request}`" in text, (lang, request)


# --- every call against the fake API --------------------------------------------------------


def test_connect_sends_token_and_cookie() -> None:
    with FakeKfpApi(token="t0k", cookie="authservice_session=abc") as api:
        client = lesson.connect(api.url, token="t0k", cookie="authservice_session=abc")
        client.list_experiments()
    assert api.violations == []
    assert {r.header("Authorization") for r in api.requests} == {"Bearer t0k"}
    assert {r.header("Cookie") for r in api.requests} == {"authservice_session=abc"}


def test_experiment_upload_version_and_runs(
    api: FakeKfpApi, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = lesson.connect(api.url)
    start = len(api.requests)
    experiment_id = lesson.create_experiment(client, "kfp-tutorial", namespace="team-a")
    assert sent(api, start)[-1] == template("create_experiment")
    assert api.experiments[experiment_id]["namespace"] == "team-a"
    assert lesson.create_experiment(client, "kfp-tutorial") == experiment_id  # found, not new

    start = len(api.requests)
    pipeline_id, first_version = lesson.upload(client, package, "square")
    assert sent(api, start)[0] == template("upload_pipeline")
    assert api.last("UploadPipeline").query["name"] == ["square"]
    assert api.versions[first_version]["pipeline_id"] == pipeline_id

    start = len(api.requests)
    version_id = lesson.upload_version(client, package, pipeline_id, "v2")
    assert sent(api, start) == [template("upload_pipeline_version")]
    assert api.last("UploadPipelineVersion").query["pipelineid"] == [pipeline_id]
    assert version_id != first_version

    start = len(api.requests)
    run_id = lesson.run_version(client, experiment_id, pipeline_id, version_id, {"x": 3.0})
    assert sent(api, start) == [template("run_pipeline")]
    body = api.last("RunService_CreateRun").body
    assert body["pipeline_version_reference"] == {
        "pipeline_id": pipeline_id,
        "pipeline_version_id": version_id,
    }
    assert "pipeline_spec" not in body and body["runtime_config"]["parameters"] == {"x": 3.0}

    start = len(api.requests)
    package_run = lesson.run_package(client, package, {"x": 2.0}, "kfp-tutorial", namespace="team-a")
    assert template("create_run_from_pipeline_package") in sent(api, start)
    body = api.last("RunService_CreateRun").body
    assert body["pipeline_spec"]["pipelineInfo"]["name"] == "square-and-record"
    assert body["experiment_id"] == experiment_id
    caching = [t["cachingOptions"] for t in body["pipeline_spec"]["root"]["dag"]["tasks"].values()]
    assert caching == [{}, {}]  # enable_caching=False: no enableCache in any task

    start = len(api.requests)
    assert lesson.list_run_states(client, experiment_id) == [
        ("square from a package", "PENDING"),
        ("square from the uploaded version", "PENDING"),
    ]
    listed = api.last("RunService_ListRuns")
    assert f"{listed.method} {listed.path}" == template("list_runs")
    assert listed.query["sort_by"] == ["created_at desc"]

    assert lesson.state_of(client, run_id) == "PENDING"  # KFP has not started it yet
    start = len(api.requests)
    assert lesson.wait(client, run_id, poll_seconds=0) == "SUCCEEDED"
    assert set(sent(api, start)) == {template("wait_for_run_completion", run_id=run_id)}
    assert template("get_run", run_id=run_id) == template("wait_for_run_completion", run_id=run_id)
    assert lesson.wait(client, package_run, poll_seconds=0) == "SUCCEEDED"
    quiet(capsys)


def test_recurring_runs_by_cron_and_by_interval_then_paused(
    api: FakeKfpApi, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = lesson.connect(api.url)
    experiment_id = lesson.create_experiment(client, "kfp-tutorial")
    pipeline_id, version_id = lesson.upload(client, package, "square")
    start = len(api.requests)
    by_cron = lesson.schedule_cron(client, experiment_id, pipeline_id, version_id)
    assert sent(api, start) == [template("create_recurring_run")]
    cron = api.recurring_runs[by_cron]
    assert cron["trigger"] == {"cron_schedule": {"cron": "0 0 6 * * *"}}
    assert cron["mode"] == "ENABLE" and cron["status"] == "ENABLED"
    assert cron["pipeline_version_reference"]["pipeline_version_id"] == version_id

    by_interval = lesson.schedule_every(client, experiment_id, package, seconds=3600)
    every = api.recurring_runs[by_interval]
    assert every["trigger"] == {"periodic_schedule": {"interval_second": "3600"}}
    assert every["max_concurrency"] == "1" and every["pipeline_spec"]["pipelineInfo"]["name"]

    start = len(api.requests)
    lesson.pause(client, by_cron)
    assert sent(api, start) == [template("disable_recurring_run", recurring_run_id=by_cron)]
    assert client.get_recurring_run(by_cron).status == "DISABLED"
    assert client.get_recurring_run(by_interval).status == "ENABLED"

    fired = api.fire(by_interval)  # what KFP's scheduler does when the hour comes
    assert lesson.wait(client, fired, poll_seconds=0) == "SUCCEEDED"
    assert client.get_run(fired).recurring_run_id == by_interval
    quiet(capsys)


def test_archive_and_task_details(
    api: FakeKfpApi, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = lesson.connect(api.url)
    run_id = lesson.run_package(client, package, {"x": 3.0}, "kfp-tutorial")
    lesson.wait(client, run_id, poll_seconds=0)
    details = lesson.task_details(client, run_id)
    assert sorted(details) == ["record", "square"]  # no root DAG
    assert details["record"]["state"] == "SUCCEEDED"
    assert list(details["record"]["outputs"]) == ["metrics"]  # artifact IDs, no URIs
    assert details["record"]["outputs"]["metrics"][0].isdigit()
    assert details["square"]["outputs"] == {}  # a float is a parameter, not an artifact
    folder = lesson.artifact_folder("square-and-record", run_id, "record")
    assert folder == f"minio://mlpipeline/v2/artifacts/square-and-record/{run_id}/record/"

    start = len(api.requests)
    assert lesson.archive(client, run_id) == "ARCHIVED"
    assert sent(api, start)[0] == template("archive_run", run_id=run_id)
    assert api.runs[run_id]["storage_state"] == "ARCHIVED"
    quiet(capsys)


def test_exercise_hourly_without_catchup(api: FakeKfpApi, package: str) -> None:
    client = lesson.connect(api.url)
    experiment_id = lesson.create_experiment(client, "kfp-tutorial")
    recurring = api.recurring_runs[lesson.hourly_without_catchup(client, experiment_id, package)]
    assert recurring["no_catchup"] is True
    assert recurring["trigger"] == {"periodic_schedule": {"interval_second": "3600"}}


def test_exercise_last_failed_run(
    api: FakeKfpApi, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = lesson.connect(api.url)
    experiment_id = lesson.create_experiment(client, "kfp-tutorial")
    assert lesson.last_failed_run(client, experiment_id) is None
    ok = lesson.run_package(client, package, {"x": 1.0}, "kfp-tutorial")
    api.final_state["square-and-record"] = "FAILED"
    failed = [lesson.run_package(client, package, {"x": 2.0}, "kfp-tutorial") for _ in range(2)]
    for run_id in (ok, *failed):
        lesson.wait(client, run_id, poll_seconds=0)
    assert lesson.last_failed_run(client, experiment_id) == failed[-1]
    query = api.last("RunService_ListRuns").query
    assert json.loads(query["filter"][0])["predicates"][0]["string_value"] == "FAILED"
    quiet(capsys)


# --- the practice client the exercise checks use (kfp_tutorial/exercise_checks/lesson11.py) ---


def test_the_practice_client_answers_what_the_swagger_defines() -> None:
    """Its answers, as kfp.Client would receive them, are valid 2.17.0 API responses."""
    import kfp_server_api

    from kfp_tutorial.exercise_checks import lesson11 as checks

    situation, runs, experiment_id = checks._situations()[0]
    expected = checks._newest_failed(runs, experiment_id)
    # what makes the situation a test: the answer is neither the newest run nor on the
    # first page of the default (oldest first) order
    ordered = sorted((r for r in runs if r.experiment_id == experiment_id), key=lambda r: r.created_at)
    assert expected == "7c1e-10" and ordered[-1].run_id != expected
    assert expected not in [r.run_id for r in ordered[:10]]
    client = checks.PracticeClient(("list_runs", "create_recurring_run"), runs)
    serialize = kfp_server_api.ApiClient().sanitize_for_serialization
    listed = client.list_runs(experiment_id=experiment_id, page_size=3)
    assert [run.run_id for run in listed.runs] == ["7c1e-00", "7c1e-01", "7c1e-02"]  # oldest first
    assert listed.next_page_token == "3" and listed.total_size == 14
    assert (
        SWAGGER.response_errors(SWAGGER.match("GET", "/apis/v2beta1/runs"), 200, serialize(listed)) == []
    )
    recurring = client.create_recurring_run(
        experiment_id, "hourly", interval_second=3600, no_catchup=True
    )
    body = serialize(recurring)
    assert SWAGGER.response_errors(SWAGGER.match("POST", "/apis/v2beta1/recurringruns"), 200, body) == []
    assert lesson.last_failed_run(client, experiment_id) == expected
    assert [call.method for call in client.calls] == ["list_runs", "create_recurring_run", "list_runs"]


def test_the_practice_client_refuses_what_kfp_and_the_server_refuse() -> None:
    from kfp_tutorial.exercise_checks import ExerciseMismatch
    from kfp_tutorial.exercise_checks import lesson11 as checks

    client = checks.PracticeClient(("list_runs",))
    with pytest.raises(AttributeError, match="no_such_call"):
        client.no_such_call()
    for call, key in (
        (lambda: client.get_run("x"), "ex11_other_call"),  # a kfp.Client method, not allowed here
        (lambda: client.list_runs(experment_id="x"), "ex11_bad_call"),  # not kfp.Client's signature
        (lambda: client.list_runs(sort_by="created_at newest"), "ex11_bad_sort"),
        (lambda: client.list_runs(filter='{"predicates": [{"key": "colour"}]}'), "ex11_bad_filter"),
    ):
        with pytest.raises(ExerciseMismatch) as info:
            call()
        assert info.value.key == key


def test_show_plan_prints_the_call_and_the_request(capsys: pytest.CaptureFixture[str]) -> None:
    text = lesson.show_plan("create_experiment", name="kfp-tutorial")
    assert text == "client.create_experiment(name='kfp-tutorial')\n  -> POST /apis/v2beta1/experiments"
    assert capsys.readouterr().out.strip() == text


# --- notebooks --------------------------------------------------------------------------------


def code_cells(lang: str) -> list[Any]:
    nb = nbformat.read(REPO / "notebooks" / lang / f"{NAME}.ipynb", as_version=4)
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_notebooks_share_code_and_tags() -> None:
    en, ko = code_cells("en"), code_cells("ko")
    assert [c.source for c in en] == [c.source for c in ko]
    first = en[0]
    assert first.metadata.get("tags") == ["parameters"]
    assert 'output_dir = "kfp_runs"' in first.source and 'host = ""' in first.source
    sections = lesson_sections()
    solutions = [c.source for c in en if c.metadata.get("tags") == ["solution"]]
    assert len(solutions) == 2
    assert solutions == [sections["exercise_hourly"], sections["exercise_last_failed"]]
    for cell in en:
        source = cell.metadata.get("kfp_tutorial_source")
        if source:
            name = source.split(":", 1)[1]
            assert cell.source == sections[name], name


def lesson_sections() -> dict[str, str]:
    """Each snippet section of the lesson module, as a synced cell holds it."""
    module = "kfp_tutorial/lessons/lesson11_kfp_client.py"
    text = (REPO / module).read_text(encoding="utf-8")
    names = re.findall(r"# --8<-- \[start:(\w+)\]", text)
    return {name: section_text(f"{module}:{name}") for name in names}


def stream(cell: Any) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.get("output_type") == "stream")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebook_without_a_host_shows_the_plan(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KFP_HOST", raising=False)
    executed = tmp_path / f"{lang}.ipynb"
    source = REPO / "notebooks" / lang / f"{NAME}.ipynb"
    result = execute_notebook(source, executed, parameters={"output_dir": str(tmp_path / "runs")})
    assert result.ok, f"{result.error} (cell {result.failed_cell}); see {executed}"
    printed = "\n".join(
        stream(c) for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"
    )
    for call, request in lesson.API_CALLS.items():
        assert f"client.{call}(" in printed and f"-> {request}" in printed, call
    assert "value = 9.0" in printed


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebook_against_the_fake_api(lang: str, tmp_path: Path, api: FakeKfpApi) -> None:
    """The same cells, with the fake API as host: every call is really sent (and checked)."""
    executed = tmp_path / f"{lang}.ipynb"
    source = REPO / "notebooks" / lang / f"{NAME}.ipynb"
    parameters = {"output_dir": str(tmp_path / "runs"), "host": api.url, "poll_seconds": 0}
    result = execute_notebook(source, executed, parameters=parameters)
    assert result.ok, f"{result.error} (cell {result.failed_cell}); see {executed}"
    printed = "\n".join(
        stream(c) for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"
    )
    assert "-> POST" not in printed  # nothing planned: everything was sent
    calls = set(api.calls())
    for needed in (
        "ExperimentService_CreateExperiment",
        "UploadPipeline",
        "UploadPipelineVersion",
        "RunService_CreateRun",
        "RunService_ListRuns",
        "RunService_GetRun",
        "RecurringRunService_CreateRecurringRun",
        "RecurringRunService_DisableRecurringRun",
        "RunService_ArchiveRun",
    ):
        assert needed in calls, needed
    assert len(api.recurring_runs) == 3  # by cron, by interval, and exercise 1
    assert any(run["storage_state"] == "ARCHIVED" for run in api.runs.values())
    assert all(rec["status"] == "DISABLED" for rec in api.recurring_runs.values())  # nothing left on
    assert "at the end: SUCCEEDED" in printed and "last failed run: None" in printed


# --- the kfp command line ---------------------------------------------------------------------


@pytest.mark.slow  # each command starts a Python process
def test_the_pages_kfp_commands_send_what_the_page_says(
    api: FakeKfpApi, package: str, tmp_path: Path
) -> None:
    """The page's `kfp` commands, run as they are written (host and file swapped for the
    fake API's), send the requests the page names; v1's `pipeline upload` still works."""
    import os
    import shlex
    import subprocess
    import sys

    from lesson_checks import fences, page

    blocks = {
        lang: [b for b in fences(page(lang, NAME), "bash") if "kfp --endpoint" in b]
        for lang in ("en", "ko")
    }
    assert blocks["en"] == blocks["ko"] and len(blocks["en"]) == 1
    commands = [line for line in blocks["en"][0].splitlines() if line.startswith("kfp ")]
    assert len(commands) == 4
    env = {**os.environ, "HOME": str(tmp_path)}
    kfp_command = str(Path(sys.executable).with_name("kfp"))

    def kfp(words: list[str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [kfp_command, *words], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    printed = []
    for line in commands:
        start = len(api.requests)
        words = [
            api.url if w == "http://localhost:8080" else package if w == "square.yaml" else w
            for w in shlex.split(line)
        ]
        printed.append(kfp(words[1:]).stdout)
        requests = sent(api, start)
        if "pipeline create" in line:
            assert requests == [template("upload_pipeline")]
            assert api.last("UploadPipeline").query["name"] == ["square"]
        if "run create" in line:
            assert template("create_experiment") in requests and template("run_pipeline") in requests
            body = api.last("RunService_CreateRun").body
            assert body["runtime_config"]["parameters"] == {"x": 3.0}
            assert body["display_name"] == "square from the CLI"
            assert body["pipeline_spec"]["pipelineInfo"]["name"] == "square-and-record"
    assert "square" in printed[1] and "square from the CLI" in printed[3]
    assert api.violations == []
    old = kfp(["--endpoint", api.url, "pipeline", "upload", "-p", "square-v1-way", package])
    warning = "'upload' is deprecated, use 'create' instead."
    assert warning in old.stderr
    assert_in_pages(NAME, f"`{warning}`", f"`{template('upload_pipeline')}`")
