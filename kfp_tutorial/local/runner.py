"""Run any KFP v2 pipeline locally with ``kfp.local`` and keep a record of the run.

``run_local`` wraps ``kfp.local`` (``SubprocessRunner(use_venv=False)``: no Docker,
no cluster) and returns what the KFP UI would show for a run: the pipeline's
outputs and, for every task, its status, inputs, outputs, log and duration.
Each run lands in ``<output_dir>/<pipeline>-<timestamp>/`` with ``run.json`` and
the compiled ``pipeline.yaml`` beside the task outputs.
Used in: every lesson, the CLI (``kfp-tutorial run``) and the tests.
"""

from __future__ import annotations

import builtins
import contextlib
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
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from kfp import dsl, local
from kfp.local import cache as kfp_cache
from kfp.local import status as kfp_status
from kfp.local import subprocess_task_handler
from kfp.local.orchestrator import task_executor

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages, t
from kfp_tutorial.local.arguments import check_arguments
from kfp_tutorial.results import RunResult, TaskRecord
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline

register_messages(
    {
        "task_cached_log": {
            "en": "Cache hit: the outputs of an earlier run with the same code and inputs "
            "were reused; the task did not run.",
            "ko": "캐시 적중(cache hit): 같은 코드와 입력으로 실행했던 이전 결과를 재사용했습니다. "
            "태스크는 실행되지 않았습니다.",
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
    }
)

# kfp-kubernetes operations: container components with a stub image that the KFP
# backend (its driver) carries out itself. Used in: lesson 08.
KUBERNETES_OPERATIONS = {
    "argostub/createpvc": "kubernetes.CreatePVC",
    "argostub/deletepvc": "kubernetes.DeletePVC",
}

DEFAULT_OUTPUT_DIR = "kfp_runs"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PIPELINE_STATUS = re.compile(r"Pipeline '[^'\n]*' finished with status (\w+)")


def default_output_dir() -> Path:
    """Where runs go: ``$KFP_TUTORIAL_OUTPUT_DIR`` or ``./kfp_runs`` (git-ignored)."""
    return Path(os.environ.get("KFP_TUTORIAL_OUTPUT_DIR", DEFAULT_OUTPUT_DIR)).resolve()


_TRUE = ("1", "true", "yes", "on")


def caching_default() -> bool:
    """Whether runs reuse cached task outputs when the caller does not say:
    ``KFP_TUTORIAL_CACHE=1`` turns it on (handy when rerunning notebooks).
    Used in: the performance page, notebooks, ``kfp-tutorial run``."""
    return os.environ.get("KFP_TUTORIAL_CACHE", "").strip().lower() in _TRUE


def skip_installed_default() -> bool:
    """Whether tasks skip the ``pip install kfp==...`` step that every lightweight
    component starts with, when all its packages are already installed here (on by
    default; ``KFP_TUTORIAL_SKIP_PIP=0`` keeps kfp's own per-task pip check).
    Used in: every local run, the benchmarks."""
    return os.environ.get("KFP_TUTORIAL_SKIP_PIP", "1").strip().lower() in _TRUE


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

    def __init__(self, echo: TextIO | None) -> None:
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
        return _ANSI.sub("", text)

    def text(self) -> str:
        return _ANSI.sub("", self.all_text.getvalue())


_cache_state = threading.local()  # per task thread: did kfp's cache answer?


@contextlib.contextmanager
def _detecting_cache_hits() -> Iterator[None]:
    """Note, per thread, when kfp.local's cache returns a task's outputs.

    kfp 2.17 logs "cache hit" at INFO outside its own logger setup, so the message
    never reaches a log; a successful ``LocalCache.get`` is the reliable signal."""
    original = kfp_cache.LocalCache.get

    def get(self: kfp_cache.LocalCache, key: str) -> dict[str, Any] | None:
        found = original(self, key)
        if found is not None:
            _cache_state.hit = True
        return found

    kfp_cache.LocalCache.get = get  # type: ignore[method-assign]
    try:
        yield
    finally:
        kfp_cache.LocalCache.get = original  # type: ignore[method-assign]


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


@functools.lru_cache(maxsize=512)  # a task's check costs ~20 ms (package metadata); once per prelude
def installed_requirements_only(script: str) -> bool:
    """True when ``script`` (the ``sh -c`` prelude kfp puts before every lightweight
    component) only pip-installs packages that are already installed here at a
    matching version, so skipping it changes nothing but the time.
    Anything unusual (an index URL, an unmet or unparsable requirement) gives False.
    Used in: every local run (see :func:`skip_installed_default`)."""
    import shlex
    from importlib import metadata

    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # packaging comes with matplotlib and pip; without it, keep kfp's step
        return False

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


class _SkipInstalledTaskHandler(subprocess_task_handler.SubprocessTaskHandler):
    """kfp's subprocess task handler, minus the pip step when it would change nothing.

    Without a pip step kfp.local also stops serializing tasks (it holds one lock
    around every task that pip-installs), so ``ParallelFor`` iterations really run
    side by side (two at a time, kfp.local's limit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        command = list(self.full_command)
        if len(command) > 3 and command[:2] == ["sh", "-c"] and installed_requirements_only(command[2]):
            self.full_command = ["sh", "-c", 'exec "$0" "$@"', *command[3:]]


@contextlib.contextmanager
def _skipping_installed(enabled: bool) -> Iterator[None]:
    """Use :class:`_SkipInstalledTaskHandler` for the duration of one run."""
    original = subprocess_task_handler.SubprocessTaskHandler
    if enabled:
        subprocess_task_handler.SubprocessTaskHandler = _SkipInstalledTaskHandler  # type: ignore[misc]
    try:
        yield
    finally:
        subprocess_task_handler.SubprocessTaskHandler = original  # type: ignore[misc]


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
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(to_jsonable(dict(artifact.metadata)), indent=2), encoding="utf-8")


@contextlib.contextmanager
def _recording(
    tee: _Tee, records: list[TaskRecord], on_task: Callable[[TaskRecord], None] | None
) -> Iterator[None]:
    """Wrap kfp.local's single-task executor to record each task as it runs."""
    original = task_executor.execute_single_task

    def recorder(*args: Any, **kwargs: Any) -> Any:
        bound = inspect.signature(original).bind(*args, **kwargs)
        task_name = bound.arguments["task_name"]
        resource = bound.arguments["pipeline_resource_name"]
        start_pos = tee.thread_position()
        started = time.time()
        _cache_state.hit = False
        outputs, task_status = original(*args, **kwargs)
        log = tee.thread_text_since(start_pos)
        seconds = time.time() - started
        status_name = task_status.name
        if task_status == kfp_status.Status.SUCCESS and _cache_state.hit:
            status_name = "CACHED"
            log = log or t("task_cached_log")
        elif task_status == kfp_status.Status.SUCCESS and kfp_cache.get_local_cache() is not None:
            _write_metadata_only_artifacts(outputs or {})
        nested = resource.split("/", 1)[1] + "/" if "/" in resource else ""
        inputs = _task_inputs(bound.arguments)
        record = TaskRecord(
            name=task_name,
            path=nested + task_name,
            status=status_name,
            inputs=inputs,
            outputs=to_jsonable(outputs or {}),
            log=log,
            seconds=round(seconds, 3),
            started=started,
        )
        records.append(record)
        if on_task is not None:
            on_task(record)
        return outputs, task_status

    task_executor.execute_single_task = recorder
    try:
        yield
    finally:
        task_executor.execute_single_task = original


def _task_inputs(arguments: Mapping[str, Any]) -> dict[str, Any]:
    from kfp.local.orchestrator.orchestrator_utils import OrchestratorUtils

    try:
        task_args = OrchestratorUtils.make_task_arguments(
            task_inputs_spec=arguments["task_spec"].inputs, io_store=arguments["io_store"]
        )
    except Exception:  # inputs are informative only; never fail a run over them
        return {}
    return to_jsonable(task_args)


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
    Used in: every lesson.
    """
    arguments = dict(arguments or {})
    if enable_caching is None:
        enable_caching = caching_default()
    if not hasattr(pipeline, "component_spec") or not hasattr(pipeline, "pipeline_spec"):
        raise TutorialError(
            "not_a_pipeline",
            name=getattr(pipeline, "__name__", pipeline),
            path=getattr(pipeline, "__module__", "?"),
        )
    check_arguments(pipeline, arguments)
    compiled = compile_pipeline(pipeline)
    _refuse_container_components(compiled, target or _cli_target(pipeline))
    out = stream or sys.stdout
    root = Path(output_dir).resolve() if output_dir else default_output_dir()
    root.mkdir(parents=True, exist_ok=True)

    ignored = compiled.local_ignored_settings()
    if progress:
        print(t("run_start", pipeline=compiled.name, root=_shown_path(root)), file=out)
        for task, settings in ignored.items():
            print(t("ignored_settings", task=task, settings=", ".join(settings)), file=out)

    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=str(root),
        raise_on_error=False,
        enable_caching=enable_caching,
    )

    records: list[TaskRecord] = []

    def on_task(record: TaskRecord) -> None:
        if progress and not verbose:
            print(
                t(
                    "task_done",
                    index=len(records),
                    task=record.path,
                    status=record.status,
                    seconds=record.seconds,
                ),
                file=out,
                flush=True,
            )

    tee = _Tee(out if verbose else None)
    before = set(root.iterdir())
    started = time.time()
    real_print = builtins.print  # kfp.local patches print per task, racily under parallelism
    try:
        with (
            _recording(tee, records, on_task),
            _detecting_cache_hits(),
            _skipping_installed(skip_installed_default()),
            contextlib.redirect_stdout(tee),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")  # we report ignored settings ourselves
            task = pipeline(**arguments)
    except TutorialError:
        raise
    except Exception as exc:  # kfp.local refusing the pipeline: say why, not a traceback
        raise TutorialError(
            "local_runner_failed", pipeline=compiled.name, error=_ANSI.sub("", str(exc))
        ) from exc
    finally:
        builtins.print = real_print
    seconds = time.time() - started

    log_text = tee.text()
    final = _PIPELINE_STATUS.findall(log_text)
    status = (
        final[-1] if final else ("FAILURE" if any(r.status == "FAILURE" for r in records) else "SUCCESS")
    )
    outputs = to_jsonable(_pipeline_outputs(task)) if status == "SUCCESS" else {}
    run_dir = _find_run_dir(root, before, records, compiled.name)
    result = RunResult(
        pipeline=compiled.name,
        status=status,
        arguments=to_jsonable(arguments),
        outputs=outputs,
        tasks=records,
        seconds=round(seconds, 3),
        run_dir=str(run_dir),
        ignored_settings=ignored,
    )
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "pipeline.yaml").write_text(compiled.yaml_text, encoding="utf-8")
    (run_dir / "run.json").write_text(json.dumps(result.to_json(), indent=2), encoding="utf-8")
    (run_dir / "log.txt").write_text(log_text, encoding="utf-8")
    if progress:
        print(
            t(
                "run_done",
                pipeline=compiled.name,
                status=result.status,
                seconds=seconds,
                tasks=len(records),
            ),
            file=out,
        )
        if result.outputs:
            print(t("outputs", outputs=json.dumps(result.outputs, ensure_ascii=False)), file=out)
        for record in records:
            if record.status == "FAILURE":
                print(t("run_failed_hint", task=record.path, log=_tail(record.log)), file=out)
    return result


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (shorter, and the
    same on every machine), else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _tail(log: str, lines: int = 15) -> str:
    return "\n".join(line.rstrip() for line in log.strip().splitlines()[-lines:])


def _cli_target(pipeline: Callable[..., Any]) -> str:
    """How to name ``pipeline`` on the command line: ``01-hello-world --pipeline NAME`` for
    a lesson's pipeline (found in the registry), else ``path/to/file.py:NAME``."""
    from kfp_tutorial.registry import LESSONS, pipeline_func_name

    for lesson in LESSONS:
        try:
            examples = lesson.examples
        except ImportError:  # a lesson module that cannot load is not this pipeline's
            continue
        for example in examples:
            if example.pipeline is pipeline:
                return f"{lesson.name} --pipeline {example.func_name}"
    func = getattr(pipeline, "pipeline_func", None)
    source = inspect.getsourcefile(func) if func is not None else None
    name = pipeline_func_name(pipeline)
    return f"{_shown_path(Path(source))}:{name}" if source else name


def _refuse_container_components(compiled: CompiledPipeline, target: str) -> None:
    containers = compiled.container_tasks()
    if containers:
        task, image = next(iter(containers.items()))
        if image in KUBERNETES_OPERATIONS:
            raise TutorialError(
                "kubernetes_component_local",
                pipeline=compiled.name,
                task=task,
                operation=KUBERNETES_OPERATIONS[image],
                target=target or "LESSON",
            )
        raise TutorialError(
            "container_component_local",
            pipeline=compiled.name,
            task=task,
            image=image,
            target=target or "LESSON",
        )


def _pipeline_outputs(task: Any) -> dict[str, Any]:
    if task is None:
        return {}
    try:
        return dict(task.outputs)
    except Exception:  # a pipeline without outputs
        return {}


def _find_run_dir(root: Path, before: set[Path], records: list[TaskRecord], name: str) -> Path:
    new = sorted(p for p in set(root.iterdir()) - before if p.is_dir() and not p.name.startswith("."))
    for p in new:
        if p.name.startswith(name):
            return p
    if new:
        return new[-1]
    stamp = time.strftime("%Y-%m-%d-%H-%M-%S")
    return root / f"{name}-{stamp}"
