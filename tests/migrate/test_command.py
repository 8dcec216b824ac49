"""``kfp-tutorial migrate`` as a learner meets it: bad input, what it shows, what it writes.

The error paths stop before the compile check and are fast; the runs that check and write
are marked slow (each starts kfp in a process of its own).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from kfp_tutorial import cli, i18n

FIXTURES = Path(__file__).parent / "fixtures"
V1 = (FIXTURES / "lightweight_calls.py").read_text(encoding="utf-8")


def migrate(*args: str, lang: str = "en") -> tuple[int, str]:
    out = io.StringIO()
    previous = i18n.get_lang()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli.main(["--lang", lang, "migrate", *args])
    finally:
        i18n.set_lang(previous)
    return code, out.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.py").write_text(V1, encoding="utf-8")
    return tmp_path


# Each bad input: (files to make, arguments, exit code, words the message must contain).
BAD_INPUTS = {
    "missing": ({}, ["nope.py"], 2, ["nope.py", ".py"]),
    "not-python": ({"notes.txt": "hello\n"}, ["notes.txt"], 2, ["notes.txt", ".ipynb"]),
    "binary": ({"data.py": "\0\1\2"}, ["data.py"], 2, ["data.py"]),
    "syntax": ({"bad.py": "import kfp\n\ndef f(:\n    pass\n"}, ["bad.py"], 2, ["bad.py", "3"]),
    "not-utf8": ({"latin.py": "# caf\xe9\nimport kfp\n"}, ["latin.py"], 2, ["latin.py", "UTF-8"]),
    "not-a-notebook": ({"nb.ipynb": "{not json"}, ["nb.ipynb"], 2, ["nb.ipynb"]),
    "no-kfp": ({"plain.py": "print('hi')\n"}, ["plain.py"], 0, ["plain.py", "kfp"]),
    "already-v2": (
        {"new.py": "from kfp import dsl\n\n\n@dsl.component\ndef f(a: int) -> int:\n    return a\n"},
        ["new.py"],
        0,
        ["new.py", "kfp 2"],
    ),
    "empty-folder": ({"empty/readme.txt": "x"}, ["empty"], 0, ["empty"]),
    "in-place-and-output": ({}, ["old.py", "--in-place", "-o", "x.py"], 2, ["--in-place", "-o"]),
    "output-is-input": ({}, ["old.py", "-o", "old.py"], 2, ["--in-place"]),
    "output-exists": (
        {"taken.py": "mine = True\n"},
        ["old.py", "-o", "taken.py"],
        2,
        ["taken.py", "--force"],
    ),
    "output-suffix": ({}, ["old.py", "-o", "new.ipynb"], 2, ["new.ipynb", ".py"]),
    "backup-exists": ({"old.py.v1": "earlier\n"}, ["old.py", "--in-place"], 2, ["old.py.v1"]),
}


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_a_message_and_nothing_is_written(case: str, lang: str, work: Path) -> None:
    files, args, expected_code, words = BAD_INPUTS[case]
    for name, text in files.items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "latin.py":
            path.write_bytes(text.encode("latin-1"))
        elif name == "data.py":
            path.write_bytes(text.encode())
        else:
            path.write_text(text, encoding="utf-8")
    before = snapshot(work)
    code, said = migrate(*args, lang=lang)
    assert code == expected_code, said
    assert snapshot(work) == before
    assert "Traceback" not in said
    for word in words:
        assert word in said, said
    assert any("\uac00" <= c <= "\ud7a3" for c in said) == (lang == "ko"), said


@pytest.mark.slow
def test_the_default_shows_a_diff_and_why_and_writes_nothing(work: Path) -> None:
    before = snapshot(work)
    code, said = migrate("old.py")
    assert code == 0, said
    assert snapshot(work) == before
    assert "+@dsl.component" in said and "-add_op = comp.create_component_from_func" in said
    assert "migration.md#components" in said  # each change names its page
    assert "compiles with kfp" in said and "calculate" in said


@pytest.mark.slow
def test_in_place_keeps_the_original_beside_it(work: Path) -> None:
    code, said = migrate("old.py", "--in-place", lang="ko")
    assert code == 0, said
    assert (work / "old.py.v1").read_text(encoding="utf-8") == V1
    assert "@dsl.component" in (work / "old.py").read_text(encoding="utf-8")
    # a second --in-place never replaces the .v1 copy
    again, said = migrate("old.py", "--in-place")
    assert (again, (work / "old.py.v1").read_text(encoding="utf-8")) == (0, V1)
    assert "already kfp 2" in said


@pytest.mark.slow
def test_a_folder_goes_to_a_folder(work: Path) -> None:
    source = work / "project"
    shutil.copytree(FIXTURES, source / "pipelines")
    (source / "pipelines" / "notes.md").write_text("# notes\n", encoding="utf-8")
    code, said = migrate(str(source), "-o", "migrated")
    assert code == 0, said
    written = sorted(
        p.relative_to(work / "migrated").as_posix() for p in (work / "migrated").rglob("*.py")
    )
    assert written == sorted(f"pipelines/{p.name}" for p in FIXTURES.glob("*.py"))
    assert "to do by hand" in said and "removed_names.py:" in said  # the TODO list names file:line


@pytest.mark.slow
def test_a_result_that_does_not_compile_is_not_written(work: Path) -> None:
    (work / "dynamic.py").write_text(
        "from kfp import dsl\n\n\n@dsl.pipeline(name='dynamic')\ndef dynamic(step: str = 'a'):\n"
        "    dsl.ContainerOp(name='step-' + step, image='alpine', command=['echo'])\n",
        encoding="utf-8",
    )
    code, said = migrate("dynamic.py", "-o", "out.py")
    assert code == 1, said
    assert not (work / "out.py").exists()
    assert "TODO(kfp-v2)" in said and "--force" in said
    code, said = migrate("dynamic.py", "-o", "out.py", "--force")
    assert (work / "out.py").exists()


@pytest.mark.slow
def test_a_notebook_is_written_cell_by_cell(work: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# v1\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "outputs": [],
                "source": V1.splitlines(keepends=True),
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (work / "old.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    code, said = migrate("old.ipynb", "-o", os.path.join("out", "new.ipynb"))
    assert code == 0, said
    written = json.loads((work / "out" / "new.ipynb").read_text(encoding="utf-8"))
    assert written["cells"][0] == notebook["cells"][0]
    assert "@dsl.component" in "".join(written["cells"][1]["source"])
