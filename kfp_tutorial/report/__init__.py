"""A local run's report: one self-contained HTML page laid out like the KFP UI's run view.

``kfp-tutorial run LESSON --report`` and ``kfp-tutorial report RUN_DIR`` write
``report.html`` into the run folder; :func:`show_report` shows the same view inline in
a notebook. The page has the sections of the KFP UI's run page:

* **Graph**: the DAG, each task coloured by its status (loops show their iterations);
* **Tasks**: every task's inputs, outputs and log (collapsible);
* **Visualizations**: HTML artifacts (sandboxed iframes), Markdown artifacts, metrics
  tables, confusion matrices and ROC curves, images;
* **Run output**: the pipeline's outputs and every scalar metric of the run;
* **Config**: the run's parameters and details.

Everything is read from the run folder (``run.json``, ``pipeline.yaml``, each task's
``executor_output.json`` and artifact files) and inlined: no CSS, script, font or image
is fetched from anywhere. It works for any pipeline run by :func:`run_local`, not only
the course's. Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import itertools
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.results import RunResult, TaskRecord, load_run
from kfp_tutorial.spec.compiler import CompiledPipeline, load_compiled
from kfp_tutorial.spec.graph import DEFAULT_COLORS, STATUS_COLORS, dag_svg, group_kind

REPORT_FILE = "report.html"
MAX_EMBED_BYTES = 10 * 1024 * 1024  # larger HTML/images are linked, not inlined
MAX_LOG_CHARS = 200_000
PREVIEW_BYTES = 1024

i18n.register_messages(
    {
        "report_title": {"en": "Run report: {pipeline}", "ko": "실행 리포트: {pipeline}"},
        "report_graph": {"en": "Graph", "ko": "그래프"},
        "report_tasks": {"en": "Tasks", "ko": "태스크"},
        "report_visualizations": {"en": "Visualizations", "ko": "시각화"},
        "report_run_output": {"en": "Run output", "ko": "실행 출력"},
        "report_config": {"en": "Config", "ko": "설정"},
        "report_inputs": {"en": "Inputs", "ko": "입력"},
        "report_outputs": {"en": "Outputs", "ko": "출력"},
        "report_logs": {"en": "Logs", "ko": "로그"},
        "report_no_inputs": {"en": "No inputs.", "ko": "입력이 없습니다."},
        "report_no_outputs": {"en": "No outputs.", "ko": "출력이 없습니다."},
        "report_no_log": {"en": "No log.", "ko": "로그가 없습니다."},
        "report_log_cut": {
            "en": "(log cut to its last {chars} characters)",
            "ko": "(로그가 길어 마지막 {chars}자만 표시합니다)",
        },
        "report_name": {"en": "Name", "ko": "이름"},
        "report_value": {"en": "Value", "ko": "값"},
        "report_type": {"en": "Type", "ko": "타입"},
        "report_default": {"en": "Default", "ko": "기본값"},
        "report_task": {"en": "Task", "ko": "태스크"},
        "report_status": {"en": "Status", "ko": "상태"},
        "report_duration": {"en": "Duration", "ko": "소요 시간"},
        "report_seconds": {"en": "{seconds:.2f} s", "ko": "{seconds:.2f}초"},
        "report_summary": {
            "en": "{seconds:.2f} s · {count} tasks",
            "ko": "{seconds:.2f}초 · 태스크 {count}개",
        },
        "report_artifact": {"en": "Artifact", "ko": "Artifact"},
        "report_metric": {"en": "Metric", "ko": "메트릭"},
        "report_uri": {"en": "URI", "ko": "URI"},
        "report_metadata": {"en": "Metadata", "ko": "메타데이터"},
        "report_content": {"en": "Content", "ko": "내용"},
        "report_missing_file": {
            "en": "no file here: the task did not write it, or the run folder was moved",
            "ko": "파일이 없습니다: 태스크가 쓰지 않았거나 실행 폴더를 옮겼습니다",
        },
        "report_see": {"en": "metadata only; shown in", "ko": "메타데이터만 있음. 표시 위치:"},
        "report_binary": {"en": "binary file, {size} bytes", "ko": "바이너리 파일, {size}바이트"},
        "report_file_size": {"en": "({size} bytes in all)", "ko": "(전체 {size}바이트)"},
        "report_folder": {
            "en": "folder with {count} entries:",
            "ko": "폴더, 항목 {count}개:",
        },
        "report_not_run": {
            "en": "This task did not run.",
            "ko": "이 태스크는 실행되지 않았습니다.",
        },
        "report_no_graph": {
            "en": "No pipeline.yaml in the run folder, so there is no graph.",
            "ko": "실행 폴더에 pipeline.yaml이 없어 그래프를 그릴 수 없습니다.",
        },
        "report_no_visualizations": {
            "en": "This run has no visualizations (no HTML, Markdown, Metrics, "
            "ClassificationMetrics or image artifacts).",
            "ko": "이 실행에는 시각화가 없습니다 (HTML, Markdown, Metrics, "
            "ClassificationMetrics, 이미지 Artifact가 없음).",
        },
        "report_pipeline_outputs": {"en": "Pipeline outputs", "ko": "Pipeline 출력"},
        "report_no_pipeline_outputs": {
            "en": "The pipeline returns nothing.",
            "ko": "이 Pipeline은 값을 반환하지 않습니다.",
        },
        "report_metrics": {"en": "Metrics", "ko": "메트릭"},
        "report_no_metrics": {"en": "No metrics in this run.", "ko": "이 실행에는 메트릭이 없습니다."},
        "report_confusion_matrix": {"en": "Confusion matrix", "ko": "혼동 행렬(Confusion matrix)"},
        "report_actual": {"en": "actual ↓ / predicted →", "ko": "실제 ↓ / 예측 →"},
        "report_roc": {"en": "ROC curve (AUC = {auc:.3f})", "ko": "ROC 곡선 (AUC = {auc:.3f})"},
        "report_fpr": {"en": "False positive rate", "ko": "거짓 양성 비율(FPR)"},
        "report_tpr": {"en": "True positive rate", "ko": "참 양성 비율(TPR)"},
        "report_too_big": {
            "en": "Too big to embed ({size} bytes): open {path}",
            "ko": "너무 커서 넣지 않았습니다 ({size}바이트): {path} 파일을 여세요",
        },
        "report_run_details": {"en": "Run details", "ko": "실행 정보"},
        "report_parameters": {"en": "Run parameters", "ko": "실행 매개변수"},
        "report_no_parameters": {
            "en": "The pipeline has no parameters.",
            "ko": "이 Pipeline에는 매개변수가 없습니다.",
        },
        "report_pipeline": {"en": "Pipeline", "ko": "Pipeline"},
        "report_description": {"en": "Description", "ko": "설명"},
        "report_started": {"en": "Started", "ko": "시작 시각"},
        "report_task_count": {"en": "Tasks run", "ko": "실행된 태스크 수"},
        "report_run_dir": {"en": "Run folder", "ko": "실행 폴더"},
        "report_ignored": {
            "en": "Settings the local runner ignored",
            "ko": "로컬 러너가 적용하지 않은 설정",
        },
        "report_generated": {
            "en": "Written by kfp-tutorial from the run folder; laid out like the KFP UI's run page.",
            "ko": "kfp-tutorial이 실행 폴더를 읽어 만든 리포트입니다. KFP UI의 실행(Run) 화면과 "
            "같은 구성입니다.",
        },
        "report_written": {"en": "Report: {path}", "ko": "리포트: {path}"},
        "report_no_run": {
            "en": "{path} is not a run folder: it has no run.json. Give the folder of one run, "
            "e.g. kfp-tutorial report kfp_runs/<pipeline>-<time>.{hint}",
            "ko": "{path}(은) 실행 폴더가 아닙니다: run.json이 없습니다. 실행 하나의 폴더를 "
            "지정하세요. 예: kfp-tutorial report kfp_runs/<pipeline>-<시각>.{hint}",
        },
        "report_latest_hint": {
            "en": " The latest run in it is {latest}.",
            "ko": " 이 폴더의 가장 최근 실행: {latest}",
        },
        "report_bad_run": {
            "en": "Could not read {path}: {error}. Run the pipeline again to write a new run folder.",
            "ko": "{path} 파일을 읽지 못했습니다: {error}. Pipeline을 다시 실행해 새 실행 폴더를 "
            "만드세요.",
        },
    }
)

_SCHEMA_HTML = "system.HTML"
_SCHEMA_MARKDOWN = "system.Markdown"
_SCHEMA_METRICS = "system.Metrics"
_SCHEMA_CLASSIFICATION = "system.ClassificationMetrics"
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
_SEVERITY = {"FAILURE": 3, "RUNNING": 2, "SUCCESS": 1, "CACHED": 0}
_frame_counter = itertools.count()


# ---------------------------------------------------------------------------
# Reading a run folder


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
    statuses: dict[str, str]  # spec task name (groups included) -> status text


def find_run_dir(result_or_run_dir: RunResult | str | Path) -> Path:
    """The run folder of a :class:`RunResult` or a path; a clear error if it is not one."""
    if isinstance(result_or_run_dir, RunResult):
        return Path(result_or_run_dir.run_dir)
    run_dir = Path(result_or_run_dir).expanduser()
    if not (run_dir / "run.json").is_file():
        hint = ""
        if run_dir.is_dir():
            runs = sorted(
                (p for p in run_dir.iterdir() if (p / "run.json").is_file()),
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
        try:
            run = load_run(run_dir)
        except (json.JSONDecodeError, TypeError, KeyError, OSError) as exc:
            raise TutorialError("report_bad_run", path=run_dir / "run.json", error=exc) from exc
    compiled = None
    spec_file = run_dir / "pipeline.yaml"
    if spec_file.is_file():
        compiled = load_compiled(spec_file.read_text(encoding="utf-8"))
    tasks = _task_views(run, run_dir, compiled)
    return RunView(run, run_dir, compiled, tasks, _graph_statuses(run, compiled))


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


def _split(values: dict[str, Any], run_dir: Path) -> tuple[dict[str, Any], list[ArtifactView]]:
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
        input_params, input_artifacts = _split(record.inputs, run_dir)
        output_params, output_artifacts = _split(record.outputs, run_dir)
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
        missing = "NOT RUN" if run.status == "FAILURE" else "SKIPPED"
        for name, task in compiled.all_tasks().items():
            if name not in ran and group_kind(compiled, task) == "task":
                views.append(TaskView(name=name, path=name, status=missing, record=None))
    return views


def _worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _SEVERITY.get(s, -1))


def _graph_statuses(run: RunResult, compiled: CompiledPipeline | None) -> dict[str, str]:
    """Status text per spec task, for :func:`kfp_tutorial.spec.graph.dag_svg`.

    A task that ran in several loop iterations shows ``SUCCESS ×3``; a loop shows its
    iteration count; a group (loop, condition, exit handler) takes the worst status of
    the tasks inside it; a task that never ran is ``SKIPPED`` (``NOT RUN`` after a failure).
    """
    by_name: dict[str, list[str]] = {}
    for record in run.tasks:
        by_name.setdefault(record.name, []).append(record.status)
    statuses: dict[str, str] = {}
    for name, found in by_name.items():
        worst = _worst(found)
        if len(found) == 1:
            statuses[name] = worst
        elif all(s == worst for s in found):
            statuses[name] = f"{worst} ×{len(found)}"
        else:
            statuses[name] = f"{worst} {sum(s == worst for s in found)}/{len(found)}"
    if compiled is None:
        return statuses
    missing = "NOT RUN" if run.status == "FAILURE" else "SKIPPED"

    def visit(tasks: dict[str, Any]) -> list[str]:
        """Statuses of the leaf tasks under ``tasks``; sets group statuses on the way."""
        leaves: list[str] = []
        for name, task in tasks.items():
            kind = group_kind(compiled, task)
            if kind == "task":
                found = by_name.get(name, [])
                if not found:
                    statuses[name] = missing
                leaves.extend(found)
                continue
            inner = visit(compiled.component(task)["dag"].get("tasks", {}))
            if not inner:
                statuses[name] = missing
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
            statuses[name] = text
            leaves.extend(inner)
        return leaves

    visit(compiled.root_tasks)
    return statuses


# ---------------------------------------------------------------------------
# Small HTML helpers


def _e(value: Any) -> str:
    """Escape text for HTML. Newlines become ``&#10;`` so the whole report is one line:
    Markdown (a notebook page on the docs site) cannot split it at a blank line."""
    return html.escape(str(value), quote=True).replace("\n", "&#10;")


def _shown(path: str | Path) -> str:
    """A path relative to the working folder when it is inside it (shorter, and the same
    on every machine), else as it is."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _relative_text(text: str) -> str:
    """Paths under the working folder made relative, as :func:`_shown` does for one path
    (task logs repeat the artifacts' absolute URIs)."""
    cwd = str(Path.cwd().resolve())
    return text.replace(cwd + os.sep, "") if len(cwd) > 1 else text


