"""Draw a pipeline's DAG as a self-contained inline SVG, from its compiled spec.

The docs pages show each lesson's graph with it (drawn at build time, so the picture
is the pipeline), and the run report colours the same graph by task status.

:func:`pipeline_graph` reads the spec into a model: one node per task, keyed by its
path from the root (``prepare/scale``), because a nested pipeline may use a task name
that the outer pipeline uses too; a task that holds a sub-DAG (a loop, a condition,
the branches of ``dsl.If``/``Elif``/``Else``, an exit handler, a nested pipeline) is a
group, drawn as a box around its tasks; an edge is one ``dependentTasks`` entry, between
two tasks of the same DAG, so an edge to or from a group is drawn to or from its border.
:mod:`kfp_tutorial.spec.layout` places everything (Graphviz, see there for why), and
:func:`dag_svg` draws the SVG with a jinja2 template (``dag.svg.j2``, autoescaped).
Labels wrap and are never cut or scaled below 12 px (the SVG's ``min-width``).
Used in: every lesson's page, the run report.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from kfp_tutorial.spec import text_metrics
from kfp_tutorial.spec.compiler import CompiledPipeline
from kfp_tutorial.spec.layout import Box, CompoundGraph, Layout, layout

# (fill, stroke and text): each text colour is at least 4.5:1 on its fill (WCAG AA), since
# the run report's status badges use them too.
STATUS_COLORS = {
    "SUCCESS": ("#e6f4ea", "#137333"),
    "CACHED": ("#e8f0fe", "#1558b0"),
    "FAILURE": ("#fce8e6", "#b3261e"),
    "RUNNING": ("#fef7e0", "#8a4b00"),
    "SKIPPED": ("#f1f3f4", "#4f5256"),
    "NOT RUN": ("#f1f3f4", "#4f5256"),
}
DEFAULT_COLORS = ("#ffffff", "#5f6368")
GROUP_FILL = "#f8f9fa"

TASK = "task"
GROUP_KINDS = ("loop", "condition", "branches", "exit-handler", "pipeline")
# Text inside a task box and a group's label: the widest line, in px.
TASK_TEXT_WIDTH = 150.0
GROUP_TEXT_WIDTH = 230.0
PAD_X = 10.0
PAD_Y = 8.0
MIN_TASK_WIDTH = 64.0
MIN_FONT_PX = 12.0  # the SVG is never shown smaller than this for its 14 px text
SEPARATOR = "/"


def group_kind(compiled: CompiledPipeline, task: dict[str, Any]) -> str:
    """What a task is: ``task``, or a group: ``loop``, ``condition`` (one branch),
    ``branches`` (the If/Elif/Else around its branches), ``exit-handler`` or
    ``pipeline`` (a pipeline used as a component)."""
    if "dag" not in compiled.component(task):
        return TASK
    if "parameterIterator" in task or "artifactIterator" in task:
        return "loop"
    if task.get("triggerPolicy", {}).get("condition"):
        return "condition"
    ref = task["componentRef"]["name"]
    if ref.startswith("comp-exit-handler"):
        return "exit-handler"
    if ref.startswith("comp-condition-branches"):
        return "branches"
    if ref.startswith("comp-condition"):
        return "condition"
    return "pipeline"


@dataclass(frozen=True)
class GraphNode:
    """A task or a group of the pipeline, as the drawing shows it."""

    id: str  # the task names from the root, joined by "/": "prepare/scale"
    name: str  # the task's name in its own DAG: "scale"
    kind: str  # "task" or one of GROUP_KINDS
    parent: str | None  # the id of the group it is in (None: the pipeline itself)
    label: str  # the words drawn (wrapped when drawn, never cut)


@dataclass(frozen=True)
class GraphEdge:
    """``target`` waits for ``source`` (two tasks or groups of the same DAG)."""

    source: str
    target: str
    # True when the target runs even if the source fails (an exit task, or
    # ``ignore_upstream_failure``): drawn dashed.
    always: bool = False


@dataclass
class PipelineGraph:
    """The model of a pipeline's drawing: nodes by id (in spec order) and edges."""

    name: str
    nodes: dict[str, GraphNode]
    edges: list[GraphEdge]

    def groups(self) -> list[GraphNode]:
        return [node for node in self.nodes.values() if node.kind != TASK]

    def tasks(self) -> list[GraphNode]:
        return [node for node in self.nodes.values() if node.kind == TASK]

    def ancestors(self, node_id: str) -> list[str]:
        """The groups around ``node_id``, innermost first."""
        found: list[str] = []
        parent = self.nodes[node_id].parent
        while parent is not None:
            found.append(parent)
            parent = self.nodes[parent].parent
        return found


