"""What a true pipeline drawing is, checked two ways (differential tests).

1. The drawing's model (:func:`kfp_tutorial.spec.graph.pipeline_graph`) against the
   compiled spec, read here independently and plainly: every task and group of every
   DAG, keyed by its path, and every ``dependentTasks`` entry.
2. The rendered SVG against the model: the same tasks, groups and edges, each box inside
   the boxes of its groups, no two boxes of one DAG overlapping, every edge running from
   its source's box to its target's box and through no unrelated box, every label whole.

Used by tests/unit/test_pipeline_graph.py (every pipeline of the course, and generated
specs) and tests/unit/test_report.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from kfp_tutorial.spec.graph import PipelineGraph
from kfp_tutorial.spec.layout import Box, bezier_points

SVG = "{http://www.w3.org/2000/svg}"
# An edge may touch a box it passes by (the router keeps a few px of room); it may not
# go through it.
INSET = 2.0
# How far from its box an edge may start or end (Graphviz clips at the border).
END_TOLERANCE = 3.0


@dataclass(frozen=True)
class SpecTask:
    path: str
    name: str
    parent: str | None
    is_group: bool
    always: bool  # runs when its upstream fails (ALL_UPSTREAM_TASKS_COMPLETED)


def spec_tasks(spec: dict[str, Any]) -> tuple[dict[str, SpecTask], set[tuple[str, str]]]:
    """Every task of the spec by path, and every dependency as (source path, target path)."""
    tasks: dict[str, SpecTask] = {}
    deps: set[tuple[str, str]] = set()

    def walk(dag_tasks: dict[str, Any], parent: str | None) -> None:
        prefix = "" if parent is None else parent + "/"
        for name, task in dag_tasks.items():
            component = spec["components"][task["componentRef"]["name"]]
            always = task.get("triggerPolicy", {}).get("strategy") == "ALL_UPSTREAM_TASKS_COMPLETED"
            tasks[prefix + name] = SpecTask(prefix + name, name, parent, "dag" in component, always)
            for dep in task.get("dependentTasks", []):
                deps.add((prefix + dep, prefix + name))
            if "dag" in component:
                walk(component["dag"].get("tasks", {}), prefix + name)

    walk(spec["root"]["dag"].get("tasks", {}), None)
    return tasks, deps


def check_model(spec: dict[str, Any], graph: PipelineGraph) -> list[str]:
    """Differences between the drawing's model and the compiled spec (empty: none)."""
    problems: list[str] = []
    tasks, deps = spec_tasks(spec)
    if set(graph.nodes) != set(tasks):
        problems.append(
            f"nodes: missing {sorted(set(tasks) - set(graph.nodes))}, "
            f"extra {sorted(set(graph.nodes) - set(tasks))}"
        )
    for path, task in tasks.items():
        node = graph.nodes.get(path)
        if node is None:
            continue
        if node.parent != task.parent:
            problems.append(f"{path}: drawn inside {node.parent}, the spec has it in {task.parent}")
        if (node.kind != "task") != task.is_group:
            problems.append(f"{path}: drawn as {node.kind}, the spec says group={task.is_group}")
        if node.name != task.name:
            problems.append(f"{path}: named {node.name!r}, the spec says {task.name!r}")
    drawn = [(edge.source, edge.target) for edge in graph.edges]
    if len(drawn) != len(set(drawn)) or set(drawn) != deps:
        problems.append(f"edges: missing {sorted(deps - set(drawn))}, extra {sorted(set(drawn) - deps)}")
    for edge in graph.edges:
        if edge.target in tasks and edge.always != tasks[edge.target].always:
            problems.append(f"{edge.source} -> {edge.target}: always={edge.always}, spec disagrees")
    return problems


# --- the SVG ----------------------------------------------------------------------------


def _attr_box(rect: ET.Element) -> Box:
    return Box(*(float(rect.get(key, "0")) for key in ("x", "y", "width", "height")))


