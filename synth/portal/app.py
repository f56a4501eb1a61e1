"""One ASGI app for every simulated portal, routed by the Host header.

A host the simulator does not know gets 421 Misdirected Request (and a log line): it
fails closed, so a crawler bug cannot make a test look successful by reaching something
else.  Every request is logged with a monotonic arrival time so tests can measure the
crawler's politeness from the server's side.  ``__control__.sim`` serves the log and the
manifest to a test or a demo running the simulator in another process.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import asdict, dataclass
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urlsplit

from gknb.synth.portal.http import SimRequest, SimResponse, http_date
from gknb.synth.portal.sites.base import Site

CONTROL_HOST = "__control__.sim"
_LOGGED_HEADERS = ("user-agent", "if-none-match", "if-modified-since", "cookie", "referer", "content-type")


@dataclass(slots=True)
class LogEntry:
    ts: float  # time.monotonic() when the request arrived
    host: str
    method: str
    path: str
    query: str
    status: int
    bytes: int
    duration: float
    headers: dict[str, str]

    @property
    def target(self) -> str:
        return self.path + ("?" + self.query if self.query else "")


def by_host(log: list[LogEntry]) -> dict[str, list[LogEntry]]:
    """A request log per host, in arrival order: what politeness is measured on."""
    hosts: dict[str, list[LogEntry]] = {}
    for entry in sorted(log, key=lambda e: e.ts):
        hosts.setdefault(entry.host, []).append(entry)
    return hosts


class PortalApp:
    def __init__(self, sites: list[Site], *, time_scale: float = 1.0,
                 manifest: Callable[[], dict] | None = None, aliases: dict[str, str] | None = None) -> None:
        self.sites = {s.host: s for s in sites}
        for alias, host in (aliases or {}).items():
            self.sites[alias] = self.sites[host]
        self.time_scale = time_scale
        self._manifest = manifest or dict
        self._log: list[LogEntry] = []
        self._lock = threading.Lock()

    def manifest(self) -> dict:
        """Ground truth as of now (revisions included)."""
        return self._manifest()

    # --- the request log -------------------------------------------------------------

    @property
    def log(self) -> list[LogEntry]:
        with self._lock:
            return list(self._log)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def _append(self, entry: LogEntry) -> None:
        with self._lock:
            self._log.append(entry)

    # --- ASGI --------------------------------------------------------------------------

    async def __call__(self, scope: dict, receive, send) -> None:  # noqa: ANN001 - ASGI callables
        if scope["type"] != "http":  # served with lifespan="off": only HTTP arrives
            return
        arrived = time.monotonic()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "").lower()
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = SimRequest(host=host.rsplit(":", 1)[0] if not host.startswith("[") else host,
                             method=scope["method"], path=scope["path"],
                             raw_query=scope.get("query_string", b"").decode("latin-1"), headers=headers, body=body,
                             server_port=(scope.get("server") or ("", 0))[1])
        if request.host == CONTROL_HOST:
            response = self._control(request)
        else:
            site = self.sites.get(host) or self.sites.get(request.host)
            if site is None:
                response = SimResponse(status=421, body=b"unknown host", headers=[("Content-Type", "text/plain")])
            else:
                response = self._conditional(request, await site.handle(request))
        entry = LogEntry(ts=arrived, host=request.host, method=request.method, path=request.path,
                         query=request.raw_query, status=response.status, bytes=0, duration=0.0,
                         headers={k: v for k, v in headers.items() if k in _LOGGED_HEADERS})
        logged = False

        def log(sent: int) -> None:
            # Called before the last body bytes leave, so a client that has its answer
            # always finds the request in the log.
            nonlocal logged
            if request.host != CONTROL_HOST and not logged:
                entry.bytes, entry.duration, logged = sent, time.monotonic() - arrived, True
                self._append(entry)

        try:
            await self._send(send, response, log)
        finally:
            log(entry.bytes)  # an answer cut short (the client gave up) is logged too

    def _conditional(self, request: SimRequest, response: SimResponse) -> SimResponse:
        if not response.cacheable or response.status != 200 or request.method not in ("GET", "HEAD"):
            return response
        etag = response.etag()
        validators = [("ETag", etag)]
        if response.last_modified is not None:
            validators.append(("Last-Modified", http_date(response.last_modified)))
        inm = request.headers.get("if-none-match")
        ims = request.headers.get("if-modified-since")
        unchanged = False
        if inm is not None:
            unchanged = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims and response.last_modified is not None:
            try:
                unchanged = parsedate_to_datetime(ims) >= response.last_modified.replace(microsecond=0)
            except (TypeError, ValueError):
                unchanged = False
        headers = [h for h in response.headers if h[0].lower() not in ("etag", "last-modified")] + validators
        if unchanged:
            return SimResponse(status=304, headers=[h for h in headers if h[0].lower() != "content-type"])
        return SimResponse(status=200, body=response.body, headers=headers, delay=response.delay,
                           trickle_interval=response.trickle_interval)

    async def _send(self, send, response: SimResponse, log: Callable[[int], None]) -> None:  # noqa: ANN001
        if response.delay:
            await asyncio.sleep(response.delay * self.time_scale)
        headers = [(k.encode("latin-1"), v.encode("latin-1") if isinstance(v, str) else v)
                   for k, v in response.headers]
        if not response.trickle_interval:
            headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        if not response.trickle_interval:
            log(len(response.body))
            await send({"type": "http.response.body", "body": response.body})
            return
        for i in range(len(response.body)):
            await send({"type": "http.response.body", "body": response.body[i:i + 1], "more_body": True})
            await asyncio.sleep(response.trickle_interval * self.time_scale)
        log(len(response.body))
        await send({"type": "http.response.body", "body": b""})

    # --- control host --------------------------------------------------------------------

    def _control(self, request: SimRequest) -> SimResponse:
        if request.path == "/log":
            body = json.dumps([asdict(e) for e in self.log], ensure_ascii=False).encode()
        elif request.path == "/manifest":
            body = json.dumps(self.manifest(), ensure_ascii=False).encode()
        elif request.path == "/reset":
            self.reset_log()
            body = b"{}"
        elif request.path == "/mutate":
            url = request.query.get("url", "")
            body = json.dumps({"changed": self.mutate(url)}).encode()
        else:
            return SimResponse(status=404, body=b"{}", headers=[("Content-Type", "application/json")])
        return SimResponse(status=200, body=body, headers=[("Content-Type", "application/json")])

    def mutate(self, url: str) -> bool:
        """Publish a new revision of the page or file at ``url``; False if no site serves it."""
        parts = urlsplit(url)
        site = self.sites.get(parts.netloc.lower()) or self.sites.get((parts.hostname or "").lower())
        return site.mutate(parts.path + ("?" + parts.query if parts.query else "")) if site else False
