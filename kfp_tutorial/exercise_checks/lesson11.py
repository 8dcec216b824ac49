"""Checks for lesson 11's exercises (lessons/*/11-kfp-client.md#exercises).

1. ``hourly_without_catchup(client, experiment_id, package)``: one ``create_recurring_run``
   that starts a run every hour and, after a pause, does not catch up.
2. ``last_failed_run(client, experiment_id)``: the ID of the experiment's newest failed run,
   or None, with one ``list_runs`` call.

Both answers are functions of a ``kfp.Client``. No cluster is needed to check them: the
check passes a :class:`PracticeClient`, which takes the calls with ``kfp.Client``'s own
signatures (a call the real client would refuse is refused), answers with the
``kfp_server_api`` models the real client returns, and records what it was asked. Its
``list_runs`` filters and sorts as the KFP 2.17.0 API server does (the field names of
``backend/src/apiserver/model/run.go``, ``"field desc"`` sorting, 10 runs a page by
default), over runs that change from one try to the next, so a hard-coded ID does not pass.

Used in: lesson 11's notebook.
"""

from __future__ import annotations

import datetime
import inspect
import json
from dataclasses import dataclass
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.exercise_checks import Check, CheckContext, ExerciseMismatch

i18n.register_messages(
    {
        "ex11_bad_call": {
            "en": "kfp.Client.{method} refuses this call: {error}",
            "ko": "kfp.Client.{method}(이) 이 호출을 거부합니다: {error}",
        },
        "ex11_other_call": {
            "en": "The exercise needs only {allowed}; the answer also called client.{method}.",
            "ko": "이 연습에는 {allowed}만 있으면 되는데, 답에서 client.{method}도 불렀습니다.",
        },
        "ex11_call_count": {
            "en": "Expected {expected} {expected:call|calls} of client.{method}, got {got}.",
            "ko": "client.{method} 호출이 {expected}번이어야 하는데 {got}번입니다.",
        },
        "ex11_wrong_argument": {
            "en": "client.{method} got {name}={got!r}; the exercise passes {expected!r}.",
            "ko": "client.{method}에 넘긴 값이 다릅니다: {name}={got!r}. 연습에서 넘기는 값은 "
            "{expected!r}입니다.",
        },
        "ex11_not_hourly": {
            "en": "The schedule is not hourly: interval_second={interval!r}, "
            "cron_expression={cron!r}. Use interval_second=3600 (or the cron expression "
            '"0 0 * * * *", seconds first).',
            "ko": "매시간 실행하는 일정이 아닙니다 (interval_second={interval!r}, "
            "cron_expression={cron!r}). interval_second=3600을 쓰세요 (cron 식이라면 초가 맨 "
            '앞인 "0 0 * * * *").',
        },
        "ex11_catches_up": {
            "en": "no_catchup is {got!r}: after a pause this schedule starts one run for every "
            "hour it missed. Pass no_catchup=True.",
            "ko": "no_catchup이 {got!r}입니다. 이대로면 멈췄다가 다시 켤 때 놓친 시간마다 실행이 "
            "하나씩 시작됩니다. no_catchup=True를 넘기세요.",
        },
        "ex11_disabled": {
            "en": "enabled=False: the schedule would start paused and run nothing.",
            "ko": "enabled=False이면 일정이 멈춘 채로 만들어져 아무것도 실행하지 않습니다.",
        },
        "ex11_wrong_return": {
            "en": "Return the new recurring run's ID ({expected!r}, from "
            "create_recurring_run(...).recurring_run_id); got {got!r}.",
            "ko": "새 반복 실행의 ID({expected!r}, create_recurring_run(...).recurring_run_id)를 "
            "돌려줘야 하는데 받은 값은 {got!r}입니다.",
        },
        "ex11_wrong_run": {
            "en": "With {situation}, expected {expected!r}, got {got!r}.",
            "ko": "{situation} 기대한 값은 {expected!r}, 받은 값은 {got!r}입니다.",
        },
        "ex11_bad_filter": {
            "en": "The API server refuses the filter {filter!r} ({error}). A filter is a JSON object "
            'with a "predicates" list.',
            "ko": "API 서버가 이 필터를 받지 않습니다 ({filter!r}, {error}). 필터는 "
            '"predicates" 목록이 든 JSON 객체입니다.',
        },
        "ex11_bad_sort": {
            "en": 'The API server refuses sort_by={sort_by!r}: use "field_name", '
            '"field_name desc" or "field_name asc" (for example "created_at desc").',
            "ko": 'API 서버가 이 sort_by 값을 받지 않습니다 ({sort_by!r}). "field_name", '
            '"field_name desc", "field_name asc" 가운데 하나를 쓰세요 (예: "created_at desc").',
        },
        "ex11_situation_newest": {
            "en": "{runs} runs whose newest failed one is not the newest run",
            "ko": "실행이 {runs}개이고 가장 최근 실행은 실패하지 않았을 때",
        },
        "ex11_situation_other": {
            "en": "a newer failed run in another experiment",
            "ko": "다른 실험에 더 최근에 실패한 실행이 있을 때",
        },
        "ex11_situation_none": {
            "en": "no failed run in the experiment",
            "ko": "실험에 실패한 실행이 없을 때",
        },
    }
)

