"""Lesson 09 (run on a cluster): the pipelines' specs, their real local runs, the pages'
quoted results and commands, the plain-SDK snippet, and both notebooks executed without a
cluster (they compile and show what they would send).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kfp_tutorial import i18n
from kfp_tutorial.lessons import lesson09_cluster as lesson
from kfp_tutorial.lessons.lesson02_add import calculation_pipeline
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.registry import find_lesson
from kfp_tutorial.remote.submit import plan_submission
from kfp_tutorial.spec.compiler import compile_pipeline, dependencies
from lesson_checks import assert_in_pages, check_page_structure, pages
from tools.notebooks import execute_notebook, synced_cells

REPO = Path(__file__).resolve().parents[2]
NAME = "09-cluster"


def where_this_machine_is() -> str:
    """What ``where_am_i`` must say when kfp.local runs it here, computed independently."""
    inside_pod = "KUBERNETES_SERVICE_HOST" in os.environ
    return ("Kubernetes pod " if inside_pod else "local process on ") + platform.node()


# --- specs --------------------------------------------------------------------------------


def test_where_pipeline_is_one_task_on_the_base_image() -> None:
    compiled = compile_pipeline(lesson.where_pipeline)
    tasks = compiled.all_tasks()
    assert list(tasks) == ["where-am-i"]
    assert compiled.executor(tasks["where-am-i"])["container"]["image"] == "python:3.11-slim"


def test_two_places_runs_both_reports_in_parallel_then_compares() -> None:
    deps = dependencies(compile_pipeline(lesson.two_places_pipeline))
    assert deps == {
        "where-am-i": set(),
        "where-am-i-2": set(),
        "same-place": {"where-am-i", "where-am-i-2"},
    }


def test_exercise_two_places_turns_caching_off_for_both_reports() -> None:
    """where_am_i has no inputs: cached, a rerun would answer both tasks with one old report."""
    compiled = compile_pipeline(lesson.two_places_pipeline)
    tasks = compiled.all_tasks()
    caching = {name: task.get("cachingOptions", {}) for name, task in tasks.items()}
    assert caching["where-am-i"] == {} and caching["where-am-i-2"] == {}  # enableCache absent: off
    assert caching["same-place"] == {"enableCache": True}
    for lang, text in pages(NAME).items():
        assert "set_caching_options(False)" in text.split("{#exercise-two-places}", 1)[1], lang


def test_submit_to_full_kubeflow_sends_namespace_and_cookie(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from fake_kfp_api import FakeKfpApi
    from kfp_tutorial.remote import submit

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(submit, "DEFAULT_POLL", 0.0)
    cookie = "oauth2_proxy_kubeflow=abc"
    with FakeKfpApi(prefix="/pipeline", cookie=cookie, multi_user=True) as api:
        result = lesson.submit_to_full_kubeflow(api.url, "kubeflow-user-example-com", cookie=cookie)
    assert api.violations == []
    assert result.status == "SUCCESS" and result.url.startswith(api.url + "/#/runs/details/")
    assert {r.header("Cookie") for r in api.requests} == {cookie}
    body = api.last("ExperimentService_CreateExperiment").body
    assert body["namespace"] == "kubeflow-user-example-com"


def test_client_in_notebook_server_uses_kfps_in_cluster_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kfp

    made: list[dict[str, Any]] = []
    monkeypatch.setattr(kfp, "Client", lambda **kwargs: made.append(kwargs) or "client")
    assert lesson.client_in_notebook_server() == "client"
    assert made == [{}]  # no host, no token: kfp.Client finds both inside the pod


def test_notebook_full_kubeflow_cells_are_the_modules_sections() -> None:
    for lang in ("en", "ko"):
        cells = synced_cells(REPO / "notebooks" / lang / f"{NAME}.ipynb")
        names = {cell.target.split(":", 1)[1] for cell in cells}
        assert names >= {"full_kubeflow_notebook", "full_kubeflow_laptop"}, lang
        assert [cell.target for cell in cells if not cell.in_sync] == [], lang


def test_examples_are_local_and_drawn() -> None:
    examples = find_lesson(NAME).examples
    assert [(ex.func_name, ex.local, dict(ex.arguments)) for ex in examples] == [
        ("where_pipeline", True, {})
    ]


# --- real local runs and what the pages quote ---------------------------------------------


@pytest.mark.slow
def test_where_runs_locally_and_says_so(tmp_path: Path) -> None:
    result = run_local(lesson.where_pipeline, output_dir=tmp_path, progress=False)
    assert result.succeeded
    assert result.output == where_this_machine_is()
    assert_in_pages(NAME, "`local process on`", "`Kubernetes pod where-...`")


@pytest.mark.slow
def test_exercise_two_places_is_true_locally(tmp_path: Path) -> None:
    result = run_local(lesson.two_places_pipeline, output_dir=tmp_path, progress=False)
    assert result.succeeded and result.output is True
    reports = {result.task(name).outputs["Output"] for name in ("where-am-i", "where-am-i-2")}
    assert reports == {where_this_machine_is()}
    assert_in_pages(NAME, "`True`", "`False`")


@pytest.mark.slow
def test_exercise_ui_run_numbers(tmp_path: Path) -> None:
    """The page's answer to exercise 2 (a=1.0, b=2.0), from a real run of lesson 02's pipeline."""
    result = run_local(calculation_pipeline, {"a": 1.0, "b": 2.0}, output_dir=tmp_path, progress=False)
    first, second, total = (result.task(n).outputs["Output"] for n in ("add", "add-2", "add-3"))
    assert (first, second, total, result.output) == (5.0, 3.0, 8.0, 8.0)
    assert_in_pages(NAME, f"1.0 + 4.0 = {first}", f"1.0 + 2.0 = {second}", "`add-3`")
    for lang, text in pages(NAME).items():
        assert f"{total}" in text.split("{#exercise-ui-run}", 1)[1], lang


def test_what_would_be_sent_for_lesson_02_is_what_the_page_says() -> None:
    plan = plan_submission(calculation_pipeline, {"a": 7.0, "b": 8.0})
    assert plan.tasks == ["add", "add-2", "add-3"] and plan.images == ["python:3.11-slim"]
    assert_in_pages(NAME, *(f"`{task}`" for task in plan.tasks), f"`{plan.images[0]}`")


def test_pages_quote_the_scripts_real_kubectl_commands() -> None:
    """The kubectl lines on the page are the ones ``up --dry-run`` prints, in the same order."""
    done = subprocess.run(
        ["bash", str(REPO / "kfp_tutorial" / "cluster" / "kfp-cluster.sh"), "--dry-run", "up"],
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # The script prints its own folder in full; the pages write it as cluster/.
    cluster_dir = str(REPO / "kfp_tutorial" / "cluster") + "/"
    kubectl_lines = [
        line.replace(cluster_dir, "cluster/")
        for line in done.stdout.splitlines()
        if line.startswith("+ kubectl") and (f" apply -f {cluster_dir}kfp-" in line or " wait " in line)
    ]
    assert len(kubectl_lines) == 3
    for lang, text in pages(NAME).items():
        quoted = [line for line in text.splitlines() if line.startswith("+ kubectl")]
        assert quoted == kubectl_lines, lang


def test_page_structure() -> None:
    check_page_structure(NAME)
    for text in pages(NAME).values():
        assert '--8<-- "cluster/kind-config.yaml"' in text  # the config itself, not a copy


# --- the plain-SDK snippet ----------------------------------------------------------------


def test_submit_with_kfp_client_makes_the_three_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    import kfp

    calls: list[tuple[str, Any, dict[str, Any]]] = []

    class FakeKfpClient:
        def __init__(self, host: str) -> None:
            calls.append(("Client", host, {}))

        def create_experiment(self, name: str) -> None:
            calls.append(("create_experiment", name, {}))

        def create_run_from_pipeline_func(self, pipeline: Any, **kwargs: Any) -> Any:
            calls.append(("create_run_from_pipeline_func", pipeline, kwargs))
            return type("Result", (), {"run_id": "abc-123"})()

    monkeypatch.setattr(kfp, "Client", FakeKfpClient)
    assert lesson.submit_with_kfp_client("http://localhost:8080") == "abc-123"
    assert calls == [
        ("Client", "http://localhost:8080", {}),
        ("create_experiment", "kfp-tutorial", {}),
        (
            "create_run_from_pipeline_func",
            calculation_pipeline,
            {"arguments": {"a": 7.0, "b": 8.0}, "experiment_name": "kfp-tutorial"},
        ),
    ]


# --- notebooks ----------------------------------------------------------------------------


def code_cells(lang: str) -> list[Any]:
    nb = nbformat.read(REPO / "notebooks" / lang / f"{NAME}.ipynb", as_version=4)
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_notebooks_share_code_and_tags() -> None:
    en, ko = code_cells("en"), code_cells("ko")
    assert [c.source for c in en] == [c.source for c in ko]
    assert en[0].metadata.get("tags") == ["parameters"] and 'output_dir = "kfp_runs"' in en[0].source
    # one solution cell per exercise on the page (exercise 1 on a cluster, exercise 2 locally)
    assert [c.metadata.get("tags") for c in en].count(["solution"]) == 2


def outputs_text(cell: Any) -> str:
    return "".join(out.get("text", "") for out in cell.outputs if out.get("output_type") == "stream")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_notebook_runs_without_a_cluster(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KFP_HOST", raising=False)
    source = REPO / "notebooks" / lang / f"{NAME}.ipynb"
    executed = tmp_path / f"{lang}.ipynb"
    result = execute_notebook(source, executed, parameters={"output_dir": str(tmp_path / "runs")})
    assert result.ok, f"{result.error} (cell {result.failed_cell}); see {executed}"
    cells = [c for c in nbformat.read(executed, as_version=4).cells if c.cell_type == "code"]
    by_source = {c.source.splitlines()[-1]: outputs_text(c) for c in cells if c.source}
    previous = i18n.get_lang()
    i18n.set_lang(lang)
    try:
        expected_connection = i18n.t("cluster_connection_none", local="http://localhost:8080")
        preview = i18n.t(
            "cluster_preview", local="http://localhost:8080", action=i18n.t("cluster_action_run")
        )
    finally:
        i18n.set_lang(previous)
    assert by_source["print(describe_connection(host))"].strip() == expected_connection
    assert by_source["print(local.output)"].splitlines()[-1] == where_this_machine_is()
    plan = plan_submission(calculation_pipeline, {"a": 7.0, "b": 8.0})
    assert by_source["print(plan.describe())"].strip() == plan.describe().strip()
    submitted = by_source['run = submit_or_preview(calculation_pipeline, {"a": 7.0, "b": 8.0}, host)']
    assert submitted.startswith(preview)  # nothing was sent: no host
    checked = [
        out for source, out in by_source.items() if source.startswith('check_exercise("09-cluster", 1')
    ]
    assert checked and checked[0].startswith("✓"), checked  # exercise 1's solution passes its check


def test_stored_notebook_outputs_come_from_a_run() -> None:
    """The stored plan output (a # NBVAL_CHECK_OUTPUT cell) equals a fresh plan."""
    plan = plan_submission(calculation_pipeline, {"a": 7.0, "b": 8.0}).describe()
    for lang in ("en", "ko"):
        (cell,) = [
            c
            for c in code_cells(lang)
            if c.source.startswith("# NBVAL_CHECK_OUTPUT") and "check_exercise(" not in c.source
        ]
        assert outputs_text(cell).strip() == plan.strip(), lang
        assert not re.search(r"/tmp/|/work/", outputs_text(cell))
