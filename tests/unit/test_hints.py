"""Hints for the errors kfp's own messages leave unexplained, checked on generated files.

Every KFP v1 name the hint table knows, written as a learner's v1 file would use it; int
literals for float inputs of any name and value; pipeline names of any text kfp cannot
use; files that shadow a module a task imports; a name used inside a component but defined
outside it. Each gets its hint (with the learner's line), in both languages.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.hints import V1_NAMES, shadowing_files, task_hint
from kfp_tutorial.spec.loader import load_pipeline_file

# How a v1 file meets each name: (code that fails on kfp 2, the line it fails on).
# name -> the code; the name the message shows is the key (a module for kfp.gcp & co.)
V1_USES = {
    "create_component_from_func": "from kfp.components import create_component_from_func",
    "func_to_container_op": "from kfp.components import func_to_container_op",
    "ContainerOp": "from kfp import dsl\nop = dsl.ContainerOp(name='x', image='alpine')",
    "VolumeOp": "from kfp import dsl\nvop = dsl.VolumeOp(name='v', resource_name='pvc', size='1Gi')",
    "ResourceOp": "from kfp.dsl import ResourceOp",
    "PipelineVolume": "from kfp.dsl import PipelineVolume",
    "PipelineConf": "from kfp.dsl import PipelineConf",
    "get_pipeline_conf": "from kfp import dsl\ndsl.get_pipeline_conf().set_parallelism(2)",
    "use_gcp_secret": "from kfp import dsl\ndsl.use_gcp_secret('user-gcp-sa')",
    "use_k8s_secret": "import kfp.dsl\nkfp.dsl.use_k8s_secret('db', {'password': 'DB_PASSWORD'})",
    "RUN_ID_PLACEHOLDER": "from kfp import dsl\nrun = dsl.RUN_ID_PLACEHOLDER",
    "EXECUTION_ID_PLACEHOLDER": "from kfp.dsl import EXECUTION_ID_PLACEHOLDER",
    "UI_METADATA": "from kfp.components import UI_METADATA",
    "kfp.gcp": "import kfp.gcp",
    "kfp.onprem": "import kfp.onprem",
    "kfp.aws": "from kfp import aws",
    "kfp.azure": "import kfp.azure",
    "kfp.containers": "import kfp.containers",
    "add_pvolumes": "{task}.add_pvolumes({{'/data': None}})",
    "add_node_selector_constraint": "{task}.add_node_selector_constraint('gpu', 'yes')",
    "add_env_variable": "{task}.add_env_variable(None)",
    "kfp.components.InputPath": "from kfp.components import InputPath",
    "kfp.components.OutputPath": "from kfp.components import OutputPath",
    "kfp.components.InputTextFile": "from kfp.components import InputTextFile",
    "kfp.components.OutputTextFile": "from kfp.components import OutputTextFile",
    "kfp.components.InputBinaryFile": "import kfp.components as comp\nx = comp.InputBinaryFile",
    "kfp.components.OutputBinaryFile": "from kfp.components import OutputBinaryFile",
    "loop_args": "from kfp import dsl\nloop = dsl.ParallelFor(loop_args=[1, 2])",
}
TASK_PREAMBLE = textwrap.dedent(
    """\
    from kfp import dsl


    @dsl.component(base_image="python:3.11")
    def hello() -> str:
        return "hi"


    @dsl.pipeline
    def p():
        task = hello()
    """
)


def test_every_v1_name_has_a_use_here() -> None:
    assert set(V1_USES) == set(V1_NAMES)


def _file_using(name: str, folder: Path) -> tuple[Path, int]:
    use = V1_USES[name]
    if "{task}" in use:
        source = TASK_PREAMBLE + "    " + use.format(task="task") + "\n"
    else:
        source = "# a v1 tutorial's file\nimport kfp\n" + use + "\n"
    path = folder / "v1_file.py"
    path.write_text(source, encoding="utf-8")
    return path, len(source.splitlines())


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("name", sorted(V1_USES))
def test_a_v1_name_is_named_with_its_line_and_the_migration_page(
    name: str, lang: str, tmp_path: Path
) -> None:
    path, last_line = _file_using(name, tmp_path)
    i18n.set_lang(lang)
    try:
        with pytest.raises(TutorialError) as error:
            load_pipeline_file(path)
    finally:
        i18n.set_lang("en")
    message = str(error.value)
    assert name in message
    page = {"en": "Migrating from KFP v1 to v2", "ko": "KFP v1에서 v2로 옮기기"}[lang]
    assert page in message
    line = {"en": f"line {last_line}", "ko": f"{last_line}번째 줄"}[lang]
    assert line in message, message


@settings(max_examples=30, deadline=None)
@given(
    value=st.integers(-10_000, 10_000),
    input_name=st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True).filter(
        lambda n: n not in {"if", "in", "is", "or", "as", "def", "for", "and", "not", "del", "try"}
    ),
)
def test_an_int_literal_for_a_float_input_says_what_to_write(
    value: int, input_name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("literal")
    path = folder / "pipeline.py"
    path.write_text(
        textwrap.dedent(
            f"""\
            from kfp import dsl


            @dsl.component(base_image="python:3.11")
            def scale({input_name}: float) -> float:
                return {input_name} * 2


            @dsl.pipeline
            def p():
                scale({input_name}={value})
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(TutorialError) as error:
        load_pipeline_file(path)
    message = str(error.value)
    assert f"write {input_name}={value}.0 instead of {input_name}={value}" in message
    assert "line 11" in message


