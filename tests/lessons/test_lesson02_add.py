"""Lesson 02: values flow between tasks; kfp 2 rejects an int for a float input.

No ``from __future__ import annotations`` here: kfp reads the annotations of the
pipeline this file defines, and they must be real types, not strings.
"""

import re
from pathlib import Path

import pytest
from kfp.dsl.types.type_utils import InconsistentTypeException

from kfp_tutorial import i18n
from kfp_tutorial.cli import main
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons.lesson02_add import (
    add,
    add_three_pipeline,
    build_pipeline_with_int_literal,
    calculation_pipeline,
)
from kfp_tutorial.local.runner import run_local
from kfp_tutorial.results import RunResult
from kfp_tutorial.spec.compiler import compile_pipeline, dependencies
from lesson_checks import assert_in_pages, check_page_structure, page, page_python, run_page_code

NAME = "02-add"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    return run_local(
        calculation_pipeline,
        {"a": 7.0, "b": 8.0},
        output_dir=tmp_path_factory.mktemp("runs"),
        progress=False,
    )


def test_sum_waits_for_both_adds_which_are_independent() -> None:
    compiled = compile_pipeline(calculation_pipeline)
    assert dependencies(compiled) == {"add": set(), "add-2": set(), "add-3": {"add", "add-2"}}
    tasks = compiled.all_tasks()
    inputs = tasks["add-3"]["inputs"]["parameters"]
    assert {inputs[name]["taskOutputParameter"]["producerTask"] for name in ("a", "b")} == {
        "add",
        "add-2",
    }
    # the literal 4.0 is a constant of the spec, a and b are pipeline parameters
    first = tasks["add"]["inputs"]["parameters"]
    assert first["b"]["runtimeValue"]["constant"] == 4.0
    assert first["a"]["componentInputParameter"] == "a"
    root_inputs = compiled.spec["root"]["inputDefinitions"]["parameters"]
    assert {name: p["parameterType"] for name, p in root_inputs.items()} == {
        "a": "NUMBER_DOUBLE",
        "b": "NUMBER_DOUBLE",
    }
    assert {name: p["defaultValue"] for name, p in root_inputs.items()} == {"a": 7.0, "b": 8.0}


@pytest.mark.slow
def test_classic_add_gives_26(run: RunResult) -> None:
    a, b = 7.0, 8.0
    first, second = add.python_func(a, 4.0), add.python_func(a, b)
    total = add.python_func(first, second)
    assert run.status == "SUCCESS"
    assert run.output == total == 26.0
    assert run.task("add").inputs == {"a": a, "b": 4.0}
    assert run.task("add").outputs == {"Output": first}
    assert run.task("add-2").outputs == {"Output": second}
    assert run.task("add-3").inputs == {"a": first, "b": second}
    assert all(task.seconds > 0 and task.status == "SUCCESS" for task in run.tasks)
    assert_in_pages(
        NAME,
        f"{a:g} + 4 = **{first:g}**",
        f"{a:g} + {b:g} = **{second:g}**",
        f"{first:g} + {second:g} = **{total:g}**",
    )


@pytest.mark.slow
def test_other_arguments_from_the_page_code() -> None:
    (code,) = page_python(NAME)
    namespace, printed = run_page_code(code)
    result = namespace["result"]
    expected = (1.5 + 4.0) + (1.5 + 2.0)
    assert result.output == expected
    assert printed.strip().splitlines()[-1] == str(expected)
    assert_in_pages(NAME, f"(1.5 + 4) + (1.5 + 2) = **{expected:g}**")


@pytest.mark.slow
def test_other_arguments_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--lang", "en", "run", NAME, "--arg", "a=1.5", "--arg", "b=2", "--output-dir", str(tmp_path)]
    assert main(argv) == 0
    assert 'Outputs: {"Output": 9.0}' in capsys.readouterr().out
    assert_in_pages(NAME, "kfp-tutorial run 02-add --arg a=1.5 --arg b=2")


def test_int_literal_for_a_float_input_is_rejected_with_the_quoted_message() -> None:
    with pytest.raises(InconsistentTypeException) as info:
        build_pipeline_with_int_literal()
    real = f"{type(info.value).__module__}.{type(info.value).__name__}: {info.value}"
    for lang in ("en", "ko"):
        quoted = re.findall(
            r"^kfp\.dsl\.types\.type_utils\.InconsistentTypeException: .+$", page(lang, NAME), re.M
        )
        assert len(quoted) == 1, f"{lang} page should quote the error once"
        assert quoted[0] in real
        assert "NUMBER_INTEGER" in quoted[0] and "'b'" in quoted[0]


def test_exercise_fix_a_float_literal_is_accepted() -> None:
    from kfp import dsl

    @dsl.pipeline(name="fixed")
    def fixed(a: float = 7.0) -> float:
        return add(a=a, b=4.0).output

    assert compile_pipeline(fixed).all_tasks()["add"]["inputs"]["parameters"]["b"]["runtimeValue"] == {
        "constant": 4.0
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_runner_rejects_an_int_argument_with_the_quoted_message(lang: str, tmp_path: Path) -> None:
    i18n.set_lang(lang)
    with pytest.raises(TutorialError) as info:
        run_local(calculation_pipeline, {"a": 7, "b": 8.0}, output_dir=tmp_path)
    assert info.value.key == "bad_param_type"
    assert f"```text\n{info.value}\n```" in page(lang, NAME)
    assert not list(tmp_path.rglob("run.json"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_word_for_a_number_on_the_command_line(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", lang, "run", NAME, "--arg", "a=seven"]) == 2
    message = capsys.readouterr().err.strip().removeprefix("kfp-tutorial: ")
    assert "'a'" in message and "float" in message and "seven" in message
    assert f"`{message}`" in page(lang, NAME)


@pytest.mark.slow
def test_exercise_add_three(tmp_path: Path) -> None:
    arguments = {"a": 1.5, "b": 2.5, "c": 3.0}
    result = run_local(add_three_pipeline, arguments, output_dir=tmp_path, progress=False)
    assert result.output == sum(arguments.values())
    assert dependencies(compile_pipeline(add_three_pipeline)) == {"add": set(), "add-2": {"add"}}
    assert_in_pages(NAME, f"4 + 3 = **{result.output:g}**")


def test_page_structure() -> None:
    check_page_structure(NAME)
