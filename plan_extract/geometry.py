"""Plain page geometry shared by the table finders and OCR: grid lines from cell boxes."""
from __future__ import annotations

import bisect
from typing import Sequence

DEFAULT_GRID_TOLERANCE = 2.0        # cell edges closer than this are one grid line


def cluster_values(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted values -> representatives of runs closer than tolerance (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _index(grid: Sequence[float], v: float) -> int:
    """Index of the grid line nearest to v."""
    i = bisect.bisect_left(grid, v)
    if i == 0:
        return 0
    if i == len(grid):
        return len(grid) - 1
    return i if grid[i] - v < v - grid[i - 1] else i - 1


def boxes_to_grid(boxes: Sequence[tuple], tolerance: float):
    """Cell boxes -> (xs, ys, spans): grid lines and each box as (r0, r1, c0, c1)."""
    xs = cluster_values([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = cluster_values([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    spans = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        spans.append((r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
    return xs, ys, spans
