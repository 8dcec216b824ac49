"""The lesson registry: the one list that the CLI, the docs and the tests read.

Adding a lesson means adding its module, pages, notebooks and tests, and one line
to :data:`LESSONS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from kfp_tutorial.errors import TutorialError


@dataclass(frozen=True)
class Example:
    """One pipeline of a lesson, with the arguments the course runs it with.

    ``local`` is False for pipelines that ``kfp.local`` cannot run (container
    components); ``kfp-tutorial run --all`` skips them with the reason and the
    cluster suite runs them.
    """

    pipeline: Callable[..., Any]
    arguments: Mapping[str, Any] = field(default_factory=dict)
    local: bool = True
    # False for pipelines that need hardware a kind cluster lacks (a GPU): the live
    # cluster suite compiles them but does not wait for a run that stays Pending.
    on_kind: bool = True

    @property
    def name(self) -> str:
        """The pipeline's name in KFP, e.g. ``calculation``."""
        return str(self.pipeline.name)  # type: ignore[attr-defined]

    @property
    def func_name(self) -> str:
        """The Python function's name, e.g. ``calculation_pipeline``."""
        return pipeline_func_name(self.pipeline)


@dataclass(frozen=True)
class Lesson:
    """A lesson: its number, slug (used in file names), titles and helper module."""

    number: int
    slug: str
    module_name: str
    title_en: str
    title_ko: str

    @property
    def name(self) -> str:
        """The name used on the command line and in file names, e.g. ``02-add``."""
        return f"{self.number:02d}-{self.slug}"

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(f"kfp_tutorial.lessons.{self.module_name}")

    @property
    def examples(self) -> list[Example]:
        """The lesson's pipelines, from the module's ``EXAMPLES`` list."""
        return list(getattr(self.module, "EXAMPLES", []))

    def example(self, name: str) -> Example:
        for ex in self.examples:
            if ex.name == name or ex.func_name == name:
                return ex
        raise TutorialError(
            "unknown_pipeline",
            lesson=self.name,
            name=name,
            valid=", ".join(ex.func_name for ex in self.examples) or "-",
        )


def pipeline_func_name(pipeline: Any) -> str:
    """The Python name of a ``@dsl.pipeline`` function (its ``GraphComponent`` has none)."""
    func = getattr(pipeline, "pipeline_func", None) or pipeline
    return str(getattr(func, "__name__", getattr(pipeline, "name", "pipeline")))


LESSONS: tuple[Lesson, ...] = (
    Lesson(0, "getting-started", "lesson00_getting_started", "Getting started", "시작하기"),
    Lesson(1, "hello-world", "lesson01_hello_world", "Hello world", "Hello world"),
    Lesson(2, "add", "lesson02_add", "Passing values: add", "값 전달하기: 덧셈"),
    Lesson(3, "parallel", "lesson03_parallel", "Parallel execution", "병렬 실행"),
    Lesson(4, "file-passing", "lesson04_file_passing", "Passing files", "파일 전달하기"),
    Lesson(5, "metrics", "lesson05_metrics", "Metrics", "메트릭"),
    Lesson(6, "visualizations", "lesson06_visualizations", "Visualizations", "시각화"),
    Lesson(7, "control-flow", "lesson07_control_flow", "Control flow", "제어 흐름"),
    Lesson(8, "resources", "lesson08_resources", "Resources", "리소스 설정"),
    Lesson(9, "cluster", "lesson09_cluster", "Run on a cluster", "클러스터에서 실행하기"),
    Lesson(
        10,
        "reusable-components",
        "lesson10_reusable_components",
        "Reusable components",
        "재사용할 수 있는 Component",
    ),
    Lesson(11, "kfp-client", "lesson11_kfp_client", "The KFP API: kfp.Client", "KFP API: kfp.Client"),
    Lesson(
        12, "testing", "lesson12_testing", "Test and debug your pipelines", "Pipeline 테스트와 디버깅"
    ),
)


def find_lesson(name: str) -> Lesson:
    """Find a lesson by ``02-add``, ``02``, ``2`` or ``add``; a clear error lists the valid names."""
    key = name.strip().lower()
    for lesson in LESSONS:
        if key in (lesson.name, lesson.slug, f"{lesson.number:02d}", str(lesson.number)):
            return lesson
    raise TutorialError("unknown_lesson", name=name, valid=", ".join(lesson.name for lesson in LESSONS))