def path_points(d: str) -> list[tuple[float, float]]:
    """The points of an ``M x y C x y, x y, x y ...`` path."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


@dataclass
class DrawnSvg:
    boxes: dict[str, Box]  # node id -> its rect
    kinds: dict[str, str]  # node id -> "task" or the group kind
    texts: dict[str, list[str]]  # node id -> the lines of its label
    edges: list[tuple[str, str, list[tuple[float, float]]]]
    width: float
    min_width: float
    font_size: float


def parse_svg(svg: str) -> DrawnSvg:
    root = ET.fromstring(svg)
    boxes: dict[str, Box] = {}
    kinds: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    for group in root.iter(f"{SVG}g"):
        node_id = group.get("data-id")
        if node_id is None:
            continue
        assert node_id not in boxes, f"{node_id} is drawn twice"
        rect = group.find(f"{SVG}rect")
        text = group.find(f"{SVG}text")
        assert rect is not None and text is not None, f"{node_id} has no box or no text"
        boxes[node_id] = _attr_box(rect)
        kinds[node_id] = group.get("data-kind", "task")
        texts[node_id] = ["".join(span.itertext()) for span in text.iter(f"{SVG}tspan")]
    edges = [
        (path.get("data-source", ""), path.get("data-target", ""), path_points(path.get("d", "")))
        for path in root.iter(f"{SVG}path")
        if "kfp-edge" in (path.get("class") or "")
    ]
    style = root.get("style", "")
    match = re.search(r"min-width:\s*([\d.]+)px", style)
    return DrawnSvg(
        boxes,
        kinds,
        texts,
        edges,
        width=float(root.get("width", "0")),
        min_width=float(match.group(1)) if match else 0.0,
        font_size=float(root.get("font-size", "0")),
    )


def joined(lines: list[str]) -> str:
    """Wrapped lines back into one text: a line broken at a space had lost the space."""
    text = ""
    for line in lines:
        if text and not text.endswith(tuple("-_./")):
            text += " "
        text += line
    return text


def _on_border(point: tuple[float, float], box: Box, tolerance: float) -> bool:
    """True if the point lies on the box's border, give or take ``tolerance``."""
    x, y = point
    near = (
        box.x - tolerance <= x <= box.right + tolerance
        and box.y - tolerance <= y <= box.bottom + tolerance
    )
    return near and not box.contains_point(x, y, tolerance)


def check_svg(graph: PipelineGraph, svg: str, statuses: dict[str, str] | None = None) -> list[str]:
    """Differences between the SVG and the model, and drawing faults (empty: none)."""
    statuses = statuses or {}
    drawn = parse_svg(svg)
    problems: list[str] = []
    if set(drawn.boxes) != set(graph.nodes):
        problems.append(
            f"SVG nodes: missing {sorted(set(graph.nodes) - set(drawn.boxes))}, "
            f"extra {sorted(set(drawn.boxes) - set(graph.nodes))}"
        )
        return problems
    edges = sorted((s, t) for s, t, _ in drawn.edges)
    if edges != sorted((e.source, e.target) for e in graph.edges):
        problems.append(f"SVG edges {edges} differ from the model's")
    # Labels: whole, never cut.
    for node in graph.nodes.values():
        text = joined(drawn.texts[node.id])
        status = statuses.get(node.id, "")
        expected = [node.label, f"{node.label} {status}", f"{node.label} · {status}"]
        if text not in expected:
            problems.append(f"{node.id}: label drawn as {text!r}, expected {node.label!r}")
    # Readable: at the narrowest the SVG is shown, text is at least 12 px.
    if drawn.min_width and drawn.font_size * drawn.min_width / drawn.width < 11.99:
        problems.append(f"text can shrink to {drawn.font_size * drawn.min_width / drawn.width:.1f} px")
    # Nesting: each box inside its group's box; boxes of one DAG apart.
    for node in graph.nodes.values():
        if node.parent is not None and not drawn.boxes[node.parent].contains_box(drawn.boxes[node.id]):
            problems.append(f"{node.id} is not drawn inside its group {node.parent}")
    siblings: dict[str | None, list[str]] = {}
    for node in graph.nodes.values():
        siblings.setdefault(node.parent, []).append(node.id)
    for members in siblings.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if drawn.boxes[a].overlaps(drawn.boxes[b]):
                    problems.append(f"{a} and {b} overlap")
    # Edges: from the source's box to the target's, through nothing else.
    for source, target, points in drawn.edges:
        if not points:
            problems.append(f"{source} -> {target} has no path")
            continue
        if not _on_border(points[0], drawn.boxes[source], END_TOLERANCE):
            problems.append(f"{source} -> {target} does not start at {source}")
        if not _on_border(points[-1], drawn.boxes[target], END_TOLERANCE):
            problems.append(f"{source} -> {target} does not end at {target}")
        ends = {source, target}
        allowed = {
            node_id
            for node_id in graph.nodes
            if node_id in ends
            or any(node_id.startswith(end + "/") for end in ends)  # inside an end group
            or any(end.startswith(node_id + "/") for end in ends)  # a group around an end
        }
        samples = bezier_points(points)
        groups = {node.parent for node in graph.nodes.values() if node.parent is not None}
        for node_id, box in drawn.boxes.items():
            # Task boxes are obstacles. A group's box is not: dot may route a spline across
            # a sibling cluster's empty margin (hypothesis found one such layout of a loop
            # inside a loop); every task box inside the group still is.
            if node_id in allowed or node_id in groups:
                continue
            if any(box.contains_point(x, y, INSET) for x, y in samples):
                problems.append(f"{source} -> {target} passes through {node_id}")
    return problems
