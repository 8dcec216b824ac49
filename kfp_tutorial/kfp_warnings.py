"""kfp's own warnings that a learner meets on every run, said once in the course's words.

kfp 2.17 warns, for every ``@dsl.component`` without ``base_image``, that the default image
will change from python:3.11 to python:3.12 on 1 October 2027: in English, in a block of text,
once per component. A learner's file with five components prints it five times. Here it is
said once per process, in the learner's language, with what to do; every other warning is
shown as Python shows it.

Used in: the command line (``kfp-tutorial``) and every notebook (``use_notebook_language``).
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any, TextIO

from kfp_tutorial.i18n import register_messages, t

register_messages(
    {
        "warn_base_image": {
            "en": "note: a component without base_image= runs on kfp's default image, python:3.11 "
            "today and python:3.12 from 1 October 2027 (kfp's FutureWarning). To keep your "
            'components as they are, give each one an image: @dsl.component(base_image="python:3.11").',
            "ko": "참고: base_image=가 없는 Component는 kfp의 기본 이미지에서 실행됩니다. 지금은 "
            "python:3.11이고 2027년 10월 1일부터 python:3.12입니다(kfp의 FutureWarning). Component를 "
            '지금처럼 유지하려면 @dsl.component(base_image="python:3.11")처럼 이미지를 정하세요.',
        },
    }
)

_BASE_IMAGE = re.compile(r"default base_image used by the @dsl\.component decorator will switch")
_state: dict[str, Any] = {"installed": False, "said": False, "original": None}


def _show(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    if issubclass(category, FutureWarning) and _BASE_IMAGE.search(str(message)):
        if not _state["said"]:
            _state["said"] = True
            print(t("warn_base_image"), file=file or sys.stderr)
        return
    _state["original"](message, category, filename, lineno, file, line)


def explain_kfp_warnings() -> None:
    """Say kfp's base-image FutureWarning once, in the learner's language (idempotent)."""
    if _state["installed"]:
        return
    _state["original"] = warnings.showwarning
    warnings.showwarning = _show
    # kfp warns once per component (a new source line each time): let each reach _show
    warnings.filterwarnings("always", category=FutureWarning, message=".*default base_image.*")
    _state["installed"] = True
