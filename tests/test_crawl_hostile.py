"""The crawler against portals that are hostile or merely broken, on loopback servers written here.

Each case is bounded by the crawler's own budgets (set small): endless landing pages stop at
the page budget, 50 report links at the link budget, a body dripping a byte at a time at the
source's deadline, Retry-After at its total cap; robots.txt is read to 500 KiB and cached
across runs; a host's requests stop at the daily cap; a broken certificate is fetched
unverified, a host with no working TLS over HTTP, and the fetch log says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

from gknb.extract.archive import Archive
from gknb.extract.crawl import crawl_source
from gknb.extract.http.fetcher import Fetcher
from gknb.extract.http.settings import FetchSettings
from gknb.extract.sources import Source

pytestmark = pytest.mark.integration
HOST = "hostile.gov.cn"
Route = Callable[[BaseHTTPRequestHandler], None]


def reply(handler: BaseHTTPRequestHandler, body: bytes | str, status: int = 200,
          content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
    data = body.encode() if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(data)


class Portal(ThreadingHTTPServer):
    """A loopback server answering by path prefix; it counts every request it saw."""

    daemon_threads = True

    def __init__(self, routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> None:
        self.seen: list[str] = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                portal.seen.append(self.path)
                for prefix, route in sorted(routes.items(), key=lambda kv: -len(kv[0])):
                    if self.path.startswith(prefix):
                        return route(self)
                reply(self, "not here", status=404)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)

    def __enter__(self) -> "Portal":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.server_port}"


def settings_for(*portals_by_key: tuple[str, Portal], **overrides: object) -> FetchSettings:
    return FetchSettings(min_delay=0.0, default_delay=0.0, connect_timeout=1.0, read_timeout=2.0,
                         request_budget=5.0, max_retries=0, backoff_base=0.01, backoff_max=0.02,
                         host_map={key: p.target for key, p in portals_by_key}, resolve_dns=False,
                         ).with_overrides(**overrides)


def source(url: str = f"http://{HOST}/", **extra: object) -> Source:
    return Source(name="hostile", url=url, **extra)


def allow_all(handler: BaseHTTPRequestHandler) -> None:
    reply(handler, "User-agent: *\nAllow: /\n", content_type="text/plain")


def crawl(src: Source, archive: Archive, settings: FetchSettings):  # noqa: ANN201
    started = time.monotonic()
    result = asyncio.run(crawl_source(src, archive, settings))
    return result, time.monotonic() - started


def fetch(src: Source, archive: Archive, settings: FetchSettings, *paths: str):  # noqa: ANN201
    async def go():  # noqa: ANN202
        async with Fetcher(settings, archive, "test") as fetcher:
            return [await fetcher.fetch(src, f"{src.url.rstrip('/')}{p}", kind="report") for p in paths]
    return asyncio.run(go())


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    with Archive(tmp_path / "archive", tmp_path / "fetchlog.duckdb") as store:
        yield store


def report_row(n: int) -> str:
    return f'<li><a href="/zfxxgknb/t20240101_{n}.html">第{n}局2023年政府信息公开工作年度报告</a><span>2024-01-{n % 28 + 1:02d}</span></li>'


def test_endless_landing_pages_stop_at_the_page_budget(archive):
    def landing(handler: BaseHTTPRequestHandler) -> None:  # every page links 30 more "信息公开" pages
        n = int(handler.path.rsplit("/", 1)[-1] or 0)
        links = "".join(f'<a href="/land/{n * 30 + i + 1}">政府信息公开</a>' for i in range(30))
        reply(handler, f"<html><body>{links}</body></html>")

    with Portal({"/robots.txt": allow_all, "/land/": landing}) as portal:
        result, _ = crawl(source(f"http://{HOST}/land/0"), archive, settings_for((HOST, portal), page_budget=12))
    assert result.stopped == "page_budget" and result.list_pages == 12
    assert len([p for p in portal.seen if p.startswith("/land/")]) == 12


def test_a_page_nested_100000_deep_is_refused_without_parsing(archive):
    deep = "<html><body>" + "<div>" * 100_000 + '<a href="/zfxxgknb/index.html">年报</a>' + "</div>" * 100_000
    with Portal({"/robots.txt": allow_all, "/": lambda h: reply(h, deep)}) as portal:
        result, seconds = crawl(source(), archive, settings_for((HOST, portal)))
    assert result.failures[0]["outcome"] == "refused:too_deep" and result.list_pages == 1
    print(f"100,000 nested divs: {seconds:.1f} s (lexbor alone: minutes)")


def test_report_links_stop_at_the_link_budget(archive):
    column = "<ul>" + "".join(report_row(n) for n in range(50)) + "</ul>"
    with Portal({"/robots.txt": allow_all, "/zfxxgknb/index": lambda h: reply(h, column),
                 "/zfxxgknb/t": lambda h: reply(h, "<html><body><p>" + "报告正文" * 300 + "</p></body></html>")}) as portal:
        result, _ = crawl(source(f"http://{HOST}/zfxxgknb/index.html"), archive,
                          settings_for((HOST, portal), link_budget=5))
    assert result.reports_found == 50 and result.new == 5
    assert result.stopped == "link_budget" and result.not_fetched == 45
    assert len([p for p in portal.seen if p.startswith("/zfxxgknb/t")]) == 5


def drip(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then a byte every 0.1 s: 60 s for the first 600 bytes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    try:
        for _ in range(600):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def test_a_dripping_body_is_given_up_once_not_retried(archive):
    with Portal({"/robots.txt": allow_all, "/drip": drip}) as portal:
        [got] = fetch(source(), archive, settings_for((HOST, portal), max_retries=3, request_budget=0.5), "/drip")
    assert got.outcome == "timeout" and got.status == 200
    assert portal.seen.count("/drip") == 1


def test_a_dripping_body_is_cut_by_the_source_deadline(archive):
    column = "<ul>" + "".join(report_row(n) for n in range(3)) + "</ul>"
    with Portal({"/robots.txt": allow_all, "/zfxxgknb/index": lambda h: reply(h, column), "/zfxxgknb/t": drip}) as portal:
        result, seconds = crawl(source(f"http://{HOST}/zfxxgknb/index.html"), archive,
                                settings_for((HOST, portal), request_budget=60.0, read_timeout=60.0,
                                             source_deadline=2.0))
    assert result.stopped == "deadline" and result.not_fetched == 3
    print(f"drip case: {seconds:.1f} s")


def test_retry_after_is_honoured_only_up_to_its_total(archive):
    def busy(handler: BaseHTTPRequestHandler) -> None:
        reply(handler, "busy", status=503, Retry_After="1")

    with Portal({"/robots.txt": allow_all, "/busy": busy}) as portal:
        [got] = fetch(source(), archive, settings_for((HOST, portal), max_retries=10, retry_after_total=2.5), "/busy")
    assert got.outcome == "deferred:rate_limited"
    assert portal.seen.count("/busy") == 3  # waited 1 s twice; a third wait would pass 2.5 s


def test_robots_is_read_to_500_kib_and_cached_across_runs(tmp_path):
    padding = "# " + "x" * 1000 + "\n"
    robots = "User-agent: *\nDisallow: /private\n" + padding * 600 + "Disallow: /late\n"  # ~600 KiB
    routes = {"/robots.txt": lambda h: reply(h, robots, content_type="text/plain"),
              "/": lambda h: reply(h, "<html><body>" + "内容" * 600 + "</body></html>")}
    with Portal(routes) as portal:
        for _run in range(2):
            with Archive(tmp_path / "a", tmp_path / "log.duckdb") as archive:
                late, private = fetch(source(), archive, settings_for((HOST, portal)), "/late", "/private")
                assert late.outcome == "ok"  # the rule past 500 KiB is not read
                assert private.outcome == "robots_disallowed"
        with Archive(tmp_path / "a", tmp_path / "log.duckdb") as archive:
            rows = archive.query("SELECT outcome, size FROM fetch_log WHERE link_kind = 'robots' ORDER BY seq")
    assert portal.seen.count("/robots.txt") == 1
    assert rows[0] == ("ok", 500 * 1024) and rows[1][0] == "skipped:robots_cached"


def test_the_daily_cap_holds_across_runs(tmp_path):
    with Portal({"/robots.txt": allow_all, "/": lambda h: reply(h, "<p>" + "内容" * 600 + "</p>")}) as portal:
        settings = settings_for((HOST, portal), host_daily_cap=4)
        with Archive(tmp_path / "a", tmp_path / "log.duckdb") as archive:
            first = fetch(source(), archive, settings, "/1", "/2", "/3", "/4")
        with Archive(tmp_path / "a", tmp_path / "log.duckdb") as archive:
            second = fetch(source(), archive, settings, "/5")
    assert [r.outcome for r in first] == ["ok", "ok", "ok", "deferred:daily_cap"]  # robots.txt took one
    assert [r.outcome for r in second] == ["deferred:daily_cap"]
    assert len(portal.seen) == 4


def _certificate(tmp_path: Path, host: str) -> ssl.SSLContext:
    """A self-signed certificate for ``host`` that expired last year."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=730))
            .not_valid_after(now - dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    return context


def test_broken_certificates_fall_back_to_unverified_then_http(tmp_path, archive):
    page = lambda h: reply(h, "<html><body>" + "报告" * 600 + "</body></html>")  # noqa: E731
    routes = {"/robots.txt": allow_all, "/": page}
    with Portal(routes, tls=_certificate(tmp_path, HOST)) as expired, Portal(routes) as plain:
        # Expired, self-signed: fetched unverified.  "dead.gov.cn" speaks plain HTTP on 443: no TLS at all.
        settings = settings_for((f"{HOST}:443", expired), ("dead.gov.cn:443", plain), ("dead.gov.cn:80", plain))
        [unverified] = fetch(source(f"https://{HOST}/"), archive, settings, "/report.html")
        [downgraded] = fetch(source("https://dead.gov.cn/"), archive, settings, "/report.html")
        strict = settings.with_overrides(tls_fallback=False)
        [refused] = fetch(source(f"https://{HOST}/"), archive, strict, "/other.html")
    assert unverified.outcome == "ok" and unverified.tls == "tls_unverified"
    assert downgraded.outcome == "ok" and downgraded.tls == "https_to_http"
    assert downgraded.final_url == "http://dead.gov.cn/report.html"
    assert refused.outcome == "tls_error" and "self-signed certificate" in refused.reason  # no fallback: refused
    reasons = dict(archive.query("SELECT url, reason FROM fetch_log WHERE link_kind = 'report'"))
    assert reasons[f"https://{HOST}/report.html"].startswith("tls_unverified")
    assert reasons["https://dead.gov.cn/report.html"].startswith("https_to_http; tls_error:")


def test_server_file_names_are_made_safe():
    from gknb.extract.http.bodies import filename_from_disposition, filename_from_url

    assert filename_from_disposition(b"attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd") == "passwd"
    assert filename_from_disposition(b"attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5%00%1b%5B31m.pdf") == "年报  [31m.pdf"
    assert filename_from_disposition(b'attachment; filename="..\\\\..\\\\boot.ini"') == "boot.ini"
    assert filename_from_disposition(b"attachment; filename*=UTF-8''..") is None
    assert filename_from_url("http://a.gov.cn/downfile.jsp?showname=../../a%00b.pdf") == "a b.pdf"
    assert len(filename_from_disposition(b"attachment; filename*=UTF-8''" + b"a" * 5000 + b".pdf")) == 200
