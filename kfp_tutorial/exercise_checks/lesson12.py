"""Checks for lesson 12's exercises (lessons/*/12-testing.md#exercises).

Each answer is a pytest test, and a test is only as good as the bugs it catches. So each
check runs the learner's test (with pytest, through
:func:`kfp_tutorial.notebook_tests.run_tests`) against the correct code, where it must
pass, and against buggy versions of it, where it must fail:

1. ``test_clean_readings()``: a unit test of ``clean_readings.python_func``. Bugs: the limits
   dropped, ``high`` ignored, ``low`` ignored, the readings sorted.
2. ``test_readings_report(local_runner)``: runs ``readings_pipeline`` with ``kfp.local``
   and reads the report artifact. Bugs: the report written from the raw readings (the
   mean output still right), the count left out, ``high`` ignored.
3. ``test_readings_structure(tmp_path)``: reads the compiled spec. Bugs: ``summarize``
   not waiting for ``clean-readings``, no retries, the alarm outside its condition.

The test names the code it tests (``clean_readings``, ``readings_pipeline``) as a global,
as a test file does; the check rebinds that name for each version. A test that passes
every buggy version asserts nothing about the code, and is told so.
Used in: lesson 12's notebook.
"""

# No `from __future__ import annotations`: kfp reads the buggy components' annotations.
import types
from collections.abc import Callable
from typing import Any, NamedTuple

from kfp import dsl
from kfp.dsl import Dataset, Output

from kfp_tutorial import i18n
from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch
from kfp_tutorial.lessons.common import BASE_IMAGE

i18n.register_messages(
    {
        "ex12_not_a_test": {
            "en": "{name} is not a test pytest would run: pytest collects only functions whose "
            "names start with test_ (name it test_{name}).",
            "ko": "{name}(은) pytest가 실행하는 테스트가 아닙니다. pytest는 이름이 test_로 "
            "시작하는 함수만 모읍니다 (test_{name}처럼 이름을 붙이세요).",
        },
        "ex12_fails_correct": {
            "en": "Your test fails with the correct {target}: {message}. A test must pass when "
            "the code is right.",
            "ko": "올바른 {target}(으로) 실행해도 테스트가 실패합니다: {message}. 코드가 맞으면 "
            "테스트는 통과해야 합니다.",
        },
        "ex12_missed_bug": {
            "en": "Your test passes with a buggy {target} that {bug}. Add an assert that catches it.",
            "ko": "버그가 있는 {target}(으로)도 테스트가 통과합니다. 이 버전은 {bug}. 이 "
            "버그를 잡는 assert를 더하세요.",
        },
        "ex12_asserts_nothing": {
            "en": "Your test passes with every buggy version of {target}: it checks nothing about "
            "what {target} does. {how}",
            "ko": "버그가 있는 {target}의 모든 버전으로도 테스트가 통과합니다. {target}의 결과를 "
            "전혀 확인하지 않는 테스트입니다. {how}",
        },
        "ex12_how_unit": {
            "en": "Call clean_readings.python_func(...) in the test and assert on what it returns.",
            "ko": "테스트 안에서 clean_readings.python_func(...)를 부르고, 돌려받은 값을 assert로 "
            "확인하세요.",
        },
        "ex12_how_pipeline": {
            "en": "Run readings_pipeline(...) in the test and assert on the report file "
            '(task.outputs["report"].path).',
            "ko": "테스트 안에서 readings_pipeline(...)을 실행하고 보고서 파일"
            '(task.outputs["report"].path)의 내용을 assert로 확인하세요.',
        },
        "ex12_how_spec": {
            "en": "Compile readings_pipeline in the test (compiled_spec) and assert on its tasks.",
            "ko": "테스트 안에서 readings_pipeline을 컴파일하고(compiled_spec) 그 태스크를 assert로 "
            "확인하세요.",
        },
        "ex12_checked_correct": {
            "en": "{name} passes with the correct {target}",
            "ko": "올바른 {target}(으로) {name} 통과",
        },
        "ex12_checked_bug": {
            "en": "{name} fails when {target} {bug}",
            "ko": "{target}에 버그가 있으면 {name} 실패: {bug}",
        },
        "ex12_bug_limits": {
            "en": "drops the readings equal to low or high",
            "ko": "low나 high와 같은 값을 버립니다",
        },
        "ex12_bug_high": {
            "en": "keeps the readings above high",
            "ko": "high보다 큰 값을 남깁니다",
        },
        "ex12_bug_low": {
            "en": "keeps the readings below low",
            "ko": "low보다 작은 값을 남깁니다",
        },
        "ex12_bug_sorted": {
            "en": "sorts the readings instead of keeping their order",
            "ko": "값의 순서를 지키지 않고 정렬합니다",
        },
        "ex12_bug_raw_report": {
            "en": "returns the right mean but writes the report from all readings, out-of-range "
            "ones included",
            "ko": "평균 출력은 맞지만, 보고서는 범위를 벗어난 값까지 모든 값으로 씁니다",
        },
        "ex12_bug_no_count": {
            "en": "leaves the count out of the report",
            "ko": "보고서에 count를 빠뜨립니다",
        },
        "ex12_bug_no_dependency": {
            "en": "summarizes the raw readings: summarize does not wait for clean-readings",
            "ko": "정리하지 않은 값을 요약합니다. summarize가 clean-readings를 기다리지 않습니다",
        },
        "ex12_bug_no_retry": {
            "en": "does not retry summarize",
            "ko": "summarize를 재시도하지 않습니다",
        },
        "ex12_bug_alarm_always": {
            "en": "runs raise-alarm outside its condition, every time",
            "ko": "raise-alarm을 조건 밖에서 매번 실행합니다",
        },
    }
)