@settings(max_examples=30, deadline=None)
@given(
    name=st.text(min_size=1, max_size=20).filter(
        lambda n: (
            not any(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in n.lower())
            and all(c not in n for c in "'\"\\\n\r")
        )
    )
)
def test_a_pipeline_name_kfp_cannot_use_is_explained(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("name") / "named.py"
    path.write_text(
        "from kfp import dsl\n\n\n"
        "@dsl.component(base_image='python:3.11')\ndef hello() -> str:\n    return 'hi'\n\n\n"
        f"@dsl.pipeline(name={name!r})\ndef p():\n    hello()\n",
        encoding="utf-8",
    )
    try:
        load_pipeline_file(path)
    except TutorialError as error:
        assert "name='my-pipeline'" in str(error), str(error)
    # a name with nothing to keep is refused by kfp; one it accepts needs no hint


@pytest.mark.parametrize("module", ["kfp", "json", "typing", "os"])
def test_a_file_named_like_a_module_a_task_imports_is_found(module: str, tmp_path: Path) -> None:
    import json  # noqa: F401 (imported here as in any run)

    import kfp  # noqa: F401

    (tmp_path / f"{module}.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "test_mine.py").write_text("x = 1\n", encoding="utf-8")
    assert [p.name for p in shadowing_files(tmp_path)] == [f"{module}.py"]


@pytest.mark.slow
def test_a_run_next_to_a_shadowing_file_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "kfp.py").write_text("# my notes about kfp\n", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "kfp_tutorial", "--lang", "en", "run", "02-add", "--output-dir", "runs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 2, process.stdout + process.stderr
    assert "kfp.py" in process.stderr and "Rename it" in process.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_name_defined_outside_the_component_is_explained(lang: str) -> None:
    log = "Traceback (most recent call last):\n  ...\n"
    log += "NameError: name 'math' is not defined. Did you mean: 'Match'?"
    i18n.set_lang(lang)
    try:
        hint = task_hint(log)
    finally:
        i18n.set_lang("en")
    assert hint is not None and "import math" in hint
    assert task_hint("ValueError: bad input") is None


@pytest.mark.slow
def test_an_optional_parameter_left_to_none_is_explained(tmp_path: Path) -> None:
    """kfp.local fails with 'Unknown value type:' for a None default: the reason says why."""
    from kfp_tutorial.local.runner import run_local

    path = tmp_path / "optional.py"
    path.write_text(
        textwrap.dedent(
            """\
            from typing import Optional

            from kfp import dsl


            @dsl.component(base_image="python:3.11")
            def show(x: Optional[int] = None) -> str:
                return str(x)


            @dsl.pipeline
            def p(x: Optional[int] = None) -> str:
                return show(x=x).output
            """
        ),
        encoding="utf-8",
    )
    result = run_local(
        load_pipeline_file(path), {"x": None}, output_dir=tmp_path / "runs", progress=False
    )
    assert result.status == "FAILURE" and "cannot pass None" in result.reason
    assert run_local(load_pipeline_file(path), {"x": 3}, output_dir=tmp_path / "runs").output == "3"
