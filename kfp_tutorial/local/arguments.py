"""Pipeline arguments: one reading of a pipeline's parameters, one parser for every value.

A pipeline's parameters are read once (:func:`pipeline_signature`) from what is certain
about them: the compiled spec's parameter types (``NUMBER_DOUBLE``, ``NUMBER_INTEGER``,
``STRING``, ``BOOLEAN``, ``LIST``, ``STRUCT``), whether the spec makes them optional, and
the Python annotations the spec does not keep (``List[int]``, ``list[int]``,
``Dict[str, int]``, ``Optional[...]``), plus the element type a ``ParallelFor`` hands to a
component. Every value is then checked by one function (:func:`check_value`): text from
``--arg name=value`` is parsed first (:func:`parse_text`), Python values from a notebook
or ``run_local`` directly. Every mistake is found before a run folder exists, and its
message names the parameter, the form it expects and an example.

kfp 2 is strict about types (an ``int`` for a ``float`` parameter is an error, not a
conversion), and KFP passes numbers as 64-bit floats, so an integer beyond 2**53 would
arrive changed: both are refused with the fix.
Used in: ``kfp-tutorial run`` (``--arg``), ``run_local`` (every lesson), cluster submission.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import math
import shlex
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages, t

# The largest integer a 64-bit float (what KFP passes numbers as) holds exactly.
MAX_EXACT_INT = 2**53

register_messages(
    {
        "arg_problem": {
            "en": "Parameter {name!r} of pipeline {pipeline!r} is {type}: {problem}. Give it as "
            "{example}, e.g. --arg {shell}",
            "ko": "'{pipeline}' Pipeline의 '{name}' 매개변수는 {type} 타입입니다. {problem}. "
            "{example} 같은 형태로 주세요 (예: --arg {shell})",
        },
        "arg_not_number": {"en": "{value!r} is not a number", "ko": "{value!r}(은) 수가 아닙니다"},
        "arg_not_integer": {
            "en": "{value!r} is not a whole number",
            "ko": "{value!r}(은) 정수가 아닙니다",
        },
        "arg_not_finite": {
            "en": "{value!r} is not a finite number (KFP cannot pass nan or inf)",
            "ko": "{value!r}(은) 유한한 수가 아닙니다 (KFP는 nan과 inf를 넘길 수 없습니다)",
        },
        "arg_too_large": {
            "en": "{value} is larger than KFP can pass exactly: it passes numbers as 64-bit "
            "floats, exact up to 2**53 = 9007199254740992 (pass a bigger number as a str)",
            "ko": "{value}(은) KFP가 정확히 넘길 수 있는 범위를 넘습니다. KFP는 수를 64비트 "
            "부동소수점으로 넘기므로 2**53 = 9007199254740992까지만 정확합니다 (더 큰 수는 str로 "
            "넘기세요)",
        },
        "arg_not_bool": {
            "en": "{value!r} is not true or false",
            "ko": "{value!r}(은) true나 false가 아닙니다",
        },
        "arg_not_json": {
            "en": "{value!r} is not JSON ({error})",
            "ko": "{value!r}(은) JSON이 아닙니다 ({error})",
        },
        "arg_wrong_kind": {
            "en": "{value!r} should be {expected}, not {got}",
            "ko": "{value!r}(은) {got} 값입니다. {expected} 값이어야 합니다",
        },
        "arg_list_brackets": {
            "en": "{value!r} is not a JSON list: write it in brackets, {suggestion}",
            "ko": "{value!r}(은) JSON 목록이 아닙니다. 대괄호로 감싸서 {suggestion}처럼 쓰세요",
        },
        "arg_int_for_float": {
            "en": "{value!r} is an int; kfp 2 does not turn an int into a float (write {value}.0)",
            "ko": "{value!r}(은) int입니다. kfp 2는 int를 float로 바꿔 주지 않습니다 ({value}.0으로 "
            "쓰세요)",
        },
        "arg_bad_item": {
            "en": "item {index} ({item!r}) should be {expected}, not {got}",
            "ko": "{index}번째 항목 {item!r}(은) {got} 값입니다. {expected} 값이어야 합니다",
        },
        "arg_bad_entry": {
            "en": "the value of {entry!r} ({item!r}) should be {expected}, not {got}",
            "ko": "{entry!r}의 값 {item!r}(은) {got} 값입니다. {expected} 값이어야 합니다",
        },
        "arg_empty_loop": {
            "en": "the list is empty, so the ParallelFor over it runs no iteration, and the tasks "
            "that wait for the loop get nothing (kfp.local stops the run there)",
            "ko": "목록이 비어 있어서 이 목록을 도는 ParallelFor는 한 번도 실행되지 않고, 그 루프를 "
            "기다리는 태스크는 아무것도 받지 못합니다 (kfp.local은 거기서 실행을 멈춥니다)",
        },
        "arg_missing": {
            "en": "Pipeline {pipeline!r} has no value for {names}. Give each one: {cli} on the "
            "command line, or {python} in Python.",
            "ko": "'{pipeline}' Pipeline의 {names}에 값이 없습니다. 명령줄에서는 {cli}, Python에서는 "
            "{python}처럼 각각 주세요.",
        },
    }
)

# The compiled spec's ParameterTypeEnum numbers.
_SPEC_KINDS = {1: "float", 2: "int", 3: "str", 4: "bool", 5: "list", 6: "dict", 7: "str"}
_PYTHON_KINDS: dict[Any, str] = {
    float: "float",
    int: "int",
    str: "str",
    bool: "bool",
    list: "list",
    dict: "dict",
    typing.List: "list",  # noqa: UP006 (the annotation a learner may write)
    typing.Dict: "dict",  # noqa: UP006
}
_EXAMPLES = {"float": "1.5", "int": "3", "str": "hello", "bool": "true"}
_ELEMENT_EXAMPLES = {
    "float": "[1.5, 2.0]",
    "int": "[1, 2]",
    "str": '["a", "b"]',
    "bool": "[true, false]",
}


@dataclass(frozen=True)
class Parameter:
    """One pipeline parameter: its kind, the element (list) or value (dict) kind when known,
    and whether it must be given."""

    name: str
    kind: str  # float | int | str | bool | list | dict
    item: str | None = None  # a list's element kind, or a dict's value kind
    required: bool = True
    default: Any = None

    def describe(self) -> str:
        """``float``, ``list[int]``, ``dict[str, int]``, ``list``."""
        if self.item is None:
            return self.kind
        return f"list[{self.item}]" if self.kind == "list" else f"dict[str, {self.item}]"

    def example(self) -> str:
        """A value of this type as it is written after ``--arg name=``."""
        if self.kind == "list":
            return _ELEMENT_EXAMPLES.get(self.item or "", "[1, 2]")
        if self.kind == "dict":
            return '{"a": ' + _EXAMPLES.get(self.item or "int", "1").replace("hello", '"x"') + "}"
        return _EXAMPLES[self.kind]


# ---------------------------------------------------------------------------
# Reading a pipeline's parameters
# ---------------------------------------------------------------------------


def _annotation_item(annotation: Any) -> tuple[str | None, str | None]:
    """``List[int]`` -> ("list", "int"), ``Optional[Dict[str, float]]`` -> ("dict", "float")."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _annotation_item(args[0])
    kind = _PYTHON_KINDS.get(origin if origin is not None else annotation)
    if kind == "list" and len(args) == 1:
        return kind, _PYTHON_KINDS.get(typing.get_origin(args[0]) or args[0])
    if kind == "dict" and len(args) == 2:
        return kind, _PYTHON_KINDS.get(typing.get_origin(args[1]) or args[1])
    return kind, None


