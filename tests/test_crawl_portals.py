"""The crawler against the portal simulator on real loopback sockets (issue 4's acceptance list).

One full crawl of every simulated portal, then a second crawl of the unchanged simulator,
then a crawl after one report changed; each test reads the simulator's own request log,
the fetch log and the archive.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from gknb.extract.archive import Archive
from gknb.extract.crawl import CrawlResult
from gknb.extract.decode import decode_html
from gknb.extract.http.settings import FetchSettings
from gknb.model import fetch, media
from gknb.synth.portal.app import LogEntry, by_host
from gknb.synth.portal.server import PORTAL_HOSTS, SimulatorServer

pytest_plugins = ["tests.portal_fixtures"]
pytestmark = pytest.mark.integration


@dataclass
class Run:
    results: dict[str, CrawlResult]
    log: list[LogEntry]  # the simulator's request log during this crawl
    crawl_id: str
    files: tuple[int, int]  # archive (bodies, bytes) afterwards
    settings: FetchSettings


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("crawl")
    with Archive(root / "archive", root / "fetchlog.duckdb") as archive:
        yield archive


@pytest.fixture(scope="module")
def crawl_once(portal: SimulatorServer, sim_settings, run_crawl, store: Archive):  # noqa: ANN001, ANN201
    def run(sources) -> Run:  # noqa: ANN001
        portal.app.reset_log()
        settings = sim_settings()
        results = run_crawl(sources, store, settings)
        crawl_id = store.query("SELECT crawl_id FROM fetch_log ORDER BY seq DESC LIMIT 1")[0][0]
        return Run(results, portal.app.log, crawl_id, store.stats(), settings)
    return run


@pytest.fixture(scope="module")
def first(crawl_once, sim_sources) -> Run:  # noqa: ANN001
    return crawl_once(sim_sources)


@pytest.fixture(scope="module")
def second(first: Run, crawl_once, sim_sources) -> Run:  # noqa: ANN001
    return crawl_once(sim_sources)


@pytest.fixture(scope="module")
def manifest(portal: SimulatorServer) -> dict:
    return portal.app.manifest()


def _rows(store: Archive, crawl_id: str, kind: str | None = None) -> dict[str, tuple]:
    sql = "SELECT url, outcome, sha256, filename, link_kind, bytes_downloaded FROM fetch_log WHERE crawl_id = ?"
    params = [crawl_id]
    if kind:
        sql += " AND link_kind = ?"
        params.append(kind)
    return {r[0]: r[1:] for r in store.query(sql, params)}


def test_every_expected_report_is_found_and_archived(first: Run, manifest: dict, store: Archive) -> None:
    reports = _rows(store, first.crawl_id, "report")
    documents = {d.source: d for d in store.iter_documents()}
    missing = []
    for expected in manifest["reports"]:
        taken = [u for u in [expected["canonical_url"], *expected["also_at"]] if u in reports]
        if len(taken) != 1 or reports[taken[0]][0] != "ok" or taken[0] not in documents:
            missing.append((expected["canonical_url"], taken))
            continue
        assert documents[taken[0]].path.read_bytes()  # the archived body is on disk
    assert not missing


def test_no_distractor_is_taken_for_a_report(first: Run, manifest: dict, store: Archive) -> None:
    fetched = _rows(store, first.crawl_id)
    links = {r[0]: r[1:] for r in store.query(
        "SELECT url, kind, reason FROM crawl_links WHERE crawl_id = ?", [first.crawl_id])}
    for item in manifest["distractors"]:
        assert item["url"] not in fetched, item
        assert links[item["url"]] == ("distractor", item["kind"])
    # Nothing else was taken for a report: every report row is an expected report or a trap.
    known = {u for r in manifest["reports"] for u in [r["canonical_url"], *r["also_at"]]}
    known |= {b["url"] for b in manifest["blocked"]}
    assert {url for url, (kind, _reason) in links.items() if kind == "report"} <= known
    repost = next(r for r in manifest["reports"] if r["site"] == PORTAL_HOSTS["hanweb"] and r["also_at"])
    assert links[repost["also_at"][0]][0] == "duplicate"
    assert first.results["hanweb"].duplicates == 1


def test_no_request_goes_to_a_robots_disallowed_path(first: Run, manifest: dict) -> None:
    asked = {f"http://{e.host}{e.target}" for e in first.log}
    assert asked.isdisjoint(manifest["forbidden_urls"])
    hosts = by_host(first.log)
    for host in (PORTAL_HOSTS["nobot"], PORTAL_HOSTS["robots403"], PORTAL_HOSTS["robotslow"]):
        assert {e.path for e in hosts[host]} == {"/robots.txt"}
    assert first.results["nobot"].status == "robots_disallowed"
    assert first.results["robots403"].status == "robots_forbidden"
    assert first.results["robotslow"].status == "robots_unavailable"


def test_per_host_spacing_never_falls_below_the_delay(first: Run) -> None:
    crawl_delay = 3 * first.settings.time_scale  # the hostile portal's robots.txt asks Crawl-delay: 3
    for host, entries in by_host(first.log).items():
        wanted = max(first.settings.min_delay, crawl_delay) if host == PORTAL_HOSTS["hostile"] else first.settings.min_delay
        gaps = [b.ts - a.ts for a, b in zip(entries, entries[1:])]
        assert not gaps or min(gaps) >= wanted, (host, min(gaps))
        # One request in flight: each answer was complete before the next request arrived,
        # except answers the crawler gave up on (timeouts), which the server keeps serving.
        finished = [e for e in entries if e.duration < first.settings.read_timeout]
        for a, b in zip(finished, finished[1:]):
            assert b.ts >= a.ts + a.duration - 1e-3, (host, a.target, b.target)


def test_blocked_answers_are_classified_and_never_archived_as_content(first: Run, manifest: dict, store: Archive) -> None:
    rows = _rows(store, first.crawl_id)
    documents = {d.source for d in store.iter_documents()}
    for expected in manifest["blocked"]:
        outcome, sha256 = rows[expected["url"]][:2]
        assert outcome == expected["outcome"], expected
        assert sha256 is None and expected["url"] not in documents
    hostile = first.results["hostile"]
    assert hostile.blocked == 3 and hostile.reasons["blocked:js_challenge"] == 3
    rs = [e for e in first.log if e.path.startswith("/rs/")]
    assert len(rs) == 1  # a challenge is never retried hot


def test_gbk_page_decodes_byte_exact(first: Run, manifest: dict, store: Archive) -> None:
    report = next(r for r in manifest["reports"] if "喆" in r["title"])
    title = store.query("SELECT title FROM crawl_links WHERE url = ?", [report["canonical_url"]])[0][0]
    assert title == report["title"]  # read from the GBK list page's title attribute
    doc = next(d for d in store.iter_documents() if d.source == report["canonical_url"])
    raw = doc.path.read_bytes()
    assert report["title"].encode("gb18030") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, encoding = decode_html(raw, "text/html")
    assert encoding == "gb18030" and report["title"] in text


def test_attachments_keep_their_filenames(first: Run, manifest: dict, store: Archive) -> None:
    documents = {d.source: d for d in store.iter_documents() if d.link_kind == "attachment"}
    expected = [a for r in manifest["reports"] for a in r["attachments"]]
    assert expected
    for attachment in expected:
        doc = documents[attachment["url"]]
        assert doc.file_name == attachment["filename"], attachment["url"]
        assert doc.sha256 == attachment["sha256"]
        assert doc.media_hint == attachment["ext"]


def test_second_crawl_downloads_no_body_and_the_archive_does_not_grow(first: Run, second: Run, store: Archive) -> None:
    assert second.files == first.files
    content = {url: row for url, row in _rows(store, second.crawl_id).items() if row[3] in ("list", "report", "attachment")}
    assert Counter(row[0] for row in content.values())["ok"] == 0
    assert all(row[4] == 0 for row in content.values() if row[0] in ("not_modified", "skipped:list_unchanged"))
    quiet_hosts = {PORTAL_HOSTS[k] for k in ("hanweb", "trs", "gkmlpt", "gkmlpt_single")}
    statuses = Counter((e.host, e.status) for e in second.log if e.host in quiet_hosts and e.path != "/robots.txt")
    assert {status for _host, status in statuses} <= {304, 404}, statuses  # 404: gkmlpt's page-2 quirk
    assert not [e for e in second.log if e.method == "POST"]  # later list pages came from the archive
    for name in ("hanweb", "trs", "gkmlpt", "gkmlpt-single"):
        result = second.results[name]
        assert (result.new, result.updated, result.unchanged) == (0, 0, result.reports_found)
    assert second.results["hostile"].reasons.get("skipped:blocked_recently") == 3


def test_a_changed_report_is_fetched_as_a_new_version(second: Run, portal: SimulatorServer, manifest: dict,
                                                     crawl_once, sim_sources, store: Archive) -> None:  # noqa: ANN001
    report = next(r for r in manifest["reports"] if r["site"] == PORTAL_HOSTS["trs"] and r["delivery"] == "html")
    old = next(d for d in store.iter_documents() if d.source == report["canonical_url"])
    assert portal.app.mutate(report["canonical_url"])
    run = crawl_once([s for s in sim_sources if s.name == "trs"])
    assert run.results["trs"].updated == 1 and run.results["trs"].new == 0
    assert run.files[0] == second.files[0] + 1
    new = next(d for d in store.iter_documents() if d.source == report["canonical_url"])
    assert new.sha256 != old.sha256 and old.path.exists()  # the old version stays in the archive


def test_attachment_names_survive_a_304(second: Run, manifest: dict, store: Archive) -> None:
    rows = {r[0]: r[1:] for r in store.query(
        "SELECT url, outcome, filename FROM fetch_log WHERE crawl_id = ? AND link_kind = 'attachment'", [second.crawl_id])}
    for attachment in (a for r in manifest["reports"] for a in r["attachments"]):
        assert rows[attachment["url"]] == ("not_modified", attachment["filename"])


def test_the_simulator_is_deterministic(manifest: dict) -> None:
    """A fresh process builds the same portals: same ids, values, attachment bytes (the manifest's sha256)."""
    code = ("import json; from gknb.synth.portal.server import build_app; "
            "print(json.dumps(build_app(time_scale=0).manifest(), sort_keys=True))")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[1]).stdout
    assert fresh.strip() == json.dumps(manifest, sort_keys=True)  # ``manifest`` was taken before any change


def test_every_recorded_outcome_and_media_hint_is_declared(first: Run, second: Run, store: Archive) -> None:
    """The fetch log is the crawler's own file, so no foreign key holds it: this does (model/fetch.py,
    model/media.py, which codes_fetch_outcomes and codes_media_types list)."""
    declared = {o.code for o in fetch.OUTCOMES if o.held_in == "fetch_log.outcome"}
    seen = {outcome for (outcome,) in store.query("SELECT DISTINCT outcome FROM fetch_log")}
    assert len(seen) > 3 and seen <= declared, seen - declared
    hints = {hint for (hint,) in store.query("SELECT DISTINCT media_hint FROM fetch_log WHERE media_hint IS NOT NULL")}
    assert len(hints) > 2 and hints <= set(media.BY_KEY), hints - set(media.BY_KEY)
