"""Fast checks of the benchmark script's helpers, and of what the benchmarks rely on in
the runner: local caching (status CACHED, ``KFP_TUTORIAL_CACHE``) and the skipped
per-task ``pip install`` step. No timed assertions: figures go to the benchmark output.
"""

# No ``from __future__ import annotations``: kfp reads the components' type hints.
import builtins
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from kfp import dsl

from kfp_tutorial.lessons.common import BASE_IMAGE
from kfp_tutorial.local.runner import installed_requirements_only, run_local
from kfp_tutorial.results import load_run
from kfp_tutorial.spec.compiler import compile_pipeline

REPO = Path(__file__).resolve().parents[2]


@dsl.component(base_image=BASE_IMAGE)
def double(x: float) -> float:
    """A one-line task for the runner checks."""
    return 2.0 * x


@dsl.pipeline(name="bench-test-double")
def double_pipeline(x: float = 1.5) -> float:
    return double(x=x).output


def _prelude(component: Any) -> str:
    """The ``sh -c`` script kfp puts before the component's code."""
    compiled = compile_pipeline(component)
    executor = next(iter(compiled.spec["deploymentSpec"]["executors"].values()))
    command = executor["container"]["command"]
    assert command[:2] == ["sh", "-c"]
    return command[2]


def test_pip_step_is_skippable_only_when_everything_is_installed() -> None:
    prelude = _prelude(double_pipeline)
    assert "pip install" in prelude and "kfp==" in prelude
    assert installed_requirements_only(prelude)
    # an unmet version, a package that is not installed, an extra index: keep kfp's step
    assert not installed_requirements_only(prelude.replace("kfp==", "kfp==0.0.1+"))
    missing = prelude.replace("'kfp==", "'surely-not-installed-pkg==1.0' 'kfp==")
    assert not installed_requirements_only(missing)
    indexed = prelude.replace("--quiet", "--quiet --index-url https://example.invalid/simple")
    assert not installed_requirements_only(indexed)
    assert not installed_requirements_only("echo hello")


def test_packages_to_install_are_checked_too() -> None:
    @dsl.component(base_image=BASE_IMAGE, packages_to_install=["scikit-learn"])
    def uses_sklearn() -> str:
        return "ok"

    @dsl.component(base_image=BASE_IMAGE, packages_to_install=["scikit-learn==0.0.1"])
    def wants_old_sklearn() -> str:
        return "ok"

    assert installed_requirements_only(_prelude(uses_sklearn))
    assert not installed_requirements_only(_prelude(wants_old_sklearn))


def _spy_commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every task's command, as the adapter runs it (kfp_internals.run_task_process stands in
    for kfp.local's run_local_subprocess during a run)."""
    from kfp_tutorial.local import kfp_internals

    commands: list[list[str]] = []
    original = kfp_internals.run_task_process

    def spy(full_command: list[str], env_vars: dict[str, str] | None = None) -> int:
        commands.append(list(full_command))
        return original(full_command=full_command, env_vars=env_vars)

    monkeypatch.setattr(kfp_internals, "run_task_process", spy)
    return commands


