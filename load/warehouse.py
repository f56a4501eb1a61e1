"""The DuckDB warehouse: one file, loaded idempotently and atomically.

Every load is one transaction: a document's rows in every table go in together or not
at all, so a process killed mid-load leaves the file as it was before that document.
Loading the same bytes again (same parser version) writes nothing.  A new version of a
document replaces its report's facts and checks and keeps the old version's row in
``documents``.  A document that no longer parses keeps the previous version's report
(``reports`` holds the newest *parsed* version).  Bytes identical to another source's
report are recorded, not loaded twice.  Two reports claiming one agency and year are
both kept; ``reports.agency_year_reports`` counts the claims.

Every report is placed at load (``load/identity.py``): its ``agency_id`` from the printed
name and the jurisdiction its source declares, and exactly one report per agency_id and
year is ``is_primary`` (``sql/checks/primary_reports.sql``); the views, the cross-year check
and every total use primary reports only.

DuckDB allows one writing process per file; readers open it ``read_only``, and a reader
and a writer cannot hold the file at the same time.  Opening waits up to
``GKNB_BUSY_WAIT_SECONDS`` (default 10) for the other process, then raises
``gknb.errors.WarehouseBusy``; a file that is not a DuckDB database raises
``WarehouseUnreadable``.  User SQL runs on a connection that can neither write nor reach
files (``Warehouse.for_query``).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from gknb.errors import GknbError, WarehouseBusy, WarehouseUnreadable
from gknb.load import sqlfiles
from gknb.load.batch import LoadBatch, build_batch
from gknb.load.identity import Placer
from gknb.model.document import DocumentRecord
from gknb.model.settings import settings, variable
from gknb.model.tables import CHECK_RESULTS, FACT_TABLES, ISSUES, PER_REPORT_TABLES, REGIONS, REPORTS, TABLES
from gknb.transform import agency as agency_names
from gknb.model import report as model
from gknb.transform.report import Report

# Test hook for the kill -9 test: "N:PATH" makes the N-th load of this process write PATH
# and stop inside its transaction, after part of the document's rows are written.
PAUSE_ENV = variable("test_pause_in_load")
# User SQL may read the warehouse and nothing else: no file, no extension, no setting changed
# back (ATTACH of another file, COPY ... TO, read_text('/etc/passwd') all fail).
QUERY_CONFIG = {"enable_external_access": False}
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")

UNCHANGED, NEW, REPLACED, RECORDED, DUPLICATE = "unchanged", "new", "replaced", "recorded", "duplicate"


def db_path(explicit: str | Path | None = None) -> Path:
    """``--db`` if given, else ``$GKNB_DB``, else ``gknb.duckdb`` in ``$GKNB_DATA_DIR`` (default ./data)."""
    return Path(explicit) if explicit else settings().db_path


class SchemaMismatch(WarehouseUnreadable):
    """The file was built by another schema version: rebuild it (the warehouse is rebuilt, not migrated)."""


def connect(
    path: Path, *, read_only: bool, config: dict[str, Any] | None = None, wait: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting up to ``wait`` seconds while another process holds it.

    Raises WarehouseBusy when it is still held, WarehouseUnreadable when it is not a usable
    DuckDB file, each with one line saying what to do.
    """
    deadline = time.monotonic() + (settings().busy_wait_seconds if wait is None else wait)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as err:
            message = str(err)
            if "lock" not in message.lower():
                raise _unreadable(path, err) from err
            if time.monotonic() >= deadline:
                raise _busy(path, message, read_only) from err
            time.sleep(0.25)
        except duckdb.Error as err:
            raise _unreadable(path, err) from err


def _busy(path: Path, message: str, read_only: bool) -> WarehouseBusy:
    holder = _LOCK_HOLDER.search(message)
    who = f"process {holder.group(1)}" if holder else "another process"
    if read_only:
        return WarehouseBusy(
            f"{path} is being written by {who} (a nightly run or an ingest)",
            hint="query the last export while it runs (README: \"Querying while the nightly runs\"), or retry when it ends",
        )
    return WarehouseBusy(
        f"{path} is open in {who}: DuckDB allows one writer and no readers while it writes",
        hint="wait for that process to finish (or stop it), then run this again",
    )


