"""Instructor kit: exercise notebooks generated from the solution notebooks, and the
agenda's timing table built from measured notebook run times.

``python -m tools.exercises`` writes ``notebooks/exercises/{en,ko}/NN-slug.ipynb``
from ``notebooks/{en,ko}/NN-slug.ipynb``: code cells tagged ``solution`` become a single
``# Your code here`` line and every output is cleared (fastbook's ``clean/`` folder, kept
in sync by a test). Each exercise's solution cells must be followed by a check cell,
``check_exercise("02-add", 1, add_three_pipeline)``: it stays in the exercise notebook,
right after the emptied cell, whose placeholder names what to define
(``# Your code here: define add_three_pipeline``, then ``add_three_pipeline = ...``).
``--check`` changes nothing and exits 1 listing the files that are out of sync.

``python -m tools.exercises timings`` turns ``test-artifacts/notebook-times.json``
(written by the notebook test) into ``lessons/data/timings.md`` and
``lessons/data/timings.ko.md``, the tables the instructor guides include. Their
"Planned" column is each lesson page's own ``## Time {#time}`` section ("About 25
minutes", "약 25분"): the pages are the one source of lesson times, the guide repeats them.

Used in: the instructor guide; every lesson's exercises.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import t
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.versions import DEFAULT_LANG, LANGS
from tools.notebooks import SOURCE_KEY  # a synced cell; an emptied one is the learner's

REPO_ROOT = Path(__file__).resolve().parent.parent
SOLUTION_TAG = "solution"
PLACEHOLDER = "# Your code here"
# The line of a lesson notebook's imports cell that makes its checks record as "solution";
# exercise notebooks are generated without it, so a learner's checks count.
SOLUTION_MARK = "mark_solution_notebook()"
CHECK_CALL = re.compile(
    r"check_exercise\(\s*[\"'](?P<lesson>[^\"']+)[\"']\s*,\s*(?P<number>\d+)\s*,\s*(?P<answer>[A-Za-z_]\w*)\s*\)"
)
# Lessons whose exercises have no check_exercise yet, with the reason; every other lesson's
# exercises must each be followed by a check cell. Keep this list short: it is a to-do list.
UNCHECKED_LESSONS: dict[str, str] = {}
# Notebook and cell metadata that belongs to one execution, not to the exercise.
_RUN_METADATA = ("papermill", "execution", "widgets", "collapsed", "scrolled")

i18n.register_messages(
    {
        "exercises_no_notebooks": {
            "en": "No solution notebooks found in {path}. Run this from the repository root "
            "or pass --notebooks DIR.",
            "ko": "{path}에서 풀이 노트북을 찾지 못했습니다. 저장소 최상위 폴더에서 실행하거나 "
            "--notebooks DIR 옵션으로 위치를 지정하세요.",
        },
        "exercises_no_check": {
            "en": "{notebook}: the solution cell {cell} is not followed by a check cell, e.g. "
            'check_exercise("02-add", 1, add_three_pipeline). Every exercise needs one.',
            "ko": "{notebook}: {cell}번 풀이 셀 다음에 확인 셀이 없습니다. 예: "
            'check_exercise("02-add", 1, add_three_pipeline). 연습마다 확인 셀이 하나씩 있어야 합니다.',
        },
        "exercises_written": {
            "en": "Wrote {count} exercise notebooks into {path} ({removed} stale removed).",
            "ko": "연습 노트북 {count}개를 {path}에 썼습니다 (오래된 파일 {removed}개 삭제).",
        },
        "exercises_in_sync": {
            "en": "All {count} exercise notebooks are in sync with their solution notebooks.",
            "ko": "연습 노트북 {count}개가 모두 풀이 노트북과 일치합니다.",
        },
        "exercises_out_of_sync": {
            "en": "These exercise notebooks are out of sync with their solution notebooks:\n"
            "{files}\nRegenerate them: python -m tools.exercises",
            "ko": "다음 연습 노트북이 풀이 노트북과 일치하지 않습니다:\n{files}\n"
            "다시 생성하세요: python -m tools.exercises",
        },
        "timings_missing": {
            "en": "{path} not found. Measure first: pytest tests/test_notebooks.py "
            "(it records each notebook's run time), then run this again.",
            "ko": "{path} 파일이 없습니다. 먼저 측정하세요: pytest tests/test_notebooks.py "
            "(노트북마다 실행 시간을 기록합니다). 그다음 다시 실행하세요.",
        },
        "timings_bad_file": {
            "en": "{path} is not a notebook-times file: {error}",
            "ko": "{path}(은) 노트북 실행 시간 파일이 아닙니다: {error}",
        },
        "timings_incomplete": {
            "en": "{path} has no measured time for: {missing}. Run the notebook test for "
            "every lesson in both languages, then run this again.",
            "ko": "{path}에 다음 노트북의 측정 시간이 없습니다: {missing}. 모든 수업의 "
            "노트북 테스트를 두 언어로 실행한 뒤 다시 실행하세요.",
        },
        "timings_pages_disagree": {
            "en": "The Time sections of the {lesson} pages do not give one number of minutes "
            "({minutes}): write the same time in lessons/en/{lesson}.md ('About N minutes') "
            "and lessons/ko/{lesson}.md ('약 N분').",
            "ko": "{lesson} 페이지의 '시간' 절이 같은 분 수를 말하지 않습니다({minutes}). "
            "lessons/en/{lesson}.md('About N minutes')와 lessons/ko/{lesson}.md('약 N분')에 "
            "같은 시간을 적으세요.",
        },
        "timings_written": {
            "en": "Wrote {path} ({count} {count:lesson|lessons}).",
            "ko": "{path}에 썼습니다 (수업 {count}개).",
        },
    }
)


# ---------------------------------------------------------------------------
# Exercise notebooks
# ---------------------------------------------------------------------------


def is_solution_cell(cell: Any) -> bool:
    """True for a code cell tagged ``solution``."""
    return cell.get("cell_type") == "code" and SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def check_call(cell: Any) -> re.Match[str] | None:
    """The ``check_exercise(lesson, number, answer)`` call of a check cell, if it is one."""
    if cell.get("cell_type") != "code" or is_solution_cell(cell):
        return None
    return CHECK_CALL.search(cell.get("source", ""))


def exercise_checks(notebook: Any, name: str = "notebook") -> dict[int, re.Match[str]]:
    """For each solution cell (by index), the check call of the first code cell after its group.

    Raises :class:`TutorialError` when an exercise has no check cell after it.
    """
    cells = notebook.cells
    found: dict[int, re.Match[str]] = {}
    for index, cell in enumerate(cells):
        if not is_solution_cell(cell):
            continue
        after = next(
            (c for c in cells[index + 1 :] if c.cell_type == "code" and not is_solution_cell(c)), None
        )
        call = check_call(after) if after is not None else None
        if call is None:
            if Path(name).stem in UNCHECKED_LESSONS:
                continue
            raise TutorialError("exercises_no_check", notebook=name, cell=index)
        found[index] = call
    return found


def placeholder(call: re.Match[str] | None) -> str:
    """What an emptied cell holds: the name the check cell below checks, not defined yet.

    ``# Your code here: define add_three_pipeline`` and ``add_three_pipeline = ...``, so
    running the check before writing the answer says "not defined yet" (and records nothing)
    instead of raising a NameError.
    """
    if call is None:
        return PLACEHOLDER
    return f"{PLACEHOLDER}: define {call['answer']}\n{call['answer']} = ..."


def without_solution_mark(source: str) -> str:
    """A cell's source without the solution notebook's mark (its line, and its name in the
    import it comes with)."""
    lines = [line for line in source.splitlines() if not line.strip().startswith(SOLUTION_MARK)]
    text = "\n".join(lines)
    return text.replace(", mark_solution_notebook", "").replace("mark_solution_notebook, ", "")


def make_exercise(notebook: Any, name: str = "notebook") -> Any:
    """A copy of ``notebook`` with solution cells emptied and every output cleared.

    Each emptied cell keeps the check cell that follows it (see :func:`exercise_checks`).
    """
    checks = exercise_checks(notebook, name)
    exercise = copy.deepcopy(notebook)
    for key in _RUN_METADATA:
        exercise.metadata.pop(key, None)
    for index, cell in enumerate(exercise.cells):
        for key in _RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if SOLUTION_MARK in cell.source:
            cell.source = without_solution_mark(cell.source)
        if is_solution_cell(cell):
            cell.source = placeholder(checks.get(index))
            cell.metadata.pop(SOURCE_KEY, None)  # the learner's code, no longer the module's
    return exercise


def exercise_text(solution_path: Path) -> str:
    """The exact file content of the exercise notebook for ``solution_path``."""
    notebook = nbformat.read(solution_path, as_version=4)
    name = f"{solution_path.parent.name}/{solution_path.name}"
    return nbformat.writes(make_exercise(notebook, name)) + "\n"


@dataclass(frozen=True)
class Pair:
    """A solution notebook and the exercise notebook generated from it."""

    solution: Path
    exercise: Path


def solution_notebooks(notebooks_dir: Path) -> list[Path]:
    """Every solution notebook: ``notebooks/{en,ko}/*.ipynb``, sorted."""
    return sorted(p for lang in LANGS for p in (notebooks_dir / lang).glob("*.ipynb"))


def pairs(notebooks_dir: Path) -> list[Pair]:
    """Each solution notebook with the path of its exercise notebook."""
    found = solution_notebooks(notebooks_dir)
    if not found:
        raise TutorialError("exercises_no_notebooks", path=notebooks_dir)
    return [Pair(path, notebooks_dir / "exercises" / path.parent.name / path.name) for path in found]


def stale_exercises(notebooks_dir: Path) -> list[Path]:
    """Exercise notebooks whose solution notebook no longer exists."""
    expected = {pair.exercise for pair in pairs(notebooks_dir)}
    existing = {p for lang in LANGS for p in (notebooks_dir / "exercises" / lang).glob("*.ipynb")}
    return sorted(existing - expected)


def out_of_sync(notebooks_dir: Path) -> list[Path]:
    """Exercise notebooks that are missing, differ from a fresh generation, or are stale."""
    wrong = [
        pair.exercise
        for pair in pairs(notebooks_dir)
        if not pair.exercise.is_file()
        or pair.exercise.read_text(encoding="utf-8") != exercise_text(pair.solution)
    ]
    return sorted(wrong + stale_exercises(notebooks_dir))


def generate(notebooks_dir: Path) -> tuple[int, int]:
    """Write every exercise notebook and remove stale ones. Returns (written, removed)."""
    all_pairs = pairs(notebooks_dir)
    for pair in all_pairs:
        pair.exercise.parent.mkdir(parents=True, exist_ok=True)
        text = exercise_text(pair.solution)
        if not pair.exercise.is_file() or pair.exercise.read_text(encoding="utf-8") != text:
            pair.exercise.write_text(text, encoding="utf-8")
    stale = stale_exercises(notebooks_dir)
    for path in stale:
        path.unlink()
    return len(all_pairs), len(stale)


# ---------------------------------------------------------------------------
# Timings for the instructor guide's agenda
# ---------------------------------------------------------------------------

TIMES_PATH = Path("test-artifacts/notebook-times.json")
TIMINGS_PATH = Path("lessons/data/timings.md")  # English; Korean: timings_path("ko")
TIMINGS_HEADERS = {
    "en": ("Lesson", "Run en (s)", "Run ko (s)", "Planned (min)", "Total"),
    "ko": ("수업", "실행 en (초)", "실행 ko (초)", "계획 (분)", "합계"),
}
# The first number of a lesson page's Time section: "About 25 minutes", "약 25분".
TIME_SECTION_RE = re.compile(r"^## [^\n]*\{#time\}\s*\n(?P<body>.*?)(?=^## |\Z)", re.M | re.S)
MINUTES_RE = {"en": re.compile(r"(\d+) minutes"), "ko": re.compile(r"(\d+)분")}


def timings_path(lang: str) -> Path:
    """Where the agenda table of ``lang`` is written."""
    return TIMINGS_PATH if lang == DEFAULT_LANG else TIMINGS_PATH.with_suffix(f".{lang}.md")


@dataclass(frozen=True)
class LessonTiming:
    """One agenda row: measured notebook run seconds and the minutes the page plans."""

    name: str
    title_en: str
    title_ko: str
    seconds_en: float
    seconds_ko: float
    planned_minutes: int


def page_minutes(page: Path, lang: str) -> int | None:
    """The minutes a lesson page's ``## Time {#time}`` section gives (its first number of
    minutes), or None if the page has no such section or number."""
    if not page.is_file():
        return None
    section = TIME_SECTION_RE.search(page.read_text(encoding="utf-8"))
    if section is None:
        return None
    found = MINUTES_RE[lang].search(section.group("body"))
    return int(found.group(1)) if found else None


def load_times(path: Path) -> dict[str, dict[str, float]]:
    """Read the notebook test's measurements as ``{lang: {NN-slug: seconds}}``.

    The file is ``tools.notebooks.merge_times``'s output:
    ``{"en/02-add": {"seconds": 12.3, "ok": true}, ...}``. A notebook whose run failed
    (``"ok": false``) has no valid time and is left out.
    """
    if not path.is_file():
        raise TutorialError("timings_missing", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, got {type(data).__name__}")
        result: dict[str, dict[str, float]] = {lang: {} for lang in LANGS}
        for key, record in data.items():
            lang, _, name = key.partition("/")
            if lang not in LANGS or not name:
                raise KeyError(f"{key!r} is not <lang>/<NN-slug> with lang en or ko")
            if not record.get("ok", True):
                continue
            seconds = float(record["seconds"])
            if not math.isfinite(seconds) or seconds <= 0:
                raise ValueError(f"{key}: {record['seconds']!r} is not a positive time")
            result[lang][name] = seconds
        return result
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TutorialError("timings_bad_file", path=path, error=exc) from exc


def lesson_timings_missing(times: dict[str, dict[str, float]]) -> list[str]:
    """The ``lang/NN-slug`` notebooks of registered lessons that have no measured time."""
    return [
        f"{lang}/{lesson.name}" for lesson in LESSONS for lang in LANGS if lesson.name not in times[lang]
    ]


def lesson_timings(
    times: dict[str, dict[str, float]], root: Path, source: Path = TIMES_PATH
) -> list[LessonTiming]:
    """One row per lesson in the registry; every lesson must be measured in both languages
    and its pages must give the same time in both (``root`` is the repository)."""
    missing = lesson_timings_missing(times)
    if missing:
        raise TutorialError("timings_incomplete", path=source, missing=", ".join(missing))
    rows = []
    for lesson in LESSONS:
        minutes = {
            lang: page_minutes(root / "lessons" / lang / f"{lesson.name}.md", lang) for lang in LANGS
        }
        if None in minutes.values() or len(set(minutes.values())) != 1:
            raise TutorialError("timings_pages_disagree", lesson=lesson.name, minutes=minutes)
        rows.append(
            LessonTiming(
                name=lesson.name,
                title_en=lesson.title_en,
                title_ko=lesson.title_ko,
                seconds_en=times["en"][lesson.name],
                seconds_ko=times["ko"][lesson.name],
                planned_minutes=int(minutes[DEFAULT_LANG] or 0),
            )
        )
    return rows


def timings_table(rows: Sequence[LessonTiming], measured_on: str, lang: str = DEFAULT_LANG) -> str:
    """The Markdown table the instructor guide of ``lang`` includes."""
    lesson, run_en, run_ko, planned, total = TIMINGS_HEADERS[lang]
    lines = [
        "<!-- Generated by `python -m tools.exercises timings` from "
        "test-artifacts/notebook-times.json and the lesson pages' Time sections; "
        "do not edit by hand. -->",
        f"<!-- Measured on: {measured_on} -->",
        "",
        f"| {lesson} | {run_en} | {run_ko} | {planned} |",
        "|---|--:|--:|--:|",
    ]
    for row in rows:
        lines.append(
            # a relative link: the page that includes the table is next to the lessons
            f"| [{row.name}]({row.name}.md) | {row.seconds_en:.1f} "
            f"| {row.seconds_ko:.1f} | {row.planned_minutes} |"
        )
    total_en = sum(r.seconds_en for r in rows)
    total_ko = sum(r.seconds_ko for r in rows)
    total_planned = sum(r.planned_minutes for r in rows)
    hours, minutes = divmod(total_planned, 60)
    duration = f"{hours}시간 {minutes}분" if lang == "ko" else f"{hours} h {minutes:02d}"
    lines.append(
        f"| **{total}** | **{total_en:.1f}** | **{total_ko:.1f}** | **{total_planned}** ({duration}) |"
    )
    return "\n".join(lines) + "\n"


def machine_description() -> str:
    """Where the times were measured: CPUs, OS and Python, for the table's comment."""
    import os
    import platform

    return (
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def write_timings(times_path: Path, output: Path, root: Path) -> list[LessonTiming]:
    """Read the measurements, write the table of each language (``output`` is the English
    one; the Korean one goes beside it as ``NAME.ko.md``); returns the rows."""
    rows = lesson_timings(load_times(times_path), root, times_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    measured_on = machine_description()
    for lang in LANGS:
        target = output if lang == DEFAULT_LANG else output.with_suffix(f".{lang}.md")
        target.write_text(timings_table(rows, measured_on, lang), encoding="utf-8")
    return rows


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _default_notebooks_dir() -> Path:
    local = Path("notebooks")
    return local if (local / "en").is_dir() else REPO_ROOT / "notebooks"


def main(argv: Sequence[str] | None = None) -> int:
    """``[generate] [--check]`` or ``timings``; see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.exercises",
        description="Generate exercise notebooks, or the instructor guide's timing table.",
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=("generate", "timings"),
        default="generate",
        help="generate (default): exercise notebooks; timings: lessons/data/timings.md",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--notebooks", type=Path, default=None, help="folder with en/ and ko/")
    parser.add_argument("--times", type=Path, default=None, help=f"default: {TIMES_PATH}")
    parser.add_argument("-o", "--output", type=Path, default=None, help=f"default: {TIMINGS_PATH}")
    parser.add_argument("--lang", choices=i18n.LANGS, default=None, help="language of messages")
    args = parser.parse_args(argv)
    i18n.set_lang(args.lang)
    try:
        if args.command == "timings":
            root = REPO_ROOT if not Path("lessons").is_dir() else Path(".")
            output = args.output or root / TIMINGS_PATH
            rows = write_timings(args.times or root / TIMES_PATH, output, root)
            print(t("timings_written", path=output, count=len(rows)))
            return 0
        notebooks_dir = args.notebooks or _default_notebooks_dir()
        if args.check:
            wrong = out_of_sync(notebooks_dir)
            if wrong:
                print(t("exercises_out_of_sync", files="\n".join(f"  {p}" for p in wrong)))
                return 1
            print(t("exercises_in_sync", count=len(pairs(notebooks_dir))))
            return 0
        written, removed = generate(notebooks_dir)
        print(t("exercises_written", count=written, path=notebooks_dir / "exercises", removed=removed))
        return 0
    except TutorialError as exc:
        print(f"tools.exercises: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
