"""Plain page geometry shared by the table finders and OCR: grid lines from cell boxes."""
from __future__ import annotations

import bisect
import operator
from typing import Iterable, Optional, Sequence

DEFAULT_GRID_TOLERANCE = 2.0        # cell edges closer than this are one grid line


def cluster_runs(values: Iterable[float], tolerance: float) -> list[list[float]]:
    """Values -> runs of the sorted values, each step within tolerance (chained)."""
    out: list[list[float]] = []
    run: list[float] = []
    last = 0.0
    for v in sorted(values):
        if run and v - last <= tolerance:       # (last: the run's last value)
            run.append(v)
        else:
            run = [v]
            out.append(run)
        last = v
    return out


def cluster_values(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted values -> representatives of runs closer than tolerance (their mean)."""
    return [sum(g) / len(g) for g in cluster_runs(values, tolerance)]


def _index(grid: Sequence[float], v: float) -> int:
    """Index of the grid line nearest to v."""
    i = bisect.bisect_left(grid, v)
    if i == 0:
        return 0
    if i == len(grid):
        return len(grid) - 1
    return i if grid[i] - v < v - grid[i - 1] else i - 1


_SIDE = tuple(map(operator.itemgetter, range(4)))       # a box's x0, top, x1, bottom


def boxes_to_grid(boxes: Sequence[tuple], tolerance: float):
    """Cell boxes -> (xs, ys, spans): grid lines and each box as (r0, r1, c0, c1)."""
    xs = cluster_values([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = cluster_values([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    # boxes share their sides: each distinct value looked up once (_index gives equal values,
    # 0.0 and -0.0 too, the same index)
    col = {v: _index(xs, v) for v in {*map(_SIDE[0], boxes), *map(_SIDE[2], boxes)}}
    row = {v: _index(ys, v) for v in {*map(_SIDE[1], boxes), *map(_SIDE[3], boxes)}}
    spans = []
    for b in boxes:
        c0, c1 = col[b[0]], col[b[2]]
        r0, r1 = row[b[1]], row[b[3]]
        spans.append((r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
    return xs, ys, spans


# ----------------------------------------------------------------------------- ruling lines

DASH_PIECE = 3.0        # a piece of a dashed or dotted rule is shorter than this (points)
DASH_GAP = 3.0          # ...and stands at most this far from the next piece on the same line
DASH_MIN_PIECES = 4     # a run of fewer pieces is not a rule (a glyph, a corner of a frame)


#: The thickest a rule is drawn (points): a filled rectangle thinner than this is a rule (Word
#: and Chromium draw cell borders as thin filled rectangles), one wider and taller is a shaded
#: area (a header's or a zebra row's background), whose sides are no rules.
RULE_MAX_THICKNESS = 3.0


def is_shading(width: float, height: float, fill: bool, stroke: bool, stroke_hidden: bool = False) -> bool:
    """A filled, unstroked rectangle wider and taller than a rule is thick: shading, whose edges
    are where a colour changes, not ruling lines (both readers mark its edges `shade`). A stroke
    in the fill's own colour (`stroke_hidden`, same_colour) draws no line either: the area is
    only a little larger."""
    return bool(fill) and (not stroke or stroke_hidden) and min(width, height) > RULE_MAX_THICKNESS


def same_colour(a, b) -> bool:
    """Two colours as the readers give them (component tuples, or None) are one colour: the same
    number of components, each within half a step of 255 (a stroke in the fill's colour)."""
    if a is None or b is None:
        return False
    a = tuple(a) if isinstance(a, (list, tuple)) else (a,)
    b = tuple(b) if isinstance(b, (list, tuple)) else (b,)
    try:
        return len(a) == len(b) and all(abs(float(x) - float(y)) <= 0.5 / 255 for x, y in zip(a, b))
    except (TypeError, ValueError):
        return False


def _length(e: dict) -> float:
    return (e["x1"] - e["x0"]) if e["orientation"] == "h" else (e["bottom"] - e["top"])


def join_dashes(edges: Sequence[dict], piece: float = DASH_PIECE, gap: float = DASH_GAP,
                least: int = DASH_MIN_PIECES) -> list[dict]:
    """Ruling edges with each dashed or dotted rule made one edge: a producer that draws a dotted
    rule dot by dot (Chromium: one small filled square a dot) gives thousands of edges shorter
    than any rule, which a lattice finder drops. Pieces shorter than `piece` standing on one line
    (same y for horizontal pieces, same x for vertical ones) at most `gap` apart, `least` or more
    of them over three pieces' length at least (not the corner bits of solid rules), become one line edge over their extent; the other short edges of such dots (their
    sides across the rule) are dropped with them. Other edges are kept as they are, in order."""
    # _length inlined per orientation (the same differences)
    small = [e for e in edges if (o := e.get("orientation")) == "h" and e["x1"] - e["x0"] < piece
             or o == "v" and e["bottom"] - e["top"] < piece]
    if len(small) < least:
        return list(edges)
    used: set[int] = set()
    joined: list[dict] = []
    dots: list[tuple] = []            # boxes covered by joined runs (their dots' other sides)
    for o, pos, a, b in (("h", "top", "x0", "x1"), ("v", "x0", "top", "bottom")):
        def close(run):
            if len(run) < least:      # most runs: a lone short edge (a glyph's bit, a frame's corner)
                return
            lo, hi, at = min(e[a] for e in run), max(e[b] for e in run), run[0][pos]
            if hi - lo >= 3 * piece:
                used.update(id(e) for e in run)
                if o == "h":
                    joined.append({"object_type": "line", "orientation": "h", "x0": lo, "x1": hi,
                                   "top": at, "bottom": at, "width": hi - lo, "height": 0.0})
                    dots.append((lo, at - piece, hi, at + piece))
                else:
                    joined.append({"object_type": "line", "orientation": "v", "x0": at, "x1": at,
                                   "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo})
                    dots.append((at - piece, lo, at + piece, hi))
        for line in _on_lines([e for e in small if e["orientation"] == o], pos, a):
            run, reach = [], 0.0
            for e in line:
                if run and e[a] - reach > gap:
                    close(run)
                    run = []
                reach = max(reach, e[b]) if run else e[b]
                run.append(e)
            close(run)
    if not joined:
        return list(edges)
    inside = lambda e: any(d[0] <= e["x0"] and e["x1"] <= d[2] and d[1] <= e["top"] and e["bottom"] <= d[3]
                           for d in dots)
    kept = [e for e in edges if id(e) not in used and not (_length(e) < piece and inside(e))]
    return kept + joined


def join_rules(edges: Sequence[dict], tolerance: float = 3.0) -> tuple[list[dict], list[dict]]:
    """The horizontal and the vertical rules among the edges (DASH_PIECE long at least), each
    run of collinear rules that touch joined into one (_join_collinear): what frame_inner_grids,
    close_open_sides and close_cut_frames read. A caller running them in turn on the same
    edges passes this once as `joined` (the rules are joined again only when one adds edges)."""
    # (_length per orientation, inlined)
    hs = _join_collinear([e for e in edges if e.get("orientation") == "h" and e["x1"] - e["x0"] >= DASH_PIECE], "h", tolerance)
    vs = _join_collinear([e for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] >= DASH_PIECE], "v", tolerance)
    return hs, vs


def frame_inner_grids(edges: Sequence[dict], tolerance: float = 3.0,
                      joined: Optional[tuple[list[dict], list[dict]]] = None) -> list[dict]:
    """The sides of a grid ruled inside only (inner rules, no outer frame): horizontal rules that
    vertical rules cross (or meet), as a group, bound a table; a side of that bound that no rule
    draws is added as a line edge, so a lattice finder closes the outer cells. The bound is the
    extent of the group's rules (a row rule runs across the whole table, a column rule down its
    whole height). A group needs two horizontal and one vertical rule at least (or two vertical
    ones); a group with its left or right side drawn (a frame, or a frame a page break cut) gets
    nothing. `joined`: join_rules(edges, tolerance), when the caller has it."""
    hs, vs = joined if joined is not None else join_rules(edges, tolerance)
    if len(hs) < 2 or not vs:
        return []
    # union-find over crossings
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    hs_sorted = sorted(range(len(hs)), key=lambda i: hs[i]["top"])
    tops = [hs[i]["top"] for i in hs_sorted]
    for j, v in enumerate(vs):
        lo = bisect.bisect_left(tops, v["top"] - tolerance)
        hi = bisect.bisect_right(tops, v["bottom"] + tolerance)
        for k in range(lo, hi):
            i = hs_sorted[k]
            h = hs[i]
            if h["x0"] - tolerance <= v["x0"] <= h["x1"] + tolerance:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    out: list[dict] = []
    for gh, gv in groups.values():
        if not gv or (len(gh) < 2 and len(gv) < 2):
            continue
        x0 = min(min(e["x0"] for e in gh), min(e["x0"] for e in gv))
        x1 = max(max(e["x1"] for e in gh), max(e["x1"] for e in gv))
        y0 = min(min(e["top"] for e in gh), min(e["top"] for e in gv))
        y1 = max(max(e["bottom"] for e in gh), max(e["bottom"] for e in gv))
        if x1 - x0 < 4 * tolerance or y1 - y0 < 4 * tolerance:
            continue

        def drawn_h(y):
            return sum(max(0.0, min(e["x1"], x1) - max(e["x0"], x0)) for e in gh
                       if abs(e["top"] - y) <= tolerance) >= 0.9 * (x1 - x0)

        def drawn_v(x, a, b):
            return sum(max(0.0, min(e["bottom"], b) - max(e["top"], a)) for e in gv
                       if abs(e["x0"] - x) <= tolerance) >= 0.9 * (b - a)
        line = lambda a, b, c, d: {"object_type": "line", "orientation": "h" if b == d else "v",
                                   "x0": a, "top": b, "x1": c, "bottom": d,
                                   "width": c - a, "height": d - b}
        if drawn_v(x0, y0, y1) or drawn_v(x1, y0, y1):
            continue                  # a side is drawn: a frame (maybe cut by a page break), not inner rules
        # a row without column rules (a title across the table) next to the group, between its
        # outer row rule and the next rule of the same extent: inside the same table
        a = _band_beyond(hs, vs, x0, x1, y0, -1, tolerance) if drawn_h(y0) else None
        b = _band_beyond(hs, vs, x0, x1, y1, 1, tolerance) if drawn_h(y1) else None
        ya, yb = a if a is not None else y0, b if b is not None else y1
        if not drawn_h(y0):
            out.append(line(x0, y0, x1, y0))
        if not drawn_h(y1):
            out.append(line(x0, y1, x1, y1))
        out.append(line(x0, ya, x0, yb))
        out.append(line(x1, ya, x1, yb))
    return out


def close_open_sides(edges: Sequence[dict], tolerance: float = 3.0,
                     joined: Optional[tuple[list[dict], list[dict]]] = None) -> list[dict]:
    """Rules that close a cell left open on a table's outer side: a gap in the last (first) row
    rule between two column rules that both end on it, no column rule of that stretch going on
    below (above) it. A producer leaves out the rule under a merged cell that a page break cuts
    (no closing rule at the page foot, none above the continuation); the clerk still sees the
    cell end at the table's edge. Each gap becomes a line edge. `joined`: join_rules(edges, tolerance), when the caller has it."""
    hs, vs = joined if joined is not None else join_rules(edges, tolerance)
    out: list[dict] = []
    for line in _on_lines(hs, "top", "x0", within=tolerance):
        for a, b in zip(line, line[1:]):
            g0, g1, y = a["x1"], b["x0"], a["top"]
            if g1 - g0 <= tolerance:
                continue
            near = [v for v in vs if v["top"] - tolerance <= y <= v["bottom"] + tolerance
                    and line[0]["x0"] - tolerance <= v["x0"] <= line[-1]["x1"] + tolerance]
            for way in (1, -1):          # 1: the table's last rule (cells above it), -1: its first
                end = "bottom" if way == 1 else "top"

                def ends_here(x):
                    return any(abs(v["x0"] - x) <= tolerance and abs(v[end] - y) <= tolerance for v in near)
                beyond = any((v["bottom"] - y if way == 1 else y - v["top"]) > tolerance for v in near)
                if ends_here(g0) and ends_here(g1) and not beyond:
                    out.append({"object_type": "line", "orientation": "h", "x0": g0, "top": y, "x1": g1,
                                "bottom": y, "width": g1 - g0, "height": 0.0})
    return out


def close_cut_frames(edges: Sequence[dict], tolerance: float = 3.0,
                     joined: Optional[tuple[list[dict], list[dict]]] = None) -> list[dict]:
    """The open end of a ruled table that a page break cut: its column rules (both outer sides
    and at least one inner rule) all start (end) on one line, past the table's first (last) row
    rule, and no rule draws that line. A producer that splits a table over two pages leaves the
    side at the break open (no rule at the foot of the first part, none at the top of the next);
    the clerk still sees the cut row's cells end there. That line becomes a line edge across
    the table, so the lattice finder reads the cut row's cells. `joined`: join_rules(edges, tolerance), when the caller has it."""
    hs, vs = joined if joined is not None else join_rules(edges, tolerance)
    out: list[dict] = []
    for h in hs:                     # a row rule across the table: the columns standing on it
        x0, x1, y = h["x0"], h["x1"], h["top"]
        if x1 - x0 < 4 * tolerance:
            continue
        crossing = [v for v in vs if x0 - tolerance <= v["x0"] <= x1 + tolerance
                    and v["top"] - tolerance <= y <= v["bottom"] + tolerance]
        for way, end in ((-1, "top"), (1, "bottom")):
            ends = [v for v in crossing if (v[end] - y) * way > tolerance]
            if len(ends) < 3:
                continue
            line = ends[0][end]
            if any(abs(v[end] - line) > tolerance for v in ends):
                continue
            xs = sorted(v["x0"] for v in ends)
            if abs(xs[0] - x0) > tolerance or abs(xs[-1] - x1) > tolerance:
                continue             # both outer sides reach the open line
            lo, hi = min(y, line), max(y, line)
            if any(lo + tolerance < e["top"] < hi - tolerance and e["x0"] <= x0 + tolerance
                   and e["x1"] >= x1 - tolerance for e in hs):
                continue             # h is not the table's outer row rule on that side
            if any(abs(e["top"] - line) <= tolerance and min(e["x1"], x1) - max(e["x0"], x0) > 0.5 * (x1 - x0)
                   for e in hs):
                continue             # the line is drawn
            if any(abs(e["top"] - line) <= tolerance and abs(e["x0"] - x0) <= tolerance for e in out):
                continue
            out.append({"object_type": "line", "orientation": "h", "x0": x0, "top": line, "x1": x1,
                        "bottom": line, "width": x1 - x0, "height": 0.0})
    return out


def _on_lines(edges: Sequence[dict], pos: str, a: str, within: float = 0.5) -> list[list[dict]]:
    """Edges grouped by the line they stand on (`pos` values less than `within` apart, chained),
    each group in order of `a` (where along the line each starts)."""
    out: list[list[dict]] = []
    for e in sorted(edges, key=lambda e: e[pos]):
        if out and e[pos] - out[-1][-1][pos] <= within:
            out[-1].append(e)
        else:
            out.append([e])
    return [sorted(g, key=lambda e: e[a]) for g in out]


def _join_collinear(edges: Sequence[dict], o: str, tolerance: float) -> list[dict]:
    """Edges of one orientation on the same line (within 0.5 pt) that touch or overlap (at most
    `tolerance` apart) -> one edge each run (a rule drawn cell by cell is one rule)."""
    pos, a, b = ("top", "x0", "x1") if o == "h" else ("x0", "top", "bottom")
    out: list[dict] = []
    for line in _on_lines(edges, pos, a):
        last = None
        for e in line:
            if last is not None and e[a] <= last[b] + tolerance:
                last[b] = max(last[b], e[b])
                continue
            last = {"orientation": o, "x0": e["x0"], "x1": e["x1"], "top": e["top"], "bottom": e["bottom"]}
            out.append(last)
    return out


BAND_MAX = 80.0     # a title row between two row rules is at most this tall (points)


def _band_beyond(hs: Sequence[dict], vs: Sequence[dict], x0: float, x1: float, y: float, way: int,
                 tolerance: float) -> Optional[float]:
    """The next horizontal rule of the same extent [x0, x1] past the rule at y (way -1: above,
    1: below) at most BAND_MAX away, with no vertical rule inside [x0, x1] between them: the far
    rule of a row drawn without column rules. None when there is none."""
    best = None
    for e in hs:
        d = (e["top"] - y) * way
        if tolerance < d <= BAND_MAX and abs(e["x0"] - x0) <= tolerance and abs(e["x1"] - x1) <= tolerance:
            if best is None or d < (best - y) * way:
                best = e["top"]
    if best is None:
        return None
    lo, hi = min(y, best), max(y, best)
    if any(x0 + tolerance < v["x0"] < x1 - tolerance and v["bottom"] > lo + tolerance and v["top"] < hi - tolerance
           for v in vs):
        return None
    return best
