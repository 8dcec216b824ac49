"""Find, execute and refresh the lesson notebooks; record how long each one takes.

``python -m tools.notebooks execute [--in-place] [--lang en|ko] [NAMES...]``
executes notebooks with papermill (kernel ``python3``, working folder = the notebook's
folder) and prints each one's time. ``--in-place`` stores the outputs in the notebook
itself, without papermill's timestamps and paths, so the docs pages show a real run.
``list`` prints the notebooks the registry expects; ``times`` merges the per-notebook
timings the tests write into one ``notebook-times.json`` for the instructor guide.

``sync [--check]`` writes the notebooks' lesson-code cells from the lesson modules. A code
cell whose metadata has ``"kfp_tutorial_source": "kfp_tutorial/lessons/lessonNN_slug.py:NAME"``
holds exactly that snippet section (the text between ``# --8<-- [start:NAME]`` and
``# --8<-- [end:NAME]``, without its trailing blank lines), the same text the docs page
includes. The learner edits and reruns it; ``sync`` puts the module's text back (and clears
the cell's outputs when the text changed); ``--check`` changes nothing and exits 1 listing
the cells that differ.

Inside a notebook, :func:`use_notebook_language` makes the runner's messages follow
the notebook's folder (``notebooks/ko`` → Korean) so the stored outputs are the same
on every machine. Used in: every lesson's notebook, the notebook tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kfp_tutorial import i18n
from kfp_tutorial.errors import TutorialError
from kfp_tutorial.progress import PROGRESS_ENV, PROGRESS_FILE
from kfp_tutorial.registry import LESSONS, Lesson, find_lesson
from tools.parity import snippet_section

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_ROOT = REPO_ROOT / "notebooks"
KERNEL = "python3"
DEFAULT_TIMEOUT = 300.0  # seconds, per notebook (and per cell)
TIMES_DIR = REPO_ROOT / "test-artifacts" / "notebook-times"
TIMES_FILE = REPO_ROOT / "test-artifacts" / "notebook-times.json"
SOURCE_KEY = "kfp_tutorial_source"  # cell metadata: "kfp_tutorial/lessons/lessonNN_slug.py:NAME"

i18n.register_messages(
    {
        "nb_missing": {
            "en": "Notebook not found: {path}. Each lesson needs notebooks/en/ and notebooks/ko/ "
            "(see CONTRIBUTING.md).",
            "ko": "노트북이 없습니다: {path}. 수업마다 notebooks/en/과 notebooks/ko/에 노트북이 "
            "있어야 합니다 (CONTRIBUTING.md 참고).",
        },
        "nb_bad_param": {
            "en": "-p expects NAME=VALUE, got {raw!r}.",
            "ko": "-p는 이름=값 형식이어야 합니다. 받은 값: {raw!r}.",
        },
        "nb_result": {
            "en": "{id:<28} {status:<6} {seconds:7.1f}s  {where}",
            "ko": "{id:<28} {status:<6} {seconds:7.1f}초  {where}",
        },
        "nb_failed_at": {
            "en": "    failed in cell {cell}: {error}",
            "ko": "    {cell}번 셀에서 실패: {error}",
        },
        "nb_total": {
            "en": "{ok} {ok:notebook|notebooks} ran, {failed} failed, in {seconds:.1f}s.",
            "ko": "노트북 {ok}개 실행, {failed}개 실패, 총 {seconds:.1f}초.",
        },
        "nb_sync_bad_source": {
            "en": "{notebook}, cell {cell}: {meta} = {target!r} names no snippet section ({error}). "
            "Use kfp_tutorial/lessons/lessonNN_slug.py:NAME with a # --8<-- [start:NAME] section.",
            "ko": "{notebook}의 {cell}번 셀: {meta} = {target!r}에 해당하는 스니펫 구간이 없습니다 "
            "({error}). kfp_tutorial/lessons/lessonNN_slug.py:NAME 형식으로 쓰고, 모듈에 "
            "# --8<-- [start:NAME] 구간을 두세요.",
        },
        "nb_sync_differs": {
            "en": "{notebook}, cell {cell}: differs from {target}",
            "ko": "{notebook}의 {cell}번 셀이 {target}(과) 다릅니다",
        },
        "nb_sync_check_failed": {
            "en": "{count} {count:cell differs|cells differ} from the lesson modules. Run: "
            "python -m tools.notebooks sync",
            "ko": "셀 {count}개가 수업 모듈과 다릅니다. 실행하세요: python -m tools.notebooks sync",
        },
        "nb_sync_in_sync": {
            "en": "{cells} synced {cells:cell|cells} in {notebooks} {notebooks:notebook|notebooks} "
            "match the lesson modules.",
            "ko": "노트북 {notebooks}개의 동기화 셀 {cells}개가 수업 모듈과 같습니다.",
        },
        "nb_sync_written": {
            "en": "Rewrote {count} {count:cell|cells} from the lesson modules. Then: "
            "python -m tools.exercises and python -m tools.notebooks execute --in-place",
            "ko": "셀 {count}개를 수업 모듈에서 다시 썼습니다. 다음으로 python -m tools.exercises와 "
            "python -m tools.notebooks execute --in-place를 실행하세요",
        },
        "nb_times_written": {
            "en": "Wrote {count} notebook times to {path}",
            "ko": "노트북 실행 시간 {count}개를 {path}에 기록했습니다",
        },
    }
)


@dataclass(frozen=True)
class NotebookRef:
    """One lesson notebook in one language."""

    lesson: Lesson
    lang: str
    path: Path

    @property
    def id(self) -> str:
        """``en/02-add``: how tests and reports name a notebook."""
        return f"{self.lang}/{self.lesson.name}"


@dataclass
class ExecutionResult:
    """How one notebook execution went."""

    path: str
    output_path: str
    ok: bool
    seconds: float
    error: str = ""  # "ZeroDivisionError: division by zero", when it failed
    failed_cell: int | None = None  # index of the failing cell


def notebook_path(lesson: Lesson, lang: str, root: Path | None = None) -> Path:
    """``notebooks/<lang>/NN-slug.ipynb`` for a lesson."""
    return (root or NOTEBOOKS_ROOT) / lang / f"{lesson.name}.ipynb"


def list_notebooks(
    names: Iterable[str] = (),
    langs: Iterable[str] = i18n.LANGS,
    root: Path | None = None,
) -> list[NotebookRef]:
    """The notebooks the registry expects: every lesson (or the ``names`` given) × language.

    Names are resolved like the CLI does (``02-add``, ``02``, ``add``); an unknown name
    raises :class:`TutorialError` listing the valid ones. Existence is not checked here.
    """
    lessons = [find_lesson(name) for name in names] if names else list(LESSONS)
    return [
        NotebookRef(lesson, lang, notebook_path(lesson, lang, root))
        for lesson in lessons
        for lang in langs
    ]


def clean_notebook(nb: Any, *, drop_injected: bool = True) -> Any:
    """Remove what differs from machine to machine or run to run but teaches nothing.

    Papermill's metadata (timestamps, absolute paths), nbclient's per-cell timing, and
    papermill's injected-parameters cell; consecutive stream outputs are merged so a
    cell's printout is one block.
    """
    nb.metadata.pop("papermill", None)
    cells = []
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if not cell.metadata.get("tags", True):  # papermill adds "tags": [] everywhere
            cell.metadata.pop("tags")
        if drop_injected and "injected-parameters" in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
        cells.append(cell)
    nb.cells = cells
    return nb


def _merge_streams(outputs: list[Any]) -> list[Any]:
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = _text(previous["text"]) + _text(output["text"])
            continue
        if output.get("output_type") == "stream":
            output["text"] = _text(output["text"])
        merged.append(output)
    return merged


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def execute_notebook(
    path: str | Path,
    output_path: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ExecutionResult:
    """Execute ``path`` with papermill into ``output_path`` (kept also when it fails).

    Runs in the notebook's own folder with the ``python3`` kernel. ``timeout`` bounds
    every cell, and a notebook that takes longer than ``timeout`` in total counts as
    failed. Never raises for an error inside the notebook: see ``ExecutionResult``.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    path = Path(path).resolve()
    output_path = Path(output_path).resolve()
    output_path.parent.mkdir(parents=True, exist_ok=True)
    # check_exercise's progress record: beside the executed copy, not in the repository
    previous_progress = os.environ.get(PROGRESS_ENV)
    if previous_progress is None:
        os.environ[PROGRESS_ENV] = str(output_path.parent / PROGRESS_FILE)
    started = time.perf_counter()
    error = ""
    failed_cell: int | None = None
    try:
        papermill.execute_notebook(
            str(path),
            str(output_path),
            parameters=dict(parameters or {}),
            kernel_name=KERNEL,
            cwd=str(path.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=int(timeout),
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
        failed_cell = exc.cell_index
    except Exception as exc:  # kernel died, cell timed out, bad notebook JSON ...
        error = f"{type(exc).__name__}: {exc}"
    finally:
        if previous_progress is None:
            os.environ.pop(PROGRESS_ENV, None)
    seconds = time.perf_counter() - started
    if not error and seconds > timeout:
        error = f"took {seconds:.0f}s, more than the {timeout:.0f}s allowed"
    return ExecutionResult(
        path=str(path),
        output_path=str(output_path),
        ok=not error,
        seconds=round(seconds, 2),
        error=error,
        failed_cell=failed_cell,
    )


CHECK_MARK = "# NBVAL_CHECK_OUTPUT"  # first line of a cell whose stored output is checked
# What nbval --nbval-lax leaves out of a comparison (nbval.plugin.IPyNbFile.skip_compare,
# without nbdime): run-to-run noise, and images, whose bytes differ between renderers.
_UNCOMPARED_DATA = ("image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json")


def _comparable(outputs: Sequence[Any]) -> dict[str, list[str]]:
    """A cell's outputs as nbval compares them: one text per stream name (all its pieces
    joined, as nbval's coalesce_streams does, so stdout and stderr may interleave
    differently from run to run; carriage-return overwrites applied), each data MIME
    type's values, and an error's name and value; metadata, tracebacks and counters left out."""
    flat: dict[str, list[str]] = {}
    streams: dict[str, str] = {}
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            name = f"stream {output.get('name', 'stdout')}"
            streams[name] = streams.get(name, "") + _text(output["text"])
        elif kind == "error":
            flat.setdefault("error", []).append(f"{output.get('ename')}: {output.get('evalue')}")
        for mime, value in (output.get("data") or {}).items():
            if mime not in _UNCOMPARED_DATA:
                flat.setdefault(mime, []).append(_text(value))
    for name, text in streams.items():
        flat[name] = [re.sub(r"^.*\r(?=[^\n])", "", text, flags=re.MULTILINE)]
    return flat


def checked_output_differences(stored: Any, executed: Any) -> list[str]:
    """Where an executed notebook's ``# NBVAL_CHECK_OUTPUT`` cells print something other
    than the stored notebook says, one readable entry per cell ("code cell N: ...").

    The same check as ``pytest --nbval-lax`` on the stored notebook, made on a run that
    already happened, so each notebook is executed once. ``executed`` may still hold
    papermill's injected-parameters cell; it is not counted.
    """
    import copy
    import difflib

    ran = clean_notebook(copy.deepcopy(executed))
    stored_cells = [c for c in stored.cells if c.cell_type == "code"]
    ran_cells = [c for c in ran.cells if c.cell_type == "code"]
    if [c.source for c in stored_cells] != [c.source for c in ran_cells]:
        return ["the executed notebook's code cells are not the stored notebook's"]
    differences = []
    for index, (want, got) in enumerate(zip(stored_cells, ran_cells, strict=True)):
        if not want.source.startswith(CHECK_MARK):
            continue
        expected, actual = _comparable(want.get("outputs", [])), _comparable(got.get("outputs", []))
        if expected == actual:
            continue
        diff = difflib.unified_diff(
            json.dumps(expected, indent=1, ensure_ascii=False).splitlines(),
            json.dumps(actual, indent=1, ensure_ascii=False).splitlines(),
            "stored output",
            "this run",
            lineterm="",
        )
        differences.append(f"code cell {index}:\n" + "\n".join(list(diff)[:40]))
    return differences


def store_outputs(executed: str | Path, target: str | Path) -> None:
    """Write the executed notebook over ``target``, cleaned of run-specific metadata."""
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    nbformat.write(clean_notebook(nb), str(target))


def record_time(
    notebook_id: str,
    seconds: float,
    *,
    ok: bool = True,
    times_dir: Path = TIMES_DIR,
) -> Path:
    """Write one notebook's execution time as its own small JSON file.

    One file per notebook keeps parallel test workers (pytest-xdist) from overwriting
    each other; :func:`merge_times` combines them.
    """
    times_dir.mkdir(parents=True, exist_ok=True)
    path = times_dir / (notebook_id.replace("/", "__") + ".json")
    record = {"notebook": notebook_id, "seconds": round(seconds, 2), "ok": ok, "when": time.time()}
    _write_atomically(path, json.dumps(record, indent=2))
    return path


def merge_times(
    times_dir: Path = TIMES_DIR,
    out_file: Path = TIMES_FILE,
    only: Iterable[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Merge the per-notebook time files into one JSON object keyed by ``en/02-add``.

    ``only`` keeps just those notebooks (e.g. the ones the registry lists now, so a
    removed notebook's old time does not linger). Safe to call from several processes
    at once: it only reads the small files and replaces ``out_file`` atomically.
    Used by the notebook tests; read by the instructor guide's timing table.
    """
    wanted = set(only) if only is not None else None
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(times_dir.glob("*.json")) if times_dir.is_dir() else []:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):  # a file being replaced right now
            continue
        if wanted is not None and record["notebook"] not in wanted:
            continue
        merged[record["notebook"]] = {"seconds": record["seconds"], "ok": record.get("ok", True)}
    merged = dict(sorted(merged.items(), key=lambda item: (item[0].split("/", 1)[1], item[0])))
    out_file.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(out_file, json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    return merged


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# Lesson-code cells written from the lesson modules (sync)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncedCell:
    """A code cell that holds a snippet section of a lesson module."""

    notebook: Path
    index: int  # position among all the notebook's cells
    target: str  # "kfp_tutorial/lessons/lesson02_add.py:add_component"
    source: str  # what the cell holds now
    expected: str  # what the module's section says

    @property
    def in_sync(self) -> bool:
        return self.source == self.expected


def section_text(target: str, repo: Path = REPO_ROOT) -> str:
    """The source a synced cell holds: the snippet section without its trailing blank lines."""
    return snippet_section(target, repo).rstrip("\n")


def synced_cells(path: Path, repo: Path = REPO_ROOT) -> list[SyncedCell]:
    """Every cell of a notebook that names a snippet section in its metadata."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        target = cell.get("metadata", {}).get(SOURCE_KEY)
        if cell.cell_type != "code" or not target:
            continue
        try:
            expected = section_text(str(target), repo)
        except (OSError, ValueError) as exc:
            raise TutorialError(
                "nb_sync_bad_source",
                notebook=path,
                cell=index,
                meta=SOURCE_KEY,
                target=target,
                error=exc,
            ) from exc
        found.append(SyncedCell(path, index, str(target), cell.source, expected))
    return found


def sync_notebook(path: Path, repo: Path = REPO_ROOT) -> list[SyncedCell]:
    """Write the module's text into every synced cell that differs; return those cells.

    A rewritten cell loses its outputs (they came from other code). Nothing is written
    when every cell is in sync.
    """
    import nbformat

    wrong = [cell for cell in synced_cells(path, repo) if not cell.in_sync]
    if wrong:
        nb = nbformat.read(str(path), as_version=4)
        for synced in wrong:
            cell = nb.cells[synced.index]
            cell.source = synced.expected
            cell.outputs = []
            cell.execution_count = None
        nbformat.write(nb, str(path))
    return wrong


def cmd_sync(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) every notebook's synced cells from the modules."""
    langs = [args.lang] if args.lang else i18n.LANGS
    refs = [ref for ref in list_notebooks(args.names, langs, Path(args.root)) if ref.path.is_file()]
    if args.check:
        cells = [cell for ref in refs for cell in synced_cells(ref.path)]
        wrong = [cell for cell in cells if not cell.in_sync]
        for cell in wrong:
            print(
                i18n.t(
                    "nb_sync_differs",
                    notebook=_relative(cell.notebook),
                    cell=cell.index,
                    target=cell.target,
                )
            )
        if wrong:
            print(i18n.t("nb_sync_check_failed", count=len(wrong)))
            return 1
        print(i18n.t("nb_sync_in_sync", cells=len(cells), notebooks=len(refs)))
        return 0
    rewritten = [cell for ref in refs for cell in sync_notebook(ref.path)]
    for cell in rewritten:
        print(
            i18n.t(
                "nb_sync_differs", notebook=_relative(cell.notebook), cell=cell.index, target=cell.target
            )
        )
    print(i18n.t("nb_sync_written", count=len(rewritten)))
    return 0


def _parse_parameters(raw: Sequence[str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in raw:
        if "=" not in item:
            raise TutorialError("nb_bad_param", raw=item)
        name, value = item.split("=", 1)
        try:
            result[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            result[name.strip()] = value
    return result


def cmd_execute(args: argparse.Namespace) -> int:
    """Execute the chosen notebooks and print one line per notebook with its time."""
    refs = list_notebooks(args.names, [args.lang] if args.lang else i18n.LANGS, Path(args.root))
    for ref in refs:
        if not ref.path.is_file():
            raise TutorialError("nb_missing", path=ref.path)
    parameters = _parse_parameters(args.parameter)
    out_root = Path(args.output_dir)
    failed = 0
    started = time.perf_counter()
    for ref in refs:
        with tempfile.TemporaryDirectory(prefix="kfp-tutorial-nb-") as tmp:
            executed = Path(tmp) / ref.path.name
            result = execute_notebook(ref.path, executed, parameters=parameters, timeout=args.timeout)
            if result.ok and args.in_place:
                store_outputs(executed, ref.path)
                where = _relative(ref.path)
            else:
                keep = out_root / ref.lang / ref.path.name
                keep.parent.mkdir(parents=True, exist_ok=True)
                if executed.is_file():
                    shutil.copyfile(executed, keep)
                where = _relative(keep)
        if args.times_dir:
            record_time(ref.id, result.seconds, ok=result.ok, times_dir=Path(args.times_dir))
        status = "ok" if result.ok else "FAILED"
        print(
            i18n.t("nb_result", id=ref.id, status=status, seconds=result.seconds, where=where),
            flush=True,
        )
        if not result.ok:
            failed += 1
            print(i18n.t("nb_failed_at", cell=result.failed_cell, error=result.error), flush=True)
    print(
        i18n.t(
            "nb_total",
            ok=len(refs) - failed,
            failed=failed,
            seconds=time.perf_counter() - started,
        )
    )
    return 1 if failed else 0


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def cmd_list(args: argparse.Namespace) -> int:
    """Print the expected notebooks and whether each exists."""
    for ref in list_notebooks(args.names, [args.lang] if args.lang else i18n.LANGS):
        print(f"{ref.id:<28} {'✓' if ref.path.is_file() else '✗'} {_relative(ref.path)}")
    return 0


def cmd_times(args: argparse.Namespace) -> int:
    """Merge per-notebook time files into one JSON file."""
    merged = merge_times(Path(args.times_dir), Path(args.output))
    print(i18n.t("nb_times_written", count=len(merged), path=args.output))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.notebooks",
        description="Execute the lesson notebooks with papermill, refresh their stored outputs, "
        "and collect execution times.",
    )
    parser.add_argument("--ui-lang", choices=i18n.LANGS, default=None, help="language of messages")
    sub = parser.add_subparsers(dest="command", required=True)

    p_exec = sub.add_parser("execute", help="execute notebooks (all lessons unless NAMES are given)")
    p_exec.add_argument("names", nargs="*", metavar="NAMES", help="lessons, e.g. 02-add or 02")
    p_exec.add_argument("--lang", choices=i18n.LANGS, default=None, help="only this language")
    p_exec.add_argument(
        "--in-place", action="store_true", help="store the outputs in the notebooks themselves"
    )
    p_exec.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a papermill parameter, e.g. output_dir=/tmp/runs (VALUE is JSON or a string)",
    )
    p_exec.add_argument(
        "--output-dir",
        default="build/notebooks",
        help="where executed copies go without --in-place (and failed ones always)",
    )
    p_exec.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per notebook")
    p_exec.add_argument(
        "--root", default=str(NOTEBOOKS_ROOT), help="the notebooks folder (holding en/ and ko/)"
    )
    p_exec.add_argument("--times-dir", default=None, help="also write one time file per notebook here")
    p_exec.set_defaults(func=cmd_execute)

    p_list = sub.add_parser("list", help="list the notebooks the lesson registry expects")
    p_list.add_argument("names", nargs="*", metavar="NAMES")
    p_list.add_argument("--lang", choices=i18n.LANGS, default=None)
    p_list.set_defaults(func=cmd_list)

    p_sync = sub.add_parser(
        "sync", help=f"write the code cells that name a snippet section ({SOURCE_KEY}) from the modules"
    )
    p_sync.add_argument("names", nargs="*", metavar="NAMES", help="lessons, e.g. 02-add or 02")
    p_sync.add_argument("--lang", choices=i18n.LANGS, default=None, help="only this language")
    p_sync.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 listing differences"
    )
    p_sync.add_argument(
        "--root", default=str(NOTEBOOKS_ROOT), help="the notebooks folder (holding en/ and ko/)"
    )
    p_sync.set_defaults(func=cmd_sync)

    p_times = sub.add_parser("times", help="merge per-notebook time files into one JSON file")
    p_times.add_argument("--times-dir", default=str(TIMES_DIR))
    p_times.add_argument("-o", "--output", default=str(TIMES_FILE))
    p_times.set_defaults(func=cmd_times)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m tools.notebooks``."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    i18n.set_lang(args.ui_lang)
    try:
        return int(args.func(args))
    except TutorialError as exc:
        print(f"tools.notebooks: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
