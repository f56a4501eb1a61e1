"""The one intermediate form every reader produces: a document as positioned cells.

Readers know the format (HTML grid, DOCX table, PDF word positions, text lines) and
nothing about reports; the template matcher (transform.matcher) knows reports and nothing
about formats.  A Cell is one piece of text whose extent the reader could see: a grid
cell, a tab-separated field, a line, a paragraph.  Where the reader could not see cell
boundaries at all (text with cells glued together) it says so with ``glued``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gknb.model.issues import Issue


@dataclass(slots=True)
class Cell:
    text: str
    # Physical row the reader placed the cell in (a <tr>, a DOCX row, a PDF table row,
    # a tab-separated line).  None when the format carries no row structure (one cell
    # per paragraph, glued text): the matcher then reads values up to the next label.
    row: int | None = None
    col: int | None = None  # grid column of the cell's first slot, when known
    table: int | None = None  # index of the source table (grid formats), None for free text
    glued: bool = False  # the text may hold several cells run together without separators
    ocr: bool = False  # the text was read from an image by OCR
    confidence: float | None = None  # the recogniser's confidence in an OCR'd text (0..1)


@dataclass(slots=True)
class Document:
    source: str
    media_type: str  # html | text | pdf | docx | image
    cells: list[Cell]
    text: str  # the document's plain text in reading order, for title/agency/year detection
    meta: dict[str, str] = field(default_factory=dict)  # 索引号, 发布机构, 成文日期, 发布日期, title, <meta> tags
    # False when the reader saw the document stop inside a structure (an unterminated
    # table): the last row read may be cut and must not complete a table.
    complete: bool = True
    issues: list[Issue] = field(default_factory=list)
    ocr: bool = False  # some of the cells were read from page images by OCR


class ReadError(Exception):
    """The document cannot be read at all (not the format it claims, truncated, empty).

    ``status`` is the report status it maps to: failed, needs_ocr or not_report;
    ``media_type`` the format the document was taken for, once that was decided.
    """

    def __init__(self, message: str, status: str = "failed", *, media_type: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.media_type = media_type
