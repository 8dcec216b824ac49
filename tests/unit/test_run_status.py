"""A run's status is the truth: what each task produced decides it, and no run is ever left
RUNNING, however its process ends.

Generated, not listed: hypothesis writes small components that write all, some or none of
their declared outputs (of several kinds), return normally, exit early or raise, runs each
with the course's runner and with plain kfp.local, and checks the recorded status against
the executor's contract (kfp/dsl/executor.py writes the executor output file when the
function returns; the KFP launcher fails a task whose output parameter file is missing).
Then every way a process is stopped (SIGINT, SIGTERM, SIGHUP, a closed pipe, an exception)
is tried on a real run in a real process.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfp_tutorial.results import CANCELLED, FAILURE, RUNNING, SUCCESS, load_run
from tests.terminal import as_in_a_terminal

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

# --- generated components -------------------------------------------------------------------

# kind -> (annotation, code that writes it, must it exist for the task to succeed?)
OUTPUT_KINDS = {
    "text_path": ("dsl.OutputPath(str)", "open({name}, 'w').write('hi')", True),
    "int_path": ("dsl.OutputPath(int)", "open({name}, 'w').write('3')", True),
    "dataset": ("dsl.Output[dsl.Dataset]", "open({name}.path, 'w').write('a,b')", True),
    "model_dir": (
        "dsl.Output[dsl.Model]",
        "__import__('os').makedirs({name}.path); open({name}.path + '/w', 'w').write('1')",
        True,
    ),
    "metrics": ("dsl.Output[dsl.Metrics]", "{name}.log_metric('acc', 0.9)", False),
}
ENDINGS = ("return", "sys.exit(0)", "os._exit(0)", "raise", "sys.exit(3)")


@dataclass(frozen=True)
class Case:
    outputs: tuple[tuple[str, bool], ...]  # (kind, written?) per declared output
    returns: bool  # declares "-> str" and returns a value
    ending: str

    def expected(self) -> str:
        """What the executor's contract says: only a function that returns, having written
        every output a later task could not do without, succeeded."""
        if self.ending != "return":
            return FAILURE
        missing = [kind for kind, written in self.outputs if OUTPUT_KINDS[kind][2] and not written]
        return FAILURE if missing else SUCCESS

    def missing_names(self) -> list[str]:
        if self.ending != "return":
            return []
        return [
            f"out{index}"
            for index, (kind, written) in enumerate(self.outputs)
            if OUTPUT_KINDS[kind][2] and not written
        ]

    def source(self) -> str:
        params = ", ".join(
            f"out{index}: {OUTPUT_KINDS[kind][0]}" for index, (kind, _) in enumerate(self.outputs)
        )
        body = [
            OUTPUT_KINDS[kind][1].format(name=f"out{index}")
            for index, (kind, written) in enumerate(self.outputs)
            if written
        ]
        body.append("import os, sys")
        if self.ending == "raise":
            body.append("raise ValueError('on purpose')")
        elif self.ending != "return":
            body.append(self.ending)
        body.append("return 'done'" if self.returns else "return None")
        returns = " -> str" if self.returns else ""
        return textwrap.dedent(
            """\
            from kfp import dsl


            @dsl.component(base_image="python:3.11")
            def make({params}){returns}:
            {body}


            @dsl.pipeline(name="generated")
            def generated():
                make()
            """
        ).format(params=params, returns=returns, body=textwrap.indent("\n".join(body), "    "))


cases = st.builds(
    Case,
    outputs=st.lists(
        st.tuples(st.sampled_from(sorted(OUTPUT_KINDS)), st.booleans()), min_size=0, max_size=3
    ).map(tuple),
    returns=st.booleans(),
    ending=st.sampled_from(ENDINGS),
)


def load_pipeline(source: str, folder: Path) -> object:
    path = folder / "generated_pipeline.py"
    path.write_text(source, encoding="utf-8")
    name = f"generated_{abs(hash((source, str(folder))))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.generated


def plain_kfp_local_fails(pipeline: object, root: Path) -> bool:
    """The same pipeline under plain kfp.local (no course runner): did it report failure?"""
    from kfp import local

    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(root))
    try:
        pipeline()  # type: ignore[operator]
    except RuntimeError:
        return True
    return False


@pytest.mark.slow
@settings(
    max_examples=14,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases)
def test_the_recorded_status_is_the_executors_contract(
    case: Case, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from kfp_tutorial.local.runner import run_local

    folder = tmp_path_factory.mktemp("generated")
    pipeline = load_pipeline(case.source(), folder)
    result = run_local(pipeline, output_dir=folder / "runs", progress=False)
    assert result.status == case.expected(), case.source()
    assert [task.status for task in result.tasks] == [case.expected()]
    recorded = load_run(Path(result.run_dir))
    assert recorded.status == result.status  # run.json says the same
    for name in case.missing_names():
        assert repr(name) in result.reason, result.reason
    if case.expected() == FAILURE and case.ending in ("sys.exit(0)", "os._exit(0)"):
        assert "sys.exit()" in result.reason, result.reason
    # differential: never a success where plain kfp.local saw a failure
    if plain_kfp_local_fails(pipeline, folder / "plain"):
        assert result.status == FAILURE


@pytest.mark.slow
def test_a_missing_output_fails_before_the_task_that_needs_it(tmp_path: Path) -> None:
    """The task that did not write is the failure named, not its reader's 'not found'."""
    from kfp_tutorial.local.runner import run_local

    source = textwrap.dedent(
        """\
        from kfp import dsl


        @dsl.component(base_image="python:3.11")
        def exits_early() -> str:
            import sys
            sys.exit(0)
            return "x"


        @dsl.component(base_image="python:3.11")
        def use(x: str) -> str:
            return x


        @dsl.pipeline(name="generated")
        def generated():
            use(x=exits_early().output)
        """
    )
    result = run_local(load_pipeline(source, tmp_path), output_dir=tmp_path / "runs", progress=False)
    assert result.status == FAILURE
    assert [(t.name, t.status) for t in result.tasks] == [("exits-early", FAILURE)]
    assert "not found" not in result.reason and "exits-early" in result.reason


