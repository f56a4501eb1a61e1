"""Plain text as other tools extracted it, turned into cells.

Extraction tools leave tables in a few recognisable shapes, told apart by the lines:
- ``cell_lines``: every cell on its own line behind a TAB, a blank line between table rows,
  a cell's wrapped text on untabbed lines below it (Word → text);
- ``tab_rows``: one line per table row, cells separated by TABs;
- ``pipe``: markdown/pipe tables;
- ``paragraphs``: every cell a paragraph between blank lines (rows unknown);
- ``bare_cell_lines``: every cell on its own line with nothing to mark rows, as copying a web
  page's table or plain ``pdftotext`` gives (rows unknown: most value lines hold one value);
- ``glued``: labels and numbers run together with no separator (rows unknown);
- ``lines``: anything else, one row per line (PDF text: ``一、本年新收… 21 0 0 0 0 0 21``).
"""

from __future__ import annotations

import re

from gknb.extract.document import Cell, Document

_TAB_CELL = re.compile(r"^\t[^\t]*$")
_INNER_TAB = re.compile(r"[^\t\s][^\n]*\t|\t[^\t\n]*\t")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_VALUE_WORD = re.compile(r"^(?:[+\-]?\d[\d,，.]*(?:万元|元)?|[—\-/－–无])$")
_GLUED = re.compile(r"[\u4e00-\u9fff”）)](?:\d{4,})(?![\d年月日号条项件个次])")


def detect_layout(lines: list[str]) -> str:
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        return "lines"
    tab_cells = sum(1 for ln in lines if _TAB_CELL.match(ln))
    inner_tabs = sum(1 for ln in lines if _INNER_TAB.search(ln))
    if inner_tabs >= 10 and inner_tabs >= tab_cells / 4:
        return "tab_rows"
    if tab_cells >= 30:
        return "cell_lines"
    glued = sum(len(_GLUED.findall(ln)) for ln in nonblank)
    if glued >= 6:
        return "glued"
    one_value, several_values = _value_lines([_strip_pipes(ln) for ln in nonblank])
    if one_value >= 8 and one_value > 3 * several_values:
        return "bare_cell_lines"
    if sum(1 for ln in lines if _PIPE_ROW.match(ln)) >= 8:
        return "pipe"
    followed_by_blank = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and not b.strip())
    if len(nonblank) >= 40 and followed_by_blank >= 0.8 * len(nonblank):
        return "paragraphs"
    return "lines"


def _strip_pipes(line: str) -> str:
    """A cell as some HTML-to-text tools print it ("规章 |", "||||" between rows)."""
    return line.strip().strip("|").strip()


def _value_lines(nonblank: list[str]) -> tuple[int, int]:
    """Lines that are one value alone, and lines that end in two or more values."""
    one = several = 0
    for ln in nonblank:
        words = ln.split()
        if len(words) == 1:
            one += bool(_VALUE_WORD.match(words[0]))
        elif len(words) >= 2 and _VALUE_WORD.match(words[-1]) and _VALUE_WORD.match(words[-2]):
            several += 1
    return one, several


def read_text(text: str, source: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    layout = detect_layout(lines)
    reader = _READERS[layout]
    cells = reader(lines)
    plain = "\n".join(ln.strip() for ln in lines)
    return Document(source=source, media_type="text", cells=cells, text=plain, meta={"text_layout": layout})


def _cell_lines(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    row = 0
    prev_kind = "blank"  # blank | cell | para
    for ln in lines:
        if not ln.strip() and not ln.startswith("\t"):
            if prev_kind != "blank":
                row += 1
            prev_kind = "blank"
            continue
        if ln.startswith("\t"):
            cells.append(Cell(ln[1:].strip(), row=row))
            prev_kind = "cell"
        elif prev_kind == "cell" and cells:
            cells[-1].text += ln.strip()  # a cell's wrapped text
        else:
            row += 1
            cells.append(Cell(ln.strip(), row=row))
            row += 1
            prev_kind = "para"
    return cells


def _tab_rows(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for row, ln in enumerate(lines):
        if not ln.strip() and ln.count("\t") < 2:
            continue  # a line of tabs alone is a row of blank cells (a template published empty)
        if "\t" not in ln:
            cells.append(Cell(ln.strip(), row=row))
            continue
        for col, field in enumerate(ln.split("\t")):
            cells.append(Cell(field.strip(), row=row, col=col))
    return cells


def _pipe(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for row, ln in enumerate(lines):
        if not ln.strip() or _PIPE_RULE.match(ln):
            continue
        if _PIPE_ROW.match(ln):
            fields = ln.strip().strip("|").split("|")
            for col, field in enumerate(fields):
                cells.append(Cell(field.strip().replace("<br>", ""), row=row, col=col))
        else:
            cells.append(Cell(ln.strip(), row=row))
    return cells


def _paragraphs(lines: list[str]) -> list[Cell]:
    return [Cell(ln.strip()) for ln in lines if ln.strip()]


def _bare_cell_lines(lines: list[str]) -> list[Cell]:
    return [Cell(cell) for ln in lines if (cell := _strip_pipes(ln))]


def _glued(lines: list[str]) -> list[Cell]:
    return [Cell(ln.strip(), glued=True) for ln in lines if ln.strip()]


def _lines(lines: list[str]) -> list[Cell]:
    return [Cell(ln.strip(), row=row) for row, ln in enumerate(lines) if ln.strip()]


_READERS = {
    "cell_lines": _cell_lines,
    "tab_rows": _tab_rows,
    "pipe": _pipe,
    "paragraphs": _paragraphs,
    "bare_cell_lines": _bare_cell_lines,
    "glued": _glued,
    "lines": _lines,
}
