"""Reports on 2008–2018: the national 2014 form and two local styles, read exactly or left null.

Documents come from ``gknb.synth.legacy`` (values from the declaration in ``gknb.model.legacy``),
rendered as HTML, tab rows and one cell per line; a perfect reader returns every printed row.
"""

from __future__ import annotations

import random

import pytest

from gknb.model import legacy
from gknb.model.report import STATUS_PARSED, STATUS_PARTIAL
from gknb.synth.legacy import LAYOUTS, STYLES, random_legacy_report
from gknb.transform.parse import parse_bytes


def _parse(body: bytes, layout: str):
    return parse_bytes(body, f"https://sim.gov.cn/nb/x.{'html' if layout == 'html' else 'txt'}")


def _rows(report) -> list[tuple]:
    return [(r["indicator"], r["label"], r["value"], r["cumulative"]) for r in report.legacy_statistics or ()]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", range(4))
def test_round_trip_every_row_exact(style, layout, seed):
    body, truth = random_legacy_report(random.Random(seed), style, layout, blank_rate=0.1 if seed % 2 else 0.0)
    report = _parse(body, layout)
    assert report.status == STATUS_PARSED, report.warnings
    assert report.format_version == (legacy.FORMAT_2014 if style == "national" else legacy.FORMAT_LEGACY)
    assert (report.agency, report.year) == (truth["agency"], truth["year"])
    assert _rows(report) == truth["rows"]
    assert report.applications is None and report.active_disclosure is None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_identities_pass_when_they_hold_and_fail_when_they_do_not(layout):
    body, _ = random_legacy_report(random.Random(7), "national", layout)
    checks = {c.subject: c.status for c in _parse(body, layout).checks}
    assert checks == {i.name: "pass" for i in legacy.IDENTITIES}
    body, _ = random_legacy_report(random.Random(7), "national", layout, consistent=False)
    broken = {c.subject: c.status for c in _parse(body, layout).checks}
    assert broken["received_by_channel"] == "fail" and all(c.check == legacy.CHECK_LEGACY_SUM
                                                            for c in _parse(body, layout).checks)


def test_identity_with_too_few_parts_printed_is_skipped_not_passed():
    body, _ = random_legacy_report(random.Random(3), "local_cumulative", "html")
    checks = {c.subject: c.status for c in _parse(body, "html").checks}
    assert checks["received_by_channel"] == "skipped"  # local tables print no fax channel


def test_unplaceable_figures_stay_null_with_a_warning():
    text = "\n".join([
        "某市人民政府2012年政府信息公开工作年度报告", "指标名称", "计量单位", "本年度", "历年累计",
        "主动公开信息数", "条", "120", "4500",
        "申请总数", "件", "7",  # one figure for two columns, no boundaries: which one is it?
        "当面申请数", "件", "3", "40",
        "网上申请数", "件", "4", "88",
    ]) + "\n"
    report = parse_bytes(text.encode("utf-8"), "local.txt")
    rows = {r["indicator"]: (r["value"], r["cumulative"]) for r in report.legacy_statistics}
    assert rows["applications_received"] == (None, None)
    assert rows["proactive_disclosed"] == (120, 4500) and rows["received_online"] == (4, 88)
    assert report.status == STATUS_PARTIAL
    assert any("申请总数" in w and "left blank" in w for w in report.warnings)


def test_local_rows_keep_their_printed_label():
    body, truth = random_legacy_report(random.Random(5), "local_coded", "tab_rows")
    local = [r for r in _parse(body, "tab_rows").legacy_statistics if r["indicator"] == legacy.LOCAL_KEY]
    assert [r["label"] for r in local] == [row[1] for row in truth["rows"] if row[0] == legacy.LOCAL_KEY]
    assert all(r["unit"] for r in local)


def test_a_2021_report_is_never_read_as_legacy():
    from gknb.synth.render.html import render_report_html
    from gknb.synth.render.text import render_text
    from gknb.synth.values import random_report

    for seed in range(6):
        values = random_report(random.Random(seed))
        for body in (render_report_html(values), render_text(values, "tab_rows").encode("utf-8")):
            report = parse_bytes(body, "r.html" if body.startswith(b"<") else "r.txt")
            assert report.legacy_statistics is None and report.format_version in ("2019", "2021")


def test_crosswalk_view_file_is_generated_from_the_declaration():
    from importlib.resources import files

    assert (files("gknb.sql") / "views" / "legacy_crosswalk.sql").read_text(encoding="utf-8") == \
        legacy.crosswalk_view_sql(), "run: python -m gknb.model.legacy > sql/views/legacy_crosswalk.sql"
    assert {c.indicator for c in legacy.CROSSWALK} <= set(legacy.BY_KEY)


def test_legacy_reports_load_into_the_warehouse_with_checks_and_crosswalk(tmp_path):
    from gknb.load.warehouse import Warehouse

    body, truth = random_legacy_report(random.Random(11), "national", "html")
    with Warehouse(tmp_path / "wh.duckdb") as wh:
        wh.ingest_report(_parse(body, "html"))
        facts = wh.con.execute("SELECT indicator, label, value, cumulative FROM fact_legacy_statistics "
                               "ORDER BY row_order").fetchall()
        assert facts == [tuple(r) for r in truth["rows"]]
        checks = wh.con.execute("SELECT DISTINCT check_name, status FROM check_results").fetchall()
        assert checks == [(legacy.CHECK_LEGACY_SUM, "pass")]
        walked = dict(wh.con.execute("SELECT indicator, value FROM legacy_crosswalk "
                                     "WHERE target_row = 'new_received'").fetchall())
        received = next(r[2] for r in truth["rows"] if r[0] == "applications_received")
        assert walked == {"applications_received": received}
