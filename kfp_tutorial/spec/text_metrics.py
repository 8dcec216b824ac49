"""How wide a label is in the pipeline drawing, and where to wrap it.

The drawing sizes every box from its label before the layout runs, so the label must fit
the box in whatever sans-serif font the reader's browser picks (Roboto, Arial, Noto
Sans KR, Malgun Gothic...). The widths below are per-character estimates in em, on the
wide side of those fonts; a Hangul syllable (or any East Asian wide character) is one em.
The browser test of the site measures the real text against its box on every graph.

Labels are wrapped, never cut: a task name breaks after a ``-``, ``_`` or ``.``, a
condition after a space, and a word longer than a line is split where it must be.
Used in: every lesson's graph (docs pages) and the run report's Graph view.
"""

from __future__ import annotations

import unicodedata

FONT_SIZE = 14.0  # px, in the drawing's own units (1 unit = 1 CSS px at natural size)
LINE_HEIGHT = 18.0  # px between two baselines
# Per-character widths in em, a little above Arial/Roboto/DejaVu Sans for each class.
_NARROW = set("ijl.,:;'|!`")
_SEMI = set("frtI()[]{}-/\\ ")
_WIDE = set("mwMW@%")
_SAFETY = 1.06  # fonts differ; a box that is slightly too wide is better than text that spills
# Where a line may break: after these characters (the character stays on the first line).
BREAK_AFTER = "-_./"


def char_width(char: str, size: float = FONT_SIZE) -> float:
    """The estimated advance of one character at ``size`` px."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        em = 1.0
    elif char in _NARROW:
        em = 0.3
    elif char in _SEMI:
        em = 0.4
    elif char in _WIDE:
        em = 0.92
    elif char.isupper():
        em = 0.72
    else:
        em = 0.6
    return em * size


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The estimated width of one line of ``text`` at ``size`` px."""
    return sum(char_width(char, size) for char in text) * _SAFETY


def wrap(text: str, max_width: float, size: float = FONT_SIZE) -> list[str]:
    """Split ``text`` into lines no wider than ``max_width`` px (estimated).

    Breaks after a space (dropped) or after one of :data:`BREAK_AFTER` (kept at the end
    of the line), at the last such place that fits; a piece with no such place that is
    still too wide is split between characters. Nothing is left out: joining the lines
    (with a space where a space was dropped) gives ``text`` back.
    """
    lines: list[str] = []
    rest = text.strip()
    while rest:
        if text_width(rest, size) <= max_width:
            lines.append(rest)
            break
        fit = 1
        while fit < len(rest) and text_width(rest[: fit + 1], size) <= max_width:
            fit += 1
        cut = _last_break(rest, fit)
        if cut is None:
            lines.append(rest[:fit])
            rest = rest[fit:]
            continue
        head, rest = rest[:cut], rest[cut:]
        lines.append(head.rstrip(" "))
        rest = rest.lstrip(" ")
    return lines or [""]


def _last_break(text: str, fit: int) -> int | None:
    """The end of the longest head of ``text[:fit + 1]`` that ends at a break place."""
    for index in range(min(fit, len(text) - 1), 0, -1):
        if text[index] == " ":
            return index
        if text[index - 1] in BREAK_AFTER:
            return index
    return None


def block_size(lines: list[str], size: float = FONT_SIZE) -> tuple[float, float]:
    """Width and height of wrapped ``lines``: the widest line, and one line height each."""
    width = max((text_width(line, size) for line in lines), default=0.0)
    return width, LINE_HEIGHT * len(lines)
