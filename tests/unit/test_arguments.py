"""Arguments of every type KFP accepts, parsed by one function: generated, not listed.

Hypothesis draws (annotation x value): values of the right type written as a learner
would (they round-trip, and kfp's own type check accepts what we accept), values of the
wrong type, broken JSON, empty input, unicode and 100 KB texts (a clear TutorialError that
names the parameter and an example, short enough to read; never another exception).
"""

# No "from __future__ import annotations": kfp reads the components' annotations as types.

import json
import math
from pathlib import Path
from typing import Any, Dict, List, Optional  # noqa: UP035 (annotations as learners write them)

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kfp import dsl
from kfp.dsl.types import type_utils

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.local.arguments import (
    MAX_EXACT_INT,
    Parameter,
    check_arguments,
    parse_cli_arguments,
    parse_text,
    pipeline_signature,
)


@dsl.component(base_image="python:3.11")
def echo(text: str) -> str:
    return text


def _pipeline(name: str, annotation: Any, default: Any = ..., loop: bool = False) -> Any:
    """A one-parameter pipeline ``p(x: annotation [= default])``."""
    if default is ...:

        def body(x):  # type: ignore[no-untyped-def]
            echo(text="x")

    else:

        def body(x=default):  # type: ignore[no-untyped-def]
            echo(text="x")

    body.__annotations__ = {"x": annotation}
    body.__name__ = name
    return dsl.pipeline(name=name.replace("_", "-"))(body)


PIPELINES = {
    "float": (_pipeline("p_float", float), "float"),
    "int": (_pipeline("p_int", int), "int"),
    "str": (_pipeline("p_str", str), "str"),
    "bool": (_pipeline("p_bool", bool), "bool"),
    "list": (_pipeline("p_list", list), "list"),
    "typing.List[int]": (_pipeline("p_typing_list", List[int]), "list[int]"),  # noqa: UP006
    "list[float]": (_pipeline("p_list_float", list[float]), "list[float]"),
    "list[str]": (_pipeline("p_list_str", list[str]), "list[str]"),
    "typing.Dict[str, int]": (_pipeline("p_dict_int", Dict[str, int]), "dict[str, int]"),  # noqa: UP006
    "dict": (_pipeline("p_dict", dict), "dict"),
    "Optional[int]": (_pipeline("p_opt", Optional[int], None), "int"),  # noqa: UP045
    "list[int] = [1]": (_pipeline("p_list_default", list[int], [1]), "list[int]"),
}

finite = st.floats(allow_nan=False, allow_infinity=False)
exact_ints = st.integers(-MAX_EXACT_INT, MAX_EXACT_INT)
texts = st.text(max_size=30)
json_scalars = st.one_of(st.booleans(), exact_ints, finite, texts, st.none())
VALUES = {  # right-typed Python values for each parameter kind
    "float": finite,
    "int": exact_ints,
    "str": texts,
    "bool": st.booleans(),
    "list": st.lists(json_scalars, max_size=5),
    "list[int]": st.lists(exact_ints, max_size=5),
    "list[float]": st.lists(finite, max_size=5),
    "list[str]": st.lists(texts, max_size=5),
    "dict[str, int]": st.dictionaries(texts, exact_ints, max_size=4),
    "dict": st.dictionaries(texts, json_scalars, max_size=4),
}


def as_text(kind: str, value: Any) -> str:
    """How a learner writes ``value`` after ``--arg x=``."""
    if kind == "str":
        return str(value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        return repr(value)
    return json.dumps(value)


def signature_of(key: str) -> Parameter:
    return pipeline_signature(PIPELINES[key][0])["x"]


@pytest.mark.parametrize("key", sorted(PIPELINES))
def test_each_annotation_is_read_as_the_type_it_means(key: str) -> None:
    pipeline, described = PIPELINES[key]
    param = pipeline_signature(pipeline)["x"]
    assert param.describe() == described
    assert param.required == ("=" not in key and "Optional" not in key)


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(sorted(PIPELINES)), data=st.data())
def test_right_values_round_trip_and_kfp_accepts_them(key: str, data: st.DataObject) -> None:
    pipeline, described = PIPELINES[key]
    value = data.draw(VALUES[described])
    parsed = parse_text("p", signature_of(key), as_text(described, value))
    expected = [float(v) for v in value] if described == "list[float]" else value
    assert parsed == expected or (isinstance(expected, float) and math.isclose(parsed, expected))
    # kfp's own check accepts whatever we accept
    type_utils.verify_type_compatibility(
        given_value=parsed, expected_spec=pipeline.component_spec.inputs["x"], error_message_prefix=""
    )
    assert check_arguments(pipeline, {"x": parsed}) == {"x": parsed}


ODD_TEXTS = ["", " ", "[", "[1,", "{", "1,2,3", "nan", "-Infinity", "1e400", "tru", '[1, "x"]']
ODD_TEXTS += ['{"a": "b"}', '{"1": 2.5}', "[[1]]", "9" * 30, "2.5", "null", "파이프라인", "[NaN]"]


