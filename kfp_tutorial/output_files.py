"""The one write policy: every file kfp-tutorial writes for a learner goes through here.

A careless ``-o`` must never cost a learner a file. So every command that writes (``compile``,
``report``, ``export``, ``migrate``, the progress record of ``check_exercise`` and the run
folders of ``run``) asks this module, and the rules live in one place:

1. **Atomic.** A file is written to a temporary file in the same folder, then renamed over
   the target (:func:`write_atomic`): a full disk, Ctrl-C or a second command at the same
   moment leaves the old file or the new one, never half of one.
2. **Only our own files are replaced.** What the tool writes carries a one-line mark with a
   digest of the rest of the file (:func:`stamp`). An existing file is replaced only while it
   still holds an intact mark (:func:`written_by`): the tool wrote it and nobody changed it
   since. A learner's YAML, notes, code, or an output they edited afterwards, is refused
   unless the caller passes ``force`` (``--force``). Outputs with no room for a mark
   (``migrate``'s Python files) are never replaced without ``force``.
3. **Never into records or the package.** A run folder's own records (``run.json``,
   ``pipeline.yaml``, the log, task outputs) are never written over, with or without
   ``force``; only reports (``report.html``, ``report.ko.html``) may be written at the top
   of a run folder. Nothing is written
   inside the installed ``kfp_tutorial`` package.
4. **No surprises.** A symbolic link is not followed unless ``force``; a read-only file is
   never replaced; ``~`` in an option value is expanded as a shell would; an empty value is a
   usage error, not a default.
5. **Records are read defensively.** A record that cannot be read is moved aside
   (:func:`move_aside`, ``NAME.corrupt-<time>``) and named, never replaced by a shorter one;
   records are written under a lock (:func:`locked`) so two processes do not lose attempts.

Every refusal is a :class:`~kfp_tutorial.errors.TutorialError` that names the path and the
way out (the CLI prints it and exits 2).
Used in: ``compile``, ``report``, ``export``, ``migrate``, ``run`` and every notebook's
``check_exercise``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError

PACKAGE_DIR = Path(__file__).resolve().parent
RUN_RECORD = "run.json"  # the file that makes a folder a run folder (kfp_tutorial.local.runner)

i18n.register_messages(
    {
        "write_option_empty": {
            "en": "{option} is empty. Give a path (for example {example}).",
            "ko": "{option} 값이 비어 있습니다. 경로를 지정하세요 (예: {example}).",
        },
        "write_not_ours": {
            "en": "{path} already exists and was not written by kfp-tutorial (or was changed after "
            "it was). It was left as it is. Choose another path, or add {force} to replace it.",
            "ko": "{path} 파일이 이미 있고, kfp-tutorial이 쓴 파일이 아닙니다 (또는 쓴 뒤에 "
            "고쳐졌습니다). 그 파일은 건드리지 않았습니다. 다른 경로를 지정하거나, 바꿔 쓰려면 "
            "{force}(을) 붙이세요.",
        },
        "write_symlink": {
            "en": "{path} is a symbolic link (to {target}). It was left as it is. Choose another "
            "path, or add {force} to replace the file it points to.",
            "ko": "{path}(은) 심볼릭 링크입니다 (가리키는 곳: {target}). 건드리지 않았습니다. 다른 "
            "경로를 지정하거나, 링크가 가리키는 파일을 바꿔 쓰려면 {force}(을) 붙이세요.",
        },
        "write_read_only": {
            "en": "{path} is read-only. It was left as it is. Choose another path (or make it "
            "writable with chmod u+w and run this again).",
            "ko": "{path}(은) 읽기 전용 파일입니다. 건드리지 않았습니다. 다른 경로를 지정하세요 "
            "(또는 chmod u+w로 쓰기 권한을 준 뒤 다시 실행하세요).",
        },
        "write_run_record": {
            "en": "{path} is inside the run folder {run_dir}, whose files are the run's record. "
            "Nothing was written. Choose a path outside it.",
            "ko": "{path}(은) 실행 폴더 {run_dir} 안에 있습니다. 그 폴더의 파일은 실행 기록이라 "
            "아무것도 쓰지 않았습니다. 그 폴더 밖의 경로를 지정하세요.",
        },
        "write_package_dir": {
            "en": "{path} is inside the installed kfp_tutorial package ({package}). Nothing was "
            "written. Choose a folder of your own, e.g. {example}.",
            "ko": "{path}(은) 설치된 kfp_tutorial 패키지 폴더({package}) 안에 있습니다. 아무것도 "
            "쓰지 않았습니다. 직접 만든 폴더를 지정하세요 (예: {example}).",
        },
        "write_is_dir": {
            "en": "{path} is a folder. Give a file name, e.g. {example}.",
            "ko": "{path}(은) 폴더입니다. 파일 이름을 지정하세요 (예: {example}).",
        },
        "write_parent_is_file": {
            "en": "Cannot write {path}: {parent} is a file, not a folder. Choose another path.",
            "ko": "{parent}(이) 폴더가 아니라 파일이라서 {path}에 쓸 수 없습니다. 다른 경로를 "
            "지정하세요.",
        },
        "write_failed": {
            "en": "Cannot write {path}: {error}. Nothing was changed there. Choose another path "
            "(or, if the disk is full, free some space) and run this again.",
            "ko": "{path}에 쓰지 못했습니다 ({error}). 그곳의 파일은 바뀌지 않았습니다. 다른 경로를 "
            "지정하거나 (디스크가 가득 찼다면 공간을 확보한 뒤) 다시 실행하세요.",
        },
        "write_dir_is_file": {
            "en": "{option} {path}: this is a file, not a folder. Give a folder (it is created if "
            "needed).",
            "ko": "{option} {path}: 폴더가 아니라 파일입니다. 폴더를 지정하세요 (없으면 만듭니다).",
        },
        "write_dir_not_writable": {
            "en": "{option} {path}: cannot write here ({error}). Give a folder you can write to.",
            "ko": "{option} {path}: 이곳에 쓸 수 없습니다 ({error}). 쓰기 권한이 있는 폴더를 "
            "지정하세요.",
        },
        "write_moved_aside": {
            "en": "{path} could not be read ({why}); it was kept as {moved} and a new one started.",
            "ko": "{path}(을) 읽을 수 없어서 ({why}) {moved}(으로) 옮겨 두고 새로 시작했습니다.",
        },
    }
)


# ---------------------------------------------------------------------------
# What the tool writes, and the mark that says so
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputKind:
    """A kind of file the tool writes: its name in the mark and how its format comments.

    ``comment`` is ``(start, end)`` around the mark line; ``None`` for a format that gets no
    mark (such a file is never replaced without ``force``)."""

    name: str
    comment: tuple[str, str] | None


COMPILED_SPEC = OutputKind("compile", ("# ", "\n"))  # a YAML comment line, first
REPORT = OutputKind("report", ("<!-- ", " -->"))  # an HTML comment, right after the doctype
HANDOUT = OutputKind("export", ("<!-- ", " -->"))
MIGRATED = OutputKind("migrate", None)
KINDS = (COMPILED_SPEC, REPORT, HANDOUT, MIGRATED)

_MARK = re.compile(
    r"(?:# |<!-- )generated by kfp-tutorial:(?P<kind>[a-z-]+) sha256:(?P<digest>[0-9a-f]{16})"
    r"(?:\n| -->)"
)
_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)
_MARK_WITHIN = 65536  # the mark is near the top: first, or after a spec's comment header


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def stamp(text: str, kind: OutputKind) -> str:
    """``text`` with the tool's mark: a comment naming ``kind`` and a digest of ``text``.

    The mark goes right after an HTML doctype (a comment before it would put browsers in
    quirks mode), and after the comment block that opens a compiled spec (kfp reads the
    pipeline's description from that block's third line, ``# Description: ...``: a line
    before it would hide the description from ``components.load_component_from_file``);
    otherwise first. The text is otherwise unchanged (a one-line report stays one line).
    A kind without a comment syntax is returned unchanged."""
    if kind.comment is None:
        return text
    start, end = kind.comment
    mark = f"{start}generated by kfp-tutorial:{kind.name} sha256:{_digest(text)}{end}"
    if start == "<!-- ":
        doctype = _DOCTYPE.match(text)
        at = doctype.end() if doctype else 0
    else:
        at = 0
        for line in text.splitlines(keepends=True):
            if not line.startswith("#") or not line.endswith("\n"):
                break
            at += len(line)
    return text[:at] + mark + text[at:]


def written_by(path: str | Path) -> str | None:
    """The kind of tool output ``path`` is (``"compile"``, ``"report"``...) when it holds an
    intact mark, i.e. the tool wrote it and nobody changed it since; else None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", "surrogateescape")
    match = _MARK.search(text, 0, _MARK_WITHIN)
    if match is None:
        return None
    rest = text[: match.start()] + text[match.end() :]
    return match.group("kind") if _digest(rest) == match.group("digest") else None


