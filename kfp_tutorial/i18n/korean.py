"""Korean particles chosen by the final sound of the word they follow.

A Korean particle has two forms: 은/는, 이/가, 을/를, 과/와, 으로/로 ... The first follows a
word that ends in a consonant (받침), the second a word that ends in a vowel. Messages
substitute names the course does not know in advance (``kind``, ``7``, ``out.yaml``), so
the form is chosen here, after the name is known, instead of writing '은(는)' templates.

:func:`josa` reads Hangul syllables by their final consonant, digits as Korean numbers
(1 일, 2 이, 3 삼 ... 10 십, 100 백), acronyms letter by letter (KFP 케이에프피), and
English words and code names as Korean writes them (외래어 표기법: ``metric`` 메트릭을,
``float`` 플로트를, ``set_gpu_limit`` 리밋은), with a short table of exceptions.
:func:`fix_markers` rewrites the markers a template writes after a placeholder,
``{name}(은)``, into the right form for the substituted value.

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
# Words whose usual reading the spelling rules in :func:`_spelled_ending` get wrong, or
# that are read letter by letter although written in lower case. Each is a real exception
# (a test holds the rules to a table of readings: tests/unit/test_korean_particles.py).
_WORDS: dict[str, str | None] = {
    "str": "l",  # 에스티알
    "ok": None,  # 오케이
    "bit": None,  # 비트
    "kit": None,  # 키트
    "hit": None,  # 히트
    "sub": None,  # 서브
    "private": "c",  # 프라이빗
}
# Exceptions that compounds ending in them share: healthcheck 헬스체크, github 깃허브,
# prototype 프로토타입.
_ENDINGS: dict[str, str | None] = {
    "check": None,  # 체크: the usual reading, not 첵
    "hub": None,  # 허브
    "type": "c",  # 타입
    "template": "c",  # 템플릿
}
_VOWELS = set("aeiouy")
# Two vowel letters that spell a long vowel or a diphthong: after one, a final p/t/k is
# written with 으 (float 플로트, loop 루프, week 위크) and the word ends in a vowel.
_LONG = ("oa", "ee", "ea", "ai", "ei", "ie", "oo", "ui", "au")
# Pieces of a compound code name, e.g. ContainerOp -> Container, Op; HTMLParser -> HTML, Parser.
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def _latin_ending(word: str) -> str | None:
    """The final sound of a Latin word: None (vowel), "l" (ㄹ) or "c" (another consonant).

    A compound name is read by its last part (``ContainerOp`` by ``Op``, 옵). Acronyms
    are read letter by letter (KFP 케이에프피, URL 유알엘), other words by the rules of
    Korean loanword spelling (외래어 표기법) for their last letters, with the exceptions
    in ``_WORDS``.
    """
    parts = _PARTS.findall(word)
    last = parts[-1] if parts else word
    lower = last.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    for ending, sound in _ENDINGS.items():
        if lower.endswith(ending):
            return sound
    if len(lower) == 1 or not _VOWELS & set(lower) or (last.isupper() and len(last) <= 3):
        return _LETTERS.get(lower[-1])  # KFP, URL, CPU, html, png; a single letter: x, n
    return _spelled_ending(lower)


def _spelled_ending(word: str) -> str | None:
    """The final sound of an English word by how Korean writes its last letters.

    - ``l`` (and ``-le``) is ㄹ: file 파일, pool 풀, table 테이블.
    - ``m``, ``n``, ``ng`` (and ``-me``, ``-ne``) are consonants: name 네임, line 라인, string 스트링.
    - ``p``, ``t``, ``k``, ``c``, ``b`` after one short vowel are a 받침: map 맵, format 포맷,
      stack 스택, metric 메트릭, spec 스펙, web 웹; after a consonant or a long vowel they
      take 으 and end in a vowel: task 태스크, port 포트, help 헬프, float 플로트, loop 루프.
      ``-ook`` and ``-ou-`` keep the 받침: notebook 노트북, layout 레이아웃, group 그룹.
    - everything else ends in a vowel: kind 카인드, log 로그, user 유저, class 클래스,
      graph 그래프, key 키, and a silent ``e``: code 코드, image 이미지, note 노트.
    """
    if word.endswith(("le", "l")):
        return "l"
    if word.endswith(("me", "ne", "m", "n", "ng")):
        return "c"
    last = word[-1]
    if last not in "ptkcb":
        return None
    if word[-2:-1] == last:
        word = word[:-1]  # app 앱, butt 벗
    if last == "k" and word.endswith("ck"):
        return "c"  # stack 스택, click 클릭 (check is an exception)
    body = word[:-1]
    if not body or body[-1] not in _VOWELS:
        return None  # after a consonant: task 태스크, help 헬프, sync 싱크
    if body.endswith("oo"):
        return "c" if last == "k" else None  # notebook 노트북; loop 루프, root 루트
    if body.endswith("ou"):
        return "c"  # layout 레이아웃, group 그룹
    if body.endswith(_LONG):
        return None  # float 플로트, sheet 시트, week 위크
    return "c"


def _number_ending(digits: str) -> str | None:
    """The final sound of a number read in Korean: 10 십, 100 백, 1000 천, 10^4 만, 10^8 억,
    10^12 조, 10^16 경 (a number ending in zeros ends in the unit of its last non-zero digit)."""
    stripped = digits.lstrip("0").rstrip("0")
    if not stripped:
        return "c"  # 영
    zeros = len(digits) - len(digits.rstrip("0"))
    if zeros == 0:
        return _DIGITS[digits[-1]]
    if zeros < 4:
        return "c"  # 십, 백, 천
    return {1: "c", 2: "c", 3: None, 4: "c"}.get(zeros // 4)  # 만, 억, 조, 경 (십만 ends in 만)


_TRAILING = re.compile(r"[\s'\"`’”()\]}>».,:;…*/\\]+$")
_LAST_TOKEN = re.compile(r"([0-9]+|[A-Za-z]+|[\uac00-\ud7a3])$")
# A call with keyword arguments, or a signature, ends in something nobody reads out:
# `set_retry(num_retries=3)` and `f(x: int, table: Output[Markdown])` are read by their name.
_KEYWORD_CALL = re.compile(r"^(?P<name>.*?[\w.])\((?P<args>[^()]*(?:(?<![=!<>])=(?!=)|:)[^()]*)\)$")
# A single digit written right after letters is read in English: S3 에스쓰리, EC2 이씨투,
# v1 브이원, python3 파이썬쓰리 (0 제로, 1 원, 2 투, ... 7 세븐, 8 에잇, 9 나인).
_ENGLISH_DIGITS: dict[str, str | None] = dict.fromkeys("023456") | dict.fromkeys("1789", "c")


def final_sound(word: str) -> str | None:
    """How ``word`` ends when read aloud: None (a vowel), "l" (ㄹ) or "c" (another consonant).

    Quotes, closing brackets and a path's last slash are skipped (``'kind'`` ends like
    ``kind``, ``notebooks/en/`` like ``en``); a call with keyword arguments is read by its
    name.
    """
    text = _TRAILING.sub("", word.strip())
    call = _KEYWORD_CALL.match(word.strip().strip("`'\""))
    if call:
        text = call.group("name")
    match = _LAST_TOKEN.search(text)
    if match is None:
        return None
    token = match.group(1)
    if token.isdigit():
        before = text[: match.start()]
        if len(token) == 1 and before[-1:].isascii() and before[-1:].isalpha():
            return _ENGLISH_DIGITS[token]
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
