"""``kfp-tutorial report RUN_DIR`` and the report that ``kfp-tutorial run --report`` writes.

The CLI's command table calls :func:`add_arguments` and :func:`run`; after a local run with
``--report`` it calls :func:`write_report_for`. Importing this module is cheap (no kfp, no
jinja2): the report's own modules are imported when a report is written.
Used in: lessons 04, 05, 06 (and every lesson's ``--report``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.report import messages as _messages  # noqa: F401  (registers the texts)

if TYPE_CHECKING:
    from kfp_tutorial.results import RunResult

HELP = "write an HTML report of a local run, laid out like the KFP UI's run page"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``report`` command's arguments: the run folder and ``-o``.

    ``--lang`` is not added here: the CLI gives every command the same one."""
    parser.add_argument("run_dir", help="a run folder, e.g. kfp_runs/calculation-2026-...")
    parser.add_argument(
        "-o", "--output", default=None, help="where to write (default: RUN_DIR/report.html)"
    )


def run(args: argparse.Namespace) -> int:
    """``kfp-tutorial report RUN_DIR``: write the run's HTML report and say where."""
    from kfp_tutorial.report.render import write_report

    path = write_report(args.run_dir, output=args.output)
    print(t("report_written", path=path))
    return 0


def write_report_for(result: RunResult) -> Path:
    """After ``kfp-tutorial run ... --report``: write ``report.html`` into the run's folder,
    print where (one line), and return its path. A cluster run has no folder to report on."""
    from kfp_tutorial.report.render import write_report

    if not result.run_dir:
        raise TutorialError("report_no_local_run", pipeline=result.pipeline)
    path = write_report(result)
    print(t("report_written", path=path))
    return path


# ---------------------------------------------------------------------------
# Until the CLI's command table lands: today's registration, through the two names above.


def _report_after_run(args: argparse.Namespace, result: RunResult) -> None:
    if getattr(args, "report", False):
        write_report_for(result)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``report`` to today's CLI and ``--report`` to its ``run``.

    Temporary: the CLI engineer's command table replaces this with ``add_arguments`` /
    ``run`` and calls :func:`write_report_for` itself; the ``RUN_HOOKS`` append below
    goes away then (it keeps ``run --report`` working until that integration)."""
    from kfp_tutorial import cli
    from kfp_tutorial.versions import LANGS

    p_report = sub.add_parser("report", help=HELP)
    add_arguments(p_report)
    p_report.add_argument(
        "--lang", choices=LANGS, default=argparse.SUPPRESS, help="language of the report"
    )
    p_report.set_defaults(func=run)
    run_parser = sub.choices.get("run")
    if run_parser is not None:
        run_parser.add_argument(
            "--report", action="store_true", help="write report.html into each run folder"
        )
    if _report_after_run not in cli.RUN_HOOKS:
        cli.RUN_HOOKS.append(_report_after_run)
