"""Crawl one portal (``crawl_source``) or many at once (``crawl_sources``) into the archive.

Per source: discover the 年报 columns and their rows, decide what each row is (report,
distractor, duplicate repost, other), then fetch every report page and the attachments
it links.  Bodies go to the content-addressed archive and every fetch to the fetch log;
the result counts what a human wants to see after a run: reports found, new, updated,
unchanged, blocked, failed, and why.

Each source is bounded (``FetchSettings``): ``page_budget`` list pages, ``link_budget``
report links and a ``source_deadline`` that slow bodies count against; a source cut short
says so in ``stopped`` and its reports left unfetched in ``not_fetched``.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from gknb.extract.archive import Archive, LinkRecord
from gknb.extract.decode import decode_html
from gknb.extract.discover.attachments import find_attachments
from gknb.extract.discover.columns import discover
from gknb.extract.discover.context import DEADLINE, ListWalker, before_deadline, off_loop
from gknb.extract.discover.links import DUPLICATE, REPORT, Link, classify_title, dedupe_key, is_attachment, too_deep
from gknb.extract.http.fetcher import Fetcher, FetchResult
from gknb.extract.http.settings import FetchSettings
from gknb.extract.sources import Source
from gknb.model import fetch
from gknb.model.fetch import BLOCKED_OUTCOMES as _BLOCKED
from gknb.model.fetch import SOURCE_STATUSES as _HOST_STATES
from gknb.model.media import PAGES as _PAGES  # report answers that may link attachments

ProgressCallback = Callable[[Source, str, FetchResult], None]


@dataclass
class CrawlResult:
    source: str
    host: str
    # ok | robots_forbidden | robots_unavailable | robots_disallowed | host_blocked | unreachable | error
    status: str = "ok"
    columns: int = 0
    list_pages: int = 0
    reports_found: int = 0
    new: int = 0  # reports whose page or an attachment was seen for the first time
    updated: int = 0  # a known URL now serves different bytes: archived as a new version
    unchanged: int = 0
    blocked: int = 0
    failed: int = 0
    attachments: int = 0
    distractors: int = 0
    duplicates: int = 0
    stopped: str = ""  # page_budget | link_budget | deadline: the crawl of this source was cut short
    not_fetched: int = 0  # reports found but left for the next run by a budget
    reasons: dict[str, int] = field(default_factory=dict)  # outcome -> count, for blocked and failed fetches
    failures: list[dict[str, str]] = field(default_factory=list)  # url, kind, outcome, reason
    error: str = ""  # why the crawl of this source raised (status "error"): a bug, or a network failure retries did not cure


def failed_crawl(source: Source, reason: str) -> CrawlResult:
    """The result of a source whose crawl raised, however the caller ran it (in-process, a Prefect task):
    one portal down or one bug tripped by its markup must not cost the other portals their crawl."""
    return CrawlResult(source=source.name, host=source.host, status="error", error=reason,
                       failures=[{"url": source.url, "kind": "crawl", "outcome": "error", "reason": reason}])


def new_crawl_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def is_blocked(outcome: str) -> bool:
    return outcome.startswith(_BLOCKED)


def classify_rows(rows: list[Link]) -> list[Link]:
    """Each row once by URL, with its kind; a report title seen before is a duplicate repost."""
    by_url: dict[str, Link] = {}
    titles: dict[str, str] = {}
    for row in rows:
        if row.url in by_url:
            continue
        by_url[row.url] = row
        row.kind, row.reason = classify_title(row.title)
        if row.kind == REPORT:
            key = dedupe_key(row.title)
            if key in titles:
                row.kind, row.reason = DUPLICATE, f"same title as {titles[key]}"
            else:
                titles[key] = row.url
    return list(by_url.values())


class _Tally:
    """Folds fetch results into a CrawlResult."""

    def __init__(self, result: CrawlResult) -> None:
        self.result = result
        self.reasons: Counter[str] = Counter()

    def failure(self, fetched: FetchResult, kind: str) -> None:
        self.reasons[fetched.outcome] += 1
        self.result.failures.append({"url": fetched.url, "kind": kind, "outcome": fetched.outcome,
                                     "reason": fetched.reason})

    def report(self, page: FetchResult, attachments: list[FetchResult]) -> None:
        r = self.result
        if not page.ok:
            if is_blocked(page.outcome):
                r.blocked += 1
            else:
                r.failed += 1
            return
        changes = {page.change, *(a.change for a in attachments if a.ok)}
        if fetch.NEW in changes:
            r.new += 1
        elif fetch.UPDATED in changes:
            r.updated += 1
        else:
            r.unchanged += 1

    def close(self) -> CrawlResult:
        self.result.reasons = dict(self.reasons.most_common())
        return self.result


def _attachments_of(page: FetchResult, row: Link) -> list[Link]:
    text, _encoding = decode_html(page.body or b"", page.content_type)
    if too_deep(text):  # archived as fetched; its readers have their own limits
        return []
    return find_attachments(page.final_url or row.url, text, row.date)


async def _fetch_report(fetcher: Fetcher, source: Source, row: Link, tally: _Tally) -> None:
    page = await fetcher.fetch(source, row.url, kind="report", referer=row.referer, title=row.title, date=row.date)
    fetched_attachments: list[FetchResult] = []
    if not page.ok:
        tally.failure(page, "report")
    elif page.body is not None and page.media_hint in _PAGES and not is_attachment(page.final_url or row.url):
        links = {a.url: a for a in row.attachments}
        for found in await off_loop(_attachments_of, page, row):
            links.setdefault(found.url, found)
        for att in links.values():
            got = await fetcher.fetch(source, att.url, kind="attachment", referer=row.url, title=att.title,
                                      date=row.date)
            tally.result.attachments += 1
            if not got.ok:
                tally.failure(got, "attachment")
            fetched_attachments.append(got)
    tally.report(page, fetched_attachments)


async def crawl_source(source: Source, archive: Archive, settings: FetchSettings, *,
                       fetcher: Fetcher | None = None, crawl_id: str | None = None,
                       max_pages: int | None = None, on_result: ProgressCallback | None = None) -> CrawlResult:
    """Crawl one source.  Pass a shared ``fetcher`` when several sources may share a host."""
    if fetcher is None:
        async with Fetcher(settings, archive, crawl_id or new_crawl_id(), on_result=on_result) as own:
            result = await crawl_source(source, archive, settings, fetcher=own, max_pages=max_pages)
        archive.flush()
        return result
    result = CrawlResult(source=source.name, host=source.host)
    tally = _Tally(result)
    deadline = time.monotonic() + settings.source_deadline
    pages = max_pages or source.max_pages or settings.list_page_limit
    walker = ListWalker(fetcher, source, max_pages=min(pages, settings.list_page_limit),
                        page_budget=settings.page_budget, deadline=deadline)
    found = await discover(walker, source.url, source.family)
    result.columns, result.list_pages, result.stopped = len(found.columns), walker.pages, walker.stopped
    for failed in walker.failures:
        tally.failure(failed, "list")
    if not found.columns and walker.failures:
        first = walker.failures[0].outcome
        result.status = first if first in _HOST_STATES else "unreachable"
    rows = classify_rows(found.rows)
    archive.record_links([
        LinkRecord(crawl_id=fetcher.crawl_id, source=source.name, url=r.url, kind=r.kind, reason=r.reason,
                   title=r.title, date=r.date, referer=r.referer) for r in rows
    ])
    reports = [r for r in rows if r.kind == REPORT]
    result.reports_found = len(reports)
    result.distractors = sum(r.kind == "distractor" for r in rows)
    result.duplicates = sum(r.kind == DUPLICATE for r in rows)
    if len(reports) > settings.link_budget:
        result.stopped = result.stopped or "link_budget"
    for done, row in enumerate(reports[: settings.link_budget]):
        try:
            if time.monotonic() >= deadline:
                raise TimeoutError
            await before_deadline(deadline, _fetch_report(fetcher, source, row, tally))
        except TimeoutError:
            result.stopped = DEADLINE
            result.not_fetched = len(reports) - done
            break
    else:
        result.not_fetched = max(0, len(reports) - settings.link_budget)
    if fetcher.host_state(source.host).given_up == fetch.HOST_BLOCKED:
        result.status = fetch.HOST_BLOCKED
    return tally.close()


async def crawl_sources(sources: list[Source], archive: Archive, settings: FetchSettings, *,
                        max_pages: int | None = None, on_result: ProgressCallback | None = None,
                        crawl_id: str | None = None) -> list[CrawlResult]:
    """All sources concurrently over one fetcher: hosts run in parallel, each paced on its own."""
    async with Fetcher(settings, archive, crawl_id or new_crawl_id(), on_result=on_result) as fetcher:
        results = await asyncio.gather(
            *(crawl_source(s, archive, settings, fetcher=fetcher, max_pages=max_pages) for s in sources),
            return_exceptions=True,
        )
    archive.flush()
    out: list[CrawlResult] = []
    for source, res in zip(sources, results):
        if isinstance(res, BaseException):
            if not isinstance(res, Exception):
                raise res
            res = failed_crawl(source, f"{type(res).__name__}: {res}")
        out.append(res)
    return out
