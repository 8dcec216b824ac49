"""Render a run folder's report: the page, the notebook fragment, and writing the file.

:func:`render_report` gives one self-contained HTML document (CSS inlined from
``report.css``, images as ``data:`` URIs, nothing fetched); :func:`render_fragment` its
body for a notebook cell (:func:`show_report`). The HTML comes from the templates in
``templates/`` (see :mod:`kfp_tutorial.report.templating`: autoescaping on); this module
only decides what to show. An HTML artifact runs in a sandboxed iframe (``srcdoc``,
escaped); a Markdown artifact is rendered with raw HTML shown as text, then cleaned
against an allow-list (:mod:`kfp_tutorial.report.sanitize`).
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.report import messages as _messages  # noqa: F401  (registers the texts)
from kfp_tutorial.report.charts import confusion_matrix_html, fmt, roc_svg
from kfp_tutorial.report.model import (
    SCHEMA_CLASSIFICATION,
    SCHEMA_HTML,
    SCHEMA_MARKDOWN,
    SCHEMA_METRICS,
    ArtifactView,
    RunView,
    TaskView,
    all_metrics,
    find_run_dir,
    load_run_view,
    split_values,
)
from kfp_tutorial.report.sanitize import clean_html
from kfp_tutorial.report.templating import environment, render, report_css
from kfp_tutorial.results import CANCELLED, FAILURE, SUCCESS, RunResult, TaskRecord
from kfp_tutorial.spec.graph import DEFAULT_COLORS, STATUS_COLORS, dag_svg
from kfp_tutorial.spec.layout import LayoutError
from kfp_tutorial.versions import LANGS

REPORT_FILE = "report.html"
MAX_EMBED_BYTES = 10 * 1024 * 1024  # larger HTML/images are linked, not inlined
MAX_LOG_CHARS = 200_000
PREVIEW_BYTES = 1024

_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
_TYPE_NAMES = {
    "NUMBER_DOUBLE": "float",
    "NUMBER_INTEGER": "int",
    "STRING": "str",
    "BOOLEAN": "bool",
    "LIST": "list",
    "STRUCT": "dict",
}
_frame_counter = itertools.count()


# ---------------------------------------------------------------------------
# What the templates show of values, paths and files


def shown(path: str | Path) -> str:
    """A path relative to the working folder when it is inside it (shorter, and the same
    on every machine), else as it is."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def relative_text(text: str) -> str:
    """Paths under the working folder made relative, as :func:`shown` does for one path
    (task logs repeat the artifacts' absolute URIs)."""
    cwd = str(Path.cwd().resolve())
    return text.replace(cwd + os.sep, "") if len(cwd) > 1 else text


def _exact(value: Any) -> str:
    """A value as JSON, for ``data-value`` (tests and scripts read the exact value back)."""
    return json.dumps(value, ensure_ascii=False)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _status_colors(status: str) -> tuple[str, str]:
    return STATUS_COLORS.get(status.split(" ")[0], DEFAULT_COLORS)


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


@dataclass
class Preview:
    """What a task panel shows of an artifact: a link to its visualization ("see"), a
    note ("muted"), a folder listing, the start of a text file, or nothing ("none")."""

    kind: str
    text: str = ""
    title: str = ""


def _preview(artifact: ArtifactView) -> Preview:
    path = artifact.path
    if artifact.schema in (SCHEMA_METRICS, SCHEMA_CLASSIFICATION) and path is None:
        return Preview("see")  # metrics live in the artifact's metadata; no file to show
    if path is None:
        if "://" in artifact.uri:
            return Preview("none")
        return Preview("muted", t("report_missing_file"))
    if path.is_dir():
        entries = sorted(path.iterdir())
        listing = "\n".join(
            f"{p.name}{'/' if p.is_dir() else ''}  {p.stat().st_size if p.is_file() else ''}"
            for p in entries[:30]
        )
        more = f"\n… +{len(entries) - 30}" if len(entries) > 30 else ""
        return Preview("folder", listing + more, t("report_folder", count=len(entries)))
    size = path.stat().st_size
    head = _read_head(path)
    if (_image_type(head) and not head.lstrip().startswith(b"<")) or b"\x00" in head:
        return Preview("muted", t("report_binary", size=size))
    text = head.decode("utf-8", errors="replace")
    if size > len(head):
        text += "\n… " + t("report_file_size", size=size)
    return Preview("text", text)


def _metadata_text(artifact: ArtifactView) -> str:
    if not artifact.metadata:
        return ""
    text = relative_text(json.dumps(artifact.metadata, ensure_ascii=False))
    return text[:600] + "…" if len(text) > 600 else text


@dataclass
class LogView:
    text: str
    cut: bool
    limit: int


