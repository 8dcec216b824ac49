"""The lessons' pipeline function names, read from the lesson modules' source without kfp.

``kfp-tutorial list`` must answer without importing kfp (half a second). The one source
of the names stays each lesson module's ``EXAMPLES`` list: this reads it with :mod:`ast`
(``Example(calculation_pipeline, ...)`` → ``calculation_pipeline``), and
``tests/unit/test_cli.py`` checks the result equals the imported ``EXAMPLES``.

Used in: ``kfp-tutorial list`` and the ``--pipeline`` check of ``run``/``compile``.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

from kfp_tutorial.registry import Lesson


def _source(lesson: Lesson) -> str:
    spec = importlib.util.find_spec(f"kfp_tutorial.lessons.{lesson.module_name}")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(lesson.module_name)
    return Path(spec.origin).read_text(encoding="utf-8")


# A top-level ``EXAMPLES = [...]`` (or ``EXAMPLES: list[Example] = [...]``) statement.
_EXAMPLES_START = re.compile(r"^EXAMPLES\b[^=\n]*=", re.MULTILINE)


def _examples_statements(source: str) -> list[ast.stmt]:
    """Only the ``EXAMPLES`` statement, parsed: the whole module took 20 ms for 12 lessons,
    a fifth of ``kfp-tutorial list``. Grows the text a line at a time until it parses."""
    match = _EXAMPLES_START.search(source)
    if match is None:
        return []
    text = ""
    for line in source[match.start() :].splitlines(keepends=True):
        text += line
        try:
            return ast.parse(text).body
        except SyntaxError:
            continue
    return ast.parse(source).body  # let the real syntax error surface


@cache
def lesson_pipelines(lesson: Lesson) -> tuple[str, ...]:
    """The function names of ``lesson``'s pipelines, in the order of its ``EXAMPLES``."""
    for node in _examples_statements(_source(lesson)):
        value = None
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "EXAMPLES" for t in node.targets
        ):
            value = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            value = node.value if node.target.id == "EXAMPLES" else None
        if isinstance(value, ast.List | ast.Tuple):
            return tuple(_pipeline_name(item) for item in value.elts)
    return ()


def _pipeline_name(item: ast.expr) -> str:
    """``Example(calculation_pipeline, {...})`` → ``calculation_pipeline``."""
    if isinstance(item, ast.Call) and item.args and isinstance(item.args[0], ast.Name):
        return item.args[0].id
    raise ValueError(f"EXAMPLES entry is not Example(pipeline_function, ...): {ast.unparse(item)}")
