"""Text PDFs to cells: ruled tables rebuilt from their cell boxes, everything else from line geometry.

A PDF has no cells, only glyphs at positions and the lines drawn around them, so naive
text extraction runs neighbouring cells together (``1 0 1 0 0`` for 10, 1, 0, 0 …), spaces
out CJK characters and puts a label that is vertically centred in a tall cell on a line of
its own, away from its numbers.  Here each character goes to the ruled cell that contains
its centre (``pdf_tables`` finds the cell boxes); a cell's text is its lines joined without
separators, which also rebuilds group labels written one character per line.  Characters
outside tables become lines (clustered by vertical centre), split into cells at wide gaps
so that tables drawn without rules still give one row per line, and lines that wrap
inside one paragraph are joined, so the document's text reads as sentences.

pdfium (through pypdfium2) reads the file; pages are read one at a time and closed, and a
document with more pages than ``GKNB_MAX_PDF_PAGES`` (default 300) is refused before any page
is read: a report is a few pages, and a hostile 2,000-page file would take minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import pypdfium2

from gknb.model import media
from gknb.extract.document import Cell, Document, ReadError
from gknb.extract.readers.pdf_meta import pdf_metadata
from gknb.extract.readers.pdf_page import Frame, Glyph, Metrics, page_glyphs, page_shapes
from gknb.extract.readers.pdf_tables import Grid, find_grids
from gknb.model.settings import settings
from gknb.model.issues import PAGE_UNREADABLE, Issue

# Geometry, in multiples of the font size.
LINE_TOLERANCE = 0.4  # vertical centres closer than this are one line
SPACE_GAP = 0.2  # a wider gap between two narrow characters is a space
CELL_GAP = 0.8  # a wider gap splits a line outside ruled tables into cells
COLUMN_TOLERANCE = 0.8  # value centres closer than this are one column
MIN_RUN = 3  # value rows needed to agree on columns
MIN_PITCHED = 4  # values a lone row needs for its even column pitch to count
WRAP_HALF = 1.0  # a wrapped label's line next to its numbers is at most this far from them
WRAP_PITCH = 2.0  # lines of one wrapped label are at most this far apart (centre to centre)
PARAGRAPH_GAP = 1.2  # lines of one paragraph are at most this far apart vertically
MARGIN_SLACK = 2.0  # a line ending this close to the right margin runs on into the next
TABLE_MATCH = 5.0  # points: a table continues on the next page when its sides are this close

_WIDE = re.compile(r"[\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．])")
_PAGE_MARK = re.compile(
    r"^(?:[-—–―─－_~·•\s]*\d{1,4}[-—–―─－_~·•\s]*|第\s*\d+\s*页\s*(?:[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+.*)$",
    re.IGNORECASE,
)
_VALUE = re.compile(r"^(?:[+\-]?\d[\d,，]*(?:\.\d+)?|[-—–/／－]+)$")  # a number, or a dash for none
_DECORATED = re.compile(r"[-—–―─－_~·•页/]|page", re.IGNORECASE)
_MID, _X0, _TOP, _BOTTOM, _SIZE = (attrgetter(a) for a in ("mid", "x0", "top", "bottom", "size"))
_ROW = 1 << 20  # a grid point (x, y) as x * _ROW + y: pages are far smaller than 2**19 points
_NEAR = tuple(dx * _ROW + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))


# --- characters to text ---------------------------------------------------------------------


def cluster_lines(chars: Iterable[Glyph]) -> list[list[Glyph]]:
    """Characters grouped into lines by vertical centre, top to bottom, each line left to right.

    Digits set in a Latin font sit a point lower than the CJK text around them; a tolerance
    relative to the font size keeps them on their line."""
    lines: list[list[Glyph]] = []
    anchor = 0.0
    for c in sorted(chars, key=_MID):
        mid = c.mid
        if lines and mid - anchor <= LINE_TOLERANCE * c.size:
            lines[-1].append(c)
        else:
            lines.append([c])
            anchor = mid
    for line in lines:
        line.sort(key=_X0)
    return lines


def unique_chars(chars: Iterable[Glyph]) -> list[Glyph]:
    """Visible characters, each once.  Fake bold draws a character twice a fraction of a
    point apart; a hash on the point grid (neighbouring cells included) finds the copy in
    linear time, where sorting every character of the page would not."""
    seen: dict[str, set[int]] = {}
    out: list[Glyph] = []
    for c in chars:
        cells = seen.get(c.text)
        key = round(c.x0) * _ROW + round(c.top)  # a point of the grid as one int
        if cells is None:
            seen[c.text] = {key}
        else:
            for offset in _NEAR:
                if key + offset in cells:
                    break
            else:
                cells.add(key)
                out.append(c)
            continue
        out.append(c)
    return out


def line_text(chars: Sequence[Glyph]) -> str:
    """One line's characters as text.  A space goes only between two narrow characters
    whose gap is wider than the line's usual gap: justified Chinese lines spread every
    character apart ("洪 泽 区" is an artefact), and letter-spaced titles spread digits too."""
    gaps = [c.x0 - p.x1 for p, c in zip(chars, chars[1:])]
    usual = max(0.0, sorted(gaps)[len(gaps) // 2]) if len(gaps) >= 3 else 0.0
    out = [chars[0].text] if chars else []
    for prev, c, gap in zip(chars, chars[1:], gaps):
        if gap - usual > SPACE_GAP * c.size and not (_WIDE.match(prev.text) or _WIDE.match(c.text)):
            out.append(" ")
        out.append(c.text)
    return "".join(out).strip()


def segments(line: Sequence[Glyph]) -> list[list[Glyph]]:
    """A line split at gaps wider than a character or so: the cells of a table without rules."""
    if not line:
        return []
    parts = [[line[0]]]
    for prev, c in zip(line, line[1:]):
        if c.x0 - prev.x1 <= CELL_GAP * c.size:
            parts[-1].append(c)
        else:
            parts.append([c])
    return parts


def cell_text(chars: Sequence[Glyph]) -> str:
    """A cell's lines joined without separators: labels wrap inside cells, and group labels
    are written one character per line."""
    if len(chars) == 1:  # most value cells
        return chars[0].text.strip()
    return "".join(line_text(line) for line in cluster_lines(chars))


# --- a page in reading order ----------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    """Text of one line between two wide gaps: a cell of a table drawn without rules."""

    text: str
    x0: float
    x1: float
    top: float

    @property
    def numeric(self) -> bool:
        return bool(_VALUE.match(self.text))


@dataclass(slots=True)
class Line:
    """A line of text outside ruled tables, with the geometry that decides paragraph joins."""

    segments: list[Segment]
    top: float
    bottom: float
    size: float
    starts_left: bool = False
    reaches_right: bool = False

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.segments]

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def first_value_x0(self) -> float | None:
        return next((s.x0 for s in self.segments if s.numeric), None)


@dataclass(slots=True)
class Block:
    top: float
    line: Line | None = None
    grid: Grid | None = None


def _page_lines(chars: list[Glyph]) -> list[Line]:
    lines = []
    for chars_of_line in cluster_lines(chars):
        segs = [
            Segment(text, part[0].x0, part[-1].x1, min(map(_TOP, part)))
            for part in segments(chars_of_line)
            if (text := line_text(part))
        ]
        if segs:
            lines.append(
                Line(
                    segs,
                    min(map(_TOP, chars_of_line)),
                    max(map(_BOTTOM, chars_of_line)),
                    max(map(_SIZE, chars_of_line)),
                )
            )
    return lines


def _overlaps(a: Segment, b: Segment) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0)


def _wraps_onto(near: Line, values: Line) -> bool:
    """Can ``near`` be the line of a wrapped label next to the value line ``values``?  A label
    centred on its row puts its lines half a line pitch from the numbers, or a whole pitch
    when its middle line shares the numbers' line; a neighbouring row's label is further."""
    distance = abs(values.centre - near.centre)
    if distance <= WRAP_HALF * near.size:
        return True
    labels = [s for s in values.segments if not s.numeric]
    return distance <= WRAP_PITCH * near.size and any(_overlaps(a, b) for a in near.segments for b in labels)


def _neighbour(lines: Sequence[Line], firsts: Sequence[float | None], i: int, step: int) -> int:
    """Distance, in tenths of the type size, from line i to the next line in direction
    ``step`` that is a value line or shares a column with it (a label's own next line)."""
    frag = lines[i]
    j = i + step
    while 0 <= j < len(lines):
        line = lines[j]
        if firsts[j] is not None or any(_overlaps(a, b) for a in frag.segments for b in line.segments):
            break
        j += step
    j = min(max(j, 0), len(lines) - 1)
    return round(abs(lines[j].centre - frag.centre) / (0.1 * frag.size))


def _owner(lines: Sequence[Line], firsts: Sequence[float | None], i: int) -> int | None:
    """The value line a label fragment belongs to, reached through the label's other lines.

    The lines of one label are one line pitch apart; the next row's label is further (cell
    padding), so the fragment looks first towards its nearer neighbour.  Every line on the
    way must sit left of the values, in the same type size, one pitch from the next.
    ``firsts`` holds each line's ``first_value_x0``."""
    frag = lines[i]
    found: list[tuple[float, float, int]] = []  # (distance to the neighbour, to the values, index)
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(lines) and abs(lines[j + step].centre - lines[j].centre) <= WRAP_PITCH * frag.size:
            line = lines[j + step]
            first_value = firsts[j + step]
            if first_value is not None:
                way = lines[min(i, j) : max(i, j) + 1]
                if (
                    abs(line.size - frag.size) <= 0.1 * frag.size
                    and all(w.x1 <= first_value + 0.5 * frag.size for w in way)
                    and _wraps_onto(lines[j], line)
                ):
                    found.append((_neighbour(lines, firsts, i, step), abs(line.centre - frag.centre), j + step))
                break
            j += step
    return min(found)[2] if found else None


def _merge_columns(pieces: list[Segment]) -> list[Segment]:
    """Pieces of one table row, top to bottom, joined where they overlap horizontally."""
    cells: list[Segment] = []
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        cell = next((c for c in cells if min(c.x1, piece.x1) > max(c.x0, piece.x0)), None)
        if cell is None:
            cells.append(Segment(piece.text, piece.x0, piece.x1, piece.top))
        else:
            cell.text += piece.text
            cell.x0, cell.x1 = min(cell.x0, piece.x0), max(cell.x1, piece.x1)
    return sorted(cells, key=lambda c: c.x0)


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Put label text wrapped above and below its values back into the values' row.

    In a table drawn without rules a label wrapped over two or three lines is centred on
    its row, so its lines sit above and below the numbers, each a line of its own
    ("行政规" / "0 0 62" / "范性文件").  Each such fragment joins the nearest value line."""
    firsts = [line.first_value_x0 for line in lines]  # asked for again and again below
    owners = {i: k for i, first in enumerate(firsts) if first is None and (k := _owner(lines, firsts, i)) is not None}
    pieces: dict[int, list[Segment]] = {}
    for i, k in owners.items():
        pieces.setdefault(k, list(lines[k].segments)).extend(lines[i].segments)
    for k, segs in pieces.items():
        lines[k].segments = _merge_columns(segs)
    return [line for i, line in enumerate(lines) if i not in owners]


def _value_runs(lines: Sequence[Line]) -> list[tuple[list[Line], list[Line]]]:
    """Consecutive lines holding values (the body of a table drawn without rules), each run
    with the lines of column heads right above it (same type size, no values, close)."""
    runs: list[tuple[list[Line], list[Line]]] = []
    for i, line in enumerate(lines):
        if line.first_value_x0 is None:
            continue
        if runs and runs[-1][1][-1] is lines[i - 1]:
            runs[-1][1].append(line)
            continue
        heads: list[Line] = []
        j = i - 1
        while j >= 0 and lines[j].first_value_x0 is None and abs(lines[j].size - line.size) <= 0.1 * line.size:
            below = heads[0] if heads else line
            if below.top - lines[j].bottom > WRAP_PITCH * line.size:
                break
            heads.insert(0, lines[j])
            j -= 1
        runs.append((heads, [line]))
    return runs


def _centre(s: Segment) -> float:
    return (s.x0 + s.x1) / 2


def _voted_columns(run: Sequence[Line]) -> list[float]:
    """Centres of the value columns most rows of a run fill."""
    clusters: list[list[float]] = []
    for x in sorted(_centre(s) for line in run for s in line.segments if s.numeric):
        if clusters and x - clusters[-1][-1] <= COLUMN_TOLERANCE * run[0].size:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [sum(c) / len(c) for c in clusters if len(c) >= 0.5 * len(run)]


def _pitched_columns(heads: Sequence[Line], run: Sequence[Line]) -> list[float]:
    """Evenly pitched columns, from the fullest row when its value gaps are whole multiples
    of the smallest gap (Table 4's fifteen equal columns), extended over the width of the
    heads above so that a blank first or last cell is seen too."""
    centres = max(([_centre(s) for s in line.segments if s.numeric] for line in run), key=len)
    gaps = [b - a for a, b in zip(centres, centres[1:])]
    pitch = min(gaps, default=0.0)
    if len(centres) < MIN_PITCHED or pitch < run[0].size or any(abs(g / pitch - round(g / pitch)) > 0.15 for g in gaps):
        return []
    columns = [centres[0] + k * pitch for k in range(round((centres[-1] - centres[0]) / pitch) + 1)]
    if heads:
        left, right = min(h.x0 for h in heads), max(h.x1 for h in heads)
        while columns[0] - pitch >= left - 0.25 * pitch:
            columns.insert(0, columns[0] - pitch)
        while columns[-1] + pitch <= right + 0.25 * pitch:
            columns.append(columns[-1] + pitch)
    return columns


def _head_columns(heads: Sequence[Line]) -> list[float]:
    """Centres of the value columns' heads on the line right above the run (Table 2's
    本年制发件数 …); the first head names the label column."""
    if not heads or len(heads[-1].segments) < 2:
        return []
    return [_centre(s) for s in heads[-1].segments[1:]]


def _placement(columns: Sequence[float], line: Line) -> list[int] | None:
    """The column of each value of the line, or None when a value sits off the columns or
    two share one."""
    taken = []
    for s in line.segments:
        if s.numeric:
            c = min(range(len(columns)), key=lambda c: abs(columns[c] - _centre(s)))
            if abs(columns[c] - _centre(s)) > COLUMN_TOLERANCE * line.size or c in taken:
                return None
            taken.append(c)
    return taken


def restore_blank_cells(lines: list[Line]) -> None:
    """A blank cell of a table drawn without rules leaves nothing on the page, and a row
    with a cell missing cannot be read.  Where the value columns are known — most rows of a
    run agree on them, or a short run fits an even pitch or the heads above it — a row with
    nothing in one of them gets an empty cell there.  Rows that fit no columns stay as printed."""
    for heads, run in _value_runs(lines):
        if len(run) >= MIN_RUN:
            columns = _voted_columns(run)
        else:
            candidates = (_pitched_columns(heads, run), _head_columns(heads))
            columns = next((c for c in candidates if c and all(_placement(c, ln) for ln in run)), [])
        if not columns:
            continue
        for line in run:
            taken = _placement(columns, line)
            if taken is None:
                continue
            label_end = max((s.x1 for s in line.segments if not s.numeric), default=line.x0)
            blanks = [x for c, x in enumerate(columns) if c not in taken and x > label_end]
            line.segments += [Segment("", x, x, line.top) for x in blanks]
            line.segments.sort(key=lambda s: s.x0)


def _drop_page_marks(lines: list[Line], height: float) -> list[Line]:
    """Page numbers ("- 3 -", "第 3 页 共 5 页") are not text.  A bare number counts only as
    the first or last line in the page margins: elsewhere it may be a table value."""
    keep = []
    for i, ln in enumerate(lines):
        text = " ".join(ln.texts)
        if _PAGE_MARK.match(text):
            in_margin = ln.top > 0.85 * height or ln.bottom < 0.15 * height
            if _DECORATED.search(text) or (in_margin and i in (0, len(lines) - 1)):
                continue
        keep.append(ln)
    return keep


def _mark_margins(lines: list[Line]) -> None:
    """Flag lines starting at the left margin and lines running to the right margin."""
    prose = [ln for ln in lines if len(ln.segments) == 1]
    if not prose:
        return
    left = min(ln.x0 for ln in prose)
    right = max(ln.x1 for ln in prose)
    for ln in prose:
        ln.starts_left = ln.x0 <= left + 0.5 * ln.size
        ln.reaches_right = ln.x1 >= right - MARGIN_SLACK * ln.size


def _grid_rows(grid: Grid) -> list[list[tuple[int, str]]]:
    """Each grid row's cells that start in it, as (column, text), left to right."""
    by_row: dict[int, list] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.row, []).append(cell)
    return [[(c.col, cell_text(c.glyphs)) for c in sorted(by_row[r], key=lambda c: c.col)] for r in sorted(by_row)]


