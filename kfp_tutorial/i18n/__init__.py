"""Messages in Korean and English, chosen by ``--lang``, ``KFP_TUTORIAL_LANG`` or the locale.

Every message a learner can see from the command line goes through :func:`t`, so a
Korean learner gets Korean errors and an English learner English ones.
Used in: every lesson (through the CLI and the runner).
"""

from __future__ import annotations

import locale
import os
import re
import string
import sys

from kfp_tutorial.versions import LANGS

_current: str | None = None


def detect_lang() -> str:
    """Pick the language from ``KFP_TUTORIAL_LANG``, then ``LC_ALL``/``LANG``, else English."""
    env = os.environ.get("KFP_TUTORIAL_LANG", "").lower()
    if env in LANGS:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def set_lang(lang: str | None) -> str:
    """Set the language for messages; ``None`` means detect it. Returns the language in use."""
    global _current
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    _current = lang or detect_lang()
    return _current


def get_lang() -> str:
    """The language messages are shown in."""
    return _current or set_lang(None)


# One entry per message: English and Korean side by side so they stay in step.
MESSAGES: dict[str, dict[str, str]] = {
    "unknown_lesson": {
        "en": "Unknown lesson {name!r}. Valid lessons: {valid}.",
        "ko": "'{name}'(이라는) 수업은 없습니다. 사용할 수 있는 수업: {valid}.",
    },
    "unknown_pipeline": {
        "en": "Lesson {lesson!r} has no pipeline {name!r}. Its pipelines: {valid}.",
        "ko": "'{lesson}' 수업에는 '{name}' Pipeline이 없습니다. 이 수업의 Pipeline: {valid}.",
    },
    "bad_arg_syntax": {
        "en": "--arg expects name=value, got {raw!r}.",
        "ko": "--arg는 이름=값 형식이어야 합니다. 받은 값: {raw!r}.",
    },
    "unknown_param": {
        "en": "Pipeline {pipeline!r} has no parameter {name!r}. Its parameters: {valid}.",
        "ko": (
            "'{pipeline}' Pipeline에는 '{name}' 매개변수가 없습니다. 사용할 수 있는 매개변수: {valid}."
        ),
    },
    "bad_param_type": {
        "en": "Parameter {name!r} of pipeline {pipeline!r} is {type}: {problem}. Give it as "
        "{example}, e.g. --arg {shell}",
        "ko": "'{pipeline}' Pipeline의 '{name}' 매개변수는 {type} 타입입니다. {problem}. "
        "{example} 같은 형태로 주세요 (예: --arg {shell})",
    },
    "file_not_found": {
        "en": "File not found: {path}. Give a Python file as path/to/file.py:pipeline_func.",
        "ko": (
            "{path} 파일을 찾을 수 없습니다. Python 파일을 path/to/file.py:pipeline_func 형식으로 "
            "지정하세요."
        ),
    },
    "bad_target": {
        "en": "{target!r} is neither a lesson name nor path/to/file.py:pipeline_func.",
        "ko": "'{target}'(은) 수업 이름도 아니고 path/to/file.py:pipeline_func 형식도 아닙니다.",
    },
    "file_import_failed": {
        "en": "Could not import {path}: {error}",
        "ko": "{path} 파일을 불러오지 못했습니다: {error}",
    },
    "func_not_found": {
        "en": "{path} has no {name!r}. Pipelines in that file: {valid}.",
        "ko": "{path}에 '{name}'(이) 없습니다. 이 파일의 Pipeline: {valid}.",
    },
    "file_several_pipelines": {
        "en": "{path} has {count} {count:pipeline|pipelines}: {valid}. Pick one with "
        "{path}:NAME, e.g. {example}",
        "ko": "{path}에 Pipeline이 {count}개 있습니다: {valid}. {path}:이름 형식으로 하나를 고르세요. "
        "예: {example}",
    },
    "file_no_pipeline": {
        "en": "{path} defines no pipeline. Decorate a function with @dsl.pipeline.",
        "ko": "{path}에는 Pipeline이 없습니다. 함수에 @dsl.pipeline 데코레이터를 붙이세요.",
    },
    "file_not_python": {
        "en": "{path} is not a Python file. Give path/to/file.py[:func] or a lesson name.",
        "ko": "{path}(은) Python 파일이 아닙니다. path/to/file.py[:func]나 수업 이름을 지정하세요.",
    },
    "file_syntax_error": {
        "en": "{path}, line {line}: SyntaxError: {error}\n{code}",
        "ko": "{path}, {line}번째 줄: SyntaxError: {error}\n{code}",
    },
    "duplicate_arg": {
        "en": "--arg {name} is given twice ({first!r} and {second!r}). Give each argument once.",
        "ko": (
            "--arg {name}(을) 두 번 지정했습니다({first!r}, {second!r}). 인자는 하나에 한 번씩만 "
            "지정하세요."
        ),
    },
    "not_a_pipeline": {
        "en": "{name!r} in {path} is not a pipeline. Decorate it with @dsl.pipeline.",
        "ko": "{path}의 '{name}'(은) Pipeline이 아닙니다. @dsl.pipeline 데코레이터를 붙이세요.",
    },
    "container_component_local": {
        "en": "Pipeline {pipeline!r} cannot run locally: task {task!r} is a container component "
        "(image {image}), and kfp.local's SubprocessRunner runs only lightweight Python "
        "components. Run it on a cluster instead: kfp-tutorial run {target} --host URL "
        "(see lesson 09, 'Run on a cluster').",
        "ko": "'{pipeline}' Pipeline은 로컬에서 실행할 수 없습니다. '{task}' 태스크가 "
        "컨테이너 Component(이미지 {image})인데, kfp.local의 "
        "SubprocessRunner는 가벼운 Python Component만 실행합니다. "
        "클러스터에서 실행하세요: kfp-tutorial run {target} --host URL "
        "(수업 09 '클러스터에서 실행하기' 참고).",
    },
    "local_runner_failed": {
        "en": "The local runner could not run pipeline {pipeline!r}: {error}",
        "ko": "로컬 러너가 '{pipeline}' Pipeline을 실행하지 못했습니다: {error}",
    },
    "ignored_settings": {
        "en": "Note: the local runner ignores these settings of task {task!r}: {settings}. "
        "They take effect on a cluster.",
        "ko": "참고: 로컬 러너는 '{task}' 태스크의 다음 설정을 적용하지 않습니다: {settings}. "
        "클러스터에서는 적용됩니다.",
    },
    "run_start": {
        "en": "Running pipeline {pipeline!r} locally (outputs in {root})",
        "ko": "'{pipeline}' Pipeline을 로컬에서 실행합니다 (출력 위치: {root})",
    },
    "task_done": {
        "en": "  [{index}] {task:<40} {status:<8} {seconds:6.2f}s",
        "ko": "  [{index}] {task:<40} {status:<8} {seconds:6.2f}초",
    },
    "run_done": {
        "en": "Pipeline {pipeline!r} finished: {status} in {seconds:.1f}s ({tasks} {tasks:task|tasks}).",
        "ko": "'{pipeline}' Pipeline 종료: {status}, {seconds:.1f}초 (태스크 {tasks}개).",
    },
    "outputs": {"en": "Outputs: {outputs}", "ko": "출력: {outputs}"},
    "skipped_cluster_only": {
        "en": "skipped locally: {pipeline!r} needs a cluster (a container component or a "
        "Kubernetes operation); run it with kfp-tutorial run {lesson} --pipeline {func} "
        "--host URL.",
        "ko": (
            "'{pipeline}'에는 클러스터가 필요해서 로컬에서는 건너뜁니다(컨테이너 Component나 "
            "Kubernetes 작업). 클러스터에서 실행하려면: kfp-tutorial run {lesson} --pipeline "
            "{func} --host URL"
        ),
    },
    "summary_header": {
        "en": "{lesson:<24} {pipeline:<28} {tasks:>5}  {status:<9} {seconds:>8}",
        "ko": "{lesson:<24} {pipeline:<28} {tasks:>6}  {status:<9} {seconds:>8}",
    },
    "summary_titles": {
        "en": "lesson|pipeline|tasks|status|seconds",
        "ko": "수업|Pipeline|태스크|상태|초",
    },
    "summary_total": {
        "en": "{ok} succeeded, {failed} failed, {skipped} skipped in {seconds:.1f}s.",
        "ko": "성공 {ok}개, 실패 {failed}개, 건너뜀 {skipped}개, 총 {seconds:.1f}초.",
    },
    "progress": {
        "en": "[{index}/{total}] {lesson} · {pipeline}",
        "ko": "[{index}/{total}] {lesson} · {pipeline}",
    },
    "compiled": {"en": "Compiled {path}", "ko": "컴파일 완료: {path}"},
    "compile_failed": {
        "en": "Could not compile pipeline {pipeline!r}: {error}",
        "ko": "'{pipeline}' Pipeline을 컴파일하지 못했습니다: {error}",
    },
    "need_target": {
        "en": "Name a lesson (see 'kfp-tutorial list') or use --all.",
        "ko": "수업 이름을 지정하거나('kfp-tutorial list' 참고) --all을 사용하세요.",
    },
    "list_header": {
        "en": "Lessons (run one with: kfp-tutorial run NAME):",
        "ko": "수업 목록 (실행: kfp-tutorial run 이름):",
    },
    "run_failed_hint": {
        "en": "Task {task!r} failed. Its log:\n{log}",
        "ko": "'{task}' 태스크가 실패했습니다. 로그:\n{log}",
    },
}


