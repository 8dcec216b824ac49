"""Turn a notebook into a Markdown page, so the docs site shows its cells, not raw JSON.

mkdocs-jupyter does not work together with mkdocs-static-i18n (notebook pages come out
as raw JSON), so the docs hook renders each ``notebooks/<lang>/NN-slug.ipynb`` to
Markdown itself: markdown cells as they are, code cells as ``python`` fences (Material
adds a copy button), outputs as ``text`` fences, inline images or HTML.
Used in: every lesson's notebook page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.mkdocs.labels import label

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][AB012]")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_RE = re.compile(r"\s*\{[^}]*\}\s*$")
# Markers that only matter to nbval; a reader does not need to see them.
NBVAL_MARKER_RE = re.compile(r"^#\s*NBVAL_[A-Z_]+\s*$")
# Links written for Jupyter (relative to notebooks/<lang>/) that must point elsewhere on the site.
LINK_RE = re.compile(r"(\]\()([^)\s]+)")

REMOVE_CELL = "remove-cell"
REMOVE_INPUT = "remove-input"
REMOVE_OUTPUT = "remove-output"
SOLUTION = "solution"


@dataclass(frozen=True)
class NotebookPage:
    """A notebook rendered as Markdown, with its title (the first markdown heading)."""

    title: str
    markdown: str


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes (tracebacks and kfp logs are full of them)."""
    return ANSI_RE.sub("", text)


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def cell_tags(cell: dict[str, Any]) -> list[str]:
    """A cell's tags (``metadata.tags``), empty if it has none."""
    return list(cell.get("metadata", {}).get("tags", []))


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def fence(body: str, lang: str) -> str:
    """A fenced code block long enough that backticks in ``body`` cannot close it."""
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{body.rstrip()}\n{ticks}"


def display_code(source: str) -> str:
    """The code a reader sees: the cell's source without nbval marker lines."""
    lines = [line for line in source.splitlines() if not NBVAL_MARKER_RE.match(line.strip())]
    return "\n".join(lines).strip("\n")


def first_heading(markdown: str) -> str | None:
    """The text of the first Markdown heading (``{#id}`` attributes removed), if any."""
    in_fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        match = HEADING_RE.match(line) if not in_fence else None
        if match:
            return ATTR_RE.sub("", match.group(2)).strip()
    return None


def rewrite_links(markdown: str, lang: str) -> str:
    """Point links written for Jupyter at the site's pages.

    In a notebook, ``../../lessons/<lang>/02-add.md`` is the lesson page and
    ``03-parallel.ipynb`` the next notebook; on the site the notebook page sits at
    ``<lang>/notebooks/NN-slug.md``, so these become ``../02-add.md`` and ``03-parallel.md``.
    """

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if "://" in target or target.startswith(("#", "/", "mailto:", "data:")):
            return match.group(0)
        for prefix in (f"../../lessons/{lang}/", f"../../lessons/{lang}"):
            if target.startswith(prefix):
                target = "../" + target[len(prefix) :]
                break
        path, sep, anchor = target.partition("#")
        if path.endswith(".ipynb") and "/" not in path:
            path = path[: -len(".ipynb")] + ".md"
        return match.group(1) + path + sep + anchor

    return LINK_RE.sub(fix, markdown)


def _indent(block: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in block.splitlines())


