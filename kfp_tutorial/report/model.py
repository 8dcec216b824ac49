"""The run report's model: one run folder read into what the report shows.

A run folder holds ``run.json`` (a :class:`~kfp_tutorial.results.RunResult`), the
compiled ``pipeline.yaml`` and each task's ``executor_output.json`` and artifact files.
:func:`load_run_view` reads them into a :class:`RunView`: every task (those that ran, and
those of the spec that did not), its parameters and artifacts (with their files found
again if the folder was moved), and a status per graph node. A broken ``run.json`` ends in
a :class:`~kfp_tutorial.errors.TutorialError` that names the file and what is wrong in it;
a cancelled run (fewer tasks, status ``CANCELLED``) opens like any other.
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.report import messages as _messages  # noqa: F401  (registers the texts)
from kfp_tutorial.results import CANCELLED, FAILURE, RunResult, TaskRecord
from kfp_tutorial.spec.compiler import CompiledPipeline, load_compiled
from kfp_tutorial.spec.graph import group_kind

RUN_FILE = "run.json"
SCHEMA_HTML = "system.HTML"
SCHEMA_MARKDOWN = "system.Markdown"
SCHEMA_METRICS = "system.Metrics"
SCHEMA_CLASSIFICATION = "system.ClassificationMetrics"
# The worst status wins when a graph node stands for several tasks (loop iterations, a group).
_SEVERITY = {FAILURE: 4, CANCELLED: 3, "RUNNING": 2, "SUCCESS": 1, "CACHED": 0}
# A task of the spec that has no record: it did not run because the run failed or was
# cancelled before it ("NOT RUN"), or because its condition was false ("SKIPPED").
NOT_RUN = "NOT RUN"
_NOT_RUN_STATUSES = frozenset({FAILURE, CANCELLED})


@dataclass
class ArtifactView:
    """One artifact of a task, with its file found in the run folder (if it is there)."""

    name: str  # the input/output name, e.g. "metrics"
    schema: str  # e.g. "system.Metrics"
    uri: str
    metadata: dict[str, Any]
    path: Path | None  # the local file or folder, None when it is missing


@dataclass
class TaskView:
    """A task as the report shows it: its record (if it ran), parameters and artifacts."""

    name: str
    path: str
    status: str
    record: TaskRecord | None
    input_params: dict[str, Any] = field(default_factory=dict)
    input_artifacts: list[ArtifactView] = field(default_factory=list)
    output_params: dict[str, Any] = field(default_factory=dict)
    output_artifacts: list[ArtifactView] = field(default_factory=list)


@dataclass
class RunView:
    """Everything the report needs, read from one run folder."""

    run: RunResult
    run_dir: Path
    compiled: CompiledPipeline | None
    tasks: list[TaskView]
    statuses: dict[str, str]  # spec task path ("prepare/scale", groups included) -> status text


def find_run_dir(result_or_run_dir: RunResult | str | Path) -> Path:
    """The run folder of a :class:`RunResult` or a path; a clear error if it is not one."""
    if isinstance(result_or_run_dir, RunResult):
        return Path(result_or_run_dir.run_dir)
    run_dir = Path(result_or_run_dir).expanduser()
    if not run_dir.exists():
        raise TutorialError("report_missing", path=run_dir)
    if run_dir.is_file():
        folder = run_dir.parent if run_dir.name == RUN_FILE else None
        raise TutorialError("report_file_given", path=run_dir, folder=folder or run_dir.parent)
    if not (run_dir / RUN_FILE).is_file():
        hint = ""
        if run_dir.is_dir():
            runs = sorted(
                (p for p in run_dir.iterdir() if (p / RUN_FILE).is_file()),
                key=lambda p: p.stat().st_mtime,
            )
            if runs:
                hint = t("report_latest_hint", latest=runs[-1])
        raise TutorialError("report_no_run", path=run_dir, hint=hint)
    return run_dir


def load_run_view(result_or_run_dir: RunResult | str | Path) -> RunView:
    """Read a run folder (or a fresh :class:`RunResult`) into what the report shows."""
    run_dir = find_run_dir(result_or_run_dir)
    if isinstance(result_or_run_dir, RunResult):
        run = result_or_run_dir
    else:
        run = read_run_json(run_dir / RUN_FILE)
    compiled = None
    spec_file = run_dir / "pipeline.yaml"
    if spec_file.is_file():
        try:
            compiled = load_compiled(spec_file.read_text(encoding="utf-8"))
            compiled.all_tasks()  # a spec without a DAG fails here, not halfway through
        except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, IndexError) as exc:
            raise TutorialError("report_bad_run", path=spec_file, error=exc) from exc
    tasks = _task_views(run, run_dir, compiled)
    return RunView(run, run_dir, compiled, tasks, _graph_statuses(run, compiled))


def _kind(value: Any) -> str:
    """The JSON type of a value, in the learner's language (for messages)."""
    if value is None:
        key = "null"
    elif isinstance(value, bool):
        key = "bool"
    elif isinstance(value, int | float):
        key = "number"
    elif isinstance(value, str):
        key = "string"
    elif isinstance(value, list):
        key = "list"
    else:
        key = "object"
    return t(f"report_json_{key}")


