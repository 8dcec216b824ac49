"""The local runner on pipelines that are not the course's (tests/fixtures/)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.local import kfp_internals
from kfp_tutorial.local.arguments import parse_cli_arguments, pipeline_parameters
from kfp_tutorial.local.runner import _quick_verdict, run_local
from kfp_tutorial.results import RunResult, load_run
from kfp_tutorial.spec.loader import load_pipeline
from kfp_tutorial.versions import KFP_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TEXT = "local runs record every task"


def fixture_pipeline(target: str) -> Any:
    return load_pipeline(str(FIXTURES / target))


@pytest.fixture(scope="module")
def word_stats_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    pipeline = fixture_pipeline("user_pipeline.py:word_stats")
    return run_local(
        pipeline, {"text": TEXT}, output_dir=tmp_path_factory.mktemp("runs"), progress=False
    )


@pytest.mark.slow
def test_a_pipeline_that_is_not_ours_runs_and_is_recorded(word_stats_run: RunResult) -> None:
    words = TEXT.split()
    longest = max(words, key=len)
    assert word_stats_run.status == "SUCCESS"
    assert word_stats_run.pipeline == "word-stats"
    assert word_stats_run.arguments == {"text": TEXT}
    assert word_stats_run.output == f"{len(words)} words, longest: {longest}"
    assert sorted(t.name for t in word_stats_run.tasks) == ["count-words", "describe", "longest-word"]
    count = word_stats_run.task("count-words")
    assert count.status == "SUCCESS"
    assert count.inputs == {"text": TEXT}
    assert count.outputs == {"Output": len(words)}
    assert f"counted {len(words)} words" in count.log
    assert f"longest word: {longest}" in word_stats_run.task("longest-word").log
    describe = word_stats_run.task("describe")
    assert describe.inputs == {"words": len(words), "longest": longest}
    # describe needs both outputs, so it starts after both finished
    assert describe.started >= max(count.started, word_stats_run.task("longest-word").started)
    assert all(t.seconds > 0 for t in word_stats_run.tasks)
    assert word_stats_run.seconds >= max(t.seconds for t in word_stats_run.tasks)


@pytest.mark.slow
def test_the_run_folder_and_load_run_round_trip(word_stats_run: RunResult) -> None:
    run_dir = Path(word_stats_run.run_dir)
    assert run_dir.name.startswith("word-stats")
    for name in ("run.json", "pipeline.yaml", "log.txt"):
        assert (run_dir / name).is_file(), name
    spec = yaml.safe_load((run_dir / "pipeline.yaml").read_text(encoding="utf-8"))
    assert spec["pipelineInfo"]["name"] == "word-stats"
    assert json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["status"] == "SUCCESS"
    loaded = load_run(run_dir)
    assert loaded == word_stats_run
    assert loaded.task("describe").outputs == word_stats_run.task("describe").outputs
    # each task's outputs are in its own folder of the run
    assert (run_dir / "count-words").is_dir()


@pytest.mark.slow
def test_a_failing_task_gives_failure_and_its_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    result = run_local(pipeline, {"text": "3/0"}, output_dir=tmp_path)
    assert result.status == "FAILURE" and not result.succeeded
    assert result.outputs == {}
    failed = result.task("parse-ratio")
    assert failed.status == "FAILURE"
    assert "parsing 3 over 0" in failed.log
    assert "ZeroDivisionError: float division by zero" in failed.log
    assert [t.name for t in result.tasks] == ["parse-ratio"], "the next task must not run"
    printed = capsys.readouterr().out
    assert "Task 'parse-ratio' failed. Its log:" in printed
    assert "ZeroDivisionError" in printed
    # the reason names the failed task and ends with the end of its log; run.json keeps it
    assert result.reason.startswith("Task 'parse-ratio' failed. Its log:")
    assert "ZeroDivisionError: float division by zero" in result.reason
    stored = load_run(result.run_dir)
    assert stored.status == "FAILURE" and stored.reason == result.reason


@pytest.mark.slow
def test_the_same_pipeline_succeeds_with_good_input(tmp_path: Path) -> None:
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    result = run_local(pipeline, {"text": "3/4"}, output_dir=tmp_path, progress=False)
    assert result.output == f"ratio {3 / 4:.2f}"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "cannot run locally: task 'list-files' is a container component (image busybox:1.36)"),
        ("ko", "'list-files' 태스크가 컨테이너 Component(이미지 busybox:1.36)"),
    ],
)
def test_container_component_is_refused_with_a_translated_message(
    lang: str, expected: str, tmp_path: Path
) -> None:
    i18n.set_lang(lang)
    pipeline = fixture_pipeline("container_pipeline.py:list_files_pipeline")
    with pytest.raises(TutorialError) as info:
        run_local(pipeline, output_dir=tmp_path, target="tests/fixtures/container_pipeline.py")
    assert info.value.key == "container_component_local"
    assert expected in str(info.value)
    assert "kfp-tutorial run tests/fixtures/container_pipeline.py --host URL" in str(info.value)
    assert not any(tmp_path.iterdir()), "nothing may run"


def test_wrong_argument_type_names_the_parameter_and_type(tmp_path: Path) -> None:
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    with pytest.raises(TutorialError) as info:
        run_local(pipeline, {"text": 3}, output_dir=tmp_path)
    assert info.value.key == "bad_param_type"
    assert str(info.value) == (
        "Parameter 'text' of pipeline 'ratio' is str: 3 should be str, not int. "
        "Give it as hello, e.g. --arg text=hello"
    )


def test_unknown_parameter_lists_the_real_ones(tmp_path: Path) -> None:
    pipeline = fixture_pipeline("user_pipeline.py:word_stats")
    with pytest.raises(TutorialError) as info:
        run_local(pipeline, {"txt": "typo"}, output_dir=tmp_path)
    assert info.value.key == "unknown_param"
    assert "has no parameter 'txt'. Its parameters: text: str." in str(info.value)


def test_a_plain_function_is_not_a_pipeline(tmp_path: Path) -> None:
    with pytest.raises(TutorialError) as info:
        fixture_pipeline("user_pipeline.py:not_a_pipeline")
    assert info.value.key == "not_a_pipeline"
    assert "Decorate it with @dsl.pipeline" in str(info.value)

    def plain() -> str:
        return "no"

    with pytest.raises(TutorialError) as info:
        run_local(plain, output_dir=tmp_path)
    assert info.value.key == "not_a_pipeline"


def test_command_line_values_are_converted_to_the_parameter_types() -> None:
    pipeline = fixture_pipeline("int_loop_pipeline.py:int_loop_pipeline")
    assert pipeline_parameters(pipeline) == {"numbers": "list[int]"}  # the loop's consumer says int
    assert parse_cli_arguments(pipeline, ["numbers=[1, 2]"]) == {"numbers": [1, 2]}
    for raw, key in (("numbers={}", "bad_param_type"), ("numbers", "bad_arg_syntax")):
        with pytest.raises(TutorialError) as info:
            parse_cli_arguments(pipeline, [raw])
        assert info.value.key == key
    stats = fixture_pipeline("user_pipeline.py:word_stats")
    assert parse_cli_arguments(stats, ["text=a=b"]) == {"text": "a=b"}  # split at the first =


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "No task failed: kfp.local stopped the run outside any task. Its reason:"),
        ("ko", "실패한 태스크는 없습니다. kfp.local이 태스크 밖에서 실행을 멈췄습니다."),
    ],
)
def test_a_failure_outside_any_task_is_a_failure_with_kfps_reason(
    lang: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.set_lang(lang)
    pipeline = fixture_pipeline("orchestrator_failure_pipeline.py:collect_from_condition")
    result = run_local(pipeline, output_dir=tmp_path)
    assert result.status == "FAILURE" and not result.succeeded
    assert [(t.name, t.status) for t in result.tasks] == [("numbers", "SUCCESS")]
    kfp_reason = "Tried to get output 'pipelinechannel--double-Output' from task 'condition-2'"
    assert said in result.reason and kfp_reason in result.reason
    assert "for-loop-1-iteration-0" in result.reason  # where kfp.local hit it
    assert "\x1b[" not in result.reason
    printed = capsys.readouterr().out
    assert result.reason in printed
    assert load_run(result.run_dir).reason == result.reason


@pytest.mark.slow
def test_two_runs_in_two_threads_take_turns_and_keep_their_own_tasks(tmp_path: Path) -> None:
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    results: dict[str, RunResult] = {}

    def run(text: str) -> None:
        results[text] = run_local(pipeline, {"text": text}, output_dir=tmp_path, progress=False)

    threads = [threading.Thread(target=run, args=(text,)) for text in ("1/4", "3/4")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert {text: r.output for text, r in results.items()} == {"1/4": "ratio 0.25", "3/4": "ratio 0.75"}
    first, second = sorted(results.values(), key=lambda r: r.tasks[0].started)
    assert first.run_dir != second.run_dir
    # the lock: the second run's first task starts after the first run's last task ended
    last = max(t.started + t.seconds for t in first.tasks)
    assert min(t.started for t in second.tasks) >= last - 0.01
    for result in results.values():
        assert [t.name for t in result.tasks] == ["parse-ratio", "report"]
        assert all(Path(result.run_dir).name in t.log for t in result.tasks)


@pytest.mark.slow
def test_a_run_that_records_no_task_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after a kfp upgrade that renames the executor the recorder wraps: the tasks run,
    nothing is recorded, and the run must not pass for a SUCCESS."""

    def not_wrapped(original: Any, *args: Any) -> Any:
        return original

    monkeypatch.setattr(kfp_internals, "_single_task_wrapper", not_wrapped)
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    with pytest.raises(TutorialError) as info:
        run_local(pipeline, {"text": "1/2"}, output_dir=tmp_path, progress=False)
    assert info.value.key == "kfp_internals_unobserved"
    assert "recorded none of its tasks" in str(info.value)
    assert "pip install kfp==" in str(info.value)
    (run_dir,) = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    stored = load_run(run_dir)
    assert stored.status == "FAILURE" and "recorded none of its tasks" in stored.reason


