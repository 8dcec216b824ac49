"""The particle helper reads English words, code names and numbers as Korean says them.

``kfp_tutorial.i18n.korean`` picks 은/는, 을/를, 으로/로 ... by the final sound of the word
before the particle. For Hangul and numbers that sound is computed; for English it follows
the rules of Korean loanword spelling with a few exceptions. Here the rules are held to a
table of readings a Korean engineer uses (the Hangul is the truth: its last syllable's
final consonant is read off the Unicode code point, independently of the helper), and
hypothesis builds the code names a message or page really writes around those words
(``set_gpu_limit``, ``ContainerOp``, ``Output[Dataset]``, ``'float'``, ``run_local()``) and
numbers of every size, read by a small Sino-Korean reader written here.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kfp_tutorial.i18n.korean import PAIRS, final_sound, josa

# English word -> how Korean engineers read it (표준 외래어 표기 where it is used, else
# the reading heard in Korean tech talks and written in PyTorch Korea's tutorials).
READINGS: dict[str, str] = {
    # the words the issue named, and their kind
    "float": "플로트",
    "check": "체크",
    "metric": "메트릭",
    "spec": "스펙",
    "limit": "리밋",
    "op": "옵",
    "dataset": "데이터셋",
    "int": "인트",
    "bool": "불",
    "str": "에스티알",
    "dict": "딕트",
    "list": "리스트",
    "tuple": "튜플",
    "none": "논",
    "true": "트루",
    "false": "폴스",
    "null": "널",
    "nan": "난",
    # the course's own vocabulary
    "pipeline": "파이프라인",
    "component": "컴포넌트",
    "artifact": "아티팩트",
    "task": "태스크",
    "kind": "카인드",
    "docker": "도커",
    "python": "파이썬",
    "kubeflow": "큐브플로",
    "kubernetes": "쿠버네티스",
    "kubectl": "큐브컨트롤",
    "pod": "파드",
    "node": "노드",
    "cluster": "클러스터",
    "runner": "러너",
    "executor": "익스큐터",
    "client": "클라이언트",
    "compiler": "컴파일러",
    "condition": "컨디션",
    "collected": "컬렉티드",
    "handler": "핸들러",
    "metrics": "메트릭스",
    "model": "모델",
    "markdown": "마크다운",
    "input": "인풋",
    "output": "아웃풋",
    "path": "패스",
    "importer": "임포터",
    "secret": "시크릿",
    "volume": "볼륨",
    "claim": "클레임",
    "map": "맵",
    "default": "디폴트",
    "account": "어카운트",
    "constraint": "컨스트레인트",
    "selector": "셀렉터",
    "toleration": "톨러레이션",
    "taint": "테인트",
    "accelerator": "액셀러레이터",
    "request": "리퀘스트",
    "variable": "베리어블",
    "env": "엔브",
    "caching": "캐싱",
    "cache": "캐시",
    "loop": "루프",
    "for": "포",
    "if": "이프",
    "elif": "엘리프",
    "else": "엘스",
    "of": "오브",
    "after": "애프터",
    "local": "로컬",
    "notebook": "노트북",
    "jupyter": "주피터",
    "chromium": "크로미움",
    "git": "깃",
    "github": "깃허브",
    "hub": "허브",
    "minio": "미니오",
    "argo": "아르고",
    "dex": "덱스",
    "workflow": "워크플로",
    "manifest": "매니페스트",
    "kustomize": "커스터마이즈",
    "cron": "크론",
    "schedule": "스케줄",
    "experiment": "익스페리먼트",
    "archive": "아카이브",
    "recurring": "리커링",
    "filter": "필터",
    "sort": "소트",
    "namespace": "네임스페이스",
    "token": "토큰",
    "cookie": "쿠키",
    "session": "세션",
    "host": "호스트",
    "port": "포트",
    "url": "유알엘",
    "uri": "유알아이",
    "api": "에이피아이",
    "sdk": "에스디케이",
    "ui": "유아이",
    "cpu": "시피유",
    "gpu": "지피유",
    "pvc": "피브이시",
    "csv": "시에스브이",
    "html": "에이치티엠엘",
    "yaml": "야믈",
    "json": "제이슨",
    "http": "에이치티티피",
    "id": "아이디",
    "ok": "오케이",
    "os": "오에스",
    "ml": "엠엘",
    "png": "피엔지",
    "npm": "엔피엠",
    "pdf": "피디에프",
    "kfp": "케이에프피",
    # everyday programming words, one or more for each spelling rule
    "file": "파일",
    "table": "테이블",
    "pool": "풀",
    "shell": "셸",
    "install": "인스톨",
    "module": "모듈",
    "name": "네임",
    "line": "라인",
    "time": "타임",
    "run": "런",
    "sum": "섬",
    "string": "스트링",
    "link": "링크",
    "stack": "스택",
    "click": "클릭",
    "block": "블록",
    "callback": "콜백",
    "web": "웹",
    "tab": "탭",
    "job": "잡",
    "lab": "랩",
    "club": "클럽",
    "app": "앱",
    "step": "스텝",
    "setup": "셋업",
    "zip": "집",
    "pip": "핍",
    "help": "헬프",
    "dump": "덤프",
    "group": "그룹",
    "format": "포맷",
    "commit": "커밋",
    "split": "스플릿",
    "fit": "핏",
    "get": "겟",
    "set": "셋",
    "target": "타깃",
    "bucket": "버킷",
    "budget": "버짓",
    "layout": "레이아웃",
    "timeout": "타임아웃",
    "test": "테스트",
    "script": "스크립트",
    "import": "임포트",
    "print": "프린트",
    "object": "오브젝트",
    "result": "리절트",
    "sheet": "시트",
    "root": "루트",
    "wait": "웨이트",
    "bit": "비트",
    "kit": "키트",
    "hit": "히트",
    "logic": "로직",
    "topic": "토픽",
    "public": "퍼블릭",
    "sync": "싱크",
    "book": "북",
    "hook": "훅",
    "week": "위크",
    "desk": "데스크",
    "work": "워크",
    "log": "로그",
    "tag": "태그",
    "debug": "디버그",
    "config": "컨피그",
    "build": "빌드",
    "cloud": "클라우드",
    "read": "리드",
    "user": "유저",
    "server": "서버",
    "error": "에러",
    "class": "클래스",
    "status": "스테이터스",
    "index": "인덱스",
    "box": "박스",
    "graph": "그래프",
    "hash": "해시",
    "batch": "배치",
    "key": "키",
    "policy": "폴리시",
    "flow": "플로",
    "view": "뷰",
    "code": "코드",
    "image": "이미지",
    "note": "노트",
    "base": "베이스",
    "size": "사이즈",
    "service": "서비스",
    "make": "메이크",
    "pipe": "파이프",
    "scope": "스코프",
    "type": "타입",
    "prototype": "프로토타입",
    "template": "템플릿",
    "private": "프라이빗",
    "update": "업데이트",
    "site": "사이트",
    "value": "밸류",
    "queue": "큐",
    "core": "코어",
    "store": "스토어",
    "kube": "큐브",
    "data": "데이터",
    "schema": "스키마",
    "info": "인포",
    "repo": "리포",
    "menu": "메뉴",
    "cli": "시엘아이",
    "diff": "디프",
    "off": "오프",
}


# Code as pages and messages write it -> how it is read.
CODE_READINGS: dict[str, str] = {
    "S3": "에스쓰리",
    "EC2": "이씨투",
    "v1": "브이원",
    "python3": "파이썬쓰리",
    "kfp 2": "케이에프피 이",
    "Python 3.11": "파이썬 삼 점 일일",
    "8080": "팔천팔십",
    "set_retry(num_retries=3, backoff_factor=2.0)": "셋 리트라이",
    "dsl.If(x == 1)": "디에스엘 이프 엑스 이퀄 일",
    "run_local()": "런 로컬",
    "top_features(model: Input[Model], count: int)": "톱 피처스",
    "figure.png": "피겨 피엔지",
    "OutputPath(Dataset)": "아웃풋패스 데이터셋",
    'dsl.InputPath("Dataset")': "인풋패스 데이터셋",
    "notebooks/exercises/en/": "엔",
    "Output[Dataset]": "아웃풋 데이터셋",
    "'kind'": "카인드",
    "`x.yaml`": "엑스 야믈",
}


def hangul_final(reading: str) -> str | None:
    """The final sound of a Hangul word, from its last syllable's code point alone."""
    jong = (ord(reading[-1]) - 0xAC00) % 28
    return None if jong == 0 else ("l" if jong == 8 else "c")