# Fields a run.json must have, and the defaults of the others (an older or a cancelled
# run may lack them). The types are checked, so a hand-edited file fails with a message.
_RUN_REQUIRED: dict[str, type] = {"pipeline": str, "status": str, "tasks": list}
_RUN_OPTIONAL: dict[str, tuple[type | tuple[type, ...], Any]] = {
    "arguments": (dict, {}),
    "outputs": (dict, {}),
    "seconds": ((int, float), 0.0),
    "run_dir": (str, ""),
    "ignored_settings": (dict, {}),
    "reason": (str, ""),
    "host": (str, ""),
    "run_id": (str, ""),
    "url": (str, ""),
    "experiment": (str, ""),
}
_TASK_REQUIRED: dict[str, type] = {"name": str, "status": str}
_TASK_OPTIONAL: dict[str, tuple[type | tuple[type, ...], Any]] = {
    "path": (str, None),  # None: the task's name
    "inputs": (dict, {}),
    "outputs": (dict, {}),
    "log": (str, ""),
    "seconds": ((int, float), 0.0),
    "started": ((int, float), 0.0),
}
_EXPECTED: dict[type | tuple[type, ...], str] = {
    str: "string",
    list: "list",
    dict: "object",
    (int, float): "number",
}


def _check_fields(
    data: dict[str, Any],
    required: dict[str, type],
    optional: dict[str, tuple[type | tuple[type, ...], Any]],
) -> tuple[dict[str, Any], str]:
    """The known fields of ``data`` with defaults filled in, and what is wrong ('' if nothing)."""
    values: dict[str, Any] = {}
    for name in required:
        if name not in data:
            return values, t("report_missing_field", field=name)
        values[name] = data[name]
    for name, (_, default) in optional.items():
        found = data.get(name)
        values[name] = copy.deepcopy(default) if found is None else found
    kinds = {**required, **{name: kind for name, (kind, _) in optional.items()}}
    for name, kind in kinds.items():
        value = values[name]
        if value is None and name in optional:
            continue  # an optional field whose default is "none given" (a task's path)
        if isinstance(value, bool) or not isinstance(value, kind):
            expected = t(f"report_json_{_EXPECTED[kind]}")
            return values, t("report_wrong_type", field=name, kind=_kind(value), expected=expected)
    return values, ""


def parse_run_data(data: Any, run_dir: Path) -> RunResult | str:
    """A :class:`RunResult` from the JSON of a ``run.json``, or what is wrong with it."""
    if not isinstance(data, dict):
        return t("report_not_object", kind=_kind(data))
    values, problem = _check_fields(data, _RUN_REQUIRED, _RUN_OPTIONAL)
    if problem:
        return problem
    tasks: list[TaskRecord] = []
    for index, item in enumerate(values["tasks"], start=1):
        if not isinstance(item, dict):
            return t("report_bad_task", index=index, problem=t("report_not_object", kind=_kind(item)))
        fields, problem = _check_fields(item, _TASK_REQUIRED, _TASK_OPTIONAL)
        if problem:
            return t("report_bad_task", index=index, problem=problem)
        fields["path"] = fields["path"] or fields["name"]
        fields["seconds"] = float(fields["seconds"])
        fields["started"] = float(fields["started"])
        tasks.append(TaskRecord(**fields))
    values["tasks"] = tasks
    values["seconds"] = float(values["seconds"])
    values["run_dir"] = values["run_dir"] or str(run_dir)
    return RunResult(**values)


