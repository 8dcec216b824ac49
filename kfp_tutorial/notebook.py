"""Helpers for the notebooks: show a component's real source, show a run's results.

The notebooks define the lessons' components in editable code cells, written from the
lesson modules by ``python -m tools.notebooks sync``. :func:`show_source` stays for
showing the source of an object you did not define in the notebook (a learner's own
exploration, or code outside the lessons). Used in: every lesson's notebook.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.results import RunResult


def source_of(obj: Any) -> str:
    """The source code of a component, pipeline or plain function."""
    func = getattr(obj, "python_func", None) or getattr(obj, "pipeline_func", None) or obj
    return inspect.getsource(func)


def show_source(*objs: Any) -> None:
    """Print the source of components or pipelines (highlighted in Jupyter if possible)."""
    text = "\n\n".join(source_of(obj).rstrip() for obj in objs)
    try:
        from IPython.display import Markdown, display

        display(Markdown(f"```python\n{text}\n```"))
    except ImportError:  # plain Python: print it
        print(text)


def summarize(result: RunResult) -> str:
    """A short text table of a run: one line per task, then the outputs."""
    lines = [f"{result.pipeline}: {result.status} in {result.seconds:.1f}s"]
    for task in result.tasks:
        lines.append(f"  {task.path:<40} {task.status:<8} {task.seconds:5.2f}s")
    if result.outputs:
        lines.append("outputs: " + json.dumps(result.outputs, ensure_ascii=False))
    return "\n".join(lines)


def use_notebook_language(lang: str | None = None) -> str:
    """Show messages in the notebook's language: ``lang``, else its folder (en/ko).

    Papermill, nbval and Jupyter all run a notebook in its own folder, so the folder
    name tells which language the notebook is written in. Returns the language used.
    """
    from kfp_tutorial.kfp_warnings import explain_kfp_warnings

    explain_kfp_warnings()  # kfp's base-image FutureWarning, once, in this language
    folder = Path.cwd().name
    return i18n.set_lang(lang or (folder if folder in i18n.LANGS else None))
