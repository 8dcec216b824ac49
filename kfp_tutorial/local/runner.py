"""Run any KFP v2 pipeline locally with ``kfp.local`` and keep a record of the run.

``run_local`` wraps ``kfp.local`` (``SubprocessRunner(use_venv=False)``: no Docker,
no cluster) and returns what the KFP UI would show for a run: the pipeline's
outputs and, for every task, its status, inputs, outputs, log and duration.
Each run gets its own folder, ``<output_dir>/<pipeline>-<YYYYmmdd-HHMMSS>-<random>/``,
made before anything runs, with ``run.json``, ``log.txt`` and the compiled
``pipeline.yaml`` beside the task outputs; an interrupted run (Ctrl-C) keeps it, marked
``CANCELLED``. Everything that touches kfp.local's internals is in
:mod:`kfp_tutorial.local.kfp_internals`.
Used in: every lesson, the CLI (``kfp-tutorial run``) and the tests.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import io
import json
import os
import re
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from kfp import dsl

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.hints import orchestrator_hint, shadowing_hint, task_hint
from kfp_tutorial.i18n import register_messages, t
from kfp_tutorial.local import kfp_internals
from kfp_tutorial.local.arguments import check_arguments
from kfp_tutorial.local.stopping import ReaderOutput, RunStopped, stop_signals
from kfp_tutorial.output_files import make_parent, new_run_folder, write_atomic
from kfp_tutorial.output_files import output_dir as output_dir_checked
from kfp_tutorial.results import CACHED, CANCELLED, FAILURE, RUNNING, SUCCESS, RunResult, TaskRecord
from kfp_tutorial.settings import check_environment, env_flag, env_text
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from kfp_tutorial.versions import KFP_VERSION

register_messages(
    {
        "task_missing_returned": {
            "en": "The task ended before its function returned, so it wrote none of its outputs "
            "(sys.exit() or os._exit() inside the component?). KFP counts a task that ends early "
            "as failed: let the function return, or raise an exception to fail on purpose.",
            "ko": "함수가 값을 돌려주기 전에 태스크가 끝나서 출력을 하나도 쓰지 못했습니다 (Component "
            "안에서 sys.exit()이나 os._exit()을 불렀나요?). KFP는 이렇게 일찍 끝난 태스크를 실패로 "
            "봅니다. 함수가 끝까지 실행되어 값을 돌려주게 하거나, 일부러 실패시키려면 예외를 "
            "일으키세요.",
        },
        "task_missing_parameter": {
            "en": "The task declares the output {name!r} but never wrote it ({path} does not "
            "exist), so a task that reads it would find nothing. Write the value to the path "
            "the parameter holds: with open({name}, 'w') as f: f.write(...)",
            "ko": "태스크가 출력 '{name}'(을) 선언했지만 쓰지 않았습니다 ({path} 파일이 없습니다). "
            "이 출력을 읽는 태스크는 아무것도 받지 못합니다. 매개변수가 담고 있는 경로에 값을 "
            "쓰세요: with open({name}, 'w') as f: f.write(...)",
        },
        "task_missing_artifact": {
            "en": "The task declares the output artifact {name!r} but wrote nothing at its path "
            "({path}). Write its file there: with open({name}.path, 'w') as f: ... (on a cluster "
            "KFP only warns, and the next task that reads it fails).",
            "ko": "태스크가 출력 Artifact '{name}'(을) 선언했지만 그 경로({path})에 아무것도 쓰지 "
            "않았습니다. 그 경로에 파일을 쓰세요: with open({name}.path, 'w') as f: ... "
            "(클러스터에서는 KFP가 경고만 하고, 이 Artifact를 읽는 다음 태스크가 실패합니다).",
        },
        "run_reason_signal": {
            "en": "Stopped by {signal}; {tasks} {tasks:task|tasks} had finished.",
            "ko": "{signal} 신호로 중단했습니다. 그때까지 끝난 태스크는 {tasks}개입니다.",
        },
        "run_reason_pipe_closed": {
            "en": "Stopped: the output was closed (e.g. piped into head); {tasks} "
            "{tasks:task|tasks} had finished.",
            "ko": "출력을 받던 쪽이 닫혀서(예: head로 넘긴 경우) 중단했습니다. 그때까지 끝난 "
            "태스크는 {tasks}개입니다.",
        },
        "run_reason_stopped": {
            "en": "Stopped by {error}.",
            "ko": "{error}(으로) 중단했습니다.",
        },
        "run_shadowed": {
            "en": "Nothing was run: every task would fail. {hint}",
            "ko": "아무것도 실행하지 않았습니다. 이대로는 모든 태스크가 실패합니다. {hint}",
        },
        "run_failed_contract": {
            "en": "Task {task!r} failed: {problem}",
            "ko": "'{task}' 태스크를 실패로 봅니다. {problem}",
        },
        "task_cached_log": {
            "en": "Cache hit: the outputs of an earlier run with the same code and inputs "
            "were reused; the task did not run.",
            "ko": (
                "캐시 적중: 같은 코드와 입력으로 실행했던 이전 결과를 재사용했습니다. 태스크는 "
                "실행되지 않았습니다."
            ),
        },
        "kubernetes_component_local": {
            "en": "Pipeline {pipeline!r} cannot run locally: task {task!r} ({operation}) asks "
            "the KFP backend to create or delete a Kubernetes object, which kfp.local cannot do. "
            "Run it on a cluster instead: kfp-tutorial run {target} --host URL "
            "(see lesson 09, 'Run on a cluster').",
            "ko": "'{pipeline}' Pipeline은 로컬에서 실행할 수 없습니다. '{task}' 태스크"
            "({operation})는 KFP 백엔드에 Kubernetes 객체를 만들거나 지워 달라고 요청하는데, "
            "kfp.local은 이 일을 할 수 없습니다. 클러스터에서 실행하세요: "
            "kfp-tutorial run {target} --host URL (수업 09 '클러스터에서 실행하기' 참고).",
        },
        "run_reason_orchestrator": {
            "en": "No task failed: kfp.local stopped the run outside any task. Its reason: {error}",
            "ko": "실패한 태스크는 없습니다. kfp.local이 태스크 밖에서 실행을 멈췄습니다. "
            "kfp.local이 밝힌 이유: {error}",
        },
        "run_reason_kfp": {
            "en": "Then kfp.local stopped the run: {error}",
            "ko": "그 뒤 kfp.local이 실행을 멈췄습니다: {error}",
        },
        "run_reason_unknown": {
            "en": "kfp.local reported FAILURE without a failed task (its failure chain: {chain}).",
            "ko": "실패한 태스크가 없는데 kfp.local이 FAILURE를 보고했습니다 (실패 경로: {chain}).",
        },
        "run_reason_cancelled": {
            "en": "Stopped with Ctrl-C; {tasks} {tasks:task|tasks} had finished.",
            "ko": "Ctrl-C로 중단했습니다. 그때까지 끝난 태스크는 {tasks}개입니다.",
        },
        "kfp_internals_unobserved": {
            "en": "kfp.local ran pipeline {pipeline!r}, but the course's runner {what}: the "
            "kfp.local internals it hooks into (kfp_tutorial/local/kfp_internals.py) did not "
            "fire, so this record would be wrong. This is a problem of the course with the "
            "installed kfp {found}, not of your pipeline; install the tested kfp: "
            "pip install kfp=={needed}",
            "ko": "kfp.local이 '{pipeline}' Pipeline을 실행했지만 이 과정의 러너가 {what}. "
            "러너가 기대는 kfp.local 내부 구현(kfp_tutorial/local/kfp_internals.py)이 동작하지 "
            "않아서 이 기록은 틀릴 것입니다. 여러분의 Pipeline 문제가 아니라 설치된 kfp {found}(와) "
            "이 과정이 맞지 않는 문제입니다. 검증된 kfp를 설치하세요: pip install kfp=={needed}",
        },
        "kfp_internals_no_tasks": {
            "en": "recorded none of its tasks",
            "ko": "태스크를 하나도 기록하지 못했습니다",
        },
        "kfp_internals_no_status": {
            "en": "never saw its final status",
            "ko": "최종 상태를 알아내지 못했습니다",
        },
    }
)

# kfp-kubernetes operations: container components with a stub image that the KFP
# backend (its driver) carries out itself. Used in: lesson 08.
KUBERNETES_OPERATIONS = {
    "argostub/createpvc": "kubernetes.CreatePVC",
    "argostub/deletepvc": "kubernetes.DeletePVC",
}

DEFAULT_OUTPUT_DIR = "kfp_runs"


OUTPUT_DIR_ENV = "KFP_TUTORIAL_OUTPUT_DIR"


def default_output_dir() -> Path:
    """Where runs go: ``$KFP_TUTORIAL_OUTPUT_DIR`` or ``./kfp_runs`` (git-ignored), checked
    as ``--output-dir`` is (:func:`kfp_tutorial.output_files.output_dir`): a file, a folder
    that cannot be written, a run folder or the package folder is a TutorialError naming the
    variable. An empty variable counts as unset."""
    value = env_text(OUTPUT_DIR_ENV)
    if value:
        return output_dir_checked(value, OUTPUT_DIR_ENV).resolve()
    return output_dir_checked(DEFAULT_OUTPUT_DIR, "--output-dir").resolve()


def caching_default() -> bool:
    """Whether runs reuse cached task outputs when the caller does not say:
    ``KFP_TUTORIAL_CACHE=1`` turns it on (handy when rerunning notebooks).
    Used in: the performance page, notebooks, ``kfp-tutorial run``."""
    return env_flag("KFP_TUTORIAL_CACHE", False)


def skip_installed_default() -> bool:
    """Whether tasks skip the ``pip install kfp==...`` step that every lightweight
    component starts with, when all its packages are already installed here (on by
    default; ``KFP_TUTORIAL_SKIP_PIP=0`` keeps kfp's own per-task pip check).
    Used in: every local run, the benchmarks."""
    return env_flag("KFP_TUTORIAL_SKIP_PIP", True)


def to_jsonable(value: Any) -> Any:
    """Turn task and pipeline outputs (parameters and artifacts) into plain JSON data."""
    if isinstance(value, dsl.Artifact):
        return {
            "artifact": value.schema_title,
            "name": value.name,
            "uri": value.uri,
            "path": value.path if value.uri else "",
            "metadata": to_jsonable(dict(value.metadata)),
        }
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


class _Tee(io.TextIOBase):
    """Collects everything written (also per thread, as parallel tasks run in threads),
    and passes it on when ``echo`` is set."""

    def __init__(self, echo: TextIO | io.TextIOBase | None) -> None:
        self.all_text = io.StringIO()
        self.by_thread: dict[int, io.StringIO] = {}
        self.lock = threading.Lock()
        self.echo = echo

    def write(self, s: str) -> int:
        with self.lock:
            self.all_text.write(s)
            self.by_thread.setdefault(threading.get_ident(), io.StringIO()).write(s)
            if self.echo is not None:
                self.echo.write(s)
        return len(s)

    def flush(self) -> None:
        if self.echo is not None:
            self.echo.flush()

    def thread_position(self) -> int:
        with self.lock:
            return self.by_thread.setdefault(threading.get_ident(), io.StringIO()).tell()

    def thread_text_since(self, position: int) -> str:
        with self.lock:
            text = self.by_thread[threading.get_ident()].getvalue()[position:]
        return kfp_internals.strip_ansi(text)

    def text(self) -> str:
        return kfp_internals.strip_ansi(self.all_text.getvalue())


# The ``sh -c`` prelude kfp 2.17 puts before every lightweight component's code.
_PIP_PRELUDE_HEAD = [
    'if ! [ -x "$(command -v pip)" ]; then',
    "python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip",
    "fi",
]
_PIP_ENV = "PIP_DISABLE_PIP_VERSION_CHECK=1 "
_PIP_INSTALL = "python3 -m pip install "
_PIP_THEN_RUN = ' && "$0" "$@"'
_PIP_FLAGS = {"--quiet", "--no-warn-script-location", "--no-deps"}


# A requirement in kfp's prelude that needs no ``packaging`` (its import costs ~50 ms, a
# twentieth of a run): an exact pin, optionally with a ``python_version`` comparison.
_EXACT_PIN = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][0-9A-Za-z.+!-]*)"
    r'|(?P<any>[A-Za-z0-9][A-Za-z0-9._-]*[<>=!~][^;]*); *python_version *(?P<op><|>=) *"(?P<py>[0-9.]+)"'
)


def _quick_verdict(word: str) -> bool | None:
    """Whether requirement ``word`` is met here, when that is clear without ``packaging``:
    an exact pin equal to the installed version (True), or a requirement whose
    ``python_version`` marker excludes this Python (True: nothing to install).
    None: ask ``packaging``."""
    from importlib import metadata

    match = _EXACT_PIN.fullmatch(word)
    if match is None:
        return None
    if match["name"]:
        try:
            return metadata.version(match["name"]) == match["version"] or None
        except metadata.PackageNotFoundError:
            return False
    wanted = tuple(int(part) for part in match["py"].split(".") if part)
    here = sys.version_info[: len(wanted)]
    applies = here < wanted if match["op"] == "<" else here >= wanted
    return True if not applies else None


@functools.lru_cache(maxsize=512)  # a task's check costs ~20 ms (package metadata); once per prelude
def installed_requirements_only(script: str) -> bool:
    """True when ``script`` (the ``sh -c`` prelude kfp puts before every lightweight
    component) only pip-installs packages that are already installed here at a
    matching version, so skipping it changes nothing but the time.
    Anything unusual (an index URL, an unmet or unparsable requirement) gives False.
    Used in: every local run (see :func:`skip_installed_default`)."""
    import shlex
    from importlib import metadata

    lines = [line.strip() for line in script.strip().splitlines() if line.strip()]
    if len(lines) != len(_PIP_PRELUDE_HEAD) + 1 or lines[:-1] != _PIP_PRELUDE_HEAD:
        return False
    last = lines[-1]
    if not (last.startswith(_PIP_ENV) and last.endswith(_PIP_THEN_RUN)):
        return False
    for command in re.split(r"\s+&&\s+", last[len(_PIP_ENV) : -len(_PIP_THEN_RUN)].strip()):
        if not command.startswith(_PIP_INSTALL):
            return False
        try:
            words = shlex.split(command[len(_PIP_INSTALL) :])
        except ValueError:
            return False
        for word in words:
            if word.startswith("-"):
                if word not in _PIP_FLAGS:
                    return False
                continue
            quick = _quick_verdict(word)
            if quick is not None:
                if not quick:
                    return False
                continue
            try:
                from packaging.requirements import InvalidRequirement, Requirement
            except ImportError:  # packaging comes with matplotlib and pip; without it, keep kfp's step
                return False
            try:
                requirement = Requirement(word)
            except InvalidRequirement:
                return False
            if requirement.marker is not None and not requirement.marker.evaluate():
                continue
            if requirement.url:
                return False
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                return False
            if not requirement.specifier.contains(version, prereleases=True):
                return False
    return True


_METADATA_ONLY = ("system.Metrics", "system.ClassificationMetrics", "system.SlicedClassificationMetrics")


def _write_metadata_only_artifacts(outputs: Mapping[str, Any]) -> None:
    """Give metrics artifacts a file: their metadata as JSON at their path.

    kfp.local keeps ``Metrics`` and ``ClassificationMetrics`` only as metadata, and its
    cache treats an artifact without a file as missing, so a task that logs metrics
    was never a cache hit. Only called with caching on."""
    for value in outputs.values():
        for artifact in value if isinstance(value, list) else [value]:
            if not isinstance(artifact, dsl.Artifact) or artifact.schema_title not in _METADATA_ONLY:
                continue
            if not artifact.uri or "://" in artifact.uri or os.path.exists(artifact.uri):
                continue
            path = Path(artifact.uri)
            make_parent(path)
            write_atomic(path, json.dumps(to_jsonable(dict(artifact.metadata)), indent=2))


def run_local(
    pipeline: Callable[..., Any],
    arguments: Mapping[str, Any] | None = None,
    *,
    output_dir: str | Path | None = None,
    enable_caching: bool | None = None,
    verbose: bool = False,
    progress: bool = True,
    target: str = "",
    stream: TextIO | None = None,
) -> RunResult:
    """Run ``pipeline`` with ``kfp.local`` and return a :class:`RunResult`.

    ``verbose`` shows kfp's own logs as they happen; otherwise one progress line per
    task is printed (``progress=False`` prints nothing). Works for any KFP v2 pipeline,
    not only the course's. Raises :class:`TutorialError` for wrong arguments and for
    pipelines the local runner cannot run. ``enable_caching=True`` reuses the outputs of
    tasks that already ran with the same code and inputs (their status is ``CACHED``);
    left out, it follows ``KFP_TUTORIAL_CACHE`` (see :func:`caching_default`).
    A failed run's ``reason`` says why (the failed task and the end of its log, or
    kfp.local's own reason when no task failed). On Ctrl-C the run's folder is kept with
    ``run.json`` marked ``CANCELLED`` and the tasks finished so far, then the
    ``KeyboardInterrupt`` goes on.
    Used in: every lesson.
    """
    check_environment()
    arguments = dict(arguments or {})
    if enable_caching is None:
        enable_caching = caching_default()
    if not hasattr(pipeline, "component_spec") or not hasattr(pipeline, "pipeline_spec"):
        raise TutorialError(
            "not_a_pipeline",
            name=getattr(pipeline, "__name__", pipeline),
            path=getattr(pipeline, "__module__", "?"),
        )
    arguments = check_arguments(pipeline, arguments)
    compiled = compile_pipeline(pipeline)
    _refuse_container_components(compiled, target or None, pipeline)
    shadowed = shadowing_hint(Path.cwd())
    if shadowed:  # every task would import the learner's file instead of the module
        raise TutorialError("run_shadowed", hint=shadowed)
    kfp_internals.ensure_supported()
    watches: list[kfp_internals.RunWatch] = []

    def stop_new_tasks() -> None:
        """A signal or a closed pipe: tasks that have not started yet must not start."""
        for watch in watches:
            watch.cancelled = True

    out = ReaderOutput(stream or sys.stdout, stop_new_tasks)
    if output_dir is None:
        root = default_output_dir()
    else:
        root = output_dir_checked(output_dir, "output_dir").resolve()
    run_dir = new_run_folder(root, compiled.name, compiled.yaml_text)

    ignored = compiled.local_ignored_settings()
    records: list[TaskRecord] = []
    tee = _Tee(out if verbose else None)
    started = time.time()

    def record(status: str, reason: str = "", outputs: dict[str, Any] | None = None) -> RunResult:
        result = RunResult(
            pipeline=compiled.name,
            status=status,
            arguments=to_jsonable(arguments),
            outputs=outputs or {},
            tasks=list(records),
            seconds=round(time.time() - started, 3),
            run_dir=str(run_dir),
            ignored_settings=ignored,
            reason=reason,
        )
        write_atomic(run_dir / "run.json", json.dumps(result.to_json(), indent=2))
        if status != RUNNING:
            write_atomic(run_dir / "log.txt", tee.text())
        return result

    record(RUNNING)  # a run folder always has a run.json, even if the process is killed
    if progress:
        print(t("run_start", pipeline=compiled.name, root=_shown_path(root)), file=out)
        for task_name, settings in ignored.items():
            print(t("ignored_settings", task=task_name, settings=", ".join(settings)), file=out)

    def on_task_start() -> int:
        return tee.thread_position()

    broken_contract = threading.local()  # per task thread: why its SUCCESS became FAILURE
    problems: dict[str, str] = {}  # task path -> that reason, for the run's reason

    def on_missing_outputs(missing: list[kfp_internals.MissingOutput]) -> None:
        """Say in the task's own log (this thread's) why kfp.local's SUCCESS is a FAILURE."""
        lines = [
            t(f"task_missing_{output.kind}", name=output.name, path=_shown_path(Path(output.path)))
            for output in missing
        ]
        for line in lines:
            print(line)
        broken_contract.text = "\n".join(lines)

    def on_task_end(position: int, task: kfp_internals.TaskRun) -> None:
        log = tee.thread_text_since(position)
        if task.status == CACHED:
            log = log or t("task_cached_log")
        elif task.status == SUCCESS and enable_caching:
            _write_metadata_only_artifacts(task.outputs)
        nested = task.dag.split("/", 1)[1] + "/" if "/" in task.dag else ""
        problem = getattr(broken_contract, "text", "")
        broken_contract.text = ""
        if problem and task.status == FAILURE:
            problems[nested + task.name] = problem
        done = TaskRecord(
            name=task.name,
            path=nested + task.name,
            status=task.status,
            inputs=to_jsonable(task.inputs),
            outputs=to_jsonable(task.outputs),
            log=log,
            seconds=round(task.seconds, 3),
            started=task.started,
        )
        records.append(done)
        if progress and not verbose:
            print(
                t(
                    "task_done",
                    index=len(records),
                    task=done.path,
                    status=done.status,
                    seconds=done.seconds,
                ),
                file=out,
                flush=True,
            )

    try:
        with (
            stop_signals(stop_new_tasks),
            kfp_internals.watched_run(
                run_dir.name,
                pipeline_root=str(root),
                enable_caching=enable_caching,
                on_task_start=on_task_start,
                on_task_end=on_task_end,
                skip_prelude=installed_requirements_only if skip_installed_default() else None,
                on_missing_outputs=on_missing_outputs,
            ) as watch,
            contextlib.redirect_stdout(tee),
            warnings.catch_warnings(),
        ):
            watches.append(watch)
            warnings.simplefilter("ignore")  # we report ignored settings ourselves
            task = pipeline(**arguments)
    except KeyboardInterrupt as stopped:
        done = sum(1 for r in records if r.status != CANCELLED)
        if isinstance(stopped, RunStopped):
            record(CANCELLED, t("run_reason_signal", signal=stopped.signal_name, tasks=done))
        else:
            record(CANCELLED, t("run_reason_cancelled", tasks=done))
        raise
    except TutorialError as refused:
        record(FAILURE, str(refused))
        raise
    except Exception as exc:  # kfp.local refusing the pipeline: say why, not a traceback
        error = kfp_internals.strip_ansi(str(exc))
        record(FAILURE, t("local_runner_failed", pipeline=compiled.name, error=error))
        raise TutorialError("local_runner_failed", pipeline=compiled.name, error=error) from exc
    except BaseException as exc:  # SystemExit, GeneratorExit...: never leave RUNNING behind
        record(CANCELLED, t("run_reason_stopped", error=type(exc).__name__))
        raise
    if out.closed_by_reader:  # the reader went away (| head): as Ctrl-C, not a failure
        done = sum(1 for r in records if r.status != CANCELLED)
        record(CANCELLED, t("run_reason_pipe_closed", tasks=done))
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    problem = _unobserved(watch, records, compiled, run_dir)
    if problem:  # never a SUCCESS that recorded nothing: say so, in run.json too
        found = kfp_internals.kfp_version()
        details = dict(pipeline=compiled.name, what=t(problem), found=found, needed=KFP_VERSION)
        record(FAILURE, t("kfp_internals_unobserved", **details))
        raise TutorialError("kfp_internals_unobserved", **details)
    status = watch.status or FAILURE
    outputs = to_jsonable(_pipeline_outputs(task)) if status == SUCCESS else {}
    reason = _failure_reason(watch, records, problems) if status == FAILURE else ""
    result = record(status, reason, outputs)
    if progress:
        print(
            t(
                "run_done",
                pipeline=compiled.name,
                status=result.status,
                seconds=result.seconds,
                tasks=len(records),
            ),
            file=out,
        )
        if result.outputs:
            print(t("outputs", outputs=json.dumps(result.outputs, ensure_ascii=False)), file=out)
        if result.reason:
            print(result.reason, file=out)
    return result


