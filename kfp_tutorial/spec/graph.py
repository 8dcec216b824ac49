"""Draw a pipeline's DAG as a self-contained inline SVG, from its compiled spec.

The docs pages show each lesson's graph with it (drawn at build time, so the picture
is the pipeline), and the run report colours the same graph by task status.
Loops, conditions and exit handlers are drawn as dashed group nodes with an edge to
each task inside them. Used in: every lesson's page, the run report.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from kfp_tutorial.spec.compiler import CompiledPipeline

NODE_H = 40
GAP_X = 28
GAP_Y = 46
PAD = 16
CHAR_W = 7.4

STATUS_COLORS = {
    "SUCCESS": ("#e6f4ea", "#1e8e3e"),
    "CACHED": ("#e8f0fe", "#1a73e8"),
    "FAILURE": ("#fce8e6", "#d93025"),
    "RUNNING": ("#fef7e0", "#f9ab00"),
    "SKIPPED": ("#f1f3f4", "#80868b"),
    "NOT RUN": ("#f1f3f4", "#80868b"),
}
DEFAULT_COLORS = ("#ffffff", "#5f6368")


@dataclass
class Node:
    """A task (or a group: loop, condition, exit handler) placed on the canvas."""

    name: str
    label: str
    kind: str  # "task" | "loop" | "condition" | "exit-handler" | "group"
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0


def group_kind(compiled: CompiledPipeline, task: dict) -> str:
    """What a task is: a plain task, or a loop / condition / exit-handler group."""
    if "dag" not in compiled.component(task):
        return "task"
    if "parameterIterator" in task or "artifactIterator" in task:
        return "loop"
    if task.get("triggerPolicy", {}).get("condition"):
        return "condition"
    if task["componentRef"]["name"].startswith("comp-exit-handler"):
        return "exit-handler"
    if task["componentRef"]["name"].startswith("comp-condition-branches"):
        return "condition"
    return "group"


def _label(name: str, kind: str, task: dict) -> str:
    if kind == "loop":
        parallelism = task.get("iteratorPolicy", {}).get("parallelismLimit")
        return f"ParallelFor {name}" + (f" (parallelism {parallelism})" if parallelism else "")
    if kind == "condition":
        condition = task.get("triggerPolicy", {}).get("condition", "")
        return f"If {_short_condition(condition)}" if condition else f"Branches {name}"
    if kind == "exit-handler":
        return f"ExitHandler {name}"
    return name


def _short_condition(condition: str) -> str:
    """Make a CEL condition readable: drop the input-parameter plumbing."""
    text = condition.replace("inputs.parameter_values['pipelinechannel--", "").replace("']", "")
    text = re.sub(r"\b(?:int|double|string)\(([^()]*)\)", r"\1", text)
    return text if len(text) <= 40 else text[:37] + "..."


def build_graph(compiled: CompiledPipeline) -> tuple[dict[str, Node], list[tuple[str, str, str]]]:
    """Nodes and edges (source, target, style) of the whole pipeline, nested tasks included."""
    nodes: dict[str, Node] = {}
    edges: list[tuple[str, str, str]] = []

    def walk(tasks: dict, parent: str | None) -> None:
        for name, task in tasks.items():
            kind = group_kind(compiled, task)
            nodes[name] = Node(name=name, label=_label(name, kind, task), kind=kind)
            for dep in task.get("dependentTasks", []):
                edges.append((dep, name, "data"))
            if parent is not None and not task.get("dependentTasks"):
                edges.append((parent, name, "group"))
            if kind != "task":
                walk(compiled.component(task)["dag"].get("tasks", {}), name)

    walk(compiled.root_tasks, None)
    edges = [(a, b, s) for a, b, s in edges if a in nodes and b in nodes]
    _assign_layers(nodes, edges)
    return nodes, edges


def _assign_layers(nodes: dict[str, Node], edges: list[tuple[str, str, str]]) -> None:
    """Layer = longest path from a root. A task that waits for a whole group (a fan-in
    after a loop) goes below everything inside the group."""
    incoming: dict[str, list[tuple[str, str]]] = {name: [] for name in nodes}
    children: dict[str, list[str]] = {name: [] for name in nodes}
    for source, target, style in edges:
        incoming[target].append((source, style))
        if style == "group":
            children[source].append(target)
    depth: dict[str, int] = {}

    def bottom_of(name: str) -> int:
        return max([layer_of(name)] + [bottom_of(child) for child in children[name]])

    def layer_of(name: str) -> int:
        if name not in depth:
            depth[name] = 0  # guards against cycles, which a valid spec cannot have
            parents = incoming[name]
            depth[name] = max(
                (1 + (bottom_of(p) if style == "data" else layer_of(p)) for p, style in parents),
                default=0,
            )
        return depth[name]

    for name, node in nodes.items():
        node.layer = layer_of(name)


def dag_svg(
    compiled: CompiledPipeline,
    statuses: dict[str, str] | None = None,
    title: str | None = None,
) -> str:
    """An inline ``<svg>`` of the pipeline's graph; ``statuses`` (task name → status text,
    e.g. ``"SUCCESS"`` or ``"SUCCESS ×4"``) colours the tasks like the KFP UI."""
    statuses = statuses or {}
    nodes, edges = build_graph(compiled)
    layers: dict[int, list[Node]] = {}
    for node in nodes.values():
        extra = f" · {statuses[node.name]}" if node.name in statuses else ""
        node.width = max(90.0, CHAR_W * len(node.label + extra) + 24)
        layers.setdefault(node.layer, []).append(node)
    row_widths = {
        layer: sum(n.width for n in row) + GAP_X * (len(row) - 1) for layer, row in layers.items()
    }
    width = max(row_widths.values(), default=200) + 2 * PAD
    for layer, row in layers.items():
        x = PAD + (width - 2 * PAD - row_widths[layer]) / 2
        for node in row:
            node.x, node.y = x, PAD + layer * (NODE_H + GAP_Y)
            x += node.width + GAP_X
    height = PAD * 2 + len(layers) * NODE_H + max(len(layers) - 1, 0) * GAP_Y
    name = title or compiled.name
    # One marker id per drawing: a page with several graphs must not repeat an id.
    arrow = (
        "kfp-arrow-"
        + hashlib.sha1(
            (name + "".join(sorted(nodes)) + str(sorted(statuses.items()))).encode()
        ).hexdigest()[:10]
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kfp-dag-svg" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'font-family="Roboto, Helvetica, Arial, sans-serif" font-size="13">',
        f"<title>{html.escape(name)}</title>",
        f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#5f6368"/></marker></defs>',
    ]
    for source, target, style in edges:
        a, b = nodes[source], nodes[target]
        x1, y1 = a.x + a.width / 2, a.y + NODE_H
        x2, y2 = b.x + b.width / 2, b.y
        mid = (y1 + y2) / 2
        dash = ' stroke-dasharray="4 3"' if style == "group" else ""
        parts.append(
            f'<path d="M {x1:.1f} {y1:.1f} C {x1:.1f} {mid:.1f}, {x2:.1f} {mid:.1f}, '
            f'{x2:.1f} {y2:.1f}" fill="none" stroke="#5f6368" stroke-width="1.4"{dash} '
            f'marker-end="url(#{arrow})"/>'
        )
    for node in nodes.values():
        status = statuses.get(node.name, "")
        fill, stroke = STATUS_COLORS.get(status.split(" ")[0], DEFAULT_COLORS)
        if node.kind != "task" and not status:
            fill = "#f8f9fa"
        dash = ' stroke-dasharray="5 3"' if node.kind != "task" else ""
        text = node.label + (f" · {status}" if status else "")
        parts.append(
            f'<g class="kfp-node kfp-{node.kind}" data-task="{html.escape(node.name)}"'
            f' data-status="{html.escape(status)}">'
            f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.width:.1f}" '
            f'height="{NODE_H}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
            f'<text x="{node.x + node.width / 2:.1f}" y="{node.y + NODE_H / 2 + 4.5:.1f}" '
            f'text-anchor="middle" fill="#202124">{html.escape(text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