@pytest.mark.slow
@pytest.mark.parametrize("skip", ["1", "0"])
def test_task_runs_with_and_without_the_pip_step(
    skip: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KFP_TUTORIAL_SKIP_PIP", skip)
    commands = _spy_commands(monkeypatch)
    result = run_local(double_pipeline, {"x": 1.5}, output_dir=tmp_path, progress=False)
    assert result.status == "SUCCESS"
    assert result.output == 3.0
    assert len(commands) == 1
    assert ("pip install" in " ".join(commands[0])) is (skip == "0")


@pytest.mark.slow
def test_cached_rerun_reports_cached_tasks(tmp_path: Path) -> None:
    first = run_local(
        double_pipeline, {"x": 4.0}, output_dir=tmp_path, enable_caching=True, progress=False
    )
    second = run_local(
        double_pipeline, {"x": 4.0}, output_dir=tmp_path, enable_caching=True, progress=False
    )
    other_input = run_local(
        double_pipeline, {"x": 5.0}, output_dir=tmp_path, enable_caching=True, progress=False
    )
    assert [task.status for task in first.tasks] == ["SUCCESS"]
    assert [task.status for task in second.tasks] == ["CACHED"]
    assert [task.status for task in other_input.tasks] == ["SUCCESS"]
    assert second.output == first.output == 8.0 and other_input.output == 10.0
    assert "cache" in second.tasks[0].log.lower()
    assert second.run_dir != first.run_dir
    assert load_run(second.run_dir).tasks[0].status == "CACHED"


@pytest.mark.slow
def test_cache_default_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KFP_TUTORIAL_CACHE", "1")
    run_local(double_pipeline, {"x": 6.0}, output_dir=tmp_path, progress=False)
    from_env = run_local(double_pipeline, {"x": 6.0}, output_dir=tmp_path, progress=False)
    turned_off = run_local(
        double_pipeline, {"x": 6.0}, output_dir=tmp_path, enable_caching=False, progress=False
    )
    assert [task.status for task in from_env.tasks] == ["CACHED"]
    assert [task.status for task in turned_off.tasks] == ["SUCCESS"]


@dsl.component(base_image=BASE_IMAGE)
def log_score(x: float, metrics: dsl.Output[dsl.Metrics]):
    """A task whose only output is a Metrics artifact (metadata, no file of its own)."""
    metrics.log_metric("score", x)


@dsl.pipeline(name="bench-test-metrics")
def metrics_pipeline(x: float = 0.5):
    log_score(x=x)


@pytest.mark.slow
def test_metrics_tasks_are_cached_too(tmp_path: Path) -> None:
    first = run_local(
        metrics_pipeline, {"x": 0.75}, output_dir=tmp_path, enable_caching=True, progress=False
    )
    second = run_local(
        metrics_pipeline, {"x": 0.75}, output_dir=tmp_path, enable_caching=True, progress=False
    )
    assert [task.status for task in first.tasks] == ["SUCCESS"]
    assert [task.status for task in second.tasks] == ["CACHED"]
    metrics = second.tasks[0].outputs["metrics"]
    assert metrics["metadata"] == {"score": 0.75}
    assert Path(metrics["uri"]).read_text(encoding="utf-8").count('"score": 0.75') == 1


# ------------------------------------------------------------- the benchmark script


def _load_benchmarks() -> Any:
    """benchmarks/run_benchmarks.py is a script, not part of the package: load it by path."""
    path = REPO / "benchmarks" / "run_benchmarks.py"
    spec = importlib.util.spec_from_file_location("run_benchmarks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> Any:
    return _load_benchmarks()


def test_figure_lines_and_ratios(bench: Any) -> None:
    assert bench.ratio(3.0, 4.0) == 0.75
    assert bench.ratio(1.0, 0.0) != bench.ratio(1.0, 0.0)  # NaN: no division by zero
    assert bench.Figure("overhead_ratio", 1.04).line() == "overhead_ratio: 1.04 (goal <= 1.10, met)"
    missed = bench.Figure("cached_rerun_ratio", 0.4, note="rerun / cold")
    assert missed.line() == "cached_rerun_ratio: 0.40 (goal <= 0.25, MISSED; rerun / cold)"
    assert bench.Figure("run_all_seconds", 23.456, "s").line() == "run_all_seconds: 23.46"
    assert bench.Figure("task_seconds", 0.0567, "s").line() == "task_seconds: 0.057"
    assert bench.Figure("docs_pages", 42).line() == "docs_pages: 42"
    assert bench.median_note([3.0, 1.0, 2.0]) == "median of 3, 1.00-3.00 s"
    assert bench.slope([(1.0, 1.0), (4.0, 2.5), (16.0, 8.5)]) == pytest.approx(0.5)


def test_pytest_summary_line(bench: Any) -> None:
    output = "....s.\n==== 5 passed, 1 skipped, 2 warnings in 12.31s ====\n"
    assert bench.pytest_summary(output) == "5 passed, 1 skipped, 2 warnings"
    assert bench.pytest_summary("3 failed, 10 passed in 1.0s") == "3 failed, 10 passed"
    assert bench.pytest_summary("no tests ran") == ""


def test_page_weights_count_inline_and_linked_images(bench: Any, tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "dag.png").write_bytes(b"x" * 1000)
    data_uri = "data:image/png;base64," + "A" * 500
    svg = "<svg><rect/></svg>"
    (tmp_path / "heavy.html").write_text(
        f'<p><img src="img/dag.png"><img src="{data_uri}">{svg}</p>', encoding="utf-8"
    )
    (tmp_path / "light.html").write_text("<p>hi</p>", encoding="utf-8")
    pages = bench.page_weights(tmp_path)
    assert [p.path for p in pages] == ["heavy.html", "light.html"]
    heavy = pages[0]
    assert heavy.html_bytes == (tmp_path / "heavy.html").stat().st_size
    assert heavy.inline_image_bytes == len(data_uri) + len(svg)
    assert heavy.linked_image_bytes == 1000
    assert heavy.total_bytes == heavy.html_bytes + 1000


def test_figures_markdown_has_every_figure(bench: Any) -> None:
    report = bench.Report(echo=False)
    report.add("run_all_seconds", 12.5, "s")
    report.add("overhead_ratio", 1.2)
    report.notebook_times.update({"en/02-add": 3.31, "ko/02-add": 3.5})
    report.note("lesson modules missing: 09-cluster")
    text = bench.figures_markdown(report, when="today", commit="abc", machine="2 cores", command="x")
    assert "| `run_all_seconds` | 12.50 s |  |" in text
    assert "| `overhead_ratio` | 1.20 | <= 1.10 **missed** |" in text
    assert "✅" not in text and "❌" not in text  # words, not emoji (no emoji font, a box)
    assert "| `02-add` | 3.3 | 3.5 |" in text
    assert "- note: lesson modules missing: 09-cluster" in text
    assert text.rstrip().splitlines()[-1].startswith("| `02-add` |")  # the last line is a row
    korean = bench.figures_markdown(
        report, when="now", commit="abc + uncommitted changes", machine="2 cores", command="x", lang="ko"
    )
    assert "| 수치 | 값 | 목표 |" in korean and "| 노트북 | `en` (s) | `ko` (s) |" in korean
    assert "- 커밋: `abc + 커밋하지 않은 변경`" in korean
    # the same figures and numbers, only the labels differ (the goal's verdict is a label)
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    korean_rows = [line for line in korean.splitlines() if line.startswith("| `")]
    assert rows == [row.replace("**미달**", "**missed**").replace("달성", "met") for row in korean_rows]


@pytest.mark.slow
def test_parallel_for_of_one_runs_one_task(bench: Any, tmp_path: Path) -> None:
    seconds, tasks = bench.measure_parallel_for(1, tmp_path / "ours")
    assert tasks == 1 and seconds > 0
    printing = builtins.print
    seconds, tasks = bench.measure_parallel_for(2, tmp_path / "plain", mode="plain")
    assert tasks == 2 and seconds > 0
    assert builtins.print is printing, "kfp.local's indenting print was left installed"
    statuses = bench.count_statuses(tmp_path / "ours")
    assert statuses == {"SUCCESS": 1, "cacheable": 1}


@pytest.mark.slow
def test_plain_kfp_local_driver_runs_a_lesson(
    bench: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.plain_kfp_local_main(str(tmp_path), ["00-getting-started"]) == 0
    assert "ran 1 pipelines, 0 failed" in capsys.readouterr().out
    assert any(tmp_path.glob("setup-check-*"))