def expected_josa(sound: str | None, pair: str) -> str:
    consonant, vowel = PAIRS[pair]
    if pair == "으로/로":
        return consonant if sound == "c" else vowel
    return vowel if sound is None else consonant


def test_readings_are_hangul() -> None:
    assert all("가" <= ch <= "힣" for reading in READINGS.values() for ch in reading)


@pytest.mark.parametrize("word", sorted(READINGS))
def test_an_english_word_takes_the_particle_of_its_reading(word: str) -> None:
    assert final_sound(word) == hangul_final(READINGS[word]), READINGS[word]


@pytest.mark.parametrize("code", sorted(CODE_READINGS))
def test_code_takes_the_particle_of_how_it_is_read(code: str) -> None:
    assert final_sound(code) == hangul_final(CODE_READINGS[code]), CODE_READINGS[code]


def test_the_issue_words() -> None:
    assert josa("float", "을/를") == "를"  # 플로트를
    assert josa("check", "을/를") == "를"  # 체크를
    assert josa("metric", "을/를") == "을"  # 메트릭을
    assert josa("spec", "을/를") == "을"  # 스펙을
    assert josa("set_gpu_limit", "은/는") == "은"  # 리밋은
    assert josa("OutputPath(Dataset)", "이나/나") == "이나"  # 데이터셋이나
    assert josa("ContainerOp", "은/는") == "은"  # 옵은


