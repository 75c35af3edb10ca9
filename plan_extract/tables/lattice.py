"""Ruling lines -> cell boxes -> tables: pdfplumber's lattice finder (`TableFinder` with the
"lines" strategy on both axes), computed the same way on plain tuples with indexes.

Every step keeps pdfplumber's arithmetic and order, so the cells and tables are the same to the
last bit: edges filtered (prefilter length 1), snapped to their cluster's average (the same
chained clusters, the same sums in the same order, `x0 + (avg - x0)`), joined along their line
(heights grown by the difference, as pdfplumber's resize does), filtered again (edge_min_length);
intersections within the tolerances; for each intersection, in sorted order, the smallest cell
it opens (the first point below, then the first point to the right, whose corners share edges);
cells grouped into tables by shared corners in pdfplumber's sweep order. What changes is the
search: the horizontal edges a vertical one may cross come from a sorted index instead of every
pair, the points below and to the right of a point from per-column and per-row lists instead of a
scan of every later point, the edges at a point as sets made once instead of once a test.
tests/test_tables.py checks it against pdfplumber's TableFinder.
"""
from __future__ import annotations

import bisect
import itertools
from typing import NamedTuple, Sequence

#: pdfplumber's edge_min_length_prefilter default: edges shorter than this never enter.
PREFILTER_LENGTH = 1


class Lattice(NamedTuple):
    """One table: its cell boxes (x0, top, x1, bottom) in pdfplumber's order, and its bbox."""
    cells: list
    bbox: tuple


def _clusters(values, tolerance) -> dict:
    """Value -> cluster index: pdfplumber's cluster_list over the distinct values (sorted, a
    value at most `tolerance` past the previous one goes on its cluster)."""
    xs = sorted(set(values))
    out = {}
    if tolerance == 0 or len(xs) < 2:
        return {x: i for i, x in enumerate(xs)}
    k, last = 0, xs[0]
    for x in xs:
        if x > last + tolerance:
            k += 1
        out[x] = k
        last = x
    return out


def _snap(edges: list, lo: int, hi: int, tolerance) -> list:
    """pdfplumber's snap_objects on [x0, top, x1, bottom, length] lists by field `lo` (x0 of a
    vertical edge, top of a horizontal one): each edge moved by its cluster's average less its
    own value, clusters in order, edges in their order within a cluster."""
    index = _clusters([e[lo] for e in edges], tolerance)
    ordered = sorted(((e, index[e[lo]]) for e in edges), key=lambda p: p[1])
    out = []
    for _, group in itertools.groupby(ordered, key=lambda p: p[1]):
        cluster = [e for e, _ in group]
        avg = sum(e[lo] for e in cluster) / len(cluster)
        for e in cluster:
            shift = avg - e[lo]
            moved = list(e)
            moved[lo] = e[lo] + shift
            moved[hi] = e[hi] + shift
            out.append(moved)
    return out


def _join(group: list, vertical: bool, tolerance) -> list:
    """pdfplumber's join_edge_group: edges on one line sorted by their start, an edge starting
    at most `tolerance` past the last one's end extends it (a horizontal edge's width becomes
    the new end less its x0; a vertical edge's height grows by the end's difference)."""
    start, end = (1, 3) if vertical else (0, 2)
    ordered = sorted(group, key=lambda e: e[start])
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[start] <= last[end] + tolerance:
            if e[end] > last[end]:
                grown = list(last)
                if vertical:
                    grown[4] = last[4] + (e[end] - last[end])
                else:
                    grown[4] = e[end] - last[0]
                grown[end] = e[end]
                joined[-1] = grown
        else:
            joined.append(e)
    return joined


def merged_edges(edges: Sequence[dict], snap_x, snap_y, join_x, join_y, min_length):
    """pdfplumber's get_edges for the lines strategy: (vertical, horizontal) edges as
    [x0, top, x1, bottom, length] lists, snapped, joined and filtered, in pdfplumber's order."""
    v = [[e["x0"], e["top"], e["x1"], e["bottom"], e["height"]] for e in edges
         if e["orientation"] == "v" and e["height"] >= PREFILTER_LENGTH]
    h = [[e["x0"], e["top"], e["x1"], e["bottom"], e["width"]] for e in edges
         if e["orientation"] == "h" and e["width"] >= PREFILTER_LENGTH]
    if snap_x > 0 or snap_y > 0:
        v = _snap(v, 0, 2, snap_x)
        h = _snap(h, 1, 3, snap_y)
    # grouped by line, horizontal lines first (pdfplumber sorts on ("h", top) / ("v", x0))
    out_h: list = []
    for _, group in itertools.groupby(sorted(h, key=lambda e: e[1]), key=lambda e: e[1]):
        out_h.extend(_join(list(group), False, join_x))
    out_v: list = []
    for _, group in itertools.groupby(sorted(v, key=lambda e: e[0]), key=lambda e: e[0]):
        out_v.extend(_join(list(group), True, join_y))
    return [e for e in out_v if e[4] >= min_length], [e for e in out_h if e[4] >= min_length]


