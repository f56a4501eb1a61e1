"""Load benchmark: the warehouse loader next to DuckDB's own bulk load of the same rows.

Fact frames for N generated reports (2021 format: 175 Table 3 cells, 10 Table 2 cells,
15 Table 4 cells and 42 check results each, plus their documents and reports rows) are
built directly with polars from hash-based pseudo-random values; no document is parsed.
Both sides load the same rows into a fresh DuckDB file:

- ``warehouse``: ``gknb.load.warehouse.Warehouse.load`` batch by batch (one transaction per
  batch), i.e. everything the real loader does: version and duplicate checks, agency
  resolution, claims and cross-year checks;
- ``duckdb_ctas``: the batches written to parquet first (not timed), then one
  ``CREATE TABLE … AS SELECT * FROM read_parquet(…)`` per table.

Prints rows/s and file size of both and writes bench/out/load.json.
Usage: ``python bench/load_bench.py [--reports 100000] [--batch 10000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

from gknb.load.batch import LoadBatch, source_group, utc_now
from gknb.model.tables import CHECK_RESULTS, DOCUMENTS, FACT_ACTIVE_DISCLOSURE, FACT_APPLICATIONS, FACT_REVIEW_LITIGATION, REPORTS, TABLES
from gknb.load.warehouse import Warehouse
from gknb.model import report as model
from gknb.transform.agency import admin_level, region
from gknb.transform.facts import report_id_for

OUT = Path(__file__).resolve().parent / "out" / "load.json"
YEARS = 5  # reports per agency: 2019..2023
HAN_DIGITS = "甲乙丙丁戊己庚辛壬癸"


def _agency(k: int) -> str:
    return "".join(HAN_DIGITS[int(d)] for d in f"{k:05d}") + "市卫生健康委员会"


def _cells(spec: model.TableSpec) -> pl.DataFrame:
    labels = {**model.MEASURE_LABELS, **{c.key: c.label for c in (*model.APPLICANT_COLUMNS, *model.OUTCOME_COLUMNS)}}
    rows = [(r.key, m, r.label, labels[m]) for r in spec.rows for m in spec.measures_of(r)]
    return pl.DataFrame(rows, schema=["row", "col", "row_label", "column_label"], orient="row")


def _checks() -> pl.DataFrame:
    subjects = [(model.CHECK_T3_BALANCE, c) for c in model.APPLICANT_KEYS]
    subjects += [(model.CHECK_T3_OUTCOMES_SUM, c) for c in model.APPLICANT_KEYS]
    subjects += [(model.CHECK_T3_APPLICANT_SUM, r.key) for r in model.TABLE3_2021.rows]
    subjects += [(model.CHECK_T4_OUTCOME_SUM, p) for p in model.PROCEEDING_KEYS]
    return pl.DataFrame(subjects, schema=["check_name", "subject"], orient="row")


T2, T3, T4, CHECKS = _cells(model.TABLE2_2021), _cells(model.TABLE3_2021), _cells(model.TABLE4), _checks()


def _random(seed: int, modulo: int) -> pl.Expr:
    return (pl.struct("report_id", "row", "col").hash(seed) % modulo).cast(pl.Int64)


def _facts(reports: pl.DataFrame, cells: pl.DataFrame, decl, row_name: str, col_name: str, value: str) -> pl.DataFrame:
    df = reports.select("report_id", agency="agency_canonical", year="year", document_sha256="document_sha256").join(
        cells, how="cross"
    )
    number = pl.when(_random(1, 50) == 0).then(None).otherwise(_random(2, 60))  # 2% blank cells
    if value == "value":
        number = number.cast(decl.column(value).polars_dtype)
    df = df.with_columns(number.alias(value)).with_columns(
        raw=pl.col(value).cast(pl.Int64).cast(pl.String), inferred=pl.lit(False),
        source_table=pl.lit(decl.name.removeprefix("fact_")),
    )
    return df.rename({"row": row_name, "col": col_name}).select(decl.column_names).cast(dict(decl.polars_schema))


def generate_batch(start: int, n: int, now) -> LoadBatch:
    """Rows of every table for reports start..start+n, as the loader receives them."""
    idx = list(range(start, start + n))
    sources = [f"https://bench{(i // YEARS) % 500}.gov.cn/gkzl/{i}.html" for i in idx]
    names = [_agency(i // YEARS) for i in idx]
    places = {a: (region(a), admin_level(a)) for a in set(names)}
    reports = pl.DataFrame({
        "report_id": [report_id_for(s) for s in sources], "source": sources, "source_group": [source_group(s) for s in sources],
        "document_sha256": [f"{i:064x}" for i in idx], "agency": names, "agency_normalized": names, "agency_canonical": names,
        "region": [places[a][0] for a in names], "admin_level": [places[a][1] for a in names],
        "year": [2019 + i % YEARS for i in idx], "format_version": model.FORMAT_2021, "status": model.STATUS_PARSED,
        "title": [f"{a}{2019 + i % YEARS}年政府信息公开工作年度报告" for a, i in zip(names, idx)],
        "publication_date": None, "parser_version": "bench", "agency_year_reports": None, "warnings": None,
    }, schema_overrides=dict(REPORTS.polars_schema)).select(REPORTS.column_names)
    documents = reports.select(
        "source", sha256="document_sha256", report_id="report_id", media_type=pl.lit("html"), size_bytes=pl.lit(40_000, pl.Int64),
        ingested_at=pl.lit(now), fetched_at=pl.lit(now), etag=pl.lit(None, pl.String), last_modified=pl.lit(None, pl.String),
        status="status", reason=pl.lit(None, pl.String), parser_version="parser_version", is_latest=pl.lit(True),
        warnings=pl.lit(None, pl.String), meta=pl.lit(None, pl.String),
    ).cast(dict(DOCUMENTS.polars_schema))
    checks = reports.select("report_id", agency="agency_canonical", year="year").join(CHECKS, how="cross").with_columns(
        status=pl.lit("pass"), detail=pl.lit("0 = 0"), blank_as_zero=pl.lit(False), related_report_id=pl.lit(None, pl.String)
    ).select(CHECK_RESULTS.column_names).cast(dict(CHECK_RESULTS.polars_schema))
    return LoadBatch(documents=documents, reports=reports, per_report={
        FACT_APPLICATIONS.name: _facts(reports, T3, FACT_APPLICATIONS, "category", "applicant_type", "count"),
        FACT_ACTIVE_DISCLOSURE.name: _facts(reports, T2, FACT_ACTIVE_DISCLOSURE, "item", "measure", "value"),
        FACT_REVIEW_LITIGATION.name: _facts(reports, T4, FACT_REVIEW_LITIGATION, "proceeding", "outcome", "count"),
        CHECK_RESULTS.name: checks,
    })


def _frames(batch: LoadBatch) -> dict[str, pl.DataFrame]:
    return {"documents": batch.documents, "reports": batch.reports, **batch.per_report}


def run(n_reports: int, batch_size: int, workdir: Path) -> dict:
    parquet_dir = workdir / "parquet"
    parquet_dir.mkdir()
    now = utc_now()
    rows = dict.fromkeys((t.name for t in TABLES), 0)
    generate_s = 0.0
    warehouse_s = 0.0
    wh_path = workdir / "warehouse.duckdb"
    with Warehouse(wh_path) as wh:
        for b, start in enumerate(range(0, n_reports, batch_size)):
            t0 = time.perf_counter()
            batch = generate_batch(start, min(batch_size, n_reports - start), now)
            generate_s += time.perf_counter() - t0
            for name, frame in _frames(batch).items():
                rows[name] += frame.height
                frame.write_parquet(parquet_dir / f"{name}-{b:04d}.parquet")
            t0 = time.perf_counter()
            wh.load(batch)
            warehouse_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        wh.con.execute("CHECKPOINT")
        warehouse_s += time.perf_counter() - t0
        loaded = {t.name: wh.con.execute(f"SELECT count(*) FROM {t.name}").fetchall()[0][0] for t in TABLES}
    expected_checks = rows[CHECK_RESULTS.name] + 7 * (n_reports - n_reports // YEARS)  # + cross-year carry rows
    assert loaded == {**rows, CHECK_RESULTS.name: expected_checks}, (loaded, rows)

    ctas_path = workdir / "ctas.duckdb"
    con = duckdb.connect(str(ctas_path))
    con.execute("SET enable_progress_bar = false")
    t0 = time.perf_counter()
    for name in rows:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{parquet_dir}/{name}-*.parquet')")
    con.execute("CHECKPOINT")
    ctas_s = time.perf_counter() - t0
    con.close()

    total = sum(rows.values())
    result = {
        "reports": n_reports,
        "batch_reports": batch_size,
        "rows": rows,
        "rows_total": total,
        "generate_seconds": round(generate_s, 2),
        "warehouse": {
            "seconds": round(warehouse_s, 2), "rows_per_s": round(total / warehouse_s),
            "file_bytes": wh_path.stat().st_size,
        },
        "duckdb_ctas": {
            "seconds": round(ctas_s, 2), "rows_per_s": round(total / ctas_s), "file_bytes": ctas_path.stat().st_size,
        },
        "machine": {
            "cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
            "polars": pl.__version__,
        },
    }
    result["time_ratio"] = round(warehouse_s / ctas_s, 2)
    result["size_ratio"] = round(result["warehouse"]["file_bytes"] / result["duckdb_ctas"]["file_bytes"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000, help="reports per load transaction")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="gknb-load-bench-"))
    try:
        result = run(args.reports, args.batch, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    w, c = result["warehouse"], result["duckdb_ctas"]
    print(f"{result['reports']:,} reports, {result['rows_total']:,} rows")
    print(f"warehouse loader : {w['seconds']:8.2f} s  {w['rows_per_s']:>12,} rows/s  {w['file_bytes'] / 1e6:8.1f} MB")
    print(f"duckdb CTAS      : {c['seconds']:8.2f} s  {c['rows_per_s']:>12,} rows/s  {c['file_bytes'] / 1e6:8.1f} MB")
    print(f"time ratio {result['time_ratio']}x (goal <= 2x), size ratio {result['size_ratio']}x -> {args.out}")


if __name__ == "__main__":
    main()
