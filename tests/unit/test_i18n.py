"""Messages: particles chosen by the final sound, columns by display width, both languages in step.

Every module that registers messages is imported, so the checks cover every message a
learner can see, not only the CLI's.
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_tutorial import i18n
from kfp_tutorial.i18n import MESSAGES, placeholders, render
from kfp_tutorial.i18n.argparse_text import KOREAN, translated_argparse
from kfp_tutorial.i18n.korean import attach, final_sound, fix_markers, josa
from kfp_tutorial.i18n.width import display_width, pad
from korean_style import (
    forbidden_variants,
    glosses,
    message_prose,
    particle_mismatches,
    readings_outside_home,
)


def _modules_with_messages() -> list[str]:
    """Every shipped module and every maintainer tool: whatever registers messages is
    checked, including modules added later (no hand-kept list to forget)."""
    import pkgutil

    import kfp_tutorial

    names = [
        info.name
        for info in pkgutil.walk_packages(kfp_tutorial.__path__, "kfp_tutorial.")
        if not info.name.endswith("__main__")
    ]
    return names + ["tools.exercises", "tools.notebooks"]


@pytest.fixture(scope="module")
def messages() -> dict[str, dict[str, str]]:
    for name in _modules_with_messages():
        importlib.import_module(name)
    return MESSAGES


# --- josa ----------------------------------------------------------------------------------

JOSA_CASES = [
    # Hangul: final consonant or not; ㄹ takes 로
    ("파일", "을/를", "을"),
    ("노트북", "은/는", "은"),
    ("수업", "이/가", "이"),
    ("태스크", "을/를", "를"),
    ("파일", "으로/로", "로"),
    ("폴더", "으로/로", "로"),
    ("수업", "으로/로", "으로"),
    ("값", "과/와", "과"),
    ("리포트", "과/와", "와"),
    # digits read in Korean
    ("1", "은/는", "은"),  # 일
    ("2", "은/는", "는"),  # 이
    ("3", "이/가", "이"),  # 삼
    ("4", "이/가", "가"),  # 사
    ("6", "을/를", "을"),  # 육
    ("7", "은/는", "은"),  # 칠
    ("7", "으로/로", "로"),  # 칠: ㄹ
    ("8", "으로/로", "로"),  # 팔
    ("9", "을/를", "를"),  # 구
    ("0", "이/가", "이"),  # 영
    ("10", "은/는", "은"),  # 십
    ("10", "으로/로", "으로"),  # 십
    ("100", "이/가", "이"),  # 백
    ("8080", "을/를", "을"),  # 팔천팔십 → 십
    ("2.5", "은/는", "는"),  # 오
    ("12", "은/는", "는"),  # 십이
    # Latin words and acronyms by their reading
    ("kind", "을/를", "를"),  # 카인드
    ("kubectl", "을/를", "을"),  # 큐브컨트롤
    ("kubectl", "으로/로", "로"),
    ("Pipeline", "은/는", "은"),  # 파이프라인
    ("Component", "은/는", "는"),  # 컴포넌트
    ("Artifact", "이/가", "가"),  # 아티팩트
    ("Python", "으로/로", "으로"),  # 파이썬
    ("docker", "이/가", "가"),  # 도커
    ("git", "을/를", "을"),  # 깃
    ("yaml", "으로/로", "로"),  # 야믈
    ("out.yaml", "은/는", "은"),
    ("json", "으로/로", "으로"),
    ("KFP", "은/는", "는"),  # 케이에프피
    ("URL", "을/를", "을"),  # 유알엘
    ("URL", "으로/로", "로"),
    ("HTML", "이/가", "이"),
    ("user", "을/를", "를"),  # 유저: r is a vowel for 를/가
    ("file", "으로/로", "로"),  # 파일
    ("stack", "이/가", "이"),  # 스택
    ("task", "이/가", "가"),  # 태스크
    ("port", "을/를", "를"),  # 포트
    ("name", "이/가", "이"),  # 네임
    ("string", "은/는", "은"),
    # quotes and brackets are skipped
    ("'nosuch'", "이라는/라는", "라는"),
    ("'calculation'", "은/는", "은"),  # ...션
    ("(kind)", "을/를", "를"),
    ("'파일'", "이라는/라는", "이라는"),
]


@pytest.mark.parametrize("word, pair, expected", JOSA_CASES)
def test_josa_follows_the_final_sound(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected
    assert attach(word, pair) == word + expected


def test_final_sound_of_nothing_readable_is_a_vowel() -> None:
    assert final_sound("") is None
    assert final_sound("...") is None


def test_markers_take_the_form_of_the_substituted_value() -> None:
    template = "{tools}(을) 설치하세요. {n}(은) 작습니다. '{name}'(이라는) 수업"
    assert render(template, "ko", tools="kind", n=7, name="nosuch") == (
        "kind를 설치하세요. 7은 작습니다. 'nosuch'라는 수업"
    )
    assert render(template, "ko", tools="kubectl", n=2, name="파일") == (
        "kubectl을 설치하세요. 2는 작습니다. '파일'이라는 수업"
    )
    # either form may be written in the template
    assert render("{x}(는)", "ko", x="값") == "값은"
    # English is left alone, and plain parentheses after a space are not markers
    assert render("{x}(은)", "en", x="a") == "a(은)"
    assert fix_markers("", "참고 (이) 그대로") == "참고 (이) 그대로"


def test_string_fields_pad_by_display_width() -> None:
    line = render("{a:<10}|{b:>6}|", "ko", a="시각화", b="초")
    assert display_width(line) == 10 + 1 + 6 + 1
    assert line == "시각화    |    초|"
    assert render("{n:>5}", "en", n=42) == "   42"  # numbers keep format()'s padding
    assert pad("가", 4, "^") == " 가 "


# --- every message -------------------------------------------------------------------------


def test_no_hard_coded_particle_after_a_placeholder(messages: dict[str, dict[str, str]]) -> None:
    """'{x}가' is right for some values only; a marker '{x}(가)' is right for all."""
    pattern = re.compile(r"\}'?(은|는|이|가|을|를|과|와|으로|로|이라는|라는)(?=[\s.,)])")
    found = [key for key, entry in messages.items() if pattern.search(entry["ko"])]
    assert found == []


def test_both_languages_use_the_same_placeholders(messages: dict[str, dict[str, str]]) -> None:
    differ = {
        key: (sorted(placeholders(entry["en"])), sorted(placeholders(entry["ko"])))
        for key, entry in messages.items()
        if placeholders(entry["en"]) != placeholders(entry["ko"])
    }
    assert differ == {}


def test_placeholder_parity_check_can_fail() -> None:
    assert placeholders("{a} and {b!r:>5}") == {"a", "b"}
    assert placeholders("{a}") != placeholders("{a} {b}")


# --- the glossary's rules, on every message (lessons/ko/glossary.md is the one source) ----------


def _findings(messages: dict[str, dict[str, str]], rule: Callable[[str], list[str]]) -> list[str]:
    return [
        f"{key}: {hit}" for key, entry in messages.items() for hit in rule(message_prose(entry["ko"]))
    ]


def test_messages_use_no_word_the_glossary_avoids(messages: dict[str, dict[str, str]]) -> None:
    """The words of the glossary's "not to use" table (강좌, task, 은(는), 지표, 자원 ...)."""
    found = _findings(messages, forbidden_variants)
    assert found == [], "\n".join(["edit the Korean text (lessons/ko/glossary.md#avoid):", *found])


