"""``kfp-tutorial list``, ``run`` and ``compile``: the lessons' pipelines on this machine.

Everything the learner typed is checked first (targets, option pairs, every ``--arg`` of
every selected pipeline, output paths); only then does anything run. kfp is imported
only by ``run`` and ``compile``, after those checks.
Used in: every lesson (``kfp-tutorial run NN-slug``).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from kfp_tutorial import i18n
from kfp_tutorial.cli.targets import Target, select_targets
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.i18n.width import pad
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.results import CACHED, CANCELLED, FAILURE, OK_STATUSES, SKIPPED, SUCCESS

if TYPE_CHECKING:
    from kfp_tutorial.registry import Example
    from kfp_tutorial.results import RunResult

# --- colour ------------------------------------------------------------------------------

_COLOURS = {SUCCESS: "32", CACHED: "32", FAILURE: "31", CANCELLED: "33", SKIPPED: "2"}


def paint(text: str, status: str) -> str:
    """``text`` in the colour of ``status`` when stdout is a terminal and ``NO_COLOR`` is unset."""
    from kfp_tutorial.cli import colour_allowed

    code = _COLOURS.get(status)
    return f"\x1b[{code}m{text}\x1b[0m" if code and colour_allowed(sys.stdout) else text


# --- shared options -------------------------------------------------------------------------


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """TARGET, ``--all`` and ``--pipeline``: what ``run``, ``compile`` and ``upload`` act on."""
    parser.add_argument("target", nargs="?", metavar="TARGET", help=t("help_target"))
    parser.add_argument("--all", action="store_true", help=t("help_all"))
    parser.add_argument("--pipeline", metavar="NAME", help=t("help_pipeline"))


def add_host_argument(parser: argparse.ArgumentParser) -> None:
    """``--host``, ``--namespace``, ``--token``, ``--cookie`` (defaults from ``$KFP_HOST``,
    ...): declared once, in :mod:`kfp_tutorial.remote.connection`, for run and upload."""
    from kfp_tutorial.remote.connection import add_connection_arguments

    add_connection_arguments(parser)


# --- list ----------------------------------------------------------------------------------


def list_arguments(parser: argparse.ArgumentParser) -> None:
    """``list`` has no options of its own."""


def run_list(args: argparse.Namespace) -> int:
    """Print every lesson, its title and its pipelines' function names, without kfp."""
    from kfp_tutorial.cli.listing import lesson_pipelines

    lang = i18n.get_lang()
    print(t("list_header"))
    name_width = max(len(lesson.name) for lesson in LESSONS) + 2
    from kfp_tutorial.i18n.width import display_width

    title_width = max(display_width(lesson.title(lang)) for lesson in LESSONS) + 2
    for lesson in LESSONS:
        names = ", ".join(lesson_pipelines(lesson))
        print(f"  {pad(lesson.name, name_width)}{pad(lesson.title(lang), title_width)}{names}")
    return 0


# --- run -----------------------------------------------------------------------------------