def page_blocks(glyphs: list[Glyph], grids: list[Grid], height: float) -> list[Block]:
    """The page's ruled tables and text lines in reading order."""
    if not grids:
        free = glyphs
    else:
        free = []
        boxes = [(*grid.bbox, grid.place) for grid in grids]
        for c in glyphs:
            x, y = (c.x0 + c.x1) / 2, c.mid
            for x0, top, x1, bottom, place in boxes:
                if x0 <= x <= x1 and top <= y <= bottom:  # inside the table's box
                    place(c, x, y)
                    break
            else:
                free.append(c)
    lines = join_wrapped_labels(_drop_page_marks(_page_lines(free), height))
    _mark_margins(lines)
    blocks = [Block(ln.top, line=ln) for ln in lines] + [Block(g.bbox[1], grid=g) for g in grids]
    blocks.sort(key=lambda b: b.top)
    return blocks


# --- the document ---------------------------------------------------------------------------


def _text_runs(pages: Sequence[list[Block] | None]) -> list[list[Line]]:
    """Lines outside ruled tables, in runs that only a ruled table or an unreadable page
    interrupts: a table drawn without rules runs on over page breaks."""
    runs: list[list[Line]] = [[]]
    for blocks in pages:
        if blocks is None:
            runs.append([])
            continue
        for block in blocks:
            if block.line is not None:
                runs[-1].append(block.line)
            else:
                runs.append([])
    return [run for run in runs if run]


