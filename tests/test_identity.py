"""Agency identity (issue 10): resolution rules over the shipped registry, and what the warehouse does with them."""

from __future__ import annotations

import json

import pytest

from gknb.extract.sources import SourceError, parse_sources
from gknb.load.identity import Placer, jurisdictions
from gknb.load.summary import per_year_totals
from gknb.load.warehouse import Warehouse
from tests.test_warehouse import make_report
from gknb.transform.identity import resolve
from gknb.model.regions import registry

HONGZE = "320813"  # 江苏省淮安市洪泽区


@pytest.fixture(scope="module")
def regions():
    return registry()


def _id(regions, printed, jurisdiction=None, title=None):
    found = resolve(printed, jurisdiction, regions, title=title)
    return found.agency.agency_id if found.agency else None


def test_registry_holds_divisions_and_reforms(regions):
    assert regions.prefix("320813") == "淮安市洪泽区"
    assert regions.prefix("110105") == "北京市朝阳区"  # a municipality's name once
    assert regions.names("320813") == {"province": "江苏省", "prefecture": "淮安市", "county": "洪泽区"}
    retired = regions.get("320829")  # 洪泽县, a district since 2016
    assert retired.status == "retired" and retired.successor_code == "320813"
    assert regions.find(("洪泽县",)) == {"320813"}
    assert len(regions.find(("鼓楼区",))) == 4


def test_abbreviations_prefix_and_renamed_bodies_are_one_agency(regions):
    full = _id(regions, "淮安市洪泽区卫生健康委员会")
    assert full is not None
    assert _id(regions, "洪泽区卫健委", HONGZE) == full  # abbreviation, no city prefix, on its own portal
    assert _id(regions, "淮安市洪泽区卫生和计划生育委员会") == full  # renamed in 2018
    assert _id(regions, "淮安市洪泽区衛生健康委員會") == full  # Traditional script
    assert _id(regions, "卫生健康委员会", HONGZE) == full  # no division: the portal's jurisdiction
    assert _id(regions, "淮安市 洪泽区 卫健委") == full
    agency = resolve("洪泽区卫健委", HONGZE, regions).agency
    assert (agency.canonical_name, agency.kind, agency.sector, agency.admin_level) == (
        "淮安市洪泽区卫生健康委员会", "department", "health", "county")


def test_townships_streets_and_governments_are_distinct(regions):
    town = _id(regions, "横山镇", HONGZE)
    assert _id(regions, "横山镇人民政府", HONGZE) == town
    assert len({town, _id(regions, "横山街道", HONGZE), _id(regions, "横山乡", HONGZE)}) == 3
    assert _id(regions, "横山镇", "320812") not in (None, town)  # the same town name in another county
    government, office = _id(regions, "洪泽区人民政府", HONGZE), _id(regions, "洪泽区政府办", HONGZE)
    assert government and office and government != office
    assert resolve("洪泽区政府办", HONGZE, regions).agency.kind == "office"
    assert resolve("横山镇", HONGZE, regions).agency.parent_id == government


def test_names_that_cannot_be_placed_are_issues_not_guesses(regions):
    for printed, jurisdiction in (("鼓楼区财政局", None), ("财政局", None), ("南京市财政局", HONGZE), (None, None)):
        found = resolve(printed, jurisdiction, regions)
        assert found.agency is None and found.issue
    # the title stands in for a missing printed name
    assert _id(regions, None, HONGZE, title="洪泽区财政局2023年度政府信息公开工作年度报告") == _id(regions, "淮安市洪泽区财政局")


def test_sources_declare_registry_codes_and_simulated_ones():
    with pytest.raises(SourceError, match="not in the division registry"):
        parse_sources("sources:\n  - {name: a, url: 'http://a.gov.cn/', region_code: '320899'}\n")
    sources = parse_sources(
        "sources:\n  - {name: a, url: 'http://a.gov.cn/', region_code: '320813'}\n"
        "  - {name: p, url: 'http://p.gov.cn/', region: 模拟省, region_code: '990000'}\n"
        "  - {name: d, url: 'http://d.gov.cn/', region: 示例区, region_code: '990111'}\n")
    regions = registry()
    assert jurisdictions(sources, regions) == {"a.gov.cn": "320813", "p.gov.cn": "990000", "d.gov.cn": "990111"}
    assert regions.get("990111").parent_code == "990000"


