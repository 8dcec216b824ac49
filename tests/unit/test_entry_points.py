"""Every entry point reads the environment through the checks its options have, and writes
only what the terminal can show.

Generated over the table, not listed: every ``KFP_*`` variable the source reads must be a
row of kfp_tutorial.settings.SETTINGS; every row with a checker gets hypothesis-drawn bad
values (refused with exit 2, the variable named, in the learner's language, no traceback)
and good ones (accepted); every command runs under the encodings of real terminals (a
Korean Windows console, an ascii pipe, Latin-1) without a UnicodeEncodeError.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_tutorial import cli, i18n
from kfp_tutorial.cli.commands import COMMANDS
from kfp_tutorial.settings import BY_NAME, FALSE, SETTINGS, TRUE

PACKAGE = Path(cli.__file__).resolve().parents[1]
ENV_NAME = re.compile(r"^KFP?_[A-Z][A-Z_]+$")
NOT_VARIABLES = {"KFP_VERSION", "KFP_KUBERNETES_VERSION", "KFP_STATES", "KFP_MANIFESTS", "KFP_TAG"}


def _env_names_in_source() -> set[str]:
    """Every string constant in the package that looks like one of our variables."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if ENV_NAME.match(node.value) and node.value not in NOT_VARIABLES:
                    found.add(node.value)
    return found


def test_every_variable_the_source_names_is_in_the_settings_table() -> None:
    names = _env_names_in_source()
    assert "KFP_TUTORIAL_CACHE" in names and "KFP_HOST" in names  # the scan finds them
    assert names <= set(BY_NAME), "add the variable to kfp_tutorial.settings.SETTINGS"


