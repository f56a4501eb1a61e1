"""Reports as PDF files, drawn the way Word prints them: wrapped text, ruled grids, page breaks.

The PDF reader sees only positioned characters and (when ruled) lines, so what matters
is geometry: labels wrapped inside narrow cells, merged label cells with their text
centred in the span, numbers centred in their columns, and Table 3 running over a page
break with its 三、本年度办理结果 cell cut in two.  Tables are drawn cell by cell on a
reportlab canvas (platypus cannot split a table inside a 22-row span).  The font is
reportlab's built-in CID font STSong-Light, so no font file is needed; pdfminer maps it
back to Unicode with its bundled CMaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from gknb.synth.render.grid import Grid, GridCell
from gknb.synth.render.outline import build_outline, variation_rng

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = 10.5, 16.0, 8.0
LEADING = 1.45
CELL_PAD = 2.0
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.+\-]+|.", re.DOTALL)  # keep numbers whole when wrapping
# Column widths in points: label columns, then value columns (sum = TEXT_WIDTH).
_WIDTHS = {
    "active_disclosure": [TEXT_WIDTH * 0.34] + [TEXT_WIDTH * 0.22] * 3,
    "applications": [34.0, 62.0, 134.0] + [(TEXT_WIDTH - 230.0) / 7] * 7,
    "review_litigation": [TEXT_WIDTH / 15] * 15,
}

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking by character width, honouring the label's own breaks."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for token in _UNBREAKABLE.findall(part):
            if line and pdfmetrics.stringWidth(line + token, FONT, size) > width:
                lines.append(line)
                line = token.lstrip()
            else:
                line += token
        lines.append(line)
    return lines


@dataclass
class _Page:
    canvas: Canvas
    y: float = PAGE_HEIGHT - MARGIN
    number: int = 1

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def new_page(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, f"- {self.number} -")
        self.canvas.showPage()
        self.number += 1
        self.y = PAGE_HEIGHT - MARGIN

    def text(self, text: str, size: float, *, centre: bool = False, indent: float = 0.0) -> None:
        for i, line in enumerate(wrap(text, TEXT_WIDTH - (indent if not centre else 0), size)):
            self.need(size * LEADING)
            self.y -= size * LEADING
            self.canvas.setFont(FONT, size)
            if centre:
                self.canvas.drawCentredString(PAGE_WIDTH / 2, self.y, line)
            else:
                self.canvas.drawString(MARGIN + (indent if i == 0 else 0), self.y, line)


def _cell_lines(cell: GridCell, width: float) -> list[str]:
    return [] if cell.blank else wrap(cell.text, width - 2 * CELL_PAD, TABLE_SIZE)


def _row_heights(grid: Grid, widths: list[float]) -> list[float]:
    """Each row as tall as its tallest single-row cell; spanned cells get room in their last row."""
    line = TABLE_SIZE * LEADING
    heights = [line + 2 * CELL_PAD] * len(grid.rows)
    matrix = grid.matrix()
    for r, slots in enumerate(matrix):
        for c, slot in enumerate(slots):
            if slot.top and slot.left:
                width = sum(widths[c : c + slot.cell.colspan])
                need = len(_cell_lines(slot.cell, width)) * line + 2 * CELL_PAD
                span = range(r, r + slot.cell.rowspan)
                short = need - sum(heights[i] for i in span)
                if short > 0:
                    heights[span[-1]] += short
    return heights


def _draw_grid(page: _Page, grid: Grid, *, ruled: bool, break_at: int | None) -> None:
    """Rows top to bottom, a new page when a row does not fit (or at ``break_at``)."""
    widths = _WIDTHS[grid.key]
    lefts = [MARGIN + sum(widths[:c]) for c in range(grid.width)]
    heights = _row_heights(grid, widths)
    matrix = grid.matrix()
    # Where each row's top lies, and on which page: computed first so a span cut by the
    # page break is drawn as one piece per page.
    placed: list[tuple[int, float]] = []  # (page offset, row top y)
    y, offset = page.y, 0
    for r, h in enumerate(heights):
        if y - h < MARGIN or r == break_at:
            offset, y = offset + 1, PAGE_HEIGHT - MARGIN
        placed.append((offset, y))
        y -= h
    canvas = page.canvas
    for part in range(offset + 1):
        if part:
            page.new_page()
        rows = [r for r, (o, _) in enumerate(placed) if o == part]
        if not rows:
            continue  # the table's first row did not fit below the text: it starts on the next page
        canvas.setFont(FONT, TABLE_SIZE)
        canvas.setLineWidth(0.5)
        for r in rows:
            for c, slot in enumerate(matrix[r]):
                starts_here = slot.left and (slot.top or r == rows[0])
                if not starts_here:
                    continue
                cell = slot.cell
                span = [i for i in rows if i >= r and matrix[i][c].cell is cell]
                top = placed[r][1]
                bottom = placed[span[-1]][1] - heights[span[-1]]
                width = sum(widths[c : c + cell.colspan])
                if ruled:
                    canvas.rect(lefts[c], bottom, width, top - bottom)
                if slot.top:
                    _draw_cell_text(canvas, cell, lefts[c], width, top, bottom)
        page.y = placed[rows[-1]][1] - heights[rows[-1]]


def _draw_cell_text(canvas: Canvas, cell: GridCell, left: float, width: float, top: float, bottom: float) -> None:
    lines = _cell_lines(cell, width)
    line = TABLE_SIZE * LEADING
    y = (top + bottom) / 2 + len(lines) * line / 2 - TABLE_SIZE
    for text in lines:
        canvas.drawCentredString(left + width / 2, y, text)
        y -= line


def render_pdf(report: dict[str, Any], *, ruled: bool = True) -> bytes:
    """Title, preamble with 统计期限, section headings, prose and Tables 2–4, Table 3 over a page break."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setTitle(f"{report['agency']}{report['year']}年政府信息公开工作年度报告")
    page = _Page(canvas)
    two_line_title = variation_rng(report, "pdf").random() < 0.5
    for block in build_outline(report).blocks:
        if block.kind == "title":
            if two_line_title:  # 洪泽区人民政府 / 2023年政府信息公开工作年度报告, as many PDFs set it
                page.text(report["agency"], TITLE_SIZE, centre=True)
                page.text(block.text.removeprefix(report["agency"]), TITLE_SIZE, centre=True)
            else:
                page.text(block.text, TITLE_SIZE, centre=True)
            page.y -= BODY_SIZE
        elif block.kind == "heading":
            page.text(block.text, BODY_SIZE + 1)
        elif block.kind == "paragraph":
            page.text(block.text, BODY_SIZE, indent=2 * BODY_SIZE)
        elif block.grid is not None:
            page.y -= 4
            break_at = _forced_break(block.grid, page.y)
            _draw_grid(page, block.grid, ruled=ruled, break_at=break_at)
            page.y -= 6
    page.new_page()
    canvas.save()
    return out.getvalue()


def _forced_break(grid: Grid, y: float) -> int | None:
    """Table 3 always crosses a page break: if it would fit where it starts, break it mid-way."""
    if grid.key != "applications":
        return None
    heights = _row_heights(grid, _WIDTHS[grid.key])
    return len(grid.rows) // 2 if y - sum(heights) >= MARGIN else None
