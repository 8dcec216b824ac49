"""Load a learner's own pipeline from ``path/to/file.py:pipeline_func``.

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


def is_pipeline(obj: Any) -> bool:
    """True for a function decorated with ``@dsl.pipeline``."""
    return isinstance(obj, GraphComponent)


def looks_like_file_target(target: str) -> bool:
    path = target.rsplit(":", 1)[0] if ":" in target else target
    return path.endswith(".py") or "/" in path or "\\" in path


def load_pipeline(target: str) -> Any:
    """Import ``file.py`` and return its pipeline ``func`` (``file.py:func``).

    Without ``:func`` the file must define exactly one pipeline.
    """
    path_text, _, func_name = target.partition(":") if target.count(":") == 1 else (target, "", "")
    if ":" in target and target.count(":") > 1:  # Windows drive letters: C:\x.py:func
        path_text, func_name = target.rsplit(":", 1)
    path = Path(path_text)
    if not path.is_file():
        raise TutorialError("file_not_found", path=path)
    module_name = f"_kfp_tutorial_user_{abs(hash(path.resolve()))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise TutorialError("file_import_failed", path=path, error="not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # show the learner's error, briefly, without our frames
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        raise TutorialError("file_import_failed", path=path, error=last) from exc
    pipelines = {name: obj for name, obj in vars(module).items() if is_pipeline(obj)}
    valid = ", ".join(sorted(pipelines)) or "-"
    if not func_name:
        if len(pipelines) == 1:
            return next(iter(pipelines.values()))
        raise TutorialError("func_not_found", path=path, name="", valid=valid)
    if func_name not in vars(module):
        raise TutorialError("func_not_found", path=path, name=func_name, valid=valid)
    obj = vars(module)[func_name]
    if not is_pipeline(obj):
        raise TutorialError("not_a_pipeline", name=func_name, path=path)
    return obj
