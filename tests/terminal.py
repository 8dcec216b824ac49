"""A learner's terminal for the tests that stop a run with a signal.

A process started in the background by a non-interactive shell has SIGINT ignored, and one
started under ``nohup`` has SIGHUP ignored; Python and the course rightly keep an ignored
signal ignored. The tests stand for a learner pressing Ctrl-C or closing the terminal, so
the process they start gets the stop signals at their defaults, wherever the suite runs.

Used in: tests/unit/test_run_status.py, test_run_folders.py, test_cli_mistakes.py.
"""

from __future__ import annotations

import signal


def as_in_a_terminal() -> None:
    """``preexec_fn`` for ``subprocess.Popen``: SIGINT, SIGTERM and SIGHUP at their defaults."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