def _failure_reason(
    watch: kfp_internals.RunWatch, records: list[TaskRecord], problems: Mapping[str, str]
) -> str:
    """Why a run failed, in the learner's language: each failed task and the end of its
    log (or the outputs it did not write), and kfp.local's own reason when it failed
    outside a task."""
    failed = [r for r in records if r.status == FAILURE]
    reasons = [
        t("run_failed_contract", task=r.path, problem=problems[r.path])
        if r.path in problems
        else t("run_failed_hint", task=r.path, log=_tail(r.log))
        + (f"\n{hint}" if (hint := task_hint(r.log)) else "")
        for r in failed
    ]
    if watch.errors:  # kfp.local's own exception, e.g. an input it could not find afterwards
        key = "run_reason_kfp" if reasons else "run_reason_orchestrator"
        reasons.append(t(key, error="; ".join(watch.errors)))
        reasons.extend(hint for error in watch.errors if (hint := orchestrator_hint(error)))
    return "\n".join(reasons) or t("run_reason_unknown", chain=" < ".join(watch.fail_stack) or "-")


def _unobserved(
    watch: kfp_internals.RunWatch, records: list[TaskRecord], compiled: CompiledPipeline, run_dir: Path
) -> str:
    """The message key naming what the adapter failed to see of a run that happened, or
    "" when the record can be trusted. A run that succeeded yet recorded no task is
    suspect when its root DAG has a task that always runs, or when kfp.local made task
    folders in the run's folder."""
    if watch.status is None:
        return "kfp_internals_no_status"
    if watch.status == SUCCESS and not records:
        always_runs = any(
            not task.get("triggerPolicy", {}).get("condition")
            and "parameterIterator" not in task
            and "artifactIterator" not in task
            and compiled.executor(task) is not None
            for task in compiled.root_tasks.values()
        )
        if always_runs or any(p.is_dir() for p in run_dir.iterdir()):
            return "kfp_internals_no_tasks"
    return ""


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (shorter, and the
    same on every machine), else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _tail(log: str, lines: int = 15) -> str:
    """The end of a failed task's log, for the run's last lines. Paths inside this Python
    environment are shortened to ``<python>/...`` (a traceback's file names), so what a
    learner reads, and a notebook stores, does not depend on where the course is installed."""
    prefixes = sorted({sys.prefix, sys.base_prefix}, key=len, reverse=True)
    shown = []
    for line in log.strip().splitlines()[-lines:]:
        for prefix in prefixes:
            line = line.replace(prefix + os.sep, "<python>" + os.sep)
        shown.append(line.rstrip())
    return "\n".join(shown)