# --- buggy versions of clean_readings (exercise 1) ----------------------------------------


@dsl.component(base_image=BASE_IMAGE)
def _limits_dropped(readings: list, low: float, high: float) -> list:
    return [value for value in readings if low < value < high]


@dsl.component(base_image=BASE_IMAGE)
def _high_ignored(readings: list, low: float, high: float) -> list:
    return [value for value in readings if low <= value]


@dsl.component(base_image=BASE_IMAGE)
def _low_ignored(readings: list, low: float, high: float) -> list:
    return [value for value in readings if value <= high]


@dsl.component(base_image=BASE_IMAGE)
def _sorted(readings: list, low: float, high: float) -> list:
    return sorted(value for value in readings if low <= value <= high)


# --- buggy versions of readings_pipeline (exercise 2), one task each ----------------------


@dsl.component(base_image=BASE_IMAGE)
def _buggy_readings(readings: list, low: float, high: float, bug: str, report: Output[Dataset]) -> float:
    """What readings_pipeline computes, with one bug, in one task (fast to run)."""
    import json
    import statistics

    upper = float("inf") if bug == "high" else high
    kept = [value for value in readings if low <= value <= upper]
    mean = statistics.fmean(kept)
    in_report = readings if bug == "raw_report" else kept
    written = {"count": len(in_report), "mean": round(statistics.fmean(in_report), 2)}
    if bug == "no_count":
        del written["count"]
    with open(report.path, "w") as f:
        json.dump(written, f)
    return mean


class _Outputs(NamedTuple):
    mean: float
    report: Dataset


def _buggy_pipeline(bug: str) -> Any:
    """A pipeline with readings_pipeline's parameters and outputs, and ``bug``."""

    @dsl.pipeline(name="readings")
    def readings_pipeline(
        readings: list = [12.0, 99.0, 18.0, -40.0, 21.0],  # noqa: B006 - a pipeline default
        low: float = 0.0,
        high: float = 40.0,
        alarm: float = 30.0,
    ) -> _Outputs:
        task = _buggy_readings(readings=readings, low=low, high=high, bug=bug)
        return _Outputs(mean=task.outputs["Output"], report=task.outputs["report"])

    return readings_pipeline


# --- buggy structures of readings_pipeline (exercise 3) -----------------------------------


