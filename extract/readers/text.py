"""Plain text as other tools extracted it, turned into cells.

Extraction tools leave tables in a few recognisable shapes, told apart by the lines:
- ``cell_lines``: every cell on its own line behind a TAB, a blank line between table rows,
  a cell's wrapped text on untabbed lines below it (Word → text);
- ``tab_rows``: one line per table row, cells separated by TABs;
- ``pipe``: markdown/pipe tables;
- ``paragraphs``: every cell a paragraph between blank lines (rows unknown);
- ``bare_cell_lines``: every cell on its own line with nothing to mark rows, as copying a web
  page's table or plain ``pdftotext`` gives (rows unknown: most value lines hold one value);
- ``lone_bars``: a cell per line, a lone ``|`` opening each row and standing for each blank cell;
- ``glued``: labels and numbers run together with no separator (rows unknown);
- ``lines``: anything else, one row per line (PDF text: ``一、本年新收… 21 0 0 0 0 0 21``).
"""

from __future__ import annotations

import re

from gknb.model import media
from gknb.extract.document import Cell, Document

_TAB_CELL = re.compile(r"^\t[^\t]*$")
_INNER_TAB = re.compile(r"[^\t\s][^\n]*\t|\t[^\t\n]*\t")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# A pipe row without its leading bar ("规章 | 0 | 0 | 0 |", "行政事业性收费 |  | 3 |"): text on both sides
# of an inner bar, or text before two bars that end the line.
_INNER_BAR = re.compile(r"[^|\s]\s*\|\s*[^|\s]|[^|\s][^|]*\|[^|]*\|\s*$")
# Column heads that name no column (项目, 数据1 … 数据6, 总计), as Markdown made by OCR or language models
# prints above every Table 3 row: the values are in form order below them.
_PLACEHOLDER_HEAD = re.compile(r"^(?:数据|数值|列|data|col(?:umn)?)\s*\d{1,2}$|^(?:总计|合计|项目|指标|名称|序号)$", re.I)
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_VALUE_WORD = re.compile(r"^(?:[+\-]?\d[\d,，.]*(?:万元|元)?|[—\-/－–无])$")
_GLUED = re.compile(r"[\u4e00-\u9fff”）)](?:\d{4,})(?![\d年月日号条项件个次])")


_PINYIN = "[a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüÜêÊ]+[1-5]?"
_ZHUYIN = "[\u3105-\u312f\u31a0-\u31bfˊˇˋ˙]+"
# A reading in brackets right after a character, as mirrors for learners print them: pinyin with
# tone marks or tone numbers ("報(bào)", "開(kai1)"), or zhuyin ("報（ㄅㄠˋ）").
_READING = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（]\s*(?:{_PINYIN}(?:[\s'’]+{_PINYIN})*|{_ZHUYIN}(?:\s+{_ZHUYIN})*)\s*[)）]"
)


def strip_readings(text: str) -> str:
    """The text without readings in brackets: they split labels ("規(guī)章") and years ("2024年(nián)"),
    and tone numbers would be read as values."""
    return _READING.sub("", text) if ("(" in text or "（" in text) else text


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
    if _lone_bar_rows(nonblank):
        return "lone_bars"
    one_value, several_values = _value_lines([_strip_pipes(ln) for ln in nonblank])
    if one_value >= 8 and one_value > 3 * several_values:
        return "bare_cell_lines"
    if sum(1 for ln in lines if _is_pipe_row(ln)) >= 8:
        return "pipe"
    followed_by_blank = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and not b.strip())
    if len(nonblank) >= 40 and followed_by_blank >= 0.8 * len(nonblank):
        return "paragraphs"
    return "lines"


def _lone_bar_rows(nonblank: list[str]) -> bool:
    """A cell per line with a lone ``|`` opening each row (and standing for each blank cell): many
    lone bars, but cells mostly follow cells.  Where a bar closes every cell instead ("规章" / "|" /
    "0" / "|"), cells alternate with bars."""
    bars = pairs = 0
    for a, b in zip(nonblank, nonblank[1:]):
        if a.strip() == "|":
            bars += 1
        elif b.strip() != "|" and "|" not in a and "|" not in b:
            pairs += 1
    return bars >= 20 and pairs >= 2 * bars


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
    text = strip_readings(text)
    lines = text.split("\n")
    layout = detect_layout(lines)
    reader = _READERS[layout]
    cells = reader(lines)
    plain = "\n".join(ln.strip() for ln in lines)
    return Document(source=source, media_type=media.TEXT, cells=cells, text=plain, meta={"text_layout": layout})


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


def _is_pipe_row(line: str) -> bool:
    return bool(_PIPE_ROW.match(line) or _INNER_BAR.search(line))


def _pipe(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for row, ln in enumerate(lines):
        if not ln.strip() or _PIPE_RULE.match(ln):
            continue
        if _is_pipe_row(ln):
            line = ln.strip()
            fields = line[line.startswith("|") : len(line) - line.endswith("|")].split("|")
            named = [f.strip() for f in fields if f.strip()]
            if named and all(_PLACEHOLDER_HEAD.match(f) for f in named):
                continue  # a header of placeholders names nothing
            for col, field in enumerate(fields):
                cells.append(Cell(field.strip().replace("<br>", ""), row=row, col=col))
        else:
            cells.append(Cell(ln.strip().lstrip("#").strip(), row=row))  # a Markdown heading's marks hide its ordinal
    return cells


def _paragraphs(lines: list[str]) -> list[Cell]:
    return [Cell(ln.strip()) for ln in lines if ln.strip()]


def _bare_cell_lines(lines: list[str]) -> list[Cell]:
    return [Cell(cell) for ln in lines if (cell := _strip_pipes(ln))]


def _lone_bars(lines: list[str]) -> list[Cell]:
    """Rows opened by a lone bar.  A run of bars before a label: the last opens the label's row and
    the others are blank cells of the row before.  Before a value, every bar is a blank cell of the
    current row, unless that row is a header (labels only, four or more: Table 4's heads) or holds
    nothing yet: then the first bar opens the row of values."""
    cells: list[Cell] = []
    row, col = 0, 0
    in_row = False  # inside a row a bar opened
    labels = values = 0
    bars = 0

    def open_row() -> None:
        nonlocal row, col, in_row, labels, values
        row, col, in_row, labels, values = row + 1, 0, True, 0, 0

    def add(text: str) -> None:
        nonlocal col
        cells.append(Cell(text, row=row, col=col))
        col += 1

    for ln in lines:
        text = ln.strip()
        if text == "|":
            bars += 1
            continue
        if not text:
            in_row = False
            continue
        is_value = bool(_VALUE_WORD.match(text))
        if bars:
            if not is_value:
                for _ in range(bars - 1):
                    add("")
                open_row()
            else:
                if not in_row or (values == 0 and labels >= 4) or (labels == 0 and values == 0):
                    open_row()
                    bars -= 1
                for _ in range(bars):
                    add("")
            bars = 0
        elif not in_row:
            row, col = row + 1, 0
        add(text)
        values += is_value
        labels += not is_value
    for _ in range(max(0, bars - 1)):
        add("")
    return cells


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
    "lone_bars": _lone_bars,
    "lines": _lines,
}
