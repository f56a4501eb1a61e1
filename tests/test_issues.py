"""The issue log: declared codes, the report's warnings as their texts, the ``issues`` table, the run report."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from opencc import OpenCC

from gknb.flows.run_report import RunReport, to_markdown
from gknb.load.export import export
from gknb.load.warehouse import Warehouse
from gknb.model.issues import ISSUE_CODES, UNREAD_BY_STATUS
from gknb.synth.render.html import render_report_html
from gknb.synth.render.pdf import render_pdf
from gknb.synth.values import random_report
from gknb.transform.parse import parse_bytes
from gknb.transform.report import Report

pytest_plugins = ["tests.prefect_fixtures"]

GLUED = ("某县财政局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
         "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件8855698"
         "第二十条第(五)项信息内容本年处理决定数量行政许可550第二十条第(六)项信息内容本年处理决定数量行政处罚12行政强制3"
         "第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费0\n三、收到和处理政府信息公开申请情况\n")
SECTION_4 = "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>"
SECTION_5 = "<p><strong>五、"


def _documents() -> dict[str, tuple[bytes, dict[str, str] | None]]:
    """Synthetic documents with known problems, by source."""
    values = random_report(random.Random(7), year=2022)
    page = render_report_html(values).decode()
    without_t4 = page[: page.index(SECTION_4)] + page[page.index(SECTION_5):]
    pdf = render_pdf(values)
    return {
        "https://a.sim.gov.cn/clean.html": (page.encode(), None),
        "https://a.sim.gov.cn/traditional.html": (OpenCC("s2t").convert(page).encode(), None),
        "https://a.sim.gov.cn/no-table4.html": (without_t4.encode(), None),
        "https://b.sim.gov.cn/glued.txt": (GLUED.encode(), None),
        "https://b.sim.gov.cn/cut.pdf": (pdf[: len(pdf) // 2], None),
        "https://b.sim.gov.cn/gbk.html": (render_report_html(values, encoding="gbk"),
                                          {"Content-Type": "text/html; charset=utf-8"}),
    }


EXPECTED = {  # source -> (code, location) in the order met
    "https://a.sim.gov.cn/clean.html": [],
    "https://a.sim.gov.cn/traditional.html": [("traditional_script", "document")],
    "https://a.sim.gov.cn/no-table4.html": [("table_missing", "review_litigation")],
    "https://b.sim.gov.cn/glued.txt": [
        ("row_glued_undecided", "active_disclosure/normative_documents"), ("table_incomplete", "active_disclosure"),
        ("table_missing", "active_disclosure"), ("table_missing", "applications"), ("table_missing", "review_litigation"),
        ("agency_unplaced", "某县财政局"),  # met at load, after the reading's issues: no county is named
    ],
    "https://b.sim.gov.cn/cut.pdf": [("read_failed", "document")],
    "https://b.sim.gov.cn/gbk.html": [("charset_overruled", "charset/header")],
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, Report]:
    return {source: parse_bytes(data, source, headers=headers) for source, (data, headers) in _documents().items()}


def test_codes_are_declared_once_with_both_meanings():
    codes = [c.code for c in ISSUE_CODES]
    assert len(codes) == len(set(codes))
    assert all(c.level in ("info", "warning", "error") and c.meaning and c.meaning_zh for c in ISSUE_CODES)
    assert set(UNREAD_BY_STATUS.values()) <= set(ISSUE_CODES)


def test_warnings_are_the_issues_texts(parsed):
    glued = parsed["https://b.sim.gov.cn/glued.txt"]
    assert glued.warnings == [i.detail for i in glued.issues] and glued.warnings[0].startswith("table2 normative_documents")
    as_json = glued.to_dict()
    assert as_json["warnings"] == glued.warnings
    read = EXPECTED["https://b.sim.gov.cn/glued.txt"][:-1]  # the last is the load's, not the reading's
    assert [i["code"] for i in as_json["issues"]] == [code for code, _ in read]
    # A failed read keeps its reason in ``error``, never among the warnings.
    assert parsed["https://b.sim.gov.cn/cut.pdf"].warnings == [] and parsed["https://b.sim.gov.cn/cut.pdf"].error


def test_issues_table_holds_exactly_the_expected_codes_once(parsed, tmp_path):
    started = datetime.now(UTC)
    with Warehouse(tmp_path / "wh.duckdb") as wh:
        for report in parsed.values():
            wh.ingest_report(report)
        rows = wh.query("SELECT source, code, location FROM issues ORDER BY source, issue_order").rows()
        got: dict[str, list[tuple[str, str]]] = {source: [] for source in EXPECTED}
        for source, code, location in rows:
            got[source].append((code, location))
        assert got == EXPECTED
        # Every row's sentence is the report's warning at the same place (the failed read's: its reason).
        detail = dict(wh.query("SELECT source || '#' || issue_order, detail FROM issues").rows())
        for source, report in parsed.items():
            assert [detail[f"{source}#{i}"] for i in range(len(report.warnings))] == report.warnings
        assert detail["https://b.sim.gov.cn/cut.pdf#0"] == parsed["https://b.sim.gov.cn/cut.pdf"].error

        # The same bytes again: skipped; the same bytes parsed by a newer parser: replaced, not added.
        for report in parsed.values():
            assert wh.ingest_report(report) == "unchanged"
        for report in parsed.values():
            wh.ingest_report(dataclasses.replace(report, parser_version="next"))
        assert wh.query("SELECT count(*) FROM issues").item() == len(rows)
        assert wh.query("SELECT count(*) FROM (SELECT DISTINCT source, document_sha256, issue_order FROM issues)").item() == len(rows)
        unknown = wh.query("SELECT code FROM issues WHERE code NOT IN (SELECT code FROM codes_issues)")
        assert unknown.is_empty()

        counts = wh.issue_counts(started)
        assert {(r["source_group"], r["code"]): r["issues"] for r in counts} == {
            ("a.sim.gov.cn", "traditional_script"): 1, ("a.sim.gov.cn", "table_missing"): 1,
            ("b.sim.gov.cn", "table_missing"): 3, ("b.sim.gov.cn", "row_glued_undecided"): 1,
            ("b.sim.gov.cn", "table_incomplete"): 1, ("b.sim.gov.cn", "read_failed"): 1,
            ("b.sim.gov.cn", "charset_overruled"): 1, ("b.sim.gov.cn", "agency_unplaced"): 1,
        }
        assert wh.issue_counts(datetime.now(UTC)) == []

        summary = export(wh, tmp_path / "out")
    names = {p.name for p in (tmp_path / "out").rglob("*")}
    assert {"issues.parquet", "codes_issues.parquet", "issues.csv"} <= names, summary
    exported = duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'out'}/**/issues.parquet'").fetchone()
    assert exported == (len(rows),)


def test_run_report_counts_the_nights_issues_per_step_source_and_code():
    now = datetime.now(UTC)
    run = RunReport(started=now, finished=now, crawl=[{"source": "a"}], fetch_log="data/fetchlog.duckdb",
                    warehouse="data/gknb.duckdb", issues=[
        {"source_group": "b.sim.gov.cn", "code": "table_missing", "level": "warning", "issues": 3},
        {"source_group": "a.sim.gov.cn", "code": "traditional_script", "level": "info", "issues": 1},
    ], crawl_issues=[{"source": "a", "code": "timeout", "level": "error", "issues": 2}])
    text = to_markdown(run)
    assert "## Issues logged this run" in text
    assert "- crawl: 2 issues in 1 sources" in text and "- parse: 4 issues in 2 sources" in text
    assert "| crawl | a | timeout | error | 2 |" in text and "| parse | b.sim.gov.cn | table_missing | warning | 3 |" in text
    assert ("gknb query --db data/fetchlog.duckdb \"SELECT location, detail FROM crawl_issues WHERE code = 'timeout' "
            "AND source = 'a' ORDER BY seq\"") in text
    assert ("gknb query --db data/gknb.duckdb \"SELECT source, location, detail FROM issues WHERE code = "
            "'table_missing' AND source_group = 'b.sim.gov.cn' ORDER BY source, issue_order\"") in text
    # A night over local files crawled nothing: no crawl line
    assert "- crawl:" not in to_markdown(dataclasses.replace(run, crawl=[], crawl_issues=[]))

    from rich.console import Console

    from gknb.flows.summary import print_summary

    console = Console(width=80, record=True, color_system=None)
    print_summary(console, {"verdict": "ok", "reasons": [], "crawl": [], "documents": 2, "unchanged": 0, "parsed": 2,
                            "by_status": {"partial": 2}, "loaded": 2, "totals": {}, "exported": True,
                            "failing_checks": 0, "issues": run.issues, "crawl_issues": run.crawl_issues},
                  Path("latest.md"))
    printed = " ".join(console.export_text().split())
    assert "crawl issues: 2 new (timeout 2)" in printed
    assert "issues: 4 new (table_missing 3, traditional_script 1)" in printed


@pytest.mark.integration
def test_a_night_reports_its_new_issues_per_source_and_code(prefect_api, tmp_path):
    """A real nightly run over files with known problems: the summary and run report count what the issues
    table holds; the next night parses nothing and logs nothing new."""
    from gknb.flows.nightly import nightly

    docs = tmp_path / "docs"
    docs.mkdir()
    for source, (data, headers) in _documents().items():
        if headers is None:  # a file has no HTTP header to lie about its charset
            (docs / source.rsplit("/", 1)[1]).write_bytes(data)
    first = nightly(paths=[str(docs)], data_dir=str(tmp_path / "data"))
    with Warehouse(tmp_path / "data" / "gknb.duckdb", read_only=True) as wh:
        held = dict(wh.query("SELECT code, count(*) FROM issues GROUP BY code").rows())
    assert held == {"traditional_script": 1, "table_missing": 4, "row_glued_undecided": 1, "table_incomplete": 1,
                    "read_failed": 1, "agency_unplaced": 1}
    assert {r["code"]: r["issues"] for r in first["issues"]} == held
    assert {r["source_group"] for r in first["issues"]} == {str(docs.resolve())}
    report = (tmp_path / "data" / "reports" / "latest.md").read_text(encoding="utf-8")
    assert f"| parse | {docs.resolve()} | table_missing | warning | 4 |" in report and "- crawl:" not in report

    second = nightly(paths=[str(docs)], data_dir=str(tmp_path / "data"))
    assert second["issues"] == [] and second["unchanged"] == len(list(docs.iterdir()))
    assert "0 issues in 0 sources" in (tmp_path / "data" / "reports" / "latest.md").read_text(encoding="utf-8")