def _misbuilt_pipeline(bug: str) -> Any:
    """readings_pipeline built with one structural bug (compiled, never run)."""
    from kfp_tutorial.lessons.lesson12_testing import (
        clean_readings,
        raise_alarm,
        summarize,
        write_report,
    )

    @dsl.pipeline(name="readings")
    def readings_pipeline(
        readings: list = [12.0, 99.0, 18.0, -40.0, 21.0],  # noqa: B006 - a pipeline default
        low: float = 0.0,
        high: float = 40.0,
        alarm: float = 30.0,
    ) -> _Outputs:
        cleaned = clean_readings(readings=readings, low=low, high=high)
        values = readings if bug == "no_dependency" else cleaned.output
        summary = summarize(values=values)
        summary.set_cpu_limit("1").set_memory_limit("512M")
        if bug != "no_retry":
            summary.set_retry(num_retries=2)
        if bug == "alarm_always":
            raise_alarm(mean=summary.output)
        else:
            with dsl.If(summary.output > alarm, name="too-warm"):
                raise_alarm(mean=summary.output)
        report = write_report(values=cleaned.output, mean=summary.output)
        return _Outputs(mean=summary.output, report=report.outputs["report"])

    return readings_pipeline


# --- the check ---------------------------------------------------------------------------


def check_test(
    answer: Any,
    context: CheckContext,
    *,
    target: str,
    correct: Any,
    buggy: list[tuple[str, Callable[[], Any]]],
    how: str,
) -> None:
    """``answer`` (a test function) passes with ``correct`` bound to ``target`` and fails
    with each buggy version (made by the callables, a message key naming its bug)."""
    from kfp_tutorial.notebook_tests import run_tests

    test = context.function(answer)
    name = getattr(test, "__name__", "answer")
    if not isinstance(test, types.FunctionType) or not name.startswith("test"):
        raise ExerciseMismatch("ex12_not_a_test", name=name)
    report = run_tests(test, replace={target: correct}, show=False)
    if not report.passed:
        failures = report.failures
        last = report.text.strip().splitlines()[-1:] or ["no test ran"]
        message = failures[0].message if failures else last[0]
        raise ExerciseMismatch("ex12_fails_correct", target=target, message=message)
    context.checked.append(i18n.t("ex12_checked_correct", name=name, target=target))
    missed = []
    for bug, make in buggy:
        if run_tests(test, replace={target: make()}, show=False).passed:
            missed.append(bug)
        else:
            context.checked.append(i18n.t("ex12_checked_bug", name=name, target=target, bug=i18n.t(bug)))
    if missed and len(missed) == len(buggy):
        raise ExerciseMismatch("ex12_asserts_nothing", target=target, how=i18n.t(how))
    if missed:
        raise ExerciseMismatch("ex12_missed_bug", target=target, bug=i18n.t(missed[0]))


def _check_of(target: str, buggy: list[tuple[str, Callable[[], Any]]], how: str, doc: str) -> Check:
    """The check of an exercise whose answer tests ``target`` (a name in the lesson module):
    :func:`check_test` with the lesson's correct ``target`` and these buggy versions."""

    def check(answer: Any, context: CheckContext) -> None:
        from kfp_tutorial.lessons import lesson12_testing

        correct = getattr(lesson12_testing, target)
        check_test(answer, context, target=target, correct=correct, buggy=buggy, how=how)

    check.__doc__ = doc
    return check


check_unit_test = _check_of(
    "clean_readings",
    [
        ("ex12_bug_limits", lambda: _limits_dropped),
        ("ex12_bug_high", lambda: _high_ignored),
        ("ex12_bug_low", lambda: _low_ignored),
        ("ex12_bug_sorted", lambda: _sorted),
    ],
    "ex12_how_unit",
    "Exercise 1: a unit test of clean_readings.",
)
check_pipeline_test = _check_of(
    "readings_pipeline",
    [
        ("ex12_bug_raw_report", lambda: _buggy_pipeline("raw_report")),
        ("ex12_bug_no_count", lambda: _buggy_pipeline("no_count")),
        ("ex12_bug_high", lambda: _buggy_pipeline("high")),
    ],
    "ex12_how_pipeline",
    "Exercise 2: a kfp.local test of readings_pipeline's report.",
)
check_spec_test = _check_of(
    "readings_pipeline",
    [
        ("ex12_bug_no_dependency", lambda: _misbuilt_pipeline("no_dependency")),
        ("ex12_bug_no_retry", lambda: _misbuilt_pipeline("no_retry")),
        ("ex12_bug_alarm_always", lambda: _misbuilt_pipeline("alarm_always")),
    ],
    "ex12_how_spec",
    "Exercise 3: a structural test of readings_pipeline's compiled spec.",
)


CHECKS: dict[int, Check] = {1: check_unit_test, 2: check_pipeline_test, 3: check_spec_test}
