"""kfp-tutorial: a bilingual Kubeflow Pipelines v2 course and its helper package.

``run_local`` runs any pipeline with ``kfp.local``; ``kfp_tutorial.lessons`` holds
each lesson's components and pipelines; ``kfp_tutorial.registry.LESSONS`` lists them.
``check_exercise(lesson, number, answer)`` checks a learner's answer to an exercise.

The names below are loaded on first use, so ``import kfp_tutorial`` (and with it
``kfp-tutorial --help`` or ``list``) does not import kfp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kfp_tutorial.exercise_checks import check_exercise, mark_solution_notebook
    from kfp_tutorial.local.runner import run_local
    from kfp_tutorial.results import RunResult, TaskRecord, load_run

__all__ = [
    "RunResult",
    "TaskRecord",
    "check_exercise",
    "load_run",
    "mark_solution_notebook",
    "run_local",
    "__version__",
]
__version__ = "0.1.0"

_LAZY = {
    "RunResult": "kfp_tutorial.results",
    "TaskRecord": "kfp_tutorial.results",
    "check_exercise": "kfp_tutorial.exercise_checks",
    "mark_solution_notebook": "kfp_tutorial.exercise_checks",
    "load_run": "kfp_tutorial.results",
    "run_local": "kfp_tutorial.local.runner",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kfp_tutorial' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