def _fmt(value: Any) -> str:
    """A value as the tables show it: numbers short, lists and dicts as JSON."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _value_cell(value: Any) -> str:
    exact = json.dumps(value, ensure_ascii=False)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    cls = "value num" if number else "value"
    return f'<td class="{cls}" data-value="{_e(exact)}">{_e(_fmt(value))}</td>'


def _badge(status: str) -> str:
    fill, stroke = STATUS_COLORS.get(status.split(" ")[0], DEFAULT_COLORS)
    return (
        f'<span class="badge" data-status="{_e(status)}" '
        f'style="background:{fill};color:{stroke};border-color:{stroke}">{_e(status)}</span>'
    )


def _table(headers: list[str], rows: list[str], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    class_attr = f' class="{cls}"' if cls else ""
    return f"<table{class_attr}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _params_table(params: dict[str, Any]) -> str:
    rows = [f"<tr><td>{_e(name)}</td>{_value_cell(value)}</tr>" for name, value in params.items()]
    return _table([t("report_name"), t("report_value")], rows, "params")


# ---------------------------------------------------------------------------
# Artifacts: previews for the task panels, visualizations


def _image_type(head: bytes) -> str | None:
    for magic, mime in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return mime
    stripped = head.lstrip()
    if stripped.startswith(b"<svg") or (stripped.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def _read_head(path: Path, size: int = PREVIEW_BYTES) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def _preview(artifact: ArtifactView, prefix: str) -> str:
    """What the task panel shows of an artifact's content: text, a folder listing, a size."""
    path = artifact.path
    if artifact.schema in (_SCHEMA_METRICS, _SCHEMA_CLASSIFICATION) and path is None:
        # metrics live in the artifact's metadata; there is no file to show
        link = f'<a href="#{prefix}visualizations">{_e(t("report_visualizations"))}</a>'
        return f'<span class="muted">{_e(t("report_see"))}</span> {link}'
    if path is None:
        if "://" in artifact.uri:
            return ""
        return f'<span class="muted">{_e(t("report_missing_file"))}</span>'
    if path.is_dir():
        entries = sorted(path.iterdir())
        listing = "\n".join(
            f"{p.name}{'/' if p.is_dir() else ''}  {p.stat().st_size if p.is_file() else ''}"
            for p in entries[:30]
        )
        more = f"\n… +{len(entries) - 30}" if len(entries) > 30 else ""
        return f"{_e(t('report_folder', count=len(entries)))}<pre>{_e(listing + more)}</pre>"
    size = path.stat().st_size
    head = _read_head(path)
    if _image_type(head) and not head.lstrip().startswith(b"<"):
        return f'<span class="muted">{_e(t("report_binary", size=size))}</span>'
    if b"\x00" in head:
        return f'<span class="muted">{_e(t("report_binary", size=size))}</span>'
    text = head.decode("utf-8", errors="replace")
    if size > len(head):
        text += "\n… " + t("report_file_size", size=size)
    return f"<pre>{_e(text)}</pre>"


