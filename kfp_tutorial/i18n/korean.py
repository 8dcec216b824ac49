"""Korean particles chosen by the final sound of the word they follow.

A Korean particle has two forms: 은/는, 이/가, 을/를, 과/와, 으로/로 ... The first follows a
word that ends in a consonant (받침), the second a word that ends in a vowel. Messages
substitute names the course does not know in advance (``kind``, ``7``, ``out.yaml``), so
the form is chosen here, after the name is known, instead of writing '은(는)' templates.

:func:`josa` reads Hangul syllables by their final consonant, digits as Korean numbers
(1 일, 2 이, 3 삼 ... 10 십, 100 백), and Latin words and acronyms by a small table of
their usual reading. :func:`fix_markers` rewrites the markers a template writes after a
placeholder, ``{name}(은)``, into the right form for the substituted value.

Used in: every Korean message of the CLI (through :func:`kfp_tutorial.i18n.t`).
"""

from __future__ import annotations

import re

# (form after a consonant, form after a vowel). 으로/로 also takes 로 after ㄹ.
PAIRS: dict[str, tuple[str, str]] = {
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
    "이라는/라는": ("이라는", "라는"),
    "이라고/라고": ("이라고", "라고"),
    "이나/나": ("이나", "나"),
    "이며/며": ("이며", "며"),
}
# Every form a template may write as a marker, to its pair.
_FORM_TO_PAIR = {form: pair for pair, forms in PAIRS.items() for form in forms}

_RIEUL = 8  # the index of ㄹ among the final consonants of a Hangul syllable

# Final sound of each digit read in Korean: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔,
# 9 구.
# Values: None for a vowel ending, "l" for ㄹ, "c" for another consonant.
_DIGITS: dict[str, str | None] = {
    "0": "c",
    "1": "l",
    "2": None,
    "3": "c",
    "4": None,
    "5": None,
    "6": "c",
    "7": "l",
    "8": "l",
    "9": None,
}
# Letter names: A 에이, B 비, ... L 엘, M 엠, N 엔, R 알; the rest end in a vowel.
_LETTERS: dict[str, str | None] = {"l": "l", "m": "c", "n": "c", "r": "l"}
# Words whose reading the spelling rules below get wrong, or that are read letter by letter.
_WORDS: dict[str, str | None] = {
    "kfp": None,  # 케이에프피
    "yaml": "l",  # 야믈
    "json": "c",  # 제이슨
    "html": "l",  # 에이치티엠엘
    "url": "l",  # 유알엘
    "kubectl": "l",  # 큐브컨트롤
    "bool": "l",  # 불
    "int": None,  # 인트
    "str": None,  # 스트링 is also said; 에스티알 ends in ㄹ: the course says 문자열 anyway
    "ui": None,  # 유아이
    "api": None,  # 에이피아이
    "cpu": None,
    "gpu": None,
    "pod": None,  # 파드
    "kind": None,  # 카인드
    "docker": None,  # 도커
    "python": "c",  # 파이썬
    "pipeline": "c",  # 파이프라인
    "component": None,  # 컴포넌트
    "artifact": None,  # 아티팩트
    "kubernetes": None,  # 쿠버네티스
    "chromium": "c",  # 크로미움
    "git": "c",  # 깃
}
_VOWELS = set("aeiou")


def _latin_ending(word: str) -> str | None:
    """The final sound of a Latin word: None (vowel), "l" (ㄹ) or "c" (another consonant)."""
    lower = word.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    # Short all-capital words without a vowel are read letter by letter (KFP, URL, CPU).
    if word.isupper() and (len(word) <= 2 or not _VOWELS & set(lower)):
        return _LETTERS.get(lower[-1])
    if lower.endswith("ng"):
        return "c"  # -ㅇ: string, running
    if lower.endswith(("le", "l")):
        return "l"  # file 파일, table 테이블, pool 풀
    if lower.endswith(("me", "ne", "m", "n")):
        return "c"  # name 네임, line 라인, sum 섬, run 런
    last, before = lower[-1], lower[-2:-1]
    if last in "kptb" and (before in _VOWELS or (last == "k" and before == "c")):
        return "c"  # stack 스택, map 맵, git 깃, web 웹; but task 태스크, port 포트
    return None  # kind 카인드, docker 도커, host 호스트, py 파이


def _number_ending(digits: str) -> str | None:
    """The final sound of a number read in Korean: 10 십, 100 백, 1000 천, 10000 만, 10^8 억."""
    stripped = digits.rstrip("0")
    if not stripped:
        return "c"  # 영
    zeros = len(digits) - len(stripped)
    if zeros == 0:
        return _DIGITS[digits[-1]]
    return "c" if zeros < 12 else None  # 십, 백, 천, 만 (10^4..10^7), 억 (10^8..10^11); 조


_TRAILING = re.compile(r"[\s'\"`’”)\]}>»]+$")
_LAST_TOKEN = re.compile(r"([0-9]+|[A-Za-z]+|[\uac00-\ud7a3])$")


def final_sound(word: str) -> str | None:
    """How ``word`` ends when read aloud: None (a vowel), "l" (ㄹ) or "c" (another consonant).

    Quotes and closing brackets are skipped: ``'kind'`` ends like ``kind``.
    """
    text = _TRAILING.sub("", word)
    match = _LAST_TOKEN.search(text)
    if match is None:
        return None
    token = match.group(1)
    if token.isdigit():
        return _number_ending(token)
    if "\uac00" <= token <= "\ud7a3":
        jong = (ord(token) - 0xAC00) % 28
        return None if jong == 0 else ("l" if jong == _RIEUL else "c")
    return _latin_ending(token)


def josa(word: str, pair: str) -> str:
    """The form of particle ``pair`` (e.g. ``"은/는"``) that follows ``word``.

    >>> josa("kind", "을/를"), josa("7", "은/는"), josa("파일", "으로/로")
    ('를', '은', '로')
    """
    consonant_form, vowel_form = PAIRS[pair]
    sound = final_sound(word)
    if pair == "으로/로":
        return consonant_form if sound == "c" else vowel_form
    return vowel_form if sound is None else consonant_form


def attach(word: str, pair: str) -> str:
    """``word`` followed by the right form of ``pair``: ``attach("kind", "을/를") == "kind를"``."""
    return word + josa(word, pair)


# A marker is one particle form in parentheses, right after the text it follows.
MARKER = re.compile(r"\((" + "|".join(sorted(map(re.escape, _FORM_TO_PAIR), key=len)[::-1]) + r")\)")


def fix_markers(preceding: str, text: str) -> str:
    """Replace each marker in ``text`` by the particle that fits what comes before it.

    ``preceding`` is the output written so far (the substituted value the marker follows).
    """
    out: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        before = preceding + "".join(out) + text[position : match.start()]
        out.append(text[position : match.start()])
        if not before or before[-1].isspace():  # not after a word: plain text in parentheses
            out.append(match.group(0))
            position = match.end()
            continue
        out.append(josa(before, _FORM_TO_PAIR[match.group(1)]))
        position = match.end()
    out.append(text[position:])
    return "".join(out)
