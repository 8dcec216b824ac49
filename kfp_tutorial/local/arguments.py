"""Pipeline arguments: read a pipeline's parameters, parse ``--arg name=value``, check types.

kfp 2 is strict about types (an ``int`` for a ``float`` parameter is an error), so every
argument is checked here before anything runs, with a message that names the parameter.
Used in: ``kfp-tutorial run`` (``--arg``), ``run_local`` (every lesson).
"""

from __future__ import annotations

import json
import math
import typing
from collections.abc import Callable, Mapping
from typing import Any

from kfp_tutorial.errors import TutorialError


def pipeline_parameters(pipeline: Callable[..., Any]) -> dict[str, str]:
    """The pipeline's input parameters and their Python type names, e.g. ``{"a": "float"}``."""
    spec = pipeline.component_spec  # type: ignore[attr-defined]
    result = {}
    for name, inp in (spec.inputs or {}).items():
        type_name = inp.type if isinstance(inp.type, str) else str(inp.type)
        result[name] = {
            "Double": "float",
            "Float": "float",
            "Integer": "int",
            "String": "str",
            "Boolean": "bool",
            "List": "list",
            "Dict": "dict",
        }.get(type_name, type_name)
    return result


_ELEMENT_TYPES: dict[type, str] = {float: "float", int: "int", str: "str", bool: "bool", dict: "dict"}


def list_element_types(pipeline: Callable[..., Any]) -> dict[str, str]:
    """The element type of each ``list[X]`` parameter, e.g. ``{"numbers": "float"}``.

    The compiled spec says only "List"; the pipeline function's annotations say more.
    """
    func = getattr(pipeline, "pipeline_func", None)
    try:
        hints = typing.get_type_hints(func) if func is not None else {}
    except Exception:  # an annotation that does not resolve: no element check
        return {}
    result = _loop_item_types(pipeline)
    for name, hint in hints.items():
        args = typing.get_args(hint)
        if typing.get_origin(hint) is list and len(args) == 1:
            element = _ELEMENT_TYPES.get(args[0])
            if element:
                result[name] = element
    return result


# The spec's ParameterType numbers: NUMBER_DOUBLE, NUMBER_INTEGER, STRING, BOOLEAN.
_SPEC_TYPES = {1: "float", 2: "int", 3: "str", 4: "bool"}


def _loop_item_types(pipeline: Callable[..., Any]) -> dict[str, str]:
    """Element types of bare ``list`` parameters that a ``dsl.ParallelFor`` hands to a component.

    ``numbers: list`` looped over by ``square(x: float)`` needs floats: the compiled spec
    knows it (the loop item feeds an input of type NUMBER_DOUBLE).
    """
    result: dict[str, str] = {}
    try:
        spec = pipeline.pipeline_spec  # type: ignore[attr-defined]
        components = spec.components
        inputs = spec.root.input_definitions.parameters
        for task in spec.root.dag.tasks.values():
            if not task.HasField("parameter_iterator"):
                continue
            param = task.parameter_iterator.items.input_parameter.removeprefix("pipelinechannel--")
            if param not in inputs:
                continue
            item = task.parameter_iterator.item_input
            body = components[task.component_ref.name]
            for inner in body.dag.tasks.values():
                for name, value in inner.inputs.parameters.items():
                    if value.component_input_parameter != item:
                        continue
                    definitions = components[inner.component_ref.name].input_definitions.parameters
                    element = _SPEC_TYPES.get(int(definitions[name].parameter_type))
                    if element:
                        result[param] = element
    except Exception:  # a spec shape this reading does not know: no element check
        return {}
    return result


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