def _loop_item_kinds(pipeline: Callable[..., Any]) -> dict[str, str]:
    """Element kinds of list parameters that a ``dsl.ParallelFor`` hands to a component:
    ``numbers: list`` looped over by ``square(x: float)`` needs floats, and the compiled
    spec knows it (the loop item feeds an input of type NUMBER_DOUBLE)."""
    result: dict[str, str] = {}
    try:
        spec = pipeline.pipeline_spec  # type: ignore[attr-defined]
        components = spec.components
        for task in spec.root.dag.tasks.values():
            if not task.HasField("parameter_iterator"):
                continue
            param = task.parameter_iterator.items.input_parameter.removeprefix("pipelinechannel--")
            item = task.parameter_iterator.item_input
            for inner in components[task.component_ref.name].dag.tasks.values():
                for name, value in inner.inputs.parameters.items():
                    if value.component_input_parameter != item:
                        continue
                    definitions = components[inner.component_ref.name].input_definitions.parameters
                    kind = _SPEC_KINDS.get(int(definitions[name].parameter_type))
                    if kind:
                        result[param] = kind
    except Exception:  # a spec shape this reading does not know: no element check
        return {}
    return result


def loop_fed_lists(pipeline: Callable[..., Any]) -> set[str]:
    """List parameters that a ``ParallelFor`` loops over and that a later task waits for."""
    found: set[str] = set()
    try:
        tasks = pipeline.pipeline_spec.root.dag.tasks  # type: ignore[attr-defined]
        waited_for = {dep for task in tasks.values() for dep in task.dependent_tasks}
        for name, task in tasks.items():
            if task.HasField("parameter_iterator") and name in waited_for:
                param = task.parameter_iterator.items.input_parameter
                found.add(param.removeprefix("pipelinechannel--"))
    except Exception:
        return set()
    return found