def _artifacts_table(artifacts: list[ArtifactView], prefix: str, preview: bool = True) -> str:
    rows = []
    for a in artifacts:
        metadata = _relative_text(json.dumps(a.metadata, ensure_ascii=False)) if a.metadata else ""
        if len(metadata) > 600:
            metadata = metadata[:600] + "…"
        rows.append(
            f'<tr data-artifact="{_e(a.name)}"><td>{_e(a.name)}</td><td>{_e(a.schema)}</td>'
            f"<td><code>{_e(a.uri if '://' in a.uri else _shown(a.uri))}</code>"
            + (f"<br><small>{_e(metadata)}</small>" if metadata else "")
            + (f"</td><td>{_preview(a, prefix)}</td></tr>" if preview else "</td></tr>")
        )
    headers = [t("report_artifact"), t("report_type"), t("report_uri")]
    return _table(headers + ([t("report_content")] if preview else []), rows, "artifacts")


def _metrics_table(metadata: dict[str, Any]) -> str:
    rows = [
        f'<tr data-metric="{_e(name)}"><td>{_e(name)}</td>{_value_cell(value)}</tr>'
        for name, value in sorted(metadata.items())
        if name != "display_name"
    ]
    return _table([t("report_metric"), t("report_value")], rows, "metrics")


