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
the course's. When the run did not succeed, why (``RunResult.reason``) is shown under the
title.

The package, by folder: ``model.py`` reads a run folder (:class:`RunView`), ``charts.py``
lays out the confusion matrix and ROC curve, ``render.py`` renders ``templates/*.html.j2``
(jinja2, autoescaping on; ``templating.py``) with ``report.css`` inlined, ``sanitize.py``
cleans Markdown artifacts' HTML, ``command.py`` is the ``report`` command, and
``messages.py`` holds every text in both languages. The names below are imported from
those modules when first used, so ``import kfp_tutorial.report`` (and the CLI's
``kfp_tutorial.report.command``) stays cheap.
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kfp_tutorial.report.charts import confusion_matrix_html, roc_auc, roc_svg
    from kfp_tutorial.report.command import add_arguments, run, write_report_for
    from kfp_tutorial.report.model import (
        ArtifactView,
        RunView,
        TaskView,
        all_metrics,
        find_run_dir,
        load_run_view,
        read_run_json,
        resolve_artifact_path,
    )
    from kfp_tutorial.report.render import (
        MAX_EMBED_BYTES,
        MAX_LOG_CHARS,
        REPORT_FILE,
        html_frame_document,
        render_fragment,
        render_markdown,
        render_report,
        show_report,
        write_report,
    )

# name -> the module that defines it
_EXPORTS = {
    **dict.fromkeys(["confusion_matrix_html", "roc_auc", "roc_svg"], "charts"),
    **dict.fromkeys(["add_arguments", "run", "write_report_for"], "command"),
    **dict.fromkeys(
        [
            "ArtifactView",
            "RunView",
            "TaskView",
            "all_metrics",
            "find_run_dir",
            "load_run_view",
            "read_run_json",
            "resolve_artifact_path",
        ],
        "model",
    ),
    **dict.fromkeys(
        [
            "MAX_EMBED_BYTES",
            "MAX_LOG_CHARS",
            "REPORT_FILE",
            "html_frame_document",
            "render_fragment",
            "render_markdown",
            "render_report",
            "show_report",
            "write_report",
        ],
        "render",
    ),
}
# The command's old name, kept for code that still calls it.
_ALIASES = {"cmd_report": ("command", "run")}

__all__ = [
    "MAX_EMBED_BYTES",
    "MAX_LOG_CHARS",
    "REPORT_FILE",
    "ArtifactView",
    "RunView",
    "TaskView",
    "add_arguments",
    "all_metrics",
    "cmd_report",
    "confusion_matrix_html",
    "find_run_dir",
    "html_frame_document",
    "load_run_view",
    "read_run_json",
    "render_fragment",
    "render_markdown",
    "render_report",
    "resolve_artifact_path",
    "roc_auc",
    "roc_svg",
    "run",
    "show_report",
    "write_report",
    "write_report_for",
]


def __getattr__(name: str) -> Any:
    """Import an exported name from its module on first use (PEP 562)."""
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name], name
    elif name in _ALIASES:
        module, attribute = _ALIASES[name]
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
