"""The three statistics tables as the official forms lay them out: cells with row and column spans.

Every renderer (HTML, DOCX, PDF, the text layouts) draws the same grids, so the merged
cells of the forms (portals-research.md §3.3) are declared once here and each renderer
only decides how a grid looks in its format.  A label may hold "\\n" where the source
broke it over two lines; renderers that cannot show a break drop it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from gknb.model.eras import era_of_format, era_of_rows
from gknb.model.report import (
    APPLICANT_COLUMNS,
    FORMAT_2019,
    G3,
    MEASURE_LABELS,
    OUTCOME_COLUMNS,
    TABLE4,
)

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
TABLE_HEADINGS = {"active_disclosure": SECTION_HEADINGS[1], "applications": SECTION_HEADINGS[2],
                  "review_litigation": SECTION_HEADINGS[3]}
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# The 2019 form heads the decision column without 本年 (国办公开办函〔2019〕60号).
_MEASURE_LABELS_2019 = {**MEASURE_LABELS, "decisions": "处理决定数量"}
# Article 20 item of each Table 2 row group, as the forms title them.
_T2_ITEMS = {
    "rules": "（一）", "normative_documents": "（一）", "administrative_licensing": "（五）",
    "other_external_services": "（五）", "administrative_punishment": "（六）", "administrative_coercion": "（六）",
    "administrative_fees": "（八）", "government_procurement": "（九）",
}


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str  # label text, or the printed value ("" when the value is blank)
    colspan: int = 1
    rowspan: int = 1
    value: bool = False  # a data cell rather than a label or header
    blank: bool = False  # a data cell whose value is None
    zero: bool = False  # a data cell whose value is 0 (renderers may spell it "/" or "0")
    head: bool = False  # a column head (商业企业, 结果纠正…) rather than a row label

    @property
    def flat(self) -> str:
        """The text with the source's line breaks removed."""
        return self.text.replace("\n", "")


@dataclass(frozen=True, slots=True)
class Slot:
    """One grid position: the cell covering it and where in that cell it lies."""

    cell: GridCell
    top: bool  # first row of the cell
    left: bool  # first column of the cell


@dataclass(frozen=True, slots=True)
class Grid:
    key: str  # active_disclosure | applications | review_litigation
    width: int
    rows: tuple[tuple[GridCell, ...], ...]  # cells starting in each row, HTML-style

    def matrix(self) -> list[list[Slot]]:
        """Every row × column position filled with the cell that covers it."""
        height = len(self.rows)
        grid: list[list[Slot | None]] = [[None] * self.width for _ in range(height)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.width and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][c + dc] = Slot(cell, top=dr == 0, left=dc == 0)
                c += cell.colspan
        for r, slots in enumerate(grid):
            if any(s is None for s in slots):
                raise ValueError(f"{self.key}: row {r} does not fill {self.width} columns")
        return grid  # type: ignore[return-value]

    def word_rows(self) -> Iterator[list[tuple[GridCell, bool]]]:
        """Rows as Word stores them: each cell once per row it spans, ``True`` when it continues a merge.

        Text exported from Word (seeds 000/001/004) shows a vertically merged cell as an
        empty cell in every row after its first; horizontal spans are a single cell.
        """
        for slots in self.matrix():
            yield [(s.cell, not s.top) for s in slots if s.left]


def split_grid(grid: Grid, at: int) -> tuple[Grid, Grid]:
    """The grid cut before row ``at`` into two tables, as pages that break a table in two show it.

    A cell spanning the cut keeps its text in the first part; the second part opens with
    an empty cell covering the rest of the span, which is how the piece after a page
    break looks once pasted.
    """
    matrix = grid.matrix()
    first = tuple(
        tuple(replace(cell, rowspan=min(cell.rowspan, at - r)) for cell in row) for r, row in enumerate(grid.rows[:at])
    )
    opening: list[GridCell] = []
    for c, slot in enumerate(matrix[at]):
        if not slot.left:
            continue
        if slot.top:
            opening.append(slot.cell)
        else:
            remaining = sum(1 for row in matrix[at:] if row[c].cell is slot.cell)
            opening.append(GridCell("", colspan=slot.cell.colspan, rowspan=remaining))
    second = (tuple(opening), *grid.rows[at + 1 :])
    return Grid(grid.key, grid.width, first), Grid(grid.key, grid.width, second)