def pipeline_signature(pipeline: Callable[..., Any]) -> dict[str, Parameter]:
    """Every input parameter of ``pipeline``: kind from the compiled spec, element or value
    kind from the annotations (or a loop's consumer), required unless the spec says optional."""
    spec = pipeline.pipeline_spec  # type: ignore[attr-defined]
    func = getattr(pipeline, "pipeline_func", None)
    try:
        hints = typing.get_type_hints(func) if func is not None else {}
    except Exception:  # an annotation that does not resolve: the spec alone
        hints = {}
    loops = _loop_item_kinds(pipeline)
    defaults = {
        name: inp.default
        for name, inp in (pipeline.component_spec.inputs or {}).items()  # type: ignore[attr-defined]
    }
    result = {}
    definitions = spec.root.input_definitions.parameters
    for name in sorted(definitions, key=_declared_order(func)):
        definition = definitions[name]
        kind = _SPEC_KINDS.get(int(definition.parameter_type), "str")
        item = None
        if name in hints:
            annotated, item = _annotation_item(hints[name])
            if annotated not in (None, kind):
                item = None
        if kind == "list" and item is None:
            item = loops.get(name)
        result[name] = Parameter(
            name=name,
            kind=kind,
            item=item,
            required=not definition.is_optional,
            default=defaults.get(name),
        )
    return result


def _declared_order(func: Callable[..., Any] | None) -> Callable[[str], tuple[int, str]]:
    """Sort key: the order the pipeline function declares its parameters in (the compiled
    spec's map has none)."""
    try:
        order = list(inspect.signature(func).parameters) if func is not None else []
    except (TypeError, ValueError):
        order = []
    return lambda name: (order.index(name) if name in order else len(order), name)


def pipeline_parameters(pipeline: Callable[..., Any]) -> dict[str, str]:
    """The parameters and how they are written, e.g. ``{"a": "float", "xs": "list[int]"}``."""
    return {name: param.describe() for name, param in pipeline_signature(pipeline).items()}


# ---------------------------------------------------------------------------
# Checking values
# ---------------------------------------------------------------------------


class _Problem(Exception):
    """What is wrong with a value: a message key and its fields (made into the full
    message, with the parameter and an example, by the caller)."""

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        self.key = message
        self.fields = fields


def _type_name(value: Any) -> str:
    if value is None:
        return "None"
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}.get(
        type(value), type(value).__name__
    )


def _scalar(kind: str, value: Any) -> Any:
    """``value`` as a ``kind`` scalar, or a _Problem."""
    got = _type_name(value)
    if kind == "float":
        if got == "int":
            raise _Problem("arg_int_for_float", value=value)
        if got != "float":
            raise _Problem("arg_wrong_kind", value=value, got=got, expected=kind)
        if not math.isfinite(value):
            raise _Problem("arg_not_finite", value=value)
        return value
    if kind == "int":
        if got != "int":
            raise _Problem("arg_wrong_kind", value=value, got=got, expected=kind)
        if abs(value) > MAX_EXACT_INT:
            raise _Problem("arg_too_large", value=value)
        return value
    if got != kind:
        raise _Problem("arg_wrong_kind", value=value, got=got, expected=kind)
    return value


