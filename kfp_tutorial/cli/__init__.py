"""The ``kfp-tutorial`` command line: list, run and compile the lessons' pipelines, and more.

Layout: :mod:`.commands` is the command table, :mod:`.parser` builds the translated
argument parser, :mod:`.targets` reads what a command acts on, :mod:`.local` runs
``list``/``run``/``compile``, :mod:`.external` wires ``report``/``upload``/``cluster``/
``doctor``.

Mistakes a learner can make end with a translated message and exit code 2, never a
traceback; a failed run exits 1; Ctrl-C prints one line and exits 130; a closed pipe
(``kfp-tutorial list | head -1``) ends quietly. This module imports almost nothing, so
Ctrl-C during start-up is caught too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_INTERRUPTED = {"en": "Interrupted.", "ko": "중단했습니다."}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kfp-tutorial ARGV``; the return value is the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        with _console_output():
            return _main(words)
    except KeyboardInterrupt as stopped:  # Ctrl-C, or a run's RunStopped (SIGTERM, SIGHUP)
        _say_interrupted(words)
        return int(getattr(stopped, "exit_code", 130))
    except BrokenPipeError:
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as git and other shell tools end


def _main(argv: list[str]) -> int:
    from kfp_tutorial import i18n
    from kfp_tutorial.kfp_warnings import explain_kfp_warnings

    explain_kfp_warnings()
    from kfp_tutorial.cli.commands import find_command
    from kfp_tutorial.cli.parser import build_parser, lang_in
    from kfp_tutorial.errors import TutorialError
    from kfp_tutorial.i18n.argparse_text import translated_argparse

    i18n.set_lang(lang_in(argv))
    shadow = _shadowed_kfp_message()
    if shadow:  # before anything imports kfp: it would import the learner's file
        print(f"kfp-tutorial: {shadow}", file=sys.stderr)
        return 2
    with translated_argparse():
        parser = build_parser(argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage mistake (2)
            sys.stdout.flush()
            return exc.code if isinstance(exc.code, int) else 2
    i18n.set_lang(args.lang)
    command = find_command(args.command)
    try:
        from kfp_tutorial.settings import check_environment

        check_environment()
        code = int(command.load_run()(args) or 0)
        sys.stdout.flush()
        return code
    except TutorialError as exc:
        print(f"kfp-tutorial: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path the learner gave that the system refuses (too long, ...)
        if isinstance(exc, BrokenPipeError):
            raise
        print(
            f"kfp-tutorial: {i18n.t('os_error', path=exc.filename or '-', error=exc.strerror or exc)}",
            file=sys.stderr,
        )
        return 2


def _shadowed_kfp_message() -> str:
    """A learner's ``kfp.py`` (or ``kfp/`` folder) that Python would import instead of kfp."""
    from kfp_tutorial.hints import shadowed_kfp
    from kfp_tutorial.i18n import t

    shadow = shadowed_kfp()
    if shadow is None:
        return ""
    return t(
        "hint_shadowed", shadow=shadow, module="kfp", stem="kfp", cache=shadow.parent / "__pycache__"
    )


def _lang(argv: list[str]) -> str:
    i18n = sys.modules.get("kfp_tutorial.i18n")
    if i18n is not None:
        return str(i18n.get_lang())
    for index, word in enumerate(argv):
        value = argv[index + 1] if word == "--lang" and index + 1 < len(argv) else word[7:]
        if (word == "--lang" or word.startswith("--lang=")) and value in _INTERRUPTED:
            return value
    env = os.environ.get("KFP_TUTORIAL_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG", "")
    return "ko" if env.lower().startswith("ko") else "en"


def _say_interrupted(argv: list[str]) -> None:
    try:
        print(f"\nkfp-tutorial: {_INTERRUPTED[_lang(argv)]}", file=sys.stderr, flush=True)
    except (OSError, ValueError):  # stderr closed too
        pass


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def colour_allowed(stream: Any) -> bool:
    """Colour only on a terminal and when ``NO_COLOR`` is unset (https://no-color.org)."""
    from kfp_tutorial.cli.console import colour_allowed as allowed

    return allowed(stream)


@contextmanager
def _console_output() -> Iterator[None]:
    """Every stream the command writes to shows only what the terminal can: characters its
    encoding lacks in their plain forms (a cp949 console and ✓), colour codes (ours and
    kfp's) only where colour is allowed."""
    from kfp_tutorial.cli.console import ConsoleStream

    saved = sys.stdout, sys.stderr
    sys.stdout = ConsoleStream(sys.stdout, keep_colour=colour_allowed(sys.stdout))
    sys.stderr = ConsoleStream(sys.stderr, keep_colour=colour_allowed(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


_plain_output = _console_output  # the name tests/unit/test_cli_mistakes.py uses


def build_parser(argv: Sequence[str] | None = None) -> Any:
    """The ``kfp-tutorial`` argument parser (all commands when ``argv`` is None)."""
    from kfp_tutorial.cli.parser import build_parser as build

    return build(argv)


if __name__ == "__main__":
    sys.exit(main())
