"""The command table of ``kfp-tutorial``: one row per command, nothing registered at import.

Each row names the module functions that declare the command's options
(``add_arguments(parser)``) and run it (``run(args) -> int``) as ``"module:function"``
strings, imported only when that command is used. A new command is one new row.

The options of commands whose modules do not yet offer ``add_arguments``/``run``
(``report``, ``cluster``, ``doctor``, ``upload``) are declared here, in
:mod:`kfp_tutorial.cli.external`, with translated help; when a module gains its own, its
row points there instead.

Used in: ``kfp-tutorial`` (every command).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def load(reference: str) -> Callable[..., Any]:
    """``"package.module:function"`` → the function (imports the module)."""
    module_name, _, function = reference.partition(":")
    return getattr(importlib.import_module(module_name), function)


@dataclass(frozen=True)
class Command:
    """One command: its name, the message key of its help, and where its code lives."""

    name: str
    help_key: str
    add_arguments: str  # "module:function(parser) -> None", cheap to import
    run: str  # "module:function(args) -> int"

    def load_arguments(self) -> Callable[[argparse.ArgumentParser], None]:
        return load(self.add_arguments)

    def load_run(self) -> Callable[[argparse.Namespace], int]:
        return load(self.run)


COMMANDS: tuple[Command, ...] = (
    Command(
        "list", "help_list", "kfp_tutorial.cli.local:list_arguments", "kfp_tutorial.cli.local:run_list"
    ),
    Command("run", "help_run", "kfp_tutorial.cli.local:run_arguments", "kfp_tutorial.cli.local:run_run"),
    Command(
        "compile",
        "help_compile",
        "kfp_tutorial.cli.local:compile_arguments",
        "kfp_tutorial.cli.local:run_compile",
    ),
    Command(
        "check", "help_check", "kfp_tutorial.checks.setup:add_arguments", "kfp_tutorial.checks.setup:run"
    ),
    Command("export", "help_export", "kfp_tutorial.handouts:add_arguments", "kfp_tutorial.handouts:run"),
    Command(
        "report",
        "help_report",
        "kfp_tutorial.report.command:add_arguments",
        "kfp_tutorial.report.command:run",
    ),
    Command(
        "progress", "help_progress", "kfp_tutorial.progress:add_arguments", "kfp_tutorial.progress:run"
    ),
    Command(
        "migrate",
        "help_migrate",
        "kfp_tutorial.migrate.command:add_arguments",
        "kfp_tutorial.migrate.command:run",
    ),
    Command(
        "upload",
        "help_upload",
        "kfp_tutorial.cli.external:upload_arguments",
        "kfp_tutorial.cli.external:run_upload",
    ),
    Command(
        "cluster",
        "help_cluster",
        "kfp_tutorial.cli.external:cluster_arguments",
        "kfp_tutorial.cli.external:run_cluster",
    ),
    Command(
        "doctor",
        "help_doctor",
        "kfp_tutorial.cli.external:doctor_arguments",
        "kfp_tutorial.cli.external:run_doctor",
    ),
)


def find_command(name: str) -> Command:
    """The table row of ``name`` (the parser has already checked that it exists)."""
    return next(command for command in COMMANDS if command.name == name)