def _task_log(record: TaskRecord) -> LogView:
    log = relative_text(record.log.strip())
    if len(log) > MAX_LOG_CHARS:
        return LogView(log[-MAX_LOG_CHARS:], True, MAX_LOG_CHARS)
    return LogView(log, False, MAX_LOG_CHARS)


# ---------------------------------------------------------------------------
# Visualizations


def html_frame_document(content: str, frame_id: str) -> str:
    """The ``srcdoc`` of an HTML artifact's iframe: the artifact as it is (it runs in the
    sandbox), images shrunk to the frame's width, and a script that tells the report its
    height. A plain string: the page template escapes it into the attribute."""
    return str(render("frame.html.j2", content=content, frame_id=frame_id))


def render_markdown(text: str) -> Markup:
    """Markdown to HTML for a Markdown artifact; raw HTML in it is shown, not run, and the
    result keeps only allow-listed tags, attributes and link schemes."""
    import markdown

    converter = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return clean_html(converter.convert(text))


@dataclass
class Visualization:
    """One artifact's visualization: ``kind`` says which part of the template draws it."""

    kind: str  # metrics | classification | html | markdown | image | too-big
    task: TaskView | None
    artifact: ArtifactView | None
    content: str | Markup = ""
    frame_id: str = ""
    mime: str = ""
    size: int = 0
    path: Path | None = None


def _visualization(task: TaskView, artifact: ArtifactView, frame_prefix: str) -> Visualization | None:
    """The visualization of one artifact, or None if it has none."""
    path = artifact.path
    viz = Visualization(kind="", task=task, artifact=artifact)
    if artifact.schema == SCHEMA_METRICS and artifact.metadata:
        viz.kind = "metrics"
    elif artifact.schema == SCHEMA_CLASSIFICATION:
        content = confusion_matrix_html(artifact.metadata) + roc_svg(artifact.metadata)
        if content:
            viz.kind, viz.content = "classification", content
    elif path is None or not path.is_file():
        return None
    elif artifact.schema in (SCHEMA_HTML, SCHEMA_MARKDOWN) or _image_type(_read_head(path)):
        size = path.stat().st_size
        if size > MAX_EMBED_BYTES:
            viz.kind, viz.size, viz.path = "too-big", size, path
        elif artifact.schema == SCHEMA_HTML:
            viz.kind = "html"
            viz.frame_id = f"{frame_prefix}frame-{next(_frame_counter)}"
            text = path.read_text(encoding="utf-8", errors="replace")
            viz.content = html_frame_document(text, viz.frame_id)
        elif artifact.schema == SCHEMA_MARKDOWN:
            viz.kind = "markdown"
            viz.content = render_markdown(path.read_text(encoding="utf-8", errors="replace"))
        else:
            viz.kind, viz.mime = "image", str(_image_type(_read_head(path)))
            viz.content = base64.b64encode(path.read_bytes()).decode("ascii")
    return viz if viz.kind else None


# ---------------------------------------------------------------------------
# Sections that need more than the view


@dataclass
class Parameter:
    name: str
    value: Any
    type: str
    default: str


def _config(view: RunView) -> dict[str, Any]:
    """The Config section: run details (None marks the status badge) and parameters."""
    import time

    run = view.run
    info = view.compiled.spec.get("pipelineInfo", {}) if view.compiled else {}
    started = min((r.started for r in run.tasks), default=0.0)
    details: list[tuple[str, str | None]] = [
        (t("report_pipeline"), run.pipeline),
        (t("report_description"), info.get("description", "")),
        (t("report_status"), None),
        (
            t("report_started"),
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)) if started else "-",
        ),
        (t("report_duration"), t("report_seconds", seconds=run.seconds)),
        (t("report_task_count"), str(len(run.tasks))),
        (t("report_run_dir"), shown(view.run_dir)),
    ]
    declared: dict[str, Any] = {}
    if view.compiled is not None:
        declared = view.compiled.spec.get("root", {}).get("inputDefinitions", {}).get("parameters", {})
    parameters = []
    for name in dict.fromkeys([*declared, *run.arguments]):
        spec = declared.get(name, {})
        value = run.arguments.get(name, spec.get("defaultValue"))
        default = spec.get("defaultValue", "")
        kind = str(spec.get("parameterType", ""))
        if kind == "NUMBER_INTEGER" and isinstance(default, float) and default.is_integer():
            default = int(default)  # the spec stores every number as a float
        shown_default = fmt(default) if "defaultValue" in spec else ""
        parameters.append(Parameter(name, value, _TYPE_NAMES.get(kind, kind), shown_default))
    return {"details": details, "parameters": parameters}


