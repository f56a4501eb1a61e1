"""Every outcome the crawler records in the fetch log, declared once.

The fetcher writes them (``extract/http/fetcher.py``, ``extract/http/classify.py``), the archive
remembers blocked requests by them, the crawl counts a source's answers by them
(``extract/crawl.py``), the night's verdict and the source-health history judge sources by them
(``flows/verdict.py``, ``flows/health.py``).  An outcome that is a problem declares its issue level,
so a crawl's problems are issues in the code they were recorded with (the fetch log's
``crawl_issues`` view, ``load/health_log.py``), counted in the run report beside the parse's.  The fetch log is the crawler's own DuckDB file, not
the warehouse, so ``codes_fetch_outcomes`` (``model/codes.py``) documents its ``outcome`` values
(and the ``change`` and TLS notes) rather than holding a foreign key to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from gknb.model.issues import ERROR, INFO, WARNING, Level

# Families: a code is the family's prefix and what happened (``refused:private_address``).
BLOCKED = "blocked:"
REFUSED = "refused:"

OK = "ok"
NOT_MODIFIED = "not_modified"
SKIPPED_LIST = "skipped:list_unchanged"
SKIPPED_BLOCKED = "skipped:blocked_recently"
ROBOTS_CACHED = "skipped:robots_cached"
BLOCKED_CHALLENGE = BLOCKED + "js_challenge"
BLOCKED_FORBIDDEN = BLOCKED + "forbidden"
SOFT_404 = "soft_404"
TIMEOUT = "timeout"
CONNECT_ERROR = "connect_error"
TRANSPORT_ERROR = "transport_error"
TOO_LARGE = "too_large"
HTTP_ERROR = "http_error"
TOO_MANY_REDIRECTS = "too_many_redirects"
RATE_LIMITED = "deferred:rate_limited"
DAILY_CAP = "deferred:daily_cap"
TLS_ERROR = "tls_error"
REFUSED_BAD_URL = REFUSED + "bad_url"
REFUSED_HOST_NOT_ALLOWED = REFUSED + "host_not_allowed"
REFUSED_PRIVATE_ADDRESS = REFUSED + "private_address"
REFUSED_UNMAPPED_HOST = REFUSED + "unmapped_host"
REFUSED_DNS_ERROR = REFUSED + "dns_error"
ROBOTS_DISALLOWED = "robots_disallowed"
ROBOTS_FORBIDDEN = "robots_forbidden"
ROBOTS_UNAVAILABLE = "robots_unavailable"
HOST_BLOCKED = "host_blocked"

# What became of the content a fetch brought (``FetchResult.change``): a source's crawl counts
# them, and source_health_log keeps the counts (its new, updated and unchanged columns).
NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"

# How a host with a broken certificate was fetched (said in the fetch log's ``reason``).
TLS_UNVERIFIED = "tls_unverified"
HTTPS_TO_HTTP = "https_to_http"


@dataclass(frozen=True)
class FetchOutcome:
    """One value the crawler records.  ``held_in``: where (the fetch log's ``outcome``, its
    ``reason`` for the TLS notes, source_health_log's counts for a change); ``content``: the answer's body is the URL's content (new, or
    the archived copy); ``blocked``: the portal (or its robots.txt) turned the crawler away, which
    counts against a source as blocked, not failed; ``source_status``: a source whose list pages gave
    nothing, the first of them ending so, is given it as its status (any other failure makes it
    ``unreachable``), and the night's verdict counts such a source as blocked; ``level``: the issue a
    fetch ending so is (None: not a problem) — ``error``: the URL was not fetched (the portal turned
    the crawler away or failed, or the crawl refused the URL); ``warning``: not fetched by a rule
    (robots.txt, a recent block), left for a later run (rate limit, daily cap), or a listed link
    that leads nowhere (soft 404); ``info``: fetched, less safely (the TLS notes)."""

    code: str
    label_zh: str
    meaning: str
    held_in: str = "fetch_log.outcome"
    content: bool = False
    blocked: bool = False
    source_status: bool = False
    level: Level | None = None


_COUNTED = "source_health_log (counted per source)"
OUTCOMES: tuple[FetchOutcome, ...] = (
    FetchOutcome(OK, "成功", "the answer's body was archived", content=True),
    FetchOutcome(NOT_MODIFIED, "未修改", "304: the archived copy stands", content=True),
    FetchOutcome(SKIPPED_LIST, "列表未变", "no request: the list's entry page was unchanged, the archived copy stands",
                 content=True),
    FetchOutcome(SKIPPED_BLOCKED, "近期被拦截", "no request: the portal blocked this request recently", blocked=True, level=WARNING),
    FetchOutcome(ROBOTS_CACHED, "沿用 robots.txt", "no request: robots.txt fetched recently is reused"),
    FetchOutcome(BLOCKED_CHALLENGE, "反爬验证", "the answer was an anti-bot JavaScript challenge", blocked=True, level=ERROR),
    FetchOutcome(BLOCKED_FORBIDDEN, "拒绝访问", "the portal answered 403 or a block page", blocked=True, level=ERROR),
    FetchOutcome(SOFT_404, "软 404", "a 200 answer saying the page does not exist", level=WARNING),
    FetchOutcome(TIMEOUT, "超时", "no whole answer within the time allowed", level=ERROR),
    FetchOutcome(CONNECT_ERROR, "连接失败", "the host could not be connected to", level=ERROR),
    FetchOutcome(TRANSPORT_ERROR, "传输错误", "the connection broke (the reason names the error)", level=ERROR),
    FetchOutcome(TOO_LARGE, "过大", "the body exceeded the size limit", level=ERROR),
    FetchOutcome(HTTP_ERROR, "HTTP 错误", "an HTTP error status (the reason holds it)", level=ERROR),
    FetchOutcome(TOO_MANY_REDIRECTS, "重定向过多", "the redirect chain exceeded the limit", level=ERROR),
    FetchOutcome(RATE_LIMITED, "限流推迟", "the portal asked to wait (Retry-After) longer than allowed: left for a later run", level=WARNING),
    FetchOutcome(DAILY_CAP, "达到日上限", "the host's requests for the day are spent", level=WARNING),
    FetchOutcome(TLS_ERROR, "证书错误", "the certificate was refused and no fallback worked", level=ERROR),
    FetchOutcome(REFUSED_BAD_URL, "地址无效", "not fetched: the URL cannot be requested", level=ERROR),
    FetchOutcome(REFUSED_HOST_NOT_ALLOWED, "主机不在范围", "not fetched: the host is not the source's", level=ERROR),
    FetchOutcome(REFUSED_PRIVATE_ADDRESS, "内网地址", "not fetched: the host resolves to a private address", level=ERROR),
    FetchOutcome(REFUSED_UNMAPPED_HOST, "主机未映射", "not fetched: the host has no address in the host map", level=ERROR),
    FetchOutcome(REFUSED_DNS_ERROR, "域名解析失败", "not fetched: the host name did not resolve", level=ERROR),
    FetchOutcome(ROBOTS_DISALLOWED, "robots 禁止", "not fetched: robots.txt disallows the path", source_status=True, level=WARNING),
    FetchOutcome(ROBOTS_FORBIDDEN, "robots 拒绝", "robots.txt answered 401/403: the host is not crawled",
                 blocked=True, source_status=True, level=ERROR),
    FetchOutcome(ROBOTS_UNAVAILABLE, "robots 不可用", "robots.txt gave no usable answer (none, 429, 5xx, any other non-200, non-4xx status): the host is not crawled",
                 blocked=True, source_status=True, level=ERROR),
    FetchOutcome(HOST_BLOCKED, "主机已拦截", "not fetched: the host blocked too many requests this run",
                 blocked=True, source_status=True, level=ERROR),
    FetchOutcome(NEW, "新增", "content not archived for this URL before", held_in=_COUNTED),
    FetchOutcome(UPDATED, "已更新", "content that differs from the URL's archived copy", held_in=_COUNTED),
    FetchOutcome(UNCHANGED, "未变", "the URL's archived content again", held_in=_COUNTED),
    FetchOutcome(TLS_UNVERIFIED, "未验证证书", "fetched over TLS without verifying the host's broken certificate",
                 held_in="fetch_log.reason", level=INFO),
    FetchOutcome(HTTPS_TO_HTTP, "降级 HTTP", "fetched over plain HTTP: no TLS to the host worked", held_in="fetch_log.reason", level=INFO),
)
CONTENT_OUTCOMES = tuple(o.code for o in OUTCOMES if o.content)
BLOCKED_OUTCOMES = tuple(o.code for o in OUTCOMES if o.blocked)
SOURCE_STATUSES = tuple(o.code for o in OUTCOMES if o.source_status)
ISSUE_OUTCOMES = tuple(o for o in OUTCOMES if o.level)