def _item(kind: str | None, value: Any, message: str, **where: object) -> Any:
    """An element of a list or a value of a dict: ints pass for floats (JSON writes 2 for
    2.0), and become floats; nested values are checked as JSON. ``message`` and ``where``
    name the place in a mismatch (``arg_bad_item``, index=3)."""
    if kind is None:
        _json_only(value)
        return value
    if kind == "float" and _type_name(value) == "int":
        value = float(value)
    got = _type_name(value)
    if got != kind:
        raise _Problem(message, item=value, got=got, expected=kind, **where)
    if kind == "float" and not math.isfinite(value):
        raise _Problem("arg_not_finite", value=value)
    if kind == "int" and abs(value) > MAX_EXACT_INT:
        raise _Problem("arg_too_large", value=value)
    if kind in ("list", "dict"):
        _json_only(value)
    return value


def _json_only(value: Any) -> None:
    """Nested values must be what KFP can pass: JSON (finite numbers, str keys)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise _Problem("arg_not_json", value=value, error=str(exc)) from None


def _checked(param: Parameter, value: Any) -> Any:
    if value is None and not param.required and param.default is None:
        return None  # Optional[...] = None
    if param.kind in ("float", "int", "str", "bool"):
        return _scalar(param.kind, value)
    got = _type_name(value)
    if got != param.kind:
        raise _Problem("arg_wrong_kind", value=value, got=got, expected=param.describe())
    if param.kind == "list":
        return [
            _item(param.item, element, "arg_bad_item", index=index)
            for index, element in enumerate(value, start=1)
        ]
    checked = {}
    for key, element in value.items():
        if not isinstance(key, str):
            raise _Problem("arg_not_json", value=value, error=f"key {key!r} is not a str")
        checked[key] = _item(param.item, element, "arg_bad_entry", entry=key)
    return checked


def _error(pipeline_name: str, param: Parameter, problem: _Problem) -> TutorialError:
    key = "bad_param_type" if problem.key in ("arg_wrong_kind", "arg_int_for_float") else "arg_problem"
    return TutorialError(
        key,
        pipeline=pipeline_name,
        name=param.name,
        type=param.describe(),
        problem=t(problem.key, **problem.fields),
        example=param.example(),
        shell=shlex.quote(f"{param.name}={param.example()}"),
    )


def check_value(pipeline_name: str, param: Parameter, value: Any, loop_fed: bool = False) -> Any:
    """``value`` checked (and normalised: list items that are ints become floats for a
    ``list[float]``) for ``param``; a TutorialError naming the parameter, what is wrong,
    the expected form and an example otherwise."""
    try:
        checked = _checked(param, value)
        if loop_fed and checked == []:
            raise _Problem("arg_empty_loop")
        return checked
    except _Problem as problem:
        raise _error(pipeline_name, param, problem) from None


def parse_text(pipeline_name: str, param: Parameter, text: str, loop_fed: bool = False) -> Any:
    """The value of ``--arg name=TEXT`` for ``param``: a number, true/false, the text
    itself, or JSON for lists and dicts; then :func:`check_value`."""
    try:
        value: Any
        if param.kind == "float":
            try:
                value = float(text)
            except ValueError:
                raise _Problem("arg_not_number", value=text) from None
            if not math.isfinite(value):
                raise _Problem("arg_not_finite", value=text)
        elif param.kind == "int":
            try:
                value = int(text.strip())
            except ValueError:
                problem = "arg_not_integer" if _is_number(text) else "arg_not_number"
                raise _Problem(problem, value=text) from None
        elif param.kind == "bool":
            lowered = text.strip().lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise _Problem("arg_not_bool", value=text)
            value = lowered in ("true", "1", "yes")
        elif param.kind == "str":
            value = text
        else:
            try:
                value = json.loads(text, parse_constant=_no_constant)
            except (ValueError, RecursionError) as exc:
                if param.kind == "list" and not text.lstrip().startswith("["):
                    with contextlib.suppress(ValueError, RecursionError):
                        suggestion = json.dumps(json.loads(f"[{text}]", parse_constant=_no_constant))
                        raise _Problem("arg_list_brackets", value=text, suggestion=suggestion) from None
                raise _Problem("arg_not_json", value=text, error=_json_error(exc)) from None
    except _Problem as problem:
        raise _error(pipeline_name, param, problem) from None
    return check_value(pipeline_name, param, value, loop_fed)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _json_error(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    return type(exc).__name__ if isinstance(exc, RecursionError) else str(exc)


def _no_constant(text: str) -> Any:
    """JSON's NaN and Infinity: KFP cannot store them, so they are not valid values."""
    raise ValueError(f"{text} is not a finite number")


