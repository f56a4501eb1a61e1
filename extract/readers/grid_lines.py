"""The grid a table's cell boxes imply, shared by the PDF and scan readers.

Both find cells as boxes (from vector rulings in a PDF, from ruling lines in a page image) and
need the same two steps to place them: the box edges merged into the table's column and row
boundaries, and each box edge snapped to its nearest boundary.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence


def merge_lines(values: Iterable[float], tolerance: float) -> list[float]:
    """Edge coordinates merged within ``tolerance``, in order: the table's column or row boundaries."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest_line(lines: Sequence[float], v: float) -> int:
    """Index of the line nearest to ``v`` (the lower one on a tie)."""
    i = bisect_right(lines, v)
    if i and (i == len(lines) or v - lines[i - 1] <= lines[i] - v):
        return i - 1
    return i
