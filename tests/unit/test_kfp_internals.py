"""Canaries for the kfp.local internals the runner relies on (kfp_tutorial/local/kfp_internals.py).

One test per internal: that it exists, has the shape the adapter uses and behaves as it
assumes. After a kfp upgrade, a change in kfp.local breaks one of these, by name, instead
of a lesson (or worse, a run that records nothing and says SUCCESS). Also: the version
check, the run lock, and that no other module of the package touches kfp.local's privates.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import threading
from pathlib import Path
from typing import Any

import kfp
import pytest
from kfp.dsl import executor as dsl_executor
from kfp.local import cache as kfp_cache
from kfp.local import (
    executor_input_utils,
    executor_output_utils,
    logging_utils,
    pipeline_orchestrator,
    status,
    subprocess_task_handler,
    task_dispatcher,
)
from kfp.local.orchestrator import dag_orchestrator, enhanced_dag_orchestrator, task_executor
from kfp.local.orchestrator.orchestrator_utils import OrchestratorUtils

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.lessons import lesson02_add
from kfp_tutorial.local import kfp_internals
from kfp_tutorial.local.runner import installed_requirements_only
from kfp_tutorial.spec.compiler import compile_pipeline
from kfp_tutorial.versions import KFP_TESTED_VERSIONS, KFP_VERSION

PACKAGE = Path(kfp_internals.__file__).resolve().parents[1]


def _parameters(func: Any) -> list[str]:
    return list(inspect.signature(func).parameters)


def _source(func: Any) -> str:
    return inspect.getsource(func)


# --- the version check --------------------------------------------------------------------


def test_the_installed_kfp_is_a_tested_one() -> None:
    # KFP_VERSION in the course's venv; 2.17.0 when tests/unit/test_kfp_other_versions.py
    # runs this file in a venv of its own
    assert kfp.__version__ in KFP_TESTED_VERSIONS
    kfp_internals.ensure_supported()  # does not raise


@pytest.mark.parametrize("version", KFP_TESTED_VERSIONS)
def test_every_tested_kfp_is_accepted(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kfp, "__version__", version)
    monkeypatch.delenv(kfp_internals.ALLOW_ENV, raising=False)
    kfp_internals.ensure_supported()  # a learner with another tested 2.17.x is not refused


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "kfp 9.9.9 is installed, but the course's local runner is tested with kfp"),
        ("ko", "설치된 kfp는 9.9.9 버전인데, 이 과정의 로컬 러너는 kfp"),
    ],
)
def test_an_untested_kfp_is_refused_with_how_to_install_the_right_one(
    lang: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_lang(lang)
    monkeypatch.setattr(kfp, "__version__", "9.9.9")
    monkeypatch.delenv(kfp_internals.ALLOW_ENV, raising=False)
    with pytest.raises(TutorialError) as info:
        kfp_internals.ensure_supported()
    assert info.value.key == "kfp_version_untested"
    message = str(info.value)
    assert expected in message
    assert f"pip install kfp=={KFP_VERSION}" in message
    assert all(version in message for version in KFP_TESTED_VERSIONS)
    assert f"{kfp_internals.ALLOW_ENV}=1" in message
    monkeypatch.setenv(kfp_internals.ALLOW_ENV, "1")  # the escape hatch the message names
    kfp_internals.ensure_supported()


# --- the internals, one canary each ----------------------------------------------------------


def test_status_enum_has_the_two_values_the_adapter_maps() -> None:
    assert {member.name for member in status.Status} == {"SUCCESS", "FAILURE"}


def test_the_root_dag_runners_take_the_names_and_return_a_status() -> None:
    for runner in (dag_orchestrator.run_dag, enhanced_dag_orchestrator.run_enhanced_dag):
        params = inspect.signature(runner).parameters
        for name in ("pipeline_resource_name", "pipeline_root", "fail_stack", "parent_io_store"):
            assert name in params, (runner.__name__, name)
        assert params["parent_io_store"].default is None  # the root DAG is called without one


def test_the_pipeline_orchestrator_calls_the_dag_runners_through_their_modules() -> None:
    # so replacing the module attributes reaches it; and the resource name it computes
    # (the run folder's name) is only handed to them, so ours can stand in for it
    source = _source(pipeline_orchestrator._run_local_pipeline_implementation)
    assert "enhanced_dag_orchestrator.run_enhanced_dag(" in source
    assert "dag_orchestrator.run_dag(" in source
    assert "parent_io_store" not in source
    assert source.count("pipeline_resource_name=pipeline_resource_name") == 2
    assert "outputs, dag_status = " in source


def test_nested_dags_pass_their_parent_io_store() -> None:
    # how the adapter tells the root DAG from a loop iteration or a condition group
    assert "parent_io_store=io_store" in _source(dag_orchestrator.run_dag)
    assert "parent_io_store=io_store" in _source(enhanced_dag_orchestrator.execute_task)


def test_a_task_run_folder_is_pipeline_root_then_resource_name_then_task() -> None:
    root = executor_input_utils.construct_local_task_root("/root", "our-run", "task-a")
    assert Path(root) == Path("/root/our-run/task-a")


def test_parallel_for_threads_run_execute_task_by_its_module_global_name() -> None:
    source = _source(enhanced_dag_orchestrator.ParallelExecutor.execute_parallel_tasks)
    assert re.search(r"\.submit\(\s*execute_task,", source)
    assert "task_name=task_name" in source
    assert "fail_stack.append(task_name)" in source  # it swallows the exception


def test_execute_single_task_has_the_arguments_the_recorder_reads() -> None:
    params = _parameters(task_executor.execute_single_task)
    for name in ("task_name", "task_spec", "pipeline_resource_name", "io_store"):
        assert name in params
    # both orchestrators call it through the module, so the wrapper reaches them
    assert "task_executor.execute_single_task(" in _source(dag_orchestrator.run_dag)
    assert "task_executor.execute_single_task(" in _source(enhanced_dag_orchestrator.execute_task)
    assert "return outputs, task_status" in _source(task_executor.execute_single_task)


def test_each_attempt_of_a_task_runs_through_run_single_task_implementation() -> None:
    # the contract check wraps it: called through the module, by keyword, with the spec
    source = _source(task_executor.execute_single_task)
    assert "task_dispatcher.run_single_task_implementation(" in source
    assert "executor_spec=executor_spec," in source
    assert "for attempt in range(max_retries + 1):" in source  # a broken contract is retried
    params = _parameters(task_dispatcher.run_single_task_implementation)
    assert "executor_spec" in params and "component_spec" in params


def test_a_successful_task_reads_its_outputs_through_get_outputs_for_task() -> None:
    source = _source(task_dispatcher.run_single_task_implementation)
    assert "executor_output_utils.get_outputs_for_task(" in source
    assert "executor_input=executor_input," in source and "component_spec=component_spec," in source
    assert source.index("task_status == status.Status.SUCCESS") < source.index("get_outputs_for_task(")
    assert _parameters(executor_output_utils.get_outputs_for_task) == [
        "executor_input",
        "component_spec",
    ]


def test_the_executor_writes_its_output_file_when_the_function_returns() -> None:
    # the contract: no executor output file means the function never returned
    source = _source(dsl_executor.Executor.execute)
    assert source.rstrip().endswith("return self.write_executor_output(result)")
    writer = _source(dsl_executor.Executor.write_executor_output)
    assert "with open(self.executor_output_path, 'w') as f:" in writer
    reader = _source(executor_output_utils.load_executor_output)
    assert "if not os.path.isfile(executor_output_path):" in reader  # kfp.local: no file = no outputs


def test_a_tasks_process_runs_through_run_local_subprocess() -> None:
    # replaced by run_task_process, which reads the output with replacement characters
    assert "return_code = run_local_subprocess(" in _source(
        subprocess_task_handler.SubprocessTaskHandler.run
    )
    assert _parameters(subprocess_task_handler.run_local_subprocess) == ["full_command", "env_vars"]
    source = _source(subprocess_task_handler.run_local_subprocess)
    assert "text=True" in source and "errors=" not in source  # kfp still reads strictly
    assert _parameters(kfp_internals.run_task_process) == ["full_command", "env_vars"]


def test_make_task_arguments_resolves_task_inputs() -> None:
    assert _parameters(OrchestratorUtils.make_task_arguments)[:2] == ["task_inputs_spec", "io_store"]


def test_the_cache_answers_through_local_cache_get(tmp_path: Path) -> None:
    assert _parameters(kfp_cache.LocalCache.get) == ["self", "key"]
    assert "local_cache.get(cache_key)" in _source(task_executor.execute_single_task)
    cache = kfp_cache.LocalCache(cache_root=str(tmp_path))
    assert cache.get("no-such-key") is None
    cache.put("key", {"Output": 3})
    assert cache.get("key") == {"Output": 3}


def test_the_subprocess_handler_is_looked_up_per_task_and_runs_full_command() -> None:
    assert _parameters(subprocess_task_handler.SubprocessTaskHandler.__init__)[:5] == [
        "self",
        "image",
        "full_command",
        "pipeline_root",
        "runner",
    ]
    assert "self.full_command" in _source(subprocess_task_handler.SubprocessTaskHandler.run)
    assert "subprocess_task_handler.SubprocessTaskHandler" in _source(
        task_dispatcher.run_single_task_implementation
    )


def test_lightweight_components_start_with_the_pip_prelude_we_skip() -> None:
    compiled = compile_pipeline(lesson02_add.calculation_pipeline)
    executor = next(iter(compiled.spec["deploymentSpec"]["executors"].values()))
    command = executor["container"]["command"]
    assert command[:2] == ["sh", "-c"]
    assert installed_requirements_only(command[2])


def test_indented_print_swaps_builtins_print() -> None:
    # kfp.local does this per task, racily under parallel tasks: the adapter puts it back
    original = builtins.print
    with logging_utils.indented_print():
        assert builtins.print is not original
    assert builtins.print is original


# --- the adapter itself ------------------------------------------------------------------


def _noop_run(name: str, tmp_path: Path) -> Any:
    return kfp_internals.watched_run(
        name,
        pipeline_root=str(tmp_path),
        enable_caching=False,
        on_task_start=lambda: None,
        on_task_end=lambda token, task: None,
    )


@pytest.mark.slow
def test_patches_are_in_place_during_a_run_and_gone_after(tmp_path: Path) -> None:
    originals = (
        task_executor.execute_single_task,
        dag_orchestrator.run_dag,
        enhanced_dag_orchestrator.run_enhanced_dag,
        enhanced_dag_orchestrator.execute_task,
        kfp_cache.LocalCache.get,
        builtins.print,
    )
    with _noop_run("x", tmp_path):
        assert task_executor.execute_single_task is not originals[0]
        assert dag_orchestrator.run_dag is not originals[1]
        builtins.print = lambda *a, **k: None  # what a racy indented_print can leave behind
    assert (
        task_executor.execute_single_task,
        dag_orchestrator.run_dag,
        enhanced_dag_orchestrator.run_enhanced_dag,
        enhanced_dag_orchestrator.execute_task,
        kfp_cache.LocalCache.get,
        builtins.print,
    ) == originals


@pytest.mark.slow
def test_two_runs_in_two_threads_take_turns(tmp_path: Path) -> None:
    inside = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def first() -> None:
        with _noop_run("first", tmp_path):
            order.append("first in")
            inside.set()
            release.wait(10)
            order.append("first out")

    def second() -> None:
        inside.wait(10)
        with _noop_run("second", tmp_path):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    threads[1].join(0.5)  # the second run waits for the lock meanwhile
    assert threads[1].is_alive() and order == ["first in"]
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first in", "first out", "second in"]


# --- nobody else touches kfp.local's privates ---------------------------------------------

_PUBLIC_LOCAL = {"init", "SubprocessRunner", "DockerRunner"}


def _private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kfp.local"):
            if node.module != "kfp.local" or {a.name for a in node.names} - _PUBLIC_LOCAL:
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if "kfp.local" in a.name
            ]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "local"
            and node.attr not in _PUBLIC_LOCAL
        ):
            found.append(f"line {node.lineno}: local.{node.attr}")
    return found


def test_only_the_adapter_touches_kfp_local_internals() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20
    offenders = {
        str(path.relative_to(PACKAGE)): uses
        for path in modules
        if path.name != "kfp_internals.py" and (uses := _private_uses(path))
    }
    assert offenders == {}
    assert _private_uses(Path(kfp_internals.__file__))  # the check does see private imports
