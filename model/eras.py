"""The form eras as data: which tables each annual-report form prints, what tells it apart, and
the identities its numbers keep.

The 2019 trial form and the 2021 form differ in Table 2 (other items and measures) and in Table
3's （六）其他处理 (one row in 2019, three rows in 2021); some 2021 reports print the 2021 Table 2
with the single （六） row, a variant of their own.  The matcher, the checks, the synthetic
generator, the fact tables and the SQL views all derive what they need from ``ERAS``, so a new form
is one ``Era`` here plus its rows' labels in ``gknb.model.report``.
``sql/views/t3_wide.sql`` is generated from here (``python -m gknb.model.eras > sql/views/t3_wide.sql``;
a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property

from gknb.model import report as model
from gknb.model.identity import PER_COLUMN, PER_ROW, Identity
from gknb.model.report import RowSpec, TableSpec


def table3_identities(outcome_rows: tuple[str, ...]) -> tuple[Identity, ...]:
    """Table 3's identities (report-model.md) for a form whose outcome rows are ``outcome_rows``."""
    return (
        Identity(model.CHECK_T3_BALANCE, "applications", PER_COLUMN, model.T3_RECEIVED_ROWS, model.T3_DISPOSED_ROWS),
        Identity(model.CHECK_T3_OUTCOMES_SUM, "applications", PER_COLUMN, (model.T3_TOTAL_PROCESSED,), outcome_rows),
        Identity(model.CHECK_T3_APPLICANT_SUM, "applications", PER_ROW, (model.APPLICANT_TOTAL,), model.APPLICANT_PARTS),
    )


T4_IDENTITY = Identity(model.CHECK_T4_OUTCOME_SUM, "review_litigation", PER_ROW, (model.OUTCOME_TOTAL,),
                       model.OUTCOME_PARTS)


@dataclass(frozen=True)
class Era:
    """One form of the annual report's statistics tables.

    ``table2_markers``: normalised label text only this form's Table 2 prints (a label holding one
    names the form); ``in_force_until``: the last statistics year the form was the one in force
    (``None``: still in force), which decides the form of a report where only Table 4, common to
    every form, was found; a ``variant`` is never the form in force, only found by its tables, and
    its ``note`` is said in the report's warnings when it is.
    """

    name: str
    format_version: str  # what reports.format_version holds
    table2: TableSpec
    table3: TableSpec
    outcome_rows: tuple[str, ...]  # Table 3 rows that sum to total_processed
    table2_markers: tuple[str, ...] = ()
    in_force_until: int | None = None
    variant: bool = False
    note: str = ""
    table4: TableSpec = model.TABLE4

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        return (self.table2, self.table3, self.table4)

    @cached_property
    def identities(self) -> tuple[Identity, ...]:
        """Every identity of the form, in the order its check results are reported (built once: the
        checks and the matcher ask for them on every report)."""
        return table3_identities(self.outcome_rows) + (T4_IDENTITY,)

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)


ERA_2019 = Era(
    "2019", model.FORMAT_2019, model.TABLE2_2019, model.TABLE3_2019, model.OUTCOME_ROWS_SINGLE_OTHER,
    table2_markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项",
                    "采购项目数量", "政府集中采购"),
    in_force_until=2020,
)
ERA_2021 = Era("2021", model.FORMAT_2021, model.TABLE2_2021, model.TABLE3_2021, model.OUTCOME_ROWS)
ERA_2021_SINGLE_OTHER = Era(
    "2021_single_other", model.FORMAT_2021, model.TABLE2_2021, model.TABLE3_2019, model.OUTCOME_ROWS_SINGLE_OTHER,
    variant=True, note="format: 2021 tables with a single （六）其他处理 row (other_processing)",
)
# In the order a decision tries them: a form before its variants.  Everything derived from the eras
# reads this when it is imported (matcher, facts) or called, so a form added here is picked up.
ERAS: tuple[Era, ...] = (ERA_2019, ERA_2021, ERA_2021_SINGLE_OTHER)
LATEST = ERA_2021  # the form in force; its rows stand for a table no form could be told for
# Every identity of every form, once each, in era order.
IDENTITIES: tuple[Identity, ...] = tuple(dict.fromkeys(i for era in ERAS for i in era.identities))