def _condition_number(name: str) -> int:
    match = re.search(r"(\d+)$", name)
    return int(match.group(1)) if match else 0


class _Channels:
    """Turns ``pipelinechannel--…`` names in a condition back into what the code said."""

    def __init__(self, chain: list[dict[str, Any]]) -> None:
        self.chain = chain  # the tasks from the root down to the one whose inputs we read

    def resolve(self, channel: str, depth: int | None = None) -> str:
        depth = len(self.chain) - 1 if depth is None else depth
        while depth >= 0:
            inputs = self.chain[depth].get("inputs", {})
            source = {**inputs.get("parameters", {}), **inputs.get("artifacts", {})}.get(channel)
            if source is None:
                break
            producer = source.get("taskOutputParameter") or source.get("taskOutputArtifact")
            if producer:
                key = producer.get("outputParameterKey") or producer.get("outputArtifactKey")
                return f"{producer.get('producerTask')}.{key}"
            upstream = source.get("componentInputParameter") or source.get("componentInputArtifact")
            if not upstream:
                break
            if not str(upstream).startswith("pipelinechannel--"):
                return str(upstream)
            channel, depth = str(upstream), depth - 1
        return channel.removeprefix("pipelinechannel--")


_CHANNEL = re.compile(r"inputs\.(?:parameter_values|artifacts)\['([^']+)'\]")
_CAST = re.compile(r"\b(?:int|double|string|bool)\(([^()]*)\)")


def readable_condition(condition: str, channels: _Channels) -> str:
    """A CEL condition as the pipeline's code said it: ``flip-coin.Output == 'heads'``."""
    text = _CHANNEL.sub(lambda m: channels.resolve(m.group(1)), condition)
    previous = None
    while previous != text:
        previous, text = text, _CAST.sub(r"\1", text)
    return text.replace("&&", "and").replace("||", "or")


def _branch_labels(branches: dict[str, Any], channels: _Channels) -> dict[str, str]:
    """``If …`` / ``Elif …`` / ``Else`` for the branches of one If/Elif/Else.

    kfp compiles ``Elif b`` after ``If a`` to ``!(a) && b`` and ``Else`` to
    ``!(a) && !(b)``; the negated conditions of the earlier branches are taken off again.
    """
    labels: dict[str, str] = {}
    earlier: list[str] = []  # each earlier branch's own condition, as compiled
    for name in sorted(branches, key=_condition_number):
        condition = branches[name].get("triggerPolicy", {}).get("condition", "")
        rest = _without_negations(condition, earlier)
        if not earlier or rest is None:
            labels[name], own = f"If {readable_condition(condition, channels)}", condition
        elif not rest:
            labels[name], own = "Else", ""
        else:
            labels[name], own = f"Elif {readable_condition(rest, channels)}", rest
        earlier.append(own)
    return labels


def _without_negations(condition: str, earlier: list[str]) -> str | None:
    """``condition`` without the leading ``!(earlier) && `` of each earlier branch, or
    None if it does not start with them."""
    rest = condition
    for previous in earlier:
        negated = f"!({previous})"
        if not rest.startswith(negated):
            return None
        rest = rest[len(negated) :].removeprefix(" && ")
    return rest


