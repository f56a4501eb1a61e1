"""Exports read whole by every research tool with its default call: same rows, same types as the warehouse.

One small warehouse (generated here): reports over three years of one agency (so the
cross-year check runs), an inconsistent report, a report without a year, a failed document,
a 2019-format report, and a report whose ``report_id`` is all digits (Excel's favourite
victim).  Each table and view of the release is read by pandas, pyarrow (file and dataset),
polars (eager and lazy with hive partitioning on) and DuckDB (hive partitioning on).
"""

from __future__ import annotations

import csv
import io
import json
import re

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from gknb.load.export import BOM, CSV_ENCODING
from gknb.load.release import publish
from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import failed_report, make_report
from gknb.model import report as model
from gknb.model.checks import CHECKS
from gknb.transform.facts import report_id_for

pytestmark = pytest.mark.integration

# The export's type contract, written out independently of the code under test.
_POLARS = {"VARCHAR": pl.String, "SMALLINT": pl.Int16, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64,
           "BOOLEAN": pl.Boolean, "DATE": pl.Date, "TIMESTAMP": pl.Datetime("us")}
_ARROW = {"VARCHAR": (pa.string(), pa.large_string(), pa.string_view()), "SMALLINT": (pa.int16(),),
          "INTEGER": (pa.int32(),),
          "BIGINT": (pa.int64(),), "DOUBLE": (pa.float64(),), "BOOLEAN": (pa.bool_(),), "DATE": (pa.date32(),),
          "TIMESTAMP": (pa.timestamp("us"),)}


def exported_type(warehouse_type: str) -> str:
    """DECIMAL -> DOUBLE, SUM's HUGEINT -> BIGINT, nested values -> JSON text; the rest unchanged."""
    if warehouse_type.startswith("DECIMAL"):
        return "DOUBLE"
    if warehouse_type == "HUGEINT":
        return "BIGINT"
    if warehouse_type.endswith("]") or warehouse_type.startswith(("STRUCT", "MAP")):
        return "VARCHAR"
    return warehouse_type


def all_digit_source() -> str:
    i = 0
    while not report_id_for(f"https://c.gov.cn/{i}.html").isdigit():
        i += 1
    return f"https://c.gov.cn/{i}.html"


def build_warehouse(db):
    reports = [
        make_report(f"https://a.gov.cn/{y}.html", "淮安市洪泽区人民政府", y, seed=y, blank_rate=0.1) for y in (2020, 2021, 2022)
    ]
    reports.append(make_report("https://b.gov.cn/x.html", "杭州市卫生健康委员会", 2023, seed=7, consistent=False))
    reports.append(make_report("https://b.gov.cn/old.html", "浙江省杭州市民政局", 2019, seed=9, fmt=model.FORMAT_2019))
    no_year = make_report("https://b.gov.cn/y.html", "杭州市卫生健康委员会", 2023, seed=8)
    no_year["year"] = None
    reports += [no_year, make_report(all_digit_source(), "仙居县人民政府", 2023, seed=11),
                failed_report("https://b.gov.cn/junk.html")]
    with Warehouse(db) as wh:
        wh.ingest_reports((r, None) for r in reports)
    return db


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("export") / "gknb.duckdb")


@pytest.fixture(scope="module")
def release(warehouse, tmp_path_factory):
    return publish(warehouse, tmp_path_factory.mktemp("releases"))


def _warehouse_relation(db, name):
    con = duckdb.connect(str(db), read_only=True)
    try:
        described = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {name}").fetchall()]
        return described, con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    finally:
        con.close()


def test_views_and_tables_are_all_exported(release):
    names = {t.name for t in release.export.tables}
    assert {"documents", "reports", "fact_applications", "check_results"} <= names
    assert {"t3_wide", "disclosure_outcomes", "missing_years", "quality"} <= names
    assert sorted(p.name for p in (release.path / "parquet").iterdir()) == sorted(f"{n}.parquet" for n in names)


def test_every_table_reads_whole_in_every_tool_with_the_warehouse_types(warehouse, release):
    con = duckdb.connect()
    for t in release.export.tables:
        described, rows = _warehouse_relation(warehouse, t.name)
        names = [n for n, _ in described]
        types = [exported_type(k) for _, k in described]
        path = str(release.path / t.parquet)
        assert t.rows == rows

        back = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = true)").fetchall()
        assert [(r[0], r[1]) for r in back] == list(zip(names, types)), t.name
        assert con.execute(f"SELECT count(*) FROM read_parquet('{path}', hive_partitioning = true)").fetchone()[0] == rows

        for frame in (pl.read_parquet(path), pl.scan_parquet(path, hive_partitioning=True).collect()):
            assert frame.height == rows and frame.columns == names, t.name
            assert [frame.schema[n] for n in names] == [_POLARS[k] for k in types], t.name

        for table in (pq.read_table(path), ds.dataset(path).to_table()):
            assert table.num_rows == rows and table.column_names == names, t.name
            for n, k in zip(names, types):
                assert table.schema.field(n).type in _ARROW[k], (t.name, n, table.schema.field(n).type)

        df = pd.read_parquet(path)
        assert len(df) == rows and list(df.columns) == names, t.name
        for n, k in zip(names, types):
            if k in ("SMALLINT", "INTEGER", "BIGINT"):  # integers stay integers, NULLs included (no float NaN)
                assert pd.api.types.is_integer_dtype(df[n].dtype), (t.name, n, df[n].dtype)
            if k == "DOUBLE":
                assert pd.api.types.is_float_dtype(df[n].dtype), (t.name, n)


