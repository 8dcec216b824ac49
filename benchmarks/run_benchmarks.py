"""How fast the course runs on this machine, measured side by side.

    python benchmarks/run_benchmarks.py [--quick] [--skip-tests] [--skip-notebooks]
                                        [--skip-docs] [--write-docs] [--json FILE]

Prints one figure per line (``run_all_seconds: 12.3``) and one ratio per line with its
goal (``overhead_ratio: 1.04 (goal <= 1.10, met)``):

1. ``kfp-tutorial run --all`` against the same pipelines run with plain ``kfp.local``
   (one process each, so both pay the same interpreter start and imports).
2. A cold and a cached rerun with local caching (``--cache`` / ``enable_caching=True``),
   checking that the rerun's tasks really report ``CACHED``.
3. A ``ParallelFor`` over 1, 4 and 16 items (seconds per task, growth), and where one
   task's time goes (interpreter start, kfp's ``pip install`` check, the executor).
4. Every notebook (en, ko) one at a time, then the notebook tests with ``pytest -n 2``,
   and the whole test suite as ``scripts/test.sh`` runs it (``--skip-tests``: not that).
5. ``mkdocs build --strict`` and the heaviest page.

Parts of the course that do not exist yet (a lesson module, a notebook, the notebook
tests, the docs config) are measured without and named in a ``note:`` line.
``--write-docs`` writes the figures to ``lessons/data/benchmark-figures.md`` (and ``.ko.md``), which the
performance pages include. Timings are the median of 3 interleaved repetitions
(``--quick``: 1). Only standard-library imports at the top: the plain ``kfp.local``
driver (``--plain-kfp-local``) must not pay for anything ``kfp-tutorial`` does not.
"""

# No ``from __future__ import annotations``: kfp reads the components' type hints.

import argparse
import contextlib
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS_DATA = REPO / "lessons" / "data" / "benchmark-figures.md"
# The Korean page includes its own copy, with Korean labels (same figures, same numbers).
DOCS_DATA_BY_LANG = {"en": DOCS_DATA, "ko": DOCS_DATA.with_suffix(".ko.md")}
# The words of the generated tables; figure keys and values stay as the script prints them.
TABLE_LABELS = {
    "en": {
        "date": "date",
        "commit": "commit",
        "machine": "machine",
        "command": "command",
        "note": "note",
        "figure": "figure",
        "value": "value",
        "goal": "goal",
        "met": "met",
        "missed": "**missed**",
        "notebook": "notebook",
        "uncommitted": "uncommitted changes",
    },
    "ko": {
        "date": "측정 시각",
        "commit": "커밋",
        "machine": "머신",
        "command": "명령",
        "note": "참고",
        "figure": "수치",
        "value": "값",
        "goal": "목표",
        "met": "달성",
        "missed": "**미달**",
        "notebook": "노트북",
        "uncommitted": "커밋하지 않은 변경",
    },
}
PARALLEL_FOR_SIZES = (1, 4, 16)
GOALS = {  # ratio name -> (comparison, limit)
    "overhead_ratio": ("<=", 1.10),
    "cached_rerun_ratio": ("<=", 0.25),
    "cached_rerun_ratio_in_process": ("<=", 0.25),
    "overhead_cpu_ratio": ("<=", 1.10),
    # issue 12: --help, list and an argument error answer without importing kfp
    "cli_help_seconds": ("<=", 0.15),
    "cli_list_seconds": ("<=", 0.15),
    "cli_usage_error_seconds": ("<=", 0.15),
    "fast_tier_seconds": ("<=", 20.0),  # issue 12: pytest -m "not slow" on 2 cores
}
# Variables that change how runs behave: the benchmark sets them itself.
_RUN_ENV = ("KFP_TUTORIAL_CACHE", "KFP_TUTORIAL_SKIP_PIP", "KFP_TUTORIAL_OUTPUT_DIR")


# ----------------------------------------------------------------------------- figures


@dataclass
class Figure:
    """One measured figure: ``key: value`` with an optional goal and a note."""

    key: str
    value: float | int | str
    unit: str = ""  # "s", "B", "" for ratios and counts
    note: str = ""  # e.g. "median of 3, 11.9-13.0"

    @property
    def goal(self) -> tuple[str, float] | None:
        return GOALS.get(self.key)

    def goal_met(self) -> bool | None:
        """True/False against the goal, None when the figure has no goal."""
        if self.goal is None or not isinstance(self.value, int | float):
            return None
        op, limit = self.goal
        return self.value <= limit if op == "<=" else self.value >= limit

    def value_text(self) -> str:
        return format_value(self.value, self.unit)

    def line(self) -> str:
        """``overhead_ratio: 1.04 (goal <= 1.10, met; median of 3)``."""
        extras = []
        if self.goal is not None:
            op, limit = self.goal
            met = self.goal_met()
            extras.append(
                f"goal {op} {limit:.2f}" + ("" if met is None else (", met" if met else ", MISSED"))
            )
        if self.note:
            extras.append(self.note)
        return f"{self.key}: {self.value_text()}" + (f" ({'; '.join(extras)})" if extras else "")


def format_value(value: float | int | str, unit: str = "") -> str:
    """Seconds with 2 decimals (3 below 0.1 s), bytes as integers, ratios with 2."""
    if isinstance(value, str):
        return value
    if unit == "B" or isinstance(value, int):
        return f"{int(value)}"
    if unit == "s" and abs(value) < 0.1:
        return f"{value:.3f}"
    return f"{value:.2f}"


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, rounded to 3 places; NaN when the denominator is 0."""
    if denominator <= 0:
        return float("nan")
    return round(numerator / denominator, 3)


def median_note(samples: Sequence[float]) -> str:
    """``median of 3, 11.90-13.04 s`` (empty for one sample)."""
    if len(samples) < 2:
        return ""
    return f"median of {len(samples)}, {min(samples):.2f}-{max(samples):.2f} s"


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of ``(x, y)`` points: seconds per extra task."""
    if len(points) < 2:
        return float("nan")
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return float("nan")
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var


