"""Spreadsheets (.xlsx with openpyxl, .xls with xlrd) to grid cells.

Some agencies attach the statistics tables as a workbook.  A sheet has no table elements:
a table is a block of consecutive rows that hold text, a merge or a bordered cell (a table
published empty still has its ruled rows), and every row of a block is read to the block's
width, so a blank cell at a row's end stays a blank cell (as a bordered table shows it).
A merged range is one source cell at its top-left slot, as a rowspan/colspan cell in HTML.
Numbers keep their printed form where the file has one; whole floats read as integers.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from gknb.extract.document import Cell, Document, ReadError

Grid = list[list[str]]  # one sheet: rows of cell texts ("" for empty)
Covered = set[tuple[int, int]]  # (row, col) slots inside a merge but not its top-left
Ruled = set[int]  # rows with a bordered cell: part of a table even when every cell is empty


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _xlsx_sheets(data: bytes) -> Iterator[tuple[Grid, Covered, Ruled]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise ReadError(f"unreadable .xlsx workbook: {type(err).__name__}: {err}") from err
    for sheet in book.worksheets:
        grid: Grid = []
        ruled: Ruled = set()
        for r, row in enumerate(sheet.iter_rows()):
            grid.append([_text(cell.value) for cell in row])
            if any(cell.border is not None and (cell.border.top.style or cell.border.left.style) for cell in row):
                ruled.add(r)
        covered: Covered = set()
        for rng in sheet.merged_cells.ranges:
            for r in range(rng.min_row - 1, rng.max_row):
                for c in range(rng.min_col - 1, rng.max_col):
                    if (r, c) != (rng.min_row - 1, rng.min_col - 1):
                        covered.add((r, c))
        yield grid, covered, ruled


def _xls_sheets(data: bytes) -> Iterator[tuple[Grid, Covered, Ruled]]:
    import xlrd

    try:
        # xlrd prints its complaints to stdout unless given a log of its own.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except Exception as err:  # xlrd.XLRDError and struct errors for damaged files
        raise ReadError(f"unreadable .xls workbook: {type(err).__name__}: {err}") from err
    for sheet in book.sheets():
        grid = [[_text(sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        ruled: Ruled = set()
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                border = book.xf_list[sheet.cell_xf_index(r, c)].border
                if border.top_line_style or border.left_line_style:
                    ruled.add(r)
                    break
        covered: Covered = set()
        for r0, r1, c0, c1 in sheet.merged_cells:
            covered.update((r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) != (r0, c0))
        yield grid, covered, ruled


def _blocks(grid: Grid, covered: Covered, ruled: Ruled) -> Iterator[tuple[int, int, int]]:
    """(first row, last row, width) of each run of rows holding text, merges or borders."""
    def filled(r: int) -> bool:
        return r in ruled or any(grid[r]) or any((r, c) in covered for c in range(len(grid[r])))

    def used_width(i: int) -> int:
        return max((c + 1 for c, t in enumerate(grid[i]) if t or (i, c) in covered), default=0)

    r, n = 0, len(grid)
    while r < n:
        if not filled(r):
            r += 1
            continue
        start = r
        while r < n and filled(r):
            r += 1
        yield start, r - 1, max(used_width(i) for i in range(start, r))


def _document(sheets: Iterator[tuple[Grid, Covered, Ruled]], source: str, media_type: str) -> Document:
    cells: list[Cell] = []
    lines: list[str] = []
    row = table = 0
    for grid, covered, ruled in sheets:
        for first, last, width in _blocks(grid, covered, ruled):
            for r in range(first, last + 1):
                texts = grid[r] + [""] * (width - len(grid[r]))
                line = []
                for c in range(width):
                    if (r, c) in covered:
                        continue
                    cells.append(Cell(texts[c], row, c, table))
                    line.append(texts[c])
                lines.append("\t".join(line).rstrip("\t"))
                row += 1
            table += 1
    if not cells:
        raise ReadError("workbook with no cells")
    return Document(source=source, media_type=media_type, cells=cells, text="\n".join(lines))


def read_xlsx(data: bytes, source: str) -> Document:
    return _document(_xlsx_sheets(data), source, "xlsx")


def read_xls(data: bytes, source: str) -> Document:
    return _document(_xls_sheets(data), source, "xls")
