"""The crawl's problems as issues: each problem outcome declares its level (model/fetch.py), the fetch log's
``crawl_issues`` view holds them in the issue log's shape, and the run report counts them per source and
code beside the parse's, pointing at the rows."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from gknb.extract.archive import Archive, FetchRecord
from gknb.load.health_log import HealthStore
from gknb.model import fetch
from gknb.synth.portal.server import SimulatorServer

pytest_plugins = ["tests.portal_fixtures", "tests.prefect_fixtures"]


def test_problem_outcomes_declare_a_level_and_the_rest_none():
    levels = {o.code: o.level for o in fetch.OUTCOMES}
    assert set(levels.values()) == {None, "info", "warning", "error"}
    # What a source is judged blocked or failed by is a problem; content and a change never are.
    assert all(levels[code] for code in fetch.BLOCKED_OUTCOMES + fetch.SOURCE_STATUSES)
    assert not any(levels[code] for code in fetch.CONTENT_OUTCOMES + (fetch.NEW, fetch.UPDATED, fetch.UNCHANGED))
    assert levels[fetch.TLS_UNVERIFIED] == levels[fetch.HTTPS_TO_HTTP] == "info"


def test_the_fetch_log_view_holds_outcome_and_tls_note_issues(tmp_path: Path):
    log = tmp_path / "fetchlog.duckdb"
    with HealthStore(log) as store:  # before any crawl: no fetch log, no issues, no error
        assert store.issue_counts(datetime.now(UTC)) == []
    earlier, now = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC)
    rows = [  # (source, url, outcome, reason, fetched_at)
        ("a", "https://a.gov.cn/old", fetch.TIMEOUT, "timeout", earlier),  # an earlier night's
        ("a", "https://a.gov.cn/1", fetch.OK, "", now),
        ("a", "https://a.gov.cn/2", fetch.OK, "tls_unverified", now),
        ("a", "https://a.gov.cn/3", fetch.NOT_MODIFIED, "https_to_http; [SSL] handshake failure", now),
        ("a", "https://a.gov.cn/4", fetch.TIMEOUT, "timeout after 200", now),
        ("b", "https://b.gov.cn/5", fetch.BLOCKED_FORBIDDEN, "HTTP 403", now),
        ("b", "https://b.gov.cn/6", fetch.BLOCKED_FORBIDDEN, "tls_unverified; HTTP 403", now),
        ("b", "https://b.gov.cn/7", fetch.OK, "gzip sniffed", now),
    ]
    with Archive(tmp_path / "archive", log) as archive:
        for source, url, outcome, reason, at in rows:
            archive.record(FetchRecord("c1", source, url, "GET " + url, fetched_at=at, outcome=outcome, reason=reason))
    with HealthStore(log) as store:
        counts = store.issue_counts(now - timedelta(seconds=1))
        logged = store.con.execute("SELECT source, location, code, level, detail FROM crawl_issues "
                                   "WHERE recorded_at >= ? ORDER BY seq, code", [now]).fetchall()
    assert {(r["source"], r["code"], r["level"]): r["issues"] for r in counts} == {
        ("a", "tls_unverified", "info"): 1, ("a", "https_to_http", "info"): 1, ("a", "timeout", "error"): 1,
        ("b", "blocked:forbidden", "error"): 2, ("b", "tls_unverified", "info"): 1,
    }
    assert logged == [
        ("a", "https://a.gov.cn/2", "tls_unverified", "info", "tls_unverified"),
        ("a", "https://a.gov.cn/3", "https_to_http", "info", "https_to_http; [SSL] handshake failure"),
        ("a", "https://a.gov.cn/4", "timeout", "error", "timeout after 200"),
        ("b", "https://b.gov.cn/5", "blocked:forbidden", "error", "HTTP 403"),
        ("b", "https://b.gov.cn/6", "blocked:forbidden", "error", "tls_unverified; HTTP 403"),
        ("b", "https://b.gov.cn/6", "tls_unverified", "info", "tls_unverified; HTTP 403"),
    ]


@pytest.mark.integration
def test_a_night_counts_its_crawl_issues_per_source_and_code(prefect_api, portal: SimulatorServer, sim_sources_file,
                                                             sim_settings, tmp_path, monkeypatch):
    """Two nights over the hostile portal and one whose robots.txt answers 403: the first night's crawl issues
    are exactly the simulator's declared failures (and the refused robots.txt), in the run report with the
    query that lists them; the second night counts its own fetches only."""
    from typer.testing import CliRunner

    from gknb.cli import app
    from gknb.flows.nightly import nightly

    monkeypatch.setenv("GKNB_SOURCES", str(sim_sources_file))
    settings = sim_settings()
    overrides = {k: getattr(settings, k) for k in ("min_delay", "default_delay", "connect_timeout", "read_timeout",
                                                   "request_budget", "max_retries", "backoff_base", "backoff_max",
                                                   "time_scale", "host_map", "resolve_dns")}
    hosts = {"xxgk.hostsim.gov.cn": "hostile", "www.robots403.gov.cn": "robots403"}
    expected = Counter((hosts[urlsplit(b["url"]).hostname], b["outcome"]) for b in portal.app.manifest()["blocked"]
                       if urlsplit(b["url"]).hostname in hosts)
    expected[("robots403", fetch.ROBOTS_FORBIDDEN)] += 1  # its robots.txt, then its entry page, both refused
    data = tmp_path / "data"

    first = nightly(sources=list(hosts.values()), data_dir=str(data), fetch_overrides=overrides, return_state=True)
    first = first.result(raise_on_failure=False)
    assert {(r["source"], r["code"]): r["issues"] for r in first["crawl_issues"]} == expected
    assert {r["code"]: r["level"] for r in first["crawl_issues"]} == {
        "blocked:js_challenge": "error", "timeout": "error", "refused:private_address": "error",
        "robots_forbidden": "error", "robots_disallowed": "warning", "soft_404": "warning"}
    report = (data / "reports" / "latest.md").read_text(encoding="utf-8")
    assert f"- crawl: {sum(expected.values())} issues in 2 sources" in report
    assert "| crawl | hostile | blocked:js_challenge | error | 3 |" in report
    assert "| crawl | robots403 | robots_forbidden | error | 2 |" in report
    pointer = report.split("The URLs behind a crawl count: `gknb query ")[1].split("`")[0]
    db, sql = pointer.split(" ", 2)[1], pointer.split(" ", 2)[2].strip('"')
    listed = CliRunner().invoke(app, ["query", "--db", db, "--format", "csv", sql])
    assert listed.exit_code == 0, listed.output
    assert listed.output.count("hostsim.gov.cn/") == 3 and "HTTP 412" in listed.output

    second = nightly(sources=list(hosts.values()), data_dir=str(data), fetch_overrides=overrides, return_state=True)
    second = second.result(raise_on_failure=False)
    with HealthStore(data / "fetchlog.duckdb") as store:
        (latest,) = store.con.execute("SELECT max(night_at) FROM night_log").fetchone()
        per_night = dict(store.con.execute(
            "SELECT recorded_at >= ?, count(*) FROM crawl_issues GROUP BY ALL", [latest]).fetchall())
    assert per_night[False] == sum(expected.values())  # the first night's rows are as they were
    assert sum(r["issues"] for r in second["crawl_issues"]) == per_night[True] > 0