def test_messages_carry_no_glosses(messages: dict[str, dict[str, str]]) -> None:
    """A message says 매개변수, not 매개변수(parameter), and never 'Pipeline(파이프라인)'."""
    found = _findings(
        messages,
        lambda text: [f"{ko}({en})" for ko, en in glosses(text)] + readings_outside_home(text),
    )
    assert found == [], "\n".join(
        ["write the Korean term alone (glossary: no glosses in messages):", *found]
    )


def test_particles_after_english_words_fit(messages: dict[str, dict[str, str]]) -> None:
    """'--arg는', 'kfp를': a particle written after a fixed English word fits its reading."""
    found = _findings(messages, lambda text: particle_mismatches(text, all_code=True))
    assert found == [], "\n".join(found)


def test_message_checks_can_fail() -> None:
    bad = {
        "k": {
            "en": "x",
            "ko": "'{c}' 매개변수(parameter)가 없습니다. add task가 kind을(를) 지표로 float을",
        }
    }
    assert _findings(bad, forbidden_variants) and _findings(bad, particle_mismatches)
    assert _findings(bad, lambda text: [str(g) for g in glosses(text)])
    assert not _findings(
        {"k": {"en": "x", "ko": "'{task}' 태스크를 {tool}(을) 설치하세요"}}, forbidden_variants
    )


