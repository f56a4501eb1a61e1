"""Word .docx documents to cells: paragraphs and tables in body order, merged cells laid out once.

python-docx's ``table.rows[i].cells`` repeats a merged cell in every slot it covers, so the
grid is rebuilt from the XML instead: ``w:gridSpan`` widens a cell, ``w:vMerge`` without
``restart`` continues the cell above (and is not emitted again).  A cell's text is its
paragraphs joined without line breaks, since labels wrap inside cells.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.oxml.ns import qn
from lxml import etree

from extract.document import Cell, Document, ReadError

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TCPR, _GRIDSPAN, _VMERGE, _VAL = qn("w:t"), qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(_T)).strip()


def _cell_text(tc: etree._Element) -> str:
    return "".join(_text(p) for p in tc.iter(_P))


def _span_and_merge(tc: etree._Element) -> tuple[int, bool]:
    """(grid columns covered, whether the cell continues a vertical merge from above)."""
    pr = tc.find(_TCPR)
    if pr is None:
        return 1, False
    span_el = pr.find(_GRIDSPAN)
    span = int(span_el.get(_VAL, "1")) if span_el is not None else 1
    merge_el = pr.find(_VMERGE)
    continues = merge_el is not None and merge_el.get(_VAL) in (None, "continue")
    return max(1, span), continues


class _Reader:
    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.lines: list[str] = []
        self.row = 0
        self.table = 0

    def paragraph(self, p: etree._Element) -> None:
        text = _text(p)
        if text:
            self.cells.append(Cell(text, row=self.row))
            self.lines.append(text)
            self.row += 1

    def grid(self, tbl: etree._Element) -> None:
        for tr in tbl.iterchildren(_TR):
            col = 0
            line = []
            for tc in tr.iterchildren(_TC):
                span, continues = _span_and_merge(tc)
                if tc.find(f".//{_TBL}") is not None:
                    # A table nested in a cell: its rows come after this row's cells.
                    for inner in tc.iterchildren(_TBL):
                        self.table += 1
                        self.grid(inner)
                elif not continues:
                    text = _cell_text(tc)
                    self.cells.append(Cell(text, row=self.row, col=col, table=self.table))
                    line.append(text)
                col += span
            if line:
                self.lines.append("\t".join(line))
            self.row += 1
        self.table += 1


def read_docx(data: bytes, source: str) -> Document:
    try:
        doc = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as err:
        raise ReadError(f"not a readable .docx: {type(err).__name__}: {err}") from None
    reader = _Reader()
    for child in doc.element.body.iterchildren():
        if child.tag == _P:
            reader.paragraph(child)
        elif child.tag == _TBL:
            reader.grid(child)
    props = doc.core_properties
    meta = {k: v for k, v in (("docx_title", props.title), ("docx_author", props.author)) if v}
    if props.created:
        meta["docx_created"] = props.created.date().isoformat()
    return Document(source=source, media_type="docx", cells=reader.cells, text="\n".join(reader.lines), meta=meta)
