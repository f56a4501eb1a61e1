"""Ruled tables of a PDF page: cell boxes from the drawn rules, and the grid built on them.

The cell finding is pdfplumber's "lines" strategy (after Anssi Nurminen's thesis and Tabula),
kept step for step because the reader's outputs were tuned on it: every line, rectangle side
and axis-aligned curve segment is an edge; edges within 3 points snap to their mean and join
along their line; edges shorter than 3 points go; where a vertical and a horizontal edge
meet (3 points' tolerance) is a corner; the smallest rectangle whose four corners are joined
by edges is a cell; cells sharing corners are one table.  Edges are plain tuples here, and
the corner search looks its neighbours up by coordinate instead of scanning every corner.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gknb.extract.readers.grid_lines import merge_lines, nearest_line
from gknb.extract.readers.pdf_page import Glyph, Shape

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Edge = tuple[float, float, float, float]  # x0, top, x1, bottom of one edge (a segment)

SNAP = 3.0  # points: parallel edges closer than this are one
JOIN = 3.0  # points: collinear edges with a gap below this are one
MIN_EDGE = 3.0  # points: shorter edges are dropped
MIN_PREFILTER = 1.0  # points: shorter edges are not considered at all
CORNER = 3.0  # points: an edge ending this close to another still meets it
GRID_TOLERANCE = 2.0  # points: cell edges closer than this are one grid line
RULE_THICKNESS = 2.5  # points: a filled rectangle thinner than this is a drawn rule


# --- which rectangles are rules -------------------------------------------------------------


def _is_rule(shape: Shape) -> bool:
    return shape.stroke or min(shape.x1 - shape.x0, shape.bottom - shape.top) <= RULE_THICKNESS


def _on_rule(pos: float, lo: float, hi: float, rules: Sequence[tuple[float, float, float]]) -> bool:
    """Does the segment pos × [lo, hi] lie on one of the rules (pos, start, end), sorted by
    position, for most of its length?"""
    for k in range(bisect_left(rules, (pos - GRID_TOLERANCE,)), len(rules)):
        rpos, rlo, rhi = rules[k]
        if rpos - pos > GRID_TOLERANCE:
            return False
        if abs(rpos - pos) <= GRID_TOLERANCE and min(hi, rhi) - max(lo, rlo) >= 0.5 * (hi - lo):
            return True
    return False


def _two_on_rules(sides: Sequence[tuple[float, float, float, Sequence[tuple[float, float, float]]]]) -> bool:
    """Do at least two of the sides lie on rules?  Stops as soon as the answer is known."""
    on = off = 0
    for side in sides:
        if _on_rule(*side):
            on += 1
            if on == 2:
                return True
        else:
            off += 1
            if off > len(sides) - 2:
                return False
    return False


def drawn_shapes(shapes: Sequence[Shape]) -> list[Shape]:
    """The shapes without filled, unstroked rectangles that are not part of a ruled table.

    Office exports paint a white rectangle behind every line of text and every table cell.
    Taken as rules, the line backgrounds turn paragraphs into one-column tables glued to the
    real tables; ignored entirely, a table cut by a page break loses its last row, whose
    bottom edge only the cell backgrounds draw.  A background counts as rules where two of
    its sides lie on drawn lines."""
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    rules = [s for s in shapes if s.kind == "line"] + [s for s in shapes if s.kind == "rect" and _is_rule(s)]
    for s in rules:
        if s.x1 - s.x0 >= s.bottom - s.top:
            horizontal += [(s.top, s.x0, s.x1), (s.bottom, s.x0, s.x1)]
        if s.bottom - s.top >= s.x1 - s.x0:
            vertical += [(s.x0, s.top, s.bottom), (s.x1, s.top, s.bottom)]
    horizontal.sort()
    vertical.sort()
    kept = []
    for s in shapes:
        if s.kind == "rect" and not _is_rule(s):
            sides = (
                (s.x0, s.top, s.bottom, vertical),
                (s.x1, s.top, s.bottom, vertical),
                (s.top, s.x0, s.x1, horizontal),
                (s.bottom, s.x0, s.x1, horizontal),
            )
            if not _two_on_rules(sides):
                continue
        kept.append(s)
    return kept


# --- edges to cells (pdfplumber's lines strategy) -------------------------------------------


def _edges(shapes: Sequence[Shape]) -> tuple[list[Edge], list[Edge]]:
    """Vertical and horizontal edges in pdfplumber's order: lines, rectangle sides, curve segments."""
    vertical: list[Edge] = []
    horizontal: list[Edge] = []
    for s in shapes:
        if s.kind == "line":  # a line that is not flat counts as vertical, as in pdfplumber
            (horizontal if s.top == s.bottom else vertical).append((s.x0, s.top, s.x1, s.bottom))
    for s in shapes:
        if s.kind == "rect":
            bottom = s.top + (s.bottom - s.top)
            horizontal += [(s.x0, s.top, s.x1, s.top), (s.x0, bottom, s.x1, bottom)]
            vertical += [(s.x0, s.top, s.x0, s.bottom), (s.x1, s.top, s.x1, s.bottom)]
    for s in shapes:
        if s.kind == "curve":
            for (ax, ay), (bx, by) in zip(s.points, s.points[1:]):
                edge = (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
                if ax == bx:
                    vertical.append(edge)
                elif ay == by:
                    horizontal.append(edge)
    vertical = [e for e in vertical if e[3] - e[1] >= MIN_PREFILTER]
    horizontal = [e for e in horizontal if e[2] - e[0] >= MIN_PREFILTER]
    return vertical, horizontal


def _snap(edges: list[Edge], axis: int) -> list[Edge]:
    """Edges whose position (x0 for vertical, top for horizontal) is within SNAP of the
    next moved to their cluster's mean, clusters in position order."""
    values = sorted(set(e[axis] for e in edges))
    cluster_of: dict[float, int] = {}
    n = -1
    last = None
    for v in values:
        if last is None or v > last + SNAP:
            n += 1
        cluster_of[v] = n
        last = v
    clusters: list[list[Edge]] = [[] for _ in range(n + 1)]
    for e in edges:
        clusters[cluster_of[e[axis]]].append(e)
    out: list[Edge] = []
    for cluster in clusters:
        mean = sum(e[axis] for e in cluster) / len(cluster)
        for x0, top, x1, bottom in cluster:
            if axis == 0:
                out.append((x0 + (mean - x0), top, x1 + (mean - x0), bottom))
            else:
                out.append((x0, top + (mean - top), x1, bottom + (mean - top)))
    return out


def _join(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Collinear edges (same position) joined where they overlap or nearly touch."""
    lo, hi = (1, 3) if vertical else (0, 2)
    pos = 0 if vertical else 1
    joined: list[Edge] = []
    for _, group in sorted(_groups(edges, pos).items()):
        group.sort(key=lambda e: e[lo])
        run = [group[0]]
        for e in group[1:]:
            last = run[-1]
            if e[lo] <= last[hi] + JOIN:
                if e[hi] > last[hi]:
                    run[-1] = (last[0], last[1], e[2], last[3]) if not vertical else (last[0], last[1], last[2], e[3])
            else:
                run.append(e)
        joined += run
    length = (lambda e: e[3] - e[1]) if vertical else (lambda e: e[2] - e[0])
    return [e for e in joined if length(e) >= MIN_EDGE]


def _groups(edges: Iterable[Edge], pos: int) -> dict[float, list[Edge]]:
    groups: dict[float, list[Edge]] = {}
    for e in edges:
        groups.setdefault(e[pos], []).append(e)
    return groups


def _corners(vertical: list[Edge], horizontal: list[Edge]) -> dict[tuple[float, float], tuple[set[Edge], set[Edge]]]:
    """Where vertical and horizontal edges meet: (x, top) -> (vertical edges, horizontal edges)."""
    corners: dict[tuple[float, float], tuple[set[Edge], set[Edge]]] = {}
    by_top = sorted(horizontal, key=lambda e: (e[1], e[0]))
    for v in sorted(vertical, key=lambda e: (e[0], e[1])):
        vx, vtop, _, vbottom = v
        for h in by_top:
            hx0, htop, hx1, _ = h
            if vtop <= htop + CORNER and vbottom >= htop - CORNER and hx0 - CORNER <= vx <= hx1 + CORNER:
                corner = corners.setdefault((vx, htop), (set(), set()))
                corner[0].add(v)
                corner[1].add(h)
    return corners


def _cells(corners: dict[tuple[float, float], tuple[set[Edge], set[Edge]]]) -> list[Box]:
    """For each corner, the smallest cell it is the top-left of: the first corner below and
    the first to the right that an edge reaches, closed by a fourth corner both reach.
    Two corners are joined when they share an edge (a vertical one for a corner below, a
    horizontal one for a corner to the right)."""
    points = sorted(corners)
    below: dict[float, list[tuple[float, float]]] = {}
    right: dict[float, list[tuple[float, float]]] = {}
    position: dict[tuple[float, float], tuple[int, int]] = {}
    for p in points:  # sorted by x, then top: each column and row fills in order
        column = below.setdefault(p[0], [])
        row = right.setdefault(p[1], [])
        position[p] = (len(column), len(row))
        column.append(p)
        row.append(p)
    cells: list[Box] = []
    for pt in points:
        down_from, across_from = position[pt]
        verticals, horizontals = corners[pt]
        found = None
        for down in below[pt[0]][down_from + 1 :]:
            down_verticals, down_horizontals = corners[down]
            if verticals.isdisjoint(down_verticals):
                continue
            for across in right[pt[1]][across_from + 1 :]:
                across_verticals, across_horizontals = corners[across]
                if horizontals.isdisjoint(across_horizontals):
                    continue
                corner = (across[0], down[1])
                closing = corners.get(corner)
                if (
                    closing is not None
                    and not closing[0].isdisjoint(across_verticals)
                    and not closing[1].isdisjoint(down_horizontals)
                ):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables by shared corners, top to bottom; lone cells are no table.
    Sweeps the remaining cells in order, adding each that touches the growing table, until
    a sweep adds none (pdfplumber's order, which the grid's first-come slots depend on)."""
    remaining = [(cell, ((cell[0], cell[1]), (cell[0], cell[3]), (cell[2], cell[1]), (cell[2], cell[3]))) for cell in cells]
    corners: set[tuple[float, float]] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        left = []
        for cell, cell_corners in remaining:
            if not current or not corners.isdisjoint(cell_corners):
                corners.update(cell_corners)
                current.append(cell)
            else:
                left.append((cell, cell_corners))
        remaining = left
        if len(current) == before:
            tables.append(current)
            corners = set()
            current = []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def ruled_tables(shapes: Sequence[Shape]) -> list[list[Box]]:
    """The cell boxes of each ruled table drawn by these shapes."""
    vertical, horizontal = _edges(shapes)
    vertical, horizontal = _snap(vertical, 0), _snap(horizontal, 1)
    vertical, horizontal = _join(vertical, True), _join(horizontal, False)
    return _tables(_cells(_corners(vertical, horizontal)))


# --- cells to a grid ------------------------------------------------------------------------


@dataclass(slots=True)
class GridCell:
    row: int  # first grid row
    col: int  # first grid column
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass(slots=True)
class Grid:
    """A ruled table on one page: cell boxes laid on grid lines, each slot owned by one cell."""

    bbox: Box
    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    owner: dict[tuple[int, int], GridCell]

    @classmethod
    def from_boxes(cls, boxes: Sequence[Box]) -> Grid:
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        edges_x = [b[0] for b in boxes] + [b[2] for b in boxes]
        edges_y = [b[1] for b in boxes] + [b[3] for b in boxes]
        xs, ys = merge_lines(edges_x, GRID_TOLERANCE), merge_lines(edges_y, GRID_TOLERANCE)
        # cells share their edges: each distinct edge is snapped once
        col = {x: nearest_line(xs, x) for x in set(edges_x)}
        row = {y: nearest_line(ys, y) for y in set(edges_y)}
        cells: list[GridCell] = []
        owner: dict[tuple[int, int], GridCell] = {}
        for x0, top, x1, bottom in boxes:
            c0, c1, r0, r1 = col[x0], col[x1], row[top], row[bottom]
            if c1 <= c0 or r1 <= r0:
                continue
            cell = GridCell(r0, c0)
            cells.append(cell)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner.setdefault((r, c), cell)
        return cls(bbox, xs, ys, cells, owner)

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def place(self, g: Glyph, x: float, y: float) -> None:
        """Give a glyph (centred at x, y) to the cell holding its centre.  A slot no box
        covers (a rule the PDF never drew) becomes a cell of its own, so its text is not lost."""
        row = min(max(0, bisect_right(self.ys, y) - 1), len(self.ys) - 2)
        col = min(max(0, bisect_right(self.xs, x) - 1), len(self.xs) - 2)
        slot = (row, col)
        cell = self.owner.get(slot)
        if cell is None:
            cell = self.owner[slot] = GridCell(*slot)
            self.cells.append(cell)
        cell.glyphs.append(g)


def find_grids(shapes: Sequence[Shape]) -> list[Grid]:
    """The page's ruled tables with two columns or more (a one-column "table" is boxed text)."""
    grids = []
    for boxes in ruled_tables(drawn_shapes(shapes)):
        grid = Grid.from_boxes(boxes)
        if grid.columns >= 2 and grid.cells:
            grids.append(grid)
    return grids
