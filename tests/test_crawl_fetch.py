"""The polite fetcher: address safety, retries, WAF answers, pacing — against the simulator and in isolation."""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest

from gknb.extract.archive import Archive
from gknb.extract.http.addresses import AddressRefused, resolve
from gknb.extract.http.bodies import TooLarge, filename_from_disposition, gunzip_sniffed, media_hint
from gknb.extract.http.classify import classify_answer
from gknb.model.fetch import BLOCKED_CHALLENGE, BLOCKED_FORBIDDEN, SOFT_404
from gknb.extract.http.fetcher import Fetcher, FetchResult
from gknb.extract.http.settings import FetchSettings
from gknb.extract.robots import policy_from_answer
from gknb.extract.sources import Source
from gknb.synth.portal.app import by_host
from gknb.synth.portal.server import PORTAL_HOSTS, SimulatorServer

pytest_plugins = ["tests.portal_fixtures"]

HOSTILE = PORTAL_HOSTS["hostile"]


def _fetch_all(settings: FetchSettings, archive: Archive, source: Source, urls: list[str],
               spy: list | None = None) -> list[FetchResult]:
    async def go() -> list[FetchResult]:
        async with Fetcher(settings, archive, "test") as fetcher:
            if spy is not None:
                send = fetcher._send

                async def recording_send(state, target, *args, **kwargs):  # noqa: ANN001, ANN202
                    spy.append(target)
                    return await send(state, target, *args, **kwargs)

                fetcher._send = recording_send
            return await asyncio.gather(*(fetcher.fetch(source, u, kind="report") for u in urls))
    return asyncio.run(go())


@pytest.fixture(scope="module")
def hostile_url(portal: SimulatorServer):  # noqa: ANN201
    """The URL of the hostile portal's report behind one failure mode (``"flaky"``, ``"rs"``…)."""
    manifest = portal.app.manifest()
    urls = [r["canonical_url"] for r in manifest["reports"]] + [b["url"] for b in manifest["blocked"]]
    return lambda segment: next(u for u in urls if u.startswith(f"http://{HOSTILE}/{segment}/"))


def _hostile_source(**changes: object) -> Source:
    return Source(name="hostile", url=f"http://{HOSTILE}/", family="govcn", **changes)


@pytest.mark.integration
def test_redirect_to_loopback_is_refused_unless_explicitly_allowed(portal, sim_settings, archive, hostile_url) -> None:  # noqa: ANN001
    url = hostile_url("redirect-local")
    loopback = f"127.0.0.1:{portal.port}"
    portal.app.reset_log()
    [refused] = _fetch_all(sim_settings(), archive, _hostile_source(allowed_hosts=(loopback,)), [url])
    assert refused.outcome == "refused:private_address"
    [not_listed] = _fetch_all(sim_settings(), archive, _hostile_source(allow_private_addresses=True), [url])
    assert not_listed.outcome == "refused:host_not_allowed"
    assert "127.0.0.1" not in by_host(portal.app.log)
    allowed = _hostile_source(allow_private_addresses=True, allowed_hosts=(loopback,))
    [followed] = _fetch_all(sim_settings(), archive, allowed, [url])
    assert followed.outcome == "ok" and followed.final_url == f"http://{loopback}/gongkai/zfxxgkpt/zfxxgknb/local.html"
    assert followed.redirects == [url]
    assert [e.path for e in by_host(portal.app.log)["127.0.0.1"]] == ["/robots.txt", "/gongkai/zfxxgkpt/zfxxgknb/local.html"]


@pytest.mark.integration
def test_redirect_to_a_private_address_is_refused_before_connecting(sim_settings, archive, hostile_url) -> None:  # noqa: ANN001
    url = hostile_url("redirect-private")
    for source in (_hostile_source(), _hostile_source(allow_private_addresses=True)):
        targets: list = []
        [result] = _fetch_all(sim_settings(), archive, source, [url], spy=targets)
        assert result.outcome.startswith("refused:")
        assert targets and all(t.ip == "127.0.0.1" for t in targets)  # only the simulator was ever dialled


