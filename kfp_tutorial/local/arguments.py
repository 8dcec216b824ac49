"""Pipeline arguments: read a pipeline's parameters, parse ``--arg name=value``, check types.

kfp 2 is strict about types (an ``int`` for a ``float`` parameter is an error), so every
argument is checked here before anything runs, with a message that names the parameter.
Used in: ``kfp-tutorial run`` (``--arg``), ``run_local`` (every lesson).
"""

from __future__ import annotations

import json
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


def parse_cli_arguments(pipeline: Callable[..., Any], raw: list[str]) -> dict[str, Any]:
    """Turn ``["a=7", "b=8.5"]`` into typed arguments, with a clear error for each mistake."""
    params = pipeline_parameters(pipeline)
    pipeline_name = pipeline.name  # type: ignore[attr-defined]
    result: dict[str, Any] = {}
    for item in raw:
        if "=" not in item:
            raise TutorialError("bad_arg_syntax", raw=item)
        name, value = item.split("=", 1)
        name = name.strip()
        if name not in params:
            raise TutorialError(
                "unknown_param",
                pipeline=pipeline_name,
                name=name,
                valid=", ".join(f"{k}: {v}" for k, v in params.items()) or "-",
            )
        result[name] = _convert(pipeline_name, name, params[name], value)
    return result


def _convert(pipeline: str, name: str, type_name: str, value: str) -> Any:
    def bad() -> TutorialError:
        return TutorialError("bad_param_type", pipeline=pipeline, name=name, type=type_name, value=value)

    try:
        if type_name == "float":
            return float(value)
        if type_name == "int":
            return int(value)
        if type_name == "bool":
            lowered = value.lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no"):
                raise bad()
            return lowered in ("true", "1", "yes")
        if type_name in ("list", "dict"):
            parsed = json.loads(value)
            if not isinstance(parsed, list if type_name == "list" else dict):
                raise bad()
            return parsed
    except (ValueError, json.JSONDecodeError):
        raise bad() from None
    return value


def check_arguments(pipeline: Callable[..., Any], arguments: Mapping[str, Any]) -> None:
    """Reject unknown names and values of the wrong type before anything runs.

    kfp 2 is strict: an ``int`` for a ``float`` parameter is an error, not a conversion.
    """
    params = pipeline_parameters(pipeline)
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
        if not ok:
            raise TutorialError(
                "bad_param_type",
                pipeline=pipeline_name,
                name=name,
                type=expected,
                value=value,
            )
