"""Lesson 12 (test and debug): the page's tests are real tests, run here; the results and
facts the pages quote come from real runs and from the shipped cluster manifests; the CI
workflow the page shows passes a linter and its steps run on a project built from the
lesson's code; and the exercise checks catch every bug they try, proven with generated
tests that miss exactly one bug each.
"""

import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kfp_tutorial import i18n
from kfp_tutorial.exercise_checks import CheckContext, ExerciseMismatch
from kfp_tutorial.exercise_checks import lesson12 as checks
from kfp_tutorial.lessons import lesson12_testing as lesson

# The page's tests, collected here by pytest as they are (the ones that run kfp.local are
# slow). The fixture comes along: pytest finds fixtures in a test module's namespace.
from kfp_tutorial.lessons.lesson12_testing import (  # noqa: F401 - collected by pytest
    local_runner,
    test_clean_readings,
    test_clean_readings_keeps_the_range_in_order,
    test_every_component_runs_as_a_task,
    test_readings_spec,
    test_readings_structure,
    test_rounded_up_fails_as_a_task,
    test_rounded_up_passes_in_the_module,
    test_submit_readings_sends_the_package_and_readings,
    test_summarize_averages,
)
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.notebook_tests import run_tests
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import compile_pipeline, dependencies
from lesson_checks import assert_in_pages, check_page_structure, page_python, pages, run_page_code
from tools.parity import snippet_section

REPO = Path(__file__).resolve().parents[2]
NAME = "12-testing"
WORKFLOW = REPO / "lessons" / "data" / "lesson12-workflow.yml"
MANIFESTS = REPO / "kfp_tutorial" / "cluster" / "kfp-2.17.0"
MODULE_FILE = Path(lesson.__file__)

test_readings_pipeline = pytest.mark.slow(lesson.test_readings_pipeline)
test_one_component_alone = pytest.mark.slow(lesson.test_one_component_alone)
test_readings_report = pytest.mark.slow(lesson.test_readings_report)


def test_every_test_of_the_lesson_runs_here() -> None:
    written = {name for name in vars(lesson) if name.startswith("test_")}
    collected = {name for name, value in globals().items() if name.startswith("test_") and value}
    assert written <= collected, f"not collected here: {sorted(written - collected)}"


def test_page_structure() -> None:
    check_page_structure(NAME)


# --- what the pages quote, from real runs -----------------------------------------------------


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunResult]:
    out = tmp_path_factory.mktemp("lesson12")
    return {
        ex.func_name: run_local(ex.pipeline, ex.arguments, output_dir=out, progress=False)
        for ex in lesson.EXAMPLES
    }


@pytest.mark.slow
def test_the_readings_run_the_page_quotes(runs: dict[str, RunResult]) -> None:
    run = runs["readings_pipeline"]
    assert run.succeeded and run.outputs["mean"] == 17.0 == lesson.mean_of([12.0, 18.0, 21.0])
    report = Path(run.outputs["report"]["path"]).read_text(encoding="utf-8")
    assert report == '{"count": 3, "mean": 17.0}'
    assert [task.name for task in run.tasks] == ["clean-readings", "summarize", "write-report"]
    assert_in_pages(NAME, "**17.0**", f"`{report}`")
    assert runs["debug_pipeline"].succeeded and runs["debug_pipeline"].output == 15.0


@pytest.mark.slow
def test_a_warm_run_raises_the_alarm(tmp_path: Path) -> None:
    run = run_local(lesson.readings_pipeline, {"readings": [35.0, 37.0]}, output_dir=tmp_path)
    assert run.task("raise-alarm").outputs["Output"] == "too warm: 36.0"


