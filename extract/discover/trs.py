"""TRS WCM list pages: ``index.html`` then ``index_N.html`` as ``createPageHTML`` says.

Two pagers coexist and number pages differently (research §2.2):
``createPageHTML(countPage, currentPage, "index", "html")`` is 0-based (page 2 is
``index_1.html``); ``createPageHTML('page_div', total, current, 'index', 'shtml', records)``
is 1-based (page 2 is ``index_2.shtml``).  Deep pages can be 300-byte stubs, so walking
also stops at the first page that adds no new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.links import Link, list_rows

_PAGER4 = re.compile(r"createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']\s*\)")
_PAGER6 = re.compile(
    r"createPageHTML\(\s*[\"'][^\"']*[\"']\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']\s*,\s*(\d+)\s*\)"
)


@dataclass(frozen=True)
class Pager:
    count: int
    zero_based: bool
    prefix: str
    ext: str

    def later_pages(self, entry_url: str) -> list[str]:
        numbers = range(1, self.count) if self.zero_based else range(2, self.count + 1)
        return [urljoin(entry_url, f"{self.prefix}_{n}.{self.ext}") for n in numbers]


def is_trs(text: str) -> bool:
    return "createPageHTML" in text


def _number(text: str, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    m = re.search(rf"var\s+{re.escape(token)}\s*=\s*(\d+)", text)
    return int(m.group(1)) if m else None


def pager(text: str) -> Pager | None:
    m = _PAGER6.search(text)
    if m:
        return Pager(int(m.group(1)), False, m.group(3), m.group(4))
    m = _PAGER4.search(text)
    if m:
        count = _number(text, m.group(1))
        if count is not None:
            return Pager(count, True, m.group(3), m.group(4))
    return None


async def walk(w: ListWalker, entry: ListPage, max_pages: int, *, selector: str = "a[href]") -> list[Link]:
    rows = list_rows(entry.text, entry.url, selector=selector)
    seen = {r.url for r in rows}
    found = pager(entry.text)
    if found is None:
        return rows
    for url in found.later_pages(entry.url)[: max(0, max_pages - 1)]:
        page = await w.get(url, referer=entry.url, reuse=entry.unchanged)
        if page is None:
            break
        new = [r for r in list_rows(page.text, url, selector=selector) if r.url not in seen]
        if not new:
            break  # a stub or a repeat: the real end, whatever the pager claimed
        seen.update(r.url for r in new)
        rows.extend(new)
    return rows
