"""``gknb ingest | query | export | checks`` end to end on real files (typer's runner, in process)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from gknb.cli import app
from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import make_report

pytestmark = pytest.mark.integration

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "gknb.duckdb"
    broken = make_report("https://a.gov.cn/2023.html", "杭州市卫生健康委员会", 2023, seed=1, consistent=False)
    failing = sorted({c["check"] for c in broken["checks"] if c["status"] == "fail"})
    assert failing
    with Warehouse(path) as wh:
        wh.ingest_report(broken)
        wh.ingest_report(make_report("https://a.gov.cn/2022.html", "杭州市卫生健康委员会", 2022, seed=2))
    return path, failing


def test_query_prints_table_csv_and_json(db):
    db, _ = db
    sql = "SELECT year, count(*) AS n FROM fact_applications GROUP BY year ORDER BY year"
    out = runner.invoke(app, ["query", sql, "--db", str(db), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["year,n", "2022,175", "2023,175"]
    out = runner.invoke(app, ["query", sql, "--db", str(db), "--format", "json"])
    assert json.loads(out.output) == [{"year": 2022, "n": 175}, {"year": 2023, "n": 175}]
    out = runner.invoke(app, ["query", "SELECT agency FROM t3_wide LIMIT 1", "--db", str(db)])
    assert out.exit_code == 0 and "杭州市卫生健康委员会" in out.output


def test_query_reads_the_environment_variable_and_reports_bad_sql(db, monkeypatch):
    db, _ = db
    monkeypatch.setenv("GKNB_DB", str(db))
    assert runner.invoke(app, ["query", "SELECT 1 AS one", "--format", "csv"]).output == "one\n1\n"
    bad = runner.invoke(app, ["query", "SELECT * FROM no_such_table"])
    assert bad.exit_code == 1 and "no_such_table" in bad.output


def test_checks_names_the_failing_reports_and_numbers(db):
    db, failing = db
    out = runner.invoke(app, ["checks", "--db", str(db)], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    assert "failing checks" in out.output and "!=" in out.output
    listed = out.output.split("failing checks", 1)[1]
    assert all(name in listed for name in failing)


def test_export_command(db, tmp_path):
    db, _ = db
    out = runner.invoke(app, ["export", "--out", str(tmp_path / "out"), "--db", str(db), "--csv"])
    assert out.exit_code == 0, out.output
    release = tmp_path / "out" / "latest"
    assert (release / "datapackage.json").is_file() and (release / "DATA.md").is_file()
    assert pl.read_parquet(release / "parquet" / "fact_applications.parquet").height == 350
    assert "First release" in out.output
    again = runner.invoke(app, ["export", "--out", str(tmp_path / "out"), "--db", str(db)])
    assert again.exit_code == 0 and "no new release" in again.output and "No change" in again.output


def test_commands_on_a_missing_database_fail_clearly(tmp_path):
    out = runner.invoke(app, ["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert out.exit_code != 0 and "does not exist" in out.output


def test_ingest_records_bad_documents_and_goes_on(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    (docs / "junk.html").write_text("<html><body>通知公告</body></html>", encoding="utf-8")
    (docs / ".hidden.txt").write_text("ignored", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    out = runner.invoke(app, ["ingest", str(docs), str(tmp_path / "missing.txt"), "--db", str(db)])
    assert out.exit_code == 1  # the missing file is an error; the rest is recorded
    assert "missing.txt" in out.output
    with Warehouse(db, read_only=True) as wh:
        rows = wh.query("SELECT source, status, reason FROM documents ORDER BY source").rows()
    assert [(r[0].rsplit("/", 1)[1], r[1]) for r in rows] == [("empty.txt", "failed"), ("junk.html", "not_report")]
    assert all(r[2] for r in rows)


def test_checks_lists_reports_claiming_the_same_agency_year(tmp_path):
    db = tmp_path / "conflict.duckdb"
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/a.html", "鹤岗市卫生健康委员会", 2021, seed=1))
        wh.ingest_report(make_report("https://b.gov.cn/b.html", "鹤岗市卫健委", 2021, seed=2))
    out = runner.invoke(app, ["checks", "--db", str(db)], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    listed = out.output.split("reports claiming the same agency and year", 1)[1]
    assert "https://a.gov.cn/a.html" in listed and "https://b.gov.cn/b.html" in listed and "鹤岗市卫健委" in listed


def test_commands_follow_gknb_data_dir(tmp_path, monkeypatch):
    """Without --db or GKNB_DB, the warehouse is the one in GKNB_DATA_DIR, as for the flows."""
    data = tmp_path / "elsewhere"
    with Warehouse(data / "gknb.duckdb") as wh:
        wh.ingest_report(make_report("https://a.gov.cn/2023.html", "杭州市卫生健康委员会", 2023, seed=3))
    monkeypatch.delenv("GKNB_DB", raising=False)
    monkeypatch.setenv("GKNB_DATA_DIR", str(data))
    monkeypatch.chdir(tmp_path)  # ./data does not exist here
    out = runner.invoke(app, ["query", "SELECT count(*) AS n FROM reports", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == ["n", "1"]
    assert not (tmp_path / "data").exists()
