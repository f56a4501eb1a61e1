"""Every query the site runs, in one place, against the warehouse as it is today.

Two notions the site leans on are defined once here:

* **an agency** is an ``agencies`` row, keyed by ``AGENCY`` (``agency_id``: stable across years
  and printings) and shown by its canonical name; a report whose agency could not be placed has
  a report page but no agency page;
* **the report that speaks for an agency and year** (its chart point) is its primary report
  (``PRIMARY_REPORTS``, ``reports.is_primary``: the document holding the tables over the page
  linking it, complete over partial, own portal over repost, newest).  Every other report keeps
  its own page and is listed on the agency page with why it is not primary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from gknb.load.batch import source_group
from gknb.model import report as model
from gknb.model.eras import all_rows

AGENCY = "agency_id"
PRIMARY_REPORTS = "(SELECT * FROM reports WHERE is_primary)"

# The Table 3 rows and Table 4 proceedings the agency charts follow, from the 总计 column.
T3_SERIES = ("new_received", "carried_over", "granted", "partially_granted", "total_processed", "carried_forward")
T3_DENIED_SERIES = tuple(r.key for r in all_rows("applications") if r.key.startswith("denied_"))
T4_SERIES = model.PROCEEDING_KEYS

# Facts are read for this many reports at a time: one scan per batch, not per report, and
# never the whole warehouse in memory at once.
FACT_BATCH = 500

FACT_TABLES = (
    # (report-model table key, warehouse table, row column, column column, value column)
    ("active_disclosure", "fact_active_disclosure", "item", "measure", "value"),
    ("applications", "fact_applications", "category", "applicant_type", "count"),
    ("review_litigation", "fact_review_litigation", "proceeding", "outcome", "count"),
)


@dataclass(frozen=True)
class Cell:
    """One number as the warehouse holds it, with where it was read from."""

    row: str
    column: str
    value: Any  # int, Decimal or None (a blank cell)
    row_label: str | None
    column_label: str | None
    raw: str | None
    inferred: bool | None


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


# --- overview ----------------------------------------------------------------------------


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return _dicts(con, f"""
        SELECT (SELECT count(*) FROM documents WHERE is_latest) AS documents,
               (SELECT count(*) FROM reports) AS reports,
               (SELECT count(DISTINCT {AGENCY}) FROM reports) AS agencies,
               (SELECT count(DISTINCT region) FROM reports) AS regions""")[0]


def reports_per_year(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con, f"""
        SELECT year, count(*) AS reports,
               count(*) FILTER (WHERE status = 'parsed') AS parsed,
               count(*) FILTER (WHERE status = 'partial') AS partial,
               count(DISTINCT {AGENCY}) AS agencies
        FROM reports GROUP BY year ORDER BY year NULLS LAST""")


def parse_status(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Latest version of every document: status counts by portal (host or folder) and by format."""
    by_portal: dict[str, Counter[str]] = {}
    by_format: dict[str, Counter[str]] = {}
    for source, media_type, status in con.execute(
        "SELECT source, media_type, status FROM documents WHERE is_latest ORDER BY source"
    ).fetchall():
        by_portal.setdefault(source_group(source), Counter())[status] += 1
        by_format.setdefault(media_type or "unknown", Counter())[status] += 1
    return dict(sorted(by_portal.items())), dict(sorted(by_format.items()))