def read_run_json(path: Path) -> RunResult:
    """Read a ``run.json``; a broken one is a :class:`TutorialError` saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problem = t("report_bad_json", line=exc.lineno, column=exc.colno, message=exc.msg)
        raise TutorialError("report_bad_run", path=path, error=problem) from exc
    except UnicodeDecodeError as exc:
        raise TutorialError("report_bad_run", path=path, error=t("report_bad_encoding")) from exc
    except OSError as exc:
        error = t("report_unreadable", error=exc.strerror or exc)
        raise TutorialError("report_bad_run", path=path, error=error) from exc
    result = parse_run_data(data, path.parent)
    if isinstance(result, str):
        raise TutorialError("report_bad_run", path=path, error=result)
    return result


def resolve_artifact_path(uri: str, run_dir: Path) -> Path | None:
    """The local file of an artifact URI; follows the run folder if it was moved."""
    if not uri or "://" in uri:
        return None
    path = Path(uri)
    if path.exists():
        return path
    parts = path.parts
    if run_dir.name in parts:
        moved = run_dir.joinpath(*parts[parts.index(run_dir.name) + 1 :])
        if moved.exists():
            return moved
    return None


def _is_artifact(value: Any) -> bool:
    return isinstance(value, dict) and "artifact" in value and "uri" in value


def split_values(values: dict[str, Any], run_dir: Path) -> tuple[dict[str, Any], list[ArtifactView]]:
    """Separate parameters from artifacts (single, or lists from ``dsl.Collected``)."""
    params: dict[str, Any] = {}
    artifacts: list[ArtifactView] = []
    for name, value in values.items():
        if _is_artifact(value):
            artifacts.append(_artifact_view(name, value, run_dir))
        elif isinstance(value, list) and value and all(_is_artifact(v) for v in value):
            for index, item in enumerate(value):
                artifacts.append(_artifact_view(f"{name}[{index}]", item, run_dir))
        else:
            params[name] = value
    return params, artifacts


def _artifact_view(name: str, value: dict[str, Any], run_dir: Path) -> ArtifactView:
    uri = str(value.get("uri") or "")
    return ArtifactView(
        name=name,
        schema=str(value.get("artifact") or "system.Artifact"),
        uri=uri,
        metadata=dict(value.get("metadata") or {}),
        path=resolve_artifact_path(str(value.get("path") or uri), run_dir),
    )


def _output_schemas(compiled: CompiledPipeline | None, task_name: str) -> dict[str, str]:
    """Output artifact name -> schema title, from the compiled spec."""
    if compiled is None:
        return {}
    task = compiled.all_tasks().get(task_name)
    if task is None:
        return {}
    artifacts = compiled.component(task).get("outputDefinitions", {}).get("artifacts", {})
    return {
        name: str(spec.get("artifactType", {}).get("schemaTitle", "system.Artifact"))
        for name, spec in artifacts.items()
    }


def _executor_artifacts(task_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Output artifacts a task wrote in its ``executor_output.json`` (empty if none)."""
    try:
        data = json.loads((task_dir / "executor_output.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {
        name: list(entry.get("artifacts", []))
        for name, entry in (data.get("artifacts") or {}).items()
        if isinstance(entry, dict)
    }


def _task_views(run: RunResult, run_dir: Path, compiled: CompiledPipeline | None) -> list[TaskView]:
    views: list[TaskView] = []
    for record in sorted(run.tasks, key=lambda r: r.started):
        input_params, input_artifacts = split_values(record.inputs, run_dir)
        output_params, output_artifacts = split_values(record.outputs, run_dir)
        # Fill in what run.json lacks (e.g. a failed task) from executor_output.json.
        known = {a.name for a in output_artifacts}
        schemas = _output_schemas(compiled, record.name)
        for name, entries in _executor_artifacts(run_dir / record.path).items():
            for entry in entries:
                if name in known:
                    for view in output_artifacts:
                        if view.name == name and not view.metadata:
                            view.metadata = dict(entry.get("metadata") or {})
                    continue
                value = {
                    "artifact": schemas.get(name, "system.Artifact"),
                    "uri": entry.get("uri", ""),
                    "metadata": entry.get("metadata") or {},
                }
                output_artifacts.append(_artifact_view(name, value, run_dir))
        views.append(
            TaskView(
                name=record.name,
                path=record.path,
                status=record.status,
                record=record,
                input_params=input_params,
                input_artifacts=input_artifacts,
                output_params=output_params,
                output_artifacts=output_artifacts,
            )
        )
    if compiled is not None:
        ran = {r.name for r in run.tasks}
        missing = _missing_status(run)
        for name, task in compiled.all_tasks().items():
            if name not in ran and group_kind(compiled, task) == "task":
                views.append(TaskView(name=name, path=name, status=missing, record=None))
    return views


def _missing_status(run: RunResult) -> str:
    """The status of a spec task with no record in this run."""
    return NOT_RUN if run.status in _NOT_RUN_STATUSES else "SKIPPED"


def _worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _SEVERITY.get(s, -1))


