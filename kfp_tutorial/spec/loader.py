"""Load a learner's own pipeline from ``path/to/file.py`` and ``path/to/file.py:pipeline_func``.

Every mistake in the file is reported as the learner needs it: a SyntaxError with the
file, line and caret (as Python shows it), an error raised while importing with its last
line, several pipelines and no ``:func`` with the names to pick from.
Used in: ``kfp-tutorial run`` and ``kfp-tutorial compile`` for files that are not lessons.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path
from typing import Any

from kfp.dsl.graph_component import GraphComponent

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.hints import import_hint
from kfp_tutorial.i18n import register_messages

register_messages(
    {
        "file_import_failed_hint": {
            "en": "Could not import {path}: {error}\n{hint}",
            "ko": "{path}(을) 가져오지 못했습니다: {error}\n{hint}",
        },
    }
)


def is_pipeline(obj: Any) -> bool:
    """True for a function decorated with ``@dsl.pipeline``."""
    return isinstance(obj, GraphComponent)


def _syntax_error(path: Path, exc: SyntaxError) -> TutorialError:
    """The SyntaxError as Python prints it: the line and a caret under the fault."""
    code = ""
    if exc.text:
        line = exc.text.rstrip("\n")
        stripped = line.lstrip()
        offset = max((exc.offset or 1) - (len(line) - len(stripped)), 1)
        code = f"    {stripped}\n    {' ' * (offset - 1)}^"
    return TutorialError(
        "file_syntax_error", path=path, line=exc.lineno or "?", error=exc.msg, code=code
    )


def _import_file(path: Path) -> Any:
    module_name = f"_kfp_tutorial_user_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise TutorialError("file_import_failed", path=path, error="not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        sys.modules.pop(module_name, None)
        raise _syntax_error(path, exc) from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the learner's error, briefly, without our frames
        sys.modules.pop(module_name, None)
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        hint = import_hint(exc, path)
        if hint:
            raise TutorialError("file_import_failed_hint", path=path, error=last, hint=hint) from None
        raise TutorialError("file_import_failed", path=path, error=last) from None
    return module


def load_pipeline_file(path: Path, func_name: str | None = None) -> Any:
    """Import ``path`` and return its pipeline ``func_name``, or its only pipeline."""
    if not path.is_file():
        raise TutorialError("file_not_found", path=path)
    module = _import_file(path)
    pipelines = {name: obj for name, obj in vars(module).items() if is_pipeline(obj)}
    names = sorted(pipelines)
    if not func_name:
        if len(pipelines) == 1:
            return pipelines[names[0]]
        if not pipelines:
            raise TutorialError("file_no_pipeline", path=path)
        raise TutorialError(
            "file_several_pipelines",
            path=path,
            count=len(names),
            valid=", ".join(names),
            example=f"kfp-tutorial run {path}:{names[0]}",
        )
    if func_name not in vars(module):
        if not names:
            raise TutorialError("file_no_pipeline", path=path)
        raise TutorialError("func_not_found", path=path, name=func_name, valid=", ".join(names))
    obj = vars(module)[func_name]
    if not is_pipeline(obj):
        raise TutorialError("not_a_pipeline", name=func_name, path=path)
    return obj


def load_pipeline(target: str) -> Any:
    """Import ``file.py`` and return its pipeline ``func`` (``file.py:func``).

    Without ``:func`` the file must define exactly one pipeline.
    """
    head, colon, tail = target.rpartition(":")
    if colon and head.lower().endswith(".py"):
        return load_pipeline_file(Path(head), tail.strip() or None)
    return load_pipeline_file(Path(target))


def load_compiled_file(path: Path) -> Any:
    """A compiled pipeline spec (YAML or JSON) as a component kfp can run locally, compile
    again or upload (``kfp.components.load_component_from_file``). Used in: ``run``,
    ``compile`` and ``upload`` of ``FILE.yaml``."""
    from kfp import components

    try:
        return components.load_component_from_file(str(path))
    except Exception as exc:  # a spec kfp 2 cannot load (another kfp's, or edited by hand)
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        raise TutorialError("file_import_failed", path=path, error=last) from None