def table_forms(key: str) -> tuple[TableSpec, ...]:
    """Every distinct form of one table (``applications``, ...) across the eras, in era order."""
    return tuple({id(spec): spec for spec in (era.table(key) for era in ERAS)}.values())


def merged_rows(specs: Iterable[TableSpec]) -> tuple[RowSpec, ...]:
    """Every row key of several forms of one table, once (as the first form prints it), in printed
    order: a row an earlier form lacks stands right before the next row of its own form that is
    already placed (the 2021 other_* rows after the 2019 other_processing, before total_processed)."""
    out: list[RowSpec] = []
    for spec in specs:
        for i, row in enumerate(spec.rows):
            placed = [r.key for r in out]
            if row.key in placed:
                continue
            after = [placed.index(r.key) for r in spec.rows[i + 1 :] if r.key in placed]
            out.insert(after[0] if after else len(out), row)
    return tuple(out)


def all_rows(key: str) -> tuple[RowSpec, ...]:
    """Every row any form of the table ``key`` prints, in printed order."""
    return merged_rows(table_forms(key))


def era_of(table2: TableSpec | None, table3: TableSpec | None) -> Era:
    """The form of a report from the forms of the Tables 2 and 3 that were found (``None``: not
    found).  Table 2 decides the form; Table 3 tells a form from its variant, and where no era
    prints both (a 2019 Table 2 above a three-row （六）) Table 2's form stands."""
    by_table2 = [e for e in ERAS if table2 is None or e.table2 is table2]
    by_both = [e for e in by_table2 if table3 is None or e.table3 is table3]
    return (by_both or by_table2)[0]


def era_in_force(year: int) -> Era:
    """The form in force for a statistics year (a report of which only Table 4 was found)."""
    return next(e for e in ERAS if not e.variant and (e.in_force_until is None or year <= e.in_force_until))


def era_of_format(format_version: str | None) -> Era:
    """The form a ``reports.format_version`` names (its first era: a form before its variants, which
    print the same Table 2); ``LATEST`` for a report of no form (legacy, nothing found)."""
    return next((e for e in ERAS if e.format_version == format_version), LATEST)


def era_of_rows(table3_rows: Collection[str] | None) -> Era:
    """The first era whose Table 3 has exactly these rows; ``LATEST`` for a missing Table 3."""
    if table3_rows is not None:
        for era in ERAS:
            if {r.key for r in era.table3.rows} == set(table3_rows):
                return era
    return LATEST


def row_identity(key: str) -> Identity | None:
    """The identity every row of the table ``key`` keeps (the same in every era), if it has one."""
    found = {i for i in IDENTITIES if i.over == key and i.per == PER_ROW}
    if len(found) > 1:
        raise ValueError(f"{key}: the eras declare different row identities {found}")
    return next(iter(found), None)


def t3_wide_sql() -> str:
    """``sql/views/t3_wide.sql``: one column per Table 3 row of every form.  Its comment lines are the
    view's description in the exports (load/relations.py), so they say nothing of how it is made:
    tests/test_eras.py keeps the file equal to this."""
    columns = "".join(f"    max(f.count) FILTER (WHERE f.category = '{r.key}') AS {r.key},\n"
                      for r in all_rows("applications"))
    return (
        "-- Table 3 wide: one row per primary report (agency_id × year), one column per category\n"
        "-- (report-model.md row keys, both formats), holding the 总计 (total) applicant column.  NULL\n"
        "-- is a blank cell, or a row the report's format does not have (other_processing vs other_*).\n"
        "-- Non-primary reports (the HTML page of a PDF, a repost) stay in reports, not here.\n"
        "CREATE OR REPLACE VIEW t3_wide AS\n"
        "SELECT\n"
        "    r.report_id,\n"
        "    r.agency_id,\n"
        "    r.agency_canonical AS agency,\n"
        "    r.year,\n"
        "    r.format_version,\n"
        "    r.agency_year_reports,\n"
        f"{columns.rstrip().rstrip(',')}\n"
        "FROM reports AS r\n"
        f"JOIN fact_applications AS f ON f.report_id = r.report_id AND f.applicant_type = '{model.APPLICANT_TOTAL}'\n"
        "WHERE r.is_primary\n"
        "GROUP BY r.report_id, r.agency_id, r.agency_canonical, r.year, r.format_version, r.agency_year_reports;\n"
    )


if __name__ == "__main__":
    print(t3_wide_sql(), end="")