# --- every message a learner sees is in Korean, help texts included --------------------------

# The first word of a message that is a command to copy, the same in both languages.
COMMANDS = ("pip", "sudo", "python", "python3", "kfp-tutorial", "kubectl", "export")
# Code and names inside a text, which stay English: options, $VARIABLES, paths and URLs,
# quoted or braced text, NAME=VALUE and upper-case metavars, file names.
_NOT_PROSE = re.compile(
    r"""(?x) --?[\w-]+ | \$\w+ | \S*[/\\]\S* | https?:\S+ | '[^']*' | "[^"]*" | `[^`]*`
    | \{[^}]*\} | \[[^\]]*\] | \S+=\S* | \b[A-Z][A-Z0-9_]+\b | \S+\.\w+"""
)
_ENGLISH_PROSE = re.compile(r"\b[a-z]{2,}[ \n][a-z]{2,}\b")  # one space: not a column gap


def english_prose(text: str) -> list[str]:
    """Runs of English words left in ``text`` once code and names are taken out."""
    return _ENGLISH_PROSE.findall(_NOT_PROSE.sub(" ", text))


def untranslated(en: str, ko: str) -> bool:
    """A Korean text that is still English: no Hangul where the English has prose."""
    if re.search("[가-힣]", ko):
        return False
    first = en.split(maxsplit=1)[0] if en.strip() else ""
    return bool(english_prose(ko)) and first not in COMMANDS


def test_every_message_has_korean(messages: dict[str, dict[str, str]]) -> None:
    found = [key for key, entry in messages.items() if untranslated(entry["en"], entry["ko"])]
    assert found == [], (
        "messages whose Korean is still English; write the Korean in the module's "
        f"register_messages(...) entry: {found}"
    )


def test_untranslated_check_can_fail() -> None:
    assert untranslated("install it: {link}", "install it: {link}")
    assert untranslated("show kfp's own logs", "show kfp's own logs")
    assert not untranslated("pip install {spec}", "pip install {spec}")
    assert not untranslated("Artifact", "Artifact") and not untranslated("null", "null")
    assert not untranslated("a bearer token (default: $KFP_TOKEN)", "bearer 토큰 (기본값: $KFP_TOKEN)")
    assert english_prose("--host URL, e.g. http://localhost:8080 or cluster/images.txt") == []


def help_texts(parser: argparse.ArgumentParser, where: str) -> list[tuple[str, str]]:
    """(where, text) of the description, epilog and every help of ``parser`` and of each of
    its subcommands, and each one's formatted help (argparse's own words included)."""
    found = [(f"{where} (formatted)", parser.format_help().split("\n\n", 1)[-1])]
    found += [(where, text) for text in (parser.description, parser.epilog) if text]
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            found.append((f"{where} {'/'.join(action.option_strings) or action.dest}", action.help))
        if isinstance(action, argparse._SubParsersAction):
            found += [
                (f"{where} {choice.dest}", choice.help or "") for choice in action._choices_actions
            ]
            for name, sub in action.choices.items():
                found += help_texts(sub, f"{where} {name}")
    return found


