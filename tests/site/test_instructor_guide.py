"""The instructor guide: measured timings table, and commands and messages that are real."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from kfp_tutorial import i18n
from kfp_tutorial.cli import build_parser
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.registry import LESSONS
from tools import exercises

REPO = Path(__file__).resolve().parents[2]
TIMINGS = REPO / exercises.TIMINGS_PATH
TABLES = {lang: REPO / exercises.timings_path(lang) for lang in ("en", "ko")}
PAGES = {lang: REPO / "lessons" / lang / "instructor-guide.md" for lang in ("en", "ko")}
ROW = re.compile(
    r"^\| \[(\d\d-[a-z0-9-]+)\]\((\d\d-[a-z0-9-]+)\.md\) \| ([\d.]+) \| ([\d.]+) \| (\d+) \|$"
)


def page(lang: str) -> str:
    return PAGES[lang].read_text(encoding="utf-8")


def table_rows(text: str) -> list[tuple[str, str, float, float, int]]:
    """(lesson, linked page, run en, run ko, planned minutes) per table row."""
    rows = []
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            name, link, en, ko, planned = match.groups()
            rows.append((name, link, float(en), float(ko), int(planned)))
    return rows


def structure(text: str) -> tuple[list[str], list[tuple[str, str]], int]:
    """What must not change between measurements: header, lessons and links, columns."""
    header = [line for line in text.splitlines() if line.startswith(("| Lesson", "| 수업"))]
    lessons = [(r[0], r[1]) for r in table_rows(text)]
    columns = {line.count("|") for line in text.splitlines() if line.startswith("|")}
    assert len(columns) == 1, f"rows with different numbers of columns: {columns}"
    return header, lessons, columns.pop()


def times_file(path: Path, seconds: dict[str, float]) -> Path:
    """A measurement file in the notebook test's format (tools.notebooks.merge_times)."""
    path.write_text(
        json.dumps({key: {"seconds": value, "ok": True} for key, value in seconds.items()}),
        encoding="utf-8",
    )
    return path


# --- the checked-in timings table --------------------------------------------------


def test_timings_table_covers_every_lesson() -> None:
    rows = table_rows(TIMINGS.read_text(encoding="utf-8"))
    assert [r[0] for r in rows] == [lesson.name for lesson in LESSONS]
    for name, link, *_ in rows:
        assert link == name  # links to the lesson page next to the guide, in both languages
        for lang in ("en", "ko"):
            assert (REPO / "lessons" / lang / f"{link}.md").is_file()


def test_timings_are_real_measurements() -> None:
    """Times from executing notebooks: each takes at least a kernel start, and en and ko
    (separate runs) are never all identical, as a hand-written table would be."""
    text = TIMINGS.read_text(encoding="utf-8")
    rows = table_rows(text)
    assert all(r[2] >= 0.5 and r[3] >= 0.5 for r in rows), rows
    assert any(r[2] != r[3] for r in rows), "en and ko times are all identical"
    assert re.search(r"<!-- Measured on: \d+ CPUs, \w+ ", text)


@pytest.mark.parametrize("lang", sorted(TABLES))
def test_planned_minutes_are_the_lesson_pages_times(lang: str) -> None:
    """One source of lesson times: each page's Time section, the same in both languages;
    the guide's table repeats it, and its total adds up."""
    text = TABLES[lang].read_text(encoding="utf-8")
    rows = table_rows(text)
    assert [r[0] for r in rows] == [lesson.name for lesson in LESSONS]
    for name, _, _, _, planned in rows:
        for page_lang in ("en", "ko"):
            page_path = REPO / "lessons" / page_lang / f"{name}.md"
            assert exercises.page_minutes(page_path, page_lang) == planned, (
                f"{lang} table says {planned} min for {name}, lessons/{page_lang}/{name}.md differs"
            )
    total = re.search(r"\*\*(\d+)\*\* \((\d+)(?: h |시간 )(\d+)분?\)", text)
    assert total and int(total.group(1)) == sum(r[4] for r in rows)
    assert int(total.group(2)) * 60 + int(total.group(3)) == int(total.group(1))
    other = TABLES["ko" if lang == "en" else "en"].read_text(encoding="utf-8")
    assert [r[2:] for r in table_rows(other)] == [r[2:] for r in rows], "en and ko tables differ"


def test_pages_that_disagree_on_the_time_are_a_clear_error(tmp_path: Path) -> None:
    for lang, time in (("en", "About 25 minutes."), ("ko", "약 30분입니다.")):
        folder = tmp_path / "lessons" / lang
        folder.mkdir(parents=True)
        for lesson in LESSONS:
            (folder / f"{lesson.name}.md").write_text(f"# T\n\n## Time {{#time}}\n\n{time}\n")
    seconds = {f"{lang}/{lesson.name}": 1.0 for lesson in LESSONS for lang in ("en", "ko")}
    with pytest.raises(TutorialError) as err:
        exercises.write_timings(times_file(tmp_path / "t.json", seconds), tmp_path / "t.md", tmp_path)
    assert err.value.key == "timings_pages_disagree" and "'en': 25, 'ko': 30" in str(err.value)


@pytest.mark.slow
def test_table_agrees_with_a_fresh_measurement(tmp_path: Path) -> None:
    """Measure one notebook now and compare with its row: the checked-in times are of
    the same order of magnitude (a guessed table, or minutes for seconds, would not be)."""
    from tools.notebooks import execute_notebook

    name = "02-add"
    result = execute_notebook(
        REPO / "notebooks" / "en" / f"{name}.ipynb",
        tmp_path / f"{name}.ipynb",
        parameters={"output_dir": str(tmp_path / "runs")},
    )
    assert result.ok, result.error
    rows = {row[0]: row for row in table_rows(TIMINGS.read_text(encoding="utf-8"))}
    ratio = rows[name][2] / result.seconds
    assert 0.1 < ratio < 10, f"en/{name}: table {rows[name][2]}s, measured {result.seconds:.2f}s"


