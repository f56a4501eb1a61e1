"""The polite fetcher: one request in flight per host, paced, robots-checked, address-vetted.

Every logical fetch (its retries and redirects folded in) becomes one ``fetch_log`` row
and, when it produced content, one body in the archive.  Its outcome is one of
``gknb.model.fetch.OUTCOMES`` (ok, not_modified, skipped:*, blocked:*, refused:*, timeout, …).

Portals with broken certificates are fetched unverified, then over plain HTTP, and the
fetch log's ``reason`` says ``tls_unverified`` or ``https_to_http`` for every such fetch.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import http.cookiejar
import random
import ssl
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.cookies import CookieError, SimpleCookie
from pathlib import PurePosixPath
from typing import Callable
from urllib.parse import urlencode, urljoin, urlsplit

import httpx

from gknb.extract.archive import Archive, FetchRecord, KnownContent, as_json
from gknb.extract.http.addresses import AddressRefused, Target, is_private_literal, resolve
from gknb.extract.http.bodies import (
    TooLarge, filename_from_disposition, filename_from_url, gunzip_sniffed, media_hint,
)
from gknb.extract.http.classify import classify_answer
from gknb.extract.http.settings import FetchSettings
from gknb.extract.robots import MAX_BYTES as ROBOTS_MAX_BYTES
from gknb.extract.robots import RobotsPolicy, policy_from_answer
from gknb.extract.sources import Source
from gknb.model import media
from gknb.model.fetch import (
    BLOCKED, CONNECT_ERROR, CONTENT_OUTCOMES, DAILY_CAP, HOST_BLOCKED, HTTP_ERROR, HTTPS_TO_HTTP, NEW, NOT_MODIFIED, OK,
    RATE_LIMITED, REFUSED, REFUSED_BAD_URL, REFUSED_HOST_NOT_ALLOWED, REFUSED_PRIVATE_ADDRESS, ROBOTS_CACHED,
    ROBOTS_DISALLOWED, ROBOTS_FORBIDDEN, SKIPPED_BLOCKED, SKIPPED_LIST, TIMEOUT, TLS_ERROR, TLS_UNVERIFIED, TOO_LARGE,
    TOO_MANY_REDIRECTS, TRANSPORT_ERROR, UNCHANGED, UPDATED,
)


_REDIRECTS = (301, 302, 303, 307, 308)
_KEPT_HEADERS = (
    "content-type", "content-length", "content-encoding", "content-disposition", "etag", "last-modified",
    "server", "retry-after", "location", "cache-control",
)


class _RefuseCookies(http.cookiejar.DefaultCookiePolicy):
    """httpx's own jar keys cookies by the connected address, which the host map shares
    between portals; cookies are kept per host by the fetcher instead."""

    def set_ok(self, cookie, request):  # noqa: ANN001 - stdlib signature
        return False

    def return_ok(self, cookie, request):  # noqa: ANN001
        return False


@dataclass(slots=True)
class _Answer:
    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes = b""
    error: str = ""  # timeout | connect_error | tls_error:<why> | too_large | deferred:… | transport_error:<Name>
    attempts: int = 0
    gunzipped: bool = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name) if self.headers is not None else None

    def raw_header(self, name: str) -> bytes | None:
        if self.headers is None:
            return None
        wanted = name.lower().encode()
        for key, value in self.headers.raw:
            if key.lower() == wanted:
                return value
        return None


@dataclass(slots=True)
class FetchResult:
    url: str
    method: str
    outcome: str
    reason: str = ""
    status: int | None = None
    final_url: str | None = None
    body: bytes | None = None  # content (fresh or from the archive); None unless the outcome is content
    sha256: str | None = None
    content_type: str | None = None
    filename: str | None = None
    media_hint: str | None = None
    change: str | None = None  # new | updated | unchanged, for content outcomes
    redirects: list[str] = field(default_factory=list)
    tls: str = ""  # tls_unverified | https_to_http when a broken certificate was worked around

    @property
    def ok(self) -> bool:
        return self.outcome in CONTENT_OUTCOMES

    @property
    def downloaded(self) -> bool:
        return self.outcome == OK


@dataclass(slots=True)
class _HostState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_done: float = float("-inf")
    not_before: float = 0.0  # Retry-After: nobody asks this host before then
    robots: dict[str, asyncio.Task] = field(default_factory=dict)  # by scheme
    cookies: dict[str, str] = field(default_factory=dict)
    consecutive_blocked: int = 0
    given_up: str = ""
    client: httpx.AsyncClient | None = None
    unverified_client: httpx.AsyncClient | None = None
    tls: str = ""  # how this host's broken certificate is worked around: tls_unverified | https_to_http
    requests_today: int | None = None  # requests sent this UTC day, this run and earlier ones


def _as_http(url: str) -> str:
    return urlsplit(url)._replace(scheme="http").geturl()


def request_key(method: str, url: str, data: dict[str, str] | None = None) -> str:
    """What conditional state is keyed by: a POST's form is part of what was asked."""
    if not data:
        return f"{method} {url}"
    digest = hashlib.sha256(urlencode(sorted(data.items())).encode()).hexdigest()[:16]
    return f"{method} {url} form:{digest}"


