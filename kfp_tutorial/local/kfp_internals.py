"""The one module that touches kfp.local's private parts: everything the runner needs
from kfp.local beyond its public ``local.init`` and ``pipeline(**arguments)``.

kfp.local runs a pipeline but tells its caller little: no per-task record, no final
status (only a log line), no say in where the run's folder goes. To give a learner what
the KFP UI would show, :func:`watched_run` wraps a few of its internals for the length of
one run:

- ``dag_orchestrator.run_dag`` / ``enhanced_dag_orchestrator.run_enhanced_dag`` (the root
  DAG only): the run's folder name (ours, made beforehand), its final status (their return
  value) and any exception kfp.local hits outside a task;
- ``enhanced_dag_orchestrator.execute_task``: exceptions inside ``ParallelFor`` threads,
  which kfp.local turns into a log line;
- ``task_executor.execute_single_task``: one :class:`TaskRun` per task, with its inputs
  (``OrchestratorUtils.make_task_arguments``) and outputs;
- ``cache.LocalCache.get``: whether a task was a cache hit (kfp 2.17 logs it nowhere);
- ``task_dispatcher.run_single_task_implementation`` and
  ``executor_output_utils.get_outputs_for_task``: a task that kfp.local calls SUCCESS is
  held to the executor's contract (:func:`missing_outputs`): it must have written the
  executor's output file and every output it declares, or it is a FAILURE, as the KFP
  backend's launcher fails a task whose output parameter file is missing;
- ``subprocess_task_handler.SubprocessTaskHandler``: optionally drop the per-task
  ``pip install`` when it would change nothing;
- ``subprocess_task_handler.run_local_subprocess``: a task's output is read as UTF-8 with
  replacement characters, so a component that prints other bytes keeps its log instead
  of failing the whole run with a ``UnicodeDecodeError`` and no task recorded;
- the SIGINT handler, for the length of the run: after Ctrl-C no queued task starts;
- ``builtins.print``, which kfp.local's ``logging_utils.indented_print`` swaps per task
  (racily under parallel tasks): put back after the run.

These patches are process-wide, so :func:`watched_run` holds one lock for the whole run:
two runs in two threads take turns. kfp's internals change between releases, so the
installed kfp must be one the course is tested with (:data:`KFP_TESTED_VERSIONS`: the
pinned 2.17.3 and 2.17.0), and every internal has a canary test in
``tests/unit/test_kfp_internals.py``, which the test command runs against each of them.
Used in: every local run (``run_local``, lessons 01-08).
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import inspect
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import kfp
from kfp import local
from kfp.local import cache as kfp_cache
from kfp.local import executor_output_utils, subprocess_task_handler, task_dispatcher
from kfp.local import status as kfp_status
from kfp.local.orchestrator import dag_orchestrator, enhanced_dag_orchestrator, task_executor
from kfp.local.orchestrator.orchestrator_utils import OrchestratorUtils

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages
from kfp_tutorial.results import CACHED, CANCELLED, FAILURE, SUCCESS
from kfp_tutorial.settings import env_flag
from kfp_tutorial.versions import KFP_TESTED_VERSIONS, KFP_VERSION

ALLOW_ENV = "KFP_TUTORIAL_ALLOW_KFP"

register_messages(
    {
        "kfp_version_untested": {
            "en": "kfp {found} is installed, but the course's local runner is tested with kfp "
            "{tested} only: it relies on kfp.local internals that change between releases. "
            "Install the tested version: pip install kfp=={needed} "
            "(to try this version anyway, set {env}=1).",
            "ko": "설치된 kfp는 {found} 버전인데, 이 과정의 로컬 러너는 kfp {tested}에서만 "
            "검증했습니다. 러너가 kfp.local의 내부 구현에 기대고 있고, 이 구현은 릴리스마다 "
            "바뀝니다. 검증된 버전을 설치하세요: pip install kfp=={needed} "
            "(그래도 이 버전으로 해 보려면 {env}=1을 설정하세요).",
        },
    }
)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour codes (kfp.local colours task and pipeline names)."""
    return _ANSI.sub("", text)


def ensure_supported() -> None:
    """Refuse a kfp other than those these patches are tested against
    (:data:`KFP_TESTED_VERSIONS`), unless ``KFP_TUTORIAL_ALLOW_KFP=1``. The fix the message
    names is the pinned :data:`KFP_VERSION`. Called before every run (it is cheap)."""
    found = kfp_version()
    allowed = env_flag(ALLOW_ENV, False)
    if found not in KFP_TESTED_VERSIONS and not allowed:
        raise TutorialError(
            "kfp_version_untested",
            found=found,
            tested=" / ".join(KFP_TESTED_VERSIONS),
            needed=KFP_VERSION,
            env=ALLOW_ENV,
        )


