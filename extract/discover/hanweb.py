"""大汉 Hanweb JCMS list pages: inline ``<datastore>`` rows, then ``dataproxy.jsp``.

Page 1's rows hide in ``<script type="text/xml">`` CDATA; later rows come from the proxy,
either by GET ``page=N`` (the ``<nextgroup>`` link) or by POST ``startrecord/endrecord``
with the jpage ``ajaxParam`` form.  Walking stops at ``totalrecord``, at an empty
recordset or at a page that adds nothing new (research §2.1).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from itertools import count
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.links import Link, anchors

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[\s*<a[^>]*href\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_TOTAL_XML = re.compile(r"<totalrecord>\s*(\d+)", re.IGNORECASE)
_TOTAL_JS = re.compile(r"totalRecord\s*:\s*['\"]?(\d+)")
_PROXY = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)")
_PER_PAGE = re.compile(r"perPage\s*:\s*['\"]?(\d+)")
_GROUP = re.compile(r"groupSize\s*:\s*['\"]?(\d+)")
_AJAX = re.compile(r"ajaxParam\s*:\s*\{([^}]*)\}")
_PAIR = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([^,\s}]+))")


def is_hanweb(text: str) -> bool:
    return "<datastore" in text or "dataproxy.jsp" in text


def records(text: str, base_url: str) -> list[Link]:
    """The rows inside ``<record>`` CDATA blocks (inline or from the proxy)."""
    rows: list[Link] = []
    for block in _RECORD.findall(text):
        rows.extend(anchors(block, base_url))
    return rows


def total_records(text: str) -> int | None:
    m = _TOTAL_XML.search(text) or _TOTAL_JS.search(text)
    return int(m.group(1)) if m else None


def ajax_form(text: str) -> dict[str, str] | None:
    m = _AJAX.search(text)
    if not m:
        return None
    return {key: next((v for v in values if v), "") for key, *values in _PAIR.findall(m.group(1))}


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return parts._replace(query=urlencode([("page", str(page)), *query])).geturl()


class _Rows:
    def __init__(self, first: list[Link]) -> None:
        self.rows: list[Link] = []
        self.seen: set[str] = set()
        self.add(first)

    def add(self, rows: list[Link]) -> int:
        added = 0
        for row in rows:
            if row.url not in self.seen:
                self.seen.add(row.url)
                self.rows.append(row)
                added += 1
        return added


async def walk(w: ListWalker, entry: ListPage, max_pages: int) -> list[Link]:
    found = _Rows(records(entry.text, entry.url))
    requests = _page_requests(entry, len(found.rows))
    total = total_records(entry.text)
    pages = 1
    for request in requests:
        if (total is not None and len(found.rows) >= total) or pages >= max_pages:
            break
        page = await w.get(referer=entry.url, reuse=entry.unchanged, **request)
        pages += 1
        if page is None:
            break
        total = total_records(page.text) or total
        if not found.add(records(page.text, entry.url)):
            break
    return found.rows


def _page_requests(entry: ListPage, first_page_rows: int) -> Iterator[dict[str, Any]]:
    """The later list pages of a column: GET ``page=N`` after a ``<nextgroup>`` link, else POSTs
    of ``startrecord``..``endrecord`` chunks to the dataproxy the page's jpage settings name."""
    nextgroup = _NEXTGROUP.search(entry.text)
    if nextgroup:
        url = urljoin(entry.url, html.unescape(nextgroup.group(1)))
        page_no = int(dict(parse_qsl(urlsplit(url).query)).get("page", "1") or 1)
        for n in count(page_no):
            yield {"url": _with_page(url, n)}
        return
    proxy, form = _PROXY.search(entry.text), ajax_form(entry.text)
    if proxy is None or form is None:
        return
    per_page = int(m.group(1)) if (m := _PER_PAGE.search(entry.text)) else 15
    group = int(m.group(1)) if (m := _GROUP.search(entry.text)) else 3
    chunk = per_page * group
    proxy_url = urljoin(entry.url, proxy.group(1))
    for start in count(first_page_rows + 1, chunk):
        query = urlencode({"startrecord": start, "endrecord": start + chunk - 1, "perpage": per_page})
        yield {"url": f"{proxy_url}?{query}", "method": "POST", "data": form}