@settings(max_examples=150, deadline=None)
@given(
    key=st.sampled_from(sorted(PIPELINES)),
    text=st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "",
                " ",
                "[",
                "[1,",
                "{",
                "1,2,3",
                "nan",
                "-Infinity",
                "1e400",
                "tru",
                '[1, "x"]',
                '{"a": "b"}',
                '{"1": 2.5}',
                "[[1]]",
                "9" * 30,
                "2.5",
                "null",
                "파이프라인",
                "[NaN]",
            ]
        ),
        st.builds(lambda c, n: c * n, st.characters(), st.integers(1000, 100_000)),
    ),
    lang=st.sampled_from(i18n.LANGS),
)
def test_any_text_is_a_value_or_a_clear_message(key: str, text: str, lang: str) -> None:
    i18n.set_lang(lang)
    try:
        param = signature_of(key)
        try:
            value = parse_text("p", param, text)
        except TutorialError as error:
            message = str(error)
            assert "'x'" in message and param.example() in message
            assert len(message) < 1200, "a long value is shortened in the message"
            assert ("매개변수" in message) == (lang == "ko")
        else:
            type_utils.verify_type_compatibility(
                given_value=value,
                expected_spec=PIPELINES[key][0].component_spec.inputs["x"],
                error_message_prefix="",
            )
            json.dumps(value, allow_nan=False)  # KFP can pass it
    finally:
        i18n.set_lang("en")


@settings(max_examples=60, deadline=None)
@given(
    key=st.sampled_from(sorted(PIPELINES)),
    value=st.one_of(
        json_scalars,
        st.lists(json_scalars, max_size=4),
        st.dictionaries(texts, json_scalars, max_size=3),
        st.just(float("nan")),
        st.just(2**60),
        st.just([1, 2**60]),
        st.just({1: 2}),
        st.just(object()),
    ),
)
def test_any_python_value_is_accepted_by_kfp_too_or_refused_clearly(key: str, value: Any) -> None:
    """What a notebook passes to run_local: checked by the same function."""
    pipeline = PIPELINES[key][0]
    try:
        checked = check_arguments(pipeline, {"x": value})
    except TutorialError as error:
        assert "'x'" in str(error)
        return
    if "x" not in checked:  # None for Optional[...] = None: left to its default
        assert value is None and not pipeline_signature(pipeline)["x"].required
        return
    type_utils.verify_type_compatibility(
        given_value=checked["x"],
        expected_spec=pipeline.component_spec.inputs["x"],
        error_message_prefix="",
    )
    if checked["x"] is not None:
        json.dumps(checked["x"], allow_nan=False)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("typing.List[int]", "[1,2]", [1, 2]),
        ("typing.Dict[str, int]", '{"a": 2}', {"a": 2}),
        ("list[float]", "[1, 2]", [1.0, 2.0]),  # JSON writes 2 for 2.0: the items become floats
        ("Optional[int]", "7", 7),
    ],
)
def test_forms_the_issue_found_refused_are_accepted(key: str, text: str, expected: Any) -> None:
    value = parse_text("p", signature_of(key), text)
    assert (
        value == expected and [type(v) for v in value] == [type(v) for v in expected]
        if isinstance(expected, list)
        else value == expected
    )


@pytest.mark.parametrize(
    ("key", "text", "words"),
    [
        ("typing.List[int]", "1,2,3", "[1, 2, 3]"),  # the fix, written out
        ("typing.List[int]", '[1, "a"]', "item 2"),
        ("int", "9007199254740993", "2**53"),
        ("int", "2.5", "whole number"),
        ("float", "-Infinity", "-Infinity"),
        ("typing.Dict[str, int]", '{"a": 2.5}', "'a'"),
    ],
)
def test_wrong_forms_say_what_to_write(key: str, text: str, words: str) -> None:
    with pytest.raises(TutorialError) as error:
        parse_text("p", signature_of(key), text)
    assert words in str(error.value)


@dsl.pipeline(name="two-required")
def two_required(a: float, b: int) -> None:
    echo(text="x")


@dsl.component(base_image="python:3.11")
def length(items: List[str]) -> int:  # noqa: UP006
    return len(items)


@dsl.pipeline(name="loop-then-collect")
def loop_then_collect(names: list[str] = ["a"]) -> None:  # noqa: B006
    with dsl.ParallelFor(names) as name:
        said = echo(text=name)
    length(items=dsl.Collected(said.output))


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_missing_required_parameters_are_named_with_the_fix_before_any_folder(
    lang: str, tmp_path: Path
) -> None:
    from kfp_tutorial.local.runner import run_local

    i18n.set_lang(lang)
    try:
        with pytest.raises(TutorialError) as error:
            run_local(two_required, output_dir=tmp_path)
    finally:
        i18n.set_lang("en")
    message = str(error.value)
    assert "--arg a=1.5 --arg b=3" in message and '{"a": 1.5, "b": 3}' in message
    assert message.index("a (float)") < message.index("b (int)")
    assert not any(tmp_path.iterdir())


def test_an_empty_list_for_a_loop_that_others_wait_for_is_refused_first(tmp_path: Path) -> None:
    with pytest.raises(TutorialError) as error:
        parse_cli_arguments(loop_then_collect, ["names=[]"])
    assert "ParallelFor" in str(error.value)
    assert parse_cli_arguments(loop_then_collect, ['names=["x"]']) == {"names": ["x"]}