@dataclass
class TaskRun:
    """One task as kfp.local ran it (raw kfp values; the runner makes them JSON)."""

    name: str
    dag: str  # kfp's resource name of the task's DAG: "<run>" or "<run>/for-loop-2-iteration-0"
    status: str  # SUCCESS, FAILURE, CACHED or CANCELLED (interrupted while running)
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    started: float
    seconds: float


@dataclass
class RunWatch:
    """What the adapter saw of one run."""

    run_name: str
    status: str | None = None  # the root DAG's status (SUCCESS or FAILURE); None: never returned
    fail_stack: list[str] = field(default_factory=list)  # kfp's innermost-first failed chain
    cancelled: bool = False  # Ctrl-C arrived: tasks not yet started must not start
    # kfp.local's exceptions outside tasks: message -> where (task or loop iteration names)
    _errors: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _seen: list[BaseException] = field(default_factory=list, repr=False)

    def note_error(self, exc: BaseException, where: str = "") -> None:
        """Keep ``exc`` (once, even when it passes several wrappers) as a reason."""
        if any(exc is seen for seen in self._seen):
            return
        self._seen.append(exc)
        places = self._errors.setdefault(strip_ansi(str(exc)) or type(exc).__name__, [])
        if where:
            places.append(where)

    @property
    def errors(self) -> list[str]:
        """Each distinct exception message, after the places it happened in."""
        return [f"{', '.join(where)}: {text}" if where else text for text, where in self._errors.items()]


_RUN_LOCK = threading.Lock()  # one run at a time owns the patches below
_cache_state = threading.local()  # per task thread: did kfp's cache answer?
_contract = threading.local()  # per task thread: the outputs the last task did not write

# Artifacts kfp.local keeps as metadata only (their file is optional): metrics.
METADATA_ONLY = ("system.Metrics", "system.ClassificationMetrics", "system.SlicedClassificationMetrics")
EXECUTOR_MODULE = "kfp.dsl.executor_main"


@dataclass(frozen=True)
class MissingOutput:
    """What a task that kfp.local called successful did not produce.

    ``name`` is the declared output (``""`` for the executor's own output file, which the
    executor writes when the component function returns) and ``kind`` is ``"returned"``
    (the function never returned), ``"parameter"`` or ``"artifact"``."""

    name: str
    kind: str
    path: str


def missing_outputs(executor_input: Any, component_spec: Any) -> list[MissingOutput]:
    """The executor's contract, checked after a task: the executor's output file exists
    (the function returned), every declared output parameter is in it or in its
    ``OutputPath`` file, and every declared output artifact's file or folder exists (metrics
    may be metadata only). What the KFP backend's launcher would not find, or a later task
    would not find, is listed."""
    output_file = executor_input.outputs.output_file
    if not output_file or not os.path.isfile(output_file):
        return [MissingOutput("", "returned", output_file)]
    executor_output = executor_output_utils.load_executor_output(output_file)
    missing = []
    for name, parameter in executor_input.outputs.parameters.items():
        if name not in executor_output.parameter_values and not os.path.exists(parameter.output_file):
            missing.append(MissingOutput(name, "parameter", parameter.output_file))
    for name, artifacts in executor_input.outputs.artifacts.items():
        for artifact in artifacts.artifacts:
            if artifact.type.schema_title in METADATA_ONLY or "://" in artifact.uri:
                continue
            if not os.path.exists(artifact.uri):
                missing.append(MissingOutput(name, "artifact", artifact.uri))
    return missing


def _outputs_wrapper(original: Callable[..., Any]) -> Callable[..., Any]:
    """Note, per thread, which declared outputs a task kfp.local calls successful lacks."""

    @functools.wraps(original)
    def get_outputs(*, executor_input: Any, component_spec: Any) -> Any:
        _contract.missing = missing_outputs(executor_input, component_spec)
        return original(executor_input=executor_input, component_spec=component_spec)

    return get_outputs


def _task_contract_wrapper(
    original: Callable[..., Any], on_missing: Callable[[list[MissingOutput]], None]
) -> Callable[..., Any]:
    """Turn kfp.local's SUCCESS into FAILURE when the task broke the executor's contract
    (kfp.local retries it as any failure); ``on_missing`` says why, in the task's log. Only
    tasks run by kfp's executor (lightweight Python components) are held to it."""

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        _contract.missing = []
        outputs, task_status = original(*args, **kwargs)
        container = kwargs["executor_spec"].container
        runs_executor = EXECUTOR_MODULE in " ".join([*container.command, *container.args])
        missing = list(getattr(_contract, "missing", []))
        if task_status == kfp_status.Status.SUCCESS and runs_executor and missing:
            on_missing(missing)
            return {}, kfp_status.Status.FAILURE
        return outputs, task_status

    return run