@dataclass
class Report:
    """Everything one benchmark run found; printed as it goes."""

    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notebook_times: dict[str, float] = field(default_factory=dict)  # "en/02-add" -> s
    echo: bool = True

    def add(self, key: str, value: float | int | str, unit: str = "", note: str = "") -> Figure:
        figure = Figure(key, round(value, 3) if isinstance(value, float) else value, unit, note)
        self.figures.append(figure)
        if self.echo:
            print(figure.line(), flush=True)
        return figure

    def note(self, text: str) -> None:
        self.notes.append(text)
        if self.echo:
            print(f"note: {text}", flush=True)

    def value(self, key: str) -> Any:
        for figure in self.figures:
            if figure.key == key:
                return figure.value
        raise KeyError(key)


# ----------------------------------------------------------------------------- helpers


def clean_env(**overrides: str) -> dict[str, str]:
    """This process's environment without the run-changing variables, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k not in _RUN_ENV}
    env.update(overrides)
    return env


@contextlib.contextmanager
def env_vars(**values: str | None) -> Iterator[None]:
    """Set (or, with None, unset) environment variables for a block."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def keeping_print() -> Iterator[None]:
    """Put ``print`` back afterwards: kfp.local swaps in an indenting ``print`` per task,
    and parallel tasks can leave one of them installed (``run_local`` does the same)."""
    import builtins

    original = builtins.print
    try:
        yield
    finally:
        builtins.print = original


def script_env(**overrides: str) -> dict[str, str]:
    """The environment scripts/test.sh and scripts/main.sh run in (use_bytecode_cache in
    scripts/_venv.sh): bytecode kept, whatever PYTHONDONTWRITEBYTECODE says here."""
    env = clean_env(**overrides)
    for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"):
        env.pop(key, None)
    return env


