"""Word .docx documents to cells: paragraphs and tables in body order, merged cells laid out once.

python-docx's ``table.rows[i].cells`` repeats a merged cell in every slot it covers and
``doc.paragraphs`` / ``doc.tables`` lose the order between text and tables, so the body's
XML is walked directly: ``w:gridSpan`` widens a cell, ``w:vMerge`` without ``restart``
continues the cell above (not emitted again), ``w:gridBefore`` shifts a row's first cell.
A cell's text is its paragraphs joined without line breaks, since labels wrap inside
cells.  Content controls (``w:sdt``) are unwrapped; a table whose cells hold tables is
layout, and its cells are read as the body is.  Headers and footers are not body.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from gknb.model import media
from gknb.extract.document import Cell, Document, ReadError
from gknb.extract.zipguard import check_archive

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _SDT, _SDT_CONTENT = qn("w:t"), qn("w:tab"), qn("w:sdt"), qn("w:sdtContent")
_CUSTOM_XML = qn("w:customXml")
_TCPR, _TRPR, _GRIDSPAN, _GRID_BEFORE = qn("w:tcPr"), qn("w:trPr"), qn("w:gridSpan"), qn("w:gridBefore")
_VMERGE, _HMERGE, _VAL = qn("w:vMerge"), qn("w:hMerge"), qn("w:val")
# Word 2010+ stores a text box twice (mc:Choice and a VML mc:Fallback): read it once.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DRAWING, _PICT = qn("w:drawing"), qn("w:pict")
_WRAPPERS = frozenset({_SDT, _SDT_CONTENT, _CUSTOM_XML})


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom-XML wrappers."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, in order, wrappers unwrapped."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def paragraph_text(p: etree._Element) -> str:
    """The paragraph's text; a tab is a space, line breaks join (labels wrap by w:br too)."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB):
        if next(el.iterancestors(_FALLBACK), None) is None:
            parts.append(" " if el.tag == _TAB else el.text or "")
    return " ".join("".join(parts).split())


def cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined without separators, nested tables left out."""
    return "".join(paragraph_text(p) for p in _blocks(tc) if p.tag == _P)


def _int_val(parent: etree._Element | None, tag: str) -> int:
    el = parent.find(tag) if parent is not None else None
    try:
        return max(0, int(el.get(_VAL, "1"))) if el is not None else 0
    except ValueError:
        return 0


def _continues(pr: etree._Element | None, tag: str) -> bool:
    """Does a w:vMerge / w:hMerge mark continue a merge (no val, or val="continue")?"""
    el = pr.find(tag) if pr is not None else None
    return el is not None and el.get(_VAL) in (None, "continue")


class _Reader:
    """Body blocks to cells with document-wide row ids and table indexes."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.lines: list[str] = []
        self.row = 0
        self.tables = 0

    def container(self, element: etree._Element) -> None:
        for block in _blocks(element):
            if block.tag == _P:
                self.paragraph(block)
            else:
                self.grid(block)

    def paragraph(self, p: etree._Element) -> None:
        text = paragraph_text(p)
        if text:
            self.cells.append(Cell(text, row=self.row))
            self.lines.append(text)
            self.row += 1

    def grid(self, tbl: etree._Element) -> None:
        """A table: each cell once, at its first grid slot, blanks as "".  A row whose cells
        hold tables is layout (a frame around the report): its cells are read as bodies."""
        index = self.tables
        self.tables += 1
        for tr in _children(tbl, _TR):
            cells = list(_children(tr, _TC))
            if any(b.tag == _TBL for tc in cells for b in _blocks(tc)):
                for tc in cells:
                    if not _continues(tc.find(_TCPR), _VMERGE):
                        self.container(tc)
                continue
            col = _int_val(tr.find(_TRPR), _GRID_BEFORE)
            line: list[str] = []
            for tc in cells:
                pr = tc.find(_TCPR)
                if not (_continues(pr, _VMERGE) or _continues(pr, _HMERGE)):
                    text = cell_text(tc)
                    self.cells.append(Cell(text, row=self.row, col=col, table=index))
                    line.append(text)
                col += max(1, _int_val(pr, _GRIDSPAN))
            if line:
                self.lines.append("\t".join(line))
                self.row += 1


def _meta(doc: object) -> dict[str, str]:
    props = doc.core_properties  # type: ignore[attr-defined]
    meta = {k: v.strip() for k, v in (("docx_title", props.title), ("docx_author", props.author)) if v and v.strip()}
    if props.created:
        meta["docx_created"] = props.created.date().isoformat()
    return meta


def read_docx(data: bytes, source: str) -> Document:
    check_archive(data, ".docx")
    try:
        doc = open_docx(io.BytesIO(data))
        body = doc.element.body
    except Exception as err:  # python-docx raises zip, key, value and XML errors on bad files
        raise ReadError(f"not a readable .docx: {type(err).__name__}: {err}") from None
    reader = _Reader()
    reader.container(body)
    try:
        meta = _meta(doc)
    except Exception:  # a malformed docProps/core.xml costs the metadata, not the document
        meta = {}
    if not any(cell.text.strip() for cell in reader.cells):
        if next(body.iter(_DRAWING, _PICT), None) is not None:
            raise ReadError("Word document with images and no text (scanned pages): needs OCR", status="needs_ocr")
        raise ReadError("Word document with no text")
    return Document(source=source, media_type=media.DOCX, cells=reader.cells, text="\n".join(reader.lines), meta=meta)
