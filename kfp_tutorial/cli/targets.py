"""What a command acts on: a lesson, a learner's ``file.py[:func]``, or a compiled YAML spec.

:func:`parse_target` reads the words the learner typed into a :class:`Target` without
importing kfp, so a mistake (an unknown lesson, a missing file, ``--pipeline`` with a
file) is refused in milliseconds, before anything runs. :meth:`Target.examples` then
loads the pipelines (this imports kfp).

Used in: ``kfp-tutorial run``, ``compile`` and ``upload``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kfp_tutorial.errors import TutorialError
from kfp_tutorial.registry import LESSONS, Lesson, find_lesson

if TYPE_CHECKING:
    from kfp_tutorial.registry import Example

TargetKind = Literal["lesson", "file", "compiled"]
COMPILED_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Target:
    """One thing to run or compile: a lesson, a Python file (and function), or a compiled spec."""

    kind: TargetKind
    text: str  # as the learner wrote it
    lesson: Lesson | None = None
    path: Path | None = None
    func: str | None = None  # the function after ``file.py:``; None means "the one in the file"

    @property
    def label(self) -> str:
        """How messages and the run summary name it: ``02-add`` or the text as typed."""
        return self.lesson.name if self.lesson is not None else self.text

    @property
    def stem(self) -> str:
        """The start of compiled file names: the lesson name or the file's stem (no ':')."""
        if self.lesson is not None:
            return self.lesson.name
        assert self.path is not None
        return self.path.stem

    def examples(self, pipeline: str | None = None, command: str = "run") -> list[Example]:
        """The pipelines of this target (imports kfp); ``pipeline`` picks one of a lesson's."""
        from kfp_tutorial.registry import Example

        if self.lesson is not None:
            return [self.lesson.example(pipeline)] if pipeline else self.lesson.examples
        if self.kind == "compiled":
            from kfp_tutorial.spec.loader import load_compiled_file

            assert self.path is not None
            return [Example(load_compiled_file(self.path))]
        from kfp_tutorial.spec.loader import load_pipeline_file

        assert self.path is not None
        return [Example(load_pipeline_file(self.path, self.func))]

    def run_label(self, example: Example) -> str:
        """The command that runs ``example`` again, as a run records it."""
        if self.lesson is not None:
            return f"{self.lesson.name} --pipeline {example.func_name}"
        return self.text


def split_func(text: str) -> tuple[str, str | None]:
    """``"a/b.py:func"`` → ``("a/b.py", "func")``; a Windows drive colon is not a function."""
    head, colon, tail = text.rpartition(":")
    if not colon or not head.lower().endswith(".py"):
        return text, None
    return head, tail.strip() or None


def parse_target(text: str) -> Target:
    """Read a target without importing kfp; a clear :class:`TutorialError` for each mistake."""
    raw = text.strip()
    if not raw:
        raise TutorialError("need_target")
    path_text, func = split_func(raw)
    path = Path(path_text)
    suffix = path.suffix.lower()
    if func is not None and not func.isidentifier():
        raise TutorialError("bad_func_name", func=func, target=raw)
    if suffix == ".py":
        if not path.is_file():
            raise TutorialError("file_not_found", path=path)
        return Target("file", raw, path=path, func=func)
    if path.is_dir() and ("/" in raw or "\\" in raw or not _names_a_lesson(raw)):
        raise TutorialError("target_is_folder", path=path)
    if suffix in COMPILED_SUFFIXES:
        if not path.is_file():
            raise TutorialError("file_not_found", path=path)
        from kfp_tutorial.spec.yaml_kinds import check_pipeline_spec_file

        check_pipeline_spec_file(path)
        return Target("compiled", raw, path=path)
    if "/" in raw or "\\" in raw or path.is_file():
        if path.is_file():
            raise TutorialError("file_not_python", path=path)
        raise TutorialError("file_not_found", path=path)
    return Target("lesson", raw, lesson=find_lesson(raw))


def _names_a_lesson(text: str) -> bool:
    try:
        find_lesson(text)
    except TutorialError:
        return False
    return True


def select_targets(args: argparse.Namespace, command: str) -> list[Target]:
    """The targets of ``run``/``compile``/``upload``, after checking the options go together."""
    pipeline = getattr(args, "pipeline", None)
    if args.all:
        if args.target:
            raise TutorialError("lesson_and_all", target=args.target)
        if pipeline:
            raise TutorialError("pipeline_with_all", command=command, pipeline=pipeline)
        return [Target("lesson", lesson.name, lesson=lesson) for lesson in LESSONS]
    if not args.target:
        raise TutorialError("need_target")
    target = parse_target(args.target)
    if pipeline and target.kind == "file":
        assert target.path is not None
        raise TutorialError("pipeline_with_file", path=target.path, pipeline=pipeline)
    if pipeline and target.kind == "compiled":
        raise TutorialError("pipeline_with_compiled", path=target.path)
    if pipeline and target.lesson is not None:
        from kfp_tutorial.cli.listing import lesson_pipelines

        names = lesson_pipelines(target.lesson)
        if pipeline not in names:  # a cheap check; the import of the lesson checks kfp names too
            target.lesson.example(pipeline)
    return [target]