def _group_label(name: str, kind: str, task: dict[str, Any], channels: _Channels) -> str:
    if kind == "loop":
        iterator = task.get("parameterIterator") or task.get("artifactIterator") or {}
        items = iterator.get("items", {})
        over = items.get("raw")
        if over is None and items.get("inputParameter"):
            over = channels.resolve(items["inputParameter"])
        if over is None and items.get("inputArtifact"):
            over = channels.resolve(items["inputArtifact"])
        label = f"ParallelFor {name}" + (f" over {over}" if over else "")
        limit = task.get("iteratorPolicy", {}).get("parallelismLimit")
        return label + (f" (parallelism\N{NO-BREAK SPACE}{limit})" if limit else "")
    if kind == "condition":
        condition = task.get("triggerPolicy", {}).get("condition", "")
        return f"If {readable_condition(condition, channels)}"
    if kind == "exit-handler":
        return f"ExitHandler {name}"
    if kind == "pipeline":
        return f"Pipeline {name}"
    return name


def pipeline_graph(compiled: CompiledPipeline) -> PipelineGraph:
    """The drawing's model of ``compiled``: every task and group, and every dependency."""
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []

    def walk(tasks: dict[str, Any], parent: str | None, chain: list[dict[str, Any]]) -> None:
        kinds = {name: group_kind(compiled, task) for name, task in tasks.items()}
        branch_labels: dict[str, str] = {}
        if chain and parent is not None and nodes[parent].kind == "branches":
            branch_labels = _branch_labels(tasks, _Channels(chain))
        for name, task in tasks.items():
            node_id = name if parent is None else f"{parent}{SEPARATOR}{name}"
            kind = kinds[name]
            channels = _Channels([*chain, task])
            if kind == TASK:
                label = name
            elif name in branch_labels:
                label = branch_labels[name]
            elif kind == "branches":
                inner = compiled.component(task)["dag"].get("tasks", {})
                words = [text.split(" ", 1)[0] for text in _branch_labels(inner, channels).values()]
                label = " / ".join(words)
            else:
                label = _group_label(name, kind, task, channels)
            nodes[node_id] = GraphNode(node_id, name, kind, parent, label)
            always = task.get("triggerPolicy", {}).get("strategy") == "ALL_UPSTREAM_TASKS_COMPLETED"
            for dep in task.get("dependentTasks", []):
                source = dep if parent is None else f"{parent}{SEPARATOR}{dep}"
                edges.append(GraphEdge(source, node_id, always))
            if kind != TASK:
                walk(compiled.component(task)["dag"].get("tasks", {}), node_id, [*chain, task])

    walk(compiled.root_tasks, None, [])
    edges = [e for e in edges if e.source in nodes and e.target in nodes]
    return PipelineGraph(compiled.name, nodes, edges)


# --- drawing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    lines: list[str]
    x: float  # left edge, or centre when centred
    y: float  # first baseline


@dataclass(frozen=True)
class _DrawnNode:
    node: GraphNode
    box: Box
    text: _Text
    status: str
    fill: str
    stroke: str
    label_box: Box | None


def _task_lines(node: GraphNode, status: str) -> list[str]:
    lines = text_metrics.wrap(node.label, TASK_TEXT_WIDTH)
    if status:
        lines += text_metrics.wrap(status, TASK_TEXT_WIDTH)
    return lines


def _group_lines(node: GraphNode, status: str) -> list[str]:
    label = node.label + (f" · {status}" if status else "")
    return text_metrics.wrap(label, GROUP_TEXT_WIDTH)


def compound_graph(graph: PipelineGraph, statuses: dict[str, str]) -> CompoundGraph:
    """The sizes and nesting :func:`kfp_tutorial.spec.layout.layout` needs."""
    compound = CompoundGraph()
    for node in graph.nodes.values():
        status = statuses.get(node.id, "")
        if node.kind == TASK:
            width, height = text_metrics.block_size(_task_lines(node, status))
            compound.nodes[node.id] = (max(MIN_TASK_WIDTH, width + 2 * PAD_X), height + 2 * PAD_Y)
        else:
            width, height = text_metrics.block_size(_group_lines(node, status))
            compound.clusters[node.id] = (width, height)
        compound.parent[node.id] = node.parent
    compound.edges = [(edge.source, edge.target) for edge in graph.edges]
    return compound