def _cli_target(pipeline: Callable[..., Any]) -> str:
    """How to name ``pipeline`` on the command line: ``01-hello-world --pipeline NAME`` for
    a lesson's pipeline (found in the registry), else ``path/to/file.py:NAME``.

    A pipeline defined in a notebook cell has no file to name (Jupyter compiles cells from
    a temporary path); when it has a lesson pipeline's name, the lesson is named instead,
    since the notebook's cell is that lesson's code (synced from its module)."""
    from kfp_tutorial.registry import LESSONS, pipeline_func_name

    func = getattr(pipeline, "pipeline_func", None)
    source = inspect.getsourcefile(func) if func is not None else None
    name = pipeline_func_name(pipeline)
    in_a_cell = source is None or not Path(source).is_file() or "ipykernel_" in source
    for lesson in LESSONS:
        try:
            examples = lesson.examples
        except ImportError:  # a lesson module that cannot load is not this pipeline's
            continue
        for example in examples:
            if example.pipeline is pipeline or (in_a_cell and example.func_name == name):
                return f"{lesson.name} --pipeline {example.func_name}"
    if in_a_cell:
        return f"path/to/your_file.py:{name}"
    return f"{_shown_path(Path(source))}:{name}" if source else name


def _refuse_container_components(
    compiled: CompiledPipeline, target: str | None, pipeline: Callable[..., Any]
) -> None:
    """Refuse, before anything runs, a pipeline with a container component (the
    SubprocessRunner cannot run one) or a Kubernetes operation; ``target`` (found from
    the registry when None) is how the message tells the learner to run it on a cluster."""
    containers = compiled.container_tasks()
    if containers:
        task, image = next(iter(containers.items()))
        target = target or _cli_target(pipeline) or "LESSON"
        if image in KUBERNETES_OPERATIONS:
            raise TutorialError(
                "kubernetes_component_local",
                pipeline=compiled.name,
                task=task,
                operation=KUBERNETES_OPERATIONS[image],
                target=target,
            )
        raise TutorialError(
            "container_component_local",
            pipeline=compiled.name,
            task=task,
            image=image,
            target=target,
        )


def _pipeline_outputs(task: Any) -> dict[str, Any]:
    if task is None:
        return {}
    try:
        return dict(task.outputs)
    except Exception:  # a pipeline without outputs
        return {}