def timed_command_cpu(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 1800
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``command``; return (wall seconds, CPU seconds of it and every process it
    waited for, completed process). CPU time hardly moves when other work shares the
    machine; wall time does."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=str(cwd),
        env=env if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def timed_command(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 1800
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``command``, return (wall seconds, completed process with its output)."""
    wall, _, done = timed_command_cpu(command, env=env, cwd=cwd, timeout=timeout)
    return wall, done


def tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def interleaved(variants: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[Any]]:
    """Run each variant ``repeats`` times, round-robin (A B C A B C ...), so a slow
    minute on a shared machine hits every variant alike. Returns the samples."""
    samples: dict[str, list[Any]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, measure in variants.items():
            samples[name].append(measure())
    return samples


def kfp_tutorial_command() -> list[str]:
    """``kfp-tutorial`` next to this interpreter (the venv's), else ``python -m kfp_tutorial``."""
    script = Path(sys.executable).with_name("kfp-tutorial")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kfp_tutorial"]


# ----------------------------------------------------------------------------- lessons


def available_lessons() -> tuple[list[Any], list[str]]:
    """The registry's lessons whose module imports, and the names of those that do not."""
    from kfp_tutorial.registry import LESSONS

    found, missing = [], []
    for lesson in LESSONS:
        try:
            lesson.module  # noqa: B018 - importing is the check
        except ImportError:
            missing.append(lesson.name)
            continue
        found.append(lesson)
    return found, missing


def local_examples(lessons: Sequence[Any]) -> list[tuple[str, Any]]:
    """Every example ``kfp-tutorial run --all`` runs locally, as (lesson name, Example)."""
    return [(lesson.name, ex) for lesson in lessons for ex in lesson.examples if ex.local]


def plain_kfp_local_main(output_dir: str, lesson_names: Sequence[str]) -> int:
    """The reference: the same pipelines and arguments with nothing but ``kfp.local``.

    Run as its own process (``--plain-kfp-local``) so it pays the same interpreter start
    and imports as ``kfp-tutorial run --all``."""
    from kfp import local

    from kfp_tutorial.registry import find_lesson

    lessons = [find_lesson(name) for name in lesson_names]
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=output_dir)
    failures = 0
    examples = local_examples(lessons)
    for _, example in examples:
        try:
            example.pipeline(**dict(example.arguments))
        except Exception as exc:  # count it; the benchmark reports failures
            failures += 1
            print(f"plain kfp.local: {example.name} failed: {exc}", file=sys.stderr)
    print(f"plain kfp.local ran {len(examples)} pipelines, {failures} failed")
    return 1 if failures else 0


def run_all_command(
    lesson_names: Sequence[str], all_present: bool, output_dir: Path, *extra: str
) -> list[str]:
    """``kfp-tutorial run --all`` (or, while lessons are missing, the CLI's ``main`` once
    per present lesson in one process, which ``--all`` cannot do yet)."""
    if all_present:
        return [*kfp_tutorial_command(), "run", "--all", "--output-dir", str(output_dir), *extra]
    calls = "; ".join(
        f"rc |= main(['run', {name!r}, '--output-dir', {str(output_dir)!r}, *{list(extra)!r}])"
        for name in lesson_names
    )
    code = f"import sys\nfrom kfp_tutorial.cli import main\nrc = 0\n{calls}\nsys.exit(rc)"
    return [sys.executable, "-c", code]


def count_statuses(output_dir: Path, exclude: set[Path] = frozenset()) -> dict[str, int]:
    """Task statuses over the ``run.json`` files under ``output_dir`` (minus ``exclude``).

    Also counts ``cacheable``: tasks whose compiled spec (the run's ``pipeline.yaml``)
    leaves caching on; ``set_caching_options(enable_caching=False)`` tasks always run."""
    from kfp_tutorial.spec.compiler import load_compiled

    counts: dict[str, int] = {"cacheable": 0}
    for run_json in sorted(output_dir.glob("*/run.json")):
        if run_json.parent in exclude:
            continue
        spec_file = run_json.parent / "pipeline.yaml"
        specs = (
            load_compiled(spec_file.read_text(encoding="utf-8")).all_tasks()
            if spec_file.is_file()
            else {}
        )
        for task in json.loads(run_json.read_text(encoding="utf-8"))["tasks"]:
            counts[task["status"]] = counts.get(task["status"], 0) + 1
            caching = specs.get(task["name"], {}).get("cachingOptions", {})
            counts["cacheable"] += bool(caching.get("enableCache"))
    return counts


def bench_run_all(report: Report, repeats: int) -> None:
    """Section 1 and 2: the CLI against plain kfp.local, then caching."""
    lessons, missing = available_lessons()
    names = [lesson.name for lesson in lessons]
    examples = local_examples(lessons)
    if missing:
        report.note(
            f"lesson modules missing: {', '.join(missing)}; measured the {len(lessons)} present "
            f"({len(examples)} local pipelines), with the CLI's main once per lesson in one process"
        )
    work = Path(tempfile.mkdtemp(prefix="kfp-bench-runall-"))
    counter = iter(range(10_000))

    def fresh() -> Path:
        return work / f"out-{next(counter)}"

    def cli(skip_pip: str) -> Callable[[], tuple[float, float]]:
        def measure() -> tuple[float, float]:
            out = fresh()
            env = clean_env(KFP_TUTORIAL_SKIP_PIP=skip_pip)
            wall, cpu, done = timed_command_cpu(run_all_command(names, not missing, out), env=env)
            if done.returncode != 0:
                raise RuntimeError(f"kfp-tutorial run --all failed:\n{tail(done.stdout + done.stderr)}")
            return wall, cpu

        return measure

    def plain() -> tuple[float, float]:
        out = fresh()
        command = [sys.executable, str(Path(__file__).resolve()), "--plain-kfp-local", str(out), *names]
        wall, cpu, done = timed_command_cpu(command)
        if done.returncode != 0:
            raise RuntimeError(f"plain kfp.local run failed:\n{tail(done.stdout + done.stderr)}")
        return wall, cpu

    runs = interleaved({"default": cli("1"), "kfp_pip": cli("0"), "plain": plain}, repeats)
    samples = {k: [wall for wall, _ in v] for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    default, kfp_pip, plain_s = (statistics.median(samples[k]) for k in ("default", "kfp_pip", "plain"))
    tasks = count_statuses(work / "out-0").get("SUCCESS", 0)  # the first run: kfp-tutorial's
    report.add("run_all_pipelines", len(examples))
    report.add("run_all_tasks", tasks)
    report.add("run_all_seconds", default, "s", median_note(samples["default"]))
    report.add("run_all_with_pip_step_seconds", kfp_pip, "s", median_note(samples["kfp_pip"]))
    report.add("plain_kfp_local_seconds", plain_s, "s", median_note(samples["plain"]))
    report.add(
        "overhead_ratio",
        ratio(kfp_pip, plain_s),
        note="wall time, kfp-tutorial with kfp's pip step / plain kfp.local",
    )
    report.add(
        "overhead_cpu_ratio",
        ratio(cpu["kfp_pip"], cpu["plain"]),
        note=f"CPU time, {cpu['kfp_pip']:.1f} s / {cpu['plain']:.1f} s",
    )
    report.add(
        "run_all_vs_plain_ratio",
        ratio(default, plain_s),
        note="wall time, kfp-tutorial as shipped (pip step skipped) / plain kfp.local",
    )
    report.add("run_all_cpu_seconds", cpu["default"], "s", "CPU time of kfp-tutorial run --all")

    # Caching: a cold run fills the cache, the rerun should find every task in it.
    cold_samples, warm_samples, hits = [], [], {}
    for _ in range(repeats):
        out = fresh()
        cold, done = timed_command(run_all_command(names, not missing, out, "--cache"))
        before = {p.parent for p in out.glob("*/run.json")}
        warm, done_warm = timed_command(run_all_command(names, not missing, out, "--cache"))
        if done.returncode or done_warm.returncode:
            raise RuntimeError(f"cached run failed:\n{tail(done.stdout + done_warm.stdout)}")
        cold_samples.append(cold)
        warm_samples.append(warm)
        hits = count_statuses(out, exclude=before)
    report.add("cache_cold_seconds", statistics.median(cold_samples), "s", median_note(cold_samples))
    report.add("cache_rerun_seconds", statistics.median(warm_samples), "s", median_note(warm_samples))
    report.add(
        "cached_rerun_ratio",
        ratio(statistics.median(warm_samples), statistics.median(cold_samples)),
        note="kfp-tutorial run --all --cache, rerun / cold",
    )
    cacheable = hits.pop("cacheable", 0)
    total = sum(hits.values())
    report.add(
        "cache_hits",
        f"{hits.get('CACHED', 0)}/{cacheable} cacheable tasks CACHED"
        f" (caching is off for {total - cacheable} of {total} tasks)",
    )
    if hits.get("CACHED", 0) != cacheable:
        report.note(f"not every cacheable task was served from the cache on the rerun: {hits}")

    # The same in one process, as a notebook rerun sees it (no interpreter start).
    from kfp_tutorial.local.runner import run_local

    def run_examples(out: Path) -> float:
        started = time.perf_counter()
        for _, example in examples:
            result = run_local(
                example.pipeline,
                dict(example.arguments),
                output_dir=out,
                enable_caching=True,
                progress=False,
            )
            if not result.succeeded:
                raise RuntimeError(f"{example.name} failed in the cache benchmark")
        return time.perf_counter() - started

    cold_in, warm_in = [], []
    for _ in range(repeats):
        out = fresh()
        with env_vars(KFP_TUTORIAL_SKIP_PIP=None), contextlib.redirect_stdout(io.StringIO()):
            cold_in.append(run_examples(out))
            warm_in.append(run_examples(out))
    report.add("cache_cold_in_process_seconds", statistics.median(cold_in), "s", median_note(cold_in))
    report.add("cache_rerun_in_process_seconds", statistics.median(warm_in), "s", median_note(warm_in))
    report.add(
        "cached_rerun_ratio_in_process",
        ratio(statistics.median(warm_in), statistics.median(cold_in)),
        note="run_local(enable_caching=True) in one process, rerun / cold",
    )
    shutil.rmtree(work, ignore_errors=True)


# ----------------------------------------------------------------------------- per task

_BENCH_PIPELINE: Any = None


def parallel_for_pipeline() -> Any:
    """A ``ParallelFor`` over ``items`` with a one-line task per item, then a fan-in.

    Built on first use so that importing this file stays cheap."""
    global _BENCH_PIPELINE
    if _BENCH_PIPELINE is None:
        from kfp import dsl

        from kfp_tutorial.lessons.common import BASE_IMAGE

        @dsl.component(base_image=BASE_IMAGE)
        def bench_item(x: float) -> float:
            """The smallest useful task: one addition."""
            return x + 1.0

        @dsl.pipeline(name="bench-parallel-for")
        def bench_parallel_for(items: list = [0.0]) -> None:  # noqa: B006
            """One task per item, as many at once as kfp.local allows."""
            with dsl.ParallelFor(items=items) as item:
                bench_item(x=item)

        _BENCH_PIPELINE = bench_parallel_for
    return _BENCH_PIPELINE


def measure_parallel_for(n: int, output_dir: Path, *, mode: str = "default") -> tuple[float, int]:
    """Run the ``ParallelFor`` pipeline over ``n`` items; (wall seconds, tasks that ran).

    ``mode``: ``default`` (run_local as shipped), ``pip`` (run_local with kfp's pip step),
    ``plain`` (``kfp.local`` alone)."""
    pipeline = parallel_for_pipeline()
    items = [float(i) for i in range(n)]
    if mode == "plain":
        from kfp import local

        local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(output_dir))
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()) as captured, keeping_print():
            pipeline(items=items)
        seconds = time.perf_counter() - started
        return seconds, captured.getvalue().count("Executing task")
    from kfp_tutorial.local.runner import run_local

    with env_vars(KFP_TUTORIAL_SKIP_PIP="0" if mode == "pip" else "1", KFP_TUTORIAL_CACHE=None):
        started = time.perf_counter()
        result = run_local(pipeline, {"items": items}, output_dir=output_dir, progress=False)
        seconds = time.perf_counter() - started
    if not result.succeeded:
        raise RuntimeError(f"bench-parallel-for over {n} items failed")
    return seconds, sum(1 for task in result.tasks if task.status == "SUCCESS")


def bench_cli_startup(report: Report, repeats: int = 5) -> None:
    """Whole-process time of ``kfp-tutorial --help``, ``list`` and a usage error (median of 5).

    None of them imports kfp (the CLI builds only the named command's options), so each
    is about the interpreter's start-up plus the package's own small modules."""
    commands = {
        "cli_help_seconds": ["--help"],
        "cli_list_seconds": ["list"],
        "cli_usage_error_seconds": ["run", "02-add", "--no-such-option"],
    }
    # A learner's Python keeps compiled bytecode (pip compiles a wheel at install, and an
    # editable install writes __pycache__ on first import); this machine's environment may
    # set PYTHONDONTWRITEBYTECODE, which recompiles kfp_tutorial on each start (list took
    # 0.17 s instead of 0.10 s). The goals are measured as scripts/test.sh runs, with
    # bytecode kept, after one warm-up run.
    cached = script_env()
    for argv in commands.values():
        timed_command([*kfp_tutorial_command(), *argv], env=cached)
    variants = {
        key: (lambda argv=argv: timed_command([*kfp_tutorial_command(), *argv], env=cached)[0])
        for key, argv in commands.items()
    }
    # the floor: this interpreter starting and doing nothing (a loaded machine raises all)
    variants["python_startup_seconds"] = lambda: timed_command(
        [sys.executable, "-c", "pass"], env=cached
    )[0]
    samples = interleaved(variants, max(repeats, 5))
    for key, values in samples.items():
        report.add(key, statistics.median(values), "s", median_note(values))


def bench_migrate(report: Report, repeats: int) -> None:
    """``kfp-tutorial migrate``'s rewrite, in seconds per 1,000 lines of v1 code: every
    program of tests/migrate (the fixtures and the generated corpus) rewritten in this process, median of
    ``repeats`` passes; and the compile check (one process for all files) apart, since it
    costs a kfp import and the pipelines' compilation rather than lines."""
    from kfp_tutorial.migrate import migrate_source
    from kfp_tutorial.migrate.verify import check_sources

    folder = REPO / "tests" / "migrate"
    sys.path.insert(0, str(REPO))
    from tests.migrate.generated import programs as corpus

    sources = [p.read_text(encoding="utf-8") for p in sorted((folder / "fixtures").glob("*.py"))]
    sources += [program.source for program in corpus()]
    programs = sources
    lines = sum(len(text.splitlines()) for text in sources)
    if not lines:
        report.note("migrate: no v1 programs under tests/migrate")
        return
    passes = []
    for _ in range(max(repeats, 3)):
        started = time.perf_counter()
        migrated = [migrate_source(text).source for text in sources]
        passes.append(time.perf_counter() - started)
    seconds = statistics.median(passes)
    report.add("migrate_programs", len(programs))
    report.add("migrate_lines", lines)
    report.add("migrate_seconds_per_1000_lines", 1000 * seconds / lines, "s", median_note(passes))
    started = time.perf_counter()
    checks = check_sources([(text, folder) for text in migrated])
    report.add("migrate_check_seconds", time.perf_counter() - started, "s", "one process, all programs")
    report.add("migrate_check_failures", sum(not check.ok for check in checks))


def bench_per_task(report: Report, repeats: int, sizes: Sequence[int] = PARALLEL_FOR_SIZES) -> None:
    """Section 3: growth with the number of tasks, and one task taken apart."""
    work = Path(tempfile.mkdtemp(prefix="kfp-bench-pfor-"))
    counter = iter(range(10_000))
    modes = ("default", "pip", "plain")
    variants = {
        f"{mode}:{n}": (
            lambda mode=mode, n=n: measure_parallel_for(n, work / f"r{next(counter)}", mode=mode)[0]
        )
        for n in sizes
        for mode in modes
    }
    samples = interleaved(variants, repeats)
    labels = {"default": "", "pip": "_with_pip_step", "plain": "_plain_kfp_local"}
    for mode in modes:
        points = []
        for n in sizes:
            seconds = statistics.median(samples[f"{mode}:{n}"])
            points.append((float(n), seconds))
            report.add(
                f"parallel_for_{n}{labels[mode]}_seconds",
                seconds,
                "s",
                median_note(samples[f"{mode}:{n}"]),
            )
        report.add(
            f"per_task{labels[mode]}_seconds", slope(points), "s", note=f"slope over {list(sizes)} tasks"
        )
        if len(points) > 1:
            report.add(
                f"growth_{sizes[-1]}_vs_{sizes[0]}{labels[mode]}_ratio",
                ratio(points[-1][1], points[0][1]),
            )
    bench_task_breakdown(report, repeats, work)
    shutil.rmtree(work, ignore_errors=True)


def bench_task_breakdown(report: Report, repeats: int, work: Path) -> None:
    """Where one task's time goes: each piece of the component's command timed alone."""
    from kfp_tutorial.local.runner import installed_requirements_only, run_local
    from kfp_tutorial.spec.compiler import compile_pipeline

    pipeline = parallel_for_pipeline()
    executor = next(iter(compile_pipeline(pipeline).spec["deploymentSpec"]["executors"].values()))
    command, args = executor["container"]["command"], executor["container"]["args"]
    prelude, program = command[2], command[6]
    function = args[args.index("--function_to_execute") + 1]
    reps = max(5, repeats)

    python_start = [timed_command([sys.executable, "-c", "pass"])[0] for _ in range(reps)]
    # kfp's own prelude, run like kfp.local runs it (python3 -> this interpreter), then `true`
    pip_script = prelude.replace("python3", sys.executable)
    pip_check = []
    for _ in range(reps):
        seconds, done = timed_command(["sh", "-c", pip_script, "true"])
        if done.returncode != 0:
            raise RuntimeError(f"kfp's pip step failed here:\n{tail(done.stdout + done.stderr)}")
        pip_check.append(seconds)
    module = work / "ephemeral_component.py"
    module.write_text(program, encoding="utf-8")
    executor_runs = []
    for i in range(reps):
        out = work / f"exec-{i}"
        out.mkdir(parents=True)
        executor_input = {
            "inputs": {"parameterValues": {"x": 1.0}},
            "outputs": {
                "parameters": {"Output": {"outputFile": str(out / "Output")}},
                "outputFile": str(out / "executor_output.json"),
            },
        }
        command_line = [
            sys.executable,
            "-m",
            "kfp.dsl.executor_main",
            "--component_module_path",
            str(module),
            "--executor_input",
            json.dumps(executor_input),
            "--function_to_execute",
            function,
        ]
        seconds, done = timed_command(command_line, env=clean_env(_KFP_RUNTIME="true"))
        if done.returncode != 0:
            raise RuntimeError(f"the executor failed:\n{tail(done.stdout + done.stderr)}")
        executor_runs.append(seconds)

    task_seconds: dict[str, list[float]] = {"1": [], "0": []}
    for i in range(reps):
        for skip in ("1", "0"):
            with env_vars(KFP_TUTORIAL_SKIP_PIP=skip, KFP_TUTORIAL_CACHE=None):
                result = run_local(
                    pipeline, {"items": [0.0]}, output_dir=work / f"one-{skip}-{i}", progress=False
                )
            task_seconds[skip].append(result.tasks[0].seconds)

    with_pip = statistics.median(task_seconds["0"])
    without_pip = statistics.median(task_seconds["1"])
    executor_s = statistics.median(executor_runs)
    pip_s = statistics.median(pip_check)
    report.add("task_seconds_with_pip_step", with_pip, "s", median_note(task_seconds["0"]))
    report.add("task_seconds", without_pip, "s", median_note(task_seconds["1"]))
    report.add("task_python_start_seconds", statistics.median(python_start), "s", "python -c pass")
    report.add(
        "task_pip_step_seconds", pip_s, "s", "kfp's 'pip install kfp==...' prelude, all installed"
    )
    report.add("task_executor_seconds", executor_s, "s", "python -m kfp.dsl.executor_main, incl. start")
    report.add(
        "task_orchestration_seconds",
        max(0.0, with_pip - pip_s - executor_s),
        "s",
        "kfp.local + recording: the rest of a task",
    )
    report.add("task_pip_step_share_ratio", ratio(pip_s, with_pip), note="of a task with kfp's pip step")
    report.add("pip_step_skipped", "yes" if installed_requirements_only(prelude) else "no")


# ----------------------------------------------------------------------------- notebooks, tests


PYTEST_SUMMARY = re.compile(r"^=*\s*(.*\b(?:passed|failed|error|errors|skipped)\b.*?)\s*=*$", re.M)


def pytest_summary(output: str) -> str:
    """The last ``N passed, M failed in 12.3s`` line of pytest's output, or ''."""
    found = PYTEST_SUMMARY.findall(output)
    return re.sub(r"\s+in [\d.]+s.*$", "", found[-1]).strip() if found else ""


def present_notebook_lessons() -> tuple[list[str], list[str]]:
    """Lessons with a notebook in every language, and the notebook files that are missing."""
    from kfp_tutorial.i18n import LANGS
    from kfp_tutorial.registry import LESSONS

    present, missing = [], []
    for lesson in LESSONS:
        paths = [REPO / "notebooks" / lang / f"{lesson.name}.ipynb" for lang in LANGS]
        absent = [str(p.relative_to(REPO)) for p in paths if not p.is_file()]
        missing.extend(absent)
        if not absent:
            present.append(lesson.name)
    return present, missing


def notebook_fixed_cost(work: Path, repeats: int = 3) -> float:
    """What any notebook pays before its first cell: papermill starting a ``python3``
    kernel that imports the course, running one cell, and shutting down (median)."""
    import nbformat

    work.mkdir(parents=True, exist_ok=True)
    source = work / "empty.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_code_cell("import kfp_tutorial\nfrom kfp_tutorial import run_local")
    ]
    nbformat.write(notebook, source)
    code = (
        "import sys, time, papermill\n"
        "t = time.perf_counter()\n"
        "papermill.execute_notebook(\n"
        "    sys.argv[1], sys.argv[2], kernel_name='python3', progress_bar=False)\n"
        "print(time.perf_counter() - t)\n"
    )
    samples = []
    for i in range(repeats):
        _, done = timed_command([sys.executable, "-c", code, str(source), str(work / f"out-{i}.ipynb")])
        if done.returncode != 0:
            raise RuntimeError(f"papermill failed on an empty notebook:\n{tail(done.stderr)}")
        samples.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def bench_notebooks(report: Report) -> None:
    """Section 4a: every notebook one at a time, then the notebook tests on 2 workers."""
    lessons, missing = present_notebook_lessons()
    if missing:
        report.note(f"notebooks missing: {', '.join(missing)}")
    if not lessons:
        report.note("no notebooks to execute")
        return
    work = Path(tempfile.mkdtemp(prefix="kfp-bench-nb-"))
    times_dir = work / "times"
    # a file check, not find_spec: tools/ is not on this script's path (it is run as
    # benchmarks/run_benchmarks.py), and find_spec("tools.notebooks") raises without it
    if (REPO / "tools" / "notebooks.py").is_file():
        command = [
            sys.executable,
            "-m",
            "tools.notebooks",
            "--ui-lang",
            "en",
            "execute",
            *lessons,
            "-p",
            f"output_dir={work / 'runs'}",
            "--output-dir",
            str(work / "executed"),
            "--times-dir",
            str(times_dir),
        ]
        how = "python -m tools.notebooks execute"
    else:
        code = (
            "import sys, time, json, pathlib, papermill\n"
            f"out = pathlib.Path({str(work)!r})\n(out / 'times').mkdir(parents=True)\n"
            "for lang, name in (a.split('/') for a in sys.argv[1:]):\n"
            f"    src = pathlib.Path({str(REPO)!r}) / 'notebooks' / lang / (name + '.ipynb')\n"
            "    t = time.perf_counter()\n"
            "    papermill.execute_notebook(str(src), str(out / (lang + name + '.ipynb')),\n"
            "        parameters={'output_dir': str(out / 'runs')},\n"
            "        cwd=str(src.parent), progress_bar=False)\n"
            "    rec = {'notebook': lang + '/' + name, 'seconds': time.perf_counter() - t}\n"
            "    (out / 'times' / (lang + '__' + name + '.json')).write_text(json.dumps(rec))\n"
        )
        command = [
            sys.executable,
            "-c",
            code,
            *[f"{lang}/{n}" for n in lessons for lang in ("en", "ko")],
        ]
        how = "papermill, one notebook at a time"
    seconds, done = timed_command(command, env=script_env())
    if done.returncode != 0:
        report.note(f"notebook execution failed ({how}):\n{tail(done.stdout + done.stderr, 12)}")
    for path in sorted(times_dir.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        report.notebook_times[record["notebook"]] = round(float(record["seconds"]), 2)
    report.add("notebooks_executed", len(report.notebook_times))
    report.add("notebooks_sequential_seconds", seconds, "s", how)
    if report.notebook_times:
        slowest = max(report.notebook_times, key=report.notebook_times.__getitem__)
        report.add("notebook_slowest", f"{slowest} {report.notebook_times[slowest]:.1f} s")
        report.add("notebook_mean_seconds", statistics.fmean(report.notebook_times.values()), "s")
    kernel = notebook_fixed_cost(work / "empty")
    report.add(
        "notebook_kernel_seconds", kernel, "s", "papermill on a one-cell notebook: kernel start, imports"
    )
    if report.notebook_times:
        share = kernel * len(report.notebook_times) / max(sum(report.notebook_times.values()), 1e-9)
        report.add("notebook_kernel_share_ratio", round(share, 3), note="of all notebook time")

    test_file = REPO / "tests" / "lessons" / "test_notebooks.py"
    if not test_file.is_file():
        report.note(f"{test_file.relative_to(REPO)} missing: the pytest -n 2 notebook figure is omitted")
    else:
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "-q",
            "-p",
            "no:cacheprovider",
            str(test_file.relative_to(REPO)),
        ]
        pseconds, pdone = timed_command(command, env=script_env())
        report.add(
            "notebook_tests_n2_seconds", pseconds, "s", pytest_summary(pdone.stdout) or "no summary"
        )
        report.add("notebook_tests_n2_vs_sequential_ratio", ratio(pseconds, seconds))
        if pdone.returncode not in (0, 5):
            report.note(f"notebook tests failed:\n{tail(pdone.stdout, 12)}")
    shutil.rmtree(work, ignore_errors=True)


