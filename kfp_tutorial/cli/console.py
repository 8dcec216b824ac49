"""What the command line writes to a terminal: colour only where it belongs, and only
characters the terminal's encoding can show.

A Korean Windows console (cp949), an ``ascii`` pipe or a Latin-1 terminal cannot show ✓,
✗ or an emoji; Python then raises ``UnicodeEncodeError`` halfway through a command. Every
stream the CLI writes to is a :class:`ConsoleStream`, which writes a character the
encoding cannot show as its plain form from :data:`FALLBACKS` (✓ -> ``v``), else as ``?``;
and which drops ANSI colour codes when colour is not wanted (a pipe, ``NO_COLOR``).
Used in: ``kfp-tutorial`` (every command).
"""

from __future__ import annotations

import codecs
import os
import re
from typing import Any

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

# Plain forms of the symbols the course prints, for terminals that cannot show them.
FALLBACKS = {
    "✓": "v",
    "✗": "x",
    "✔": "v",
    "✘": "x",
    "·": ".",
    "…": "...",
    "→": "->",
    "←": "<-",
    "─": "-",
    "│": "|",
    "×": "x",
    "✅": "[ok]",
    "❌": "[x]",
    "⚠": "!",
    "🚀": "",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
}


def colour_allowed(stream: Any) -> bool:
    """Colour only on a terminal and when ``NO_COLOR`` is unset (https://no-color.org)."""
    if "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


def _encoding(stream: Any) -> str:
    name = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def degrade(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` cannot show replaced by its plain form."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            plain = FALLBACKS.get(char, "?")
            out.append(plain if _encodes(plain, encoding) else "?")
    return "".join(out)


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


class ConsoleStream:
    """A text stream for the terminal: plain forms for characters its encoding lacks, and
    no colour codes unless ``keep_colour``. Everything else is the wrapped stream's."""

    def __init__(self, stream: Any, keep_colour: bool) -> None:
        self._stream = stream
        self._keep_colour = keep_colour
        self._encoding = _encoding(stream)
        self._unicode = self._encoding.startswith("utf")

    def write(self, text: str) -> int:
        shown = text if self._keep_colour else ANSI.sub("", text)
        if not self._unicode:
            shown = degrade(shown, self._encoding)
        self._stream.write(shown)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