def _reason(run: RunResult) -> dict[str, str] | None:
    """Why the run did not succeed, for the box under the title (None: nothing to say)."""
    if run.status == SUCCESS or not run.reason.strip():
        return None
    if run.status == FAILURE:
        title = t("report_reason_failure")
    elif run.status == CANCELLED:
        title = t("report_reason_cancelled")
    else:
        title = t("report_reason_other", status=run.status)
    return {"title": title, "text": relative_text(run.reason.strip())}


def _graph(view: RunView) -> tuple[Markup, str]:
    """The Graph view's SVG, or why there is none (the rest of the report still opens)."""
    if view.compiled is None:
        return Markup(""), ""
    try:
        # spec/graph.py escapes every name it puts into the SVG
        return Markup(dag_svg(view.compiled, view.statuses)), ""
    except LayoutError as err:
        return Markup(""), t("report_graph_failed", error=str(err))


def _context(view: RunView, id_prefix: str) -> dict[str, Any]:
    """Everything the fragment template is given."""
    params, artifacts = split_values(view.run.outputs, view.run_dir)
    visualizations = [
        viz
        for task in view.tasks
        for artifact in task.output_artifacts
        if (viz := _visualization(task, artifact, id_prefix)) is not None
    ]
    svg, graph_error = _graph(view)
    return {
        "view": view,
        "prefix": id_prefix,
        "css": report_css(),
        "dag_svg": svg,
        "graph_error": graph_error,
        "reason": _reason(view.run),
        "visualizations": visualizations,
        "outputs": {"params": params, "artifacts": artifacts},
        "metrics": all_metrics(view),
        "config": _config(view),
    }


def _setup_environment() -> None:
    """Give the templates (imported macros included) the helpers they call."""
    env = environment()
    env.filters.update(exact=_exact, fmt=fmt, shown=shown)
    env.globals.update(
        t=t,
        status_colors=_status_colors,
        is_number=_is_number,
        preview=_preview,
        metadata_text=_metadata_text,
        task_log=_task_log,
    )


# ---------------------------------------------------------------------------
# The page, the notebook fragment, the file


@contextmanager
def _language(lang: str | None) -> Iterator[None]:
    """Use ``lang`` for messages inside the block, then restore the previous language."""
    if lang is None:
        yield
        return
    if lang not in LANGS:
        raise TutorialError("report_bad_lang", value=lang, valid=", ".join(LANGS))
    previous = i18n.get_lang()
    i18n.set_lang(lang)
    try:
        yield
    finally:
        i18n.set_lang(previous)


def render_fragment(result_or_run_dir: RunResult | str | Path, id_prefix: str = "") -> str:
    """The report's body (scoped styles included), for a page or a notebook cell."""
    _setup_environment()
    view = load_run_view(result_or_run_dir)
    return str(render("fragment.html.j2", **_context(view, id_prefix)))


def render_report(result_or_run_dir: RunResult | str | Path, lang: str | None = None) -> str:
    """The whole report as one self-contained HTML document (in ``lang``, or the current one)."""
    _setup_environment()
    with _language(lang):
        view = load_run_view(result_or_run_dir)
        return str(render("report.html.j2", lang=i18n.get_lang(), **_context(view, "")))


def write_report(
    result_or_run_dir: RunResult | str | Path,
    lang: str | None = None,
    output: str | Path | None = None,
    force: bool = False,
    force_hint: str = "force=True",
) -> Path:
    """Write the report (``report.html`` in the run folder unless ``output``); returns its path.

    The file goes through :mod:`kfp_tutorial.output_files`: written atomically, and an
    existing file is replaced only when it is an unchanged report the tool wrote (anything
    else needs ``force``). A refusal, a folder, or a path that cannot be written is a
    :class:`TutorialError` (the CLI prints it and exits 2)."""
    from kfp_tutorial.output_files import REPORT, check_output_file, write_output

    run_dir = find_run_dir(result_or_run_dir)
    path: str | Path = run_dir / REPORT_FILE if output is None else output
    check_output_file(path, REPORT, force=force, force_hint=force_hint, example=REPORT_FILE)
    text = render_report(result_or_run_dir, lang)  # refused paths are refused before this work
    return write_output(path, text, REPORT, force=force, force_hint=force_hint, example=REPORT_FILE)


def show_report(result_or_run_dir: RunResult | str | Path, lang: str | None = None) -> Any:
    """The report inline in a notebook: an ``IPython.display.HTML`` of the same view."""
    from IPython.display import HTML

    from kfp_tutorial.settings import check_environment

    check_environment()
    run_dir = find_run_dir(result_or_run_dir)
    prefix = "kfp-" + hashlib.sha1(str(run_dir.resolve()).encode()).hexdigest()[:8] + "-"
    with _language(lang):
        return HTML(render_fragment(result_or_run_dir, id_prefix=prefix))