@pytest.mark.slow
def test_a_run_whose_status_is_never_seen_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after a kfp upgrade that renames the DAG runners the adapter wraps."""

    def not_wrapped(original: Any, *args: Any) -> Any:
        return original

    monkeypatch.setattr(kfp_internals, "_root_dag_wrapper", not_wrapped)
    pipeline = fixture_pipeline("failing_pipeline.py:ratio_pipeline")
    with pytest.raises(TutorialError) as info:
        run_local(pipeline, {"text": "1/2"}, output_dir=tmp_path, progress=False)
    assert "never saw its final status" in str(info.value)


@pytest.mark.parametrize(
    "word",
    [
        f"kfp=={KFP_VERSION}",
        "kfp==0.0.1",
        "kfp==2.17",
        "surely-not-installed-pkg==1.0",
        'typing-extensions>=3.7.4,<5; python_version<"3.9"',
        'typing-extensions>=3.7.4,<5; python_version>="3.9"',
        "kfp[kubernetes]==1.0",
        "scikit-learn>=0.1",
    ],
)
def test_the_quick_requirement_check_agrees_with_packaging(word: str) -> None:
    """The pip-step check answers kfp's usual requirements without importing packaging;
    when it answers, it must say what packaging would."""
    from importlib import metadata

    from packaging.requirements import Requirement

    quick = _quick_verdict(word)
    requirement = Requirement(word)
    if requirement.marker is not None and not requirement.marker.evaluate():
        expected = True
    else:
        try:
            expected = requirement.specifier.contains(
                metadata.version(requirement.name), prereleases=True
            )
        except metadata.PackageNotFoundError:
            expected = False
    assert quick in (None, expected)
    if word.startswith(f"kfp=={KFP_VERSION}") or "python_version<" in word:
        assert quick is True  # the words of kfp's own prelude need no packaging
