"""How a local run ends when it is stopped from outside, so its record never says RUNNING.

Ctrl-C (SIGINT) already ended a run as CANCELLED. The other ways a process is stopped
now end it the same way: ``kill`` (SIGTERM), a closed terminal (SIGHUP), and a reader
that goes away (``kfp-tutorial run --all | head -1``: the next write fails with a broken
pipe). The run folder is kept, ``run.json`` says CANCELLED and why, the task processes
are stopped, and the CLI exits as shell tools do (128 + the signal's number).
Used in: every local run (``run_local``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from typing import Any, TextIO

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class RunStopped(KeyboardInterrupt):
    """A run stopped by a signal other than Ctrl-C. A KeyboardInterrupt, so every place
    that already ends a run cleanly on Ctrl-C (kfp.local's loops, the adapter, the runner)
    ends it the same way."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def child_pids(parent: int | None = None) -> list[int]:
    """The process ids of ``parent``'s children (this process by default): read from
    ``/proc`` on Linux, from ``pgrep -P`` elsewhere (macOS)."""
    parent = os.getpid() if parent is None else parent
    if os.path.isdir("/proc"):
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
        return found
    try:
        listed = subprocess.run(
            ["pgrep", "-P", str(parent)], capture_output=True, text=True, timeout=5
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [int(pid) for pid in listed.split()]


def descendant_pids(parent: int | None = None) -> list[int]:
    """Every process below ``parent`` (this process by default), deepest first."""
    found: list[int] = []
    for child in child_pids(parent):
        found.extend(descendant_pids(child))
        found.append(child)
    return found


def terminate_children(signum: int = signal.SIGTERM) -> None:
    """Pass ``signum`` on to this process's task processes: kfp.local runs each task as a
    shell whose child runs the component, and a signal sent to us alone would leave both
    running."""
    for pid in descendant_pids():
        with contextlib.suppress(OSError):
            os.kill(pid, signum)


@contextlib.contextmanager
def stop_signals(on_stop: Callable[[], None]) -> Iterator[None]:
    """For the length of a run: SIGTERM and SIGHUP call ``on_stop()`` (no new task may
    start), stop the task processes, and raise :class:`RunStopped` in the main thread.
    Only in the main thread, and only over Python-level or default handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for signum in STOP_SIGNALS:
        handler = signal.getsignal(signum)
        if handler in (signal.SIG_DFL, None) or callable(handler):
            previous[signum] = handler

    def stop(signum: int, frame: Any) -> None:
        on_stop()
        terminate_children(signum)
        raise RunStopped(signum)

    for signum in previous:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


class ReaderOutput(io.TextIOBase):
    """The run's progress stream. When its reader goes away (a closed pipe), writing stops
    quietly, ``on_closed()`` is called once (no new task may start), and :attr:`closed_by_reader`
    tells the runner to record the run as CANCELLED instead of failing a task over it."""

    def __init__(self, stream: TextIO, on_closed: Callable[[], None]) -> None:
        self._stream = stream
        self._on_closed = on_closed
        self._lock = threading.Lock()
        self.closed_by_reader = False

    def _closed(self) -> None:
        with self._lock:
            first = not self.closed_by_reader
            self.closed_by_reader = True
        if first:
            self._on_closed()

    def write(self, text: str) -> int:
        if not self.closed_by_reader:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._closed()
            except OSError as exc:
                if exc.errno != errno.EPIPE:
                    raise
                self._closed()
        return len(text)

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._closed()
            except (OSError, ValueError):
                pass

    def isatty(self) -> bool:
        isatty = getattr(self._stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:
            return False


class TimeLimitReached(RunStopped):
    """A run (an exercise check's) that went on longer than it was allowed; stopped as a
    signal would stop it, its record says CANCELLED."""

    def __init__(self, seconds: float) -> None:
        super().__init__(signal.SIGALRM)
        self.seconds = seconds

    @property
    def signal_name(self) -> str:
        return f"the time limit ({self.seconds:g} s)"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitReached` in the main thread after ``seconds`` (and stop the
    task processes), for a check whose pipeline would run forever. Only where a timer
    signal exists and only in the main thread (a notebook's cells run there); elsewhere
    the block runs without a limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        terminate_children()
        raise TimeLimitReached(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
