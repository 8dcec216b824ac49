"""The ``notebook-figure`` fence: a figure a lesson produces, taken from its executed notebook.

A page writes::

    ```notebook-figure
    06-visualizations: display.HTML(page)
    ```

and the site shows the first image (``<img src="data:image/...">`` in an HTML output, or an
``image/png`` output) of the code cell of that lesson's notebook, in the page's language,
whose source contains the given text. The notebook's outputs come from a real run
(tests/lessons/test_notebooks.py keeps them current), so the page shows what the lesson
made, never a pasted picture. A reference that finds no such image is an error
(``mkdocs build --strict`` fails). Used in: lesson 06's page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger

from tools.mkdocs import fences

log = get_plugin_logger("tools.mkdocs")

FENCE_NAME = "notebook-figure"
REPO = Path(__file__).resolve().parents[2]
_IMG = re.compile(r'<img\b[^>]*\bsrc="(data:image/(?:png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+)"', re.I)


class FigureError(Exception):
    """The reference names no notebook, no cell, or a cell without an image."""


def find_image(lesson: str, cell_text: str, lang: str) -> str:
    """The data URI of the first image in the outputs of the matching cell."""
    path = REPO / "notebooks" / lang / f"{lesson}.ipynb"
    if not path.is_file():
        raise FigureError(f"no notebook {path.relative_to(REPO)}")
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") != "code" or cell_text not in source:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                return "data:image/png;base64," + "".join(data["image/png"]).replace("\n", "")
            match = _IMG.search("".join(data.get("text/html", [])))
            if match:
                return match.group(1)
        raise FigureError(f"the cell with {cell_text!r} in {path.relative_to(REPO)} has no image output")
    raise FigureError(f"no code cell with {cell_text!r} in {path.relative_to(REPO)}")


def notebook_figure_format(
    source: str, language: str, css_class: str, options: dict[str, Any], md: Any, **kwargs: Any
) -> str:
    """pymdownx.superfences formatter for ``notebook-figure`` fences."""
    reference = source.strip()
    lesson, _, cell_text = reference.partition(":")
    lang = fences.current_page["lang"]
    try:
        uri = find_image(lesson.strip(), cell_text.strip(), lang)
    except FigureError as err:
        message = f"{fences.current_page['src']}: bad {FENCE_NAME} reference {reference!r}: {err}"
        log.error(message)
        return (
            f'<div class="admonition failure"><p class="admonition-title">{FENCE_NAME}</p>'
            f"<p>{html.escape(message)}</p></div>"
        )
    alt = {"en": "The figure the lesson's notebook made", "ko": "수업 노트북이 만든 그림"}.get(
        lang, "figure"
    )
    return (
        f'<figure class="notebook-figure"><img src="{uri}" alt="{html.escape(alt)}" '
        'loading="lazy" style="max-width:100%;height:auto"></figure>'
    )
