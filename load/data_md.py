"""``DATA.md`` of a release: what a paper's data section needs, generated from the release's own files.

Coverage, duplicates, partial reports, blanks, every check with its formula (from
``gknb.model.checks.CHECKS``) and its failure rate, the known limitations, and how to read
the files with each tool.  Every figure is computed from the release's parquet files (never
from the warehouse), so the text describes exactly what a reader downloads.

Coverage is one query (``COVERAGE_SQL``): primary reports (one per agency-year) by the
province and level of the agency they were placed at (``agencies``), and the reports whose
printed name could not be placed, counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

from gknb.load.datapackage import LICENSES, RIGHTS
from gknb.load.export import ExportSummary
from gknb.model.checks import CHECKS

NOT_NAMED = "(not placed)"
COVERAGE_SQL = f"""
WITH r AS (
    SELECT coalesce(a.province, '{NOT_NAMED}') AS province,
           coalesce(a.admin_level, '(not placed)') AS admin_level,
           rep.year,
           coalesce(rep.agency_id, rep.report_id) AS agency
    FROM reports rep LEFT JOIN agencies a USING (agency_id)
    WHERE rep.is_primary OR rep.agency_id IS NULL OR rep.year IS NULL  -- unplaced and undated reports apart
)
SELECT province, admin_level, year, count(*) AS reports, count(DISTINCT agency) AS agencies
FROM r
GROUP BY GROUPING SETS ((province, admin_level, year), (year))
ORDER BY province NULLS LAST, admin_level, year NULLS LAST
"""

READING = """\
## Reading the files

One parquet file per table (`parquet/<table>.parquet`): no partition folders, so every tool
reads a table whole with its default call, with the same rows and the same types. Integers are
integers, amounts are DOUBLE (the unit is in the measure's name: `fees_10k_yuan` is 万元,
`procurement_amount_yuan` is 元, every other measure is a count), there is no DECIMAL, and
nested values are JSON text. Rows are sorted by year, so filtering on `year` skips row groups.

```python
pandas.read_parquet("parquet/reports.parquet")                  # nullable integers arrive as Int64
pyarrow.parquet.read_table("parquet/reports.parquet")
pyarrow.dataset.dataset("parquet/reports.parquet").to_table()
polars.read_parquet("parquet/reports.parquet")
polars.scan_parquet("parquet/reports.parquet", hive_partitioning=True).collect()
duckdb.sql("SELECT * FROM read_parquet('parquet/reports.parquet', hive_partitioning = true)")
```

```r
arrow::open_dataset("parquet/reports.parquet")   # or arrow::read_parquet(); no partition key to guess
```

Point each call at a table's file: the `parquet/` folder holds every table, and a dataset over
the folder would try to merge them. R's arrow reads `BIGINT` as integer when every value fits
in 32 bits (its default) and as `integer64` otherwise; dates as `Date`, timestamps (UTC, no
zone stored) as `POSIXct`.

CSV: `csv/<table>.csv` is for tools (UTF-8 with a byte-order mark, one header row of column
codes, values as in the parquet files; these and the parquet files are the resources of
`datapackage.json`). `excel/<table>.csv` is for opening in Excel: row 1 holds the column codes,
**row 2 the Chinese column names**, and text Excel would turn into a number, a date or a formula
(an all-digit `report_id`, `1e5`, a leading `=`) is written as `="…"`, which Excel shows as that
exact text. Excel opens at most 1,048,576 rows; use the parquet files for larger tables.
"""

HANDLING = """\
## How duplicates, partial reports and blanks are handled

- **Blank cells are NULL, never 0.** A blank cell keeps a fact row with `count`/`value` NULL and
  `raw` NULL. The checks read a blank as 0 and flag it (`check_results.blank_as_zero`), since a
  blank usually, but not always, means zero.
- **Never a guessed number.** A cell that cannot be read with certainty is NULL with a warning
  (`reports.warnings`; each warning is also a row of `issues`, its code explained in `codes_issues`); where the tables' own identities leave more than one reading, the cells
  stay NULL. A value decided by those identities has `inferred = true`.
- **Partial reports** (`reports.status = 'partial'`): at least one of Tables 2–4 could not be read
  whole. Only the tables read whole have fact rows; checks over a missing table are `skipped`,
  never passed.
- **Documents that are not reports**, need OCR or failed are kept in `documents` with their
  `status` and `reason`, and have no report or facts.
- **Versions**: a report is one source (URL or file); a new version of its document replaces its
  facts and checks (`reports.document_sha256`), and every version stays in `documents`.
  The same bytes published under a second source are recorded in `documents`, not loaded twice.
- **Duplicates**: two reports claiming one canonical agency and year are both kept;
  `reports.agency_year_reports` counts the claims, so `agency_year_reports > 1` finds them.
  Sum over agencies only with that in mind (see limitations).
"""

LIMITATIONS = """\
## Known limitations

- Agencies are identified by their canonical printed name. The same town, street or department
  name under different counties merges into one agency, and an agency whose name changed is
  two; stable agency ids and region codes are the next step (issue 10). Totals summed over
  agencies are affected by both, and by the duplicates above.
- Province, region and admin level are read from the agency's name; a name that starts below
  the province (most city and county bodies) leaves the province "(not named)".
- Coverage is that of the portals crawled: an agency or year absent here may still have
  published a report. `missing_years` counts only years after an agency's first report.
- Scanned documents (`needs_ocr`) are not read. Amounts are DOUBLE: exact to the printed
  precision (at most 4 decimals, 15 significant digits), not decimal arithmetic.
