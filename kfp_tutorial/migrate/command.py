"""``kfp-tutorial migrate``: show, or write, the kfp 2 form of a learner's KFP v1 code.

- ``migrate FILE.py|NOTEBOOK.ipynb|FOLDER ...`` shows a unified diff and, per change, one
  line of why with the page that teaches the v2 form. Nothing is written.
- ``-o NEW.py`` (a folder when there are several inputs) writes the migrated files.
- ``--in-place`` rewrites each file and keeps the original beside it as ``FILE.v1`` (an
  existing ``.v1`` is never replaced: the command stops and says so).

Every migrated file is run and its pipelines compiled with kfp 2 first
(:mod:`kfp_tutorial.migrate.verify`); one that does not compile is not written unless
``--force`` says to write it anyway. Writes go through :mod:`kfp_tutorial.output_files`.
"""

from __future__ import annotations

import argparse
import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.i18n import register_messages, t
from kfp_tutorial.migrate.catalogue import Change
from kfp_tutorial.migrate.notebooks import (
    NotebookError,
    NotebookSyntaxError,
    migrate_notebook,
    notebook_code,
)
from kfp_tutorial.migrate.rewrite import Result, SourceSyntaxError, migrate_source
from kfp_tutorial.migrate.verify import Check, check_sources

SUFFIXES = (".py", ".ipynb")
_SKIP_DIRS = {".venv", "venv", "__pycache__", "node_modules", "site-packages", ".ipynb_checkpoints"}