class _Builder:
    """Blocks of successive pages to cells with document-wide row ids and table indexes."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.text: list[str] = []
        self.row = 0
        self.tables = 0
        self.paragraph: Line | None = None  # the open paragraph a wrapped line may continue
        self.last_table: tuple[int, Grid] | None = None  # the table that ended the previous page

    def add_page(self, blocks: list[Block]) -> None:
        continued = self.last_table
        self.last_table = None
        for n, block in enumerate(blocks):
            if block.grid is not None:
                index = continued[0] if n == 0 and continued and _continues(continued[1], block.grid) else None
                self._table(block.grid, index)
            elif block.line is not None:
                self._line(block.line, first_on_page=n == 0)
        if not blocks or blocks[-1].grid is None:
            self.last_table = None

    def _table(self, grid: Grid, index: int | None) -> None:
        """Emit a table's rows; ``index`` when it continues the table that ended the last page."""
        if index is None:
            index = self.tables
            self.tables += 1
        for cells in _grid_rows(grid):
            self.cells.extend(Cell(text, row=self.row, col=col, table=index) for col, text in cells)
            self.text.append("\t".join(text for _, text in cells))
            self.row += 1
        self.paragraph = None
        self.last_table = (index, grid)

    def _line(self, line: Line, first_on_page: bool) -> None:
        if len(line.segments) > 1:  # a row of a table drawn without rules
            self.cells.extend(Cell(text, row=self.row) for text in line.texts)
            self.text.append(" ".join(line.texts))
            self.row += 1
            self.paragraph = None
            return
        text = line.segments[0].text
        if self.paragraph is not None and _runs_on(self.paragraph, line, first_on_page):
            self.cells[-1].text += text
            self.text[-1] += text
        else:
            self.cells.append(Cell(text, row=self.row))
            self.text.append(text)
            self.row += 1
        self.paragraph = line