def _swap(owner: Any, name: str, new: Any, stack: contextlib.ExitStack) -> Any:
    """Set ``owner.name = new`` until ``stack`` closes; return the original."""
    original = getattr(owner, name)
    setattr(owner, name, new)
    stack.callback(setattr, owner, name, original)
    return original


def _root_dag_wrapper(original: Callable[..., Any], watch: RunWatch) -> Callable[..., Any]:
    """Wrap kfp's DAG runner: the root DAG (no parent IO store) runs in our folder, and
    its status and any exception it raises are noted (an exception becomes FAILURE)."""
    signature = inspect.signature(original)

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        if bound.arguments.get("parent_io_store") is not None:
            return original(*args, **kwargs)  # a nested DAG: a loop iteration, a condition
        bound.arguments["pipeline_resource_name"] = watch.run_name
        watch.fail_stack = bound.arguments["fail_stack"]
        try:
            outputs, dag_status = original(*bound.args, **bound.kwargs)
        except Exception as exc:  # kfp.local failing outside a task: a failed run, with its reason
            watch.note_error(exc)
            watch.status = FAILURE
            return {}, kfp_status.Status.FAILURE
        watch.status = SUCCESS if dag_status == kfp_status.Status.SUCCESS else FAILURE
        return outputs, dag_status

    return run


