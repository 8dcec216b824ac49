"""The ``kfp-tutorial`` command line: list, run and compile the lessons' pipelines.

Mistakes a learner can make (unknown lesson, wrong argument, missing file) end with a
translated message and exit code 2, never a traceback. A failed run exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.registry import LESSONS, Example, find_lesson

# Modules that add sub-commands: each has ``register(subparsers)``. One line per module.
EXTRA_COMMAND_MODULES: tuple[str, ...] = (
    "kfp_tutorial.checks.setup",
    "kfp_tutorial.handouts",
    "kfp_tutorial.report",
    "kfp_tutorial.remote.kind_cluster",
    "kfp_tutorial.checks.doctor",
    "kfp_tutorial.remote.submit",
    "kfp_tutorial.progress",
)


@dataclass
class Target:
    """What the user asked for: lesson examples, or a pipeline from a file."""

    label: str  # lesson name or file target
    examples: list[Example]


def resolve_targets(target: str | None, run_all: bool, pipeline: str | None) -> list[Target]:
    """Turn the command-line target into lesson examples or a user pipeline."""
    from kfp_tutorial.spec.loader import load_pipeline, looks_like_file_target

    if run_all:
        return [Target(lesson.name, lesson.examples) for lesson in LESSONS]
    if not target:
        raise TutorialError("need_target")
    if looks_like_file_target(target):
        return [Target(target, [Example(load_pipeline(target))])]
    lesson = find_lesson(target)
    examples = [lesson.example(pipeline)] if pipeline else lesson.examples
    return [Target(lesson.name, examples)]


def _arguments_for(example: Example, raw_args: list[str], label: str) -> dict[str, Any]:
    from kfp_tutorial.local.arguments import parse_cli_arguments, pipeline_parameters

    arguments = dict(example.arguments)
    if raw_args:
        params = pipeline_parameters(example.pipeline)
        mine = [a for a in raw_args if a.split("=", 1)[0].strip() in params or "=" not in a]
        arguments.update(parse_cli_arguments(example.pipeline, mine))
    return arguments


def _check_args_known(targets: list[Target], raw_args: list[str]) -> None:
    """Every --arg must name a parameter of at least one selected pipeline."""
    from kfp_tutorial.local.arguments import parse_cli_arguments, pipeline_parameters

    examples = [ex for target in targets for ex in target.examples]
    for raw in raw_args:
        name = raw.split("=", 1)[0].strip()
        if "=" in raw and any(name in pipeline_parameters(ex.pipeline) for ex in examples):
            continue
        parse_cli_arguments(examples[0].pipeline, [raw])  # raises the precise error


def cmd_list(args: argparse.Namespace) -> int:
    lang = i18n.get_lang()
    print(t("list_header"))
    for lesson in LESSONS:
        names = ", ".join(ex.func_name for ex in lesson.examples)
        print(f"  {lesson.name:<22} {lesson.title(lang):<28} {names}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from kfp_tutorial.local.runner import run_local

    targets = resolve_targets(args.target, args.all, args.pipeline)
    if args.arg:
        _check_args_known(targets, args.arg)
    jobs = [(target, ex) for target in targets for ex in target.examples]
    rows: list[tuple[str, str, str, str, str]] = []
    failures = 0
    started = time.time()
    for index, (target, example) in enumerate(jobs, start=1):
        if len(jobs) > 1:
            print(
                t(
                    "progress",
                    index=index,
                    total=len(jobs),
                    lesson=target.label,
                    pipeline=example.name,
                ),
                flush=True,
            )
        explicit = len(jobs) == 1 and (args.pipeline or not target.label[:2].isdigit())
        if not example.local and not getattr(args, "host", None) and not explicit:
            print(
                "  "
                + t(
                    "skipped_cluster_only",
                    pipeline=example.name,
                    lesson=target.label,
                    func=example.func_name,
                )
            )
            rows.append((target.label, example.name, "-", "SKIPPED", "-"))
            continue
        arguments = _arguments_for(example, args.arg, target.label)
        if getattr(args, "host", None):  # --host or KFP_HOST: a run on a KFP cluster
            from kfp_tutorial.remote.submit import submit_for_cli

            result = submit_for_cli(example.pipeline, arguments, args)
        else:
            result = run_local(
                example.pipeline,
                arguments,
                output_dir=args.output_dir,
                enable_caching=args.cache or None,  # None: follow KFP_TUTORIAL_CACHE
                verbose=args.verbose,
                target=target.label
                if target.label.endswith((".py", ")")) or ":" in target.label
                else f"{target.label} --pipeline {example.func_name}",
            )
        if not result.succeeded:
            failures += 1
        rows.append(
            (
                target.label,
                example.name,
                str(len(result.tasks)),
                result.status,
                f"{result.seconds:.1f}",
            )
        )
        for hook in RUN_HOOKS if not getattr(args, "host", None) else ():
            hook(args, result)
    if len(jobs) > 1:
        _print_summary(rows, time.time() - started)
    return 1 if failures else 0


# Called after each local run with (args, RunResult): e.g. writing a report.
RUN_HOOKS: list[Callable[[argparse.Namespace, Any], None]] = []


def _print_summary(rows: list[tuple[str, str, str, str, str]], seconds: float) -> None:
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
        print(
            t(
                "summary_header",
                lesson=lesson,
                pipeline=pipeline,
                tasks=tasks,
                status=status,
                seconds=secs,
            )
        )
    ok = sum(1 for r in rows if r[3] == "SUCCESS")
    skipped = sum(1 for r in rows if r[3] == "SKIPPED")
    print(t("summary_total", ok=ok, failed=len(rows) - ok - skipped, skipped=skipped, seconds=seconds))


def cmd_compile(args: argparse.Namespace) -> int:
    from kfp_tutorial.spec.compiler import compile_to_yaml
    from kfp_tutorial.spec.loader import looks_like_file_target

    targets = resolve_targets(args.target, args.all, args.pipeline)
    out_dir = Path(args.output)
    for target in targets:
        for example in target.examples:
            # a lesson keeps its name; path/to/file.py:func becomes "file" (no ':' in file names)
            label = target.label
            stem = Path(label.rsplit(":", 1)[0]).stem if looks_like_file_target(label) else label
            path = out_dir / f"{stem}__{example.func_name}.yaml"
            try:
                compile_to_yaml(example.pipeline, path)
            except Exception as exc:
                raise TutorialError("compile_failed", pipeline=example.name, error=exc) from exc
            print(t("compiled", path=path))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kfp-tutorial",
        description="Kubeflow Pipelines course: run and compile the lessons' pipelines.",
    )
    parser.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=None,
        help="language of messages (default: from the locale)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_list = sub.add_parser("list", help="list the lessons and their pipelines")
    p_list.set_defaults(func=cmd_list)

    p_run = sub.add_parser("run", help="run a lesson's pipelines, or your own file.py:func")
    p_run.add_argument("target", nargs="?", help="lesson (e.g. 02-add) or path/to/file.py:func")
    p_run.add_argument("--all", action="store_true", help="run every lesson")
    p_run.add_argument("--pipeline", help="run only this pipeline of the lesson")
    p_run.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a pipeline argument; repeat for more",
    )
    p_run.add_argument("--output-dir", default=None, help="where runs are stored (default: ./kfp_runs)")
    p_run.add_argument(
        "--cache",
        action="store_true",
        help="reuse outputs of tasks that already ran with the same inputs",
    )
    p_run.add_argument("-v", "--verbose", action="store_true", help="show kfp's own logs")
    p_run.add_argument(
        "--host",
        default=os.environ.get("KFP_HOST") or None,
        help="run on the Kubeflow Pipelines at this URL, e.g. http://localhost:8080 "
        "(default: $KFP_HOST; without it, runs are local)",
    )
    p_run.set_defaults(func=cmd_run)

    p_compile = sub.add_parser("compile", help="compile pipelines to pipeline spec YAML")
    p_compile.add_argument("target", nargs="?", help="lesson or path/to/file.py:func")
    p_compile.add_argument("--all", action="store_true", help="compile every lesson")
    p_compile.add_argument("--pipeline", help="compile only this pipeline of the lesson")
    p_compile.add_argument("-o", "--output", default="compiled", help="output folder")
    p_compile.set_defaults(func=cmd_compile)

    for module_name in EXTRA_COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_lang(args.lang)
    try:
        return int(args.func(args) or 0)
    except TutorialError as exc:
        print(f"kfp-tutorial: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
