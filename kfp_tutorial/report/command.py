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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``report`` command's arguments: the run folder and ``-o``.

    ``--lang`` is not added here: the CLI gives every command the same one."""
    from kfp_tutorial.cli import messages as _cli_messages  # noqa: F401  (registers the help texts)

    parser.add_argument("run_dir", metavar="RUN_DIR", help=t("help_run_dir"))
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help=t("help_report_output"))
    parser.add_argument("--force", action="store_true", help=t("help_force"))


def run(args: argparse.Namespace) -> int:
    """``kfp-tutorial report RUN_DIR``: write the run's HTML report and say where."""
    from kfp_tutorial.report.render import write_report

    path = write_report(args.run_dir, output=args.output, force=args.force, force_hint="--force")
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
