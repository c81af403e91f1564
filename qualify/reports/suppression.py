"""Small groups withheld from a table of counts, so that nobody can be singled out.

Pure: a grid of counts in, a grid of marks out. A count of 1 to 4 people is withheld as
"small" (shown "< 5"); 0 may show. Then, for every equation of the table (the target
groups of a row add up to its total; a column's rows add up to the total row), further
cells are withheld ("withheld", shown "x") until no withheld count can be calculated
from the published ones. A reader knows that a small cell is 1 to 4 and a withheld one
5 or more, so the check works with those ranges, not only with "total minus the rest".

Where a total itself is small, every part of it is shown as small too, 0 included (0 is
fewer than 5): otherwise four parts of "< 5" under a total of "< 5" would each be 1, and
a 0 beside a small total would say who the few are.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

SMALLEST_GROUP = 5

Position = tuple[int, int]  # (row, column)


class Mark(enum.StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 1 to 4 people, or 0 as the part of a small total: "< 5"
    WITHHELD = "withheld"  # 5 or more, withheld so that a small cell cannot be calculated


@dataclass(frozen=True)
class Equation:
    """The parts add up to the total (as far as a reader can tell)."""

    parts: tuple[Position, ...]
    total: Position


def suppress(
    values: Sequence[Sequence[int]], people: frozenset[int], equations: Sequence[Equation]
) -> list[list[Mark]]:
    """The marks of a grid whose columns in `people` count people: small counts first,
    then complementary cells, the smallest published one of an equation at a time."""
    marks = [
        [
            Mark.SMALL if column in people and 0 < value < SMALLEST_GROUP else Mark.SHOWN
            for column, value in enumerate(row)
        ]
        for row in values
    ]
    _mask_parts_of_small_totals(values, marks, equations)
    masked = masked_parts(equations, marks)
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if recoverable(equation, values, marks, masked):
                cell = _complement(equation, values, marks)
                if cell is not None:
                    marks[cell[0]][cell[1]] = Mark.WITHHELD
                    changed = True
    return marks


def _mask_parts_of_small_totals(
    values: Sequence[Sequence[int]], marks: list[list[Mark]], equations: Sequence[Equation]
) -> None:
    changed = True
    while changed:
        changed = False
        for equation in equations:
            if marks[equation.total[0]][equation.total[1]] != Mark.SMALL:
                continue
            for row, column in equation.parts:
                if marks[row][column] == Mark.SHOWN and values[row][column] < SMALLEST_GROUP:
                    marks[row][column] = Mark.SMALL
                    changed = True


def masked_parts(
    equations: Sequence[Equation], marks: Sequence[Sequence[Mark]]
) -> frozenset[Position]:
    """The cells a reader knows may be 0 behind "< 5": the parts of a small total."""
    return frozenset(
        cell
        for equation in equations
        if marks[equation.total[0]][equation.total[1]] == Mark.SMALL
        for cell in equation.parts
    )


def recoverable(
    equation: Equation,
    values: Sequence[Sequence[int]],
    marks: Sequence[Sequence[Mark]],
    masked: frozenset[Position] = frozenset(),
) -> bool:
    """Whether a reader can calculate a withheld count above 0 exactly, from the
    published cells and the ranges the marks tell (small: 1..4, or 0..4 for a `masked`
    part of a small total; withheld: 5 or more)."""
    terms = [(cell, 1) for cell in equation.parts] + [(equation.total, -1)]
    hidden = [(cell, sign) for cell, sign in terms if marks[cell[0]][cell[1]] != Mark.SHOWN]
    known = sum(sign * values[r][c] for (r, c), sign in terms if marks[r][c] == Mark.SHOWN)
    for index, ((row, column), sign) in enumerate(hidden):
        others = [
            _signed_range(_range(marks[r][c], (r, c) in masked), s)
            for j, ((r, c), s) in enumerate(hidden)
            if j != index
        ]
        low_others = sum(low for low, _ in others)
        high_others = sum(high for _, high in others)
        # sign * x = -(known + others)
        low, high = -known - high_others, -known - low_others
        if sign < 0:
            low, high = -high, -low
        own_low, own_high = _range(marks[row][column], (row, column) in masked)
        low, high = max(low, own_low), min(high, own_high)
        if low == high != 0:  # learning that nobody is there singles nobody out
            return True
    return False


def _range(mark: Mark, may_be_zero: bool) -> tuple[float, float]:
    if mark == Mark.SMALL:
        return (0 if may_be_zero else 1, SMALLEST_GROUP - 1)
    return (SMALLEST_GROUP, math.inf)


def _signed_range(bounds: tuple[float, float], sign: int) -> tuple[float, float]:
    low, high = bounds
    return (low, high) if sign > 0 else (-high, -low)


def _complement(
    equation: Equation, values: Sequence[Sequence[int]], marks: Sequence[Sequence[Mark]]
) -> Position | None:
    """The cell to withhold next: the smallest published non-zero part, else the total
    (a 0 is never withheld: a reader would know it from the mark)."""
    published = [
        cell
        for cell in equation.parts
        if marks[cell[0]][cell[1]] == Mark.SHOWN and values[cell[0]][cell[1]] > 0
    ]
    if published:
        return min(published, key=lambda cell: (values[cell[0]][cell[1]], cell))
    row, column = equation.total
    if marks[row][column] == Mark.SHOWN and values[row][column] > 0:
        return equation.total
    return None