def korean_help_texts() -> list[tuple[str, str]]:
    """Every help text of every parser the CLI builds (all commands and subcommands), in Korean."""
    from kfp_tutorial.cli.parser import build_parser

    i18n.set_lang("ko")
    try:
        with translated_argparse():
            return help_texts(build_parser(None), "kfp-tutorial")
    finally:
        i18n.set_lang("en")


def test_every_help_text_is_korean() -> None:
    """``kfp-tutorial [COMMAND ...] --help`` in Korean has no English sentence left."""
    texts = korean_help_texts()
    assert len(texts) > 100, "the walk found too few parsers and options"
    found = [
        f"{where}: {english_prose(text)} in {text!r}" for where, text in texts if english_prose(text)
    ]
    assert found == [], "\n".join(
        [
            "help texts still in English; pass help=t(KEY) with a message registered in "
            "both languages (kfp_tutorial.i18n.register_messages):",
            *found,
        ]
    )


def test_help_walk_finds_english_help_in_a_subcommand() -> None:
    parser = argparse.ArgumentParser(prog="p", description="설명")
    parser.add_argument("--host", help="주소")
    sub = parser.add_subparsers()
    sub.add_parser("up", help="만듭니다").add_argument("--fast", help="skip the slow checks")
    english = [(where, text) for where, text in help_texts(parser, "p") if english_prose(text)]
    assert ("p up --fast", "skip the slow checks") in english
    assert not any(where in ("p", "p --host", "p up") for where, _ in english)


def test_every_message_formats_in_both_languages(messages: dict[str, dict[str, str]]) -> None:
    for entry in messages.values():
        values = {name: "x" for name in placeholders(entry["en"])}
        for lang in ("en", "ko"):
            try:
                render(entry[lang], lang, **values)
            except (ValueError, TypeError):  # numeric format specs: give numbers
                render(entry[lang], lang, **dict.fromkeys(values, 1))


# --- argparse ------------------------------------------------------------------------------


def test_argparse_words_are_translated_inside_the_block_only() -> None:
    i18n.set_lang("ko")
    try:
        with translated_argparse():
            parser = argparse.ArgumentParser(prog="p")
            parser.add_argument("x")
            text = parser.format_help()
        assert "사용법: p" in text and "위치 인자" in text and "이 도움말을 보여 주고 끝냅니다" in text
        outside = argparse.ArgumentParser(prog="p").format_help()
        assert "usage: p" in outside and "show this help message and exit" in outside
    finally:
        i18n.set_lang("en")


def test_argparse_table_has_no_english_left() -> None:
    assert all(re.search("[가-힣]", korean) for korean in KOREAN.values())


def test_long_values_are_shortened_in_every_message_but_logs_and_messages_are_not() -> None:
    from kfp_tutorial.i18n import LONGEST_VALUE, Message, shorten

    long = "x" * 100_000
    shown = str(shorten(long))
    assert len(shown) < LONGEST_VALUE and shown.endswith("(100,000 characters)")
    assert shorten("x" * LONGEST_VALUE) == "x" * LONGEST_VALUE
    log = "line\n" * 1000
    assert shorten(log) == log  # a task's log is meant to be read whole
    inner = Message("already a message " + "y" * 600)
    assert shorten(inner) is inner
    assert len(str(shorten(list(range(10_000))))) < LONGEST_VALUE
    i18n.set_lang("en")
    assert "(100,002 characters)" in i18n.t("bad_arg_syntax", raw=long)  # its repr: 2 quotes


# Placeholders that hold a count: the word after one must follow it ({n} {n:task|tasks}).
_COUNT = re.compile(
    r"\{(?P<name>count|tasks|records|learners|size|entries|expected|done|total|n|ok|cells|notebooks)"
    r"(?:![rs])?\} "
    r"(?P<word>[a-z]+)"
)