def bench_test_suite(report: Report) -> None:
    """Section 4b: the fast tier (``pytest -m "not slow" -n 2``, goal 20 s), then the whole
    suite as scripts/test.sh runs it (``pytest -n 2``), both in the scripts' environment."""
    fast = [sys.executable, "-m", "pytest", "-m", "not slow", "-n", "2", "-q", "-p", "no:cacheprovider"]
    seconds, done = timed_command(fast, env=script_env(), timeout=1800)
    report.add(
        "fast_tier_seconds", seconds, "s", pytest_summary(done.stdout) or f"exit {done.returncode}"
    )
    command = [
        *[sys.executable, "-m", "pytest", "-n", "2", "-q"],
        *["-p", "no:cacheprovider", "--durations=10"],
    ]
    seconds, done = timed_command(command, env=script_env(), timeout=3600)
    report.add("test_suite_seconds", seconds, "s", "pytest -n 2, as scripts/test.sh")
    report.add("test_suite_result", pytest_summary(done.stdout) or f"exit {done.returncode}")
    if done.returncode != 0:
        failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.M)
        report.note(
            f"the test suite did not pass (exit {done.returncode}); failed: "
            f"{', '.join(failed) or 'see the output'}\n{tail(done.stdout, 12)}"
        )
    durations = re.findall(r"^([\d.]+)s (call|setup|teardown)\s+(\S+)", done.stdout, re.M)
    ranked = sorted(durations, key=lambda d: -float(d[0]))[:5]
    for rank, (secs, _, test) in enumerate(ranked, start=1):
        report.add(f"test_slowest_{rank}", f"{test} {float(secs):.1f} s")


