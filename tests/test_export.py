"""Exports read back in DuckDB and polars as the warehouse holds them, described by the declarations."""

from __future__ import annotations

import hashlib
import json

import duckdb
import polars as pl
import pytest

from gknb.load.export import CSV_ENCODING, export
from gknb.model.tables import TABLES
from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import failed_report, make_report

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "gknb.duckdb"
    reports = [
        make_report(f"https://a.gov.cn/{y}.html", "淮安市洪泽区人民政府", y, seed=y, blank_rate=0.1) for y in (2020, 2021, 2023)
    ]
    reports.append(make_report("https://b.gov.cn/x.html", "杭州市卫生健康委员会", 2023, seed=7, consistent=False))
    no_year = make_report("https://b.gov.cn/y.html", "杭州市卫生健康委员会", 2023, seed=8)
    no_year["year"] = None
    reports += [no_year, failed_report("https://b.gov.cn/junk.html")]
    with Warehouse(db) as wh:
        wh.ingest_reports((r, None, None) for r in reports)
    return db


@pytest.fixture(scope="module")
def exported(warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return export(warehouse, out, csv=True)


def _warehouse_types(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"DESCRIBE {table}").fetchall(), con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    finally:
        con.close()


def test_parquet_reads_back_in_duckdb_with_same_rows_and_types(warehouse, exported):
    con = duckdb.connect()
    for t in exported.tables:
        described, rows = _warehouse_types(warehouse, t.decl.name)
        files = [str(exported.out / p) for p in t.parquet]
        back = con.execute(f"DESCRIBE SELECT * FROM read_parquet({files}, hive_partitioning = false)").fetchall()
        assert [(r[0], r[1]) for r in back] == [(r[0], r[1]) for r in described], t.decl.name
        assert con.execute(f"SELECT count(*) FROM read_parquet({files})").fetchall()[0][0] == rows == t.rows


def test_parquet_reads_back_in_polars_with_the_declared_schema(exported):
    for t in exported.tables:
        df = pl.read_parquet([exported.out / p for p in t.parquet], hive_partitioning=False)
        assert df.schema == t.decl.polars_schema, t.decl.name
        assert df.height == t.rows


def test_year_partitions_follow_hive_paths(exported):
    facts = next(t for t in exported.tables if t.decl.name == "fact_applications")
    dirs = {p.split("/")[-2] for p in facts.parquet}
    assert dirs == {"year=2020", "year=2021", "year=2023", "year=__HIVE_DEFAULT_PARTITION__"}
    df = pl.read_parquet(exported.out / "parquet" / "fact_applications" / "year=2021")
    assert set(df["year"]) == {2021}
    # DuckDB's hive reader finds the partitions on its own
    con = duckdb.connect()
    pattern = str(exported.out / "parquet" / "fact_applications" / "*" / "*.parquet")
    years = con.execute(f"SELECT DISTINCT year FROM read_parquet('{pattern}', hive_partitioning = true) ORDER BY 1").fetchall()
    assert years == [(2020,), (2021,), (2023,), (None,)]


def test_parquet_files_carry_the_table_description(exported):
    con = duckdb.connect()
    t = next(t for t in exported.tables if t.decl.name == "fact_applications")
    path = exported.out / t.parquet[0]
    kv = dict(con.execute(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')").fetchall())
    assert kv["description_zh"] == t.decl.description_zh
    assert set(json.loads(kv["columns"])) == set(t.decl.column_names)
    assert json.loads(kv["parser_versions"]) == exported.parser_versions


def test_csv_has_a_bom_and_every_row(exported):
    for t in exported.tables:
        raw = (exported.out / t.csv).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        df = pl.read_csv(raw.decode(CSV_ENCODING).encode(), infer_schema=False)
        assert df.columns == list(t.decl.column_names)
        assert df.height == t.rows


def test_datapackage_is_generated_from_the_declarations(exported):
    package = json.loads((exported.out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for decl in TABLES:
        r = resources[decl.name]
        assert [f["name"] for f in r["schema"]["fields"]] == list(decl.column_names)
        assert r["schema"]["primaryKey"] == list(decl.primary_key)
        assert all((exported.out / p).is_file() for p in r["path"])
        assert resources[f"{decl.name}_csv"]["encoding"] == "utf-8-sig"
    assert package["parser_versions"] == exported.parser_versions


def test_data_dictionary_lists_every_exported_column(exported):
    text = (exported.out / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for t in exported.tables:
        df = pl.read_parquet([exported.out / p for p in t.parquet], hive_partitioning=False)
        section = text.split(f"## `{t.decl.name}`", 1)[1].split("\n## ", 1)[0]
        for column in df.columns:
            assert f"| `{column}` |" in section, (t.decl.name, column)
        assert f"rows: **{t.rows:,}**" in section
    for version in exported.parser_versions:
        assert version in text
    assert "`denied_state_secret` | 1.属于国家秘密" in text


def test_export_is_byte_identical_when_the_warehouse_is_unchanged(warehouse, exported, tmp_path):
    again = export(warehouse, tmp_path, csv=True)
    for a, b in zip(exported.tables, again.tables):
        for pa, pb in zip(a.parquet + [a.csv], b.parquet + [b.csv]):
            digest = hashlib.sha256((exported.out / pa).read_bytes()).digest()
            assert digest == hashlib.sha256((tmp_path / pb).read_bytes()).digest(), pa
    for name in ("datapackage.json", "DATA_DICTIONARY.md"):
        assert (exported.out / name).read_bytes() == (tmp_path / name).read_bytes()


def test_export_replaces_partitions_that_no_longer_exist(tmp_path):
    db = tmp_path / "w.duckdb"
    report = make_report("https://a.gov.cn/r.html", "杭州市卫生健康委员会", 2022, seed=1)
    with Warehouse(db) as wh:
        wh.ingest_report(report)
    export(db, tmp_path / "out")
    with Warehouse(db) as wh:
        wh.ingest_report(make_report(report["source"], "杭州市卫生健康委员会", 2023, seed=2))
    export(db, tmp_path / "out")
    years = sorted(p.name for p in (tmp_path / "out" / "parquet" / "fact_applications").iterdir())
    assert years == ["year=2023"]


def test_export_from_an_open_warehouse(tmp_path):
    db = tmp_path / "open.duckdb"
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/r.html", "杭州市卫生健康委员会", 2022, seed=1))
        summary = export(wh, tmp_path / "out")
        wh.ingest_report(make_report("https://a.gov.cn/s.html", "杭州市卫生健康委员会", 2023, seed=2))
    assert {t.decl.name: t.rows for t in summary.tables}["reports"] == 1
