"""The environment variables the course reads: one table, each checked as the option it
stands for.

``--lang fr`` was refused while ``KFP_TUTORIAL_LANG=fr`` fell back to English without a
word, and ``KFP_TUTORIAL_CACHE=maybe`` meant "off". Every variable is a row of
:data:`SETTINGS` with a checker; :func:`check_environment` runs them all at every entry
point (the CLI, ``run_local``, ``check_exercise``, ``show_report``), so a value that an
option would refuse is refused the same way, with the variable named, before anything
runs. Modules read their variable through :func:`env_text` / :func:`env_flag` (a test holds
every ``KFP_*`` name in the source to this table).
Used in: every entry point.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages
from kfp_tutorial.versions import LANGS

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")

register_messages(
    {
        "env_bad_flag": {
            "en": "{name}={value!r} is neither on nor off. Set {name}=1 (or true, yes, on), "
            "{name}=0 (or false, no, off), or unset it.",
            "ko": "{name}={value!r}(은) 켜기도 끄기도 아닙니다. {name}=1(또는 true, yes, on)이나 "
            "{name}=0(또는 false, no, off)으로 설정하거나 변수를 지우세요.",
        },
        "env_bad_lang": {
            "en": "{name}={value!r}: the course speaks {valid}. Set {name} to one of them (as "
            "--lang takes), or unset it.",
            "ko": "{name}={value!r}: 이 과정은 {valid}만 지원합니다. --lang처럼 둘 중 하나로 "
            "설정하거나 변수를 지우세요.",
        },
        "env_bad_seconds": {
            "en": "{name}={value!r} is not a number of seconds greater than 0. Set it to e.g. "
            "{name}=300, or unset it.",
            "ko": "{name}={value!r}(은) 0보다 큰 초 단위 숫자가 아닙니다. {name}=300처럼 설정하거나 "
            "변수를 지우세요.",
        },
        "env_bad_text": {
            "en": "{name} is set to {length} characters; it is meant for a short name. Set a "
            "shorter one, or unset it.",
            "ko": "{name}에 {length}자가 들어 있습니다. 짧은 이름을 넣는 변수이니 더 짧게 설정하거나 "
            "변수를 지우세요.",
        },
    }
)


def _flag(name: str, value: str) -> None:
    if value.lower() not in TRUE + FALSE:
        raise TutorialError("env_bad_flag", name=name, value=value)


def _lang(name: str, value: str) -> None:
    if value.lower() not in LANGS:
        raise TutorialError("env_bad_lang", name=name, value=value, valid=", ".join(LANGS))


def _seconds(name: str, value: str) -> None:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise TutorialError("env_bad_seconds", name=name, value=value)


def _short_text(name: str, value: str) -> None:
    if len(value) > 200:
        raise TutorialError("env_bad_text", name=name, length=len(value))


def _any(name: str, value: str) -> None:
    """Checked where it is used (a path through the write policy, a host by its parser)."""


@dataclass(frozen=True)
class Setting:
    """One environment variable: what it stands for and how its value is checked."""

    name: str
    stands_for: str  # the option or meaning, for the docs and messages
    check: Callable[[str, str], None]


SETTINGS: tuple[Setting, ...] = (
    Setting("KFP_TUTORIAL_LANG", "--lang", _lang),
    Setting("KFP_TUTORIAL_OUTPUT_DIR", "--output-dir (checked by the write policy)", _any),
    Setting("KFP_TUTORIAL_CACHE", "--cache", _flag),
    Setting("KFP_TUTORIAL_SKIP_PIP", "skip kfp.local's pip step when nothing would change", _flag),
    Setting("KFP_TUTORIAL_ALLOW_KFP", "try a kfp the runner was not tested with", _flag),
    Setting("KFP_TUTORIAL_PROGRESS_FILE", "where check_exercise records attempts", _any),
    Setting("KFP_TUTORIAL_LEARNER", "the learner's name in the progress record", _short_text),
    Setting("KFP_TUTORIAL_CHECK_TIMEOUT", "check_exercise's time limit, in seconds", _seconds),
    Setting("KFP_HOST", "--host (checked by the connection's parser)", _any),
    Setting("KFP_NAMESPACE", "--namespace", _any),
    Setting("KFP_TOKEN", "--token", _any),
    Setting("KFP_COOKIE", "--cookie", _any),
    Setting("KF_PIPELINES_SA_TOKEN_PATH", "the ServiceAccount token file (kfp.Client's)", _any),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def env_text(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name`` without surrounding space; None when unset or empty."""
    if name not in BY_NAME:
        raise KeyError(f"{name} is not in kfp_tutorial.settings.SETTINGS")
    value = (os.environ if env is None else env).get(name, "").strip()
    return value or None


def env_flag(name: str, default: bool) -> bool:
    """An on/off variable: ``default`` when unset; a value that is neither is a TutorialError."""
    value = env_text(name)
    if value is None:
        return default
    _flag(name, value)
    return value.lower() in TRUE


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Check every variable of :data:`SETTINGS` that is set; the first bad one is a
    TutorialError naming it. Cheap: no imports, nothing written."""
    for setting in SETTINGS:
        value = env_text(setting.name, env)
        if value is not None:
            setting.check(setting.name, value)