- The checks test the report's own arithmetic; a report can pass every check and still be wrong.
"""


def coverage(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(province, admin_level, year, reports, agencies) rows, and per year a total row whose province
    and admin level are NULL; the one place coverage is defined."""
    return con.execute(COVERAGE_SQL).fetchall()


def _md_table(header: list[str], rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join("—" if v is None else str(v) for v in row) + " |" for row in rows]
    return out + [""]


def _coverage_section(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = coverage(con)
    years = sorted({r[2] for r in rows}, key=lambda y: (y is None, y or 0))
    cells: dict[tuple[str, str], dict] = defaultdict(dict)
    totals: dict = {}
    for province, level, year, reports, agencies in rows:
        if province is None:
            totals[year] = (reports, agencies)
        else:
            cells[(province, level)][year] = reports
    table = [[p, lvl, *(cells[(p, lvl)].get(y, "") for y in years)] for (p, lvl) in cells]
    table.append(["**all reports**", "", *(totals[y][0] for y in years)])
    table.append(["**agencies**", "", *(totals[y][1] for y in years)])
    return ["## Coverage", "",
            "Primary reports (one per agency and year) by the province and admin level of the agency they were "
            "placed at (`agencies`); reports whose printed name could not be placed, and reports without a "
            "statistics year, are counted apart (`(not placed)`, `no year`). The last row counts distinct "
            "agencies per year.", "",
            *_md_table(["province", "admin level", *(("no year" if y is None else str(y)) for y in years)], table)]


def _status_section(con: duckdb.DuckDBPyConnection) -> list[str]:
    docs = con.execute("SELECT status, count(*) FROM documents WHERE is_latest GROUP BY ALL ORDER BY 1").fetchall()
    reps = con.execute("SELECT status, count(*) FROM reports GROUP BY ALL ORDER BY 1").fetchall()
    dup = con.execute("SELECT count(*), count(DISTINCT (agency_canonical, year)) FROM reports WHERE agency_year_reports > 1").fetchall()[0]
    no_year = con.execute("SELECT count(*) FROM reports WHERE year IS NULL").fetchall()[0][0]
    return ["## Documents and reports", "",
            "Latest version of each document, by parse status: " + (", ".join(f"{s} {n:,}" for s, n in docs) or "none") + ".",
            "Reports by status: " + (", ".join(f"{s} {n:,}" for s, n in reps) or "none") + ".",
            f"{dup[0]:,} reports claim {dup[1]:,} agency-years that another report also claims; "
            f"{no_year:,} reports have no statistics year.", ""]


def _checks_section(con: duckdb.DuckDBPyConnection) -> list[str]:
    counts = {r[0]: r[1:] for r in con.execute(
        "SELECT check_name, count(DISTINCT report_id), count(DISTINCT report_id) FILTER (WHERE status = 'fail'), "
        "count(*) FILTER (WHERE status = 'skipped') FROM check_results GROUP BY ALL").fetchall()}
    out = ["## Checks", "",
           "Each check runs per report (`check_results`, one row per check and subject): `pass`, `fail` (with "
           "the numbers compared in `detail`) or `skipped` when a table is missing or incomplete. A blank "
           "cell reads as 0 and sets `blank_as_zero`. Inconsistencies are flagged, never corrected.", ""]
    for c in CHECKS:
        ran, failing, skipped = counts.get(c.name, (0, 0, 0))
        out += [f"### `{c.name}`", "", f"Over {c.over}: {c.meaning}", "", "```", c.formula, "```", "",
                f"Reports checked: {ran:,}; failing: {failing:,}" + (f" ({failing / ran:.1%})" if ran else "")
                + f"; skipped results: {skipped:,}.", ""]
    return out


def data_md(con: duckdb.DuckDBPyConnection, summary: ExportSummary, *, version: str, created: str) -> str:
    """``con`` has every exported table as a relation of the same name (the release's parquet files)."""
    year = created[:4]
    head = [
        f"# gknb data release {version}", "",
        f"Created {created}. Data as of {summary.data_as_of or '—'} (last ingest, UTC). "
        f"Parser version(s): {', '.join(summary.parser_versions) or '—'}.", "",
        "## How to cite", "",
        f"gknb contributors ({year}). *China government information disclosure annual reports "
        f"(政府信息公开工作年度报告)*, data release {version} [Data set]. See `CITATION.cff` in this folder; "
        "`SHA256SUMS` lists every file's digest, so a paper can name exactly the data it used.", "",
        "## Licences", "",
        f"- Compilation: {LICENSES[0]['name']} ({LICENSES[0]['path']}).",
        f"- Code: {RIGHTS['code']}.",
        f"- Reports: {RIGHTS['reports']}", "",
        "## Tables", "",
        *_md_table(["table", "kind", "rows", "files"],
                   [[f"`{t.name}`", t.relation.kind, f"{t.rows:,}", ", ".join(f"`{p}`" for p in t.files)] for t in summary.tables]),
        "Columns, types and codes: `DATA_DICTIONARY.md`. Changes against the previous release: `CHANGES.md`.", "",
    ]
    body = _coverage_section(con) + _status_section(con) + [HANDLING] + _checks_section(con) + [LIMITATIONS, READING]
    return "\n".join(head + body)


def release_connection(release: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per parquet file of the release folder."""
    con = duckdb.connect()
    for path in sorted((release / "parquet").glob("*.parquet")):
        escaped = str(path).replace("'", "''")
        con.execute(f"CREATE VIEW \"{path.stem}\" AS SELECT * FROM read_parquet('{escaped}')")
    return con
