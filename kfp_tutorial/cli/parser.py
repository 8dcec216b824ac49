"""The argument parser of ``kfp-tutorial``: translated, and built only as far as needed.

``kfp-tutorial --help`` needs the command names; ``kfp-tutorial run ...`` needs the
options of ``run`` and nothing else. :func:`build_parser` adds the options of the one
command named in ``argv`` (of all of them when ``argv`` is None), so no command module
is imported for another command. ``--lang`` is accepted before and after the command
and always means the language of messages.

Used in: ``kfp-tutorial`` (every command).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from kfp_tutorial import i18n
from kfp_tutorial.cli import messages as _messages  # noqa: F401  (registers the help texts)
from kfp_tutorial.cli.commands import COMMANDS, Command
from kfp_tutorial.i18n import t
from kfp_tutorial.versions import LANGS

PROG = "kfp-tutorial"


class TutorialParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors name the fix, in the learner's language, exit 2."""

    command_parsers: dict[str, argparse.ArgumentParser]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from kfp_tutorial.i18n.argparse_text import display_width_formatter

        base = kwargs.get("formatter_class", argparse.HelpFormatter)
        kwargs["formatter_class"] = display_width_formatter(base)
        super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Like argparse, but an unknown option is reported with its command's usage."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            owner = innermost_parser(self, parsed)
            message = argparse._("unrecognized arguments: %s") % " ".join(extras)  # type: ignore[attr-defined]
            owner.error(message + _did_you_mean(owner, extras))
        return parsed

    def error(self, message: str) -> NoReturn:
        # argparse echoes the value it refused: a 100 KB one is shortened as in our messages
        too_long = re.compile(rf"\S{{{i18n.LONGEST_VALUE + 1},}}")
        message = too_long.sub(lambda match: str(i18n.shorten(match[0])), message)
        if i18n.get_lang() == "ko":
            from kfp_tutorial.i18n.korean import fix_markers

            message = fix_markers("", message)
        self.print_usage(sys.stderr)
        hint = t("usage_hint", prog=self.prog)
        self.exit(2, f"{self.prog}: {_error_word()}: {message}\n{hint}\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (file or sys.stderr).write(message)


def innermost_parser(
    parser: argparse.ArgumentParser, parsed: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the deepest command ``parsed`` chose (``cluster up`` in ``kfp-tutorial
    cluster up --dryrun``), whose usage a mistake in its options should show."""
    while True:
        chosen = None
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(parsed, action.dest, None) if action.dest != argparse.SUPPRESS else None
                chosen = action.choices.get(name) if name is not None else None
                if chosen is not None:
                    break
        if chosen is None:
            return parser
        parser = chosen


def _did_you_mean(parser: argparse.ArgumentParser, extras: list[str]) -> str:
    """`` (--dry-run?)`` for a mistyped option that is close to one the command has."""
    import difflib

    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    guesses = []
    for extra in extras:
        if extra.startswith("--"):
            close = difflib.get_close_matches(extra.split("=", 1)[0], options, n=1, cutoff=0.75)
            guesses.extend(close)
    return " " + t("did_you_mean", options=", ".join(guesses)) if guesses else ""


def _error_word() -> str:
    return "오류" if i18n.get_lang() == "ko" else "error"


def add_lang_argument(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """``--lang en|ko``: the one meaning everywhere, the language of messages."""
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=None if top else argparse.SUPPRESS,
        help=t("help_lang"),
    )


def command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option or its value)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def lang_in(argv: Sequence[str]) -> str | None:
    """The last valid ``--lang X`` / ``--lang=X`` in ``argv`` (the parser rejects the rest)."""
    found = None
    for index, word in enumerate(argv):
        if word == "--":
            break
        value = None
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
        if value in LANGS:
            found = value
    return found


def _add_command(
    sub: argparse._SubParsersAction[TutorialParser],
    command: Command,
    full: bool,
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        command.name,
        help=t(command.help_key),
        description=t(command.help_key),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command=command.name)
    add_lang_argument(parser)
    if full:
        command.load_arguments()(parser)
    return parser


def build_parser(argv: Sequence[str] | None = None) -> TutorialParser:
    """The parser; with ``argv``, only the command it names gets its options."""
    from kfp_tutorial import __version__

    parser = TutorialParser(prog=PROG, description=t("help_description"), epilog=t("help_epilog"))
    add_lang_argument(parser, top=True)
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=t("help_version")
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=t("help_commands"), parser_class=TutorialParser
    )
    sub.required = True
    chosen = None if argv is None else command_in(argv)
    parser.command_parsers = {
        command.name: _add_command(sub, command, full=argv is None or command.name == chosen)
        for command in COMMANDS
    }
    return parser