def _cli(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue() + err.getvalue()


BAD_VALUES = {
    "flag": st.text(min_size=1, max_size=20).filter(
        lambda v: v.strip() and v.strip().lower() not in TRUE + FALSE
    ),
    "lang": st.text(min_size=1, max_size=10).filter(
        lambda v: v.strip() and v.strip().lower() not in i18n.LANGS
    ),
    "seconds": st.one_of(
        st.sampled_from(["0", "-5", "abc", "inf", "nan", "1e999"]),
        st.text(min_size=1, max_size=8).filter(lambda v: v.strip() and not _positive(v)),
    ),
    "short_text": st.text(min_size=201, max_size=400).filter(lambda v: len(v.strip()) > 200),
}
GOOD_VALUES = {
    "flag": st.sampled_from(TRUE + FALSE + ("TRUE", " yes ", "On")),
    "lang": st.sampled_from(["en", "ko", "KO", " en "]),
    "seconds": st.floats(min_value=0.5, max_value=10_000).map(str),
    "short_text": st.text(min_size=1, max_size=50).filter(lambda v: v.strip()),
}


def _positive(text: str) -> bool:
    try:
        return 0 < float(text) < float("inf")
    except ValueError:
        return False


CHECKED = [s for s in SETTINGS if s.check.__name__.strip("_") in BAD_VALUES]


def test_the_checked_variables_are_the_ones_with_a_rule() -> None:
    assert {s.name for s in CHECKED} >= {
        "KFP_TUTORIAL_LANG",
        "KFP_TUTORIAL_CACHE",
        "KFP_TUTORIAL_SKIP_PIP",
        "KFP_TUTORIAL_ALLOW_KFP",
        "KFP_TUTORIAL_LEARNER",
        "KFP_TUTORIAL_CHECK_TIMEOUT",
    }


@settings(max_examples=60, deadline=None)
@given(setting=st.sampled_from(CHECKED), lang=st.sampled_from(i18n.LANGS), data=st.data())
def test_a_bad_value_in_the_environment_is_refused_like_a_bad_option(
    setting: object, lang: str, data: st.DataObject
) -> None:
    rule = setting.check.__name__.strip("_")  # type: ignore[attr-defined]
    name = setting.name  # type: ignore[attr-defined]
    value = data.draw(BAD_VALUES[rule])
    if "\x00" in value:
        return  # the environment cannot hold a NUL byte
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        code, said = _cli(["--lang", lang, "list"])
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
        i18n.set_lang("en")
    assert code == 2, said
    assert name in said and "Traceback" not in said
    assert ("설정" in said or "지우세요" in said) == (lang == "ko"), said


@settings(max_examples=40, deadline=None)
@given(setting=st.sampled_from(CHECKED), data=st.data())
def test_a_good_value_in_the_environment_is_accepted(setting: object, data: st.DataObject) -> None:
    rule = setting.check.__name__.strip("_")  # type: ignore[attr-defined]
    name = setting.name  # type: ignore[attr-defined]
    value = data.draw(GOOD_VALUES[rule])
    if "\x00" in value:
        return
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        code, said = _cli(["--lang", "en", "list"])
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
        i18n.set_lang("en")
    assert code == 0, said


@pytest.mark.parametrize("value", ["notes.txt", "/proc/kfp-tutorial", "/dev/full"])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_output_dir_variable_is_checked_as_the_option_is(
    value: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.setenv("KFP_TUTORIAL_OUTPUT_DIR", value)
    code, said = _cli(["--lang", lang, "run", "02-add"])
    i18n.set_lang("en")
    assert code == 2 and "KFP_TUTORIAL_OUTPUT_DIR" in said and "Traceback" not in said, said
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("option", ["--token", "--namespace", "--cookie"])
def test_a_cluster_option_without_a_cluster_is_a_usage_error(
    option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KFP_HOST", raising=False)
    code, said = _cli(["--lang", "en", "run", "02-add", option, "x"])
    assert code == 2 and option in said and "--host" in said, said


# --- the terminal's encoding -----------------------------------------------------------------

ENCODINGS = ["cp949", "ascii", "latin-1"]


def _progress_folder(tmp_path: Path) -> Path:
    record = {
        "learner": "김민준",
        "learner_from": "env",
        "exercises": {"02-add/1": {"lesson": "02-add", "number": 1, "ok": True, "time": "t"}},
    }
    folder = tmp_path / "class" / "kim"
    folder.mkdir(parents=True)
    (folder / ".kfp-tutorial-progress.json").write_text(json.dumps(record), encoding="utf-8")
    return tmp_path / "class"


# (command words, exit code): one cheap invocation per command, and each command's --help
def _invocations(tmp_path: Path) -> list[tuple[list[str], int]]:
    words: list[tuple[list[str], int]] = [
        (["list"], 0),
        (["progress", str(_progress_folder(tmp_path))], 0),
        (["run", "no-such-lesson"], 2),
        (["report", str(tmp_path / "nothing")], 2),
        (["compile", "02-add", "-o", str(tmp_path / "out")], 0),
        (["run", "02-add", "--output-dir", str(tmp_path / "runs")], 0),
        (["check", "--output-dir", str(tmp_path / "check")], 0),
    ]
    words += [([command.name, "--help"], 0) for command in COMMANDS]
    return words


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_command_writes_what_the_terminal_can_show(
    encoding: str, lang: str, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "KFP_TUTORIAL_LANG": lang}
    for words, expected in _invocations(tmp_path):
        process = subprocess.run(
            [sys.executable, "-m", "kfp_tutorial", "--lang", lang, *words],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        shown = process.stdout.decode(encoding) + process.stderr.decode(encoding)
        assert process.returncode == expected, (words, shown)
        assert "Traceback" not in shown and "UnicodeEncodeError" not in shown, (words, shown)
        if (
            words[0] == "progress" and words[1] != "--help"
        ):  # the passed mark, or its plain form where ✓ cannot be shown
            mark = "✓" if _encodes("✓", encoding) else "v"
            assert f"  {mark}" in shown, shown


@settings(max_examples=200, deadline=None)
@given(text=st.text(), encoding=st.sampled_from(ENCODINGS))
def test_degrade_always_gives_text_the_encoding_can_write(text: str, encoding: str) -> None:
    from kfp_tutorial.cli.console import degrade

    degrade(text, encoding).encode(encoding)  # never raises
    if all(_encodes(c, encoding) for c in text):
        assert degrade(text, encoding) == text


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# --- every option of every command, given a malformed value ----------------------------------


def _options_with_values() -> list[tuple[str, str]]:
    """(command, --option) for every option of every command that takes a value."""
    import argparse

    from kfp_tutorial.cli.parser import build_parser

    found = []
    parser = build_parser()
    for command, sub in parser.command_parsers.items():
        for action in sub._actions:
            if action.option_strings and action.nargs != 0 and action.dest not in ("help", "lang"):
                if not isinstance(action, argparse._SubParsersAction):
                    found.append((command, action.option_strings[-1]))
    return found


OPTIONS = _options_with_values()
# A target each command accepts, so the option is what is tried.
TARGETS = {"run": ["02-add"], "compile": ["02-add"], "upload": ["02-add"], "report": ["{run}"]}
MALFORMED = [
    "",
    " ",
    "~",
    "~nobody-here/x",
    "{file}",
    "{folder}",
    "{missing}/deeper/x",
    "é" * 5,
    "x" * 100_000,
    "\udcff\udcfe",
    "--",
    "-1",
    "0",
    "nan",
    "http://[::1",
]


@pytest.mark.slow
@settings(max_examples=45, deadline=None)
@given(
    option=st.sampled_from(OPTIONS), value=st.sampled_from(MALFORMED), lang=st.sampled_from(i18n.LANGS)
)
def test_a_malformed_option_value_never_ends_in_a_traceback(
    option: tuple[str, str], value: str, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("options")
    (work / "notes.txt").write_text("mine\n", encoding="utf-8")
    (work / "folder").mkdir()
    places = {
        "file": str(work / "notes.txt"),
        "folder": str(work / "folder"),
        "missing": str(work / "gone"),
        "run": str(work / "folder"),
        "big": "x" * 100_000,
    }
    command, flag = option
    words = [w.format(**places) for w in TARGETS.get(command, [])]
    argv = ["--lang", lang, command, *words, flag, value.format(**places) if "{" in value else value]
    env = {**os.environ, "KFP_TUTORIAL_OUTPUT_DIR": str(work / "runs")}
    env.pop("KFP_HOST", None)
    process = subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", *argv],
        capture_output=True,
        cwd=work,
        env=env,
        timeout=240,
        errors="surrogateescape",
        text=True,
    )
    said = process.stdout + process.stderr
    assert "Traceback" not in said, (argv[:6], said[-2000:])
    assert process.returncode in (0, 1, 2), (argv[:6], said[-2000:])
    assert (work / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert len(said) < 20_000, "a long value is shortened in messages"