@pytest.mark.slow
def test_the_failed_run_and_its_reproduction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    failed = run_local(lesson.readings_pipeline, {"readings": [99.0, -40.0]}, output_dir=tmp_path)
    summarize = failed.task("summarize")
    assert (failed.status, summarize.status, summarize.inputs) == ("FAILURE", "FAILURE", {"values": []})
    error = "statistics.StatisticsError: fmean requires at least one data point"
    assert summarize.log.count(error) == 3  # set_retry(num_retries=2): tried three times
    assert {p.name for p in Path(failed.run_dir).iterdir()} >= {"run.json", "pipeline.yaml", "log.txt"}
    with pytest.raises(lesson.statistics.StatisticsError, match="at least one data point"):
        lesson.reproduce(failed, "summarize", lesson.summarize)
    assert_in_pages(NAME, f"`{error}`", '`reproduce(failed, "summarize", summarize)`')
    # the page's own code block, run as it is
    (code,) = page_python(NAME)
    imports = "from kfp_tutorial import run_local\nfrom kfp_tutorial.lessons.lesson12_testing import *\n"
    namespace, printed = run_page_code(imports + code)
    assert "FAILURE\n" in printed and "{'values': []}\n" in printed and error in printed
    assert namespace["failed"].status == "FAILURE"


@pytest.mark.slow
def test_a_module_level_import_fails_in_the_task(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(tmp_path))
    with pytest.raises(RuntimeError, match="rounded-up"):
        lesson.rounded_up(value=2.5)
    message = "NameError: name 'math' is not defined"
    assert message in capfd.readouterr().out
    assert_in_pages(NAME, f"`{message}`")


