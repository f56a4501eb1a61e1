"""Warehouse -> one parquet file per table and view, CSV for tools and for Excel, DATA_DICTIONARY.md.

**One file per table** (``parquet/<table>.parquet``), no partition folders.  Hive folders
(``year=2021/``) made ``year`` both a path key and a column, which pandas and pyarrow refuse
(``int32 vs dictionary``) and which frictionless reads as its first file only.  One file is read
whole, with the same rows and types, by ``pandas.read_parquet``, ``pyarrow.parquet.read_table``,
``pyarrow.dataset.dataset``, ``polars.read_parquet``/``scan_parquet(hive_partitioning=True)``,
DuckDB's ``read_parquet(..., hive_partitioning = true)`` and R's ``arrow::open_dataset``: no
reader has a partition to discover, so none can disagree about one.  Rows are sorted by year
first, so a reader that filters on ``year`` still skips the other years' row groups through the
parquet statistics, which is what the partitions were for.

Each file is written by one ordered ``COPY (SELECT … ORDER BY …)`` so that an unchanged
warehouse exports to byte-identical files.  Each file carries its table's description and
pandas' own schema metadata, so pandas reads a nullable integer column as ``Int64`` (not as
float with NaN) and a nullable boolean as ``boolean``; every other reader ignores that key.

**Two CSV flavours**, both UTF-8 with a byte-order mark (Excel then opens them as UTF-8):

- ``csv/<table>.csv``: the data package's CSV resources, for tools (R, Stata, frictionless):
  one header row of column codes, values exactly as in the parquet file.
- ``excel/<table>.csv``: for opening in Excel by double-click.  Row 1 holds the column codes,
  row 2 the Chinese column names (a second header line), and every text value Excel would
  turn into a number or date (an all-digit ``report_id`` becoming 1.14758E+15, ``1e5``,
  ``2021-1``, TRUE) or run as a formula (a leading ``=``, ``+``, ``-``, ``@``) is written as
  the formula ``="…"``, which Excel shows as that exact text.
"""

from __future__ import annotations

import csv as csvlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gknb.model.versions import __version__
from gknb.load.relations import ExportColumn, Relation, relations
from gknb.load.warehouse import Warehouse
from gknb.model import legacy
from gknb.model import report as model
from gknb.model.eras import ERAS, all_rows, table_forms
from gknb.transform.facts import CATEGORIES, ITEMS

CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel opens it as UTF-8
BOM = "\ufeff".encode()
EXCEL_FORMULA_MAX = 250  # Excel refuses string literals over 255 characters inside a formula
# Text Excel would read as a number, date, time, percentage or boolean, or run as a formula.
_EXCEL_MISREADS = r"^([0-9eE.,:/ +%-]+|TRUE|FALSE|true|false|[=+\-@].*)$"

_PANDAS_TYPES = {  # DuckDB export type -> (pandas_type, numpy_type) in pandas' parquet metadata
    "TINYINT": ("int8", "Int8"), "SMALLINT": ("int16", "Int16"), "INTEGER": ("int32", "Int32"),
    "BIGINT": ("int64", "Int64"), "UTINYINT": ("uint8", "UInt8"), "USMALLINT": ("uint16", "UInt16"),
    "UINTEGER": ("uint32", "UInt32"), "UBIGINT": ("uint64", "UInt64"),
    "BOOLEAN": ("bool", "boolean"), "DOUBLE": ("float64", "float64"), "FLOAT": ("float32", "float32"),
    "VARCHAR": ("unicode", "object"), "DATE": ("date", "object"), "TIMESTAMP": ("datetime", "datetime64[us]"),
}


@dataclass
class TableExport:
    relation: Relation
    rows: int
    parquet: str  # paths relative to the export folder
    csv: str | None = None
    excel: str | None = None

    @property
    def name(self) -> str:
        return self.relation.name

    @property
    def files(self) -> list[str]:
        return [p for p in (self.parquet, self.csv, self.excel) if p]