def test_a_word_after_a_count_agrees_with_it() -> None:
    """No "(1 tasks)" and no "task(s)": English templates pick the word by the count."""
    import pkgutil

    import kfp_tutorial
    import tools

    for package, prefix in ((kfp_tutorial, "kfp_tutorial."), (tools, "tools.")):
        for module in pkgutil.walk_packages(package.__path__, prefix):
            if not module.name.endswith("__main__") and ".mkdocs" not in module.name:
                importlib.import_module(module.name)  # every module's messages are registered

    bad = []
    for key, entry in i18n.MESSAGES.items():
        english = entry["en"]
        if "(s)" in english:
            bad.append(f"{key}: (s)")
        for match in _COUNT.finditer(english):
            if match["word"].endswith("s"):  # a plural noun right after a count
                bad.append(f"{key}: {match.group(0)}")
    assert bad == []


@pytest.mark.parametrize("count, word", [(0, "tasks"), (1, "task"), (2, "tasks"), (1.0, "task")])
def test_the_plural_spec_picks_the_word(count: float, word: str) -> None:
    assert i18n.render("{n} {n:task|tasks}", "en", n=count) == f"{count} {word}"
    assert i18n.render("태스크 {n}개", "ko", n=count) == f"태스크 {count}개"


# --- the run summary's columns line up under their titles, in both languages -----------------


def column_spans(line: str) -> list[tuple[int, int]]:
    """(first, last + 1) display column of each space-separated cell of a table line."""
    return [
        (display_width(line[: match.start()]), display_width(line[: match.end()]))
        for match in re.finditer(r"\S+", line)
    ]


SUMMARY_ALIGN = "<<><>"  # lesson, pipeline: left; tasks: right; status: left; seconds: right
NAME = st.from_regex(r"[a-z0-9][a-z0-9_.:-]{0,20}", fullmatch=True)
SUMMARY_ROWS = st.lists(
    st.tuples(
        NAME,
        NAME,
        st.one_of(st.just("-"), st.integers(0, 9999).map(str)),
        st.sampled_from(["SUCCESS", "FAILURE", "CANCELED", "SKIPPED"]),
        st.one_of(st.just("-"), st.floats(0, 99999, allow_nan=False).map(lambda s: f"{s:.1f}")),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.parametrize("lang", ["en", "ko"])
@settings(max_examples=30)
@given(rows=SUMMARY_ROWS)
def test_run_summary_columns_align_with_their_titles(
    lang: str, rows: list[tuple[str, str, str, str, str]]
) -> None:
    import contextlib
    import io

    from kfp_tutorial.cli.local import print_summary

    i18n.set_lang(lang)
    try:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            print_summary(rows, 1.0)
    finally:
        i18n.set_lang("en")
    header, *lines = out.getvalue().strip("\n").splitlines()[:-1]  # the last line is the total
    titles = column_spans(header)
    assert len(titles) == len(SUMMARY_ALIGN), header
    for line in lines:
        cells = column_spans(line)
        assert len(cells) == len(titles), line
        for title, cell, align in zip(titles, cells, SUMMARY_ALIGN, strict=True):
            edge = 0 if align == "<" else 1
            assert title[edge] == cell[edge], f"{header!r} / {line!r}: a column is off its title"


def test_column_check_can_fail() -> None:
    assert column_spans("수업 ab") == [(0, 4), (5, 7)]
    # '태스크' in a 5-column right-aligned field overflows by one and pushes what follows
    header = render("{a:<4} {t:>5}  {s:<4}", "ko", a="수업", t="태스크", s="상태")
    row = render("{a:<4} {t:>5}  {s:<4}", "ko", a="x", t="3", s="OK")
    assert column_spans(header)[2][0] != column_spans(row)[2][0]
