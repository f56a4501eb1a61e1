"""The nightly flow against the portal simulator on real loopback sockets: a first night, then
an unchanged night that downloads no body, parses nothing and changes nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.test_flows_ingest import tree_digest, warehouse_rows

pytest_plugins = ["tests.prefect_fixtures"]
pytestmark = pytest.mark.integration


def test_first_night_then_an_unchanged_night(prefect_api, tmp_path, monkeypatch):
    from gknb.flows.demo import fetch_overrides, write_sources
    from gknb.flows.nightly import nightly
    from gknb.synth.portal.demo import start_demo_portal

    data = tmp_path / "data"
    with start_demo_portal(tmp_path / "portal", reports=100) as portal:
        monkeypatch.setenv("GKNB_SOURCES", str(write_sources(tmp_path / "sources.yml", portal.sources)))
        overrides = fetch_overrides(portal.host_map)

        first = nightly(data_dir=str(data), fetch_overrides=overrides)
        expected_urls = {r["canonical_url"] for r in portal.manifest["reports"]}
        archived = sum(row["new"] for row in first["crawl"])
        assert archived >= len(expected_urls)  # every report page (plus attachments) was archived
        assert first["parsed"] == first["documents"] > 0 and first["exported"]
        rows, exports = warehouse_rows(data / "gknb.duckdb"), tree_digest(data / "export")
        requests_before = len(portal.app.log)
        failures = {urlsplit(b["url"]).path for b in portal.manifest["blocked"]}  # timeouts, soft 404s …
        downloaded = {(e.host, e.path, e.query) for e in portal.app.log
                      if e.status == 200 and e.bytes > 0 and e.path not in failures}

        second = nightly(data_dir=str(data), fetch_overrides=overrides)
        night2 = portal.app.log[requests_before:]

    assert second["parsed"] == 0 and second["loaded"] == 0 and not second["exported"]
    assert sum(row["new"] + row.get("updated", 0) for row in second["crawl"]) == 0
    # No body downloaded on the first night is downloaded again (answers are 304s, or list pages
    # are skipped); only what failed then (the simulator's timeouts) is tried again.
    again = [e for e in night2 if e.status == 200 and e.bytes > 0 and (e.host, e.path, e.query) in downloaded]
    assert again == [], [(e.host, e.path) for e in again]
    assert any(e.status == 304 for e in night2)
    assert warehouse_rows(data / "gknb.duckdb") == rows
    assert tree_digest(data / "export") == exports
    assert second["seconds"] < first["seconds"]
