"""Learner mistakes at the command line: one row per mistake, each in both languages.

Every row checks the exit code (2 for a usage mistake), that no traceback is shown, that
the message names the thing at fault, and that it is in the chosen language. The rows run
in-process through :func:`kfp_tutorial.cli.main` (fast); a few cases need a real process
(a closed pipe, Ctrl-C during start-up, what gets imported). Nothing here runs a pipeline:
every mistake is refused before anything runs.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfp_tutorial import i18n
from kfp_tutorial.cli import main
from tests.terminal import as_in_a_terminal

REPO = Path(__file__).resolve().parents[2]
USER = "tests/fixtures/user_pipeline.py"
HANGUL = re.compile("[가-힣]")

# (id, argv, the words that name the thing at fault). Exit code 2 for all of them.
# {tmp} is a fresh folder; {file} a plain file in it; {none}, {broken}, {raises}, {txt},
# {yaml} are files made by the `files` fixture.
ROWS: list[tuple[str, list[str], str]] = [
    # argparse: usage mistakes
    ("no-command", [], "COMMAND"),
    ("unknown-command", ["nosuch"], "nosuch"),
    ("unknown-option", ["run", "--nope"], "--nope"),
    ("arg-without-value", ["run", "02-add", "--arg"], "--arg"),
    ("pipeline-without-value", ["run", "02-add", "--pipeline"], "--pipeline"),
    ("bad-lang-before", ["--lang", "fr", "list"], "fr"),
    ("bad-lang-after", ["list", "--lang", "de"], "de"),
    ("list-extra-word", ["list", "extra"], "extra"),
    ("compile-o-without-value", ["compile", "02-add", "-o"], "-o"),
    ("cluster-without-command", ["cluster"], "COMMAND"),
    ("cluster-unknown-command", ["cluster", "sideways"], "sideways"),
    ("report-without-run-dir", ["report"], "RUN_DIR"),
    ("export-bad-notebooks-lang", ["export", "--notebooks-lang", "fr"], "fr"),
    ("export-old-lang-all", ["export", "--lang", "all"], "all"),
    ("output-dir-without-value", ["run", "02-add", "--output-dir"], "--output-dir"),
    ("check-unknown-option", ["check", "--nope"], "--nope"),
    ("doctor-extra-word", ["doctor", "now"], "now"),
    ("upload-host-without-value", ["upload", "--host"], "--host"),
    ("two-targets", ["run", "02-add", "03-parallel"], "03-parallel"),
    ("unknown-short-option", ["run", "-x"], "-x"),
    ("unknown-option-with-value", ["compile", "--all", "--bogus=1"], "--bogus"),
    ("cluster-up-unknown-option", ["cluster", "up", "--fast"], "--fast"),
    # targets and option pairs
    ("run-no-target", ["run"], "--all"),
    ("compile-no-target", ["compile"], "--all"),
    ("unknown-lesson", ["run", "nosuch"], "nosuch"),
    ("unknown-lesson-number", ["run", "99"], "99"),
    ("compile-unknown-lesson", ["compile", "nosuch"], "nosuch"),
    ("upload-unknown-lesson", ["upload", "nosuch"], "nosuch"),
    ("lesson-and-all", ["run", "02-add", "--all"], "--all"),
    ("compile-lesson-and-all", ["compile", "03", "--all"], "--all"),
    ("upload-lesson-and-all", ["upload", "02", "--all"], "--all"),
    ("pipeline-with-all", ["run", "--all", "--pipeline", "x"], "--pipeline"),
    ("compile-pipeline-with-all", ["compile", "--all", "--pipeline", "x"], "--pipeline"),
    ("pipeline-with-file", ["run", USER, "--pipeline", "word_stats"], "--pipeline"),
    ("pipeline-with-file-func", ["run", f"{USER}:word_stats", "--pipeline", "x"], "--pipeline"),
    ("pipeline-with-yaml", ["upload", "{yaml}", "--pipeline", "x"], "--pipeline"),
    ("unknown-pipeline", ["run", "03-parallel", "--pipeline", "nope"], "nope"),
    ("compile-unknown-pipeline", ["compile", "02", "--pipeline", "nope"], "nope"),
    # --arg
    ("unknown-param", ["run", "02-add", "--arg", "c=1"], "'c'"),
    ("wrong-type", ["run", "02-add", "--arg", "b=eight"], "eight"),
    ("arg-without-equals", ["run", "02-add", "--arg", "a"], "'a'"),
    ("arg-without-name", ["run", "02-add", "--arg", "=1"], "=1"),
    ("duplicate-arg", ["run", "02-add", "--arg", "a=1", "--arg", "a=2"], "--arg a"),
    ("duplicate-arg-file", ["run", f"{USER}:word_stats", "--arg", "text=a", "--arg", "text=b"], "text"),
    ("nan-float", ["run", "02-add", "--arg", "a=nan"], "nan"),
    ("inf-float", ["run", "02-add", "--arg", "a=inf"], "inf"),
    ("negative-infinity", ["run", "02-add", "--arg", "b=-Infinity"], "-Infinity"),
    ("int-for-int-param", ["run", "03", "--pipeline", "parallel_pipeline", "--arg", "count=2.5"], "2.5"),
    (
        "list-item-str",
        ["run", "03", "--pipeline", "fan_out_pipeline", "--arg", 'numbers=[1,"x"]'],
        "'x'",
    ),
    (
        "list-item-bool",
        ["run", "03", "--pipeline", "fan_out_pipeline", "--arg", "numbers=[1,true]"],
        "True",
    ),
    (
        "list-json-nan",
        ["run", "03", "--pipeline", "fan_out_pipeline", "--arg", "numbers=[NaN]"],
        "[NaN]",
    ),
    (
        "list-not-a-list",
        ["run", "03", "--pipeline", "fan_out_pipeline", "--arg", "numbers=1"],
        "numbers",
    ),
    ("list-broken-json", ["run", "03", "--pipeline", "fan_out_pipeline", "--arg", "numbers=[1,"], "[1,"),
    ("all-arg-unknown-everywhere", ["run", "--all", "--arg", "zzz=1"], "zzz"),
    ("all-arg-wrong-type-checked-first", ["run", "--all", "--arg", "a=x"], "'x'"),
    # learners' files
    ("missing-file", ["run", "{tmp}/nothing_here.py:pipe"], "nothing_here.py"),
    ("missing-function", ["run", f"{USER}:wordstats"], "wordstats"),
    ("not-a-pipeline", ["run", f"{USER}:not_a_pipeline"], "not_a_pipeline"),
    ("several-pipelines", ["run", USER], "longest_pipeline, word_stats"),
    ("compile-several-pipelines", ["compile", USER], f"{USER}:"),
    ("no-pipeline", ["run", "{none}"], "none.py"),
    ("no-pipeline-with-func", ["run", "{none}:p"], "none.py"),
    ("syntax-error", ["run", "{broken}"], "broken.py"),
    ("import-error", ["run", "{raises}:p"], "ZeroDivisionError"),
    ("not-python", ["run", "{txt}"], "notes.txt"),
    ("run-compiled-yaml", ["run", "{yaml}"], "spec.yaml"),
    ("compile-compiled-yaml", ["compile", "{yaml}"], "spec.yaml"),
    ("bad-func-name", ["run", f"{USER}:1bad"], "1bad"),
    ("a-folder-as-target", ["run", "tests/"], "tests"),
    ("missing-yaml", ["upload", "{tmp}/gone.yaml"], "gone.yaml"),
    # output paths
    ("run-output-dir-is-file", ["run", "02-add", "--output-dir", "{file}"], "--output-dir"),
    ("run-output-dir-under-file", ["run", "02-add", "--output-dir", "{file}/sub"], "taken.txt"),
    (
        "run-output-dir-uncreatable",
        ["run", "02-add", "--output-dir", "/proc/kfp-tutorial/x"],
        "--output-dir",
    ),
    ("check-output-dir-is-file", ["check", "--output-dir", "{file}"], "--output-dir"),
    ("export-output-is-file", ["export", "-o", "{file}"], "-o"),
    ("export-output-uncreatable", ["export", "-o", "/proc/kfp-tutorial/h"], "-o"),
    ("compile-output-under-file", ["compile", "02-add", "-o", "{file}/x"], "taken.txt"),
    (
        "compile-one-file-many-pipelines",
        ["compile", "03-parallel", "-o", "{tmp}/one.yaml"],
        "--pipeline",
    ),
    ("compile-all-to-one-file", ["compile", "--all", "-o", "{tmp}/all.yaml"], "all.yaml"),
    ("compile-file-uncreatable", ["compile", "02-add", "-o", "/proc/kfp-tutorial/out.yaml"], "-o"),
    ("report-folder-without-run", ["report", "{tmp}"], "run.json"),
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "none.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "broken.py").write_text("from kfp import dsl\n\ndef p(:\n    pass\n", encoding="utf-8")
    (tmp_path / "raises.py").write_text("1 / 0\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not python\n", encoding="utf-8")
    (tmp_path / "spec.yaml").write_text("pipelineInfo: {name: x}\nroot: {}\n", encoding="utf-8")
    (tmp_path / "taken.txt").write_text("a file, not a folder\n", encoding="utf-8")
    names = {"none": "none.py", "broken": "broken.py", "raises": "raises.py", "txt": "notes.txt"}
    paths = {key: str(tmp_path / name) for key, name in names.items()}
    return {
        **paths,
        "yaml": str(tmp_path / "spec.yaml"),
        "file": str(tmp_path / "taken.txt"),
        "tmp": str(tmp_path),
    }


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("KFP_HOST", raising=False)
    monkeypatch.setenv("KFP_TUTORIAL_OUTPUT_DIR", "/proc/kfp-tutorial-must-not-run")


def test_there_are_enough_rows() -> None:
    assert len(ROWS) >= 60
    assert len({row[0] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("argv, names", [pytest.param(r[1], r[2], id=r[0]) for r in ROWS])
def test_a_mistake_gets_a_clear_message(
    argv: list[str], names: str, lang: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    words = ["--lang", lang, *(word.format(**files) for word in argv)]
    try:
        code = main(words)
    finally:
        i18n.set_lang("en")
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "Traceback" not in err and "Traceback" not in out
    assert names.format(**files) in err, err
    text = err.replace(names.format(**files), "")
    if lang == "ko":
        assert HANGUL.search(text), err
    else:
        assert not HANGUL.search(text), err


def test_the_same_mistake_with_lang_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "nosuch", "--lang", "ko"]) == 2
    assert "수업은 없습니다" in capsys.readouterr().err
    i18n.set_lang("en")


def test_a_syntax_error_shows_line_and_caret(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", "en", "run", files["broken"]]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"kfp-tutorial: {files['broken']}, line 3: SyntaxError: ")
    assert lines[1:] == ["    def p(:", "    " + " " * "def p(:".index(":") + "^"]


# --- real processes ------------------------------------------------------------------------


def cli(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, "KFP_TUTORIAL_LANG": "en", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["list"],
        ["--lang", "ko", "run", "--help"],
        ["run", "02-add", "--nope"],
        ["run", "nosuch"],
    ],
    ids=["help", "list", "run-help-ko", "usage-error", "unknown-lesson"],
)
def test_help_list_and_argument_errors_do_not_import_kfp(argv: list[str]) -> None:
    code = (
        "import sys\nfrom kfp_tutorial.cli import main\n"
        f"rc = main({argv!r})\n"
        "kfp = [m for m in sys.modules if m == 'kfp' or m.startswith('kfp.')]\n"
        "print('KFP-IMPORTED' if kfp else 'NO-KFP')\n"
    )
    process = cli("-c", code)
    assert process.stdout.strip().splitlines()[-1] == "NO-KFP", process.stdout + process.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.run(
        f"{sys.executable} -m kfp_tutorial list | head -1",
        shell=True,
        cwd=REPO,
        env={**os.environ, "KFP_TUTORIAL_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.stdout.startswith("Lessons")
    assert process.stderr == ""


def test_a_closed_pipe_on_a_long_output_exits_like_git() -> None:
    # stdout closed before the first write: the write fails with a broken pipe
    read, write = os.pipe()
    os.close(read)
    process = subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", "list"],
        cwd=REPO,
        env={**os.environ, "KFP_TUTORIAL_LANG": "en"},
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )
    os.close(write)
    assert process.returncode == 141
    assert process.stderr == ""


@pytest.mark.parametrize(
    "lang, line", [("en", "kfp-tutorial: Interrupted."), ("ko", "kfp-tutorial: 중단했습니다.")]
)
def test_ctrl_c_during_start_up(lang: str, line: str, tmp_path: Path) -> None:
    """SIGINT while kfp is being imported: one line in the learner's language, exit 130."""
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "kfp_tutorial", "--lang", lang]
        + ["compile", "02-add", "-o", str(tmp_path / "out")],
        cwd=REPO,
        env={**os.environ, "KFP_TUTORIAL_LANG": "en"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_in_a_terminal,
    )
    assert process.stderr is not None
    for import_line in process.stderr:  # -X importtime: one line per module, as it loads
        if import_line.rstrip().endswith((" kfp.dsl", " kfp.dsl.types")):
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    lines = [row for row in err.splitlines() if row.strip() and not row.startswith("import time:")]
    assert process.returncode == 130, out + err
    assert "Traceback" not in err
    assert lines == [line]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_no_colour_codes_in_piped_output() -> None:
    process = cli("-m", "kfp_tutorial", "list", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in process.stdout


def test_strip_ansi_wrapper_drops_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from kfp_tutorial.cli import _plain_output

    with _plain_output():
        print("\x1b[31mFAILURE\x1b[0m")
    assert capsys.readouterr().out == "FAILURE\n"


def test_no_color_wins_over_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from kfp_tutorial.cli import colour_allowed

    class Terminal:
        def isatty(self) -> bool:
            return True

    assert colour_allowed(Terminal())
    monkeypatch.setenv("NO_COLOR", "")
    assert not colour_allowed(Terminal())


# --- property: no traceback for any --arg value or target ----------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
ARG_VALUES = st.one_of(
    TEXT,
    st.sampled_from(
        ["nan", "inf", "-inf", "1e999", "[", "{}", "[1, 2]", '["a"]', "[true]", "[[1]]", "1" * 400]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
TARGETS = st.one_of(
    TEXT,
    st.sampled_from(
        ["02", "2", "add", "02-add:x", "x.py", "x.py:", ":f", "C:\\x.py:f", "a/b", "..", "."]
    ),
    st.builds(lambda a, b: f"{a}.py:{b}", TEXT, TEXT),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pipeline=st.sampled_from([["02-add"], ["03", "--pipeline", "fan_out_pipeline"], ["03"]]),
    name=st.sampled_from(["a", "b", "numbers", "count", "zzz", "", " a "]),
    value=ARG_VALUES,
    extra=st.booleans(),
)
@pytest.mark.slow
def test_no_traceback_for_any_arg_value(
    pipeline: list[str],
    name: str,
    value: str,
    extra: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch,
) -> None:
    from kfp_tutorial.cli import local

    ran: list[object] = []
    monkeypatch.setattr(local, "_run_one", lambda *a: ran.append(a) or _Done())
    argv = ["run", *pipeline, "--arg", f"{name}={value}"] + (
        ["--arg", f"{name}={value}"] if extra else []
    )
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code in (0, 2), err
    assert (code == 0) == bool(ran)


class _Done:
    succeeded = True
    tasks: list[object] = []
    status = "SUCCESS"
    seconds = 0.0


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=TARGETS, command=st.sampled_from(["run", "compile"]))
def test_no_traceback_for_any_target(
    target: str, command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kfp_tutorial.cli import local

    monkeypatch.setattr(local, "_run_one", lambda *a: _Done())  # a valid lesson: nothing runs
    argv = [command, "--", target]
    if command == "compile":
        argv = [command, "-o", "/proc/kfp-tutorial/out", "--", target]  # refused before compiling
    code = main(argv)
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    assert code in ((0, 2) if command == "run" else (2,)), err
