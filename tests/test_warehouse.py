"""The DuckDB warehouse against real files: idempotence, versions, conflicts, agencies, checks, views."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from gknb.load import sqlfiles
from gknb.model import tables as schema
from gknb.load.batch import build_batch
from gknb.model.document import DocumentRecord
from gknb.load.warehouse import DUPLICATE, NEW, RECORDED, REPLACED, UNCHANGED, SchemaMismatch, Warehouse, db_path
from tests.test_warehouse_helpers import dump, failed_report, make_report
from gknb.model import report as model
from gknb.transform.facts import CATEGORIES, report_id_for

pytestmark = pytest.mark.integration

HONGZE = "淮安市洪泽区人民政府"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "gknb.duckdb"


def _count(wh, sql, params=None):
    return wh.con.execute(sql, params or []).fetchall()[0][0]


def _per_report_counts(wh):
    return dict(wh.con.execute("SELECT report_id, count(*) FROM fact_applications GROUP BY ALL").fetchall())


def test_committed_schema_sql_is_the_generated_one():
    assert sqlfiles.read(sqlfiles.SCHEMA_FILE) == schema.schema_sql(), "run: python -m gknb.model.tables > sql/schema.sql"


def test_tables_match_the_declarations(db):
    with Warehouse(db) as wh:
        for decl in schema.TABLES:
            got = wh.con.execute(
                "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [decl.name],
            ).fetchall()
            assert got == [(c.name, c.type, c.nullable) for c in decl.columns]
            comment = wh.con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [decl.name]).fetchall()[0][0]
            assert decl.description_zh in comment


def test_db_path_option_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("GKNB_DB", raising=False)
    assert str(db_path()) == "data/gknb.duckdb"
    monkeypatch.setenv("GKNB_DB", str(tmp_path / "env.duckdb"))
    assert db_path() == tmp_path / "env.duckdb"
    assert db_path(tmp_path / "opt.duckdb") == tmp_path / "opt.duckdb"


def test_ingesting_the_same_reports_twice_changes_nothing(db):
    reports = [make_report(f"https://a.gov.cn/{i}.html", HONGZE, 2019 + i, seed=i, blank_rate=0.1) for i in range(4)]
    reports.append(failed_report("https://a.gov.cn/broken.html"))
    with Warehouse(db) as wh:
        first = wh.ingest_reports((r, None) for r in reports)
    before = dump(db)
    with Warehouse(db) as wh:
        second = wh.ingest_reports((r, None) for r in reports)
    assert set(first.values()) == {NEW, RECORDED}
    assert set(second.values()) == {UNCHANGED}
    assert dump(db) == before
    assert len(before["reports"]) == 4 and len(before["documents"]) == 5
    assert len(before["fact_applications"]) == 4 * 175


def test_fact_keys_are_unique(db):
    with Warehouse(db) as wh:
        for i in range(3):
            wh.ingest_report(make_report("https://a.gov.cn/x.html", HONGZE, 2022, seed=i))
        for decl in schema.PER_REPORT_TABLES:
            key = ", ".join(decl.primary_key)
            assert _count(wh, f"SELECT count(*) FROM (SELECT {key} FROM {decl.name} GROUP BY ALL HAVING count(*) > 1)") == 0


def test_new_version_replaces_facts_and_keeps_the_old_document(db):
    v1 = make_report("https://a.gov.cn/r.html", HONGZE, 2023, seed=1)
    v2 = make_report("https://a.gov.cn/r.html", HONGZE, 2023, seed=2)
    rid = report_id_for(v1["source"])
    with Warehouse(db) as wh:
        assert wh.ingest_report(v1) == NEW
        assert wh.ingest_report(v2) == REPLACED
        docs = wh.query("SELECT sha256, is_latest FROM documents ORDER BY ingested_at, is_latest")
        assert sorted(docs.rows()) == sorted([(v1["sha256"], False), (v2["sha256"], True)])
        assert wh.query("SELECT document_sha256 FROM reports").item() == v2["sha256"]
        assert _per_report_counts(wh) == {rid: 175}
        shas = {r[0] for r in wh.con.execute("SELECT DISTINCT document_sha256 FROM fact_applications").fetchall()}
        assert shas == {v2["sha256"]}
        got = wh.query("SELECT count FROM fact_applications WHERE category = 'granted' AND applicant_type = 'total'").item()
        assert got == v2["applications"]["granted"]["total"]
        # the source going back to the first bytes makes them the latest again
        assert wh.ingest_report(v1) == REPLACED
        assert wh.query("SELECT document_sha256 FROM reports").item() == v1["sha256"]
        assert wh.query("SELECT sha256 FROM documents WHERE is_latest").item() == v1["sha256"]
        assert _count(wh, "SELECT count(*) FROM documents") == 2


def test_a_newest_version_that_fails_keeps_the_last_parsed_report(db):
    good = make_report("https://a.gov.cn/r.html", HONGZE, 2023, seed=1)
    broken = failed_report("https://a.gov.cn/r.html", status=model.STATUS_NEEDS_OCR)
    with Warehouse(db) as wh:
        wh.ingest_report(good)
        assert wh.ingest_report(broken) == RECORDED
        assert wh.query("SELECT status FROM documents WHERE is_latest").item() == model.STATUS_NEEDS_OCR
        assert wh.query("SELECT document_sha256 FROM reports").item() == good["sha256"]
        assert _count(wh, "SELECT count(*) FROM fact_applications") == 175


def test_same_bytes_from_another_source_are_recorded_not_loaded_twice(db):
    original = make_report("https://a.gov.cn/r.html", HONGZE, 2023, seed=1, content="same bytes")
    mirror = make_report("https://mirror.gov.cn/r.html", HONGZE, 2023, seed=1, content="same bytes")
    with Warehouse(db) as wh:
        wh.ingest_report(original)
        assert wh.ingest_report(mirror) == DUPLICATE
        assert _count(wh, "SELECT count(*) FROM reports") == 1
        reason = wh.query("SELECT reason FROM documents WHERE source = ?", [mirror["source"]]).item()
        assert report_id_for(original["source"]) in reason and original["source"] in reason


def test_two_reports_claiming_one_agency_year_are_both_kept_and_flagged(db):
    a = make_report("https://a.gov.cn/a.html", HONGZE, 2023, seed=1)
    b = make_report("https://a.gov.cn/b.html", "洪泽区人民政府", 2023, seed=2)  # same agency once canonical
    with Warehouse(db) as wh:
        wh.ingest_report(a)
        assert wh.query("SELECT agency_year_reports FROM reports").item() == 1
        wh.ingest_report(b)
        claims = wh.query("SELECT agency_canonical, year, agency_year_reports FROM reports")
        assert claims.rows() == [(HONGZE, 2023, 2), (HONGZE, 2023, 2)]
        assert _count(wh, "SELECT count(DISTINCT report_id) FROM fact_applications") == 2
        # b turns out to be the 2024 report: the conflict is gone
        wh.ingest_report(make_report(b["source"], "洪泽区人民政府", 2024, seed=3))
        claims = wh.query("SELECT year, agency_year_reports FROM reports ORDER BY year")
        assert claims.rows() == [(2023, 1), (2024, 1)]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_missing_city_prefix_is_restored_whatever_the_load_order(tmp_path, order):
    reports = [
        make_report("/archive/hongze/2023.pdf", "洪泽区人民政府", 2023, seed=1),
        make_report("/archive/hongze/2024.pdf", HONGZE, 2024, seed=2),
        make_report("/archive/hongze/2022.pdf", "洪泽区 政府", 2022, seed=3),
    ]
    db = tmp_path / f"{''.join(map(str, order))}.duckdb"
    with Warehouse(db) as wh:
        for i in order:
            wh.ingest_report(reports[i])
        assert set(wh.query("SELECT DISTINCT agency_canonical FROM reports")["agency_canonical"]) == {HONGZE}
        for decl in schema.PER_REPORT_TABLES:
            if decl is not schema.FACT_LEGACY_STATISTICS:  # 2019/2021 reports: no legacy rows
                assert set(wh.query(f"SELECT DISTINCT agency FROM {decl.name}")["agency"]) == {HONGZE}
        places = wh.query("SELECT DISTINCT region, admin_level FROM reports").rows()
        assert places == [("淮安市洪泽区", "county")]
        printed = set(wh.query("SELECT agency FROM reports")["agency"])
        assert printed == {"洪泽区人民政府", HONGZE, "洪泽区 政府"}


def test_prefix_is_not_borrowed_from_another_source(db):
    # 鼓楼区 is a district of four cities (the registry knows): only its own source may complete it.
    # (洪泽区, used here before issue 10, is unique in the registry, so it is placed without borrowing.)
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://nanjing.gov.cn/a.html", "南京市鼓楼区人民政府", 2024, seed=1))
        wh.ingest_report(make_report("https://other.gov.cn/b.html", "鼓楼区人民政府", 2023, seed=2))
        names = set(wh.query("SELECT agency_canonical FROM reports")["agency_canonical"])
        assert names == {"南京市鼓楼区人民政府", "鼓楼区人民政府"}


def _carry_rows(wh):
    return wh.query(
        "SELECT year, subject, status, detail, blank_as_zero, related_report_id FROM check_results "
        "WHERE check_name = 'cross_year_carry' ORDER BY year, subject"
    )


def test_cross_year_carry_check(db):
    y2022 = make_report("https://a.gov.cn/2022.html", HONGZE, 2022, seed=1)
    forward = y2022["applications"]["carried_forward"]
    y2023 = make_report("https://a.gov.cn/2023.html", HONGZE, 2023, seed=2)
    y2023["applications"]["carried_over"] = dict(forward)
    y2023["applications"]["carried_over"]["natural_person"] = forward["natural_person"] + 1
    y2023["applications"]["carried_over"]["other_org"] = None
    with Warehouse(db) as wh:
        wh.ingest_report(y2023)
        assert _carry_rows(wh).is_empty()  # nothing to compare with yet
        wh.ingest_report(y2022)
        rows = {r["subject"]: r for r in _carry_rows(wh).iter_rows(named=True)}
    assert set(rows) == set(model.APPLICANT_KEYS)
    assert all(r["year"] == 2023 and r["related_report_id"] == report_id_for(y2022["source"]) for r in rows.values())
    fp = forward["natural_person"]
    assert rows["natural_person"]["status"] == "fail"
    assert rows["natural_person"]["detail"] == f"2022 carried_forward {fp} != 2023 carried_over {fp + 1}"
    assert rows["other_org"]["blank_as_zero"] is True
    assert rows["other_org"]["status"] == ("pass" if forward["other_org"] == 0 else "fail")
    assert rows["total"]["status"] == "pass" and rows["total"]["blank_as_zero"] is False


def test_cross_year_carry_is_skipped_without_table_3_and_follows_replacements(db):
    y2022 = make_report("https://a.gov.cn/2022.html", HONGZE, 2022, seed=1)
    y2023 = make_report("https://a.gov.cn/2023.html", HONGZE, 2023, seed=2)
    y2023["applications"] = None
    y2023["cells"] = [c for c in y2023["cells"] if c["table"] != "applications"]
    with Warehouse(db) as wh:
        wh.ingest_report(y2022)
        wh.ingest_report(y2023)
        assert set(_carry_rows(wh)["status"]) == {"skipped"}
        # a corrected 2023 version with table 3 makes the check run
        fixed = make_report(y2023["source"], HONGZE, 2023, seed=3)
        fixed["applications"]["carried_over"] = dict(y2022["applications"]["carried_forward"])
        wh.ingest_report(fixed)
        assert set(_carry_rows(wh)["status"]) == {"pass"}
        assert _count(wh, "SELECT count(*) FROM check_results WHERE check_name = 'cross_year_carry'") == 7


def test_origin_validators_are_recorded(db):
    from datetime import datetime

    fetched = datetime(2024, 3, 1, 8, 30)
    report = make_report("https://a.gov.cn/r.html", HONGZE, 2023, seed=1)
    with Warehouse(db) as wh:
        record = DocumentRecord(sha256=report["sha256"], size=report["size"], source=report["source"],
                                fetched_at=fetched, etag='"abc"', last_modified="Fri, 01 Mar 2024")
        wh.load(build_batch([(report, record)]))
        row = wh.query("SELECT fetched_at, etag, last_modified, media_type FROM documents").row(0)
    assert row == (fetched, '"abc"', "Fri, 01 Mar 2024", "html")


def test_a_file_built_by_another_schema_is_refused(db):
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE reports (report_id VARCHAR, agency VARCHAR)")
    con.close()
    with pytest.raises(SchemaMismatch, match="reports"):
        Warehouse(db)


def test_batch_load_is_one_transaction_for_many_documents(db):
    reports = [make_report(f"https://a.gov.cn/{i}.html", HONGZE, 2015 + i, seed=i) for i in range(6)]
    with Warehouse(db) as wh:
        outcomes = wh.load(build_batch((r, None) for r in reports))
        assert set(outcomes.values()) == {NEW}
        assert _count(wh, "SELECT count(*) FROM reports") == 6
        assert _count(wh, "SELECT count(*) FROM check_results WHERE check_name = 'cross_year_carry'") == 5 * 7
    with pytest.raises(ValueError, match="one version per source"):
        build_batch([(reports[0], None), (reports[0], None)])


def test_views(db):
    reports = [make_report(f"https://a.gov.cn/{y}.html", HONGZE, y, seed=y) for y in (2019, 2020, 2023)]
    reports.append(make_report("https://b.gov.cn/2023.html", "杭州市卫生健康委员会", 2023, seed=9, consistent=False))
    with Warehouse(db) as wh:
        wh.ingest_reports((r, None) for r in reports)
        wide = wh.query("SELECT * FROM t3_wide ORDER BY agency, year")
        assert set(CATEGORIES) <= set(wide.columns)
        assert wide.height == 4
        row = wide.filter(pl.col("year") == 2019).row(0, named=True)
        assert row["granted"] == reports[0]["applications"]["granted"]["total"]

        outcomes = wh.query("SELECT * FROM disclosure_outcomes WHERE year = 2023 AND agency = ?", [HONGZE]).row(0, named=True)
        t3 = reports[2]["applications"]
        denied = sum(t3[k]["total"] for k in t3 if k.startswith("denied_"))
        assert outcomes["denied"] == denied
        if t3["total_processed"]["total"]:
            assert outcomes["share_denied"] == pytest.approx(denied / t3["total_processed"]["total"])

        missing = wh.query("SELECT agency, year FROM missing_years ORDER BY year")
        assert missing.rows() == [(HONGZE, 2021), (HONGZE, 2022)]

        quality = wh.query("SELECT * FROM quality WHERE agency = '杭州市卫生健康委员会' AND failures > 0")
        failing_checks = set(wh.query(
            "SELECT check_name FROM check_results WHERE status = 'fail' AND agency = '杭州市卫生健康委员会'"
        )["check_name"])
        assert set(quality["check_name"]) == failing_checks and failing_checks
