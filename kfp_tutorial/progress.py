"""The progress record, and ``kfp-tutorial progress NOTEBOOK_DIR``, which shows it as a table.

``check_exercise`` writes ``.kfp-tutorial-progress.json`` beside the notebook it runs in
(:func:`write_record`, the one writer of the format: atomically, under a lock, never over a
file that is not a progress record, and a damaged record is moved aside, not shortened).
This command finds those records under ``NOTEBOOK_DIR`` (one subfolder per learner, at any
depth) and prints learner × exercise with ✓ (passed), ✗ (tried, not yet) and · (not tried),
then how many learners passed each exercise. It reads the records only: no learner's code
runs again. Columns are padded by display width, so Korean names line up (a Hangul syllable
is two columns). Used in: the instructor guide (workshops).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.i18n.width import display_width, pad
from kfp_tutorial.settings import env_text

PROGRESS_FILE = ".kfp-tutorial-progress.json"  # kfp_tutorial.exercise_checks writes it
PROGRESS_ENV = "KFP_TUTORIAL_PROGRESS_FILE"  # where to write it instead of ./PROGRESS_FILE
LEARNER_ENV = "KFP_TUTORIAL_LEARNER"  # the learner's name in the record, instead of the login
SOLUTION = "solution"  # an entry's "by" when a lesson (solution) notebook ran the check
PASSED, FAILED, NOT_TRIED = "✓", "✗", "·"

i18n.register_messages(
    {
        "progress_no_folder": {
            "en": "{path} is not a folder. Give the folder that holds the learners' notebooks "
            "(one subfolder per learner).",
            "ko": (
                "{path}(은) 폴더가 아닙니다. 학습자들의 노트북이 있는 폴더를 지정하세요 (학습자마다 "
                "하위 폴더 하나)."
            ),
        },
        "progress_empty": {
            "en": "No progress records ({file}) under {path}. A record is written when a learner runs a "
            "check cell (check_exercise) in an exercise notebook.",
            "ko": "{path} 아래에 진도 기록({file})이 없습니다. 학습자가 연습 노트북에서 확인 셀"
            "(check_exercise)을 실행하면 기록이 생깁니다.",
        },
        "progress_unreadable": {
            "en": "skipped an unreadable record: {path} ({error})",
            "ko": "읽을 수 없는 기록을 건너뛰었습니다: {path} ({error})",
        },
        "progress_why_encoding": {"en": "not UTF-8 text", "ko": "UTF-8 텍스트가 아님"},
        "progress_why_json": {
            "en": "not valid JSON at line {line}",
            "ko": "{line}번째 줄부터 올바른 JSON이 아님",
        },
        "progress_why_shape": {
            "en": "no table of exercises in it",
            "ko": "연습 기록 표가 없음",
        },
        "progress_why_entry": {
            "en": "the entry {entry!r} is incomplete",
            "ko": "'{entry}' 항목이 불완전함",
        },
        "progress_why_os": {"en": "cannot be read: {error}", "ko": "읽을 수 없음: {error}"},
        "progress_not_a_record": {
            "en": "This attempt was not recorded: {path} is not a progress record of kfp-tutorial, "
            "and it was left as it is. Unset {env}, or point it at a new file.",
            "ko": "이번 시도는 기록하지 않았습니다. {path}(은) kfp-tutorial의 진도 기록이 아니라서 "
            "건드리지 않았습니다. {env}(을) 지우거나 새 파일을 가리키게 하세요.",
        },
        "progress_learner": {"en": "Learner", "ko": "학습자"},
        "progress_passed": {"en": "Passed", "ko": "통과"},
        "progress_legend": {
            "en": "✓ passed   ✗ tried, not passed yet   · not tried   ({learners} "
            "{learners:learner|learners}, {records} {records:record|records})",
            "ko": "✓ 통과   ✗ 시도했지만 아직 통과 못 함   · 시도하지 않음   (학습자 {learners}명, 기록 "
            "{records}개)",
        },
        "progress_help": {
            "en": "the folder with the learners' executed exercise notebooks",
            "ko": "학습자들이 실행한 연습 노트북이 있는 폴더",
        },
    }
)


# ---------------------------------------------------------------------------
# The record: one writer, read defensively
# ---------------------------------------------------------------------------


class RecordUnreadable(ValueError):
    """A progress record that cannot be read; ``why`` is a translated reason."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def learner_name() -> str:
    """``$KFP_TUTORIAL_LEARNER``, else the login name."""
    name = env_text(LEARNER_ENV)
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on this machine (some containers)
        return "?"


