"""A report's three statistics tables laid out as the form prints them, from its fact rows.

Rows, columns and their Chinese labels come from ``gknb.model.report`` (the form's own order
and wording); every number keeps its provenance (the labels as printed in the document,
the raw text, whether the table's identities decided it).  Table 2 prints several blocks,
each with its own measures; Tables 3 and 4 are one grid each.  The cells a failed check
compared are marked, so the numbers that disagree can be seen in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gknb.load.site.data import Cell
from gknb.model import eras
from gknb.model import report as model
from gknb.model.identity import PER_COLUMN


@dataclass
class CellView:
    text: str  # the number as shown; "" for a blank cell
    cell: Cell
    failed_checks: list[str] = field(default_factory=list)


@dataclass
class RowView:
    label: str
    cells: list[CellView | None]  # None: the warehouse holds no such cell
    group: bool = False  # a heading row of the form (e.g. （三）不予公开), no numbers
    key: str = ""

    @property
    def printed_label(self) -> str | None:
        """The row label as printed, when every cell of the row was read under the same one
        (the page then states it once per row, not once per cell)."""
        labels = {c.cell.row_label for c in self.cells if c is not None}
        return labels.pop() if len(labels) == 1 else None


@dataclass
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    header: list[list[HeaderCell]]
    rows: list[RowView]

    @property
    def width(self) -> int:
        """Columns of the printed table, the row labels' column included."""
        return sum(h.colspan for h in self.header[0])


@dataclass
class TableView:
    key: str
    number: int
    title: str
    blocks: list[Block]

    @property
    def missing(self) -> bool:
        return not self.blocks


def show_number(value: Any) -> str:
    """Counts as integers, amounts as exact decimals without trailing zeros; blank as ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def compared_cells(check_name: str, subject: str, era: eras.Era) -> set[tuple[str, str, str]]:
    """(table, row, column) of every cell a check compares: the terms of the identity the report's
    form declares (``table3_era``), or the cross-year check's cell in sql/checks."""
    for identity in era.identities:
        if identity.check == check_name:
            keys = identity.left + identity.right
            if identity.per == PER_COLUMN:
                return {(identity.over, k, subject) for k in keys}
            return {(identity.over, subject, k) for k in keys}
    if check_name == model.CHECK_CROSS_YEAR_CARRY:
        return {("applications", "carried_over", subject)}
    return set()


def _header(columns: list[tuple[str, str]]) -> list[list[HeaderCell]]:
    """One header row, or two where labels share a group ("法人或其他组织/商业企业")."""
    split = [label.split("/", 1) for _, label in columns]
    if all(len(parts) == 1 for parts in split):
        return [[HeaderCell("")] + [HeaderCell(label) for _, label in columns]]
    top: list[HeaderCell] = [HeaderCell("", rowspan=2)]
    bottom: list[HeaderCell] = []
    for parts in split:
        if len(parts) == 1:
            top.append(HeaderCell(parts[0], rowspan=2))
        elif top[-1].label == parts[0] and top[-1].rowspan == 1:
            top[-1].colspan += 1
            bottom.append(HeaderCell(parts[1]))
        else:
            top.append(HeaderCell(parts[0]))
            bottom.append(HeaderCell(parts[1]))
    return [top, bottom]


def _grid(spec_rows: list[model.RowSpec], columns: list[tuple[str, str]], cells: dict[tuple[str, str], CellView]) -> Block:
    rows: list[RowView] = []
    groups_seen: set[str] = set()
    for spec in spec_rows:
        if spec.group and spec.group not in groups_seen:
            groups_seen.add(spec.group)
            rows.append(RowView(spec.group, [], group=True))
        rows.append(RowView(spec.label, [cells.pop((spec.key, c), None) for c, _ in columns], key=spec.key))
    return Block(_header(columns), rows)


def table_views(format_version: str | None, facts: dict[str, list[Cell]], failed: dict[tuple[str, str, str], list[str]]) -> list[TableView]:
    """Tables 2, 3 and 4 of one report; ``failed`` maps (table, row, column) to the failed checks over that cell."""
    views = []
    t3_era = table3_era(facts)
    printed = eras.era_of_format(format_version)
    for key, spec in (("active_disclosure", printed.table2), ("applications", t3_era.table3),
                      ("review_litigation", printed.table4)):
        cells = {
            (c.row, c.column): CellView(show_number(c.value), c, failed.get((key, c.row, c.column), []))
            for c in facts.get(key, [])
        }
        blocks: list[Block] = []
        if cells:
            if spec.columns:
                blocks.append(_grid(list(spec.rows), [(c.key, c.label) for c in spec.columns], cells))
            else:  # Table 2: consecutive items with the same measures form one printed block
                runs: list[list[model.RowSpec]] = []
                for row in spec.rows:
                    if runs and runs[-1][0].measures == row.measures:
                        runs[-1].append(row)
                    else:
                        runs.append([row])
                labels = spec.column_labels
                blocks += [_grid(run, [(m, labels[m]) for m in run[0].measures], cells) for run in runs]
            if cells:  # cells the form has no place for (a format the report model does not expect)
                keys = sorted({col for _, col in cells})
                rows = sorted({row for row, _ in cells})
                blocks.append(Block(_header([(k, k) for k in keys]),
                                    [RowView(r, [cells.pop((r, k), None) for k in keys], key=r) for r in rows]))
        views.append(TableView(key, spec.number, spec.title, blocks))
    return views


def table3_era(facts: dict[str, list[Cell]]) -> eras.Era:
    """The form whose Table 3 has the rows the report's facts hold: it decides the rows printed and
    the identities the checks compared.  Table 3 alone, not ``format_version``: a 2021 report may
    print the single （六） row, a 2019 one the three rows (gknb.model.eras.era_of)."""
    return eras.era_of_rows({c.row for c in facts.get("applications", [])})
