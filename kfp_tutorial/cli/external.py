"""Options of ``upload``, ``cluster`` and ``doctor``, and the calls into their modules.

The command table needs ``add_arguments(parser)`` and ``run(args)``; for these three
commands the pair lives here, with translated help, and calls the module's command
function lazily. The ``upload`` row resolves its targets here, so ``remote.submit`` never
imports the CLI.

Used in: ``kfp-tutorial upload``, ``cluster``, ``doctor`` (lessons 06 and 09).
"""

from __future__ import annotations

import argparse

from kfp_tutorial.cli.local import add_host_argument, add_target_arguments
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import LOCAL_UI

# --- upload --------------------------------------------------------------------------------


def upload_arguments(parser: argparse.ArgumentParser) -> None:
    """``upload TARGET|--all [--pipeline NAME] [--host URL]``."""
    add_target_arguments(parser)
    add_host_argument(parser)


def run_upload(args: argparse.Namespace) -> int:
    """``kfp-tutorial upload``: each selected pipeline to the KFP at ``--host``."""
    from kfp_tutorial.cli.targets import select_targets

    targets = select_targets(args, "upload")
    examples = [example for target in targets for example in target.examples(args.pipeline, "upload")]
    from kfp_tutorial.remote.connection import connection_from_args
    from kfp_tutorial.remote.submit import connect, upload_pipeline

    conn, client = connect(connection_from_args(args))
    for example in examples:
        upload_pipeline(example.pipeline, conn, client=client)
    return 0


# --- cluster -------------------------------------------------------------------------------

CLUSTER_COMMANDS = ("up", "down", "status", "port-forward", "preload")


def cluster_arguments(parser: argparse.ArgumentParser) -> None:
    """``cluster up|down|status|port-forward|preload [--dry-run]`` and ``cluster check-images``."""
    from kfp_tutorial.cli.parser import TutorialParser, add_lang_argument

    commands = parser.add_subparsers(
        dest="cluster_command",
        metavar="COMMAND",
        title=t("help_cluster_command"),
        parser_class=TutorialParser,
    )
    commands.required = True
    for name in (*CLUSTER_COMMANDS, "check-images"):
        key = "help_cluster_" + name.replace("-", "_")
        sub = commands.add_parser(name, help=t(key, local=LOCAL_UI), description=t(key, local=LOCAL_UI))
        add_lang_argument(sub)
        if name != "check-images":
            sub.add_argument("--dry-run", action="store_true", help=t("help_dry_run"))
        if name in ("up", "check-images"):
            help_key = "help_from_github_up" if name == "up" else "help_from_github_images"
            sub.add_argument("--from-github", action="store_true", help=t(help_key))


def run_cluster(args: argparse.Namespace) -> int:
    """``kfp-tutorial cluster ...``: the cluster script, or the image check."""
    from kfp_tutorial.remote import kind_cluster

    if args.cluster_command == "check-images":
        return int(kind_cluster.cmd_check_images(args))
    return int(kind_cluster.cmd_cluster(args))


# --- doctor --------------------------------------------------------------------------------


def doctor_arguments(parser: argparse.ArgumentParser) -> None:
    """``doctor`` has no options of its own."""


def run_doctor(args: argparse.Namespace) -> int:
    """``kfp-tutorial doctor``: what blocks a cluster on this machine."""
    from kfp_tutorial.checks.doctor import cmd_doctor

    return int(cmd_doctor(args))