def run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``run``."""
    add_target_arguments(parser)
    parser.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE", help=t("help_arg"))
    parser.add_argument("--output-dir", default=None, metavar="DIR", help=t("help_output_dir"))
    parser.add_argument("--cache", action="store_true", help=t("help_cache"))
    parser.add_argument("-v", "--verbose", action="store_true", help=t("help_verbose"))
    parser.add_argument("--report", action="store_true", help=t("help_report_flag"))
    add_host_argument(parser)


def _jobs(targets: list[Target], pipeline: str | None, command: str) -> list[tuple[Target, Example]]:
    return [(target, example) for target in targets for example in target.examples(pipeline, command)]


def check_all_arguments(jobs: list[tuple[Target, Example]], raw: list[str]) -> list[dict[str, Any]]:
    """Every job's arguments, every ``--arg`` checked against every selected pipeline first.

    An ``--arg`` applies to each selected pipeline that has that parameter; one that no
    pipeline has is an error. All of it happens before the first run.
    """
    from kfp_tutorial.local.arguments import (
        check_no_duplicates,
        parse_cli_arguments,
        pipeline_parameters,
        split_cli_argument,
    )

    check_no_duplicates(raw)
    params = [pipeline_parameters(example.pipeline) for _, example in jobs]
    if len(jobs) == 1:
        mine_all = [raw]
    else:
        for item in raw:
            name, _ = split_cli_argument(item)
            if not any(name in p for p in params):
                valid = sorted({f"{k}: {v}" for p in params for k, v in p.items()})
                raise TutorialError("arg_unknown_everywhere", name=name, valid=", ".join(valid) or "-")
        mine_all = [[item for item in raw if split_cli_argument(item)[0] in p] for p in params]
    result = []
    for (_, example), mine in zip(jobs, mine_all, strict=True):
        arguments = dict(example.arguments)
        arguments.update(parse_cli_arguments(example.pipeline, mine))
        result.append(arguments)
    return result


def run_run(args: argparse.Namespace) -> int:
    """``kfp-tutorial run``: check everything, then run each selected pipeline."""
    from kfp_tutorial.local.arguments import check_no_duplicates

    targets = select_targets(args, "run")
    check_no_duplicates(args.arg)
    host = getattr(args, "host", None)
    cluster_only = [
        f"--{name}" for name in ("namespace", "token", "cookie") if getattr(args, name, None)
    ]
    if cluster_only and not host:  # they would be ignored by a local run without a word
        raise TutorialError("cluster_only_options", options=", ".join(cluster_only))
    if args.output_dir is not None and not host:
        from kfp_tutorial.output_files import output_dir

        args.output_dir = output_dir(args.output_dir, "--output-dir")
    jobs = _jobs(targets, args.pipeline, "run")
    all_arguments = check_all_arguments(jobs, args.arg)
    rows: list[tuple[str, str, str, str, str]] = []
    failures = 0
    started = time.time()
    for index, ((target, example), arguments) in enumerate(
        zip(jobs, all_arguments, strict=True), start=1
    ):
        if len(jobs) > 1:
            print(
                t("progress", index=index, total=len(jobs), lesson=target.label, pipeline=example.name),
                flush=True,
            )
        explicit = len(jobs) == 1 and (bool(args.pipeline) or target.kind != "lesson")
        if not example.local and not host and not explicit:
            print(
                "  "
                + t(
                    "skipped_cluster_only",
                    pipeline=example.name,
                    lesson=target.label,
                    func=example.func_name,
                )
            )
            rows.append((target.label, example.name, "-", SKIPPED, "-"))
            continue
        result = _run_one(args, target, example, arguments, host)
        if not result.succeeded:
            failures += 1
        rows.append(
            (target.label, example.name, str(len(result.tasks)), result.status, f"{result.seconds:.1f}")
        )
    if len(jobs) > 1:
        print_summary(rows, time.time() - started)
    return 1 if failures else 0


def _run_one(
    args: argparse.Namespace,
    target: Target,
    example: Example,
    arguments: dict[str, Any],
    host: str | None,
) -> RunResult:
    if host:  # --host or KFP_HOST: a run on a KFP cluster
        from kfp_tutorial.remote.submit import submit_for_cli

        return submit_for_cli(example.pipeline, arguments, args)
    from kfp_tutorial.local.runner import run_local

    result = run_local(
        example.pipeline,
        arguments,
        output_dir=args.output_dir,
        enable_caching=args.cache or None,  # None: follow KFP_TUTORIAL_CACHE
        verbose=args.verbose,
        target=target.run_label(example),
    )
    if args.report:
        from kfp_tutorial.report.command import write_report_for

        write_report_for(result)  # prints the "Report: ..." line itself
    return result


def print_summary(rows: list[tuple[str, str, str, str, str]], seconds: float) -> None:
    """The table after ``run --all``: one row per pipeline, columns padded by display width."""
    titles = t("summary_titles").split("|")
    print()
    print(
        t(
            "summary_header",
            lesson=titles[0],
            pipeline=titles[1],
            tasks=titles[2],
            status=titles[3],
            seconds=titles[4],
        )
    )
    for lesson, pipeline, tasks, status, secs in rows:
        line = t(
            "summary_header", lesson=lesson, pipeline=pipeline, tasks=tasks, status=status, seconds=secs
        )
        print(line.replace(status, paint(status, status), 1) if status in _COLOURS else line)
    ok = sum(1 for r in rows if r[3] in OK_STATUSES)
    skipped = sum(1 for r in rows if r[3] == SKIPPED)
    print(t("summary_total", ok=ok, failed=len(rows) - ok - skipped, skipped=skipped, seconds=seconds))


# --- compile -------------------------------------------------------------------------------


def compile_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``compile``."""
    add_target_arguments(parser)
    parser.add_argument(
        "-o", "--output", default="compiled", metavar="PATH", help=t("help_compile_output")
    )
    parser.add_argument("--force", action="store_true", help=t("help_force"))


def run_compile(args: argparse.Namespace) -> int:
    """``kfp-tutorial compile``: one YAML per pipeline into a folder, or one named file.

    Every target file is checked against the write policy (:mod:`kfp_tutorial.output_files`)
    before the first one is compiled, so a refusal leaves nothing half done."""
    from kfp_tutorial.output_files import COMPILED_SPEC, check_output_file, option_path, output_dir

    targets = select_targets(args, "compile")
    output = option_path(args.output, "-o", "compiled/")
    one_file = output.suffix.lower() in (".yaml", ".yml") and not output.is_dir()
    if output.suffix and not one_file and not output.is_dir():
        raise TutorialError("compile_output_suffix", path=output, example=output.with_suffix(".yaml"))
    jobs = _jobs(targets, args.pipeline, "compile")
    if one_file and len(jobs) > 1:
        names = ", ".join(example.func_name for _, example in jobs)
        raise TutorialError("compile_one_file_many", path=output, count=len(jobs), names=names)
    if not one_file:
        output = output_dir(output, "-o")
    paths = [
        output if one_file else output / f"{target.stem}__{example.func_name}.yaml"
        for target, example in jobs
    ]
    for path in paths:
        check_output_file(path, COMPILED_SPEC, force=args.force)
    from kfp_tutorial.spec.compiler import compile_to_yaml

    for (_, example), path in zip(jobs, paths, strict=True):
        try:
            compile_to_yaml(example.pipeline, path, force=args.force, force_hint="--force")
        except TutorialError:
            raise
        except Exception as exc:
            raise TutorialError("compile_failed", pipeline=example.name, error=exc) from exc
        print(t("compiled", path=path))
    return 0
