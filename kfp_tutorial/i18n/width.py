"""Text width on a terminal: a Hangul syllable takes two columns, a Latin letter one.

``str.ljust`` and ``f"{x:<20}"`` count characters, so a column of Korean lesson titles
drifts. :func:`pad` counts display columns (``wcwidth``), and :func:`kfp_tutorial.i18n.t`
uses it for every ``{name:<N}``/``{name:>N}`` of a string value.

Used in: ``kfp-tutorial list``, the run summary and the task lines of every run.
"""

from __future__ import annotations


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (control characters count as zero).

    Printable ASCII is one column a character; anything else asks ``wcwidth`` (imported
    only then: it takes longer to import than ``kfp-tutorial list`` takes to answer).
    """
    if text.isascii() and text.isprintable():
        return len(text)
    from wcwidth import wcswidth, wcwidth

    width = wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(int(wcwidth(char)), 0) for char in text)


def pad(text: str, width: int, align: str = "<", fill: str = " ") -> str:
    """``text`` padded with ``fill`` to ``width`` columns: ``<`` left, ``>`` right, ``^`` centre."""
    missing = width - display_width(text)
    if missing <= 0:
        return text
    if align == ">":
        return fill * missing + text
    if align == "^":
        left = missing // 2
        return fill * left + text + fill * (missing - left)
    return text + fill * missing
