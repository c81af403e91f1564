"""Geometry of a bar chart drawn as SVG by the server (no JavaScript). Pure.

The template draws what this computes; the numbers themselves are also shown as a table
beside it, so the picture is a help and never the only way to read them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 36  # room for the axis labels
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label_index: int


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labelled: frozenset[int]
    """Indexes of the bars that get a label under the axis (not all fit)."""


def bar_chart(values: Sequence[int]) -> BarChart:
    """Bars for `values` in order, scaled to the largest (at least 1), with up to three
    whole-number ticks and at most MAX_X_LABELS labels spread along the axis."""
    top = _nice_ceiling(max(values, default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    step = plot_width / max(1, len(values))
    bars = tuple(
        Bar(
            x=round(LEFT + i * step + step * 0.15, 2),
            y=round(baseline - plot_height * value / top, 2),
            width=round(step * 0.7, 2),
            height=round(plot_height * value / top, 2),
            value=value,
            label_index=i,
        )
        for i, value in enumerate(values)
    )
    tick_values = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    ticks = tuple(Tick(round(baseline - plot_height * v / top, 2), v) for v in tick_values)
    every = max(1, math.ceil(len(values) / MAX_X_LABELS))
    return BarChart(
        WIDTH, HEIGHT, LEFT, baseline, bars, ticks, frozenset(range(0, len(values), every))
    )


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10
