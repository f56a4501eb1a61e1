"""What every family walker shares: fetching and decoding list pages for one source, within its budget.

A source's walk is bounded twice, whatever its pagers or landing pages claim: ``page_budget``
list pages in all, and a ``deadline`` (monotonic seconds) that also cuts a body dripping in
mid-request.  Once either is spent, ``get`` answers None without asking and ``stopped`` says
why, so every walker ends as it would at the end of a list.  Decoding and parsing run on a
worker thread (``off_loop``): a huge or deeply nested page must not stall the other sources'
crawls sharing this event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from gknb.extract.decode import decode_html
from gknb.extract.discover.links import MAX_NESTING, too_deep
from gknb.extract.http.fetcher import Fetcher, FetchResult
from gknb.extract.sources import Source
from gknb.model.fetch import NOT_MODIFIED, SKIPPED_LIST

T = TypeVar("T")
PAGE_BUDGET = "page_budget"
DEADLINE = "deadline"


async def off_loop(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run CPU-bound parsing on a worker thread so the event loop keeps serving other sources."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def before_deadline(deadline: float, awaitable):  # noqa: ANN001, ANN201 - any awaitable, its result
    """``awaitable``'s result, or TimeoutError once the monotonic ``deadline`` passes (mid-body too)."""
    if deadline == float("inf"):
        return await awaitable
    async with asyncio.timeout_at(asyncio.get_running_loop().time() + max(0.0, deadline - time.monotonic())):
        return await awaitable


@dataclass(slots=True)
class ListPage:
    url: str
    text: str
    result: FetchResult

    @property
    def unchanged(self) -> bool:
        """Unchanged since the last crawl: later pages of this list may be taken from the archive."""
        return self.result.outcome in (NOT_MODIFIED, SKIPPED_LIST)


@dataclass
class ListWalker:
    fetcher: Fetcher
    source: Source
    max_pages: int  # list pages per column, entry page included
    page_budget: int = 10**9  # list and landing pages for the whole source
    deadline: float = float("inf")  # time.monotonic() by which the source's crawl must end
    pages: int = 0
    failures: list[FetchResult] = field(default_factory=list)
    stopped: str = ""  # page_budget | deadline, once a budget is spent

    def spent(self) -> bool:
        if not self.stopped and self.pages >= self.page_budget:
            self.stopped = PAGE_BUDGET
        if not self.stopped and time.monotonic() >= self.deadline:
            self.stopped = DEADLINE
        return bool(self.stopped)

    async def get(self, url: str, *, referer: str | None = None, method: str = "GET",
                  data: dict[str, str] | None = None, reuse: bool = False,
                  missing_ok: bool = False) -> ListPage | None:
        """A decoded list page, or None (the failure is kept for the crawl summary).

        ``missing_ok``: a 404 is the list's normal end here (gkmlpt single-page sites), not a failure.
        """
        if self.spent():
            return None
        self.pages += 1
        try:
            result = await before_deadline(self.deadline, self.fetcher.fetch(
                self.source, url, kind="list", method=method, data=data, referer=referer, reuse_unchanged=reuse))
        except TimeoutError:
            self.stopped = DEADLINE
            return None
        if not result.ok or result.body is None:
            if not (missing_ok and result.status == 404):
                self.failures.append(result)
            return None
        text, deep = await off_loop(_decode_checked, result.body, result.content_type)
        if deep:  # a page built to stall the parser: refused, recorded, the walk goes on
            self.failures.append(replace(result, outcome="refused:too_deep",
                                         reason=f"elements nest deeper than {MAX_NESTING}"))
            return None
        return ListPage(url=url, text=text, result=result)


def _decode_checked(body: bytes, content_type: str | None) -> tuple[str, bool]:
    text, _encoding = decode_html(body, content_type)
    return text, too_deep(text)