def _count(value: Any) -> str:
    """A confusion-matrix cell: counts arrive as floats (52.0) from the metadata store."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _fmt(value)


def confusion_matrix_html(metadata: dict[str, Any]) -> str:
    """A confusion matrix from ``ClassificationMetrics`` metadata, as a heat-map table."""
    matrix = metadata.get("confusionMatrix") or {}
    labels = [
        str(spec.get("displayName", i)) for i, spec in enumerate(matrix.get("annotationSpecs", []))
    ]
    rows = [list(row.get("row", [])) for row in matrix.get("rows", [])]
    if not rows:
        return ""
    peak = max((v for row in rows for v in row), default=0) or 1
    head = f"<th>{_e(t('report_actual'))}</th>" + "".join(f"<th>{_e(label)}</th>" for label in labels)
    body = []
    for i, row in enumerate(rows):
        cells = []
        for value in row:
            alpha = float(value) / peak
            color = "#ffffff" if alpha > 0.55 else "#202124"
            cells.append(
                f'<td class="num" data-value="{_e(json.dumps(value))}" '
                f'style="background:rgba(26,115,232,{alpha:.3f});color:{color}">{_e(_count(value))}</td>'
            )
        label = labels[i] if i < len(labels) else str(i)
        body.append(f"<tr><th>{_e(label)}</th>{''.join(cells)}</tr>")
    return (
        f'<div class="cm"><h4>{_e(t("report_confusion_matrix"))}</h4>'
        f'<table class="confusion-matrix"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def roc_auc(points: list[tuple[float, float]]) -> float:
    """Area under an ROC curve given as (false positive rate, true positive rate) points."""
    ordered = sorted(points)
    return sum((x2 - x1) * (y1 + y2) / 2 for (x1, y1), (x2, y2) in itertools.pairwise(ordered))


def roc_svg(metadata: dict[str, Any]) -> str:
    """An ROC curve from ``ClassificationMetrics`` metadata (``confidenceMetrics``), as SVG."""
    raw = metadata.get("confidenceMetrics") or []
    points = []
    for item in raw:
        fpr = item.get("falsePositiveRate")
        tpr = item.get("recall", item.get("truePositiveRate"))
        if isinstance(fpr, int | float) and isinstance(tpr, int | float):
            points.append((float(fpr), float(tpr), item.get("confidenceThreshold")))
    if not points:
        return ""
    width, height, left, right, top, bottom = 380, 330, 52, 16, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(v: float) -> float:
        return left + v * plot_w

    def sy(v: float) -> float:
        return top + (1 - v) * plot_h

    auc = roc_auc([(x, y) for x, y, _ in points])
    title = t("report_roc", auc=auc)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="roc-curve" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-size="11" '
        f'font-family="Roboto, Helvetica, Arial, sans-serif" data-auc="{auc:.6f}">'
        f"<title>{_e(title)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#5f6368"/>',
    ]
    grid = 'stroke="#e8eaed"'
    for i in range(6):
        v = i / 5
        parts.append(
            f'<line x1="{sx(v):.1f}" y1="{top}" x2="{sx(v):.1f}" y2="{top + plot_h}" {grid}/>'
            f'<line x1="{left}" y1="{sy(v):.1f}" x2="{left + plot_w}" y2="{sy(v):.1f}" {grid}/>'
            f'<text x="{sx(v):.1f}" y="{top + plot_h + 14}" text-anchor="middle">{v:.1f}</text>'
            f'<text x="{left - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>'
        )
    parts.append(
        f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(1)}" y2="{sy(1)}" stroke="#9aa0a6" '
        'stroke-dasharray="5 4"/>'
    )
    ordered = sorted(points, key=lambda p: (p[0], p[1]))
    line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in ordered)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#1a73e8" stroke-width="2"/>')
    for x, y, threshold in ordered:
        tip = f"FPR {x:.3f}, TPR {y:.3f}" + (
            f", threshold {threshold:.3f}" if isinstance(threshold, int | float) else ""
        )
        parts.append(
            f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.6" fill="#1a73e8">'
            f"<title>{_e(tip)}</title></circle>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" font-size="12">'
        f"{_e(t('report_fpr'))}</text>"
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" '
        f'font-size="12">{_e(t("report_tpr"))}</text>'
        f'<text x="{left + plot_w - 8}" y="{top + plot_h - 10}" text-anchor="end" font-size="12" '
        f'fill="#1a73e8">AUC = {auc:.3f}</text>'
    )
    parts.append("</svg>")
    return f'<div class="roc"><h4>{_e(title)}</h4>{"".join(parts)}</div>'


_FRAME_SCRIPT = (
    "<script>(function(){{function s(){{parent.postMessage({{kfpReportFrame:{frame},"
    "height:document.documentElement.scrollHeight}},'*')}}"
    "window.addEventListener('load',s);setTimeout(s,250)}})()</script>"
)

_FRAME_STYLE = "<style>img,svg,canvas{max-width:100%;height:auto}</style>"

_PARENT_SCRIPT = (
    "<script>window.addEventListener('message',function(e){var d=e.data;"
    "if(!d||typeof d.kfpReportFrame!=='string')return;"
    "var f=document.getElementById(d.kfpReportFrame);"
    "if(f&&f.contentWindow===e.source){f.style.height=Math.min(Math.max(d.height+24,120),2400)+'px';}"
    "});</script>"
)


def html_frame(content: str, frame_id: str) -> str:
    """An HTML artifact in a sandboxed iframe (scripts allowed, no access to the report),
    as the KFP UI shows it; it asks the report to grow to its height."""
    # Images shrink to the frame's width instead of being cut off (a narrow notebook or
    # docs column); their pixels are untouched.
    doc = _FRAME_STYLE + content + _FRAME_SCRIPT.format(frame=json.dumps(frame_id))
    return (
        f'<iframe id="{_e(frame_id)}" class="html-artifact" sandbox="allow-scripts" '
        f'srcdoc="{_e(doc)}" title="{_e(frame_id)}"></iframe>'
    )


_UNSAFE_URL = re.compile(r'(href|src)\s*=\s*"\s*(javascript|vbscript|data:text/html)[^"]*"', re.I)


def render_markdown(text: str) -> str:
    """Markdown to HTML for a Markdown artifact; raw HTML in it is shown, not run."""
    import markdown

    converter = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return _UNSAFE_URL.sub(r'\1="#"', converter.convert(text)).replace("\n", "&#10;")


def _too_big(path: Path) -> str:
    return f'<p class="muted">{_e(t("report_too_big", size=path.stat().st_size, path=_shown(path)))}</p>'


def _visualization(task: TaskView, artifact: ArtifactView, frame_prefix: str) -> str:
    """The visualization of one artifact, or '' if it has none."""
    body = ""
    path = artifact.path
    if artifact.schema == _SCHEMA_METRICS and artifact.metadata:
        body = _metrics_table(artifact.metadata)
    elif artifact.schema == _SCHEMA_CLASSIFICATION:
        body = confusion_matrix_html(artifact.metadata) + roc_svg(artifact.metadata)
        if body:
            body = f'<div class="classification">{body}</div>'
    elif artifact.schema == _SCHEMA_HTML and path is not None and path.is_file():
        if path.stat().st_size > MAX_EMBED_BYTES:
            body = _too_big(path)
        else:
            frame_id = f"{frame_prefix}frame-{next(_frame_counter)}"
            body = html_frame(path.read_text(encoding="utf-8", errors="replace"), frame_id)
    elif artifact.schema == _SCHEMA_MARKDOWN and path is not None and path.is_file():
        if path.stat().st_size > MAX_EMBED_BYTES:
            body = _too_big(path)
        else:
            body = f'<div class="markdown">{render_markdown(path.read_text(encoding="utf-8"))}</div>'
    elif path is not None and path.is_file():
        mime = _image_type(_read_head(path))
        if mime:
            if path.stat().st_size > MAX_EMBED_BYTES:
                body = _too_big(path)
            else:
                data = base64.b64encode(path.read_bytes()).decode("ascii")
                body = f'<img alt="{_e(artifact.name)}" src="data:{mime};base64,{data}">'
    if not body:
        return ""
    return (
        f'<div class="viz" data-task="{_e(task.path)}" data-artifact="{_e(artifact.name)}" '
        f'data-schema="{_e(artifact.schema)}"><div class="viz-title"><strong>{_e(task.path)}</strong>'
        f' · {_e(artifact.name)} <span class="muted">({_e(artifact.schema)})</span></div>{body}</div>'
    )


# ---------------------------------------------------------------------------
# Sections


def _section(prefix: str, key: str, title_key: str, body: str) -> str:
    return (
        f'<section id="{prefix}{key}" data-section="{key}"><h2>{_e(t(title_key))}</h2>{body}</section>'
    )


def _graph_section(view: RunView) -> str:
    if view.compiled is None:
        return f'<p class="muted">{_e(t("report_no_graph"))}</p>'
    return f'<div class="graph">{dag_svg(view.compiled, view.statuses)}</div>'


def _tasks_section(view: RunView, prefix: str) -> str:
    rows = []
    for task in view.tasks:
        record = task.record
        seconds = t("report_seconds", seconds=record.seconds) if record else "-"
        if record is None:
            inner = f'<p class="muted">{_e(t("report_not_run"))}</p>'
        else:
            inputs = ""
            if task.input_params:
                inputs += _params_table(task.input_params)
            if task.input_artifacts:
                inputs += _artifacts_table(task.input_artifacts, prefix, preview=False)
            outputs = ""
            if task.output_params:
                outputs += _params_table(task.output_params)
            if task.output_artifacts:
                outputs += _artifacts_table(task.output_artifacts, prefix)
            log = _relative_text(record.log.strip())
            cut = ""
            if len(log) > MAX_LOG_CHARS:
                log = log[-MAX_LOG_CHARS:]
                cut = f'<p class="muted">{_e(t("report_log_cut", chars=MAX_LOG_CHARS))}</p>'
            inner = (
                f"<h4>{_e(t('report_inputs'))}</h4>"
                + (inputs or f'<p class="muted">{_e(t("report_no_inputs"))}</p>')
                + f"<h4>{_e(t('report_outputs'))}</h4>"
                + (outputs or f'<p class="muted">{_e(t("report_no_outputs"))}</p>')
                + f'<details class="log"><summary>{_e(t("report_logs"))}</summary>{cut}'
                + (f"<pre>{_e(log)}</pre>" if log else f'<p class="muted">{_e(t("report_no_log"))}</p>')
                + "</details>"
            )
        rows.append(
            f'<details class="task" data-task="{_e(task.path)}" data-status="{_e(task.status)}">'
            f"<summary>{_badge(task.status)} <strong>{_e(task.path)}</strong> "
            f'<span class="muted">{_e(seconds)}</span></summary>{inner}</details>'
        )
    return "".join(rows)


def _visualizations_section(view: RunView, prefix: str) -> str:
    parts = [
        _visualization(task, artifact, prefix)
        for task in view.tasks
        for artifact in task.output_artifacts
    ]
    parts = [p for p in parts if p]
    return "".join(parts) or f'<p class="muted">{_e(t("report_no_visualizations"))}</p>'


def all_metrics(view: RunView) -> list[tuple[str, str, str, Any]]:
    """Every scalar metric of the run: (task path, artifact, metric name, value)."""
    found = []
    for task in view.tasks:
        for artifact in task.output_artifacts:
            if artifact.schema == _SCHEMA_METRICS:
                for name, value in sorted(artifact.metadata.items()):
                    if name != "display_name":
                        found.append((task.path, artifact.name, name, value))
    return found


def _run_output_section(view: RunView) -> str:
    outputs = view.run.outputs
    params, artifacts = _split(outputs, view.run_dir)
    body = f"<h3>{_e(t('report_pipeline_outputs'))}</h3>"
    if params:
        body += _params_table(params)
    if artifacts:
        body += _artifacts_table(artifacts, "")
    if not outputs:
        body += f'<p class="muted">{_e(t("report_no_pipeline_outputs"))}</p>'
    body += f"<h3>{_e(t('report_metrics'))}</h3>"
    metrics = all_metrics(view)
    if metrics:
        rows = [
            f'<tr data-metric="{_e(name)}"><td>{_e(path)}</td><td>{_e(artifact)}</td>'
            f"<td>{_e(name)}</td>{_value_cell(value)}</tr>"
            for path, artifact, name, value in metrics
        ]
        body += _table(
            [t("report_task"), t("report_artifact"), t("report_metric"), t("report_value")],
            rows,
            "run-metrics",
        )
    else:
        body += f'<p class="muted">{_e(t("report_no_metrics"))}</p>'
    return body


_TYPE_NAMES = {
    "NUMBER_DOUBLE": "float",
    "NUMBER_INTEGER": "int",
    "STRING": "str",
    "BOOLEAN": "bool",
    "LIST": "list",
    "STRUCT": "dict",
}


def _config_section(view: RunView) -> str:
    run = view.run
    info = view.compiled.spec.get("pipelineInfo", {}) if view.compiled else {}
    started = min((r.started for r in run.tasks), default=0.0)
    details = [
        (t("report_pipeline"), run.pipeline),
        (t("report_description"), info.get("description", "")),
        (t("report_status"), None),
        (
            t("report_started"),
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)) if started else "-",
        ),
        (t("report_duration"), t("report_seconds", seconds=run.seconds)),
        (t("report_task_count"), str(len(run.tasks))),
        (t("report_run_dir"), _shown(view.run_dir)),
    ]
    rows = [
        f"<tr><th>{_e(k)}</th><td>{_badge(run.status) if v is None else _e(v)}</td></tr>"
        for k, v in details
    ]
    body = f"<h3>{_e(t('report_run_details'))}</h3>"
    body += f'<table class="details"><tbody>{"".join(rows)}</tbody></table>'
    declared: dict[str, Any] = {}
    if view.compiled is not None:
        declared = view.compiled.spec.get("root", {}).get("inputDefinitions", {}).get("parameters", {})
    names = list(dict.fromkeys([*declared, *run.arguments]))
    body += f"<h3>{_e(t('report_parameters'))}</h3>"
    if names:
        param_rows = []
        for name in names:
            spec = declared.get(name, {})
            value = run.arguments.get(name, spec.get("defaultValue"))
            default = spec.get("defaultValue", "")
            kind = str(spec.get("parameterType", ""))
            if kind == "NUMBER_INTEGER" and isinstance(default, float) and default.is_integer():
                default = int(default)  # the spec stores every number as a float
            shown_default = _fmt(default) if "defaultValue" in spec else ""
            param_rows.append(
                f'<tr data-param="{_e(name)}"><td>{_e(name)}</td>{_value_cell(value)}'
                f"<td>{_e(_TYPE_NAMES.get(kind, kind))}</td><td>{_e(shown_default)}</td></tr>"
            )
        body += _table(
            [t("report_name"), t("report_value"), t("report_type"), t("report_default")],
            param_rows,
            "parameters",
        )
    else:
        body += f'<p class="muted">{_e(t("report_no_parameters"))}</p>'
    if run.ignored_settings:
        ignored = [
            f"<tr><td>{_e(task)}</td><td>{_e(', '.join(settings))}</td></tr>"
            for task, settings in run.ignored_settings.items()
        ]
        body += f"<h3>{_e(t('report_ignored'))}</h3>" + _table(
            [t("report_task"), t("report_config")], ignored
        )
    return body


_CSS = """
.kfp-report{font-family:Roboto,"Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",Helvetica,Arial,
sans-serif;color:#202124;line-height:1.45;font-size:14px;max-width:1120px;margin:0 auto}
.kfp-report h1{font-size:22px;margin:6px 0 4px}
.kfp-report h2{font-size:18px;border-bottom:1px solid #dadce0;padding-bottom:4px;margin:28px 0 10px}
.kfp-report h3{font-size:15px;margin:16px 0 6px}
.kfp-report h4{font-size:13px;margin:10px 0 4px;color:#3c4043}
.kfp-report nav{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #dadce0;
z-index:1}
.kfp-report nav a{margin-right:16px;color:#1a73e8;text-decoration:none;font-weight:500}
.kfp-report table{border-collapse:collapse;margin:4px 0 10px}
.kfp-report th,.kfp-report td{border:1px solid #dadce0;padding:4px 8px;text-align:left;
vertical-align:top}
.kfp-report thead th{background:#f1f3f4}
.kfp-report td.num{text-align:right;font-variant-numeric:tabular-nums}
.kfp-report table.details th{background:#f8f9fa;font-weight:500}
.kfp-report .badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;
border:1px solid;white-space:nowrap}
.kfp-report pre{background:#f8f9fa;border:1px solid #dadce0;padding:8px;overflow:auto;max-height:420px;
font-size:12px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.kfp-report table.artifacts{width:100%;table-layout:fixed}
.kfp-report table.artifacts th:nth-child(1),.kfp-report table.artifacts th:nth-child(2){width:13%}
.kfp-report table.artifacts pre{max-height:160px}
.kfp-report details{display:block;background:none;box-shadow:none;font-size:inherit;overflow:visible;
border:none;margin:0;padding:0}
.kfp-report summary,[dir] .kfp-report summary{display:list-item;background:none;border:none;
font-weight:normal;margin:0;padding:4px 0;cursor:pointer;min-height:0}
.kfp-report summary::before,.kfp-report summary::after{content:none;display:none}
.kfp-report details.task{border:1px solid #dadce0;border-radius:6px;margin:6px 0;padding:2px 10px}
.kfp-report details.log>summary{color:#1a73e8}
.kfp-report .graph{text-align:center;overflow-x:auto;border:1px solid #dadce0;border-radius:6px;
padding:8px;background:#fff}
.kfp-report .viz{border:1px solid #dadce0;border-radius:6px;padding:8px 12px;margin:10px 0}
.kfp-report .viz-title{margin-bottom:6px}
.kfp-report .classification{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.kfp-report iframe.html-artifact{width:100%;height:460px;border:1px solid #dadce0;border-radius:4px;
resize:vertical;background:#fff}
.kfp-report .viz img{max-width:100%}
.kfp-report .muted{color:#5f6368}
.kfp-report code{font-size:12px;word-break:break-all}
.kfp-report footer{margin:32px 0 8px;color:#5f6368;font-size:12px}
"""


def render_fragment(result_or_run_dir: RunResult | str | Path, id_prefix: str = "") -> str:
    """The report's body (scoped styles included), for a page or a notebook cell."""
    view = load_run_view(result_or_run_dir)
    run = view.run
    sections = [
        ("graph", "report_graph", _graph_section(view)),
        ("tasks", "report_tasks", _tasks_section(view, id_prefix)),
        ("visualizations", "report_visualizations", _visualizations_section(view, id_prefix)),
        ("run-output", "report_run_output", _run_output_section(view)),
        ("config", "report_config", _config_section(view)),
    ]
    nav = "".join(f'<a href="#{id_prefix}{key}">{_e(t(title))}</a>' for key, title, _ in sections)
    body = "".join(_section(id_prefix, key, title, content) for key, title, content in sections)
    return (
        f'<div class="kfp-report" data-pipeline="{_e(run.pipeline)}" data-status="{_e(run.status)}">'
        f"<style>{_CSS.replace(chr(10), '')}</style>"
        f"<h1>{_e(t('report_title', pipeline=run.pipeline))} {_badge(run.status)}</h1>"
        f'<div class="muted">{_e(t("report_summary", seconds=run.seconds, count=len(run.tasks)))} · '
        f"<code>{_e(_shown(view.run_dir))}</code></div>"
        f"<nav>{nav}</nav>{body}<footer>{_e(t('report_generated'))}</footer>{_PARENT_SCRIPT}</div>"
    )


def render_report(result_or_run_dir: RunResult | str | Path, lang: str | None = None) -> str:
    """The whole report as one self-contained HTML document (in ``lang``, or the current one)."""
    with _language(lang):
        fragment = render_fragment(result_or_run_dir)
        view_title = t("report_title", pipeline=_pipeline_name(result_or_run_dir))
        page_lang = i18n.get_lang()
    return (
        f'<!DOCTYPE html><html lang="{page_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{_e(view_title)}</title></head>"
        f'<body style="margin:16px;background:#fff">{fragment}</body></html>'
    )


def _pipeline_name(result_or_run_dir: RunResult | str | Path) -> str:
    if isinstance(result_or_run_dir, RunResult):
        return result_or_run_dir.pipeline
    try:
        data = json.loads((Path(result_or_run_dir) / "run.json").read_text(encoding="utf-8"))
        return str(data.get("pipeline", ""))
    except (OSError, json.JSONDecodeError):
        return ""


class _language:
    """Use ``lang`` for messages inside the block, then restore the previous language."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang
        self.previous: str | None = None

    def __enter__(self) -> None:
        if self.lang is not None:
            self.previous = i18n.get_lang()
            i18n.set_lang(self.lang)

    def __exit__(self, *exc: object) -> None:
        if self.lang is not None:
            i18n.set_lang(self.previous)


def write_report(
    result_or_run_dir: RunResult | str | Path,
    lang: str | None = None,
    output: str | Path | None = None,
) -> Path:
    """Write the report (``report.html`` in the run folder unless ``output``); returns its path."""
    run_dir = find_run_dir(result_or_run_dir)
    path = Path(output) if output else run_dir / REPORT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(result_or_run_dir, lang), encoding="utf-8")
    return path


def show_report(result_or_run_dir: RunResult | str | Path, lang: str | None = None) -> Any:
    """The report inline in a notebook: an ``IPython.display.HTML`` of the same view."""
    from IPython.display import HTML

    run_dir = find_run_dir(result_or_run_dir)
    prefix = "kfp-" + hashlib.sha1(str(run_dir.resolve()).encode()).hexdigest()[:8] + "-"
    with _language(lang):
        return HTML(render_fragment(result_or_run_dir, id_prefix=prefix))


# ---------------------------------------------------------------------------
# Command line: `kfp-tutorial report RUN_DIR` and `kfp-tutorial run ... --report`


def cmd_report(args: argparse.Namespace) -> int:
    """``kfp-tutorial report RUN_DIR``: write the run's HTML report and say where."""
    path = write_report(args.run_dir, output=args.output)
    print(t("report_written", path=path))
    return 0


def _report_after_run(args: argparse.Namespace, result: RunResult) -> None:
    if getattr(args, "report", False):
        print(t("report_written", path=write_report(result)))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``report`` to the CLI and ``--report`` to ``run``."""
    from kfp_tutorial import cli

    p_report = sub.add_parser(
        "report", help="write an HTML report of a local run, laid out like the KFP UI's run page"
    )
    p_report.add_argument("run_dir", help="a run folder, e.g. kfp_runs/calculation-2026-...")
    p_report.add_argument(
        "-o", "--output", default=None, help="where to write (default: RUN_DIR/report.html)"
    )
    p_report.add_argument(
        "--lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help="language of the report"
    )
    p_report.set_defaults(func=cmd_report)
    run_parser = sub.choices.get("run")
    if run_parser is not None:
        run_parser.add_argument(
            "--report", action="store_true", help="write report.html into each run folder"
        )
    if _report_after_run not in cli.RUN_HOOKS:
        cli.RUN_HOOKS.append(_report_after_run)
