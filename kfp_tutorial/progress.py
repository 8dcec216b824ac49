"""``kfp-tutorial progress NOTEBOOK_DIR``: which learner passed which exercise, as a table.

``check_exercise`` writes ``.kfp-tutorial-progress.json`` beside the notebook it runs in.
This command finds those records under ``NOTEBOOK_DIR`` (one subfolder per learner, at any
depth) and prints learner × exercise with ✓ (passed), ✗ (tried, not yet) and · (not tried),
then how many learners passed each exercise. It reads the records only: no learner's code
runs again. Columns are padded by display width, so Korean names line up (a Hangul syllable
is two columns). Used in: the instructor guide (workshops).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.i18n.width import display_width, pad

PROGRESS_FILE = ".kfp-tutorial-progress.json"  # kfp_tutorial.exercise_checks writes it
PROGRESS_ENV = "KFP_TUTORIAL_PROGRESS_FILE"  # where to write it instead of ./PROGRESS_FILE
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
        "progress_learner": {"en": "Learner", "ko": "학습자"},
        "progress_passed": {"en": "Passed", "ko": "통과"},
        "progress_legend": {
            "en": "✓ passed   ✗ tried, not passed yet   · not tried   ({learners} learners, {records} "
            "records)",
            "ko": "✓ 통과   ✗ 시도했지만 아직 통과 못 함   · 시도하지 않음   (학습자 {learners}명, 기록 "
            "{records}개)",
        },
        "progress_help": {
            "en": "the folder with the learners' executed exercise notebooks",
            "ko": "학습자들이 실행한 연습 노트북이 있는 폴더",
        },
    }
)


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


def read_records(root: Path, warn: Any = print) -> tuple[list[Attempt], int]:
    """Every learner's newest attempt per exercise under ``root``, and how many files were read."""
    if not root.is_dir():
        raise TutorialError("progress_no_folder", path=root)
    newest: dict[tuple[str, str, int], Attempt] = {}
    files = sorted(root.rglob(PROGRESS_FILE))
    read = 0
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            exercises = record["exercises"]
            learner = _learner(record, path, root)
            attempts = [
                Attempt(
                    learner, str(e["lesson"]), int(e["number"]), bool(e["ok"]), str(e.get("time", ""))
                )
                for e in exercises.values()
            ]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            warn(t("progress_unreadable", path=path, error=exc))
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