def test_regenerating_gives_the_same_structure(tmp_path: Path) -> None:
    """Regenerate from a measurement file (the same lessons measured on a machine 37 %
    slower): same header, lessons and columns; the times follow the measurement."""
    checked_in = TIMINGS.read_text(encoding="utf-8")
    seconds = {
        f"{lang}/{row[0]}": round(value * 1.37, 2)
        for row in table_rows(checked_in)
        for lang, value in (("en", row[2]), ("ko", row[3]))
    }
    measurement = times_file(tmp_path / "times.json", seconds)
    out = tmp_path / "timings.md"
    assert exercises.main(["timings", "--times", str(measurement), "-o", str(out)]) == 0
    regenerated = out.read_text(encoding="utf-8")
    assert structure(regenerated) == structure(checked_in)
    korean = (tmp_path / "timings.ko.md").read_text(encoding="utf-8")
    assert structure(korean) == structure(TABLES["ko"].read_text(encoding="utf-8"))
    new = {r[0]: r[2] for r in table_rows(regenerated)}
    old = {r[0]: r[2] for r in table_rows(checked_in)}
    assert all(abs(new[k] - old[k] * 1.37) < 0.06 for k in old)


def test_incomplete_or_missing_measurement_is_a_clear_error(tmp_path: Path) -> None:
    partial = times_file(tmp_path / "partial.json", {"en/00-getting-started": 3.2})
    with pytest.raises(TutorialError) as err:
        exercises.write_timings(partial, tmp_path / "t.md", REPO)
    assert err.value.key == "timings_incomplete" and "ko/00-getting-started" in str(err.value)
    failed = times_file(tmp_path / "failed.json", {})
    failed.write_text(json.dumps({"en/02-add": {"seconds": 4.0, "ok": False}}), encoding="utf-8")
    assert exercises.load_times(failed) == {"en": {}, "ko": {}}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"02-add": 4.0}), encoding="utf-8")
    with pytest.raises(TutorialError) as err:
        exercises.load_times(bad)
    assert err.value.key == "timings_bad_file"
    with pytest.raises(TutorialError) as err:
        exercises.load_times(tmp_path / "absent.json")
    assert err.value.key == "timings_missing" and "test_notebooks.py" in str(err.value)
    assert not (tmp_path / "t.md").exists()


# --- the guide pages ------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_guide_includes_the_measured_table_of_its_language(lang: str) -> None:
    assert f'--8<-- "{exercises.timings_path(lang).as_posix()}"' in page(lang)


REQUIRED = [
    "python3.11 --version",
    "bash scripts/main.sh",
    "kfp-tutorial check",
    "docker info",
    "kind",
    "kubectl",
    "kfp-tutorial doctor",
    "pip download -d wheels",
    "--no-index --find-links wheels",
    "cluster/images.txt",
    "preload-images",
    "http.server",
    "fs.inotify.max_user_watches",
    "UI_PORT=8081",
    "apt-get install -y chromium",
    "HTTPS_PROXY",
    "kfp-tutorial export",
    "python -m tools.exercises --check",
]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_guide_covers_checklist_offline_plan_and_failures(lang: str) -> None:
    text = page(lang)
    missing = [item for item in REQUIRED if item not in text]
    assert not missing, f"{lang} guide does not mention {missing}"


def test_the_commands_in_the_guide_exist() -> None:
    parser = build_parser()
    for argv in (
        ["check"],
        ["doctor"],
        ["export", "-o", "handouts/"],
        ["export", "--exercises"],
        ["cluster", "up"],
        ["cluster", "preload"],
    ):
        parser.parse_args(argv)  # exits (SystemExit) on an unknown command or option
    help_text = subprocess.run(
        ["bash", str(REPO / "kfp_tutorial" / "cluster" / "kfp-cluster.sh"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for word in ("preload-images", "PRELOAD=1", "UI_PORT", "down"):
        assert word in help_text


def test_quoted_type_error_is_what_kfp_says() -> None:
    from kfp_tutorial.lessons.lesson02_add import build_pipeline_with_int_literal

    with pytest.raises(Exception) as err:
        build_pipeline_with_int_literal()
    quoted = "Argument type 'NUMBER_INTEGER' is incompatible with the input type 'NUMBER_DOUBLE'"
    assert quoted in str(err.value)
    for lang in PAGES:
        assert quoted in " ".join(page(lang).split())


@pytest.mark.parametrize(
    ("lang", "fragments"),
    [
        ("en", ["cannot run locally", "is a container component"]),
        ("ko", ["로컬에서 실행할 수 없습니다", "컨테이너 Component(이미지"]),
    ],
)
def test_quoted_container_message_is_what_the_runner_says(lang: str, fragments: list[str]) -> None:
    from kfp_tutorial import run_local
    from kfp_tutorial.lessons.lesson01_hello_world import hello_container_pipeline

    previous = i18n.get_lang()
    i18n.set_lang(lang)
    try:
        with pytest.raises(TutorialError) as err:
            run_local(hello_container_pipeline, {"name": "x"}, progress=False)
    finally:
        i18n.set_lang(previous)
    for fragment in fragments:
        assert fragment in str(err.value)
        assert fragment in page(lang)


def test_quoted_chromium_hint_is_the_browser_tests_own() -> None:
    from chromium import missing_message

    message = missing_message(Path("/usr/bin/chromium"))
    assert "apt-get install -y chromium" in message
    assert "/usr/bin/chromium is missing" in message
    for lang in PAGES:
        assert "/usr/bin/chromium is missing" in page(lang)