def _named(title: str | None) -> str | None:
    """The link text as a file name, when it is one (``…年度报告.pdf``)."""
    if title and media.of_suffix(PurePosixPath(title.strip()).suffix) is not None:
        return title.strip()
    return None


def _conditional(known: KnownContent | None) -> dict[str, str]:
    """Validators of the archived copy, so an unchanged page costs a 304 and no body."""
    headers: dict[str, str] = {}
    if known is not None:
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
    return headers


def _tls_failure(exc: BaseException) -> str | None:
    """``tls_error:<why>`` when a connection failed on the certificate or the handshake."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"{TLS_ERROR}:{seen.verify_message or 'certificate verify failed'}"
        if isinstance(seen, ssl.SSLError):
            return f"{TLS_ERROR}:{seen.reason or type(seen).__name__}"
        seen = seen.__cause__ or seen.__context__
    return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class Fetcher:
    """Shared by every source of a crawl so that pacing holds per host, whoever asks."""

    def __init__(self, settings: FetchSettings, archive: Archive, crawl_id: str, *,
                 on_result: Callable[[Source, str, FetchResult], None] | None = None) -> None:
        self.settings = settings
        self.archive = archive
        self.crawl_id = crawl_id
        self.on_result = on_result
        self._hosts: dict[str, _HostState] = {}
        self._rng = random.Random()
        self._tls = httpx.create_ssl_context()  # built once: loading the CA bundle costs ~40 ms

    def _new_client(self, verify: bool = True) -> httpx.AsyncClient:
        """One small pool per host: requests to a host are serial anyway, and httpcore scans
        its whole pool on every request, which a shared pool of hundreds of connections makes slow."""
        return httpx.AsyncClient(
            verify=self._tls if verify else False,
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=_RefuseCookies()),
            timeout=httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout, pool=None),
            limits=httpx.Limits(max_connections=2, max_keepalive_connections=1),
        )

    async def aclose(self) -> None:
        for state in self._hosts.values():
            for client in (state.client, state.unverified_client):
                if client is not None:
                    await client.aclose()

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def host_state(self, host: str) -> _HostState:
        return self._hosts.setdefault(host, _HostState())

    # --- public ------------------------------------------------------------------------

    async def fetch(self, source: Source, url: str, *, kind: str, method: str = "GET",
                    data: dict[str, str] | None = None, referer: str | None = None,
                    title: str | None = None, date: str | None = None,
                    reuse_unchanged: bool = False) -> FetchResult:
        """Fetch ``url`` for ``source``; never raises for network or server trouble.

        ``reuse_unchanged`` (later list pages whose entry page answered 304): take the
        archived copy instead of asking, so an unchanged portal costs one 304 per column.
        """
        key = request_key(method, url, data)
        known = self.archive.known(key)
        started = time.monotonic()
        if reuse_unchanged and known is not None:
            body = self.archive.read(known.sha256)
            if body is not None:
                result = FetchResult(url, method, SKIPPED_LIST, final_url=url, body=body, sha256=known.sha256,
                                     content_type=known.content_type, filename=known.filename,
                                     media_hint=known.media_hint, change=UNCHANGED)
                return self._finish(source, key, kind, result, None, started, referer, title, date, known)
        blocked_at = self.archive.blocked_since(key)
        if blocked_at is not None:
            age = (datetime.now(timezone.utc) - blocked_at).total_seconds()
            if age < self.settings.blocked_backoff:
                result = FetchResult(url, method, SKIPPED_BLOCKED, reason=f"blocked {int(age)} s ago")
                return self._finish(source, key, kind, result, None, started, referer, title, date, known)
        result, answer = await self._follow(source, url, method, data, _conditional(known), referer,
                                            check_robots=True)
        if answer is not None and result.outcome == "":
            self._judge(result, answer, known, title)
        return self._finish(source, key, kind, result, answer, started, referer, title, date, known)

    # --- redirect chain ----------------------------------------------------------------

    async def _follow(self, source: Source, url: str, method: str, data: dict[str, str] | None,
                      conditional: dict[str, str], referer: str | None,
                      *, check_robots: bool, body_cap: int | None = None) -> tuple[FetchResult, _Answer | None]:
        """Walk redirects by hand: each hop is vetted (host, address, robots) and paced."""
        result = FetchResult(url, method, "")
        current = url
        for _hop in range(self.settings.max_redirects + 2):  # + the HTTPS -> HTTP fallback
            parts = urlsplit(current)
            host = parts.netloc.lower()
            if parts.scheme == "https" and self.host_state(host).tls == HTTPS_TO_HTTP:
                current, parts = _as_http(current), urlsplit(_as_http(current))
                result.tls = HTTPS_TO_HTTP
            if parts.scheme not in ("http", "https") or not parts.hostname:
                result.outcome, result.reason = REFUSED_BAD_URL, current
                return result, None
            if not source.allow_private_addresses and is_private_literal(parts.hostname):
                # Checked before the host list so the record names the graver problem.
                result.outcome, result.reason = REFUSED_PRIVATE_ADDRESS, host
                return result, None
            if host not in source.hosts:
                result.outcome, result.reason = REFUSED_HOST_NOT_ALLOWED, host
                return result, None
            state = self.host_state(host)
            if state.given_up:
                result.outcome, result.reason = state.given_up, host
                return result, None
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                target = await resolve(parts.hostname, port, self.settings,
                                       allow_private=source.allow_private_addresses)
            except AddressRefused as exc:
                result.outcome, result.reason = REFUSED + exc.reason.split(":")[0], f"{host} {exc.reason}"
                return result, None
            if check_robots:
                policy = await self._robots(source, parts.scheme, host, state)
                if not policy.usable:
                    result.outcome, result.reason = policy.state, policy.detail
                    return result, None
                if not policy.allows(current, self.settings.robots_agent):
                    result.outcome, result.reason = ROBOTS_DISALLOWED, parts.path
                    return result, None
            delay = self._delay(source, state, parts.scheme)
            verify = not (parts.scheme == "https" and state.tls == TLS_UNVERIFIED)
            if not verify:  # this host's certificate failed earlier in the crawl
                result.tls = TLS_UNVERIFIED
            answer = await self._with_retries(state, target, current, method, data, conditional, referer, delay,
                                              verify=verify, body_cap=body_cap)
            if answer.error.startswith(TLS_ERROR) and self.settings.tls_fallback:
                if verify:  # expired, self-signed or mismatched: the same URL, unverified
                    state.tls = TLS_UNVERIFIED
                    answer = await self._with_retries(state, target, current, method, data, conditional, referer,
                                                      delay, verify=False, body_cap=body_cap)
                if answer.error.startswith(TLS_ERROR):  # no TLS that works at all: plain HTTP
                    state.tls = HTTPS_TO_HTTP
                    result.tls, result.reason = HTTPS_TO_HTTP, answer.error
                    continue
                result.tls = TLS_UNVERIFIED
            result.final_url = current
            location = answer.header("location")
            if answer.status in _REDIRECTS and location:
                result.redirects.append(current)
                current = urljoin(current, location.strip())
                if answer.status == 303 or (answer.status in (301, 302) and method == "POST"):
                    method, data = "GET", None
                continue
            return result, answer
        result.outcome, result.reason = TOO_MANY_REDIRECTS, " -> ".join(result.redirects[-3:])
        return result, None

    def _delay(self, source: Source, state: _HostState, scheme: str) -> float:
        wanted = source.delay if source.delay is not None else self.settings.default_delay
        delay = max(self.settings.min_delay, wanted)
        task = state.robots.get(scheme)
        if task is not None and task.done():
            crawl_delay = task.result().crawl_delay(self.settings.robots_agent)
            if crawl_delay is not None:
                delay = max(delay, crawl_delay * self.settings.time_scale)
        return delay

    async def _robots(self, source: Source, scheme: str, host: str, state: _HostState) -> RobotsPolicy:
        """robots.txt once per scheme and host per crawl; concurrent callers share the fetch."""
        task = state.robots.get(scheme)
        if task is None:
            task = asyncio.ensure_future(self._fetch_robots(source, f"{scheme}://{host}/robots.txt"))
            state.robots[scheme] = task
        policy = await asyncio.shield(task)
        if policy.state == ROBOTS_FORBIDDEN:
            state.given_up = ROBOTS_FORBIDDEN
        return policy

    async def _fetch_robots(self, source: Source, url: str) -> RobotsPolicy:
        started = time.monotonic()
        key = request_key("GET", url)
        known = self.archive.known(key)
        archived = self.archive.read(known.sha256) if known is not None else None
        if archived is not None and known is not None and self._fresh(known.fetched_at):
            # Fetched (or revalidated) within the cache lifetime by an earlier run: no request.
            # Recorded without a hash, so the copy's age keeps counting from its real fetch.
            result = FetchResult(url, "GET", ROBOTS_CACHED, reason=f"fetched {known.fetched_at:%Y-%m-%d %H:%M} UTC")
            self._finish(source, key, "robots", result, None, started, None, None, None, known)
            return policy_from_answer(200, archived)
        result, answer = await self._follow(source, url, "GET", None, _conditional(known), None, check_robots=False,
                                            body_cap=ROBOTS_MAX_BYTES)
        if answer is None:
            policy = policy_from_answer(None, None, result.outcome)
        elif answer.error:
            policy = policy_from_answer(None, None, answer.error)
        elif answer.status == 304 and archived is not None:
            policy = policy_from_answer(200, archived)
            result.body, result.sha256 = archived, known.sha256
        else:
            policy = policy_from_answer(answer.status, answer.body)
            if answer.status == 200:
                result.body = answer.body
                result.sha256, _ = self.archive.put(answer.body)
        if answer is not None:
            result.status = answer.status
        result.outcome = (NOT_MODIFIED if result.status == 304 else OK) if policy.usable else policy.state
        result.reason = policy.detail
        self._finish(source, key, "robots", result, answer, started, None, None, None, known)
        return policy

    def _fresh(self, fetched_at: datetime) -> bool:
        return (datetime.now(timezone.utc) - fetched_at).total_seconds() < self.settings.robots_cache_ttl

    # --- one URL, retried only when the failure is transient ---------------------------

    async def _with_retries(self, state: _HostState, target: Target, url: str, method: str,
                            data: dict[str, str] | None, conditional: dict[str, str],
                            referer: str | None, delay: float, *, verify: bool = True,
                            body_cap: int | None = None) -> _Answer:
        """Retries of transient failures, within the URL's budget: ``url_budget`` seconds in all
        (slow bodies included) and ``retry_after_total`` seconds of server-declared waits."""
        attempts = 0
        started = time.monotonic()
        declared_waits = 0.0
        while True:
            attempts += 1
            answer = await self._paced_send(state, target, url, method, data, conditional, referer, delay,
                                            verify=verify, body_cap=body_cap)
            answer.attempts = attempts
            # A timeout after the headers is a body dripping in: asking again would only drip again.
            slow_body = answer.error == TIMEOUT and answer.status is not None
            transient = (answer.error in (TIMEOUT, CONNECT_ERROR) and not slow_body) or (
                answer.status is not None and (answer.status >= 500 or answer.status == 429)
                and answer.status != 521  # 加速乐 challenge: blocked, never retried hot
            )
            if not transient or attempts > self.settings.max_retries:
                return answer
            declared = _retry_after(answer.header("retry-after")) if answer.status in (429, 503) else None
            if declared is not None:
                wait = declared * self.settings.time_scale
                declared_waits += wait
                if wait > self.settings.max_retry_after or declared_waits > self.settings.retry_after_total:
                    answer.error = RATE_LIMITED
                    return answer
            else:
                backoff = self.settings.backoff_base * 2 ** (attempts - 1)
                wait = min(self.settings.backoff_max, backoff * (1 + self._rng.random() * 0.5))
            if time.monotonic() - started + wait > self.settings.url_budget:
                return answer  # the last answer stands: this URL has had its time
            if declared is not None:
                state.not_before = max(state.not_before, time.monotonic() + wait)
            else:
                await asyncio.sleep(wait)

    async def _paced_send(self, state: _HostState, target: Target, url: str, method: str,
                          data: dict[str, str] | None, conditional: dict[str, str],
                          referer: str | None, delay: float, *, verify: bool = True,
                          body_cap: int | None = None) -> _Answer:
        async with state.lock:
            if state.requests_today is None:
                state.requests_today = self._requests_today(urlsplit(url).netloc.lower())
            if state.requests_today >= self.settings.host_daily_cap:
                return _Answer(error=DAILY_CAP)
            state.requests_today += 1
            # Spacing runs from the end of the previous request, so the server sees at
            # least ``delay`` between one answer and the next request however slow it is.
            while (wait := max(state.last_done + delay, state.not_before) - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            try:
                return await self._send(state, target, url, method, data, conditional, referer,
                                        verify=verify, body_cap=body_cap)
            finally:
                state.last_done = time.monotonic()

    def _requests_today(self, host: str) -> int:
        """Requests the fetch log holds for ``host`` since 00:00 UTC: earlier runs count against the cap."""
        midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
        [(count,)] = self.archive.query(
            "SELECT coalesce(sum(attempts), 0) FROM fetch_log WHERE fetched_at >= ? "
            "AND lower(regexp_extract(url, '^[a-zA-Z]+://([^/?#]+)', 1)) = ?", [midnight, host])
        return int(count)

    async def _send(self, state: _HostState, target: Target, url: str, method: str,
                    data: dict[str, str] | None, conditional: dict[str, str], referer: str | None,
                    *, verify: bool = True, body_cap: int | None = None) -> _Answer:
        parts = urlsplit(url)
        headers = {
            "Host": parts.netloc,
            "User-Agent": self.settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9",
            "Accept-Encoding": "gzip, deflate",
            **conditional,
        }
        if referer:
            headers["Referer"] = referer
        if state.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in state.cookies.items())
        # Connect to the vetted address; the Host header and SNI still name the portal.
        connect_url = httpx.URL(url).copy_with(host=target.ip, port=target.port)
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        if verify and state.client is None:
            state.client = self._new_client()
        if not verify and state.unverified_client is None:
            state.unverified_client = self._new_client(verify=False)
        client = state.client if verify else state.unverified_client
        # A bare Request: the client has no defaults worth merging and merging costs per request.
        request = httpx.Request(method, connect_url, headers=headers, data=data, extensions=extensions)
        answer = _Answer()
        try:
            async with asyncio.timeout(self.settings.request_budget):
                response = await client.send(request, stream=True)
                try:
                    answer.status, answer.headers = response.status_code, response.headers
                    self._keep_cookies(state, response.headers)
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > self.settings.max_bytes:
                        raise TooLarge(f"Content-Length {declared}")
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if body_cap is not None and size >= body_cap:  # what is past the cap is ignored
                            chunks.append(chunk[: len(chunk) - (size - body_cap)])
                            break
                        if size > self.settings.max_bytes:
                            raise TooLarge(f"body over {self.settings.max_bytes} bytes")
                        chunks.append(chunk)
                finally:
                    await response.aclose()
            answer.body, answer.gunzipped = gunzip_sniffed(
                b"".join(chunks), response.headers.get("content-encoding"), self.settings.max_bytes)
        except (TimeoutError, httpx.TimeoutException):
            answer.error = TIMEOUT
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            answer.error = _tls_failure(exc) or CONNECT_ERROR
        except TooLarge:
            answer.error = TOO_LARGE
        except httpx.HTTPError as exc:
            answer.error = f"{TRANSPORT_ERROR}:{type(exc).__name__}"
        return answer

    @staticmethod
    def _keep_cookies(state: _HostState, headers: httpx.Headers) -> None:
        """Per-host jar: the 302-to-self WAFs (openresty CT6T) need their cookie replayed."""
        for raw in headers.get_list("set-cookie"):
            jar = SimpleCookie()
            try:
                jar.load(raw)
            except CookieError:
                continue
            for name, morsel in jar.items():
                state.cookies[name] = morsel.value

    # --- judging and recording ---------------------------------------------------------

    def _judge(self, result: FetchResult, answer: _Answer, known: KnownContent | None, title: str | None) -> None:
        """Outcome, body and names of a final answer (after retries and redirects)."""
        result.status = answer.status
        if answer.error:
            prefix_only = answer.error.startswith((TRANSPORT_ERROR, TLS_ERROR))
            result.outcome = answer.error.split(":")[0] if prefix_only else answer.error
            result.reason = answer.error if answer.status is None else f"{answer.error} after {answer.status}"
            return
        content_type = answer.header("content-type")
        result.content_type = content_type
        state = self.host_state(urlsplit(result.final_url or result.url).netloc.lower())
        if answer.status == 304:
            body = self.archive.read(known.sha256) if known is not None else None
            if body is None:
                result.outcome, result.reason = HTTP_ERROR, "304 without an archived copy"
                return
            # A 304 names no file and often no type: the archived copy's stand.
            result.outcome, result.body, result.sha256, result.change = NOT_MODIFIED, body, known.sha256, UNCHANGED
            result.content_type = content_type or known.content_type
            result.filename, result.media_hint = known.filename, known.media_hint
            state.consecutive_blocked = 0
            return
        verdict = classify_answer(answer.status, content_type, answer.body)
        if verdict is not None:
            result.outcome, result.reason = verdict, f"HTTP {answer.status}"
            if verdict.startswith(BLOCKED):
                state.consecutive_blocked += 1
                if state.consecutive_blocked >= self.settings.blocked_host_after:
                    state.given_up = HOST_BLOCKED
            return
        if not 200 <= answer.status < 300:
            result.outcome, result.reason = HTTP_ERROR, str(answer.status)
            return
        state.consecutive_blocked = 0
        result.body = answer.body
        result.sha256, _ = self.archive.put(answer.body)
        result.outcome = OK
        result.change = NEW if known is None else UNCHANGED if known.sha256 == result.sha256 else UPDATED
        if answer.gunzipped:
            result.reason = "gzip sniffed"
        result.filename = (filename_from_disposition(answer.raw_header("content-disposition"))
                           or _named(title) or filename_from_url(result.final_url or result.url))
        result.media_hint = media_hint(content_type, result.filename, result.final_url or result.url)

    def _finish(self, source: Source, key: str, kind: str, result: FetchResult, answer: _Answer | None,
                started: float, referer: str | None, title: str | None, date: str | None,
                known: KnownContent | None) -> FetchResult:
        headers = {}
        if answer is not None and answer.headers is not None:
            headers = {k: answer.headers[k] for k in _KEPT_HEADERS if k in answer.headers}
        if result.outcome == SKIPPED_LIST and known is not None:
            etag, last_modified = known.etag, known.last_modified
        else:
            etag, last_modified = headers.get("etag"), headers.get("last-modified")
            if result.outcome == NOT_MODIFIED and known is not None:
                etag, last_modified = etag or known.etag, last_modified or known.last_modified
        self.archive.record(FetchRecord(
            crawl_id=self.crawl_id, source=source.name, url=result.url, request_key=key, method=result.method,
            final_url=result.final_url, status=result.status, outcome=result.outcome,
            reason="; ".join(r for r in (result.tls, result.reason) if r),
            sha256=result.sha256,
            size=len(result.body) if result.body is not None else None,
            bytes_downloaded=len(answer.body) if answer is not None else 0,
            duration_ms=(time.monotonic() - started) * 1000, attempts=answer.attempts if answer else 0,
            content_type=result.content_type, filename=result.filename, media_hint=result.media_hint,
            etag=etag, last_modified=last_modified, headers=as_json(headers),
            redirects=as_json(result.redirects) if result.redirects else "[]",
            referer=referer, link_kind=kind, list_title=title, list_date=date,
        ))
        if self.on_result is not None:
            self.on_result(source, kind, result)
        return result