# ---------------------------------------------------------------------------
# Option values
# ---------------------------------------------------------------------------


def option_path(value: str | os.PathLike[str], option: str, example: str = "out/") -> Path:
    """An option's path as a shell would give it: ``~`` expanded, an empty value refused."""
    text = os.fspath(value)
    if not text.strip():
        raise TutorialError("write_option_empty", option=option, example=example)
    path = Path(os.path.expanduser(text))
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:  # a name too long, a loop of links: say so, before any use
        raise TutorialError("write_failed", path=path, error=_reason(exc)) from None
    return path


def run_folder_of(path: Path) -> Path | None:
    """The run folder ``path`` is in (a folder holding ``run.json``), if any: ``path`` itself
    when it is a folder, or one of its parents."""
    start = path if path.is_dir() and not path.is_symlink() else path.parent
    for folder in (start, *start.parents):
        if (folder / RUN_RECORD).is_file():
            return folder
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def check_not_protected(path: Path, example: str = "out/", kind: OutputKind | None = None) -> None:
    """Refuse a path inside the installed package or a run folder's records. A report
    (``kind`` REPORT, an ``.html`` file at the top of the run folder) is not a record: the
    report of a run belongs beside it, in any language."""
    resolved = path.resolve()
    if _inside(resolved, PACKAGE_DIR):
        raise TutorialError("write_package_dir", path=path, package=PACKAGE_DIR, example=example)
    run_dir = run_folder_of(resolved)
    a_report = kind == REPORT and resolved.parent == run_dir and resolved.suffix == ".html"
    if run_dir is not None and not a_report:
        raise TutorialError("write_run_record", path=path, run_dir=run_dir)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