@pytest.mark.slow
def test_kfp_local_skips_a_condition_on_a_named_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The caveat the page states: kfp.local 2.17 evaluates a condition on a NamedTuple
    output as false. When a kfp release fixes it, this fails: update the page."""
    from typing import NamedTuple

    from kfp import dsl, local

    @dsl.component(base_image=lesson.BASE_IMAGE)
    def stats(values: list) -> NamedTuple("Stats", [("count", int), ("mean", float)]):
        from collections import namedtuple

        return namedtuple("Stats", ["count", "mean"])(len(values), sum(values) / len(values))

    @dsl.pipeline(name="named-condition")
    def named_condition(values: list = [35.0, 37.0]):  # noqa: B006
        summary = stats(values=values)
        with dsl.If(summary.outputs["mean"] > 30.0):
            lesson.raise_alarm(mean=summary.outputs["mean"])

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(tmp_path))
    named_condition()
    warning = "Could not resolve CEL parameter: pipelinechannel--stats-mean"
    assert warning in caplog.text
    assert "raise-alarm" not in caplog.text.replace("raise_alarm", "")
    for lang, text in pages(NAME).items():
        assert "Could not resolve CEL parameter: pipelinechannel--summarize-mean" in text, lang


def test_the_debug_pause_sets_the_argo_variable() -> None:
    compiled = compile_pipeline(lesson.debug_pipeline)
    env = compiled.spec["deploymentSpec"]["executors"]["exec-summarize"]["container"]["env"]
    assert env == [{"name": "ARGO_DEBUG_PAUSE_ON_ERROR", "value": "true"}]
    assert dependencies(compiled) == {"clean-readings": set(), "summarize": {"clean-readings"}}
    assert_in_pages(NAME, "`ARGO_DEBUG_PAUSE_ON_ERROR`", "set_debug_pause(on_error=True)`")


def test_where_a_pods_logs_go_is_what_the_cluster_installs() -> None:
    """The page's facts about logs and TTL, read from the manifests the cluster applies."""
    docs = list(yaml.safe_load_all((MANIFESTS / "platform-agnostic.yaml").read_text(encoding="utf-8")))
    config = next(
        d
        for d in docs
        if d and d["kind"] == "ConfigMap" and d["metadata"]["name"] == "workflow-controller-configmap"
    )
    repository = yaml.safe_load(config["data"]["artifactRepository"])
    assert repository["archiveLogs"] is True and repository["s3"]["bucket"] == "mlpipeline"
    assert repository["s3"]["keyFormat"].startswith(
        "private-artifacts/{{workflow.namespace}}/{{workflow.name}}/"
    )
    ttl = yaml.safe_load(config["data"]["workflowDefaults"])["spec"]["ttlStrategy"]
    assert ttl["secondsAfterCompletion"] == 3600
    ui = next(
        d for d in docs if d and d["kind"] == "Deployment" and d["metadata"]["name"] == "ml-pipeline-ui"
    )
    env = {e["name"]: e.get("value") for e in ui["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["ARGO_ARCHIVE_LOGS"] == "true"
    from kfp_tutorial.versions import ARGO_VERSION

    assert tuple(int(p) for p in ARGO_VERSION.lstrip("v").split(".")[:2]) >= (3, 5)
    assert_in_pages(NAME, "`archiveLogs: true`", "`private-artifacts/<namespace>/<workflow>/...`")
    assert_in_pages(NAME, "3600", ARGO_VERSION)


# --- the CI workflow --------------------------------------------------------------------------


def workflow_steps() -> list[dict[str, Any]]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["test"]["steps"]


def test_the_workflow_passes_the_linters(tmp_path: Path) -> None:
    """The GitHub Actions workflow schema (check-jsonschema's copy, offline) and shellcheck
    for every run: script; a broken copy fails both, so the linters really look."""
    bin_dir = Path(sys.executable).parent

    def schema(path: Path) -> subprocess.CompletedProcess[str]:
        command = [str(bin_dir / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        return subprocess.run([*command, str(path)], capture_output=True, text=True)

    done = schema(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8"
    )
    assert schema(broken).returncode != 0
    scripts = [step["run"] for step in workflow_steps() if "run" in step]
    assert len(scripts) == 3
    for script in [*scripts, "for file in pipelines/*.py; do echo $file; done\n"]:
        path = tmp_path / "step.sh"
        path.write_text(script, encoding="utf-8")
        checked = subprocess.run(
            [str(bin_dir / "shellcheck"), "--shell=bash", str(path)], capture_output=True, text=True
        )
        quoted = "echo $file" not in script
        assert (checked.returncode == 0) == quoted, checked.stdout


def section(name: str) -> str:
    """A snippet section of the lesson module, as the page includes it."""
    return snippet_section(f"kfp_tutorial/lessons/lesson12_testing.py:{name}")


def sample_project(root: Path) -> Path:
    """The project layout the page shows, built from the lesson's sections: pipelines/
    holds the components and the pipeline, tests/ the page's tests."""
    (root / "pipelines").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["."]\n', encoding="utf-8"
    )
    # the lesson module's own imports (kfp_tutorial's left out) and the base image
    source = MODULE_FILE.read_text(encoding="utf-8").split("# --8<--", 1)[0]
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    header = "\n".join(line for line in imports if "kfp_tutorial" not in line)
    header += f'\n\nBASE_IMAGE = "{lesson.BASE_IMAGE}"\n\n'
    code = [section(name) for name in ("components", "pipeline")]
    (root / "pipelines" / "readings.py").write_text(header + "\n\n".join(code), encoding="utf-8")
    tests = ["unit_test", "local_fixture", "pipeline_test", "spec_test", "submit", "client_test"]
    body = "\n\n".join(section(name) for name in tests)
    imports = header + "from pipelines.readings import clean_readings, readings_pipeline, summarize\n\n"
    (root / "tests" / "test_readings.py").write_text(imports + body, encoding="utf-8")
    return root


@pytest.mark.slow
def test_the_workflow_steps_run_on_the_projects_layout(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "my-pipelines")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    for step in workflow_steps():
        if step.get("name") not in ("Compile every pipeline", "Test"):
            continue
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step["run"]],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        if step["name"] == "Test":
            assert re.search(r"\b7 passed\b", done.stdout), done.stdout[-2000:]
    spec = yaml.safe_load((project / "compiled" / "readings.yaml").read_text(encoding="utf-8"))
    assert spec["pipelineInfo"]["name"] == "readings"


# --- the exercise checks ----------------------------------------------------------------------


def define(source: str, namespace: dict[str, Any]) -> Any:
    """Define a test from its source as a notebook cell would (its source readable)."""
    import linecache

    filename = f"<generated test {len(linecache.cache)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec", dont_inherit=True), namespace)  # noqa: S102
    name = re.search(r"def (\w+)", source)
    assert name
    return namespace[name.group(1)]


