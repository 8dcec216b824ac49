"""The ``kfp-dag`` fence: a pipeline's graph, drawn at build time from its compiled spec.

A page writes::

    ```kfp-dag
    kfp_tutorial.lessons.lesson02_add:calculation_pipeline
    ```

and the site shows the graph of that pipeline as an inline SVG, so the picture is
always the pipeline the lesson runs. A reference that does not resolve or compile is
logged as an error naming the page and the reference (``mkdocs build --strict`` then
fails) and shown on the page in a red box. Used in: every lesson's page.
"""

from __future__ import annotations

import html
import importlib
import os
from types import ModuleType
from typing import Any

from mkdocs.plugins import get_plugin_logger

from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from kfp_tutorial.spec.graph import dag_svg
from kfp_tutorial.spec.layout import LayoutError
from tools.mkdocs.labels import DEFAULT_LANG, label

log = get_plugin_logger("tools.mkdocs")

FENCE_NAME = "kfp-dag"
# Set by the docs hook before each page is converted, so messages and captions know it.
current_page: dict[str, str] = {"src": "?", "lang": DEFAULT_LANG}
_compiled: dict[str, CompiledPipeline] = {}
_figures_on_page = [0]  # numbers the figures of the page being converted (unique ids)
_mtimes: dict[str, float] = {}


class DagReferenceError(Exception):
    """A ``kfp-dag`` fence names something that is not a pipeline we can compile."""


def set_current_page(src: str, lang: str) -> None:
    """Record which page is being converted (called by the docs hook)."""
    current_page["src"] = src
    current_page["lang"] = lang
    _figures_on_page[0] = 0


def clear_cache() -> None:
    """Forget compiled pipelines (called at the start of each build, so ``serve`` redraws)."""
    _compiled.clear()


def _fresh_module(name: str) -> ModuleType:
    """Import a module, re-importing it if its file changed (``mkdocs serve`` then redraws)."""
    module = importlib.import_module(name)
    path = getattr(module, "__file__", None)
    mtime = os.path.getmtime(path) if path and os.path.exists(path) else 0.0
    if _mtimes.setdefault(name, mtime) != mtime:
        module = importlib.reload(module)
        _mtimes[name] = mtime
    return module


def resolve(reference: str) -> Any:
    """Import ``module:attribute`` and return the attribute, which must be a pipeline."""
    module_name, sep, attr = reference.partition(":")
    if not sep or not module_name or not attr or ":" in attr:
        raise DagReferenceError(
            "write it as module:pipeline, e.g. kfp_tutorial.lessons.lesson02_add:calculation_pipeline"
        )
    try:
        module = _fresh_module(module_name)
    except ImportError as err:
        raise DagReferenceError(f"cannot import module {module_name!r}: {err}") from err
    try:
        obj = getattr(module, attr)
    except AttributeError as err:
        raise DagReferenceError(f"module {module_name!r} has no attribute {attr!r}") from err
    if not hasattr(obj, "pipeline_func"):
        raise DagReferenceError(f"{attr!r} is not a @dsl.pipeline (it is a {type(obj).__name__})")
    return obj


def compiled_pipeline(reference: str) -> CompiledPipeline:
    """The compiled pipeline named by ``reference`` (compiled once per build)."""
    if reference not in _compiled:
        pipeline = resolve(reference)
        try:
            _compiled[reference] = compile_pipeline(pipeline)
        except Exception as err:  # kfp raises many types; the message is what matters
            raise DagReferenceError(f"it does not compile: {type(err).__name__}: {err}") from err
    return _compiled[reference]


def dag_figure(reference: str, lang: str) -> str:
    """The ``<figure>`` for one reference: the SVG and a caption naming the pipeline."""
    compiled = compiled_pipeline(reference)
    caption = label("dag_caption", lang).format(name=html.escape(compiled.name))
    try:
        svg = dag_svg(compiled)
    except LayoutError as err:
        raise DagReferenceError(f"it cannot be drawn: {err}") from err
    # Focusable, so a keyboard can scroll a graph wider than the page; named by its caption.
    _figures_on_page[0] += 1
    caption_id = f"kfp-dag-caption-{_figures_on_page[0]}"
    return (
        f'<figure class="kfp-dag" data-ref="{html.escape(reference)}" tabindex="0" '
        f'aria-labelledby="{caption_id}">'
        f'{svg}<figcaption id="{caption_id}">{caption}</figcaption></figure>'
    )


def kfp_dag_format(
    source: str,
    language: str,
    css_class: str,
    options: dict[str, Any],
    md: Any,
    **kwargs: Any,
) -> str:
    """pymdownx.superfences formatter for ``kfp-dag`` fences (see ``mkdocs.yml``)."""
    reference = source.strip()
    try:
        return dag_figure(reference, current_page["lang"])
    except DagReferenceError as err:
        message = f"{current_page['src']}: bad {FENCE_NAME} reference {reference!r}: {err}"
        log.error(message)
        return (
            '<div class="admonition failure"><p class="admonition-title">kfp-dag</p>'
            f"<p>{html.escape(message)}</p></div>"
        )
