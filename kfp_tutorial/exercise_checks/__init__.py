"""``check_exercise(lesson, number, answer)``: a lesson's exercise checks itself in the notebook.

Each lesson with exercises has one module here, ``lessonNN.py``, with ``CHECKS = {1: check,
2: check, ...}`` (the numbers are the exercise numbers on the lesson page). A check gets the
learner's answer and a :class:`CheckContext`; it runs the answer locally (with the exercise's
own arguments and with others, so a hard-coded result does not pass) and raises
:class:`ExerciseMismatch` with a translated hint saying what differs, or returns the lines
to print under the ✓. Adding a lesson's checks is one new file: ``lessonNN.py``.

Every call also writes a small record beside the notebook (see :mod:`kfp_tutorial.progress`),
so ``kfp-tutorial progress`` can show an instructor who is stuck. Used in: every lesson's
notebook and exercise notebook.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.progress import write_record
from kfp_tutorial.registry import Lesson, find_lesson

i18n.register_messages(
    {
        "ex_pass": {
            "en": "✓ Exercise {number} of {lesson}: correct.",
            "ko": "✓ {lesson}의 연습 {number}: 맞았습니다.",
        },
        "ex_fail": {
            "en": "✗ Exercise {number} of {lesson}: not yet.",
            "ko": "✗ {lesson}의 연습 {number}: 아직 정답이 아닙니다.",
        },
        "ex_unknown": {
            "en": "{lesson} has no exercise {number}. Its exercises: {valid}.",
            "ko": "{lesson}에는 연습 {number}번이 없습니다. 이 수업의 연습: {valid}.",
        },
        "ex_no_checks": {
            "en": "{lesson} has no exercise checks.",
            "ko": "{lesson}에는 확인할 연습이 없습니다.",
        },
        "ex_not_defined": {
            "en": "The answer is still the placeholder: define it in the cell above, run that cell, "
            "then run this one again.",
            "ko": "답이 아직 비어 있습니다. 위 셀에서 정의하고 그 셀을 실행한 뒤 이 셀을 다시 "
            "실행하세요.",
        },
        "ex_not_pipeline": {
            "en": "Expected a pipeline (a function decorated with @dsl.pipeline), got {got}.",
            "ko": "Pipeline(@dsl.pipeline을 붙인 함수)이 와야 하는데 받은 값은 {got}입니다.",
        },
        "ex_not_component": {
            "en": "Expected a component (a function decorated with @dsl.component), got {got}.",
            "ko": "Component(@dsl.component를 붙인 함수)가 와야 하는데 받은 값은 {got}입니다.",
        },
        "ex_not_function": {
            "en": "Expected a function, got {got}.",
            "ko": "함수가 와야 하는데 받은 값은 {got}입니다.",
        },
        "ex_wrong_output": {
            "en": "Wrong output with {args}: expected {expected!r}, got {got!r}.",
            "ko": "출력이 다릅니다 (인자 {args}). 기대한 값은 {expected!r}, 받은 값은 {got!r}입니다.",
        },
        "ex_wrong_value": {
            "en": "Expected {expected!r}, got {got!r}.",
            "ko": "기대한 값은 {expected!r}, 받은 값은 {got!r}입니다.",
        },
        "ex_wrong_type": {
            "en": "Type error: expected a {expected}, got {got!r} (a {got_type}).",
            "ko": "타입 오류입니다. {expected} 값이 와야 하는데 받은 값은 {got!r}({got_type})입니다.",
        },
        "ex_run_failed": {
            "en": "The run with {args} ended {status}: {reason}",
            "ko": "실행 결과가 {status}입니다 (인자 {args}): {reason}",
        },
        "ex_run_refused": {
            "en": "The run with {args} could not start: {error}",
            "ko": "실행을 시작하지 못했습니다 (인자 {args}): {error}",
        },
        "ex_param_type": {
            "en": "Type error: parameter {name!r} has the type {got}; the exercise passes the type "
            "{expected} (kfp 2 does not turn one into the other).",
            "ko": "타입 오류입니다. 매개변수 {name!r}의 타입이 {got}인데, 연습에서는 {expected} 값을 "
            "넘깁니다 (kfp 2는 타입을 바꿔 주지 않습니다).",
        },
        "ex_missing_param": {
            "en": "The pipeline needs a parameter {name!r} (it has: {params}).",
            "ko": "Pipeline에 {name!r} 매개변수가 있어야 합니다 (지금 있는 매개변수: {params}).",
        },
        "ex_task_count": {
            "en": "Wrong task graph: expected {expected} {component} {expected:task|tasks}, "
            "found {got}.",
            "ko": (
                "태스크 그래프가 다릅니다. {component} 태스크가 {expected}개여야 하는데 {got}개입니다."
            ),
        },
        "ex_missing_task": {
            "en": "Wrong task graph: a task of {component} is missing (tasks: {tasks}).",
            "ko": "태스크 그래프가 다릅니다. {component} 태스크가 없습니다 (있는 태스크: {tasks}).",
        },
        "ex_extra_task": {
            "en": "Wrong task graph: {extra} should not be there; expected only {expected}.",
            "ko": (
                "태스크 그래프가 다릅니다. 필요 없는 태스크가 있습니다: {extra}. 있어야 할 태스크는 "
                "{expected}뿐입니다."
            ),
        },
        "ex_missing_dependency": {
            "en": "Wrong task graph: {task} does not wait for {upstream}. Pass {upstream}'s output "
            "to it, or add .after({upstream_var}).",
            "ko": (
                "태스크 그래프가 다릅니다. {task} 태스크가 {upstream} 태스크를 기다리지 않습니다. "
                "{upstream}의 출력을 넘기거나 .after({upstream_var})를 붙이세요."
            ),
        },
        "ex_extra_dependency": {
            "en": "Wrong task graph: {task} waits for {upstream}, but nothing there needs it.",
            "ko": (
                "태스크 그래프가 다릅니다. {task} 태스크가 {upstream} 태스크를 기다리는데, 그럴 "
                "필요가 없습니다."
            ),
        },
        "ex_bad_number": {
            "en": "The exercise number is {number!r} (a {kind}); give the number as on the page, "
            'e.g. check_exercise("02-add", 1, answer).',
            "ko": "연습 번호가 {number!r}({kind})입니다. 페이지에 있는 번호를 정수로 주세요. 예: "
            'check_exercise("02-add", 1, answer)',
        },
        "ex_bad_lesson": {
            "en": 'The lesson is {lesson!r} (a {kind}); name it as "02-add", "02" or 2.',
            "ko": '수업이 {lesson!r}({kind})입니다. "02-add", "02", 2처럼 주세요.',
        },
        "ex_bad_time_limit": {
            "en": "time_limit={value!r}: give a number of seconds greater than 0, e.g. 600.",
            "ko": "time_limit={value!r}: 0보다 큰 초 단위 숫자를 주세요. 예: 600",
        },
        "ex_too_long": {
            "en": "The check ran longer than {seconds:g} s and was stopped (a task that never "
            "ends? a loop over too many items?). Give it more time with time_limit=... or "
            "{env}=..., if it really needs it.",
            "ko": "확인이 {seconds:g}초를 넘게 걸려서 멈췄습니다 (끝나지 않는 태스크나 너무 많은 "
            "항목을 도는 루프가 있나요?). 정말 시간이 더 필요하면 time_limit=... 이나 "
            "{env}=...로 늘리세요.",
        },
        "ex_output_count": {
            "en": "The pipeline returns {count} {count:value|values} ({names}); the exercise asks "
            "for one: end it with return task.output.",
            "ko": "Pipeline이 값을 {count}개 돌려줍니다 ({names}). 연습에서는 하나가 필요합니다. "
            "return task.output으로 끝내세요.",
        },
        "ex_raised": {
            "en": "Calling it raised {error}",
            "ko": "호출하니 오류가 났습니다: {error}",
        },
        "ex_tried": {
            "en": "  checked: {what}",
            "ko": "  확인함: {what}",
        },
        "ex_tried_tasks": {"en": "tasks: {tasks}", "ko": "태스크: {tasks}"},
    }
)


class ExerciseMismatch(Exception):
    """The answer is not right yet: ``key`` names the translated hint, ``kw`` fills it in."""

    def __init__(self, key: str, **kw: Any) -> None:
        self.key = key
        self.kw = kw
        super().__init__(key)

    def hint(self) -> str:
        """The hint in the current language."""
        return t(self.key, **self.kw)


Check = Callable[[Any, "CheckContext"], None]


@dataclass
class CheckContext:
    """What a check needs: a temporary folder for runs, and a list of what it checked.

    The helpers raise :class:`ExerciseMismatch` with the hint a learner should read.
    """

    output_dir: Path
    checked: list[str] = field(default_factory=list)

    # -- what the answer is ----------------------------------------------------------------

    def pipeline(self, answer: Any) -> Any:
        """``answer`` itself, if it is a pipeline."""
        from kfp.dsl.graph_component import GraphComponent

        if not isinstance(answer, GraphComponent):
            raise ExerciseMismatch("ex_not_pipeline", got=_describe(answer))
        return answer

    def component(self, answer: Any) -> Any:
        """``answer`` itself, if it is a component (not a pipeline)."""
        from kfp.dsl.base_component import BaseComponent
        from kfp.dsl.graph_component import GraphComponent

        if not isinstance(answer, BaseComponent) or isinstance(answer, GraphComponent):
            raise ExerciseMismatch("ex_not_component", got=_describe(answer))
        return answer

    def function(self, answer: Any) -> Callable[..., Any]:
        """``answer`` itself, if it can be called."""
        if not callable(answer):
            raise ExerciseMismatch("ex_not_function", got=_describe(answer))
        return answer

    def value_of_type(self, answer: Any, expected: type) -> Any:
        """``answer`` if it has the type ``expected`` (an int is not a float; a bool is not an int)."""
        wrong_bool = isinstance(answer, bool) and expected is not bool
        if not isinstance(answer, expected) or wrong_bool:
            raise ExerciseMismatch(
                "ex_wrong_type", expected=expected.__name__, got=answer, got_type=type(answer).__name__
            )
        return answer

    # -- running it ------------------------------------------------------------------------

    def run(self, pipeline: Any, arguments: Mapping[str, Any] | None = None, *, ok: bool = True) -> Any:
        """Run ``pipeline`` locally; with ``ok``, a failed run is a mismatch."""
        from kfp_tutorial.local.arguments import pipeline_parameters
        from kfp_tutorial.local.runner import run_local

        arguments = dict(arguments or {})
        params = pipeline_parameters(pipeline)
        for name, value in arguments.items():
            if name not in params:
                raise ExerciseMismatch("ex_missing_param", name=name, params=", ".join(params) or "-")
            given = type(value).__name__
            if params[name] != given and params[name] in ("int", "float", "str", "bool"):
                raise ExerciseMismatch("ex_param_type", name=name, got=params[name], expected=given)
        try:
            result = run_local(pipeline, arguments, output_dir=self.output_dir, progress=False)
        except TutorialError as exc:
            raise ExerciseMismatch("ex_run_refused", args=_args(arguments), error=exc) from exc
        if ok and not result.succeeded:
            failed = [task for task in result.tasks if task.status != "SUCCESS"]
            reason = result.reason or (_last_line(failed[0].log) if failed else "")
            raise ExerciseMismatch(
                "ex_run_failed", args=_args(arguments), status=result.status, reason=reason
            )
        call = ", ".join(f"{name}={value!r}" for name, value in arguments.items())
        self.checked.append(f"{getattr(pipeline, 'name', pipeline)}({call})")
        return result

    def expect_output(
        self,
        pipeline: Any,
        arguments: Mapping[str, Any],
        expected: Any,
        *,
        tolerance: float = 1e-9,
    ) -> Any:
        """Run ``pipeline`` and compare its output with ``expected`` (floats within ``tolerance``)."""
        result = self.run(pipeline, arguments)
        if len(result.outputs) != 1:  # the exercise asks for one returned value
            raise ExerciseMismatch(
                "ex_output_count", count=len(result.outputs), names=", ".join(result.outputs) or "-"
            )
        self.expect_equal(result.output, expected, arguments=arguments, tolerance=tolerance)
        self.checked[-1] += f" = {result.output!r}"
        return result

    def expect_equal(
        self,
        got: Any,
        expected: Any,
        *,
        arguments: Mapping[str, Any] | None = None,
        tolerance: float = 1e-9,
    ) -> None:
        """A mismatch naming ``expected`` and ``got`` unless they are equal."""
        if not _same(got, expected, tolerance):
            if arguments is None:
                raise ExerciseMismatch("ex_wrong_value", expected=expected, got=got)
            raise ExerciseMismatch("ex_wrong_output", args=_args(arguments), expected=expected, got=got)

    # -- the task graph --------------------------------------------------------------------

    def tasks(self, pipeline: Any) -> dict[str, dict[str, Any]]:
        """Every component task of the compiled pipeline (condition and loop groups left out)."""
        from kfp_tutorial.spec.compiler import compile_pipeline

        compiled = compile_pipeline(pipeline)
        return {
            name: task
            for name, task in compiled.all_tasks().items()
            if "dag" not in compiled.component(task)
        }

    def expect_tasks(self, pipeline: Any, counts: Mapping[str, int]) -> dict[str, str]:
        """The pipeline has exactly ``counts[component]`` tasks of each component, no others.

        Components are named as in the spec (``add``, ``make-readings``). Returns each
        task's component name by task name.
        """
        from kfp_tutorial.spec.compiler import compile_pipeline

        compiled = compile_pipeline(pipeline)
        by_task = {
            name: compiled.component(task).get("executorLabel", "").removeprefix("exec-")
            for name, task in compiled.all_tasks().items()
            if "dag" not in compiled.component(task)
        }
        found: dict[str, int] = {}
        for component in by_task.values():
            base = _base_name(component)
            found[base] = found.get(base, 0) + 1
        for component, expected in counts.items():
            got = found.get(component, 0)
            if got == 0 and expected:
                raise ExerciseMismatch(
                    "ex_missing_task", component=component, tasks=", ".join(by_task) or "-"
                )
            if got != expected:
                raise ExerciseMismatch("ex_task_count", component=component, expected=expected, got=got)
        extra = sorted(
            name for name, component in by_task.items() if _base_name(component) not in counts
        )
        if extra:
            raise ExerciseMismatch("ex_extra_task", extra=", ".join(extra), expected=", ".join(counts))
        self.checked.append(t("ex_tried_tasks", tasks=", ".join(f"{c} ×{n}" for c, n in counts.items())))
        return by_task

    def expect_waits_for(self, pipeline: Any, task: str, upstream: str) -> None:
        """Task ``task`` waits for task ``upstream`` (data passing or ``.after()``)."""
        from kfp_tutorial.spec.compiler import compile_pipeline, dependencies

        needs = dependencies(compile_pipeline(pipeline)).get(task, set())
        if upstream not in needs:
            raise ExerciseMismatch(
                "ex_missing_dependency",
                task=task,
                upstream=upstream,
                upstream_var=upstream.replace("-", "_"),
            )

    def expect_independent(self, pipeline: Any, task: str, other: str) -> None:
        """Task ``task`` does not wait for ``other``."""
        from kfp_tutorial.spec.compiler import compile_pipeline, dependencies

        if other in dependencies(compile_pipeline(pipeline)).get(task, set()):
            raise ExerciseMismatch("ex_extra_dependency", task=task, upstream=other)

    def call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the learner's function; an exception it raises is a mismatch."""
        try:
            return func(*args, **kwargs)
        except ExerciseMismatch:  # raised by what the check handed in (a practice client)
            raise
        except Exception as exc:  # the learner's code: any error is a hint, not a crash
            raise ExerciseMismatch("ex_raised", error=f"{type(exc).__name__}: {exc}") from exc


