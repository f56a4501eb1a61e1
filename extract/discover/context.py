"""What every family walker shares: fetching and decoding list pages for one source."""

from __future__ import annotations

from dataclasses import dataclass, field

from gknb.extract.decode import decode_html
from gknb.extract.http.fetcher import NOT_MODIFIED, SKIPPED_LIST, Fetcher, FetchResult
from gknb.extract.sources import Source


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
    pages: int = 0
    failures: list[FetchResult] = field(default_factory=list)

    async def get(self, url: str, *, referer: str | None = None, method: str = "GET",
                  data: dict[str, str] | None = None, reuse: bool = False,
                  missing_ok: bool = False) -> ListPage | None:
        """A decoded list page, or None (the failure is kept for the crawl summary).

        ``missing_ok``: a 404 is the list's normal end here (gkmlpt single-page sites), not a failure.
        """
        result = await self.fetcher.fetch(self.source, url, kind="list", method=method, data=data,
                                          referer=referer, reuse_unchanged=reuse)
        self.pages += 1
        if not result.ok or result.body is None:
            if not (missing_ok and result.status == 404):
                self.failures.append(result)
            return None
        text, _encoding = decode_html(result.body, result.content_type)
        return ListPage(url=url, text=text, result=result)