def check_rates(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per check: how often it ran, passed, failed and was skipped, and on how many reports."""
    return _dicts(con, """
        SELECT check_name,
               count(DISTINCT report_id) AS reports,
               count(DISTINCT report_id) FILTER (WHERE status = 'fail') AS failing_reports,
               count(*) FILTER (WHERE status = 'pass') AS passes,
               count(*) FILTER (WHERE status = 'fail') AS failures,
               count(*) FILTER (WHERE status = 'skipped') AS skipped
        FROM check_results GROUP BY check_name ORDER BY check_name""")


def coverage(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Agencies with a report, per region and year (the heat table)."""
    return _dicts(con, f"""
        SELECT region, year, count(DISTINCT {AGENCY}) AS agencies
        FROM reports WHERE {AGENCY} IS NOT NULL AND year IS NOT NULL
        GROUP BY region, year ORDER BY region NULLS LAST, year""")


# --- agencies ----------------------------------------------------------------------------


def agencies(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every agency with its region and level (the most frequent reading) and its span of years."""
    return _dicts(con, f"""
        SELECT r.{AGENCY} AS agency, any_value(a.canonical_name) AS name, mode(r.region) AS region,
               any_value(a.admin_level) AS admin_level,
               count(*) AS reports, min(r.year) AS first_year, max(r.year) AS last_year
        FROM reports AS r JOIN agencies AS a USING ({AGENCY})
        GROUP BY r.{AGENCY} ORDER BY region NULLS LAST, name""")


def series(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The charted numbers: Table 3 rows and Table 4 proceedings, 总计 column, of each agency's
    primary report per year, with how many reports claim that agency and year."""
    t3 = ", ".join(f"'{k}'" for k in T3_SERIES + T3_DENIED_SERIES)
    t4 = ", ".join(f"'{k}'" for k in T4_SERIES)
    return _dicts(con, f"""
        WITH p AS (SELECT report_id, {AGENCY} AS agency, year, agency_year_reports FROM {PRIMARY_REPORTS})
        SELECT p.agency, p.year, p.report_id, p.agency_year_reports AS claims,
               'applications' AS table_key, f.category AS series, f.count AS value
        FROM p JOIN fact_applications AS f USING (report_id)
        WHERE f.applicant_type = 'total' AND f.category IN ({t3})
        UNION ALL
        SELECT p.agency, p.year, p.report_id, p.agency_year_reports,
               'review_litigation', f.proceeding, f.count
        FROM p JOIN fact_review_litigation AS f USING (report_id)
        WHERE f.outcome = 'total' AND f.proceeding IN ({t4})
        ORDER BY 1, 2""")


# --- reports and their documents ---------------------------------------------------------


def reports(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con, f"""
        SELECT r.report_id, r.{AGENCY} AS agency, r.agency_canonical AS agency_name, r.agency AS agency_printed, r.region, r.admin_level,
               r.year, r.format_version, r.status, r.title, r.publication_date, r.source,
               r.document_sha256, r.agency_year_reports, r.warnings,
               r.report_id IN (SELECT report_id FROM {PRIMARY_REPORTS}) AS is_primary
        FROM reports AS r ORDER BY r.{AGENCY} NULLS LAST, r.year, r.report_id""")


def documents(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every document version seen (old versions too), newest first per report."""
    return _dicts(con, """
        SELECT report_id, source, sha256, media_type, size_bytes, status, reason, is_latest,
               coalesce(fetched_at, ingested_at) AS seen_at
        FROM documents ORDER BY report_id, is_latest DESC, seen_at DESC, sha256""")


@dataclass(frozen=True)
class ReportDetail:
    """What a report page shows besides the report's row: its cells and its check results."""

    facts: dict[str, list[Cell]]  # table key -> cells with provenance
    checks: list[dict[str, Any]]  # failures first


def report_details(con: duckdb.DuckDBPyConnection, report_ids: Sequence[str]) -> Iterator[tuple[str, ReportDetail]]:
    """(report_id, its detail) for every id, in order, reading FACT_BATCH reports at a time."""
    for start in range(0, len(report_ids), FACT_BATCH):
        ids = list(report_ids[start:start + FACT_BATCH])
        facts: dict[str, dict[str, list[Cell]]] = {}
        for key, table, row_col, col_col, value_col in FACT_TABLES:
            rows = con.execute(
                f"""SELECT report_id, {row_col}, {col_col}, {value_col}, row_label, column_label, raw, inferred
                    FROM {table} WHERE report_id IN (SELECT unnest(?))""",
                [ids],
            ).fetchall()
            for rid, *cell in rows:
                facts.setdefault(rid, {}).setdefault(key, []).append(Cell(*cell))
        checks: dict[str, list[dict[str, Any]]] = {}
        for row in _dicts(con, """
                SELECT report_id, check_name, subject, status, detail, blank_as_zero, related_report_id
                FROM check_results WHERE report_id IN (SELECT unnest(?))
                ORDER BY report_id, status <> 'fail', check_name, subject""", [ids]):
            checks.setdefault(row["report_id"], []).append(row)
        for rid in ids:
            yield rid, ReportDetail(facts.get(rid, {}), checks.get(rid, []))