def intersections(v_edges: list, h_edges: list, x_tol, y_tol) -> dict:
    """pdfplumber's edges_to_intersections: point (x, y) -> (bboxes of the vertical edges
    through it, bboxes of the horizontal ones). Only the horizontal edges whose top lies near
    a vertical edge's extent are tested (a sorted index, with a margin of 1 pt around the
    tolerance; the test itself is pdfplumber's)."""
    hs = sorted(h_edges, key=lambda e: (e[1], e[0]))
    tops = [e[1] for e in hs]
    out: dict = {}
    for v in sorted(v_edges, key=lambda e: (e[0], e[1])):
        vx0, vtop, vbottom = v[0], v[1], v[3]
        vbox = (v[0], v[1], v[2], v[3])
        lo = bisect.bisect_left(tops, vtop - y_tol - 1)
        hi = bisect.bisect_right(tops, vbottom + y_tol + 1)
        for h in hs[lo:hi]:
            htop = h[1]
            if vtop <= htop + y_tol and vbottom >= htop - y_tol and vx0 >= h[0] - x_tol and vx0 <= h[2] + x_tol:
                at = out.get((vx0, htop))
                if at is None:
                    at = out[(vx0, htop)] = (set(), set())
                at[0].add(vbox)
                at[1].add((h[0], h[1], h[2], h[3]))
    return out


def intersections_to_cells(points: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells: for each point in sorted order, the first point
    below it joined to it by a vertical edge, with the first point to its right joined by a
    horizontal edge, whose bottom-right corner is a point joined to both."""
    ordered = sorted(points)
    below_of: dict = {}
    right_of: dict = {}
    for p in ordered:                 # sorted by x then y: each column top to bottom
        below_of.setdefault(p[0], []).append(p)
    for p in sorted(ordered, key=lambda p: (p[1], p[0])):
        right_of.setdefault(p[1], []).append(p)
    col_pos = {p: i for col in below_of.values() for i, p in enumerate(col)}
    row_pos = {p: i for row in right_of.values() for i, p in enumerate(row)}
    cells = []
    for pt in ordered:
        pv, ph = points[pt]
        column = below_of[pt[0]]
        row = right_of[pt[1]]
        below = column[col_pos[pt] + 1:]
        right = row[row_pos[pt] + 1:]
        found = None
        for below_pt in below:
            if pv.isdisjoint(points[below_pt][0]):
                continue
            below_h = points[below_pt][1]
            for right_pt in right:
                if ph.isdisjoint(points[right_pt][1]):
                    continue
                corner = points.get((right_pt[0], below_pt[1]))
                if corner is not None and not corner[0].isdisjoint(points[right_pt][0]) \
                        and not corner[1].isdisjoint(below_h):
                    found = (pt[0], pt[1], right_pt[0], below_pt[1])
                    break
            if found is not None:
                break
        if found is not None:
            cells.append(found)
    return cells


def cells_to_tables(cells: Sequence[tuple]) -> list[list[tuple]]:
    """pdfplumber's cells_to_tables: sweeps over the remaining cells, in order, adding each
    that shares a corner with the table grown so far, until a sweep adds none; tables sorted by
    their top-left cell, single cells dropped. Cells leave the remaining list by a flag, not a
    list removal."""
    remaining = list(cells)
    corners: set = set()
    current: list = []
    tables = []
    while remaining:
        grown = len(current)
        taken = [False] * len(remaining)
        for k, (x0, top, x1, bottom) in enumerate(remaining):
            ends = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in ends):
                corners.update(ends)
                current.append(remaining[k])
                taken[k] = True
        remaining = [c for c, t in zip(remaining, taken) if not t]
        if len(current) == grown:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(edges: Sequence[dict], snap_tolerance, join_tolerance, intersection_tolerance,
                edge_min_length) -> list[Lattice]:
    """The tables pdfplumber's TableFinder finds on these edges with the lines strategy and the
    same tolerances (one value for both axes)."""
    v, h = merged_edges(edges, snap_tolerance, snap_tolerance, join_tolerance, join_tolerance, edge_min_length)
    points = intersections(v, h, intersection_tolerance, intersection_tolerance)
    out = []
    for cells in cells_to_tables(intersections_to_cells(points)):
        bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        out.append(Lattice(cells, bbox))
    return out