# ---------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------


def output_dir(value: str | os.PathLike[str], option: str) -> Path:
    """A folder new files may be written into: ``~`` expanded, created if needed, and checked
    for real (not a file, not inside the package or a run folder, writable); else a
    TutorialError naming ``option``."""
    folder = option_path(value, option)
    if folder.exists() and not folder.is_dir():
        raise TutorialError("write_dir_is_file", option=option, path=folder)
    resolved = folder.resolve()
    if _inside(resolved, PACKAGE_DIR):
        raise TutorialError("write_package_dir", path=folder, package=PACKAGE_DIR, example="out/")
    run_dir = run_folder_of(resolved) if resolved.exists() else None
    if run_dir is None:
        existing = next((p for p in resolved.parents if p.exists()), None)
        run_dir = run_folder_of(existing) if existing is not None else None
    if run_dir is not None:
        raise TutorialError("write_run_record", path=folder, run_dir=run_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        parent = next((p for p in folder.parents if p.exists() and not p.is_dir()), folder)
        raise TutorialError("write_dir_is_file", option=option, path=parent) from None
    except OSError as exc:
        raise TutorialError(
            "write_dir_not_writable", option=option, path=folder, error=_reason(exc)
        ) from None
    try:  # os.access says yes to root on a read-only mount: try for real
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise TutorialError(
            "write_dir_not_writable", option=option, path=folder, error=_reason(exc)
        ) from None
    return folder


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def check_output_file(
    path: str | os.PathLike[str],
    kind: OutputKind,
    *,
    force: bool = False,
    force_hint: str = "--force",
    option: str = "-o",
    example: str = "out.yaml",
) -> Path:
    """Where a write of ``kind`` to ``path`` would go, or a TutorialError saying why not.

    Nothing is written; the folder is not created. Returns the real file to replace (the
    link's target when ``path`` is a symbolic link and ``force`` is set)."""
    target = option_path(path, option, example)
    if target.is_symlink():
        if not force:
            raise TutorialError(
                "write_symlink", path=target, target=os.readlink(target), force=force_hint
            )
        target = target.resolve()
    if target.is_dir():
        raise TutorialError("write_is_dir", path=target, example=target / example)
    parent = next((p for p in target.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise TutorialError("write_parent_is_file", path=target, parent=parent)
    if parent is not None:
        try:  # the folder that will hold the file (or its missing folders) takes a file
            with tempfile.TemporaryFile(dir=parent):
                pass
        except OSError as exc:
            raise TutorialError(
                "write_dir_not_writable", option=option, path=parent, error=_reason(exc)
            ) from None
    check_not_protected(target, example, kind)
    if target.exists():
        mode = target.stat().st_mode
        if not mode & stat.S_IWUSR:
            raise TutorialError("write_read_only", path=target)
        if not force and written_by(target) != kind.name:
            raise TutorialError("write_not_ours", path=target, force=force_hint)
    return target


def write_output(
    path: str | os.PathLike[str],
    text: str,
    kind: OutputKind,
    *,
    force: bool = False,
    force_hint: str = "--force",
    option: str = "-o",
    example: str = "out.yaml",
) -> Path:
    """Write ``text`` (stamped with ``kind``'s mark) to ``path`` under the write policy and
    return the path written. Creates missing folders; refusals are TutorialErrors."""
    target = check_output_file(
        path, kind, force=force, force_hint=force_hint, option=option, example=example
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TutorialError("write_failed", path=target, error=_reason(exc)) from None
    write_atomic(target, stamp(text, kind))
    return Path(os.path.expanduser(os.fspath(path)))


def make_run_dir(root: Path, pipeline_name: str) -> Path:
    """Make a new, empty folder for one run under ``root`` and return it:
    ``<pipeline>-<YYYYmmdd-HHMMSS>-<6 random hex digits>``, created with ``os.mkdir`` so
    two runs at the same moment (two processes, same ``--output-dir``) never share one.
    Used in: every local run (:mod:`kfp_tutorial.local.runner`)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for _ in range(100):
        path = root / f"{pipeline_name}-{stamp}-{secrets.token_hex(3)}"
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free run folder name under {root}")  # 16M names: unreachable


def new_run_folder(root: Path, pipeline_name: str, spec_text: str) -> Path:
    """A new run folder under ``root`` (:func:`make_run_dir`) holding the compiled
    ``pipeline.yaml``; a failed write (a full disk) removes the still-empty folder rather
    than leave a run folder with no record. Used in: every local run."""
    run_dir = make_run_dir(root, pipeline_name)
    try:
        write_atomic(run_dir / "pipeline.yaml", spec_text)
    except TutorialError:
        with contextlib.suppress(OSError):
            os.rmdir(run_dir)
        raise
    return run_dir


def make_parent(path: Path) -> None:
    """Create the folders ``path`` needs (a progress record beside a new notebook folder, a
    metrics file in a task's output folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _umask()


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of
    one: a temporary file in the same folder, flushed, then ``os.replace``. The file keeps the
    permissions of the one it replaces (a new one gets the usual ``0666 & ~umask``). An
    ``OSError`` (a full disk, a read-only folder) becomes a TutorialError naming the path, and
    leaves no temporary file behind. Used for outputs and for run and progress records."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise TutorialError("write_failed", path=path, error=_reason(exc)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise TutorialError("write_failed", path=path, error=_reason(exc)) from None
        raise


# ---------------------------------------------------------------------------
# Records: read defensively, move a damaged one aside, write under a lock
# ---------------------------------------------------------------------------


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` only if nothing is there, atomically: the file appears
    whole or not at all, and an existing file (or one made at the same moment by another
    process) is never replaced (:class:`FileExistsError`). Used in: ``migrate --in-place``
    (the ``.v1`` copy of the learner's original)."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.link(temporary, path)  # fails if path exists: never a replacement
    finally:
        os.unlink(temporary)


def move_aside(path: Path) -> Path:
    """Rename a record that cannot be read to ``NAME.corrupt-<YYYYmmdd-HHMMSS>`` beside it (a
    counter is added if that name is taken) and return the new path: kept, never overwritten."""
    stamp_text = time.strftime("%Y%m%d-%H%M%S")
    for count in range(1000):
        suffix = f".corrupt-{stamp_text}" + (f"-{count}" if count else "")
        moved = path.with_name(path.name + suffix)
        try:
            # link + unlink: never replaces an existing file (os.rename would, on POSIX)
            os.link(path, moved)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            if moved.exists():
                continue
            os.rename(path, moved)  # a file system without hard links
            return moved
        os.unlink(path)
        return moved
    raise FileExistsError(f"no free name beside {path}")  # 1000 a second: unreachable


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` while reading and rewriting it, so records written
    at once by several processes all survive. The lock is taken on the folder that holds
    ``path`` (``flock`` on the folder itself), so no lock file is left beside a learner's
    notebook; on Windows, where a folder cannot be locked, on a hidden ``.NAME.lock`` file."""
    if sys.platform == "win32":
        import msvcrt

        handle = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT)
        try:
            msvcrt.locking(handle, msvcrt.LK_LOCK, 1)  # retries for 10 s, then OSError
            try:
                yield
            finally:
                msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(handle)
        return
    import fcntl

    handle = os.open(path.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
