"""Crawler-wide knobs, one frozen object passed everywhere (and to Prefect tasks later)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

USER_AGENT = "gknb/0.1 (+https://github.com/gknb/gknb; open data research)"
ROBOTS_AGENT = "gknb"  # the product token robots.txt groups are matched against


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    # Politeness: seconds between the end of one request and the start of the next to
    # the same host.  ``min_delay`` is the floor no source or Crawl-delay may go below.
    min_delay: float = 2.0
    default_delay: float = 2.0
    connect_timeout: float = 10.0
    read_timeout: float = 45.0  # gov servers take 20-45 s to answer (research §3.5)
    request_budget: float = 90.0  # whole request incl. body: aborts trickling bodies
    max_bytes: int = 64 * 2**20
    max_retries: int = 3  # transient failures only: timeouts, 5xx, 429, refused connections
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After defers the URL to the next crawl
    retry_after_total: float = 300.0  # Retry-After waits summed over one URL's retries: beyond, deferred
    url_budget: float = 180.0  # one URL, every retry and slow body included: then it is given up
    max_redirects: int = 5
    blocked_host_after: int = 5  # consecutive challenge answers before the host is given up
    blocked_backoff: float = 7 * 86400.0  # a blocked URL is not asked again within this window
    # Server-declared durations (Retry-After, Crawl-delay) are multiplied by this; the
    # simulator scales its own clocks the same way so tests run in seconds.  1.0 for real portals.
    time_scale: float = 1.0
    # Static name -> "ip:port" resolution, how tests and the demo point invented portal
    # names at the simulator.  Mapped names are trusted (the operator wrote them); every
    # other name or IP literal must resolve to a public address unless the source allows it.
    host_map: Mapping[str, str] = field(default_factory=dict)
    resolve_dns: bool = True  # False: names outside host_map are refused without a lookup
    list_page_limit: int = 200  # hard stop for any pager, whatever it claims
    # Per-source budgets: a hostile or broken portal (endless landing pages, 10,000 report
    # links, bodies that drip a byte a second) costs at most this much, and the rest of its
    # crawl is recorded as cut short rather than run for hours.
    page_budget: int = 400  # list and landing pages per source, all columns together
    link_budget: int = 3000  # report links fetched per source (each with its attachments)
    source_deadline: float = 3 * 3600.0  # seconds per source, slow bodies and waits included
    host_daily_cap: int = 5000  # requests per host per UTC day, across runs (counted in the fetch log)
    robots_cache_ttl: float = 86400.0  # RFC 9309 §2.4: a robots.txt may be reused for up to 24 h
    # Portals with expired or mismatched certificates: retry unverified, then over plain HTTP;
    # every such fetch says so in the fetch log (reason ``tls_unverified`` / ``https_to_http``).
    tls_fallback: bool = True

    def with_overrides(self, **changes: object) -> "FetchSettings":
        return replace(self, **changes)