def _unreadable(path: Path, err: Exception) -> WarehouseUnreadable:
    first_line = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return WarehouseUnreadable(
        f"cannot open {path}: {first_line}",
        hint="check the path; a damaged warehouse is rebuilt with `gknb ingest` into a new file",
    )


class Warehouse:
    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, wait: float | None = None,
                 placer: Placer | None = None) -> None:
        self.path = db_path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, read_only=read_only, wait=wait)
        self.con.execute("SET enable_progress_bar = false")
        self._loads = 0
        self._registered: set[str] = set()
        self._check_schema()  # before creating what is missing: a table from another schema is refused as it is
        if not read_only:
            self._create_tables()
        # Placing needs the sources' jurisdictions; a reader never places anything.
        self.placer = placer or (None if read_only else Placer.from_sources())
        if not read_only:
            for view in sqlfiles.view_files():
                self.con.execute(sqlfiles.read(view))
            self._record_regions()

    @staticmethod
    def for_query(path: str | Path | None = None, *, wait: float | None = None) -> duckdb.DuckDBPyConnection:
        """A read-only connection for user SQL that cannot write, reach files or unlock itself."""
        con = connect(db_path(path), read_only=True, config=QUERY_CONFIG, wait=wait)
        con.execute("SET enable_progress_bar = false")
        con.execute("SET lock_configuration = true")  # last: from here no setting can be changed back
        return con

    # --- connection ----------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create_tables(self) -> None:
        """Every declared table (``IF NOT EXISTS``: a table a newer release declares is added to an older file)."""
        self.con.execute(sqlfiles.read(sqlfiles.SCHEMA_FILE))
        self.con.execute(sqlfiles.read(sqlfiles.CODES_FILE))

    def _record_regions(self) -> None:
        """The registry and the sources' declared jurisdictions into ``regions`` (only what is missing)."""
        rows = self.placer.registry.rows()
        if self.con.execute("SELECT count(*) FROM regions").fetchall()[0][0] == len(rows):
            return
        self.con.register("region_rows", pl.DataFrame(rows, schema=REGIONS.polars_schema))
        self.con.execute("INSERT OR IGNORE INTO regions BY NAME SELECT * FROM region_rows")
        self.con.unregister("region_rows")

    def _check_schema(self) -> None:
        rows = self.con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY table_name, column_index"
        ).fetchall()
        found: dict[str, list[tuple[str, str]]] = {}
        for table, column, dtype in rows:
            found.setdefault(table, []).append((column, dtype))
        for decl in TABLES:
            want = [(c.name, c.type) for c in decl.columns]
            if found.get(decl.name, want) != want:
                raise SchemaMismatch(f"{self.path}: table {decl.name} differs from model/tables.py; rebuild the warehouse")

    def query(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        self._settle()
        return self.con.sql(sql, params=params).pl()

    def row_counts(self, tables: tuple[str, ...]) -> dict[str, int]:
        """Rows per table, for the run report's totals and the verdict's shrinking-warehouse test."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}

    def versions_fingerprint(self) -> str:
        """A digest of every document version held and how it was read: equal exactly when no load changed them."""
        rows = self.con.execute("SELECT source, sha256, parser_version, status, is_latest FROM documents ORDER BY ALL").fetchall()
        return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()

    def _settle(self) -> None:
        """Finish a result a caller left half-read (``execute().fetchone()``): DuckDB 2.0 refuses
        new work on the connection until it is done, and the flows share this connection."""
        self.con.complete()

    # --- ingestion -----------------------------------------------------------------------

    def issue_counts(self, since: datetime) -> list[dict[str, Any]]:
        """Issues logged since ``since`` (a run's start), counted per source group and code, most first."""
        utc = since.astimezone(UTC).replace(tzinfo=None)  # recorded_at is naive UTC, as every time column here
        return self.query(
            f"SELECT source_group, code, level, count(*) AS issues FROM {ISSUES.name} WHERE recorded_at >= ? "
            "GROUP BY ALL ORDER BY issues DESC, source_group, code", [utc]
        ).to_dicts()

    def ingest_report(self, report: Report | dict[str, Any], record: DocumentRecord | None = None) -> str:
        """Load one parsed document in its own transaction; returns what happened to it.
        ``record``: the document as it entered (its sha256 and fetch facts), see ``load.batch.build_batch``."""
        outcomes = self.load(build_batch([(report, record)]))
        return next(iter(outcomes.values()))

    def ingest_reports(
        self, items: Iterable[tuple[Report | dict[str, Any], DocumentRecord | None]]
    ) -> dict[str, str]:
        """One transaction per document: a failure or a kill loses at most the document in hand."""
        outcomes: dict[str, str] = {}
        for report, record in items:
            outcomes.update(self.load(build_batch([(report, record)])))
        return outcomes

    def load(self, batch: LoadBatch) -> dict[str, str]:
        """Load a batch in one transaction; every document in it goes in whole or not at all.

        Returns source -> unchanged | new | replaced | recorded | duplicate.
        """
        self._loads += 1
        self._settle()
        self.con.begin()
        try:
            outcomes = self._load(batch)
            self.con.commit()
        except BaseException as err:
            try:
                self.con.rollback()
            except duckdb.Error:
                pass  # a failed COMMIT (a full disk) already ended the transaction: ``err`` is the cause
            if _disk_full(err):
                raise GknbError(
                    f"cannot write {self.path}: no space left on device",
                    hint="free disk space and run again: documents loaded before this one are kept",
                ) from err
            raise
        finally:
            for name in self._registered:
                self.con.unregister(name)  # let go of the batch's frames
            self._registered.clear()
        return outcomes

    def _register(self, name: str, frame: pl.DataFrame) -> None:
        self.con.register(name, frame)
        self._registered.add(name)

    def _load(self, batch: LoadBatch) -> dict[str, str]:
        documents, reports, outcomes = self._skip_unchanged(batch)
        if documents.is_empty():
            return outcomes
        reports, documents, duplicates = self._drop_duplicate_bytes(reports, documents)
        outcomes |= {s: DUPLICATE for s in duplicates}
        self._record_documents(documents)
        self._record_issues(batch.issues.filter(pl.col("source").is_in(documents["source"].implode())))
        outcomes |= {s: RECORDED for s in documents["source"] if s not in outcomes}
        if reports.is_empty():
            return outcomes
        replaced = self._delete_replaced(reports)
        outcomes |= {s: (REPLACED if s in set(replaced["source"]) else NEW) for s in reports["source"]}
        placed = self.placer.place(reports.with_columns(tables_read=_tables_read(reports, batch.per_report)))
        self._upsert_agencies(placed.agencies)
        reports, renamed = self._resolve_agencies(placed.reports)
        self._insert_reports(reports, batch.per_report, placed.issues)
        self._append_issues(placed.logged)
        affected = pl.concat([
            replaced.select(agency=pl.col("agency_canonical")),
            reports.select(agency=pl.col("agency_canonical")),
            renamed.select(agency=pl.col("old")),
            renamed.select(agency=pl.col("agency_canonical")),
        ]).drop_nulls().unique()
        agency_ids = pl.concat([replaced.select("agency_id"), reports.select("agency_id")]).drop_nulls().unique()
        self._refresh_across_reports(affected, agency_ids)
        return outcomes

    def unchanged(self, documents: pl.DataFrame) -> set[tuple[str, str]]:
        """(source, sha256) of the given versions that need no load: the one skip-unchanged rule.

        A version is unchanged when it is its source's *latest* version and was read by the
        parser version it names.  Only the latest counts: a source that returns to older
        bytes is loaded again, so the warehouse's latest is what the portal serves now.
        ``documents`` has source, sha256 and parser_version; the flows and the CLI ask before
        parsing, and every load asks again for what it is handed.
        """
        self.con.register("candidate_versions", documents.select("source", "sha256", "parser_version"))
        try:
            rows = self.con.execute(
                "SELECT c.source, c.sha256 FROM candidate_versions AS c JOIN documents AS d USING (source, sha256) "
                "WHERE d.is_latest AND d.parser_version = c.parser_version"
            ).fetchall()
        finally:
            self.con.unregister("candidate_versions")
        return {(source, sha) for source, sha in rows}

    def _skip_unchanged(self, batch: LoadBatch) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
        """Drop the documents ``unchanged`` says need no load."""
        unchanged = [source for source, _sha in self.unchanged(batch.documents)]
        keep = ~pl.col("source").is_in(pl.Series(unchanged, dtype=pl.String).implode())
        return batch.documents.filter(keep), batch.reports.filter(keep), dict.fromkeys(unchanged, UNCHANGED)

    def _record_documents(self, documents: pl.DataFrame) -> None:
        """Each version once; the newest seen of a source is the latest (a source can return to old bytes)."""
        self._register("batch_documents", documents)
        self.con.execute(
            "UPDATE documents SET is_latest = false WHERE is_latest AND source IN (SELECT source FROM batch_documents)"
        )
        self.con.execute(
            "INSERT INTO documents BY NAME SELECT * FROM batch_documents ON CONFLICT (source, sha256) DO UPDATE SET "
            "media_type = excluded.media_type, status = excluded.status, reason = excluded.reason, "
            "parser_version = excluded.parser_version, is_latest = true, warnings = excluded.warnings, "
            "meta = excluded.meta, fetched_at = coalesce(excluded.fetched_at, documents.fetched_at), "
            "etag = coalesce(excluded.etag, documents.etag), "
            "last_modified = coalesce(excluded.last_modified, documents.last_modified)"
        )

    def _record_issues(self, issues: pl.DataFrame) -> None:
        """A version's issues replace what an earlier parse of the same bytes logged (``batch_documents``: this
        batch's versions), so a re-parse never duplicates them."""
        self.con.execute(
            f"DELETE FROM {ISSUES.name} WHERE (source, document_sha256) IN (SELECT source, sha256 FROM batch_documents)"
        )
        self._register("batch_issues", issues)
        self.con.execute(f"INSERT INTO {ISSUES.name} BY NAME SELECT * FROM batch_issues")

    def _append_issues(self, issues: pl.DataFrame) -> None:
        """Issues met at load (an agency not placed) after the version's own: ``_record_issues`` cleared the
        version's rows earlier in this transaction, so a re-load replaces these too."""
        if issues.is_empty():
            return
        self._register("batch_load_issues", issues)
        self.con.execute(
            f"INSERT INTO {ISSUES.name} BY NAME SELECT * REPLACE (coalesce((SELECT max(i.issue_order) + 1 "
            f"FROM {ISSUES.name} AS i WHERE i.source = b.source AND i.document_sha256 = b.document_sha256), 0) "
            "AS issue_order) FROM batch_load_issues AS b"
        )

    def _delete_replaced(self, reports: pl.DataFrame) -> pl.DataFrame:
        """Remove every row of the batch's reports that are already loaded; returns what they were."""
        self._register("batch_report_ids", reports.select("report_id"))
        replaced = self.query(
            "SELECT report_id, source, agency_canonical, agency_id FROM reports "
            "WHERE report_id IN (SELECT report_id FROM batch_report_ids)"
        )
        if not replaced.is_empty():
            for decl in (*PER_REPORT_TABLES, REPORTS):
                self.con.execute(f"DELETE FROM {decl.name} WHERE report_id IN (SELECT report_id FROM batch_report_ids)")
        return replaced

    def _upsert_agencies(self, agencies: pl.DataFrame) -> None:
        """New agencies in; a known one keeps its row (its names_seen is recomputed after the insert)."""
        if agencies.is_empty():
            return
        self._register("batch_agencies", agencies)
        self.con.execute("INSERT OR IGNORE INTO agencies BY NAME SELECT * FROM batch_agencies")

    def _insert_reports(self, reports: pl.DataFrame, per_report: dict[str, pl.DataFrame], issues: pl.DataFrame) -> None:
        """The reports rows, then their facts and checks, each carrying the report's canonical agency."""
        self._register("batch_reports", reports.select(REPORTS.column_names))
        self.con.execute("INSERT INTO reports BY NAME SELECT * FROM batch_reports")
        names = dict(zip(reports["report_id"], reports["agency_canonical"]))
        for i, decl in enumerate(PER_REPORT_TABLES):
            rows = per_report[decl.name]
            if decl is CHECK_RESULTS:
                rows = pl.concat([rows, issues])
            rows = rows.filter(pl.col("report_id").is_in(reports["report_id"].implode()))
            rows = rows.with_columns(pl.col("report_id").replace_strict(names, return_dtype=pl.String).alias("agency"))
            self._register("batch_rows", rows)
            self.con.execute(f"INSERT INTO {decl.name} BY NAME SELECT * FROM batch_rows")
            if i == 0:
                self._pause_for_test()

    def _drop_duplicate_bytes(
        self, reports: pl.DataFrame, documents: pl.DataFrame
    ) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
        """Bytes already loaded as another source's report (a mirror, a copied file) are recorded, not reloaded."""
        self._register("batch_reports", reports)
        known = self.query(
            "SELECT b.source, r.report_id, r.source AS original FROM batch_reports AS b "
            "JOIN reports AS r ON r.document_sha256 = b.document_sha256 AND r.report_id <> b.report_id"
        )
        first = reports.unique("document_sha256", keep="first", maintain_order=True)
        repeated = reports.join(first.select("source"), on="source", how="anti").join(
            first.select("document_sha256", "report_id", original=pl.col("source")), on="document_sha256"
        ).select("source", "report_id", "original")
        dupes = pl.concat([known, repeated]).unique("source", keep="first", maintain_order=True)
        if dupes.is_empty():
            return reports, documents, []
        reason = dict(zip(dupes["source"], ("same bytes as report " + dupes["report_id"] + " (" + dupes["original"] + ")")))
        documents = documents.with_columns(
            pl.col("source").replace_strict(reason, default=pl.col("reason"), return_dtype=pl.String).alias("reason")
        )
        return reports.filter(~pl.col("source").is_in(dupes["source"].implode())), documents, dupes["source"].to_list()

    def _resolve_agencies(self, reports: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Canonical names of the batch and of the other reports of the same source groups.

        Returns the batch reports with their canonical names, and the stored reports
        whose canonical name changed (columns report_id, old, agency_canonical), which are
        updated here in every table that repeats the name.
        """
        self._register("batch_groups", reports.select("source_group").unique())
        stored = self.query(
            "SELECT r.report_id, r.source_group, r.agency_normalized, r.agency_canonical AS old, "
            "a.canonical_name AS placed_name, a.admin_level AS placed_level, a.region_code AS placed_region "
            "FROM reports AS r LEFT JOIN agencies AS a USING (agency_id) "
            "WHERE r.source_group IN (SELECT source_group FROM batch_groups)"
        )
        pool = pl.concat([stored.select("source_group", "agency_normalized"), reports.select("source_group", "agency_normalized")])
        mapping: dict[tuple[str, str], str] = {}
        for (group,), names in pool.drop_nulls().group_by("source_group"):
            for normal, canonical in agency_names.canonical_names(names["agency_normalized"]).items():
                mapping[(group, normal)] = canonical

        places = {c: (agency_names.region(c), agency_names.admin_level(c)) for c in set(mapping.values())}

        def canonical(frame: pl.DataFrame) -> pl.DataFrame:
            """A placed report takes its agency's name and level; an unplaced one the source group's restoration."""
            name = [mapping.get((g, n)) if n else None for g, n in zip(frame["source_group"], frame["agency_normalized"])]
            place = [places.get(n, (None, None)) for n in name]
            placed = frame["placed_name"].is_not_null()
            prefix = [self.placer.registry.prefix(c) or None if c else None for c in frame["placed_region"]]
            return frame.with_columns(
                agency_canonical=pl.when(placed).then(frame["placed_name"]).otherwise(pl.Series(name, dtype=pl.String)),
                region=pl.when(placed).then(pl.Series(prefix, dtype=pl.String))
                .otherwise(pl.Series([p[0] for p in place], dtype=pl.String)),
                admin_level=pl.when(placed).then(frame["placed_level"])
                .otherwise(pl.Series([p[1] for p in place], dtype=pl.String)),
            )

        renamed = canonical(stored).filter(pl.col("agency_canonical").ne_missing(pl.col("old")))
        if not renamed.is_empty():
            self._register("renamed", renamed)
            self.con.execute(
                "UPDATE reports SET agency_canonical = r.agency_canonical, region = r.region, admin_level = r.admin_level "
                "FROM renamed AS r WHERE reports.report_id = r.report_id"
            )
            for decl in PER_REPORT_TABLES:
                self.con.execute(
                    f"UPDATE {decl.name} SET agency = r.agency_canonical FROM renamed AS r WHERE {decl.name}.report_id = r.report_id"
                )
        return canonical(reports), renamed

    def _refresh_across_reports(self, affected: pl.DataFrame, agency_ids: pl.DataFrame) -> None:
        """Everything that depends on other reports of the same agency: claims, the primary report, names
        seen and cross-year checks."""
        con = self.con
        if not affected.is_empty():
            self._register("affected_agencies", affected)
            con.execute(
                "UPDATE reports SET agency_year_reports = c.n FROM ("
                "  SELECT agency_canonical, year, count(*)::INTEGER AS n FROM reports"
                "  WHERE agency_canonical IN (SELECT agency FROM affected_agencies) AND year IS NOT NULL GROUP BY ALL"
                ") AS c WHERE reports.agency_canonical = c.agency_canonical AND reports.year = c.year"
            )
        if agency_ids.is_empty():
            return
        self._register("affected_ids", agency_ids)
        self._register("applicant_types", pl.DataFrame({"applicant_type": list(model.APPLICANT_KEYS)}))
        con.execute(sqlfiles.read(sqlfiles.PRIMARY_REPORTS_FILE))
        self._refresh_names_seen()
        con.execute(
            f"DELETE FROM {CHECK_RESULTS.name} WHERE check_name = ? AND report_id IN "
            "(SELECT report_id FROM reports WHERE agency_id IN (SELECT agency_id FROM affected_ids))",
            [model.CHECK_CROSS_YEAR_CARRY],
        )
        con.execute(f"INSERT INTO {CHECK_RESULTS.name} BY NAME " + sqlfiles.read(sqlfiles.CROSS_YEAR_CARRY_FILE))

    def _refresh_names_seen(self) -> None:
        """agencies.names_seen: every printed name of the affected agencies' reports, with its years."""
        self.con.execute(
            "UPDATE agencies SET names_seen = n.names_seen FROM ("
            "  SELECT agency_id, to_json(map_from_entries(list((agency, years) ORDER BY agency)))::VARCHAR AS names_seen FROM ("
            "    SELECT agency_id, agency, list(DISTINCT year ORDER BY year) FILTER (WHERE year IS NOT NULL) AS years"
            "    FROM reports WHERE agency_id IN (SELECT agency_id FROM affected_ids) AND agency IS NOT NULL"
            "    GROUP BY agency_id, agency"
            "  ) GROUP BY agency_id"
            ") AS n WHERE agencies.agency_id = n.agency_id"
        )

    def _pause_for_test(self) -> None:
        spec = settings().test_pause_in_load
        if not spec:
            return
        nth, ready = spec.split(":", 1)
        if self._loads == int(nth):
            # Written aside and renamed: the test polls for the file and must never read it half-written.
            partial = Path(f"{ready}.partial")
            partial.write_text(str(os.getpid()), encoding="utf-8")
            partial.replace(ready)
            time.sleep(3600)


def _disk_full(err: BaseException) -> bool:
    """DuckDB reports ENOSPC in its message, not as an errno."""
    return (isinstance(err, OSError) and err.errno == errno.ENOSPC) or "No space left on device" in str(err)


def _tables_read(reports: pl.DataFrame, per_report: dict[str, pl.DataFrame]) -> pl.Series:
    """Per report, how many statistics tables have any value (a legacy table counts as one): what ranks a PDF above
    the HTML page that only links it, without scanning the fact tables again."""
    held = pl.concat([
        per_report[decl.name].filter(pl.col("count" if "count" in decl.column_names else "value").is_not_null())
        .select("report_id", (pl.col("source_table") if "source_table" in decl.column_names
                              else pl.lit(decl.name)).alias("source_table"))  # a legacy table counts as one
        for decl in FACT_TABLES
    ]).unique().group_by("report_id").len()
    counts = dict(zip(held["report_id"], held["len"]))
    return pl.Series("tables_read", [counts.get(r, 0) for r in reports["report_id"]], dtype=pl.Int16)