def test_warehouse_one_primary_per_agency_year_and_unplaced_reports(tmp_path):
    sources = parse_sources(
        "sources:\n  - {name: hz, url: 'http://www.hongze.gov.cn/', region_code: '320813'}\n"
        "  - {name: ha, url: 'http://www.huaian.gov.cn/', region_code: '320800'}\n")
    regions = registry()
    placer = Placer(regions, jurisdictions(sources, regions))
    page = make_report("http://www.hongze.gov.cn/2023.html", "洪泽区卫健委", 2023, seed=1)
    page["status"] = "partial"
    for key in ("active_disclosure", "applications", "review_litigation"):
        page[key] = {}
    pdf = make_report("http://www.hongze.gov.cn/2023.pdf", "淮安市洪泽区卫生健康委员会", 2023, seed=2)
    repost = make_report("http://www.huaian.gov.cn/hz2023.html", "淮安市洪泽区卫生健康委员会", 2023, seed=3)
    earlier = make_report("http://www.hongze.gov.cn/2022.html", "洪泽区卫生和计划生育委员会", 2022, seed=4)
    lost = make_report("/local/files/gulou.pdf", "鼓楼区财政局", 2023, seed=5)
    finance = make_report("http://www.hongze.gov.cn/cz2022.html", "财政局", 2022, seed=6)  # no 2023 report
    with Warehouse(tmp_path / "w.duckdb", placer=placer) as wh:
        wh.ingest_reports((r, None) for r in (page, pdf, repost, earlier, lost, finance))
        rows = {r["source"]: r for r in wh.query("SELECT * FROM reports").iter_rows(named=True)}
        ids = {rows[r["source"]]["agency_id"] for r in (page, pdf, repost, earlier)}
        assert len(ids) == 1 and None not in ids
        assert rows[pdf["source"]]["is_primary"] and rows[earlier["source"]]["is_primary"]
        assert not rows[page["source"]]["is_primary"] and "holds 3 of the 3 tables" in rows[page["source"]]["primary_reason"]
        assert not rows[repost["source"]]["is_primary"] and "own portal" in rows[repost["source"]]["primary_reason"]
        assert rows[repost["source"]]["jurisdiction_code"] == "320800"

        agency = wh.query("SELECT * FROM agencies WHERE sector = 'health'").row(0, named=True)
        assert agency["canonical_name"] == "淮安市洪泽区卫生健康委员会" and agency["county"] == "洪泽区"
        assert json.loads(agency["names_seen"])["洪泽区卫生和计划生育委员会"] == [2022]

        unplaced = rows[lost["source"]]
        assert unplaced["agency_id"] is None and not unplaced["is_primary"]
        issue = wh.query("SELECT detail FROM check_results WHERE check_name = 'agency_identity'")["detail"].to_list()
        assert len(issue) == 1 and "鼓楼区" in issue[0]
        # ... and the same as an issue of the document, in the issue log, once however often it is loaded
        logged = "SELECT source, code, level, location, detail FROM issues WHERE code = 'agency_unplaced'"
        assert wh.query(logged).rows() == [(lost["source"], "agency_unplaced", "warning", "鼓楼区财政局", issue[0])]
        assert wh.ingest_report(dict(lost, parser_version="next")) == "replaced"
        assert wh.query(logged).rows() == [(lost["source"], "agency_unplaced", "warning", "鼓楼区财政局", issue[0])]
        assert wh.query("SELECT count(*) AS n FROM fact_applications WHERE report_id = ?",
                        [unplaced["report_id"]])["n"][0] > 0  # still queryable

        t3 = sum(r["applications"]["new_received"]["total"] for r in (pdf, earlier, finance))
        totals = per_year_totals(wh)
        assert totals["new_received"].sum() == t3
        assert wh.query("SELECT count(*) AS n FROM t3_wide WHERE agency_id = ?", [agency["agency_id"]])["n"][0] == 2
        # the jurisdiction 320813 reported 2023, its finance bureau did not
        missing = wh.query("SELECT agency, jurisdiction_code, year FROM missing_years").rows()
        assert missing == [("淮安市洪泽区财政局", HONGZE, 2023)]
        carry = wh.query("SELECT related_report_id FROM check_results WHERE check_name = 'cross_year_carry'")
        assert set(carry["related_report_id"]) == {rows[earlier["source"]]["report_id"]}
        assert wh.query("SELECT count(*) AS n FROM regions WHERE region_code = '320813'")["n"][0] == 1