def test_resolve_vets_addresses_without_sending_anything() -> None:
    settings = FetchSettings(host_map={"www.sim.gov.cn": "127.0.0.1:8080"}, resolve_dns=False)

    async def check() -> None:
        mapped = await resolve("www.sim.gov.cn", 80, settings, allow_private=False)
        assert (mapped.ip, mapped.port, mapped.mapped) == ("127.0.0.1", 8080, True)
        for literal in ("10.0.0.1", "127.0.0.1", "169.254.169.254", "192.168.1.1", "172.16.0.5", "::1",
                        "fe80::1", "fd00::1", "::ffff:10.0.0.1"):
            with pytest.raises(AddressRefused, match="private_address"):
                await resolve(literal, 80, settings, allow_private=False)
        assert (await resolve("10.0.0.1", 80, settings, allow_private=True)).ip == "10.0.0.1"
        assert (await resolve("203.0.113.7", 80, settings, allow_private=False)).ip == "203.0.113.7"
        with pytest.raises(AddressRefused, match="unmapped_host"):
            await resolve("www.gov.cn", 80, settings, allow_private=False)

    asyncio.run(check())


@pytest.mark.integration
def test_concurrent_fetches_to_one_host_are_serialised_and_spaced(portal, sim_settings, archive) -> None:  # noqa: ANN001
    manifest = portal.app.manifest()
    urls = [r["canonical_url"] for r in manifest["reports"] if r["site"] == PORTAL_HOSTS["gkmlpt"]][:8]
    source = Source(name="gd", url=f"http://{PORTAL_HOSTS['gkmlpt']}/")
    settings = sim_settings(min_delay=0.08, default_delay=0.08)
    portal.app.reset_log()
    results = _fetch_all(settings, archive, source, urls)
    assert [r.outcome for r in results] == ["ok"] * len(urls)
    entries = by_host(portal.app.log)[PORTAL_HOSTS["gkmlpt"]]
    assert len(entries) == len(urls) + 1  # + robots.txt
    for a, b in zip(entries, entries[1:]):
        assert b.ts - a.ts >= 0.08
        assert b.ts >= a.ts + a.duration  # never two in flight


@pytest.mark.integration
def test_retry_after_is_honoured(portal, sim_settings, archive, hostile_url) -> None:  # noqa: ANN001
    url = hostile_url("ratelimit")
    portal.app.reset_log()
    [result] = _fetch_all(sim_settings(), archive, _hostile_source(), [url])
    assert result.outcome == "ok"
    hits = [e for e in by_host(portal.app.log)[HOSTILE] if e.path.startswith("/ratelimit/")]
    assert [e.status for e in hits] == [429, 200]
    assert hits[1].ts - hits[0].ts >= 7 * portal.app.time_scale


@pytest.mark.integration
def test_transient_errors_are_retried_and_challenges_are_not(portal, sim_settings, archive, hostile_url) -> None:  # noqa: ANN001
    portal.app.reset_log()
    flaky, challenge, jsl = _fetch_all(sim_settings(), archive, _hostile_source(),
                                       [hostile_url("flaky"), hostile_url("rs"), hostile_url("jsl")])
    assert flaky.outcome == "ok" and flaky.body and b"UCAP-CONTENT" in flaky.body
    assert challenge.outcome == jsl.outcome == BLOCKED_CHALLENGE and challenge.body is None
    paths = [e.path.split("/")[1] for e in by_host(portal.app.log)[HOSTILE] if e.path != "/robots.txt"]
    assert sorted(paths) == ["flaky", "flaky", "flaky", "jsl", "rs"]


@pytest.mark.integration
def test_cookie_waf_gzip_and_moved_pages_are_fetched(portal, sim_settings, archive, hostile_url) -> None:  # noqa: ANN001
    portal.app.reset_log()
    ct6t, zipped, moved = _fetch_all(sim_settings(), archive, _hostile_source(),
                                     [hostile_url("ct6t"), hostile_url("gzip"), hostile_url("moved")])
    assert ct6t.outcome == "ok" and ct6t.redirects == [hostile_url("ct6t")]
    replay = [e for e in by_host(portal.app.log)[HOSTILE] if e.path.startswith("/ct6t/")]
    assert "CT6T=abc" in replay[-1].headers.get("cookie", "")
    assert zipped.outcome == "ok" and zipped.body.startswith(b"<html") and zipped.reason == "gzip sniffed"
    assert moved.outcome == "ok" and moved.final_url != hostile_url("moved")
    assert moved.redirects == [hostile_url("moved")]