def mismatch(check: Any, answer: Any, tmp_path: Path) -> ExerciseMismatch | None:
    i18n.set_lang("en")
    try:
        check(answer, CheckContext(tmp_path))
    except ExerciseMismatch as found:
        return found
    return None


# Exercise 1: one case per bug, each broken only by that bug.
CASES = {
    "ex12_bug_limits": ([0.0, 40.0], [0.0, 40.0]),
    "ex12_bug_high": ([45.0, 20.0], [20.0]),
    "ex12_bug_low": ([-1.0, 20.0], [20.0]),
    "ex12_bug_sorted": ([30.0, 10.0], [30.0, 10.0]),
}


def unit_test_source(cases: list[str]) -> str:
    lines = [
        f"    assert clean(readings={CASES[c][0]}, low=0.0, high=40.0) == {CASES[c][1]}" for c in cases
    ]
    body = lines or ["    clean(readings=[], low=0.0, high=40.0)"]
    return "def test_generated():\n    clean = clean_readings.python_func\n" + "\n".join(body) + "\n"


def test_each_case_is_broken_by_its_bug_only() -> None:
    bugs = {"ex12_bug_limits": checks._limits_dropped, "ex12_bug_high": checks._high_ignored}
    bugs |= {"ex12_bug_low": checks._low_ignored, "ex12_bug_sorted": checks._sorted}
    for case, (readings, expected) in CASES.items():
        assert lesson.clean_readings.python_func(readings=readings, low=0.0, high=40.0) == expected
        for bug, component in bugs.items():
            got = component.python_func(readings=readings, low=0.0, high=40.0)
            assert (got != expected) == (bug == case), (case, bug)


@pytest.mark.slow
@pytest.mark.parametrize("missed", list(CASES))
def test_a_unit_test_that_misses_one_bug_is_told_which(missed: str, tmp_path: Path) -> None:
    namespace = {"clean_readings": lesson.clean_readings}
    test = define(unit_test_source([c for c in CASES if c != missed]), namespace)
    found = mismatch(checks.check_unit_test, test, tmp_path)
    assert found is not None and found.key == "ex12_missed_bug"
    assert found.kw["bug"] == i18n.t(missed)


@pytest.mark.slow
def test_unit_test_answers_right_and_wrong(tmp_path: Path) -> None:
    namespace = {"clean_readings": lesson.clean_readings}
    assert (
        mismatch(checks.check_unit_test, define(unit_test_source(list(CASES)), namespace), tmp_path)
        is None
    )
    assert mismatch(checks.check_unit_test, lesson.test_clean_readings, tmp_path) is None
    nothing = mismatch(checks.check_unit_test, define(unit_test_source([]), namespace), tmp_path)
    assert nothing is not None and nothing.key == "ex12_asserts_nothing"
    wrong_source = "def test_wrong():\n    clean = clean_readings.python_func\n"
    wrong = define(
        wrong_source + "    assert clean(readings=[50.0], low=0.0, high=40.0) == [50.0]\n", namespace
    )
    fails = mismatch(checks.check_unit_test, wrong, tmp_path)
    assert fails is not None and fails.key == "ex12_fails_correct"
    assert fails.kw["message"] == "assert [] == [50.0]"  # pytest's own rewritten assert
    unnamed = define("def check_clean():\n    assert True\n", namespace)
    not_test = mismatch(checks.check_unit_test, unnamed, tmp_path)
    assert not_test is not None and not_test.key == "ex12_not_a_test"