def register_messages(messages: dict[str, dict[str, str]]) -> None:
    """Add a module's own messages (each with "en" and "ko"); keys must be new."""
    for key, entry in messages.items():
        if key in MESSAGES:
            raise KeyError(f"message {key!r} is defined twice")
        if set(entry) != set(LANGS):
            raise ValueError(f"message {key!r} needs exactly {LANGS}, has {sorted(entry)}")
        MESSAGES[key] = entry


_FORMATTER = string.Formatter()
# A plain padding spec of a string field: optional fill, an alignment, a width.
_PAD_SPEC = re.compile(r"^(?P<fill>.)?(?P<align>[<>^])(?P<width>\d+)$")


# A plural choice: ``{tasks:task|tasks}`` is "task" when tasks == 1, else "tasks".
_PLURAL_SPEC = re.compile(r"^(?P<one>[^|{}]*)\|(?P<many>[^|{}]*)$")


def _format_field(value: object, spec: str) -> str:
    """``format(value, spec)``, but strings are padded by display width (Hangul: 2 columns),
    and ``ONE|MANY`` picks the word that goes with a count (``{n} {n:task|tasks}``)."""
    plural = _PLURAL_SPEC.match(spec)
    if plural and isinstance(value, int | float) and not isinstance(value, bool):
        return plural["one"] if value == 1 else plural["many"]
    match = _PAD_SPEC.match(spec)
    if match and isinstance(value, str):
        from kfp_tutorial.i18n.width import pad

        return pad(value, int(match["width"]), match["align"], match["fill"] or " ")
    return format(value, spec)