def record_path() -> Path:
    """Where :func:`write_record` writes: ``$KFP_TUTORIAL_PROGRESS_FILE`` (``~`` expanded),
    else ``./.kfp-tutorial-progress.json``.

    Jupyter, papermill and nbval run a notebook in its own folder, so the record is
    beside the notebook.
    """
    value = env_text(PROGRESS_ENV)
    return Path(os.path.expanduser(value)) if value else Path(PROGRESS_FILE)


def parse_record(raw: bytes) -> dict[str, Any]:
    """The record in ``raw``, or :class:`RecordUnreadable` with a translated reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordUnreadable(t("progress_why_encoding")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordUnreadable(t("progress_why_json", line=exc.lineno)) from None
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
        raise RecordUnreadable(t("progress_why_shape"))
    return data


def _looks_like_a_record(path: Path, raw: bytes) -> bool:
    """A damaged record of ours (moved aside), rather than somebody else's file (left
    alone): it has the record's name, or it is JSON-like text that names its exercises."""
    return path.name == PROGRESS_FILE or (raw.lstrip()[:1] == b"{" and b'"exercises"' in raw)


def _attempts(entry: Any) -> int:
    value = entry.get("attempts") if isinstance(entry, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def write_record(
    lesson: str, number: int, ok: bool, path: Path | None = None, *, solution: bool = False
) -> Path | None:
    """Add one attempt to the progress record; the newest attempt per exercise counts.

    The file is ``{"learner": ..., "learner_from": "env" | "login", "exercises":
    {"02-add/1": {"lesson", "number", "ok", "time", "attempts", "by"}}}``; ``by`` is
    ``"solution"`` when the lesson's own (solution) notebook ran the check, which
    ``progress`` does not count. Written under a lock and atomically, so several notebooks
    checking at once keep every attempt. A record that cannot be read is moved aside
    (``NAME.corrupt-<time>``) and named; a file that is not a record (a diary named in
    ``$KFP_TUTORIAL_PROGRESS_FILE``) is never touched. Returns the path, or None when
    nothing was written (a folder that cannot be written is not the learner's problem: the
    check's result was printed already).
    """
    from kfp_tutorial.errors import TutorialError
    from kfp_tutorial.output_files import (
        check_not_protected,
        locked,
        make_parent,
        move_aside,
        write_atomic,
    )

    path = path or record_path()
    try:
        check_not_protected(path, example=PROGRESS_FILE)
        if path.is_symlink() or path.is_dir():
            raise TutorialError("progress_not_a_record", path=path, env=PROGRESS_ENV)
        if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
            raise TutorialError("write_read_only", path=path)
        make_parent(path)
        with locked(path):
            data: dict[str, Any] = {}
            if path.exists():
                raw = path.read_bytes()
                try:
                    data = parse_record(raw)
                except RecordUnreadable as unreadable:
                    if not _looks_like_a_record(path, raw):
                        raise TutorialError(
                            "progress_not_a_record", path=path, env=PROGRESS_ENV
                        ) from None
                    moved = move_aside(path)
                    print("  " + t("write_moved_aside", path=path, why=unreadable.why, moved=moved))
            exercises: dict[str, Any] = data["exercises"] if data else {}
            key = f"{lesson}/{number}"
            entry: dict[str, Any] = {
                "lesson": lesson,
                "number": number,
                "ok": ok,
                "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "attempts": _attempts(exercises.get(key)) + 1,
            }
            if solution:
                entry["by"] = SOLUTION
            exercises[key] = entry
            data.update(
                {
                    "learner": learner_name(),
                    "learner_from": "env" if env_text(LEARNER_ENV) else "login",
                    "exercises": dict(sorted(exercises.items())),
                }
            )
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            write_atomic(path, text)
    except TutorialError as refused:
        if refused.key != "write_failed":  # a folder that cannot be written: stay quiet
            print("  " + str(refused))
        return None
    except OSError:
        return None
    return path


# ---------------------------------------------------------------------------
# The instructor's table
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """The newest attempt of one learner at one exercise."""

    learner: str
    lesson: str
    number: int
    ok: bool
    time: str


def _learner(record: dict[str, Any], path: Path, root: Path) -> str:
    """Who wrote a record: a name the learner set, else their folder, else their login."""
    name = str(record.get("learner") or "").strip()
    if record.get("learner_from") == "env" and name:
        return name
    parts = path.relative_to(root).parts
    if len(parts) > 1:  # <root>/<learner>/.../.kfp-tutorial-progress.json
        return parts[0]
    return name or "?"


def _attempt(learner: str, key: str, entry: Any) -> Attempt | None:
    """One entry of a record as an Attempt; None for a solution notebook's entry. An
    incomplete entry is :class:`RecordUnreadable`."""
    try:
        if entry.get("by") == SOLUTION:
            return None
        number = entry["number"]
        if isinstance(number, bool) or not isinstance(number, int | str):
            raise TypeError(number)
        return Attempt(
            learner, str(entry["lesson"]), int(number), entry["ok"] is True, str(entry.get("time", ""))
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise RecordUnreadable(t("progress_why_entry", entry=key)) from None


def read_records(root: Path, warn: Any = print) -> tuple[list[Attempt], int]:
    """Every learner's newest attempt per exercise under ``root``, and how many files were read."""
    if not root.is_dir():
        raise TutorialError("progress_no_folder", path=root)
    newest: dict[tuple[str, str, int], Attempt] = {}
    files = sorted(root.rglob(PROGRESS_FILE))
    read = 0
    for path in files:
        try:
            record = parse_record(path.read_bytes())
            learner = _learner(record, path, root)
            attempts = [
                attempt
                for key, entry in record["exercises"].items()
                if (attempt := _attempt(learner, key, entry)) is not None
            ]
        except RecordUnreadable as exc:
            warn(t("progress_unreadable", path=path, error=exc.why))
            continue
        except OSError as exc:
            error = t("progress_why_os", error=exc.strerror or type(exc).__name__)
            warn(t("progress_unreadable", path=path, error=error))
            continue
        read += 1
        for attempt in attempts:
            key = (attempt.learner, attempt.lesson, attempt.number)
            if key not in newest or attempt.time >= newest[key].time:
                newest[key] = attempt
    if not newest:
        raise TutorialError("progress_empty", file=PROGRESS_FILE, path=root)
    return list(newest.values()), read


def column_label(lesson: str, number: int) -> str:
    """``02-add``, 1 -> ``02.1``."""
    return f"{lesson.split('-', 1)[0]}.{number}"


def progress_table(attempts: Sequence[Attempt]) -> str:
    """The learner × exercise table, then the pass count of each exercise."""
    exercises = sorted({(a.lesson, a.number) for a in attempts})
    learners = sorted({a.learner for a in attempts})
    marks = {(a.learner, a.lesson, a.number): PASSED if a.ok else FAILED for a in attempts}
    header = [t("progress_learner")] + [column_label(*exercise) for exercise in exercises]
    rows = [
        [learner] + [marks.get((learner, *exercise), NOT_TRIED) for exercise in exercises]
        for learner in learners
    ]
    passed = [
        sum(1 for learner in learners if marks.get((learner, *exercise)) == PASSED)
        for exercise in exercises
    ]
    footer = [t("progress_passed")] + [f"{count}/{len(learners)}" for count in passed]
    table = [header, *rows, footer]
    widths = [max(display_width(row[column]) for row in table) for column in range(len(header))]
    lines = [
        "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    rule = "  ".join("-" * width for width in widths)
    return "\n".join([lines[0], rule, *lines[1:-1], rule, lines[-1]])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``NOTEBOOK_DIR``; cheap: imports nothing heavy (the CLI adds ``--lang`` to every command)."""
    parser.add_argument("notebook_dir", metavar="NOTEBOOK_DIR", help=t("progress_help"))


def run(args: argparse.Namespace) -> int:
    """Print the progress table; a missing or empty folder is a TutorialError (exit 2)."""
    attempts, records = read_records(Path(args.notebook_dir))
    print(progress_table(attempts))
    print()
    print(t("progress_legend", learners=len({a.learner for a in attempts}), records=records))
    return 0