def test_values_survive_the_round_trip(warehouse, release):
    """Amounts: DECIMAL in the warehouse, DOUBLE in the file, the same number."""
    with Warehouse(warehouse, read_only=True) as wh:
        want = wh.query("SELECT report_id, item, measure, value::DOUBLE AS value FROM fact_active_disclosure ORDER BY ALL")
        views = {name: wh.query(f"SELECT count(*) FROM {name}").item() for name in ("t3_wide", "quality")}
    got = pl.read_parquet(release.path / "parquet" / "fact_active_disclosure.parquet").select(want.columns).sort(want.columns)
    assert got.equals(want)
    assert got["value"].drop_nulls().len() > 0
    for name, n in views.items():
        assert pl.read_parquet(release.path / "parquet" / f"{name}.parquet").height == n > 0
    quality = pl.read_parquet(release.path / "parquet" / "quality.parquet")
    assert all(isinstance(json.loads(v), list) for v in quality["failing_years"].drop_nulls())  # a list, as JSON


def test_datapackage_validates_with_frictionless_for_parquet_and_csv(release):
    from frictionless import validate

    report = validate(str(release.path / "datapackage.json"))
    errors = [(task.name, e.message) for task in report.tasks for e in task.errors]
    assert report.valid, errors[:5]
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}  # no "rows" for an empty table
    for t in release.export.tables:  # every row read: one file per resource
        assert rows[t.name] == rows[f"{t.name}_csv"] == t.rows, t.name


def test_datapackage_says_what_a_citation_needs(release):
    package = json.loads((release.path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == release.id and re.fullmatch(r"\d{4}-\d{2}-\d{2}\.1", release.id)
    assert package["created"].endswith("Z") and package["previous_version"] is None
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and "MIT" in package["rights"]["code"]
    assert "政府信息公开条例" in package["rights"]["reports"]
    assert {s["path"] for s in package["sources"]} == {"http://a.gov.cn/", "http://b.gov.cn/", "http://c.gov.cn/"}
    assert package["contributors"] and package["parser_versions"] == release.export.parser_versions
    import yaml

    cff = yaml.safe_load((release.path / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["version"] == release.id
    assert {"message", "title", "authors"} <= set(cff)


def test_sha256sums_cover_every_file_of_the_release(release):
    import hashlib

    lines = (release.path / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    files = {p.relative_to(release.path).as_posix() for p in release.path.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files
    for path, digest in listed.items():
        assert hashlib.sha256((release.path / path).read_bytes()).hexdigest() == digest, path
    assert (release.path.parent / "LATEST").read_text().strip() == release.id
    assert (release.path.parent / "latest").resolve() == release.path.resolve()


def test_tool_csv_has_a_bom_one_header_and_every_row(release):
    for t in release.export.tables:
        raw = (release.path / t.csv).read_bytes()
        assert raw.startswith(BOM)
        df = pl.read_csv(raw.decode(CSV_ENCODING).encode(), infer_schema=False)
        assert df.columns == list(t.relation.column_names) and df.height == t.rows, t.name


def test_excel_csv_keeps_identifiers_as_text_under_a_chinese_header(release):
    digits = report_id_for(all_digit_source())
    raw = (release.path / "excel" / "reports.csv").read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.reader(io.StringIO(raw.decode(CSV_ENCODING))))
    header, chinese, data = rows[0], rows[1], rows[2:]
    assert header == list(release.export.table("reports").relation.column_names)
    assert chinese[header.index("report_id")] == "报告标识" and chinese[header.index("year")] == "报告统计年度"
    ids = [r[header.index("report_id")] for r in data]
    assert f'="{digits}"' in ids  # Excel shows ="…" as the exact text, never 1.2E+15
    assert all(i.startswith('="') or not re.fullmatch(r"[0-9eE.]+", i) for i in ids)
    years = [r[header.index("year")] for r in data]
    assert "2023" in years  # numbers stay numbers
    tool = pl.read_csv(release.path / "csv" / "reports.csv", infer_schema=False)
    assert digits in tool["report_id"].to_list()  # the tool CSV holds the plain value


def test_data_md_gives_coverage_handling_checks_and_limitations(release):
    text = (release.path / "DATA.md").read_text(encoding="utf-8")
    assert f"# gknb data release {release.id}" in text
    coverage = text.split("## Coverage", 1)[1].split("\n## ", 1)[0]
    assert "| province | admin level | 2019 | 2020 | 2021 | 2022 | 2023 | no year |" in coverage
    assert "| 浙江省 | prefecture | 1 |" in coverage
    for check in CHECKS:
        assert f"### `{check.name}`" in text and check.formula in text
    assert "Blank cells are NULL, never 0" in text and "## Known limitations" in text
    assert "arrow::open_dataset" in text and "hive_partitioning = true" in text


def test_every_check_in_the_warehouse_is_declared(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        names = {r[0] for r in con.execute("SELECT DISTINCT check_name FROM check_results").fetchall()}
    finally:
        con.close()
    assert model.CHECK_CROSS_YEAR_CARRY in names
    assert names <= {c.name for c in CHECKS}  # every check declared (test_eras: every declaration a real check)
