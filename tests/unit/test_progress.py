"""``kfp-tutorial progress NOTEBOOK_DIR``: the instructor's table, from learners' records only."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kfp_tutorial import i18n, progress
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n.width import display_width, pad
from kfp_tutorial.progress import write_record


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    previous = i18n.get_lang()
    i18n.set_lang("en")
    yield
    i18n.set_lang(previous)


def record(
    path: Path, learner: str, attempts: dict[str, tuple[bool, str]], source: str = "login"
) -> None:
    """A record as check_exercise writes it: {"02-add/1": (ok, time)}."""
    path.parent.mkdir(parents=True, exist_ok=True)
    exercises = {}
    for key, (ok, when) in attempts.items():
        lesson, number = key.split("/")
        exercises[key] = {"lesson": lesson, "number": int(number), "ok": ok, "time": when, "attempts": 1}
    data = {"learner": learner, "learner_from": source, "exercises": exercises}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    """Three learners' folders, one with records in two notebook folders, one with a Korean name."""
    root = tmp_path / "class"
    name = progress.PROGRESS_FILE
    record(root / "alice" / "en" / name, "jovyan", {"02-add/1": (True, "2026-01-01T10:00:00")})
    record(root / "alice" / "ko" / name, "jovyan", {"03-parallel/1": (False, "2026-01-01T10:05:00")})
    record(
        root / "bob" / "exercises" / name,
        "jovyan",
        {"02-add/1": (False, "2026-01-01T10:00:00"), "03-parallel/1": (True, "2026-01-01T10:01:00")},
    )
    record(root / "shared" / name, "김민준", {"02-add/1": (True, "2026-01-01T11:00:00")}, source="env")
    return root


def table_rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line.strip() and not set(line) <= {"-", " "}]


def test_the_table_shows_each_learners_newest_attempt(classroom: Path) -> None:
    attempts, files = progress.read_records(classroom)
    assert files == 4
    rows = table_rows(progress.progress_table(attempts))
    assert rows[0] == ["Learner", "02.1", "03.1"]
    assert rows[1:-1] == [
        ["alice", "✓", "✗"],  # the learner's folder names them: every login is "jovyan"
        ["bob", "✗", "✓"],
        ["김민준", "✓", "·"],  # a name set with KFP_TUTORIAL_LEARNER wins over the folder
    ]
    assert rows[-1] == ["Passed", "2/3", "1/3"]


def test_a_later_attempt_replaces_an_earlier_one(tmp_path: Path) -> None:
    name = progress.PROGRESS_FILE
    record(tmp_path / "ann" / "a" / name, "x", {"02-add/1": (False, "2026-01-01T10:00:00")})
    record(tmp_path / "ann" / "b" / name, "x", {"02-add/1": (True, "2026-01-01T12:00:00")})
    attempts, _ = progress.read_records(tmp_path)
    assert [(a.learner, a.ok) for a in attempts] == [("ann", True)]


def test_columns_line_up_by_display_width(classroom: Path) -> None:
    text = progress.progress_table(progress.read_records(classroom)[0])
    lines = [line for line in text.splitlines() if "✓" in line or "✗" in line]
    # the first mark of every row starts in the same terminal column, Hangul names included
    columns = {display_width(line[: line.index(line.split()[1])]) for line in lines}
    assert len(columns) == 1, text
    assert display_width("김민준") == 6 and display_width("bob") == 3
    assert pad("김민준", 8) == "김민준  "


def test_korean_table(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_lang("ko")  # the CLI sets the language from --lang before any command runs
    assert progress.run(argparse.Namespace(notebook_dir=str(classroom))) == 0
    out = capsys.readouterr().out
    rows = table_rows(out.split("\n\n")[0])
    assert rows[0][0] == "학습자" and rows[-1][0] == "통과"
    assert "학습자 3명, 기록 4개" in out


def test_english_legend(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert progress.run(argparse.Namespace(notebook_dir=str(classroom))) == 0
    assert "3 learners, 4 records" in capsys.readouterr().out


def test_an_unreadable_record_is_skipped_with_a_warning(classroom: Path) -> None:
    broken = classroom / "carol" / progress.PROGRESS_FILE
    broken.parent.mkdir()
    broken.write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    attempts, files = progress.read_records(classroom, warn=warnings.append)
    assert files == 4 and "carol" not in {a.learner for a in attempts}
    assert len(warnings) == 1 and str(broken) in warnings[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_missing_and_empty_folders_are_clear_errors(tmp_path: Path, lang: str) -> None:
    i18n.set_lang(lang)
    with pytest.raises(TutorialError) as missing:
        progress.read_records(tmp_path / "nowhere")
    (tmp_path / "empty" / "alice").mkdir(parents=True)
    with pytest.raises(TutorialError) as empty:
        progress.read_records(tmp_path / "empty")
    assert str(tmp_path / "nowhere") in str(missing.value)
    assert progress.PROGRESS_FILE in str(empty.value)
    word = {"en": "check cell", "ko": "확인 셀"}[lang]
    assert word in str(empty.value)


def test_write_record_is_what_progress_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KFP_TUTORIAL_LEARNER", "이서연")
    path = tmp_path / "learners" / "desk-3" / progress.PROGRESS_FILE
    write_record("02-add", 1, False, path)
    write_record("02-add", 1, True, path)
    write_record("03-parallel", 2, False, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["learner"] == "이서연" and data["learner_from"] == "env"
    assert data["exercises"]["02-add/1"]["attempts"] == 2
    attempts, _ = progress.read_records(tmp_path / "learners")
    assert sorted((a.learner, a.lesson, a.number, a.ok) for a in attempts) == [
        ("이서연", "02-add", 1, True),
        ("이서연", "03-parallel", 2, False),
    ]


def test_the_command_line_exits_2_without_records(tmp_path: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", "--lang", "en", "progress", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 2, process.stdout + process.stderr
    assert "No progress records" in process.stdout + process.stderr
    assert "Traceback" not in process.stderr
