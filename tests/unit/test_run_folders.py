"""Every run gets its own folder, made before anything runs, and keeps it: two runs at
once into the same --output-dir (two real processes), Ctrl-C (a real SIGINT), and the
helpers behind them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kfp_tutorial.output_files import make_run_dir, write_atomic
from kfp_tutorial.results import CANCELLED, SUCCESS, load_run
from tests.terminal import as_in_a_terminal

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kfp_tutorial", *args]


def test_run_folders_are_new_and_unique_even_within_one_second(tmp_path: Path) -> None:
    folders = [make_run_dir(tmp_path, "calculation") for _ in range(50)]
    assert len(set(folders)) == 50
    for folder in folders:
        assert folder.is_dir() and not any(folder.iterdir())
        assert folder.parent == tmp_path
        name, date, clock, random = folder.name.rsplit("-", 3)
        assert name == "calculation" and len(date) == 8 and len(clock) == 6 and len(random) == 6


def test_a_taken_name_is_retried_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    tokens = iter(["aaaaaa", "aaaaaa", "bbbbbb"])
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(tokens))
    first = make_run_dir(tmp_path, "p")
    (first / "run.json").write_text("{}", encoding="utf-8")
    second = make_run_dir(tmp_path, "p")  # "aaaaaa" is taken: the next name is used
    assert first.name.endswith("-aaaaaa") and second.name.endswith("-bbbbbb")
    assert (first / "run.json").read_text(encoding="utf-8") == "{}"


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    write_atomic(target, '{"status": "RUNNING"}')
    write_atomic(target, '{"status": "SUCCESS"}')
    assert json.loads(target.read_text(encoding="utf-8")) == {"status": "SUCCESS"}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_readers_never_see_half_a_run_json(tmp_path: Path) -> None:
    target = tmp_path / "run.json"
    big = json.dumps({"status": "SUCCESS", "log": "x" * 2_000_000})
    write_atomic(target, big)
    stop = threading.Event()
    bad: list[str] = []

    def read() -> None:
        while not stop.is_set():
            text = target.read_text(encoding="utf-8")
            if text != big:
                bad.append(text[:40])

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(20):
        write_atomic(target, big)
    stop.set()
    reader.join()
    assert bad == []


@pytest.mark.slow
def test_two_runs_at_once_into_one_output_dir_each_keep_their_own_record(tmp_path: Path) -> None:
    out = tmp_path / "runs"
    processes = [
        subprocess.Popen(
            _cli("run", "02-add", "--output-dir", str(out)),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    folders = sorted(p for p in out.iterdir() if not p.name.startswith("."))
    assert len(folders) == 2, folders
    for folder in folders:
        run = load_run(folder)
        assert run.status == SUCCESS and run.output == 26.0
        assert Path(run.run_dir) == folder
        assert sorted(t.name for t in run.tasks) == ["add", "add-2", "add-3"]
        other = next(f for f in folders if f != folder)
        # each record holds its own run's tasks: their logs name this folder, never the other
        for task in run.tasks:
            assert folder.name in task.log and other.name not in task.log
            assert (folder / task.name / "executor_output.json").is_file()
        log = (folder / "log.txt").read_text(encoding="utf-8")
        assert folder.name in log and other.name not in log


@pytest.mark.slow
@pytest.mark.parametrize(
    ("func", "name", "slow_path"),
    [
        ("quick_then_slow", "quick-then-slow", "slow"),
        ("quick_then_slow_loop", "quick-then-slow-loop", "for-loop-2-iteration-0/slow"),
    ],
)
def test_ctrl_c_keeps_the_folder_with_a_cancelled_record(
    func: str, name: str, slow_path: str, tmp_path: Path
) -> None:
    out = tmp_path / "runs"
    target = f"{FIXTURES / 'slow_pipeline.py'}:{func}"
    process = subprocess.Popen(
        _cli("run", target, "--output-dir", str(out), "--arg", "seconds=99"),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=as_in_a_terminal,
    )
    try:
        assert process.stdout is not None
        seen = []
        deadline = time.monotonic() + 180
        for line in process.stdout:  # wait until the quick task is done and the slow one runs
            seen.append(line)
            if "[1] quick" in line:
                break
            assert time.monotonic() < deadline, seen
        time.sleep(1.5)
        interrupted = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group gets SIGINT
        rest, _ = process.communicate(timeout=60)  # the slow tasks would take 99 s each
    finally:
        if process.poll() is None:  # do not leave the run (and its task processes) behind
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, "".join(seen) + rest
    assert time.monotonic() - interrupted < 30, "queued tasks must not start after Ctrl-C"
    assert "Traceback" not in rest
    (folder,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert folder.name.startswith(f"{name}-2")
    run = load_run(folder)
    assert run.status == CANCELLED
    assert "Ctrl-C" in run.reason
    quick = run.task("quick")
    assert quick.status == SUCCESS and quick.outputs == {"Output": "HELLO"}
    assert "quick got hello" in quick.log
    assert [(t.path, t.status) for t in run.tasks] == [("quick", SUCCESS), (slow_path, CANCELLED)]
    assert "slow started" in run.task("slow").log
    log = (folder / "log.txt").read_text(encoding="utf-8")
    assert "quick got hello" in log and "slow started" in log
    assert (folder / "pipeline.yaml").is_file()
