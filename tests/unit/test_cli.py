"""The ``kfp-tutorial`` command line: list, run, compile and check, and its error messages.

A few cases run the real command in a subprocess (``python -m kfp_tutorial``), end to
end; the rest call :func:`kfp_tutorial.cli.main` in-process, which is much faster.
``run --all`` is slow, so it runs once per module and several tests read its output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kfp_tutorial import i18n
from kfp_tutorial.checks import setup as setup_check
from kfp_tutorial.cli import main
from kfp_tutorial.registry import LESSONS, Example
from kfp_tutorial.spec.compiler import load_compiled

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
USER_FILE = "tests/fixtures/user_pipeline.py"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KFP_TUTORIAL_LANG", "en")
    monkeypatch.chdir(REPO)  # file targets are written relative to the repository
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kfp_tutorial ARGS`` as a learner would."""
    env = {**os.environ, "KFP_TUTORIAL_LANG": "en", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def all_examples() -> list[tuple[str, Example]]:
    return [(lesson.name, example) for lesson in LESSONS for example in lesson.examples]


@dataclass
class RunAll:
    process: subprocess.CompletedProcess[str]
    output_dir: Path

    @property
    def lines(self) -> list[str]:
        return self.process.stdout.splitlines()


@pytest.fixture(scope="module")
def run_all(tmp_path_factory: pytest.TempPathFactory) -> RunAll:
    output_dir = tmp_path_factory.mktemp("run-all")
    process = cli("run", "--all", "--output-dir", str(output_dir), timeout=600)
    return RunAll(process, output_dir)


# --- run --all -------------------------------------------------------------------------


@pytest.mark.slow
def test_run_all_succeeds(run_all: RunAll) -> None:
    assert run_all.process.returncode == 0, run_all.process.stdout[-3000:] + run_all.process.stderr


@pytest.mark.slow
def test_run_all_shows_progress_for_every_pipeline_of_every_lesson(run_all: RunAll) -> None:
    examples = all_examples()
    progress = [line for line in run_all.lines if line.startswith("[")]
    expected = [
        f"[{index}/{len(examples)}] {lesson} · {example.name}"
        for index, (lesson, example) in enumerate(examples, start=1)
    ]
    assert progress == expected


def summary_rows(run_all: RunAll) -> list[list[str]]:
    lines = run_all.lines
    header = next(
        i
        for i, line in enumerate(lines)
        if line.split()[:5] == ["lesson", "pipeline", "tasks", "status", "seconds"]
    )
    rows = []
    for line in lines[header + 1 :]:
        parts = line.split()
        if len(parts) != 5:
            break
        rows.append(parts)
    return rows


@pytest.mark.slow
def test_run_all_summary_table_matches_the_runs_on_disk(run_all: RunAll) -> None:
    rows = summary_rows(run_all)
    examples = all_examples()
    assert [(row[0], row[1]) for row in rows] == [(lesson, ex.name) for lesson, ex in examples]
    for row, (_, example) in zip(rows, examples, strict=True):
        if example.local:
            assert row[3] == "SUCCESS", row
            assert float(row[4]) > 0
        else:
            assert row[2:] == ["-", "SKIPPED", "-"], row
    # the task counts in the table are those recorded in each run's run.json
    recorded = Counter()
    for path in run_all.output_dir.rglob("run.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        recorded[(data["pipeline"], str(len(data["tasks"])), data["status"])] += 1
    shown = Counter((row[1], row[2], row[3]) for row in rows if row[3] != "SKIPPED")
    assert shown == recorded
    ok = sum(1 for _, ex in examples if ex.local)
    skipped = len(examples) - ok
    assert run_all.lines[-1].startswith(f"{ok} succeeded, 0 failed, {skipped} skipped in ")


# --- list and run ------------------------------------------------------------------------


def test_list_names_every_lesson_and_its_pipelines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lessons (run one with: kfp-tutorial run NAME):")
    for lesson in LESSONS:
        line = next(line for line in out.splitlines() if line.split()[:1] == [lesson.name])
        assert lesson.title_en in line
        for example in lesson.examples:
            assert example.func_name in line


def test_list_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ko", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("수업 목록")
    for lesson in LESSONS:
        assert lesson.title_ko in out


@pytest.mark.slow
def test_run_a_lesson_end_to_end(tmp_path: Path) -> None:
    process = cli("run", "02-add", "--output-dir", str(tmp_path))
    assert process.returncode == 0, process.stderr
    assert "Pipeline 'calculation' finished: SUCCESS" in process.stdout
    assert 'Outputs: {"Output": 26.0}' in process.stdout
    assert len(list(tmp_path.rglob("run.json"))) == 1


@pytest.mark.slow
def test_run_a_learners_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "a learner wrote this pipeline"
    argv = ["run", f"{USER_FILE}:word_stats", "--arg", f"text={text}", "--output-dir", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    words = text.split()
    assert json.dumps({"Output": f"{len(words)} words, longest: {max(words, key=len)}"}) in out


@pytest.mark.slow
def test_a_failing_run_exits_1_and_shows_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["run", "tests/fixtures/failing_pipeline.py:ratio_pipeline", "--arg", "text=1/0"]
    assert main([*argv, "--output-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Task 'parse-ratio' failed. Its log:" in out and "ZeroDivisionError" in out


# --- compile -----------------------------------------------------------------------------


def test_compile_one_lesson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "02-add", "-o", str(tmp_path)]) == 0
    path = tmp_path / "02-add__calculation_pipeline.yaml"
    assert f"Compiled {path}" in capsys.readouterr().out
    compiled = load_compiled(path.read_text(encoding="utf-8"))
    assert compiled.name == "calculation"
    assert sorted(compiled.all_tasks()) == ["add", "add-2", "add-3"]


def test_compile_all_writes_one_spec_per_pipeline_of_every_lesson(tmp_path: Path) -> None:
    assert main(["compile", "--all", "-o", str(tmp_path)]) == 0
    expected = {
        f"{lesson}__{example.func_name}.yaml": example.name for lesson, example in all_examples()
    }
    assert {path.name for path in tmp_path.iterdir()} == set(expected)
    for file_name, pipeline_name in expected.items():
        assert load_compiled((tmp_path / file_name).read_text(encoding="utf-8")).name == pipeline_name


def test_compile_a_learners_file(tmp_path: Path) -> None:
    assert main(["compile", f"{USER_FILE}:word_stats", "-o", str(tmp_path)]) == 0
    (path,) = tmp_path.iterdir()
    assert path.name == "user_pipeline__word_stats.yaml"
    assert load_compiled(path.read_text(encoding="utf-8")).name == "word-stats"


# --- mistakes: a clear message, exit code 2, no traceback --------------------------------


@pytest.mark.slow
def test_unknown_lesson_lists_the_valid_names_end_to_end() -> None:
    process = cli("run", "nosuch")
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert "Unknown lesson 'nosuch'. Valid lessons:" in process.stderr
    for lesson in LESSONS:
        assert lesson.name in process.stderr


@pytest.mark.slow
def test_unknown_lesson_in_korean_end_to_end() -> None:
    process = cli("--lang", "ko", "run", "nosuch")
    assert process.returncode == 2 and "Traceback" not in process.stderr
    # 'nosuch' ends in a vowel when read (노서치): 라는, not 이라는
    assert "'nosuch'라는 수업은 없습니다. 사용할 수 있는 수업:" in process.stderr


def run_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the CLI in-process, expect exit code 2, return the message."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("kfp-tutorial: ")
    assert "Traceback" not in captured.err
    return captured.err.strip().removeprefix("kfp-tutorial: ")


def test_unknown_argument_name(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", "02-add", "--arg", "c=1")
    assert message == "Pipeline 'calculation' has no parameter 'c'. Its parameters: a: float, b: float."


def test_wrong_argument_type_names_parameter_and_type(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", "02-add", "--arg", "b=eight")
    assert message == (
        "Parameter 'b' of pipeline 'calculation' is float: 'eight' is not a number. "
        "Give it as 1.5, e.g. --arg b=1.5"
    )


def test_argument_without_a_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--arg expects name=value, got 'a'." in run_error(capsys, "run", "02-add", "--arg", "a")


def test_unknown_pipeline_of_a_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", "03-parallel", "--pipeline", "nope")
    assert "has no pipeline 'nope'. Its pipelines: parallel_pipeline, fan_out_pipeline." in message


def test_no_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Name a lesson" in run_error(capsys, "run")


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", "tests/fixtures/nothing_here.py:pipe")
    assert message.startswith("File not found: tests/fixtures/nothing_here.py.")


def test_missing_function_lists_the_pipelines_in_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", f"{USER_FILE}:wordstats")
    assert (
        message
        == f"{USER_FILE} has no 'wordstats'. Pipelines in that file: longest_pipeline, word_stats."
    )


def test_a_function_that_is_not_a_pipeline(capsys: pytest.CaptureFixture[str]) -> None:
    message = run_error(capsys, "run", f"{USER_FILE}:not_a_pipeline")
    assert "is not a pipeline. Decorate it with @dsl.pipeline." in message


def test_a_syntax_error_in_the_learners_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("from kfp import dsl\n\n@dsl.pipeline(name='x')\ndef p(:\n    pass\n")
    message = run_error(capsys, "run", f"{broken}:p")
    first, code, caret = message.splitlines()
    assert first.startswith(f"{broken}, line 4: SyntaxError: ")
    assert code == "    def p(:"
    assert caret == "    " + " " * code.strip().index(":") + "^"


def test_cheap_listing_equals_the_imported_examples() -> None:
    from kfp_tutorial.cli.listing import lesson_pipelines

    for lesson in LESSONS:
        assert lesson_pipelines(lesson) == tuple(ex.func_name for ex in lesson.examples), lesson.name


def test_compile_to_one_yaml_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "out.yaml"
    assert main(["compile", "02-add", "-o", str(out)]) == 0
    assert out.is_file()
    assert load_compiled(out.read_text(encoding="utf-8")).name == "calculation"
    assert list(tmp_path.rglob("*.yaml")) == [out]


def test_list_columns_line_up_by_display_width(capsys: pytest.CaptureFixture[str]) -> None:
    from kfp_tutorial.i18n.width import display_width

    assert main(["--lang", "ko", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    starts = set()
    for line, lesson in zip(lines, LESSONS, strict=True):
        names = ", ".join(ex.func_name for ex in lesson.examples)
        starts.add(display_width(line[: line.index(names)]))
    assert len(starts) == 1  # the pipelines column starts at the same screen column


def test_container_pipeline_run_locally_explains_and_points_to_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "tests/fixtures/container_pipeline.py:list_files_pipeline"
    message = run_error(capsys, "run", target, "--output-dir", str(tmp_path))
    assert "task 'list-files' is a container component (image busybox:1.36)" in message
    assert f"kfp-tutorial run {target} --host URL" in message
    assert "lesson 09" in message


# --- check ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_check_passes_here_end_to_end() -> None:
    process = cli("check")
    assert process.returncode == 0, process.stdout + process.stderr
    lines = process.stdout.splitlines()
    assert lines[0] == "Checking your setup for the Kubeflow Pipelines course:"
    marks = [line[0] for line in lines if line.startswith(("✓ ", "✗ "))]
    checks = setup_check.run_checks(run_pipeline=False)  # the same checks but the local run
    assert len(marks) == len(checks) + 1
    assert "✓ kfp.local runs lesson 00's pipeline: python " in process.stdout
    assert lines[-1] == "All required pieces are in place. You are ready for lesson 01."


def test_check_fails_with_exit_1_when_a_required_piece_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = setup_check.package_version
    monkeypatch.setattr(
        setup_check, "package_version", lambda name: None if name == "kfp" else real(name)
    )
    assert main(["check", "--lang", "ko"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Kubeflow Pipelines 과정을 위한 환경을 확인합니다:")
    assert "✗ kfp 설치되지 않음 (이 과정에는 2.17.3 필요)" in out
    assert "-m pip install kfp==2.17.3" in out and "→ 해결: " in out  # a pip that works from any folder
    assert "필수 구성 요소 2개가 없습니다" in out