def _base_name(component: str) -> str:
    """``add-2`` -> ``add``: kfp numbers the second use of a component."""
    head, sep, tail = component.rpartition("-")
    return head if sep and tail.isdigit() else component


def _same(got: Any, expected: Any, tolerance: float) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is type(expected) and got == expected
    if isinstance(expected, float):
        return isinstance(got, float) and abs(got - expected) <= tolerance * max(1.0, abs(expected))
    if isinstance(expected, int):
        return type(got) is int and got == expected
    return bool(got == expected)


def _args(arguments: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in arguments.items()) or "()"


def _describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------------------
# The registry: one module per lesson
# ---------------------------------------------------------------------------


def checks_module(lesson: Lesson) -> ModuleType | None:
    """``kfp_tutorial.exercise_checks.lessonNN`` for a lesson, or None if it has none."""
    try:
        return importlib.import_module(f"{__name__}.lesson{lesson.number:02d}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.lesson{lesson.number:02d}":
            raise
        return None


def checks_for(lesson: Lesson) -> dict[int, Check]:
    """The lesson's checks by exercise number (empty if it has none)."""
    module = checks_module(lesson)
    return dict(getattr(module, "CHECKS", {})) if module else {}


def registered_exercises(lessons: list[Lesson] | None = None) -> list[tuple[str, int]]:
    """Every ``(lesson name, exercise number)`` with a check, in lesson order."""
    from kfp_tutorial.registry import LESSONS

    return [
        (lesson.name, number) for lesson in lessons or LESSONS for number in sorted(checks_for(lesson))
    ]


DEFAULT_TIME_LIMIT = 300.0  # seconds a check may run: its pipelines are small
TIME_LIMIT_ENV = "KFP_TUTORIAL_CHECK_TIMEOUT"
_solution_notebook = False


def mark_solution_notebook() -> None:
    """Say that this notebook is a lesson notebook, which shows the solutions: its checks
    print ✓ but record as ``solution``, which ``kfp-tutorial progress`` does not count. The
    exercise notebooks (``python -m tools.exercises``) are generated without this call.
    Used in: every lesson notebook's imports cell."""
    global _solution_notebook
    _solution_notebook = True


def _exercise_number(number: Any) -> int:
    """``number`` as the exercise's number; 1.0, True or "1" are a mistake, said plainly."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TutorialError("ex_bad_number", number=number, kind=type(number).__name__)
    return number


def _lesson_of(lesson: Any) -> Lesson:
    """The lesson named by ``"02-add"``, ``"02"``, ``"add"`` or the number ``2``."""
    if isinstance(lesson, int) and not isinstance(lesson, bool):
        lesson = str(lesson)
    if not isinstance(lesson, str):
        raise TutorialError("ex_bad_lesson", lesson=lesson, kind=type(lesson).__name__)
    return find_lesson(lesson)


def _time_limit(seconds: float | None) -> float:
    from kfp_tutorial.settings import env_text

    if seconds is None:
        value = env_text(TIME_LIMIT_ENV)
        return float(value) if value else DEFAULT_TIME_LIMIT
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 < seconds < 1e9:
        raise TutorialError("ex_bad_time_limit", value=seconds)
    return float(seconds)


def check_exercise(
    lesson: str | int, number: int, answer: Any = None, *, time_limit: float | None = None
) -> bool:
    """Check a learner's answer to exercise ``number`` of ``lesson``; print ✓ or ✗ and a hint.

    ``lesson`` is the name, number or slug (``"02-add"``, ``"02"``, ``2``, ``"add"``);
    ``number`` is the exercise's number on the lesson page; ``answer`` is what the exercise
    asks for (a pipeline, a component, a function or a value). Runs the answer locally in a
    temporary folder, for at most ``time_limit`` seconds (default 300, or
    ``$KFP_TUTORIAL_CHECK_TIMEOUT``). Returns True when it is right. Writes a progress
    record beside the notebook (not for ``...`` or None, the exercise notebook's
    placeholder). A mistake in the call itself prints one message and records nothing.
    Used in: every lesson's notebook.
    """
    try:
        from kfp_tutorial.settings import check_environment

        check_environment()
        found = _lesson_of(lesson)
        number = _exercise_number(number)
        seconds = _time_limit(time_limit)
        checks = checks_for(found)
        if not checks:
            raise TutorialError("ex_no_checks", lesson=found.name)
        check = checks.get(number)
        if check is None:
            raise TutorialError(
                "ex_unknown", lesson=found.name, number=number, valid=", ".join(map(str, sorted(checks)))
            )
    except TutorialError as mistake:  # in a notebook: one line, no traceback, no record
        print(f"✗ {mistake}")
        return False
    if answer is None or answer is Ellipsis:  # the exercise notebook's placeholder
        print(t("ex_fail", lesson=found.name, number=number))
        print("  " + t("ex_not_defined"))
        return False  # nothing tried yet: no progress record
    from kfp_tutorial.local.stopping import TimeLimitReached
    from kfp_tutorial.local.stopping import time_limit as limit

    with tempfile.TemporaryDirectory(prefix="kfp-tutorial-check-") as tmp:
        context = CheckContext(Path(tmp))
        try:
            with limit(seconds):
                check(answer, context)
        except ExerciseMismatch as mismatch:
            print(t("ex_fail", lesson=found.name, number=number))
            print("  " + mismatch.hint())
            ok = False
        except TimeLimitReached:
            print(t("ex_fail", lesson=found.name, number=number))
            print("  " + t("ex_too_long", seconds=seconds, env=TIME_LIMIT_ENV))
            ok = False
        except Exception as exc:  # the answer broke the check in a way no hint foresaw
            print(t("ex_fail", lesson=found.name, number=number))
            print("  " + t("ex_raised", error=f"{type(exc).__name__}: {exc}"))
            ok = False
        else:
            print(t("ex_pass", lesson=found.name, number=number))
            for what in context.checked:
                print(t("ex_tried", what=what))
            ok = True
    write_record(found.name, number, ok, solution=_solution_notebook)
    return ok
