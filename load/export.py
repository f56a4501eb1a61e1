"""Warehouse -> parquet per table (hive partitions by year), optional CSV, datapackage.json
and DATA_DICTIONARY.md, all described by the declarations of load/schema.py.

Each year partition is written by its own ``COPY (… ORDER BY key) TO file``: DuckDB's
``PARTITION_BY`` writes rows in no fixed order (measured: two runs gave different bytes),
while one ordered COPY per partition gives byte-identical files run after run, so an
unchanged warehouse exports to unchanged files.  The year column is kept inside the files
too, so a reader that ignores the hive path still gets the declared type.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from gknb.model.versions import __version__
from gknb.load import sqlfiles
from gknb.model.tables import TABLES, TableDecl, frictionless_schema, parquet_kv_metadata
from gknb.load.warehouse import Warehouse
from gknb.model import report as model
from gknb.transform.facts import CATEGORIES, ITEMS

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # DuckDB's and Hive's name for a NULL partition value
CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel opens it as UTF-8


@dataclass
class TableExport:
    decl: TableDecl
    rows: int
    parquet: list[str] = field(default_factory=list)  # paths relative to the export folder
    csv: str | None = None


@dataclass
class ExportSummary:
    out: Path
    tables: list[TableExport]
    parser_versions: list[str]
    data_as_of: str | None


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _kv_option(decl: TableDecl, extra: dict[str, str]) -> str:
    pairs = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in parquet_kv_metadata(decl, extra).items())
    return "{" + pairs + "}"


def _order(decl: TableDecl) -> str:
    return ", ".join(decl.primary_key)


def _write_parquet(con: duckdb.DuckDBPyConnection, decl: TableDecl, out: Path, kv: str) -> list[str]:
    folder = out / "parquet" / decl.name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    options = f"(FORMAT parquet, COMPRESSION zstd, KV_METADATA {kv})"
    if not decl.partition_by_year:
        target = folder / "data_0.parquet"
        con.execute(f"COPY (SELECT * FROM {decl.name} ORDER BY {_order(decl)}) TO {_sql_string(str(target))} {options}")
        return [str(target.relative_to(out))]
    files = []
    years = [r[0] for r in con.execute(f"SELECT DISTINCT year FROM {decl.name} ORDER BY year NULLS LAST").fetchall()]
    for year in years:
        where = "year IS NULL" if year is None else f"year = {int(year)}"
        target = folder / f"year={NULL_PARTITION if year is None else year}" / "data_0.parquet"
        target.parent.mkdir()
        con.execute(
            f"COPY (SELECT * FROM {decl.name} WHERE {where} ORDER BY {_order(decl)}) TO {_sql_string(str(target))} {options}"
        )
        files.append(str(target.relative_to(out)))
    return files


def _write_csv(con: duckdb.DuckDBPyConnection, decl: TableDecl, out: Path) -> str:
    """One CSV per table, UTF-8 with a BOM (DuckDB writes none, so it is prefixed here)."""
    folder = out / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{decl.name}.csv"
    plain = folder / f".{decl.name}.csv.tmp"
    con.execute(f"COPY (SELECT * FROM {decl.name} ORDER BY {_order(decl)}) TO {_sql_string(str(plain))} (HEADER, DELIMITER ',')")
    with target.open("wb") as dst, plain.open("rb") as src:
        dst.write("\ufeff".encode())
        shutil.copyfileobj(src, dst)
    plain.unlink()
    return str(target.relative_to(out))


def export(db: str | Path | Warehouse, out: str | Path, *, csv: bool = False) -> ExportSummary:
    """Export every declared table of the warehouse into folder ``out``.

    ``db`` is a file (opened read-only: a writer in another process must have closed it) or
    an open Warehouse, whose connection is used (DuckDB refuses a read-only connection to a
    file this process already has open for writing).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = db.con.cursor() if isinstance(db, Warehouse) else duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        parser_versions = [r[0] for r in con.execute("SELECT DISTINCT parser_version FROM documents ORDER BY 1").fetchall()]
        as_of = con.execute("SELECT max(ingested_at) FROM documents").fetchall()[0][0]
        data_as_of = as_of.isoformat() if as_of else None
        extra = {"gknb_version": __version__, "parser_versions": json.dumps(parser_versions), "data_as_of": data_as_of or ""}
        tables = []
        for decl in TABLES:
            rows = con.execute(f"SELECT count(*) FROM {decl.name}").fetchall()[0][0]
            t = TableExport(decl, rows, _write_parquet(con, decl, out, _kv_option(decl, extra)))
            if csv:
                t.csv = _write_csv(con, decl, out)
            tables.append(t)
    finally:
        con.close()
    summary = ExportSummary(out, tables, parser_versions, data_as_of)
    (out / "datapackage.json").write_text(
        json.dumps(datapackage(summary), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "DATA_DICTIONARY.md").write_text(data_dictionary(summary), encoding="utf-8")
    return summary


# --- Frictionless Data Package --------------------------------------------------------------

def datapackage(summary: ExportSummary) -> dict[str, Any]:
    resources = []
    for t in summary.tables:
        common = {
            "description": t.decl.description, "description_zh": t.decl.description_zh,
            "schema": frictionless_schema(t.decl), "rows": t.rows,
        }
        resources.append({
            "name": t.decl.name, "path": t.parquet, "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", **common,
        })
        if t.csv:
            resources.append({
                "name": f"{t.decl.name}_csv", "path": t.csv, "format": "csv", "mediatype": "text/csv",
                "encoding": CSV_ENCODING, "dialect": {"header": True, "delimiter": ","}, **common,
            })
    return {
        "profile": "data-package",
        "name": "gknb",
        "title": "China government information disclosure annual reports (政府信息公开工作年度报告)",
        "version": __version__,
        "parser_versions": summary.parser_versions,
        "data_as_of": summary.data_as_of,
        "resources": resources,
    }


# --- DATA_DICTIONARY.md --------------------------------------------------------------------

def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _table_section(t: TableExport) -> list[str]:
    d = t.decl
    files = f"`parquet/{d.name}/`" + (" (partitioned by year)" if d.partition_by_year else "")
    if t.csv:
        files += f", `{t.csv}`"
    out = [
        f"## `{d.name}`", "", d.description, "", d.description_zh, "",
        f"- rows: **{t.rows:,}**", f"- key: `({', '.join(d.primary_key)})`", f"- files: {files}", "",
        "| column | type | nullable | description | 说明 |", "|---|---|---|---|---|",
    ]
    out += [
        f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {_md_cell(c.description)} | {_md_cell(c.description_zh)} |"
        for c in d.columns
    ]
    return out + [""]


def _code_lists() -> list[str]:
    t3 = {r.key: r for r in (*model.TABLE3_2021.rows, model.OTHER_PROCESSING)}
    t2 = {r.key: r for r in (*model.TABLE2_2019.rows, *model.TABLE2_2021.rows)}
    out = ["## Codes", "", "### `category` (Table 3 rows)", "", "| code | 标签 | group 分组 |", "|---|---|---|"]
    out += [f"| `{k}` | {t3[k].label} | {t3[k].group} |" for k in CATEGORIES]
    out += ["", "### `applicant_type` (Table 3 columns)", "", "| code | 标签 |", "|---|---|"]
    out += [f"| `{c.key}` | {c.label} |" for c in model.APPLICANT_COLUMNS]
    out += ["", "### `item` and `measure` (Table 2)", "", "| item | 标签 | measures (2021 / 2019 format) |", "|---|---|---|"]
    for k in ITEMS:
        formats = [
            "/".join(spec.measures_of(spec.row(k))) if k in {r.key for r in spec.rows} else "—"
            for spec in (model.TABLE2_2021, model.TABLE2_2019)
        ]
        out.append(f"| `{k}` | {t2[k].label} | {' · '.join(formats)} |")
    out += ["", "| measure | 标签 |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in model.MEASURE_LABELS.items()]
    out += ["", "### `proceeding` and `outcome` (Table 4)", "", "| code | 标签 |", "|---|---|"]
    out += [f"| `{r.key}` | {r.label} |" for r in model.TABLE4.rows]
    out += [f"| `{c.key}` | {c.label} |" for c in model.OUTCOME_COLUMNS]
    return out + [""]


def _views() -> list[str]:
    out = ["## Views (in the DuckDB file)", ""]
    for path in sqlfiles.view_files():
        comment = " ".join(
            line.removeprefix("--").strip() for line in sqlfiles.read(path).splitlines() if line.startswith("--")
        )
        out.append(f"- `{path.stem}` (`sql/views/{path.name}`): {comment}")
    return out + [""]


def data_dictionary(summary: ExportSummary) -> str:
    head = [
        "# gknb data dictionary", "",
        "Generated from `load/schema.py` by `gknb export`; do not edit by hand.", "",
        f"- gknb version: {__version__}",
        f"- parser version(s): {', '.join(summary.parser_versions) or '—'}",
        f"- data as of (last ingest, UTC): {summary.data_as_of or '—'}", "",
        "Blank cells in a report are NULL, never 0. Every fact row keeps where it came from: the document "
        "version (`document_sha256`), the table, the row and column labels as printed and the raw cell text.", "",
        "| table | rows |", "|---|---|",
        *(f"| `{t.decl.name}` | {t.rows:,} |" for t in summary.tables), "",
    ]
    body = [line for t in summary.tables for line in _table_section(t)]
    return "\n".join(head + body + _code_lists() + _views())