def format_number(value: int | float, *, signed: bool = False) -> str:
    """A value as reports print it: counts plain, money with two decimals, changes maybe with '+'."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if signed and value > 0:
        return f"+{value}"
    return str(value)


def _value(value: Any, colspan: int = 1, *, signed: bool = False) -> GridCell:
    if value is None:
        return GridCell("", colspan=colspan, value=True, blank=True)
    return GridCell(format_number(value, signed=signed), colspan=colspan, value=True, zero=value == 0)


def _broken(text: str, rng: random.Random | None, p: float) -> str:
    """The label, sometimes broken over two lines the way narrow Word cells wrap it."""
    if rng is None or len(text) < 4 or rng.random() >= p:
        return text
    cut = rng.randint(2, len(text) - 2)
    return text[:cut] + "\n" + text[cut:]


def table2_grid(report: dict[str, Any], rng: random.Random | None = None) -> Grid:
    fmt = report["format_version"]
    spec = era_of_format(fmt).table2
    labels = _MEASURE_LABELS_2019 if fmt == FORMAT_2019 else MEASURE_LABELS
    signed = rng is not None and rng.random() < 0.5
    rows: list[tuple[GridCell, ...]] = []
    previous_group: tuple[str, tuple[str, ...]] | None = None
    for row in spec.rows:
        group = (_T2_ITEMS[row.key], row.measures)
        if group != previous_group:
            rows.append((GridCell(f"第二十条第{group[0]}项", colspan=4),))
            heads = [GridCell(labels[m], head=True) for m in row.measures]
            rows.append((GridCell("信息内容"), *heads[:-1], replace(heads[-1], colspan=4 - len(heads))))
            previous_group = group
        cells = report["active_disclosure"][row.key]
        values = [_value(cells.get(m), signed=signed and m == "change") for m in row.measures]
        values[-1] = replace(values[-1], colspan=4 - len(values))  # the last measure fills the row
        rows.append((GridCell(_broken(row.label, rng, 0.1)), *values))
    return Grid("active_disclosure", 4, tuple(rows))


def table3_grid(report: dict[str, Any], rng: random.Random | None = None) -> Grid:
    """Table 3 with its 3 label columns: 三、 spans 22 rows (20 with a single （六） row)."""
    table = report["applications"]
    era = era_of_rows(table)
    spec = era.table3
    org_heads = [_broken(c.label.split("/")[-1], rng, 0.5) for c in APPLICANT_COLUMNS if "/" in c.label]  # 法人或其他组织/…
    rows: list[tuple[GridCell, ...]] = [
        (GridCell(_broken(T3_CORNER, rng, 0.3), colspan=3, rowspan=3), GridCell("申请人情况", colspan=7)),
        (GridCell("自然人", rowspan=2), GridCell("法人或其他组织", colspan=5), GridCell("总计", rowspan=2)),
        tuple(GridCell(h, head=True) for h in org_heads),
    ]
    body = spec.rows
    outcome_rows = [spec.row(k) for k in era.outcome_rows]
    group_sizes = Counter(r.group for r in outcome_rows)
    seen_groups: set[str] = set()
    for row in body:
        values = tuple(_value(table[row.key][c.key]) for c in APPLICANT_COLUMNS)
        label = _broken(row.label, rng, 0.08)
        lead: list[GridCell] = []
        if not row.group:
            lead.append(GridCell(label, colspan=3))
        else:
            if row is outcome_rows[0]:  # the first outcome row opens the 三、本年度办理结果 column
                lead.append(GridCell(G3, rowspan=len(outcome_rows) + 1))
            if row.group == G3:
                lead.append(GridCell(label, colspan=2))
            else:
                if row.group not in seen_groups:
                    lead.append(GridCell(row.group, rowspan=group_sizes[row.group]))
                    seen_groups.add(row.group)
                lead.append(GridCell(label))
        rows.append((*lead, *values))
    return Grid("applications", 10, tuple(rows))


def table4_grid(report: dict[str, Any], rng: random.Random | None = None) -> Grid:
    heads = [c.label for c in OUTCOME_COLUMNS]
    table = report["review_litigation"]
    return Grid(
        "review_litigation",
        15,
        (
            (GridCell("行政复议", colspan=5), GridCell("行政诉讼", colspan=10)),
            (*(GridCell(_broken(h, rng, 0.4), rowspan=2, head=True) for h in heads),
             GridCell("未经复议直接起诉", colspan=5), GridCell("复议后起诉", colspan=5)),
            tuple(GridCell(_broken(h, rng, 0.4), head=True) for h in heads * 2),
            tuple(_value(table[r.key][c.key]) for r in TABLE4.rows for c in OUTCOME_COLUMNS),
        ),
    )


def report_grids(report: dict[str, Any], rng: random.Random | None = None) -> list[Grid]:
    """Tables 2, 3 and 4 in document order."""
    return [table2_grid(report, rng), table3_grid(report, rng), table4_grid(report, rng)]
