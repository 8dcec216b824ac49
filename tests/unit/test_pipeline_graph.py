"""Pipeline drawings tell the truth: for every pipeline of the course, the drawing's
model equals the compiled spec and the SVG equals the model (tests/graph_checks.py).

The pipelines come from the registry (each lesson's ``EXAMPLES``) and from every
``kfp-dag`` fence on the pages, so a new lesson is covered without an edit here;
generated specs (hypothesis: random nesting of loops, conditions, exit handlers and
sub-pipelines, random dependencies) check the layout on shapes the course does not have.
"""

from __future__ import annotations

import functools
import importlib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_checks import check_model, check_svg, joined, parse_svg
from kfp_tutorial.registry import LESSONS
from kfp_tutorial.spec import text_metrics
from kfp_tutorial.spec.compiler import CompiledPipeline, compile_pipeline
from kfp_tutorial.spec.graph import STATUS_COLORS, dag_svg, pipeline_graph
from tools import parity

REPO = Path(__file__).resolve().parents[2]


def course_pipelines() -> dict[str, Any]:
    """Every pipeline the course runs or draws: ``module:function`` -> the pipeline."""
    found: dict[str, Any] = {}
    for lesson in LESSONS:
        for example in lesson.examples:
            found[f"{lesson.module.__name__}:{example.func_name}"] = example.pipeline
    for lang in ("en", "ko"):
        for page in sorted(parity.pages(lang)):
            text = (REPO / "lessons" / lang / page).read_text(encoding="utf-8")
            for reference in parity.parse_page(text).dag_refs:
                module, _, attr = reference.partition(":")
                found.setdefault(reference, getattr(importlib.import_module(module), attr))
    return found


PIPELINES = course_pipelines()


@functools.cache
def compiled(reference: str) -> CompiledPipeline:
    return compile_pipeline(PIPELINES[reference])


def test_every_lesson_with_examples_is_covered() -> None:
    for lesson in LESSONS:
        for example in lesson.examples:
            assert f"{lesson.module.__name__}:{example.func_name}" in PIPELINES


@pytest.mark.parametrize("reference", sorted(PIPELINES))
def test_drawing_equals_the_compiled_spec(reference: str) -> None:
    pipeline = compiled(reference)
    graph = pipeline_graph(pipeline)
    assert check_model(pipeline.spec, graph) == []
    svg = dag_svg(pipeline)
    assert check_svg(graph, svg) == []


def _svg_of(module: str, name: str) -> tuple[Any, Any]:
    pipeline = compiled(f"kfp_tutorial.lessons.{module}:{name}")
    return pipeline_graph(pipeline), parse_svg(dag_svg(pipeline))


def test_nested_pipeline_keeps_its_inner_and_outer_scale_apart() -> None:
    """Lesson 10: ``prepare`` holds scale -> add, and an outer ``scale`` runs after it."""
    graph, drawn = _svg_of("lesson10_reusable_components", "nested_pipeline")
    assert {n.id for n in graph.tasks()} == {"prepare/scale", "prepare/add", "scale"}
    assert drawn.kinds["prepare"] == "pipeline"
    assert sorted((s, t) for s, t, _ in drawn.edges) == [
        ("prepare", "scale"),
        ("prepare/scale", "prepare/add"),
    ]


def test_exit_task_is_drawn_from_the_exit_handler() -> None:
    """Lesson 07: notify waits for the whole exit handler, not for announce."""
    graph, drawn = _svg_of("lesson07_control_flow", "exit_handler_pipeline")
    edges = {(e.source, e.target): e for e in graph.edges}
    assert edges[("exit-handler-1", "notify")].always
    assert not any(t == "notify" and s != "exit-handler-1" for s, t, _ in drawn.edges)


def test_conditions_read_as_the_code_wrote_them() -> None:
    graph, drawn = _svg_of("lesson07_control_flow", "weather_pipeline")
    labels = sorted(joined(drawn.texts[n.id]) for n in graph.groups())
    assert labels == [
        "Elif temperature > 10.0",
        "Else",
        "If / Elif / Else",
        "If temperature > 25.0",
    ]
    graph, drawn = _svg_of("lesson07_control_flow", "coin_flip_pipeline")
    assert "If flip-coin.Output == 'heads'" in {joined(drawn.texts[n.id]) for n in graph.groups()}


