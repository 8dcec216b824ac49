"""Migrating a notebook: its code cells as one module, cell by cell back.

A notebook's cells share one namespace (an import in the first cell serves the last), so
the code cells are joined into one module, separated by marker comments, rewritten once,
and split back at the markers. IPython lines (``!pip install ...``, ``%matplotlib``) are
set aside before parsing and put back after; a ``!pip install kfp==1.8...`` line is
moved to the kfp this course uses. Changed cells lose their outputs (they came from the
old code); markdown cells and unchanged cells are left exactly as they were.

Used in: ``kfp-tutorial migrate NOTEBOOK.ipynb``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from kfp_tutorial.migrate.catalogue import Change
from kfp_tutorial.migrate.rewrite import Result, SourceSyntaxError, migrate_source

_CELL = "# <<kfp-tutorial migrate: cell {index}>>"
_CELL_LINE = re.compile(r"^# <<kfp-tutorial migrate: cell (\d+)>>$")
_MAGIC = re.compile(r"^\s*[!%]")
_MAGIC_PLACEHOLDER = "pass  # <<kfp-tutorial migrate: magic {index}>>"
_MAGIC_BACK = re.compile(r"^(\s*)pass  # <<kfp-tutorial migrate: magic (\d+)>>$")
_OLD_KFP = re.compile(r"\bkfp\s*(?:==\s*1[\w.*]*|~=\s*1[\w.*]*|<\s*2(?:\.0)*\b|<=\s*1[\w.*]*)")


class NotebookError(ValueError):
    """A file named .ipynb that is not a notebook."""


class NotebookSyntaxError(ValueError):
    """A code cell that is not Python: which cell (1-based, among code cells) and line."""

    def __init__(self, cell: int, line: int, message: str) -> None:
        super().__init__(message)
        self.cell, self.line, self.message = cell, line, message


@dataclass
class NotebookResult:
    """The migrated notebook text, its changes, and where each original line was."""

    text: str
    result: Result
    cells_changed: list[int] = field(default_factory=list)
    places: dict[int, tuple[int, int]] = field(default_factory=dict)  # joined line -> (cell, line)

    def where(self, change: Change) -> str:
        cell, line = self.places.get(change.line, (0, change.line))
        return f"cell {cell}, line {line}" if cell else f"line {line}"


def _source(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def migrate_notebook(text: str, base_dir: Path | None = None) -> NotebookResult:
    """Migrate a notebook's JSON text (raises NotebookError, or libcst's ParserSyntaxError
    with the joined line, mapped back by :attr:`NotebookResult.places`)."""
    try:
        notebook = json.loads(text)
        cells = notebook["cells"]
        assert isinstance(cells, list)
    except (json.JSONDecodeError, KeyError, TypeError, AssertionError):
        raise NotebookError("not a Jupyter notebook") from None
    magics: list[str] = []
    parts: list[str] = []
    places: dict[int, tuple[int, int]] = {}
    code_cells = [
        i for i, cell in enumerate(cells) if isinstance(cell, dict) and cell.get("cell_type") == "code"
    ]
    line_number = 1
    for position, index in enumerate(code_cells):
        parts.append(_CELL.format(index=index) + "\n")
        line_number += 1
        lines = _source(cells[index]).splitlines()
        for within, line in enumerate(lines, start=1):
            if _MAGIC.match(line):
                indent = line[: len(line) - len(line.lstrip())]
                magics.append(line)
                line = indent + _MAGIC_PLACEHOLDER.format(index=len(magics) - 1)
            parts.append(line + "\n")
            places[line_number] = (position + 1, within)
            line_number += 1
    joined = "".join(parts)
    try:
        result = migrate_source(joined, base_dir)
    except SourceSyntaxError as exc:
        cell_number, line_in_cell = places.get(exc.line, (0, exc.line))
        raise NotebookSyntaxError(cell_number, line_in_cell, exc.message) from None
    new_sources = _split(result.source, magics)
    changed = []
    pip_changes: list[Change] = []
    for index in code_cells:
        old = _source(cells[index])
        new = new_sources.get(index, "")
        new = _update_pip(new, pip_changes, code_cells.index(index) + 1)
        if old.endswith("\n") is False and new.endswith("\n"):
            new = new[:-1]
        if new != old:
            changed.append(index)
            cells[index]["source"] = new.splitlines(keepends=True)
            cells[index]["outputs"] = []
            cells[index]["execution_count"] = None
    result.changes.extend(pip_changes)
    if not changed:
        result.changes.clear()
        return NotebookResult(text, result, [], places)
    spaces = 1 if text.lstrip().startswith("{\n ") and not text.startswith('{\n  "') else 2
    output = json.dumps(notebook, indent=spaces, ensure_ascii=False) + "\n"
    return NotebookResult(output, result, changed, places)


def _split(source: str, magics: list[str]) -> dict[int, str]:
    cells: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in source.splitlines():
        marker = _CELL_LINE.match(line)
        if marker:
            current = cells.setdefault(int(marker.group(1)), [])
            continue
        back = _MAGIC_BACK.match(line)
        if back:
            line = magics[int(back.group(2))]
        if current is None:  # text the rewrite put before the first cell: keep it in the first
            current = cells.setdefault(-1, [])
        current.append(line)
    texts = {index: "\n".join(lines) + ("\n" if lines else "") for index, lines in cells.items()}
    if -1 in texts:
        first = min((i for i in texts if i >= 0), default=None)
        if first is not None:
            texts[first] = texts.pop(-1) + texts[first]
    return {index: text.rstrip("\n") + "\n" if text.strip() else "" for index, text in texts.items()}


def _update_pip(source: str, changes: list[Change], cell: int) -> str:
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if _MAGIC.match(line) and "pip" in line and _OLD_KFP.search(line):
            new = _OLD_KFP.sub(f"kfp=={version('kfp')}", line)
            changes.append(
                Change(
                    "placeholder",
                    0,
                    {
                        "old": line.strip(),
                        "new": new.strip(),
                        "cell": str(cell),
                        "cell_line": str(number),
                    },
                )
            )
            lines[number - 1] = new
    return "".join(lines)


def notebook_code(text: str) -> str:
    """A notebook's code cells as one Python module, IPython lines (``!``, ``%``) left out:
    what the compile check runs. Used in: ``migrate`` and its tests."""
    code = []
    for cell in json.loads(text)["cells"]:
        if cell.get("cell_type") == "code":
            lines = _source(cell).splitlines()
            code.append("\n".join(line for line in lines if not _MAGIC.match(line)))
    return "\n".join(code) + "\n"