@dataclass
class ExportSummary:
    out: Path
    tables: list[TableExport]
    parser_versions: list[str]
    data_as_of: str | None

    def table(self, name: str) -> TableExport:
        return next(t for t in self.tables if t.name == name)


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def pandas_metadata(rel: Relation) -> dict:
    """pandas' own ``pandas`` schema metadata: nullable integers and booleans read back as such."""
    columns = []
    for c in rel.columns:
        if c.type not in _PANDAS_TYPES:
            raise ValueError(f"{rel.name}.{c.name}: type {c.type} has no export mapping (add it in load/export.py)")
        pandas_type, numpy_type = _PANDAS_TYPES[c.type]
        columns.append({"name": c.name, "field_name": c.name, "pandas_type": pandas_type,
                        "numpy_type": numpy_type, "metadata": None})
    return {"index_columns": [], "column_indexes": [], "columns": columns,
            "creator": {"library": "gknb", "version": __version__}}


def kv_metadata(rel: Relation, extra: dict[str, str]) -> dict[str, str]:
    columns = {c.name: {"type": c.type, "description": c.description, "description_zh": c.description_zh}
               for c in rel.columns}
    return {
        "table": rel.name, "kind": rel.kind, "description": rel.description, "description_zh": rel.description_zh,
        "primary_key": json.dumps(list(rel.primary_key)), "columns": json.dumps(columns, ensure_ascii=False),
        **extra, "pandas": json.dumps(pandas_metadata(rel)),
    }


def _write_parquet(con: duckdb.DuckDBPyConnection, rel: Relation, out: Path, kv: dict[str, str]) -> str:
    target = out / "parquet" / f"{rel.name}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    pairs = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in kv.items())
    con.execute(f"COPY ({rel.select_sql()}) TO {_sql_string(str(target))} "
                f"(FORMAT parquet, COMPRESSION zstd, KV_METADATA {{{pairs}}})")
    return str(target.relative_to(out))


def _copy_csv_with_header(con: duckdb.DuckDBPyConnection, select: str, target: Path, header_rows: list[list[str]]) -> None:
    """BOM, the header rows (Python's csv quoting, as DuckDB's), then DuckDB's rows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    plain = target.with_name(f".{target.name}.rows")
    con.execute(f"COPY ({select}) TO {_sql_string(str(plain))} (HEADER false, DELIMITER ',')")
    head = io.StringIO()
    csvlib.writer(head, lineterminator="\n").writerows(header_rows)
    with target.open("wb") as dst, plain.open("rb") as src:
        dst.write(BOM + head.getvalue().encode("utf-8"))
        shutil.copyfileobj(src, dst)
    plain.unlink()


def _excel_select(c: ExportColumn) -> str:
    if c.type != "VARCHAR":
        return c.select
    value = c.expr
    return (f"CASE WHEN length({value}) <= {EXCEL_FORMULA_MAX} AND regexp_full_match({value}, {_sql_string(_EXCEL_MISREADS)}) "
            f"THEN '=\"' || replace({value}, '\"', '\"\"') || '\"' ELSE {value} END AS \"{c.name}\"")


def _write_csv(con: duckdb.DuckDBPyConnection, rel: Relation, out: Path) -> str:
    target = out / "csv" / f"{rel.name}.csv"
    _copy_csv_with_header(con, rel.select_sql(), target, [list(rel.column_names)])
    return str(target.relative_to(out))


def _write_excel_csv(con: duckdb.DuckDBPyConnection, rel: Relation, out: Path) -> str:
    target = out / "excel" / f"{rel.name}.csv"
    select = f"SELECT {', '.join(_excel_select(c) for c in rel.columns)} FROM {rel.name} ORDER BY {rel.order_by}"
    _copy_csv_with_header(con, select, target, [list(rel.column_names), [c.label_zh for c in rel.columns]])
    return str(target.relative_to(out))


def export(db: str | Path | Warehouse, out: str | Path, *, csv: bool = True) -> ExportSummary:
    """Write every declared table and every view of the warehouse into folder ``out``.

    ``out`` is a folder of one release being built (``gknb.load.release`` makes it and moves it
    into place); files already there are overwritten.  ``db`` is a file (opened read-only: a
    writer in another process must have closed it) or an open Warehouse, whose connection is
    used (DuckDB refuses a read-only connection to a file this process has open for writing).
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
        for rel in relations(con):
            rows = con.execute(f"SELECT count(*) FROM {rel.name}").fetchall()[0][0]
            t = TableExport(rel, rows, _write_parquet(con, rel, out, kv_metadata(rel, extra)))
            if csv:
                t.csv, t.excel = _write_csv(con, rel, out), _write_excel_csv(con, rel, out)
            tables.append(t)
    finally:
        con.close()
    summary = ExportSummary(out, tables, parser_versions, data_as_of)
    (out / "DATA_DICTIONARY.md").write_text(data_dictionary(summary), encoding="utf-8")
    return summary