@pytest.mark.integration
def test_size_cap_aborts_large_bodies(portal, sim_settings, archive) -> None:  # noqa: ANN001
    url = next(r["canonical_url"] for r in portal.app.manifest()["reports"] if r["site"] == PORTAL_HOSTS["hanweb"])
    source = Source(name="hw", url=f"http://{PORTAL_HOSTS['hanweb']}/")
    [result] = _fetch_all(sim_settings(max_bytes=200, max_retries=0), archive, source, [url])
    assert result.outcome == "too_large" and result.body is None
    assert archive.stats() == (0, 0)


def test_challenge_and_soft_404_answers_are_recognised_in_raw_bytes() -> None:
    assert classify_answer(412, "text/html", b"<script>$_ts=window['$_ts'];</script>") == BLOCKED_CHALLENGE
    assert classify_answer(521, None, b"") == BLOCKED_CHALLENGE
    assert classify_answer(403, "text/html", b"forbidden") == BLOCKED_FORBIDDEN
    waf = b"<html><script>var arg1='ab';document.cookie=\"acw_sc__v2=\"+arg1;location.reload();</script></html>"
    assert classify_answer(200, "text/html", waf) == BLOCKED_CHALLENGE
    js_only = b"<html><body><script>document.cookie='x=1';location.reload()</script></body></html>"
    assert classify_answer(200, "text/html", js_only) == BLOCKED_CHALLENGE
    gbk_gone = "<html><title>页面不存在</title></html>".encode("gb18030")
    assert classify_answer(200, "text/html", gbk_gone) == SOFT_404
    report = ("<html><body><h1>示例县2023年政府信息公开工作年度报告</h1>" + "<p>一、总体情况</p>" * 200).encode()
    assert classify_answer(200, "text/html; charset=utf-8", report) is None
    assert classify_answer(200, "application/pdf", b"%PDF-1.4 $_ts") is None  # files are never sniffed as pages


def test_attachment_names_from_content_disposition() -> None:
    name = "示例市财政局2023年政府信息公开工作年度报告.pdf"
    rfc5987 = "attachment; filename*=UTF-8''" + "".join(f"%{b:02X}" for b in name.encode())
    assert filename_from_disposition(rfc5987.encode()) == name
    assert filename_from_disposition(b'attachment; filename="' + name.encode("gb18030") + b'"') == name
    assert filename_from_disposition(b'attachment; filename="' + name.encode() + b'"') == name
    assert filename_from_disposition(b"attachment; filename=report.docx") == "report.docx"
    assert filename_from_disposition(None) is None
    assert media_hint("application/octet-stream", name, "http://x.gov.cn/downfile.jsp?a=1") == "pdf"


def test_gzip_without_content_encoding_is_inflated_within_the_cap() -> None:
    page = b"<html>" + b"x" * 5000 + b"</html>"
    assert gunzip_sniffed(gzip.compress(page), None, 10_000) == (page, True)
    assert gunzip_sniffed(gzip.compress(page), "gzip", 10_000)[1] is False  # httpx already inflated it
    with pytest.raises(TooLarge):
        gunzip_sniffed(gzip.compress(b"0" * 100_000), None, 10_000)


def test_robots_answers_map_to_host_policies() -> None:
    assert policy_from_answer(404, b"").state == "allow_all"
    assert policy_from_answer(403, b"").state == "robots_forbidden"
    assert policy_from_answer(503, b"").state == "robots_unavailable"
    assert policy_from_answer(None, None, "timeout").state == "robots_unavailable"
    rules = policy_from_answer(200, b"User-agent: *\nDisallow: /search/\nCrawl-delay: 3\n")
    assert not rules.allows("http://x.gov.cn/search/a", "gknb") and rules.allows("http://x.gov.cn/a", "gknb")
    assert rules.crawl_delay("gknb") == 3.0
    nobot = policy_from_answer(200, b"User-agent: Baiduspider\nAllow: /\n\nUser-agent: *\nDisallow: /\n")
    assert not nobot.allows("http://x.gov.cn/", "gknb")


@pytest.mark.integration
def test_the_simulator_fails_closed_for_unknown_hosts(portal) -> None:  # noqa: ANN001
    portal.app.reset_log()
    answer = httpx.get(f"http://127.0.0.1:{portal.port}/", headers={"Host": "www.gov.cn"})
    assert answer.status_code == 421
    assert [(e.host, e.status) for e in portal.app.log] == [("www.gov.cn", 421)]
