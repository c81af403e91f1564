"""Rows of text lined up in columns for a terminal. Pure.

Columns are padded by how wide a text looks, not by its length: a CJK character takes two
cells and a combining accent none, so Vietnamese or Chinese names do not push the next
column out of line. Put right-to-left text last: a terminal may reorder it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

GAP = "  "


def display_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cc", "Cf", "Mn"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def text_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The header, a rule of dashes and the rows; the last column is not padded."""
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [
            cell + " " * (widths[i] - display_width(cell)) if i < len(row) - 1 else cell
            for i, cell in enumerate(row)
        ]
        lines.append(GAP.join(cells).rstrip())
    lines.insert(1, GAP.join("-" * w for w in widths))
    return lines
