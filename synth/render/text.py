"""Reports as plain text, in the shapes extraction tools leave them (seeds in /work/shared/seeds/).

- ``cell_per_line`` (Word → text, seeds 000/001/004): each cell of a Word row on its own line
  behind a TAB, a blank line after each row; a vertically merged cell shows as a bare TAB
  line in the rows it continues into, a blank cell too; a label the cell wrapped goes on
  to an untabbed line.
- ``cell_per_paragraph`` (seed 002): every cell a paragraph between blank lines; blank and
  merged cells leave nothing, so cell boundaries survive but positions do not.  Pages of
  this kind often carry half-width punctuation.
- ``tab_rows`` (seed 003): one line per table row, every grid column a TAB-separated field;
  a label merged over several rows sits on its first row or, as PDF extractors place it,
  on its middle row.
- ``markdown``: pipe tables with a ``|---|`` rule under the first row.
- ``spaced`` (PDF text): a line per row, the cells' texts separated by single spaces;
  blank cells vanish.
- ``bare_lines`` (a web page's table copied as text, ``pdftotext`` without ``-layout``): every
  cell on its own line with nothing to mark rows; blank cells vanish.
- ``pipe_cells`` (some HTML-to-text tools): every cell on its own line followed by `` |``, a
  line of pipes between rows; blank cells vanish.
- ``pdf_wrapped`` (PDF text of a table whose label column wraps): a row per line, but a label
  longer than its cell is cut in two with the row's values on the line between the halves, as
  the values sit vertically centred in the tall cell; blank cells vanish.
- ``values_first`` (PDF text, labels bottom-aligned): each row's values on the line above its label.
- ``glued``: cells run together with no separator (``行政规范性文件8855698``), several table
  rows sometimes on one line; only the table's arithmetic can cut the digits apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from gknb.synth.render.grid import Grid, GridCell
from gknb.synth.render.outline import build_outline, variation_rng

_HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


def _shown(cell: GridCell) -> str:
    """What a text tool prints for a cell: its text, nothing for a blank."""
    return "" if cell.blank else cell.text


def _cell_per_line(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in grid.word_rows():
        for cell, continued in row:
            first, *wrapped = ("" if continued else _shown(cell)).split("\n")
            lines.append("\t" + first)
            lines += wrapped
        lines.append("")
    return lines + [""]


def _cell_per_paragraph(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in grid.rows:
        for cell in row:
            text = _shown(cell)
            if not text:
                continue
            # A wrapped column head becomes two paragraphs or two lines of one (seed 002:
            # 商业 / 企业, 结果 / 纠正); row labels stay whole there.
            if not cell.head:
                text = cell.flat
            lines += [text.replace("\n", "\n\n" if rng.random() < 0.5 else "\n"), ""]
    return lines


def _placed_rows(grid: Grid, rng: random.Random) -> list[list[str]]:
    """Grid rows as fields; a label spanning rows goes to its first or its middle row."""
    matrix = grid.matrix()
    middle = rng.random() < 0.5
    fields: list[list[str]] = []
    for r, slots in enumerate(matrix):
        row: list[str] = []
        for c, slot in enumerate(slots):
            cell = slot.cell
            if not slot.left or cell.value:
                row.append(_shown(cell).replace("\n", "") if slot.top and slot.left else "")
                continue
            start = next(i for i in range(r, -1, -1) if i == 0 or matrix[i - 1][c].cell is not cell)
            home = start + (cell.rowspan - 1) // 2 if middle and cell.rowspan > 2 else start
            row.append(cell.flat if r == home else "")
        fields.append(row)
    return fields


def _tab_rows(grid: Grid, rng: random.Random) -> list[str]:
    return ["\t".join(row) for row in _placed_rows(grid, rng)] + [""]


def _markdown(grid: Grid, rng: random.Random) -> list[str]:
    rows = _placed_rows(grid, rng)
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * grid.width)
    return ["", *lines, ""]


def _row_texts(row: tuple[GridCell, ...]) -> list[str]:
    return [t for t in (_shown(c).replace("\n", "") for c in row) if t]


def _spaced(grid: Grid, rng: random.Random) -> list[str]:
    return [" ".join(_row_texts(row)) for row in grid.rows]


def _bare_lines(grid: Grid, rng: random.Random) -> list[str]:
    return [text for row in grid.rows for text in _row_texts(row)]


def _pipe_cells(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in grid.rows:
        lines += [f"{text} |" for text in _row_texts(row)]
        lines.append("|" * (len(row) + 1))
    return lines


def _label_and_values(row: tuple[GridCell, ...]) -> tuple[str, str]:
    label = "".join(c.flat for c in row if not c.value and c.text)
    values = " ".join(t for t in (_shown(c) for c in row if c.value) if t)
    return label, values


def _pdf_wrapped(grid: Grid, rng: random.Random) -> list[str]:
    """A label cell ``width`` characters wide wraps onto k lines; the values sit at the cell's
    vertical centre: on the middle label line when k is odd, on a line of their own between
    the two middle lines when k is even."""
    width = rng.choice((8, 10, 12, 14))
    lines: list[str] = []
    for row in grid.rows:
        label, values = _label_and_values(row)
        parts = [label[k : k + width] for k in range(0, len(label), width)] or [""]
        if not values or len(parts) == 1:
            lines.append(f"{label} {values}".strip())
            continue
        middle = len(parts) // 2
        if len(parts) % 2:
            lines += [*parts[:middle], f"{parts[middle]} {values}", *parts[middle + 1 :]]
        else:
            lines += [*parts[:middle], values, *parts[middle:]]
    return lines


def _values_first(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for row in grid.rows:
        label, values = _label_and_values(row)
        lines += [values, label] if values and label else [label or values]
    return lines


def _glued(grid: Grid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    run = ""
    for row in grid.rows:
        run += "".join(_row_texts(row))
        if rng.random() < 0.6:  # several rows often end up on one line
            lines.append(run)
            run = ""
    return lines + ([run] if run else [])


_TABLE_RENDERERS: dict[str, Callable[[Grid, random.Random], list[str]]] = {
    "cell_per_line": _cell_per_line,
    "cell_per_paragraph": _cell_per_paragraph,
    "tab_rows": _tab_rows,
    "markdown": _markdown,
    "spaced": _spaced,
    "glued": _glued,
    "bare_lines": _bare_lines,
    "pipe_cells": _pipe_cells,
    "pdf_wrapped": _pdf_wrapped,
    "values_first": _values_first,
}
LAYOUTS = tuple(_TABLE_RENDERERS)


def render_text(report: dict[str, Any], layout: str = "cell_per_line") -> str:
    """The whole report — title, preamble, sections, tables — as text in one of ``LAYOUTS``."""
    if layout not in _TABLE_RENDERERS:
        raise ValueError(f"unknown text layout {layout!r}")
    rng = variation_rng(report, layout)
    table_lines = _TABLE_RENDERERS[layout]
    breaks = layout in ("cell_per_line", "cell_per_paragraph")
    paragraph_gap = layout == "cell_per_paragraph"
    lines: list[str] = []
    for block in build_outline(report, break_labels=breaks).blocks:
        if block.grid is not None:
            lines += table_lines(block.grid, rng)
            continue
        text = block.text
        if layout == "markdown" and block.kind != "paragraph":
            text = ("# " if block.kind == "title" else "## ") + text
        lines.append(text)
        if paragraph_gap or layout == "markdown":
            lines.append("")
    text = "\n".join(lines) + "\n"
    if paragraph_gap and rng.random() < 0.5:
        text = text.translate(_HALF_WIDTH)
    return text