LONGEST_VALUE = 500  # characters of one value a message shows before it is shortened


class Message(str):
    """A rendered message: when it is put into another message it is shown whole (the
    values inside it were shortened already)."""


def shorten(value: object, limit: int = LONGEST_VALUE) -> object:
    """A value a message echoes, shortened when long: a 100 KB argument is shown by its
    start and end and its length, not whole. Anything shorter, every non-string, and text
    of several lines (a task's log, meant to be read) is returned as it is. Used by every
    message (:func:`render`)."""
    if isinstance(value, Message):
        return value
    text = value if isinstance(value, str) else None
    if isinstance(value, os.PathLike):  # a path given as a 100 KB option value
        text = os.fspath(value) if isinstance(os.fspath(value), str) else None
    if text is None and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            text = str(value) if len(str(value)) > limit else None
        except ValueError:  # an int too long for Python to print
            return f"<a number of more than {sys.get_int_max_str_digits()} digits>"
    if text is None and isinstance(value, list | dict | tuple | set | bytes):
        text = repr(value)
    if text is None or len(text) <= limit or "\n" in text:
        return value
    head, tail = text[: limit // 2], text[-(limit // 8) :]
    return f"{head}…{tail} ({len(text):,} characters)"


def render(template: str, language: str, /, **kwargs: object) -> str:
    """Format ``template`` with ``kwargs``; in Korean, particle markers get their right form.

    A Korean template writes one form of a particle in parentheses after a placeholder,
    ``'{name}'(이라는)`` or ``{tools}(을)``, and the form that fits the substituted value
    replaces it (:mod:`kfp_tutorial.i18n.korean`).
    """
    out: list[str] = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if literal:
            if language == "ko":
                from kfp_tutorial.i18n.korean import fix_markers

                literal = fix_markers("".join(out), literal)
            out.append(literal)
        if field is None:
            continue
        value, _ = _FORMATTER.get_field(field, (), kwargs)
        value = shorten(_FORMATTER.convert_field(value, conversion))
        out.append(_format_field(value, _FORMATTER.vformat(spec or "", (), kwargs)))
    return "".join(out)


def t(key: str, **kwargs: object) -> str:
    """The message ``key`` in the current language, formatted with ``kwargs``."""
    lang = get_lang()
    return Message(render(MESSAGES[key][lang], lang, **kwargs))


def placeholders(template: str) -> set[str]:
    """The names a template substitutes, e.g. ``{"name", "valid"}`` (for the parity test)."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in _FORMATTER.parse(template) if field}