# ---------------------------------------------------------------------------
# The command line and run_local
# ---------------------------------------------------------------------------


def split_cli_argument(item: str) -> tuple[str, str]:
    """``"a=7"`` → ``("a", "7")``; a clear error when there is no ``=`` or no name."""
    name, equals, value = item.partition("=")
    if not equals or not name.strip():
        raise TutorialError("bad_arg_syntax", raw=item)
    return name.strip(), value


def check_no_duplicates(raw: list[str]) -> None:
    """Refuse ``--arg a=1 --arg a=2``: which one was meant is not ours to guess."""
    seen: dict[str, str] = {}
    for item in raw:
        name, value = split_cli_argument(item)
        if name in seen:
            raise TutorialError("duplicate_arg", name=name, first=seen[name], second=value)
        seen[name] = value


def _unknown(pipeline_name: str, name: str, signature: Mapping[str, Parameter]) -> TutorialError:
    return TutorialError(
        "unknown_param",
        pipeline=pipeline_name,
        name=name,
        valid=", ".join(f"{k}: {p.describe()}" for k, p in signature.items()) or "-",
    )


def parse_cli_arguments(pipeline: Callable[..., Any], raw: list[str]) -> dict[str, Any]:
    """Turn ``["a=7", "b=8.5"]`` into typed arguments, with a clear error for each mistake."""
    signature = pipeline_signature(pipeline)
    loops = loop_fed_lists(pipeline)
    pipeline_name = pipeline.name  # type: ignore[attr-defined]
    check_no_duplicates(raw)
    result: dict[str, Any] = {}
    for item in raw:
        name, text = split_cli_argument(item)
        if name not in signature:
            raise _unknown(pipeline_name, name, signature)
        result[name] = parse_text(pipeline_name, signature[name], text, name in loops)
    return result


def check_arguments(pipeline: Callable[..., Any], arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Every argument checked before anything runs: unknown names, values of the wrong type,
    required parameters with no value. Returns the normalised arguments (``None`` for an
    ``Optional`` parameter is left out: kfp refuses None as a value, and its default is
    None)."""
    signature = pipeline_signature(pipeline)
    loops = loop_fed_lists(pipeline)
    pipeline_name = pipeline.name  # type: ignore[attr-defined]
    checked: dict[str, Any] = {}
    for name, value in arguments.items():
        if name not in signature:
            raise _unknown(pipeline_name, name, signature)
        value = check_value(pipeline_name, signature[name], value, name in loops)
        if value is not None:  # None for an Optional[...] = None: kfp takes it as not given
            checked[name] = value
    missing = [p for p in signature.values() if p.required and p.name not in arguments]
    if missing:
        raise TutorialError(
            "arg_missing",
            pipeline=pipeline_name,
            names=", ".join(f"{p.name} ({p.describe()})" for p in missing),
            cli=" ".join(f"--arg {shlex.quote(f'{p.name}={p.example()}')}" for p in missing),
            python="{" + ", ".join(f'"{p.name}": {_python_example(p)}' for p in missing) + "}",
        )
    return checked


def _python_example(param: Parameter) -> str:
    example = param.example()
    if param.kind == "str":
        return f'"{example}"'
    if param.kind == "bool":
        return "True"
    return example.replace("true", "True").replace("false", "False")
