"""argparse's own words (usage, option groups, error messages) in the learner's language.

argparse marks its fixed strings for translation with ``gettext`` (``argparse._`` and
``argparse.ngettext``). :func:`translated_argparse` swaps those two names for the time
the CLI builds and parses its command line, so ``kfp-tutorial --lang ko run --nope``
answers in Korean; outside that block argparse is untouched (pytest, other programs).

argparse wraps help text by counting characters, so a Korean line (two columns a
syllable) runs past the terminal's edge. :func:`display_width_formatter` wraps by
display width instead.

Used in: ``kfp-tutorial`` (every command's usage, help and argument errors).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kfp_tutorial.i18n import get_lang
from kfp_tutorial.i18n.width import display_width

# English text as argparse 3.11-3.13 writes it, and its Korean.
KOREAN: dict[str, str] = {
    "usage: ": "사용법: ",
    "positional arguments": "위치 인자",
    "options": "옵션",
    "optional arguments": "옵션",
    "subcommands": "하위 명령",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 오류: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "인자 %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "다음 인자가 필요합니다: %s",
    "one of the arguments %s is required": "다음 인자 중 하나가 필요합니다: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "잘못된 선택: %(value)r (다음 중에서 고르세요: %(choices)s)"
    ),
    "unrecognized arguments: %s": "알 수 없는 인자: %s",
    "expected one argument": "값 하나가 필요합니다",
    "expected at most one argument": "값은 하나까지만 줄 수 있습니다",
    "expected at least one argument": "값이 하나 이상 필요합니다",
    "not allowed with argument %s": "%s 인자와 함께 쓸 수 없습니다",
    "ignored explicit argument %r": "값을 받지 않는 인자에 값 %r(을) 주었습니다",
    "ambiguous option: %(option)s could match %(matches)s": (
        "모호한 옵션: %(option)s(은) %(matches)s 중 어느 것인지 알 수 없습니다"
    ),
    "unexpected option string: %s": "예상하지 못한 옵션: %s",
    "invalid %(type)s value: %(value)r": "잘못된 %(type)s 값: %(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "알 수 없는 명령 %(parser_name)r (사용할 수 있는 명령: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "'%(filename)s' 파일을 열 수 없습니다: %(error)s",
    "expected %s argument": "값 %s개가 필요합니다",
    "expected %s arguments": "값 %s개가 필요합니다",
}


def translate(text: str) -> str:
    """``text`` (one of argparse's fixed strings) in the current language.

    The Korean texts mark particles as ``(은)``: the CLI's parser fixes them after
    argparse has filled in the values (:func:`kfp_tutorial.i18n.korean.fix_markers`).
    """
    if get_lang() == "ko":
        return KOREAN.get(text, text)
    return text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextmanager
def translated_argparse() -> Iterator[None]:
    """While inside, argparse writes its fixed strings in the current language."""
    module = argparse
    saved: tuple[Callable[[str], str], Callable[[str, str, int], str]] = (
        module._,  # type: ignore[attr-defined]
        module.ngettext,  # type: ignore[attr-defined]
    )
    module._ = translate  # type: ignore[attr-defined]
    module.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        module._, module.ngettext = saved  # type: ignore[attr-defined]


def wrap_by_display_width(text: str, width: int) -> list[str]:
    """``text``'s words in lines of at most ``width`` columns (a long word stays whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and display_width(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def display_width_formatter(base: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """``base`` (an argparse formatter class), wrapping help text by display width.

    A description ``base`` keeps as written (``RawDescriptionHelpFormatter``) stays so, and
    ASCII text is wrapped by argparse itself (English help is unchanged).
    """
    wraps_descriptions = not issubclass(base, argparse.RawDescriptionHelpFormatter)

    class DisplayWidthFormatter(base):  # type: ignore[misc, valid-type]
        def _split_lines(self, text: str, width: int) -> list[str]:
            if text.isascii():
                return list(super()._split_lines(text, width))
            return wrap_by_display_width(text, width)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            if not wraps_descriptions or text.isascii():
                return str(super()._fill_text(text, width, indent))
            return "\n".join(indent + line for line in wrap_by_display_width(text, width - len(indent)))

    return DisplayWidthFormatter
