"""OCR provenance for the report's cells: which values were read from images, how surely.

The matcher hands on each value's printed text, not the reader's cell, so a value is traced
back by its row: the document row whose cells hold exactly the row's printed values side by
side (blank for blank) is where they came from, cell by cell.  A row found nowhere (a table
reassembled across lines) keeps ``ocr`` from the document and no confidence.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from gknb.extract.document import Cell, Document
from gknb.transform.report import CellSource, Report


def _same(cell: Cell, raw: str | None) -> bool:
    if raw is None:
        return not cell.text
    return unicodedata.normalize("NFKC", cell.text) == unicodedata.normalize("NFKC", raw)


def mark_ocr_cells(doc: Document, report: Report) -> None:
    """Set ``ocr`` and ``confidence`` on every report cell that an OCR'd document cell gave."""
    rows: dict[tuple[int | None, int], list[Cell]] = defaultdict(list)
    for cell in doc.cells:
        if cell.row is not None:
            rows[(cell.table, cell.row)].append(cell)
    candidates = [cells for _key, cells in sorted(rows.items(), key=lambda kv: kv[0][1])]
    all_ocr = all(c.ocr for c in doc.cells)
    groups: dict[tuple[str, str], list[CellSource]] = defaultdict(list)
    for source in report.cells:
        groups[(source.table, source.row)].append(source)
    used: set[tuple[int, int]] = set()
    for sources in groups.values():
        place = _find(candidates, sources, used)
        if place is None:
            for s in sources:
                s.ocr = all_ocr
            continue
        i, start = place
        used.add(place)
        for cell, s in zip(candidates[i][start : start + len(sources)], sources):
            s.ocr, s.confidence = cell.ocr, cell.confidence


def _find(candidates: list[list[Cell]], sources: list[CellSource], used: set[tuple[int, int]]) -> tuple[int, int] | None:
    """(document row, first cell) where the row's printed values stand side by side, the
    rightmost such place first (values follow their label); None when nowhere."""
    n = len(sources)
    for i, cells in enumerate(candidates):
        for start in range(len(cells) - n, -1, -1):
            if (i, start) not in used and all(_same(c, s.raw) for c, s in zip(cells[start : start + n], sources)):
                return i, start
    return None