# --- DATA_DICTIONARY.md --------------------------------------------------------------------

def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _table_section(t: TableExport) -> list[str]:
    r = t.relation
    files = ", ".join(f"`{p}`" for p in t.files)
    key = f"`({', '.join(r.primary_key)})`" if r.primary_key else "none (a view)"
    out = [
        f"## `{r.name}`", "", r.description, "", r.description_zh, "",
        f"- {r.kind}, defined in `{r.defined_in}`",
        f"- rows: **{t.rows:,}**", f"- key: {key}", f"- files: {files}", "",
        "| column | type | nullable | description | 说明 |", "|---|---|---|---|---|",
    ]
    out += [
        f"| `{c.name}` | {c.type}{' (JSON)' if c.is_json else ''} | {'yes' if c.nullable else 'no'} "
        f"| {_md_cell(c.description)} | {_md_cell(c.description_zh)} |"
        for c in r.columns
    ]
    return out + [""]


def _code_lists() -> list[str]:
    t3 = {r.key: r for r in all_rows("applications")}
    forms = table_forms("active_disclosure")  # in era order; a later form's label stands
    t2 = {r.key: r for spec in forms for r in spec.rows}
    newest_first = forms[::-1]
    form_names = " / ".join(next(e.format_version for e in ERAS if e.table2 is spec) for spec in newest_first)
    out = ["## Codes", "", "### `category` (Table 3 rows)", "", "| code | 标签 | group 分组 |", "|---|---|---|"]
    out += [f"| `{k}` | {t3[k].label} | {t3[k].group} |" for k in CATEGORIES]
    out += ["", "### `applicant_type` (Table 3 columns)", "", "| code | 标签 |", "|---|---|"]
    out += [f"| `{c.key}` | {c.label} |" for c in model.APPLICANT_COLUMNS]
    out += ["", "### `item` and `measure` (Table 2)", "", f"| item | 标签 | measures ({form_names} format) |", "|---|---|---|"]
    for k in ITEMS:
        formats = [
            "/".join(spec.measures_of(spec.row(k))) if k in {r.key for r in spec.rows} else "—"
            for spec in newest_first
        ]
        out.append(f"| `{k}` | {t2[k].label} | {' · '.join(formats)} |")
    out += ["", "| measure | 标签 |", "|---|---|"]
    out += [f"| `{k}` | {v} |" for k, v in model.MEASURE_LABELS.items()]
    out += ["", "### `proceeding` and `outcome` (Table 4)", "", "| code | 标签 |", "|---|---|"]
    out += [f"| `{r.key}` | {r.label} |" for r in model.TABLE4.rows]
    out += [f"| `{c.key}` | {c.label} |" for c in model.OUTCOME_COLUMNS]
    return out + [""]


def data_dictionary(summary: ExportSummary) -> str:
    head = [
        "# gknb data dictionary", "",
        "Generated from `model/tables.py` and `sql/views/` by `gknb export`; do not edit by hand.", "",
        f"- gknb version: {__version__}",
        f"- parser version(s): {', '.join(summary.parser_versions) or '—'}",
        f"- data as of (last ingest, UTC): {summary.data_as_of or '—'}", "",
        "Blank cells in a report are NULL, never 0. Every fact row keeps where it came from: the document "
        "version (`document_sha256`), the table, the row and column labels as printed and the raw cell text. "
        "Types are those of the files: amounts are DOUBLE (DECIMAL in the warehouse), nested values JSON text.", "",
        "| table | kind | rows |", "|---|---|---|",
        *(f"| `{t.name}` | {t.relation.kind} | {t.rows:,} |" for t in summary.tables), "",
    ]
    body = [line for t in summary.tables for line in _table_section(t)]
    return "\n".join(head + body + _code_lists() + legacy.crosswalk_markdown())
