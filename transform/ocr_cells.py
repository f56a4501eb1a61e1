"""OCR provenance for the report's cells: which values were read from images, how surely.

The matcher hands on each value's printed text, not the reader's cell, so a value is traced
back by its row: the document row whose last cells hold exactly the row's printed values
(blank for blank) is where they came from, cell by cell.  A row found nowhere (a table
reassembled across lines) keeps ``ocr`` from the document and no confidence.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from extract.document import Cell, Document
from transform.report import CellSource, Report


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
    used: set[int] = set()
    for sources in groups.values():
        n = len(sources)
        found = None
        for i, cells in enumerate(candidates):
            if i in used or len(cells) < n:
                continue
            tail = cells[-n:]
            if all(_same(c, s.raw) for c, s in zip(tail, sources)):
                found = i
                break
        if found is None:
            for s in sources:
                s.ocr = all_ocr
            continue
        used.add(found)
        for cell, s in zip(candidates[found][-n:], sources):
            s.ocr, s.confidence = cell.ocr, cell.confidence