def _colors(node: GraphNode, status: str) -> tuple[str, str]:
    fill, stroke = STATUS_COLORS.get(status.split(" ")[0], DEFAULT_COLORS)
    if node.kind != TASK and not status:
        fill = GROUP_FILL
    return fill, stroke


def _drawn_nodes(graph: PipelineGraph, placed: Layout, statuses: dict[str, str]) -> list[_DrawnNode]:
    """Groups first (outer before inner), then tasks: later ones are drawn on top."""
    depth = {node_id: len(graph.ancestors(node_id)) for node_id in graph.nodes}
    order = sorted(graph.nodes.values(), key=lambda n: (n.kind == TASK, depth[n.id]))
    drawn = []
    first_baseline = text_metrics.FONT_SIZE * 0.9 + (text_metrics.LINE_HEIGHT - 16.0) / 2
    for node in order:
        status = statuses.get(node.id, "")
        box = placed.boxes[node.id]
        fill, stroke = _colors(node, status)
        if node.kind == TASK:
            lines = _task_lines(node, status)
            text_height = text_metrics.LINE_HEIGHT * len(lines)
            top = box.y + (box.height - text_height) / 2
            text = _Text(lines, box.x + box.width / 2, top + first_baseline)
            drawn.append(_DrawnNode(node, box, text, status, fill, stroke, None))
        else:
            label_box = placed.label_boxes[node.id]
            text = _Text(_group_lines(node, status), label_box.x, label_box.y + first_baseline)
            drawn.append(_DrawnNode(node, box, text, status, fill, stroke, label_box))
    return drawn


def _path(points: list[tuple[float, float]]) -> str:
    head = f"M {points[0][0]:.1f} {points[0][1]:.1f}"
    rest = [
        "C " + ", ".join(f"{x:.1f} {y:.1f}" for x, y in points[i : i + 3])
        for i in range(1, len(points) - 2, 3)
    ]
    return " ".join([head, *rest])


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kfp_tutorial.spec", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def dag_svg(
    compiled: CompiledPipeline,
    statuses: dict[str, str] | None = None,
    title: str | None = None,
) -> str:
    """An inline ``<svg>`` of the pipeline's graph; ``statuses`` (node id → status text,
    e.g. ``"SUCCESS"`` or ``"SUCCESS ×4"``) colours the tasks like the KFP UI."""
    statuses = statuses or {}
    graph = pipeline_graph(compiled)
    placed = layout(compound_graph(graph, statuses))
    name = title or compiled.name
    width = round(placed.width)
    # One marker id per drawing: a page with several graphs must not repeat an id.
    digest = hashlib.sha1(
        (name + "".join(sorted(graph.nodes)) + str(sorted(statuses.items()))).encode()
    ).hexdigest()[:10]
    edges = [
        {
            "source": source,
            "target": target,
            "always": edge.always,
            "d": _path(points),
        }
        for edge, (source, target, points) in zip(graph.edges, placed.edges, strict=True)
    ]
    svg = (
        _environment()
        .get_template("dag.svg.j2")
        .render(
            title=name,
            id=f"kfp-dag-{digest}",
            width=width,
            height=round(placed.height),
            min_width=math.ceil(width * MIN_FONT_PX / text_metrics.FONT_SIZE),
            font_size=text_metrics.FONT_SIZE,
            line_height=text_metrics.LINE_HEIGHT,
            nodes=_drawn_nodes(graph, placed, statuses),
            edges=edges,
            task=TASK,
        )
    )
    # One line: the report puts the SVG into Markdown, where a blank line ends the HTML.
    # A template line that starts with a space continues a tag's attributes.
    return "".join((" " if line.startswith(" ") else "") + line.strip() for line in svg.splitlines())