# --- code names built around the words, as pages and messages write them -----------------

WORDS = sorted(READINGS)
IDENTIFIER = st.from_regex(r"[a-z][a-z0-9]{0,7}", fullmatch=True)


def _camel(word: str) -> str:
    return word[:1].upper() + word[1:]


@st.composite
def code_names(draw: st.DrawFn) -> tuple[str, str]:
    """A code name that ends in a table word, and that word."""
    word = draw(st.sampled_from(WORDS))
    shape = draw(st.sampled_from(["snake", "camel", "dotted", "plain"]))
    prefix = draw(st.lists(IDENTIFIER, min_size=1, max_size=3))
    if shape == "snake":
        name = "_".join([*prefix, word])
    elif shape == "camel" and not (word.isupper() or len(word) <= 3):
        name = "".join(_camel(part) for part in prefix) + _camel(word)
    elif shape == "dotted":
        name = ".".join([*prefix, word])
    else:
        name = word
    wrapper = draw(st.sampled_from(["{}", "`{}`", "'{}'", '"{}"', "{}()", "`{}()`", "X[{}]", "f({})"]))
    return wrapper.format(name), word


@given(code_names(), st.sampled_from(sorted(PAIRS)))
def test_a_code_name_takes_the_particle_of_its_last_word(case: tuple[str, str], pair: str) -> None:
    name, word = case
    assert josa(name, pair) == expected_josa(hangul_final(READINGS[word]), pair), (name, word)


# --- numbers and Hangul -------------------------------------------------------------------

_DIGIT_NAMES = "영일이삼사오육칠팔구"
_SMALL_UNITS = ["", "십", "백", "천"]
_BIG_UNITS = ["", "만", "억", "조", "경"]


def read_number(n: int) -> str:
    """A non-negative integer read in Sino-Korean: 10 십, 8080 팔천팔십, 10000 만, 3 삼."""
    if n == 0:
        return "영"
    words = []
    for big, unit in enumerate(_BIG_UNITS):
        group = n // 10 ** (4 * big) % 10_000
        if not group:
            continue
        text = ""
        if unit == "만" and group == 1:
            words.append(unit)  # 만, not 일만
            continue
        for small in range(3, -1, -1):
            digit = group // 10**small % 10
            if digit:
                name = "" if digit == 1 and small else _DIGIT_NAMES[digit]
                text += name + _SMALL_UNITS[small]
        words.append(text + unit)
    return " ".join(reversed(words))


def test_number_reader() -> None:
    assert read_number(8080) == "팔천팔십"
    assert read_number(10_000) == "만"
    assert read_number(120_000_005) == "일억 이천만 오"


@given(st.integers(min_value=0, max_value=10**19 - 1), st.sampled_from(sorted(PAIRS)))
def test_a_number_takes_the_particle_of_its_korean_reading(n: int, pair: str) -> None:
    reading = read_number(n)
    assert josa(str(n), pair) == expected_josa(hangul_final(reading), pair), reading


@given(st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=6))
def test_a_hangul_word_takes_the_particle_of_its_last_syllable(word: str) -> None:
    for pair in PAIRS:
        assert josa(word, pair) == expected_josa(hangul_final(word), pair)