# --- however the process ends, never RUNNING ------------------------------------------------


def _start(args: list[str], tmp_path: Path, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "KFP_TUTORIAL_LANG": "en", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "kfp_tutorial", *args, "--output-dir", str(tmp_path / "runs")],
        cwd=tmp_path,
        env=env,
        text=True,
        preexec_fn=as_in_a_terminal,
        **kwargs,  # type: ignore[call-overload]
    )


def _runs(tmp_path: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in sorted((tmp_path / "runs").glob("*/run.json"))]


def _no_task_process_left(tmp_path: Path) -> bool:
    listed = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return str(tmp_path / "runs") not in listed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"]
)
def test_a_signal_ends_the_run_as_cancelled(signum: int, code: int, tmp_path: Path) -> None:
    """``kill`` or a closed terminal, sent to the course's process alone (Ctrl-C, sent to the
    whole group, is tested in test_run_folders.py): the run is CANCELLED with the signal's
    name, and the task process it was waiting for is stopped too."""
    process = _start(
        ["run", f"{FIXTURES / 'slow_pipeline.py'}:quick_then_slow", "--arg", "seconds=99"],
        tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # the quick task is done, the slow one runs
            if "[1] quick" in line:
                break
        time.sleep(1.5)
        stopped = time.monotonic()
        process.send_signal(signum)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == code, out
    assert time.monotonic() - stopped < 30, "the 99 s task must be stopped, not waited for"
    assert "Traceback" not in out
    [run] = _runs(tmp_path)
    assert run["status"] == CANCELLED, run
    assert signal.Signals(signum).name in str(run["reason"])
    assert [(t["name"], t["status"]) for t in run["tasks"]] == [  # type: ignore[union-attr]
        ("quick", SUCCESS),
        ("slow", CANCELLED),
    ]
    time.sleep(0.5)
    assert _no_task_process_left(tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True], ids=["progress", "verbose"])
def test_a_closed_pipe_ends_the_run_as_cancelled(verbose: bool, tmp_path: Path) -> None:
    """``run ... | head -1``: the reader goes away; the run is CANCELLED, not FAILURE."""
    process = _start(
        ["run", "03-parallel", *(["-v"] if verbose else [])],
        tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # as head does after its lines
    _, err = process.communicate(timeout=120)
    assert process.returncode == 141 and "Traceback" not in err, err
    runs = _runs(tmp_path)
    assert runs and all(run["status"] != RUNNING for run in runs)
    assert runs[-1]["status"] == CANCELLED and "closed" in str(runs[-1]["reason"])


@pytest.mark.slow
def test_an_exception_inside_the_run_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anything that escapes the runner still leaves a final status (here: SystemExit)."""
    from kfp_tutorial.lessons.lesson02_add import calculation_pipeline
    from kfp_tutorial.local import kfp_internals
    from kfp_tutorial.local.runner import run_local

    original = kfp_internals.watched_run

    def exploding(*args: object, **kwargs: object) -> object:
        raise SystemExit(5)

    monkeypatch.setattr(kfp_internals, "watched_run", exploding)
    with pytest.raises(SystemExit):
        run_local(calculation_pipeline, {"a": 1.0, "b": 2.0}, output_dir=tmp_path, progress=False)
    monkeypatch.setattr(kfp_internals, "watched_run", original)
    [run_json] = list(tmp_path.glob("*/run.json"))
    assert json.loads(run_json.read_text())["status"] == CANCELLED