def test_statuses_colour_the_drawing_and_stay_in_the_labels() -> None:
    pipeline = compiled("kfp_tutorial.lessons.lesson07_control_flow:loops_pipeline")
    graph = pipeline_graph(pipeline)
    statuses = {"for-loop-3": "SUCCESS ×3", "for-loop-3/name-length": "SUCCESS ×3", "total": "FAILURE"}
    svg = dag_svg(pipeline, statuses)
    assert check_svg(graph, svg, statuses) == []
    root = ET.fromstring(svg)
    by_id = {g.get("data-id"): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert by_id["total"].get("data-status") == "FAILURE"
    rect = by_id["total"].find("{http://www.w3.org/2000/svg}rect")
    assert rect.get("stroke") == STATUS_COLORS["FAILURE"][1]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("status", sorted(STATUS_COLORS))
def test_status_colours_are_readable(status: str) -> None:
    """The report's badges write the status in the stroke colour on the fill: WCAG AA."""
    fill, text = STATUS_COLORS[status]
    light, dark = sorted((_luminance(fill), _luminance(text)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_names_are_escaped_and_never_reach_graphviz() -> None:
    """A task name is drawn as text: markup in it stays text."""
    spec = _spec({"root": [("<b>x</b>&y", "task", [])]})
    svg = dag_svg(spec)
    assert "&lt;b&gt;x&lt;/b&gt;&amp;y" in svg
    assert parse_svg(svg).texts["<b>x</b>&y"]


# --- labels wrap, and give the text back --------------------------------------------------


@given(st.text(alphabet=st.sampled_from(list("abcdefghij-_. /MW가나01()")), max_size=60))
def test_wrap_keeps_every_character(text: str) -> None:
    lines = text_metrics.wrap(text, 120.0)
    assert joined(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert len(line) == 1 or text_metrics.text_width(line) <= 120.0


def test_long_names_wrap_instead_of_being_cut() -> None:
    lines = text_metrics.wrap("compute-the-average-of-every-reading-2", 150.0)
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1])


# --- generated specs ----------------------------------------------------------------------

GROUPS = ("loop", "condition", "exit-handler", "pipeline")


def _spec(tree: dict[str, list[tuple[str, str, list[int]]]]) -> CompiledPipeline:
    """A compiled pipeline spec from ``{dag: [(task, kind, dependency indexes)]}``; a group
    task's own DAG is the entry named after it."""
    components: dict[str, Any] = {}

    def dag(key: str) -> dict[str, Any]:
        tasks: dict[str, Any] = {}
        entries = tree.get(key, [])
        for name, kind, deps in entries:
            ref = f"comp-{key}-{name}"
            task: dict[str, Any] = {"componentRef": {"name": ref}, "taskInfo": {"name": name}}
            if deps:
                task["dependentTasks"] = [entries[i][0] for i in deps]
            if kind == "task":
                components[ref] = {"executorLabel": f"exec-{name}"}
            else:
                components[ref] = {"dag": dag(name)}
                if kind == "loop":
                    task["parameterIterator"] = {"items": {"raw": "[1, 2]"}, "itemInput": "i"}
                elif kind == "condition":
                    task["triggerPolicy"] = {"condition": "inputs.parameter_values['x'] > 1"}
                elif kind == "exit-handler":
                    task["componentRef"]["name"] = components_key = f"comp-exit-handler-{name}"
                    components[components_key] = components.pop(ref)
            tasks[name] = task
        return {"tasks": tasks}

    root = dag("root")
    spec = {"pipelineInfo": {"name": "generated"}, "root": {"dag": root}, "components": components}
    return CompiledPipeline(spec=spec, platform={}, yaml_text="")


@st.composite
def generated_specs(draw: st.DrawFn) -> CompiledPipeline:
    tree: dict[str, list[tuple[str, str, list[int]]]] = {}
    counter = iter(range(1000))

    def fill(key: str, depth: int) -> None:
        size = draw(st.integers(1, 4))
        entries: list[tuple[str, str, list[int]]] = []
        for index in range(size):
            kind = draw(st.sampled_from(("task",) * 3 + GROUPS)) if depth < 3 else "task"
            name = draw(st.sampled_from(("train", "add", "a-long-task-name-for-wrapping")))
            name = f"{name}-{next(counter)}"
            deps = sorted(draw(st.sets(st.integers(0, index - 1), max_size=2))) if index else []
            entries.append((name, kind, deps))
            if kind != "task":
                fill(name, depth + 1)
        tree[key] = entries

    fill("root", 0)
    return _spec(tree)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_specs())
def test_generated_pipelines_are_drawn_true(pipeline: CompiledPipeline) -> None:
    graph = pipeline_graph(pipeline)
    assert check_model(pipeline.spec, graph) == []
    assert check_svg(graph, dag_svg(pipeline)) == []