def _graph_statuses(run: RunResult, compiled: CompiledPipeline | None) -> dict[str, str]:
    """Status text per spec task, for :func:`kfp_tutorial.spec.graph.dag_svg`, keyed like
    its nodes: by the task's path from the root (``prepare/scale``).

    A task that ran in several loop iterations shows ``SUCCESS ×3``; a loop shows its
    iteration count; a group (loop, condition, exit handler) takes the worst status of
    the tasks inside it; a task that never ran is ``SKIPPED`` (``NOT RUN`` after a failure
    or a cancel).
    """
    by_name: dict[str, list[str]] = {}
    for record in run.tasks:
        by_name.setdefault(record.name, []).append(record.status)
    by_name_text: dict[str, str] = {}
    for name, found in by_name.items():
        worst = _worst(found)
        if len(found) == 1:
            by_name_text[name] = worst
        elif all(s == worst for s in found):
            by_name_text[name] = f"{worst} ×{len(found)}"
        else:
            by_name_text[name] = f"{worst} {sum(s == worst for s in found)}/{len(found)}"
    if compiled is None:
        return by_name_text
    missing = _missing_status(run)
    statuses: dict[str, str] = {}

    def visit(tasks: dict[str, Any], parent: str) -> list[str]:
        """Statuses of the leaf tasks under ``tasks``; sets group statuses on the way."""
        leaves: list[str] = []
        for name, task in tasks.items():
            node_id = parent + name
            kind = group_kind(compiled, task)
            if kind == "task":
                found = by_name.get(name, [])
                statuses[node_id] = by_name_text.get(name, missing)
                leaves.extend(found)
                continue
            inner = visit(compiled.component(task)["dag"].get("tasks", {}), node_id + "/")
            if not inner:
                statuses[node_id] = missing
                continue
            text = _worst(inner)
            if kind == "loop":
                prefix = f"{name}-iteration-"
                # a nested loop's iterations differ by the outer loops' too
                iterations = {
                    "/".join(parts[: index + 1])
                    for record in run.tasks
                    for parts in [record.path.split("/")]
                    for index, part in enumerate(parts)
                    if part.startswith(prefix)
                }
                if iterations:
                    text += f" ×{len(iterations)}"
            statuses[node_id] = text
            leaves.extend(inner)
        return leaves

    visit(compiled.root_tasks, "")
    return statuses


# ---------------------------------------------------------------------------
def all_metrics(view: RunView) -> list[tuple[str, str, str, Any]]:
    """Every scalar metric of the run: (task path, artifact, metric name, value)."""
    found = []
    for task in view.tasks:
        for artifact in task.output_artifacts:
            if artifact.schema == SCHEMA_METRICS:
                for name, value in sorted(artifact.metadata.items()):
                    if name != "display_name":
                        found.append((task.path, artifact.name, name, value))
    return found