# Exercise 3: the solution's asserts, one per structural bug.
STRUCTURE_ASSERTS = {
    "ex12_bug_no_dependency": '    assert tasks["summarize"]["dependentTasks"] == ["clean-readings"]',
    "ex12_bug_no_retry": '    assert tasks["summarize"]["retryPolicy"]["maxRetryCount"] == 2',
    "ex12_bug_alarm_always": '    assert "raise-alarm" not in tasks',
}


def structure_test(asserts: list[str]) -> Any:
    head = "def test_generated(tmp_path):\n"
    head += '    tasks = compiled_spec(readings_pipeline, tmp_path)["root"]["dag"]["tasks"]\n'
    namespace = {"compiled_spec": lesson.compiled_spec, "readings_pipeline": lesson.readings_pipeline}
    return define(head + "\n".join(asserts) + "\n", namespace)


@pytest.mark.slow  # each check runs pytest four times
@pytest.mark.parametrize("missed", list(STRUCTURE_ASSERTS))
def test_a_spec_test_that_misses_one_bug_is_told_which(missed: str, tmp_path: Path) -> None:
    kept = [line for bug, line in STRUCTURE_ASSERTS.items() if bug != missed]
    found = mismatch(checks.check_spec_test, structure_test(kept), tmp_path)
    assert found is not None and found.key == "ex12_missed_bug"
    assert found.kw["bug"] == i18n.t(missed)


@pytest.mark.slow
def test_the_spec_solutions_pass(tmp_path: Path) -> None:
    every = structure_test(list(STRUCTURE_ASSERTS.values()))
    assert mismatch(checks.check_spec_test, every, tmp_path) is None
    assert mismatch(checks.check_spec_test, lesson.test_readings_structure, tmp_path) is None


# --- running tests from a notebook ------------------------------------------------------------


def test_run_tests_rewrites_asserts_and_rebinds_names(capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {"double": lambda x: 2 * x, "pytest": pytest}
    test = define(
        "@pytest.mark.parametrize('x', [1, 2])\ndef test_double(x):\n    assert double(x) == 2 * x\n",
        namespace,
    )
    report = run_tests(test)
    assert report.passed and [o.name for o in report.outcomes] == ["test_double[1]", "test_double[2]"]
    assert capsys.readouterr().out.splitlines()[-1] == "2 passed, 0 failed"
    broken = run_tests(test, replace={"double": lambda x: x + 1}, show=False)
    assert not broken.passed
    assert [o.outcome for o in broken.outcomes] == ["passed", "failed"]  # 1 + 1 == 2 * 1
    assert broken.failures[0].message == "assert 3 == (2 * 2)"
    assert namespace["double"](2) == 4  # the test's own globals are untouched


def test_run_tests_finds_the_fixtures_beside_the_test() -> None:
    namespace: dict[str, Any] = {"pytest": pytest}
    define("@pytest.fixture\ndef base(tmp_path):\n    return tmp_path.is_dir()\n", namespace)
    test = define("def test_base(base):\n    assert base is True\n", namespace)
    assert run_tests(test, show=False).passed
    missing = run_tests(define("def test_other(nowhere):\n    pass\n", namespace), show=False)
    assert [o.outcome for o in missing.outcomes] == ["error"]
    assert "fixture 'nowhere' not found" in missing.outcomes[0].message


def test_the_page_tests_are_the_module_tests() -> None:
    """No test on the page is retyped: every python fence is an include."""
    for lang in ("en", "ko"):
        typed = page_python(NAME, lang)
        assert len(typed) == 1 and "def test_" not in typed[0]
    source = MODULE_FILE.read_text(encoding="utf-8")
    tree = ast.parse(source)
    tests = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    sections = re.findall(r"# --8<-- \[start:(\w+)\]", source)
    shown = "\n".join(section(name) for name in sections)
    assert all(f"def {name}(" in shown for name in tests), "every test of the module is on the page"
    assert inspect.getsource(lesson.test_clean_readings) in shown
