"""Reports as Word documents: the official tables with real merged cells, prose between them.

Many reports ship as .docx attachments.  What a DOCX reader must cope with is Word's own
merge model — a vertical merge is a run of ``w:vMerge`` cells, a horizontal one a
``w:gridSpan`` — so the tables are built by merging python-docx cells exactly as the forms
merge them, not by drawing look-alikes.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gknb.synth.render.grid import Grid
from gknb.synth.render.outline import build_outline

_FONT = "宋体"


def _add_grid(doc: Any, grid: Grid) -> None:
    table = doc.add_table(rows=len(grid.rows), cols=grid.width)
    table.style = "Table Grid"
    # table.cell() re-walks the whole table on every call; take the unmerged cells once.
    # Merges never overlap, so each cell outside earlier merges stays valid.
    unmerged = table._cells

    def at(r: int, c: int) -> Any:
        return unmerged[r * grid.width + c]

    for r, slots in enumerate(grid.matrix()):
        for c, slot in enumerate(slots):
            if not (slot.top and slot.left):
                continue
            cell = slot.cell
            target = at(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(at(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = "" if cell.blank else cell.text  # "\n" becomes a line break (w:br)
            target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_docx(report: dict[str, Any]) -> bytes:
    """Title, preamble, six sections and Tables 2–4 as a .docx file."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), _FONT)
    for block in build_outline(report).blocks:
        if block.grid is not None:
            _add_grid(doc, block.grid)
        elif block.kind == "title":
            title = doc.add_paragraph(block.text)
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.runs[0].font.size = Pt(16)
        else:
            paragraph = doc.add_paragraph(block.text)
            if block.kind == "heading":
                paragraph.runs[0].bold = True
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
