"""Messages: particles chosen by the final sound, columns by display width, both languages in step.

Every module that registers messages is imported, so the checks cover every message a
learner can see, not only the CLI's.
"""

from __future__ import annotations

import argparse
import importlib
import re

import pytest

from kfp_tutorial import i18n
from kfp_tutorial.i18n import MESSAGES, placeholders, render
from kfp_tutorial.i18n.argparse_text import KOREAN, translated_argparse
from kfp_tutorial.i18n.korean import attach, final_sound, fix_markers, josa
from kfp_tutorial.i18n.width import display_width, pad


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

PARTICLE_TEMPLATES = (
    "은(는)",
    "는(은)",
    "을(를)",
    "를(을)",
    "이(가)",
    "가(이)",
    "와(과)",
    "과(와)",
    "(으)로",
)


def test_no_message_writes_a_particle_template(messages: dict[str, dict[str, str]]) -> None:
    found = [
        (key, template)
        for key, entry in messages.items()
        for template in PARTICLE_TEMPLATES
        if template in entry["ko"]
    ]
    assert found == []


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


# (forbidden variant, what the glossary uses instead)
GLOSSARY_VARIANTS = [
    ("강좌", "과정"),
    ("코스", "과정"),
    ("쿠버네티스", "Kubernetes"),
    ("파드", "Pod"),
    ("경량 Component", "가벼운 Python Component"),
    ("파이썬 ", "Python"),
]


@pytest.mark.parametrize("variant, instead", GLOSSARY_VARIANTS)
def test_messages_use_the_glossary_terms(
    messages: dict[str, dict[str, str]], variant: str, instead: str
) -> None:
    found = [key for key, entry in messages.items() if variant in entry["ko"]]
    assert found == [], f"use {instead!r}"


def test_artifact_stays_english(messages: dict[str, dict[str, str]]) -> None:
    found = [
        key
        for key, entry in messages.items()
        if "아티팩트" in entry["ko"].replace("Artifact(아티팩트)", "")
    ]
    assert found == []


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