# ----------------------------------------------------------------------------- docs


_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.I)
_DATA_URI = re.compile(r"data:image/[^\"')\s]+")
_INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)


@dataclass
class PageWeight:
    """One built page: its HTML bytes, how much of that is inline images, and the
    bytes of the local image files it links."""

    path: str
    html_bytes: int
    inline_image_bytes: int
    linked_image_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + self.linked_image_bytes


def page_weights(site_dir: Path) -> list[PageWeight]:
    """Every HTML page under ``site_dir``, heaviest (HTML + linked images) first."""
    pages = []
    for html_path in site_dir.rglob("*.html"):
        text = html_path.read_text(encoding="utf-8", errors="replace")
        inline = sum(len(m.group(0)) for m in _DATA_URI.finditer(text))
        inline += sum(len(m.group(0).encode()) for m in _INLINE_SVG.finditer(text))
        linked = 0
        for src in set(_IMG_SRC.findall(text)):
            if src.startswith(("data:", "http://", "https://", "//")):
                continue
            target = (site_dir / src.lstrip("/")) if src.startswith("/") else (html_path.parent / src)
            target = Path(str(target).split("#")[0].split("?")[0])
            if target.is_file():
                linked += target.stat().st_size
        pages.append(
            PageWeight(str(html_path.relative_to(site_dir)), html_path.stat().st_size, inline, linked)
        )
    return sorted(pages, key=lambda p: (-p.total_bytes, p.path))