def render_output(output: dict[str, Any], lang: str) -> str | None:
    """One cell output as Markdown (or raw HTML), or None if there is nothing to show."""
    kind = output.get("output_type")
    if kind == "stream":
        text = strip_ansi(_text(output.get("text", ""))).rstrip()
        if not text:
            return None
        block = fence(text, "text")
        if output.get("name") == "stderr":
            return f'??? note "{label("log", lang)}"\n\n{_indent(block)}'
        return _output_div(block)
    if kind == "error":
        lines = output.get("traceback") or [
            f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
        ]
        return _output_div(fence(strip_ansi("\n".join(lines)), "text"), "nb-error")
    if kind not in ("execute_result", "display_data"):
        return None
    data = output.get("data", {})
    if "image/png" in data:
        b64 = "".join(_text(data["image/png"]).split())
        return f'<div class="nb-output nb-image"><img src="data:image/png;base64,{b64}" alt=""></div>'
    if "image/svg+xml" in data:
        return f'<div class="nb-output nb-image">{_text(data["image/svg+xml"]).strip()}</div>'
    if "text/html" in data:
        return f'<div class="nb-output">\n{_text(data["text/html"]).strip()}\n</div>'
    if "text/markdown" in data:
        return _output_div(_text(data["text/markdown"]).strip())
    if "text/plain" in data:
        text = strip_ansi(_text(data["text/plain"])).rstrip()
        return _output_div(fence(text, "text")) if text else None
    return None


def _output_div(markdown: str, extra_class: str = "") -> str:
    """Wrap an output's Markdown in a ``div`` (md_in_html) so the site can style outputs."""
    classes = f"nb-output {extra_class}".strip()
    return f'<div class="{classes}" markdown>\n\n{markdown}\n\n</div>'


def _merge_streams(outputs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Join consecutive stream outputs of the same name (print() makes many small ones)."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.get("output_type") == "stream"
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = _text(previous["text"]) + _text(output.get("text", ""))
        else:
            merged.append(dict(output))
    return merged


def render_cells(cells: list[dict[str, Any]], lang: str, after_title: str = "") -> list[str]:
    """Render cells to Markdown blocks; ``after_title`` goes right after the first markdown cell."""
    blocks: list[str] = []
    title_seen = False
    for cell in cells:
        tags = cell_tags(cell)
        if REMOVE_CELL in tags:
            continue
        kind = cell.get("cell_type")
        if kind == "markdown":
            text = rewrite_links(cell_source(cell).strip(), lang)
            if text:
                blocks.append(text)
            if not title_seen:
                title_seen = True
                if after_title:
                    blocks.append(after_title)
            continue
        if kind != "code":
            continue  # raw cells are for other tools (nbconvert), not for readers
        parts: list[str] = []
        code = display_code(cell_source(cell))
        if code and REMOVE_INPUT not in tags:
            parts.append(fence(code, "python"))
        if REMOVE_OUTPUT not in tags:
            for output in _merge_streams(cell.get("outputs", [])):
                rendered = render_output(output, lang)
                if rendered:
                    parts.append(rendered)
        if not parts:
            continue
        if SOLUTION in tags:
            body = "\n\n".join(_indent(part) for part in parts)
            blocks.append(f'??? success "{label("solution", lang)}"\n\n{body}')
        else:
            blocks.extend(parts)
    return blocks


def load_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook file; a clear error names the file if it is not valid JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not a valid notebook (JSON error: {err})") from err
    if not isinstance(data, dict) or "cells" not in data:
        raise ValueError(f"{path} is not a valid notebook (no 'cells')")
    return data


def render_notebook(path: Path, lang: str, links: list[str] | None = None) -> NotebookPage:
    """Render the notebook at ``path`` as a Markdown page.

    ``links`` are Markdown links shown on one line under the title (the download
    link, the lesson page). The page title is the first markdown heading, else the
    file name.
    """
    notebook = load_notebook(path)
    cells = notebook["cells"]
    title = None
    for cell in cells:
        if cell.get("cell_type") == "markdown" and REMOVE_CELL not in cell_tags(cell):
            title = first_heading(cell_source(cell))
            if title:
                break
    title = title or path.stem
    buttons = " ".join(links or [])
    blocks = render_cells(cells, lang, after_title=buttons)
    if buttons and not any(cell.get("cell_type") == "markdown" for cell in cells):
        blocks.insert(0, buttons)
    front_matter = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"
    return NotebookPage(title=title, markdown=front_matter + "\n\n".join(blocks) + "\n")
