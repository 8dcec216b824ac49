"""The report's charts for ``ClassificationMetrics``: a confusion matrix and an ROC curve.

This module computes what to draw (cell shades, point positions, the area under the
curve); ``templates/charts.html.j2`` draws it, as an HTML table and an SVG, escaped like
every template. Used in: lesson 05 (metrics), lesson 06 (visualizations).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kfp_tutorial.i18n import t
from kfp_tutorial.report import messages as _messages  # noqa: F401  (registers the texts)
from kfp_tutorial.report.templating import render


def fmt(value: Any) -> str:
    """A value as the tables show it: numbers short, lists and dicts as JSON."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.1f}" if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _count(value: Any) -> str:
    """A confusion-matrix cell: counts arrive as floats (52.0) from the metadata store."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return fmt(value)


@dataclass
class MatrixCell:
    exact: str  # the value as JSON, for data-value
    shown: str
    alpha: str  # the shade of blue, 0 to 1
    color: str  # text colour that stays readable on that shade


@dataclass
class MatrixRow:
    label: str
    cells: list[MatrixCell]


_BLUE = (26, 115, 232)  # the shade of a confusion matrix cell (charts.html.j2), over white
_DARK, _LIGHT = "#202124", "#ffffff"
MAX_SHADE = 0.7


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def readable_text_on_blue(alpha: float) -> str:
    """The text colour (dark or white) with the better WCAG contrast on the course's blue at
    ``alpha`` over white: a cell's number stays readable at every shade (axe checks 4.5:1)."""
    background = tuple(255 + alpha * (c - 255) for c in _BLUE)
    shade = _luminance(background)  # type: ignore[arg-type]
    dark = _contrast(shade, _luminance((32, 33, 36)))
    light = _contrast(shade, 1.0)
    return _LIGHT if light > dark else _DARK


def confusion_matrix(metadata: dict[str, Any]) -> tuple[list[str], list[MatrixRow]] | None:
    """The labels and shaded rows of a confusion matrix, or None if the metadata has none."""
    matrix = metadata.get("confusionMatrix") or {}
    labels = [
        str(spec.get("displayName", i)) for i, spec in enumerate(matrix.get("annotationSpecs", []))
    ]
    values = [list(row.get("row", [])) for row in matrix.get("rows", [])]
    if not values:
        return None
    peak = max((v for row in values for v in row), default=0) or 1
    rows = []
    for i, row in enumerate(values):
        cells = []
        for value in row:
            # the darkest cell is MAX_SHADE of the blue: dark text stays readable on every
            # shade (4.5:1 or better, tests/unit/test_report.py), white is never needed
            alpha = MAX_SHADE * float(value) / peak
            cells.append(
                MatrixCell(
                    exact=json.dumps(value),
                    shown=_count(value),
                    alpha=f"{alpha:.3f}",
                    color=readable_text_on_blue(alpha),
                )
            )
        rows.append(MatrixRow(labels[i] if i < len(labels) else str(i), cells))
    return labels, rows


def confusion_matrix_html(metadata: dict[str, Any]) -> Markup:
    """A confusion matrix from ``ClassificationMetrics`` metadata, as a heat-map table."""
    found = confusion_matrix(metadata)
    if found is None:
        return Markup("")
    labels, rows = found
    return render("charts.html.j2", chart="confusion-matrix", labels=labels, rows=rows, t=t)


def roc_auc(points: list[tuple[float, float]]) -> float:
    """Area under an ROC curve given as (false positive rate, true positive rate) points."""
    ordered = sorted(points)
    return sum((x2 - x1) * (y1 + y2) / 2 for (x1, y1), (x2, y2) in itertools.pairwise(ordered))


@dataclass
class RocTick:
    x: str  # where the tick is on the x axis
    y: str  # where it is on the y axis
    y_label: str  # the y axis label's baseline
    label: str


@dataclass
class RocPoint:
    cx: str
    cy: str
    tip: str


@dataclass
class RocChart:
    """An ROC curve laid out on a ``width`` × ``height`` canvas; coordinates as text."""

    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    auc: float
    title: str
    ticks: list[RocTick]
    diagonal: tuple[str, str, str, str]
    line: str
    points: list[RocPoint]
    x_title: tuple[str, str]
    y_title: str
    auc_label: tuple[str, str]


def roc_chart(metadata: dict[str, Any]) -> RocChart | None:
    """The ROC curve of ``ClassificationMetrics`` metadata (``confidenceMetrics``), laid out."""
    raw = metadata.get("confidenceMetrics") or []
    points = []
    for item in raw:
        fpr = item.get("falsePositiveRate")
        tpr = item.get("recall", item.get("truePositiveRate"))
        if isinstance(fpr, int | float) and isinstance(tpr, int | float):
            points.append((float(fpr), float(tpr), item.get("confidenceThreshold")))
    if not points:
        return None
    width, height, left, right, top, bottom = 380, 330, 52, 16, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(v: float) -> float:
        return left + v * plot_w

    def sy(v: float) -> float:
        return top + (1 - v) * plot_h

    auc = roc_auc([(x, y) for x, y, _ in points])
    ticks = [
        RocTick(f"{sx(v):.1f}", f"{sy(v):.1f}", f"{sy(v) + 4:.1f}", f"{v:.1f}")
        for v in (i / 5 for i in range(6))
    ]
    ordered = sorted(points, key=lambda p: (p[0], p[1]))
    shown = []
    for x, y, threshold in ordered:
        tip = f"FPR {x:.3f}, TPR {y:.3f}" + (
            f", threshold {threshold:.3f}" if isinstance(threshold, int | float) else ""
        )
        shown.append(RocPoint(f"{sx(x):.1f}", f"{sy(y):.1f}", tip))
    return RocChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_w=plot_w,
        plot_h=plot_h,
        auc=auc,
        title=t("report_roc", auc=auc),
        ticks=ticks,
        diagonal=(str(sx(0)), str(sy(0)), str(sx(1)), str(sy(1))),
        line=" ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y, _ in ordered),
        points=shown,
        x_title=(str(left + plot_w / 2), str(height - 8)),
        y_title=str(top + plot_h / 2),
        auc_label=(str(left + plot_w - 8), str(top + plot_h - 10)),
    )


def roc_svg(metadata: dict[str, Any]) -> Markup:
    """An ROC curve from ``ClassificationMetrics`` metadata (``confidenceMetrics``), as SVG."""
    chart = roc_chart(metadata)
    if chart is None:
        return Markup("")
    return render("charts.html.j2", chart="roc", roc=chart, t=t)
