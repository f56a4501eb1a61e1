"""Reports as Excel workbooks, as some agencies attach their statistics tables.

One sheet: the title and prose in column A, each table below its heading with the form's
merged ranges and thin borders on every cell, an empty row between blocks.  Counts are written as numbers (a zero as 0,
a blank cell left empty), labels as text.  ``.xlsx`` with openpyxl; ``.xls`` (Excel 97–2003)
with xlwt, a test-only dependency.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from gknb.synth.render.grid import GridCell
from gknb.synth.render.outline import build_outline

# (row, col, text or number, rowspan, colspan, in a table)
Placed = tuple[int, int, Any, int, int, bool]


def _value(cell: GridCell) -> Any:
    if cell.blank:
        return None
    if not cell.value:
        return cell.flat
    text = cell.text.replace(",", "")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return cell.text


def _placed(report: dict[str, Any]) -> Iterator[Placed]:
    row = 0
    for block in build_outline(report, break_labels=False).blocks:
        if block.grid is None:
            yield row, 0, block.text, 1, 1, False
            row += 1
            continue
        row += 1  # an empty row before the table
        for r, slots in enumerate(block.grid.matrix()):
            for c, slot in enumerate(slots):
                if slot.top and slot.left:
                    yield row + r, c, _value(slot.cell), slot.cell.rowspan, slot.cell.colspan, True
        row += len(block.grid.rows) + 1


def render_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    sheet = book.active
    sheet.title = "年度报告"
    for r, c, value, rowspan, colspan, in_table in _placed(report):
        sheet.cell(row=r + 1, column=c + 1, value=value)
        if in_table:
            for dr in range(rowspan):
                for dc in range(colspan):
                    sheet.cell(row=r + 1 + dr, column=c + 1 + dc).border = ruled
        if rowspan > 1 or colspan > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rowspan, end_column=c + colspan)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_xls(report: dict[str, Any]) -> bytes:
    import xlwt

    ruled = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    plain = xlwt.easyxf("")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("年度报告")
    for r, c, value, rowspan, colspan, in_table in _placed(report):
        style = ruled if in_table else plain
        text = value if value is not None else ""
        if rowspan > 1 or colspan > 1:
            sheet.write_merge(r, r + rowspan - 1, c, c + colspan - 1, text, style)
        else:
            sheet.write(r, c, text, style)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