register_messages(
    {
        "help_migrate_paths": {
            "en": "Python files, notebooks or folders to migrate",
            "ko": "옮길 Python 파일, 노트북 또는 폴더",
        },
        "help_migrate_output": {
            "en": "write the migrated file here (a folder when there are several inputs)",
            "ko": "옮긴 파일을 여기에 씁니다 (입력이 여럿이면 폴더)",
        },
        "help_migrate_in_place": {
            "en": "rewrite each file, keeping the original beside it as FILE.v1",
            "ko": "파일을 그 자리에서 고치고, 원래 파일은 옆에 FILE.v1으로 남깁니다",
        },
        "help_migrate_force": {
            "en": "replace an existing output file, or write a result that does not compile",
            "ko": "이미 있는 출력 파일을 바꿔 쓰거나, 컴파일되지 않는 결과도 씁니다",
        },
        "migrate_missing": {
            "en": "{path} does not exist. Give a .py file, a .ipynb notebook or a folder.",
            "ko": "{path}(이) 없습니다. .py 파일, .ipynb 노트북 또는 폴더를 지정하세요.",
        },
        "migrate_not_python": {
            "en": "{path} is not a Python file or a notebook: migrate reads .py and .ipynb files.",
            "ko": "{path}(은) Python 파일이나 노트북이 아닙니다. migrate는 .py와 .ipynb 파일을 "
            "읽습니다.",
        },
        "migrate_not_utf8": {
            "en": "{path} is not UTF-8 text (byte {offset}). Save it as UTF-8 and run this again.",
            "ko": "{path}(은) UTF-8 텍스트가 아닙니다 ({offset}번째 바이트). UTF-8로 저장한 뒤 "
            "다시 실행하세요.",
        },
        "migrate_unreadable": {
            "en": "{path} cannot be read: {error}.",
            "ko": "{path}(을) 읽을 수 없습니다: {error}.",
        },
        "migrate_syntax": {
            "en": "{path}, {where}: this is not valid Python ({error}). Fix it (or run it with "
            "python) first; migrate rewrites code that Python can read.",
            "ko": "{path} {where}: 올바른 Python 코드가 아닙니다 ({error}). 먼저 고치세요 (python으로 "
            "실행해 보면 알 수 있습니다). migrate는 Python이 읽을 수 있는 코드만 고칩니다.",
        },
        "migrate_not_notebook": {
            "en": "{path} is named .ipynb but is not a Jupyter notebook.",
            "ko": "{path}(은) 이름이 .ipynb이지만 Jupyter 노트북이 아닙니다.",
        },
        "migrate_no_files": {
            "en": "{path} holds no .py or .ipynb file: nothing to do.",
            "ko": "{path}에 .py나 .ipynb 파일이 없습니다. 할 일이 없습니다.",
        },
        "migrate_no_kfp": {
            "en": "{path}: no KFP code (nothing imports kfp), nothing to do.",
            "ko": "{path}: KFP 코드가 없습니다 (kfp를 import하지 않습니다). 할 일이 없습니다.",
        },
        "migrate_already_v2": {
            "en": "{path}: already kfp 2 code, nothing to do.",
            "ko": "{path}: 이미 kfp 2 코드입니다. 할 일이 없습니다.",
        },
        "migrate_where_line": {"en": "line {line}", "ko": "{line}번째 줄"},
        "migrate_where_cell": {"en": "cell {cell}, line {line}", "ko": "{cell}번째 셀 {line}번째 줄"},
        "migrate_changes": {
            "en": "{path}: {count} {count:change|changes}",
            "ko": "{path}: 바뀐 곳 {count}개",
        },
        "migrate_change_line": {
            "en": "  {where}: {why}\n      see {pages}",
            "ko": "  {where}: {why}\n      참고: {pages}",
        },
        "migrate_todos": {
            "en": "Still to do by hand ({count}), marked # TODO(kfp-v2) in the code:",
            "ko": "직접 고쳐야 할 곳 ({count}개). 코드에 # TODO(kfp-v2)(으로) 표시했습니다.",
        },
        "migrate_todo_line": {
            "en": "  {path}:{line}: {why}\n      see {pages}",
            "ko": "  {path}:{line}: {why}\n      참고: {pages}",
        },
        "migrate_summary": {
            "en": "Summary: {files} {files:file|files} migrated, {count} {count:change|changes} "
            "({kinds}), "
            "{todos} to do by hand.",
            "ko": "요약: 파일 {files}개를 옮겼고 바뀐 곳은 {count}개({kinds}), 직접 고칠 곳은 "
            "{todos}개입니다.",
        },
        "migrate_compiles": {
            "en": "{path}: compiles with kfp {version} ({pipelines}).",
            "ko": "{path}: kfp {version}(으로) 컴파일됩니다 ({pipelines}).",
        },
        "migrate_compiles_no_pipeline": {
            "en": "{path}: runs with kfp {version} (it defines no pipeline).",
            "ko": "{path}: kfp {version}에서 실행됩니다 (정의한 Pipeline은 없습니다).",
        },
        "migrate_does_not_compile": {
            "en": "{path}: the migrated code does not compile with kfp {version}{where}: {error}",
            "ko": "{path}: 옮긴 코드가 kfp {version}(으로) 컴파일되지 않습니다{where}: {error}",
        },
        "migrate_not_written": {
            "en": "{path} was not written because it does not compile. Finish the TODO(kfp-v2) "
            "items in the diff above, or add --force to write it anyway.",
            "ko": "컴파일되지 않아서 {path}(은) 쓰지 않았습니다. 위 diff의 TODO(kfp-v2) 항목을 마저 "
            "고치거나, 그래도 쓰려면 --force를 붙이세요.",
        },
        "migrate_show_only": {
            "en": "Nothing was written. To write the result: kfp-tutorial migrate {path} -o NEW.py, "
            "or --in-place to rewrite it and keep the original as {backup}.",
            "ko": "아무 파일도 쓰지 않았습니다. 결과를 쓰려면 kfp-tutorial migrate {path} -o NEW.py, "
            "그 자리에서 고치고 원래 파일을 {backup}(으로) 남기려면 --in-place를 붙이세요.",
        },
        "migrate_written": {"en": "Wrote {path}.", "ko": "{path}(을) 썼습니다."},
        "migrate_written_in_place": {
            "en": "Rewrote {path}; the original is {backup}.",
            "ko": "{path}(을) 고쳐 썼습니다. 원래 파일은 {backup}입니다.",
        },
        "migrate_backup_exists": {
            "en": "{backup} already exists (an earlier --in-place?), and it is never replaced. "
            "Nothing was written. Move or delete {backup} first, or write elsewhere with -o.",
            "ko": "{backup}(이) 이미 있습니다 (전에 --in-place로 실행했나요?). 이 파일은 바꿔 쓰지 "
            "않으므로 아무것도 쓰지 않았습니다. {backup}(을) 옮기거나 지운 뒤 다시 실행하거나, "
            "-o로 다른 곳에 쓰세요.",
        },
        "migrate_in_place_and_output": {
            "en": "--in-place and -o cannot be used together: choose one.",
            "ko": "--in-place와 -o는 함께 쓸 수 없습니다. 하나만 고르세요.",
        },
        "migrate_output_is_input": {
            "en": "-o {path} is the input file itself. Use --in-place to rewrite it (the original is "
            "kept as {path}.v1).",
            "ko": "-o {path}(은) 입력 파일 자신입니다. 그 자리에서 고치려면 --in-place를 쓰세요 "
            "(원래 파일은 {path}.v1로 남습니다).",
        },
        "migrate_output_file_for_many": {
            "en": "-o {path} names one file, but {count} {count:file|files} are to be written: "
            "give a folder.",
            "ko": "-o {path}(은) 파일 하나인데 쓸 파일은 {count}개입니다. 폴더를 지정하세요.",
        },
        "migrate_output_suffix": {
            "en": "-o {path}: give the migrated {kind} a {suffix} name.",
            "ko": "-o {path}: 옮긴 {kind} 파일의 이름은 {suffix}(으로) 끝나야 합니다.",
        },
    }
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kfp-tutorial migrate``."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help=t("help_migrate_paths"))
    parser.add_argument("-o", "--output", default=None, metavar="PATH", help=t("help_migrate_output"))
    parser.add_argument("--in-place", action="store_true", help=t("help_migrate_in_place"))
    parser.add_argument("--force", action="store_true", help=t("help_migrate_force"))


@dataclass
class Migrated:
    """One input file after migration."""

    path: Path
    base: Path  # the folder given on the command line (for -o DIR), or the file's own folder
    old: str
    new: str
    changes: list[Change]
    where: dict[int, str]  # change line -> "cell 2, line 3" for notebooks
    uses_kfp: bool = True
    check: Check | None = None


def _inputs(values: list[str]) -> list[tuple[Path, Path]]:
    """Every file to migrate with the folder it is relative to; usage errors raised."""
    from kfp_tutorial.output_files import option_path

    found: list[tuple[Path, Path]] = []
    for value in values:
        path = option_path(value, "PATH", "old.py")
        if not path.exists():
            raise TutorialError("migrate_missing", path=path)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.is_file()
                and not any(
                    part in _SKIP_DIRS or part.startswith(".") for part in p.relative_to(path).parts[:-1]
                )
            )
            if not files:
                print(t("migrate_no_files", path=path))
            found.extend((file, path) for file in files)
        elif path.suffix in SUFFIXES:
            found.append((path, path.parent))
        else:
            raise TutorialError("migrate_not_python", path=path)
    return found


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TutorialError("migrate_unreadable", path=path, error=exc.strerror or exc) from None
    if b"\0" in data:
        raise TutorialError("migrate_not_python", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TutorialError("migrate_not_utf8", path=path, offset=exc.start) from None


def migrate_file(path: Path, base: Path) -> Migrated:
    """Migrate one file in memory (nothing written); usage errors are TutorialErrors."""
    text = _read(path)
    try:
        if path.suffix == ".ipynb":
            try:
                notebook = migrate_notebook(text, Path(path).parent)
            except NotebookError:
                raise TutorialError("migrate_not_notebook", path=path) from None
            except NotebookSyntaxError as exc:
                where_text = t("migrate_where_cell", cell=exc.cell, line=exc.line)
                raise TutorialError(
                    "migrate_syntax", path=path, where=where_text, error=exc.message
                ) from None
            where = {c.line: notebook.where(c) for c in notebook.result.changes}
            for change in notebook.result.changes:
                if "cell" in change.fields:
                    where[change.line] = t(
                        "migrate_where_cell", cell=change.fields["cell"], line=change.fields["cell_line"]
                    )
            result: Result = notebook.result
            return Migrated(path, base, text, notebook.text, result.changes, where, result.uses_kfp)
        result = migrate_source(text, Path(path).parent)
    except SourceSyntaxError as exc:
        where_text = t("migrate_where_line", line=exc.line)
        raise TutorialError("migrate_syntax", path=path, where=where_text, error=exc.message) from None
    return Migrated(path, base, text, result.source, result.changes, {}, result.uses_kfp)


def _where(item: Migrated, change: Change) -> str:
    if change.line in item.where:
        return item.where[change.line]
    return t("migrate_where_line", line=change.line) if change.line else "-"


def _report(item: Migrated, show_diff: bool) -> None:
    if show_diff:
        diff = difflib.unified_diff(
            item.old.splitlines(keepends=True),
            item.new.splitlines(keepends=True),
            fromfile=str(item.path),
            tofile=f"{item.path} (kfp 2)",
        )
        text = "".join(diff)
        print(text if text.endswith("\n") else text + "\n", end="")
    print(t("migrate_changes", path=item.path, count=len(item.changes)))
    for change in sorted(item.changes, key=lambda c: c.line):
        if not change.todo:
            print(
                t(
                    "migrate_change_line",
                    where=_where(item, change),
                    why=change.why(),
                    pages=change.pages(),
                )
            )


def _check_all(items: list[Migrated]) -> None:
    checks = check_sources([(_as_python(item), item.path.parent) for item in items])
    for item, check in zip(items, checks, strict=True):
        item.check = check


def _as_python(item: Migrated) -> str:
    return notebook_code(item.new) if item.path.suffix == ".ipynb" else item.new


def _targets(items: list[Migrated], output: str | None, in_place: bool, force: bool) -> list[Path]:
    from kfp_tutorial.output_files import MIGRATED, check_output_file, option_path

    if in_place:
        targets = []
        for item in items:
            backup = item.path.with_name(item.path.name + ".v1")
            if backup.exists() or backup.is_symlink():
                raise TutorialError("migrate_backup_exists", backup=backup)
            check_output_file(item.path, MIGRATED, force=True, example=item.path.name)
            targets.append(item.path)
        return targets
    assert output is not None
    out = option_path(output, "-o", "new.py")
    one_file = len(items) == 1 and out.suffix in SUFFIXES and not out.is_dir()
    targets = []
    if one_file:
        item = items[0]
        if out.suffix != item.path.suffix:
            kind = "notebook" if item.path.suffix == ".ipynb" else "Python"
            raise TutorialError("migrate_output_suffix", path=out, kind=kind, suffix=item.path.suffix)
        targets = [out]
    elif out.suffix in SUFFIXES and not out.is_dir():
        raise TutorialError("migrate_output_file_for_many", path=out, count=len(items))
    else:
        for item in items:
            relative = (
                item.path.relative_to(item.base)
                if item.path.is_relative_to(item.base)
                else Path(item.path.name)
            )
            targets.append(out / relative)
    for item, target in zip(items, targets, strict=True):
        if target.resolve() == item.path.resolve():
            raise TutorialError("migrate_output_is_input", path=item.path)
        check_output_file(target, MIGRATED, force=force, example=item.path.name)
    return targets


def run(args: argparse.Namespace) -> int:
    """Run ``kfp-tutorial migrate``."""
    from kfp import __version__ as kfp_version

    from kfp_tutorial.output_files import MIGRATED, write_atomic, write_new, write_output

    if args.in_place and args.output is not None:
        raise TutorialError("migrate_in_place_and_output")
    items = []
    for path, base in _inputs(args.paths):
        item = migrate_file(path, base)
        if not item.changes:
            print(t("migrate_already_v2" if item.uses_kfp else "migrate_no_kfp", path=path))
            continue
        items.append(item)
    if not items:
        return 0
    writing = args.in_place or args.output is not None
    targets = _targets(items, args.output, args.in_place, args.force) if writing else []
    _check_all(items)
    status = 0
    for item in items:
        _report(item, show_diff=not writing)
    todos = [(item, change) for item in items for change in item.changes if change.todo]
    if todos:
        print()
        print(t("migrate_todos", count=len(todos)))
        for item, change in sorted(todos, key=lambda pair: (str(pair[0].path), pair[1].line)):
            print(
                t(
                    "migrate_todo_line",
                    path=item.path,
                    line=_where(item, change) if item.where else change.line,
                    why=change.why(),
                    pages=change.pages(),
                )
            )
    print()
    for item in items:
        check = item.check
        assert check is not None
        if check.ok and check.pipelines:
            print(
                t(
                    "migrate_compiles",
                    path=item.path,
                    version=kfp_version,
                    pipelines=", ".join(check.pipelines),
                )
            )
        elif check.ok:
            print(t("migrate_compiles_no_pipeline", path=item.path, version=kfp_version))
        else:
            where = (
                f" ({t('migrate_where_line', line=check.line)})"
                if check.line and item.path.suffix == ".py"
                else ""
            )
            print(
                t(
                    "migrate_does_not_compile",
                    path=item.path,
                    version=kfp_version,
                    where=where,
                    error=check.error,
                )
            )
            status = 1
    kinds = Counter(change.kind for item in items for change in item.changes if not change.todo)
    print(
        t(
            "migrate_summary",
            files=len(items),
            count=sum(len(item.changes) for item in items),
            kinds=", ".join(f"{kind} {count}" for kind, count in kinds.most_common()),
            todos=len(todos),
        )
    )
    if not writing:
        first = items[0].path
        print(t("migrate_show_only", path=first, backup=f"{first}.v1"))
        return status
    for item, target in zip(items, targets, strict=True):
        assert item.check is not None
        if not item.check.ok and not args.force:
            print(t("migrate_not_written", path=target))
            continue
        if args.in_place:
            backup = item.path.with_name(item.path.name + ".v1")
            write_new(backup, item.old)
            write_atomic(item.path, item.new)
            print(t("migrate_written_in_place", path=item.path, backup=backup))
        else:
            write_output(target, item.new, MIGRATED, force=args.force, example=item.path.name)
            print(t("migrate_written", path=target))
    return status