def _runs_on(prev: Line, line: Line, first_on_page: bool) -> bool:
    """Is ``line`` the wrapped continuation of the paragraph ending with ``prev``?"""
    if not (prev.reaches_right and line.starts_left) or _HEADING.match(line.segments[0].text):
        return False
    if abs(prev.size - line.size) > 0.15 * prev.size:
        return False
    return first_on_page or 0 <= line.top - prev.bottom <= PARAGRAPH_GAP * line.size


def _continues(prev: Grid, grid: Grid) -> bool:
    """A table at the top of a page continues the one that ended the page before when its
    columns line up."""
    return (
        prev.columns == grid.columns
        and abs(prev.bbox[0] - grid.bbox[0]) <= TABLE_MATCH
        and abs(prev.bbox[2] - grid.bbox[2]) <= TABLE_MATCH
    )


# --- opening the file -----------------------------------------------------------------------


def _check_whole(data: bytes) -> None:
    """Refuse bytes that are not a whole PDF before parsing: pdfium recovers what it can from
    a cut file (it rebuilds a lost cross-reference table), and a document missing its last
    pages must not look complete."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF (no %PDF header)")
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise ReadError("truncated PDF: no %%EOF end marker")


def _open(data: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReadError("encrypted PDF: a password is needed to read it") from None
        if len(data[data.rfind(b"%%EOF") + 5 :].strip(b"\x00\r\n\t ")) > 1024:
            # Data after the last end marker: an incremental update that was cut short, or junk.
            raise ReadError(f"truncated or corrupt PDF: {err}") from None
        raise ReadError(f"unreadable PDF: {err}") from None


def _read_page(pdf: pypdfium2.PdfDocument, index: int) -> tuple[list[Block], int]:
    """One page's blocks and visible character count; the page is closed before returning,
    so memory stays flat however long the document."""
    page = pdf[index]
    try:
        frame = Frame(page)
        textpage = page.get_textpage()
        text_objects: dict[int, Metrics] = {}  # handle -> its glyphs' metrics
        try:
            glyphs = unique_chars(page_glyphs(textpage, frame, text_objects))
        finally:
            textpage.close()
        grids = find_grids(page_shapes(page, frame, text_objects)) if glyphs else []
        return page_blocks(glyphs, grids, frame.height), len(glyphs)
    finally:
        page.close()


def read_pdf(data: bytes, source: str) -> Document:
    _check_whole(data)
    pdf = _open(data)
    try:
        count = len(pdf)
        cap = settings().max_pdf_pages
        if count > cap:
            raise ReadError(f"PDF with {count} pages, over the cap of {cap} (GKNB_MAX_PDF_PAGES): not read")
        meta = pdf_metadata(pdf, data)
        issues: list[Issue] = []
        pages: list[list[Block] | None] = []  # None: a page that could not be read
        chars = 0
        for number in range(count):
            try:
                blocks, visible = _read_page(pdf, number)
            except Exception as err:  # one broken page must not lose the others
                issues.append(PAGE_UNREADABLE(f"page {number + 1}", f"page {number + 1}: unreadable ({type(err).__name__}: {err})"))
                pages.append(None)
                continue
            chars += visible
            pages.append(blocks)
    finally:
        pdf.close()
    if not pages:
        raise ReadError("PDF with no pages")
    if len(issues) == len(pages):
        raise ReadError(f"unreadable PDF: {issues[0]}")
    for lines in _text_runs(pages):
        restore_blank_cells(lines)
    builder = _Builder()
    for blocks in pages:
        builder.add_page(blocks or [])
    if chars == 0:
        raise ReadError(f"PDF with {len(pages)} page(s) and no text layer (scanned): needs OCR", status="needs_ocr")
    if sum("(cid:" in line for line in builder.text) >= 0.5 * len(builder.text):
        raise ReadError("PDF text has no Unicode mapping (glyph ids only): needs OCR", status="needs_ocr")
    return Document(
        source=source,
        media_type=media.PDF,
        cells=builder.cells,
        text="\n".join(builder.text),
        meta=meta,
        complete=not issues,
        issues=issues,
    )