def bench_docs(report: Report) -> None:
    """Section 5: ``mkdocs build --strict`` into a temporary folder, and the heaviest page."""
    if not (REPO / "mkdocs.yml").is_file():
        report.note("mkdocs.yml missing: the docs build is left out")
        return
    site = Path(tempfile.mkdtemp(prefix="kfp-bench-site-"))
    seconds, done = timed_command(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        env=clean_env(),
    )
    report.add("docs_build_seconds", seconds, "s", "mkdocs build --strict")
    if done.returncode != 0:
        report.note(f"mkdocs build --strict failed:\n{tail(done.stdout + done.stderr, 12)}")
    pages = page_weights(site)
    if pages:
        heaviest = pages[0]
        biggest_html = max(pages, key=lambda p: p.html_bytes)
        report.add("docs_pages", len(pages))
        report.add("heaviest_page", heaviest.path)
        report.add("heaviest_page_html_bytes", heaviest.html_bytes, "B")
        report.add(
            "heaviest_page_inline_image_bytes", heaviest.inline_image_bytes, "B", "inside the HTML"
        )
        report.add("heaviest_page_with_images_bytes", heaviest.total_bytes, "B", "HTML + linked images")
        if biggest_html.path != heaviest.path:
            report.add("largest_html_page", f"{biggest_html.path} {biggest_html.html_bytes} B")
    shutil.rmtree(site, ignore_errors=True)


