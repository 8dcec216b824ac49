"""Output paths given on the command line: refused with a clear message before anything runs.

A folder option that names a file, a folder that cannot be created, or one we cannot
write to ends with exit code 2 and the option at fault, not an ``OSError`` traceback
halfway through a run.
Used in: ``run --output-dir``, ``check --output-dir``, ``export -o``, ``compile -o``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kfp_tutorial.errors import TutorialError


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def writable_dir(path: str | Path, option: str) -> Path:
    """``path`` as a folder we can write into, created if needed; else a TutorialError."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise TutorialError("output_is_file", option=option, path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        parent = next((p for p in folder.parents if p.exists() and not p.is_dir()), folder)
        raise TutorialError("output_is_file", option=option, path=parent) from None
    except OSError as exc:
        raise TutorialError(
            "output_not_writable", option=option, path=folder, error=_reason(exc)
        ) from None
    try:  # os.access says yes to root on a read-only mount: try for real
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise TutorialError(
            "output_not_writable", option=option, path=folder, error=_reason(exc)
        ) from None
    return folder


def writable_file(path: str | Path, option: str) -> Path:
    """``path`` as a file we can create or replace (its folder is created if needed)."""
    file = Path(path)
    if file.is_dir():
        raise TutorialError("output_is_dir", option=option, path=file)
    writable_dir(file.parent if str(file.parent) else Path("."), option)
    if file.exists() and not os.access(file, os.W_OK):
        raise TutorialError("output_not_writable", option=option, path=file, error=os.strerror(13))
    return file
