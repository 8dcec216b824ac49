"""Help text wraps by display width: a Korean help line stays inside the terminal.

argparse counts characters; a Hangul syllable takes two columns, so its Korean lines ran
past the edge. ``kfp_tutorial.i18n.argparse_text.display_width_formatter`` wraps by
display width; English (ASCII) help is wrapped by argparse itself, unchanged.
"""

from __future__ import annotations

import argparse

from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_tutorial.i18n.argparse_text import display_width_formatter, wrap_by_display_width
from kfp_tutorial.i18n.width import display_width

WIDTH = 60
HANGUL_WORD = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=6)
WORD = st.one_of(HANGUL_WORD, st.from_regex(r"[a-z$_/.-]{1,12}", fullmatch=True))


def formatted_help(help_text: str, base: type[argparse.HelpFormatter]) -> list[str]:
    parser = argparse.ArgumentParser(
        prog="p",
        formatter_class=lambda prog: display_width_formatter(base)(prog, width=WIDTH),
    )
    parser.add_argument("--option", help=help_text)
    return parser.format_help().splitlines()


@settings(max_examples=40)
@given(st.lists(WORD, min_size=1, max_size=40))
def test_korean_help_lines_fit_the_width(words: list[str]) -> None:
    text = " ".join(words)
    for base in (argparse.HelpFormatter, argparse.RawDescriptionHelpFormatter):
        lines = formatted_help(text, base)
        too_wide = [line for line in lines if display_width(line) > WIDTH and " " in line.strip()]
        assert not too_wide, too_wide
        assert " ".join(" ".join(lines).split()).endswith(" ".join(text.split()[-1:]))


@given(st.lists(WORD, min_size=1, max_size=40), st.integers(10, 80))
def test_wrapping_keeps_every_word_in_order(words: list[str], width: int) -> None:
    lines = wrap_by_display_width(" ".join(words), width)
    assert " ".join(lines).split() == words
    assert all(display_width(line) <= width or " " not in line for line in lines)


def test_english_help_is_wrapped_as_argparse_wraps_it() -> None:
    text = "where runs are stored (default: $KFP_TUTORIAL_OUTPUT_DIR or ./kfp_runs), a long-winded text"
    plain = argparse.ArgumentParser(
        prog="p", formatter_class=lambda prog: argparse.HelpFormatter(prog, width=WIDTH)
    )
    plain.add_argument("--option", help=text)
    assert formatted_help(text, argparse.HelpFormatter) == plain.format_help().splitlines()


def test_characters_counted_as_argparse_does_would_overflow() -> None:
    """The case the formatter exists for: argparse alone lets a Korean line overflow."""
    text = "같은 입력으로 이미 실행한 태스크는 다시 실행하지 않고 그 출력을 재사용합니다 " * 2
    plain = argparse.ArgumentParser(
        prog="p", formatter_class=lambda prog: argparse.HelpFormatter(prog, width=WIDTH)
    )
    plain.add_argument("--option", help=text)
    assert any(display_width(line) > WIDTH for line in plain.format_help().splitlines())
    assert all(display_width(line) <= WIDTH for line in formatted_help(text, argparse.HelpFormatter))