def _execute_task_wrapper(original: Callable[..., Any], watch: RunWatch) -> Callable[..., Any]:
    """Note the exceptions of tasks and nested DAGs run in ``ParallelFor`` threads, which
    kfp.local only logs ("Task ... failed with exception")."""

    @functools.wraps(original)
    def execute(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except Exception as exc:
            watch.note_error(exc, str(kwargs.get("task_name", "")))
            raise

    return execute


def _single_task_wrapper(
    original: Callable[..., Any],
    watch: RunWatch,
    on_task_start: Callable[[], Any],
    on_task_end: Callable[[Any, TaskRun], None],
) -> Callable[..., Any]:
    """Wrap kfp's single-task executor: report each task as it starts and ends."""
    signature = inspect.signature(original)

    @functools.wraps(original)
    def execute(*args: Any, **kwargs: Any) -> Any:
        arguments = signature.bind(*args, **kwargs).arguments
        task_name = str(arguments["task_name"])
        if watch.cancelled:  # a queued loop iteration after Ctrl-C: do not start it
            return {}, kfp_status.Status.FAILURE
        token = on_task_start()
        started = time.time()
        _cache_state.hit = False

        def finish(status_name: str, outputs: Any) -> None:
            on_task_end(
                token,
                TaskRun(
                    name=task_name,
                    dag=str(arguments["pipeline_resource_name"]),
                    status=status_name,
                    inputs=_task_inputs(arguments),
                    outputs=dict(outputs or {}),
                    started=started,
                    seconds=time.time() - started,
                ),
            )

        try:
            outputs, task_status = original(*args, **kwargs)
        except KeyboardInterrupt:
            finish(CANCELLED, {})
            raise
        except Exception as exc:  # e.g. an input kfp.local cannot find: the task never ran
            watch.note_error(exc, task_name)
            raise
        if task_status == kfp_status.Status.SUCCESS:
            finish(CACHED if getattr(_cache_state, "hit", False) else SUCCESS, outputs)
        else:  # a task whose process Ctrl-C ended (in a loop's thread) was cancelled, not failed
            finish(CANCELLED if watch.cancelled else FAILURE, outputs)
        return outputs, task_status

    return execute


def _task_inputs(arguments: dict[str, Any]) -> dict[str, Any]:
    """The task's input values, as kfp.local resolves them from its IO store."""
    try:
        return dict(
            OrchestratorUtils.make_task_arguments(
                task_inputs_spec=arguments["task_spec"].inputs, io_store=arguments["io_store"]
            )
        )
    except Exception:  # inputs are informative only; never fail a run over them
        return {}


def _cache_get_wrapper(original: Callable[..., Any]) -> Callable[..., Any]:
    """Note, per thread, when kfp.local's cache returns a task's outputs.

    kfp 2.17 logs "cache hit" at INFO outside its own logger setup, so the message
    never reaches a log; a successful ``LocalCache.get`` is the reliable signal."""

    @functools.wraps(original)
    def get(self: Any, key: str) -> Any:
        found = original(self, key)
        if found is not None:
            _cache_state.hit = True
        return found

    return get


def run_task_process(full_command: list[str], env_vars: dict[str, str] | None = None) -> int:
    """kfp.local's ``run_local_subprocess``, reading the task's output as UTF-8 with
    replacement characters (kfp reads it strictly, in the locale's encoding): each line is
    printed as it comes (into the task's log), and the exit code returned."""
    env = {**os.environ, **env_vars} if env_vars else None
    with subprocess.Popen(
        full_command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        env=env,
    ) as process:
        if process.stdout:
            for line in iter(process.stdout.readline, ""):
                print(line, end="")
            print("\n")  # as kfp.local: a blank line after the task's output
        return process.wait()


def _skipping_handler(skip_prelude: Callable[[str], bool]) -> type:
    """kfp's subprocess task handler, minus the ``sh -c`` pip prelude when
    ``skip_prelude(script)`` says it would change nothing.

    Without a pip step kfp.local also stops serializing tasks (it holds one lock
    around every task that pip-installs), so ``ParallelFor`` iterations really run
    side by side (two at a time, kfp.local's limit)."""
    base = subprocess_task_handler.SubprocessTaskHandler

    class SkipInstalledTaskHandler(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            command: list[str] = list(getattr(self, "full_command"))  # noqa: B009 (kfp's attribute)
            if len(command) > 3 and command[:2] == ["sh", "-c"] and skip_prelude(command[2]):
                self.full_command = ["sh", "-c", 'exec "$0" "$@"', *command[3:]]

    return SkipInstalledTaskHandler


@contextlib.contextmanager
def _noting_ctrl_c(watch: RunWatch) -> Iterator[None]:
    """Mark the run cancelled as soon as SIGINT arrives, then raise KeyboardInterrupt as
    before. kfp.local's ``ParallelFor`` waits for its queued iterations when interrupted;
    with the mark they end at once instead of running. Only in the main thread, and only
    over a Python-level handler (the default, or a notebook kernel's)."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        watch.cancelled = True
        previous(signum, frame)

    signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def watched_run(
    run_name: str,
    *,
    pipeline_root: str,
    enable_caching: bool,
    on_task_start: Callable[[], Any],
    on_task_end: Callable[[Any, TaskRun], None],
    skip_prelude: Callable[[str], bool] | None = None,
    on_missing_outputs: Callable[[list[MissingOutput]], None] = lambda missing: None,
) -> Iterator[RunWatch]:
    """Set up kfp.local for one run whose folder is ``pipeline_root/run_name`` (already
    made by the caller) and patch it for the length of the ``with`` block, in which the
    caller calls the pipeline. Holds the process-wide run lock throughout.

    ``on_task_start()`` is called in the task's thread as a task starts, and its return
    value is given back to ``on_task_end(token, task_run)`` when the task ends (also when
    it is interrupted). ``skip_prelude(script)`` decides whether a task may skip kfp's pip
    step. ``on_missing_outputs(missing)`` is called in the task's thread when a task that
    kfp.local thought successful broke the executor's contract (it becomes a FAILURE).
    Used in: ``run_local`` (every lesson)."""
    ensure_supported()
    watch = RunWatch(run_name=run_name)
    with _RUN_LOCK, contextlib.ExitStack() as stack:
        real_print = builtins.print
        stack.callback(setattr, builtins, "print", real_print)
        local.init(
            runner=local.SubprocessRunner(use_venv=False),
            pipeline_root=pipeline_root,
            raise_on_error=False,
            enable_caching=enable_caching,
        )
        for module, name in (
            (dag_orchestrator, "run_dag"),
            (enhanced_dag_orchestrator, "run_enhanced_dag"),
        ):
            _swap(module, name, _root_dag_wrapper(getattr(module, name), watch), stack)
        execute_task = _execute_task_wrapper(enhanced_dag_orchestrator.execute_task, watch)
        _swap(enhanced_dag_orchestrator, "execute_task", execute_task, stack)
        single = task_executor.execute_single_task
        _swap(
            task_executor,
            "execute_single_task",
            _single_task_wrapper(single, watch, on_task_start, on_task_end),
            stack,
        )
        _swap(kfp_cache.LocalCache, "get", _cache_get_wrapper(kfp_cache.LocalCache.get), stack)
        _swap(subprocess_task_handler, "run_local_subprocess", run_task_process, stack)
        get_outputs = _outputs_wrapper(executor_output_utils.get_outputs_for_task)
        _swap(executor_output_utils, "get_outputs_for_task", get_outputs, stack)
        implementation = _task_contract_wrapper(
            task_dispatcher.run_single_task_implementation, on_missing_outputs
        )
        _swap(task_dispatcher, "run_single_task_implementation", implementation, stack)
        if skip_prelude is not None:
            handler = _skipping_handler(skip_prelude)
            _swap(subprocess_task_handler, "SubprocessTaskHandler", handler, stack)
        stack.enter_context(_noting_ctrl_c(watch))
        yield watch


def kfp_version() -> str:
    """The installed kfp's version, as kfp reports it."""
    return str(getattr(kfp, "__version__", "unknown"))