# Filter and sort keys of a run (KFP 2.17.0, backend/src/apiserver/model/run.go,
# runAPIToModelFieldMap) that the practice runs carry.
_RUN_FIELDS = ("run_id", "display_name", "created_at", "experiment_id", "state", "storage_state")
_FILTER_VALUE_KEYS = ("string_value", "stringValue", "int_value", "intValue", "long_value", "longValue")
_DEFAULT_PAGE_SIZE = 10  # kfp.Client.list_runs and the API server
_BASE_TIME = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


@dataclass
class _Run:
    run_id: str
    experiment_id: str
    state: str
    created_at: datetime.datetime
    display_name: str = "square-and-record"
    storage_state: str = "AVAILABLE"


@dataclass
class _Call:
    method: str
    arguments: dict[str, Any]  # every parameter of kfp.Client's method, defaults filled in


class PracticeClient:
    """A stand-in for ``kfp.Client`` with the methods an exercise allows.

    ``allowed`` names them; each takes its arguments as ``kfp.Client``'s method does and is
    recorded in :attr:`calls`. Any other ``kfp.Client`` method is refused with a hint; a name
    ``kfp.Client`` does not have raises ``AttributeError``, as the real one would.
    """

    def __init__(self, allowed: tuple[str, ...], runs: list[_Run] | None = None) -> None:
        self._allowed = allowed
        self._runs = list(runs or [])
        self._recurring = 0
        self.calls: list[_Call] = []

    def __getattr__(self, name: str) -> Any:
        import kfp

        if name.startswith("_") or not callable(getattr(kfp.Client, name, None)):
            raise AttributeError(f"'Client' object has no attribute {name!r}")
        if name not in self._allowed:
            raise ExerciseMismatch("ex11_other_call", method=name, allowed=_names(self._allowed))
        return lambda *args, **kwargs: getattr(self, f"_{name}")(self._bind(name, args, kwargs))

    def _bind(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        import kfp

        signature = inspect.signature(getattr(kfp.Client, method))
        try:
            bound = signature.bind(None, *args, **kwargs)  # None stands for self
        except TypeError as exc:
            raise ExerciseMismatch("ex11_bad_call", method=method, error=exc) from exc
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        arguments.pop(next(iter(signature.parameters)))
        self.calls.append(_Call(method, arguments))
        return arguments

    def calls_of(self, method: str) -> list[_Call]:
        return [call for call in self.calls if call.method == method]

    # -- what the real client answers ------------------------------------------------------

    def _create_recurring_run(self, arguments: dict[str, Any]) -> Any:
        import kfp_server_api

        self._recurring += 1
        return kfp_server_api.V2beta1RecurringRun(
            recurring_run_id=f"{arguments['experiment_id']}-recurring-{self._recurring}",
            display_name=arguments["job_name"],
            experiment_id=arguments["experiment_id"],
            no_catchup=arguments["no_catchup"],
            max_concurrency=str(arguments["max_concurrency"]),
            mode="ENABLE" if arguments["enabled"] else "DISABLE",
        )

    def _list_runs(self, arguments: dict[str, Any]) -> Any:
        import kfp_server_api

        field, descending = _sort_key(arguments["sort_by"] or "")
        predicates = _predicates(arguments["filter"])  # refused as the server does, runs or not
        runs = [
            run
            for run in self._runs
            if arguments["experiment_id"] in (None, "", run.experiment_id)
            and all(_holds(run, predicate) for predicate in predicates)
        ]
        runs.sort(key=lambda run: getattr(run, field), reverse=descending)
        start = int(arguments["page_token"] or 0)
        size = int(arguments["page_size"] or _DEFAULT_PAGE_SIZE)
        page = runs[start : start + size]
        return kfp_server_api.V2beta1ListRunsResponse(
            runs=[
                kfp_server_api.V2beta1Run(
                    run_id=run.run_id,
                    experiment_id=run.experiment_id,
                    display_name=run.display_name,
                    state=run.state,
                    storage_state=run.storage_state,
                    created_at=run.created_at,
                )
                for run in page
            ]
            or None,  # the real API leaves an empty page's runs out
            total_size=len(runs),
            next_page_token=str(start + size) if start + size < len(runs) else None,
        )


def _name(function: Any) -> str:
    return str(getattr(function, "__name__", "answer"))


def _names(methods: tuple[str, ...]) -> str:
    return ", ".join(f"client.{method}" for method in methods)


def _sort_key(sort_by: str) -> tuple[str, bool]:
    parts = sort_by.split()
    if not parts:
        return "created_at", False  # the server's default sort field, ascending
    if (
        len(parts) > 2
        or parts[0] not in _RUN_FIELDS
        or (len(parts) == 2 and parts[1] not in ("asc", "desc"))
    ):
        raise ExerciseMismatch("ex11_bad_sort", sort_by=sort_by)
    return parts[0], len(parts) == 2 and parts[1] == "desc"


def _predicates(raw: str | None) -> list[dict[str, Any]]:
    """A KFP filter's predicates (all must hold), each checked once: a filter the API server
    would refuse is a mismatch whether or not there are runs to apply it to."""
    if not raw:
        return []
    try:
        predicates = json.loads(raw)["predicates"]
        for predicate in predicates:
            _check_predicate(predicate)
    except KeyError as exc:
        raise ExerciseMismatch("ex11_bad_filter", filter=raw, error=f"no {exc} key") from exc
    except (ValueError, TypeError, AttributeError) as exc:
        raise ExerciseMismatch("ex11_bad_filter", filter=raw, error=exc) from exc
    return list(predicates)


_STRING_OPERATIONS = ("EQUALS", "NOT_EQUALS", "IS_SUBSTRING")
_LIST_OPERATIONS = ("IN", "NOT_IN")


def _operation(predicate: dict[str, Any]) -> Any:
    return predicate.get("operation", predicate.get("op"))


def _check_predicate(predicate: dict[str, Any]) -> None:
    key, operation = predicate["key"], _operation(predicate)
    if key not in _RUN_FIELDS:
        raise ValueError(f"{key!r} is not a field of a run here ({', '.join(_RUN_FIELDS)})")
    if operation not in _STRING_OPERATIONS + _LIST_OPERATIONS:
        raise ValueError(f"operation {operation!r} is not one the practice client knows for {key!r}")
    if operation in _STRING_OPERATIONS and not any(k in predicate for k in _FILTER_VALUE_KEYS):
        raise ValueError(f"the predicate on {key!r} has no value (string_value, int_value, ...)")


def _holds(run: _Run, predicate: dict[str, Any]) -> bool:
    """Whether ``run`` passes one predicate that :func:`_check_predicate` accepted."""
    value, operation = str(getattr(run, predicate["key"])), _operation(predicate)
    if operation in _LIST_OPERATIONS:
        given = predicate.get("string_values", predicate.get("stringValues", {})).get("values", [])
        return (value in given) == (operation == "IN")
    wanted = str(next(predicate[k] for k in _FILTER_VALUE_KEYS if k in predicate))
    if operation == "EQUALS":
        return value == wanted
    if operation == "NOT_EQUALS":
        return value != wanted
    return wanted in value  # IS_SUBSTRING


# --- exercise 1 --------------------------------------------------------------------------------


def check_hourly(answer: Any, context: CheckContext) -> None:
    """One create_recurring_run: this experiment and package, every hour, no catch-up, enabled;
    returns the new recurring run's ID. Tried with two experiments and packages."""
    function = context.function(answer)
    for experiment_id, package in (("exp-lesson11", "square.yaml"), ("exp-workshop", "/tmp/other.yaml")):
        client = PracticeClient(("create_recurring_run",))
        got = context.call(function, client, experiment_id, package)
        calls = client.calls_of("create_recurring_run")
        if len(calls) != 1:
            raise ExerciseMismatch(
                "ex11_call_count", method="create_recurring_run", expected=1, got=len(calls)
            )
        arguments = calls[0].arguments
        for name, expected in (("experiment_id", experiment_id), ("pipeline_package_path", package)):
            if arguments[name] != expected:
                raise ExerciseMismatch(
                    "ex11_wrong_argument",
                    method="create_recurring_run",
                    name=name,
                    got=arguments[name],
                    expected=expected,
                )
        interval, cron = arguments["interval_second"], arguments["cron_expression"]
        if not _hourly(interval, cron):
            raise ExerciseMismatch("ex11_not_hourly", interval=interval, cron=cron)
        if arguments["no_catchup"] is not True:
            raise ExerciseMismatch("ex11_catches_up", got=arguments["no_catchup"])
        if not arguments["enabled"]:
            raise ExerciseMismatch("ex11_disabled")
        expected_id = f"{experiment_id}-recurring-1"
        if got != expected_id:
            raise ExerciseMismatch("ex11_wrong_return", expected=expected_id, got=got)
        context.checked.append(f"{_name(function)}(client, {experiment_id!r}, {package!r}) -> {got!r}")


def _hourly(interval: Any, cron: Any) -> bool:
    """Every hour: an interval of 3600 s, or KFP's 6-field cron (seconds first) at minute 0."""
    if interval == 3600 and not cron:
        return True
    return not interval and isinstance(cron, str) and cron.split() == ["0", "0", "*", "*", "*", "*"]


# --- exercise 2 --------------------------------------------------------------------------------


def _history(experiment_id: str, states: str, start: int, seed: str) -> list[_Run]:
    """One run per letter of ``states`` (S succeeded, F failed, R running, C canceled), an
    hour apart from ``start`` hours after the base time, with IDs that change with ``seed``."""
    names = {"S": "SUCCEEDED", "F": "FAILED", "R": "RUNNING", "C": "CANCELED"}
    return [
        _Run(
            run_id=f"{seed}-{index:02d}",
            experiment_id=experiment_id,
            state=names[letter],
            created_at=_BASE_TIME + datetime.timedelta(hours=start + index),
        )
        for index, letter in enumerate(states)
    ]


def _newest_failed(runs: list[_Run], experiment_id: str) -> str | None:
    """The answer, from the runs themselves: the experiment's newest FAILED run."""
    failed = [run for run in runs if run.experiment_id == experiment_id and run.state == "FAILED"]
    return max(failed, key=lambda run: run.created_at).run_id if failed else None


def _situations() -> list[tuple[str, list[_Run], str]]:
    """(message key of the situation, the runs, the experiment asked about)."""
    # 14 runs: the newest failed one (index 10) is neither the newest run nor on the first
    # page of the default ascending order; an older failed run comes first in that order
    many = _history("exp-a", "SFSSFSSSSSFSSR", 0, "7c1e")
    # the other experiment failed later than anything in exp-b
    other = _history("exp-b", "SFSS", 0, "b20d") + _history("exp-c", "SF", 10, "c9a4")
    none = _history("exp-d", "SSCRS", 0, "d451") + _history("exp-e", "F", 8, "e0f3")
    return [
        ("ex11_situation_newest", many, "exp-a"),
        ("ex11_situation_other", other, "exp-b"),
        ("ex11_situation_none", none, "exp-d"),
    ]


def check_last_failed(answer: Any, context: CheckContext) -> None:
    """The newest failed run of this experiment, or None; one list_runs call, nothing else."""
    function = context.function(answer)
    for situation, runs, experiment_id in _situations():
        expected = _newest_failed(runs, experiment_id)
        client = PracticeClient(("list_runs",), runs)
        got = context.call(function, client, experiment_id)
        calls = client.calls_of("list_runs")
        if len(calls) != 1:
            raise ExerciseMismatch("ex11_call_count", method="list_runs", expected=1, got=len(calls))
        if got != expected:
            described = i18n.t(
                situation, runs=len([r for r in runs if r.experiment_id == experiment_id])
            )
            raise ExerciseMismatch("ex11_wrong_run", situation=described, expected=expected, got=got)
        context.checked.append(f"{_name(function)}(client, {experiment_id!r}) -> {got!r}")


CHECKS: dict[int, Check] = {1: check_hourly, 2: check_last_failed}