def parse_cli_arguments(pipeline: Callable[..., Any], raw: list[str]) -> dict[str, Any]:
    """Turn ``["a=7", "b=8.5"]`` into typed arguments, with a clear error for each mistake."""
    params = pipeline_parameters(pipeline)
    elements = list_element_types(pipeline)
    pipeline_name = pipeline.name  # type: ignore[attr-defined]
    check_no_duplicates(raw)
    result: dict[str, Any] = {}
    for item in raw:
        name, value = split_cli_argument(item)
        if name not in params:
            raise TutorialError(
                "unknown_param",
                pipeline=pipeline_name,
                name=name,
                valid=", ".join(f"{k}: {v}" for k, v in params.items()) or "-",
            )
        converted = _convert(pipeline_name, name, params[name], value)
        if name in elements:
            converted = check_list_items(pipeline_name, name, elements[name], converted)
        result[name] = converted
    return result


def check_list_items(pipeline: str, name: str, item_type: str, items: list[Any]) -> list[Any]:
    """Every item of a ``list[item_type]`` argument has that type (ints pass for floats)."""
    checked = []
    for index, item in enumerate(items, start=1):
        ok = _is_type(item, item_type) or (
            item_type == "float" and isinstance(item, int) and not isinstance(item, bool)
        )
        if item_type == "float" and ok and not math.isfinite(item):
            ok = False
        if not ok:
            raise TutorialError(
                "bad_list_item",
                pipeline=pipeline,
                name=name,
                type=f"list[{item_type}]",
                index=index,
                item=item,
                item_type=item_type,
            )
        checked.append(float(item) if item_type == "float" else item)
    return checked


def _is_type(value: Any, type_name: str) -> bool:
    python_type = {"float": float, "int": int, "str": str, "bool": bool, "list": list, "dict": dict}.get(
        type_name
    )
    if python_type is None:
        return True
    if isinstance(value, bool) and python_type is not bool:
        return False
    return isinstance(value, python_type)


def _convert(pipeline: str, name: str, type_name: str, value: str) -> Any:
    def bad() -> TutorialError:
        return TutorialError("bad_param_type", pipeline=pipeline, name=name, type=type_name, value=value)

    try:
        if type_name == "float":
            number = float(value)
            if not math.isfinite(number):
                raise TutorialError("bad_float_value", pipeline=pipeline, name=name, value=value)
            return number
        if type_name == "int":
            return int(value)
        if type_name == "bool":
            lowered = value.lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise bad()
            return lowered in ("true", "1", "yes")
        if type_name in ("list", "dict"):
            parsed = json.loads(value, parse_constant=_no_constant)
            if not isinstance(parsed, list if type_name == "list" else dict):
                raise bad()
            return parsed
    except (ValueError, RecursionError):
        raise bad() from None
    return value


def _no_constant(text: str) -> Any:
    """JSON's NaN and Infinity: KFP cannot store them, so they are not valid values."""
    raise ValueError(text)


def check_arguments(pipeline: Callable[..., Any], arguments: Mapping[str, Any]) -> None:
    """Reject unknown names and values of the wrong type before anything runs.

    kfp 2 is strict: an ``int`` for a ``float`` parameter is an error, not a conversion.
    """
    params = pipeline_parameters(pipeline)
    elements = list_element_types(pipeline)
    pipeline_name = pipeline.name  # type: ignore[attr-defined]
    for name, value in arguments.items():
        if name not in params:
            raise TutorialError(
                "unknown_param",
                pipeline=pipeline_name,
                name=name,
                valid=", ".join(f"{k}: {v}" for k, v in params.items()) or "-",
            )
        expected = params[name]
        python_type = {
            "float": float,
            "int": int,
            "str": str,
            "bool": bool,
            "list": list,
            "dict": dict,
        }.get(expected)
        ok = python_type is None or (
            isinstance(value, python_type) and not (python_type is not bool and isinstance(value, bool))
        )
        if python_type is float and isinstance(value, int) and not isinstance(value, bool):
            ok = False
        if python_type is float and ok and not math.isfinite(value):
            raise TutorialError("bad_float_value", pipeline=pipeline_name, name=name, value=value)
        if not ok:
            raise TutorialError(
                "bad_param_type",
                pipeline=pipeline_name,
                name=name,
                type=expected,
                value=value,
            )
        if expected == "list" and name in elements:
            check_list_items(pipeline_name, name, elements[name], list(value))