# ----------------------------------------------------------------------------- output


def machine_summary() -> str:
    """``2 cores, Linux x86_64, Python 3.11.7, kfp 2.17.0, load 0.93``."""
    from importlib import metadata

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, kfp {metadata.version('kfp')}, load {load:.2f} at start"
    )


def git_commit() -> str:
    """The commit measured, ``abc1234`` or ``abc1234 + uncommitted changes``."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    )
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    written = tuple(path.name for path in DOCS_DATA_BY_LANG.values())
    changed = [line for line in status.stdout.splitlines() if not line.endswith(written)]
    uncommitted = f" + {TABLE_LABELS['en']['uncommitted']}" if changed else ""
    return (done.stdout.strip() or "unknown") + uncommitted


def figures_markdown(
    report: Report, *, when: str, commit: str, machine: str, command: str, lang: str = "en"
) -> str:
    """The data file a performance page includes: the same lines the script prints, as
    tables, labelled in ``lang`` (figure keys and numbers are the same in both); the pages
    explain each key. Notes come first, so the file always ends with a table row."""
    label = TABLE_LABELS[lang]
    commit = commit.replace(
        TABLE_LABELS["en"]["uncommitted"], label["uncommitted"]
    )  # git_commit's words
    lines = [
        "<!-- Generated by benchmarks/run_benchmarks.py --write-docs. Do not edit by hand. -->",
        "",
        f"- {label['date']}: {when}",
        f"- {label['commit']}: `{commit}`",
        f"- {label['machine']}: {machine}",
        f"- {label['command']}: `{command}`",
        *[f"- {label['note']}: {note.splitlines()[0]}" for note in report.notes],
        "",
        f"| {label['figure']} | {label['value']} | {label['goal']} |",
        "|---|---:|---|",
    ]
    for figure in report.figures:
        goal = ""
        if figure.goal is not None:
            op, limit = figure.goal
            # words, not emoji: a reader without an emoji font would see a box
            goal = f"{op} {limit:.2f} " + (label["met"] if figure.goal_met() else label["missed"])
        value = figure.value_text() + (f" {figure.unit}" if figure.unit else "")
        if figure.unit == "B" and isinstance(figure.value, int | float):
            value += f" ({figure.value / 1024:.0f} KiB)"
        lines.append(f"| `{figure.key}` | {value} | {goal} |")
    if report.notebook_times:
        langs = sorted({key.split("/", 1)[0] for key in report.notebook_times})
        names = sorted({key.split("/", 1)[1] for key in report.notebook_times})
        lines += [
            "",
            f"| {label['notebook']} | " + " | ".join(f"`{nb_lang}` (s)" for nb_lang in langs) + " |",
        ]
        lines.append("|---|" + "---:|" * len(langs))
        for name in names:
            cells = [
                f"{report.notebook_times[f'{nb_lang}/{name}']:.1f}"
                if f"{nb_lang}/{name}" in report.notebook_times
                else "—"
                for nb_lang in langs
            ]
            lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"  # ends with a table row: the docs test checks its cells


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one repetition per timing instead of 3")
    parser.add_argument("--skip-tests", action="store_true", help="leave out the whole test suite's run")
    parser.add_argument("--skip-notebooks", action="store_true", help="leave out the notebook runs")
    parser.add_argument("--skip-docs", action="store_true", help="leave out the docs build")
    parser.add_argument(
        "--only",
        choices=["cli", "run-all", "per-task", "migrate", "notebooks", "tests", "docs"],
        action="append",
        help="run only these sections (repeatable)",
    )
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_DATA.relative_to(REPO)}")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument(
        "--plain-kfp-local", nargs="+", metavar=("OUTPUT_DIR", "LESSON"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.plain_kfp_local:
        return plain_kfp_local_main(args.plain_kfp_local[0], args.plain_kfp_local[1:])
    os.chdir(REPO)
    repeats = 1 if args.quick else 3
    report = Report()
    machine = machine_summary()
    commit = git_commit()
    print(f"machine: {machine}", flush=True)
    sections: list[tuple[str, Callable[[], None]]] = [
        ("cli", lambda: bench_cli_startup(report)),
        ("run-all", lambda: bench_run_all(report, repeats)),
        ("per-task", lambda: bench_per_task(report, repeats)),
        ("migrate", lambda: bench_migrate(report, repeats)),
    ]
    if not args.skip_notebooks:
        sections.append(("notebooks", lambda: bench_notebooks(report)))
    if not args.skip_tests:
        sections.append(("tests", lambda: bench_test_suite(report)))
    if not args.skip_docs:
        sections.append(("docs", lambda: bench_docs(report)))
    started = time.perf_counter()
    for name, run in sections:
        if args.only and name not in args.only:
            continue
        print(f"== {name}", flush=True)
        try:
            run()
        except Exception as exc:  # one broken part must not hide the others' figures
            report.note(f"section {name} failed: {type(exc).__name__}: {exc}")
    report.add("benchmark_seconds", time.perf_counter() - started, "s")
    shown_args = " ".join(
        a
        for a in ("--quick", "--skip-tests", "--skip-notebooks", "--skip-docs")
        if getattr(args, a[2:].replace("-", "_"))
    )
    shown_args += "".join(f" --only {name}" for name in args.only or [])
    if args.write_docs:
        DOCS_DATA.parent.mkdir(parents=True, exist_ok=True)
        for lang, path in DOCS_DATA_BY_LANG.items():
            path.write_text(
                figures_markdown(
                    report,
                    when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    commit=commit,
                    machine=machine,
                    command=" ".join(["python benchmarks/run_benchmarks.py", *shown_args.split()]),
                    lang=lang,
                ),
                encoding="utf-8",
            )
            print(f"wrote {path.relative_to(REPO)}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine,
                    "figures": [asdict(f) for f in report.figures],
                    "notes": report.notes,
                    "notebook_times": report.notebook_times,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    missed = [f.key for f in report.figures if f.goal_met() is False]
    if missed:
        print(f"goals missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
