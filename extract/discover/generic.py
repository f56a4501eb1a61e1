"""Any other list page: take the dated rows and follow 下一页 until it stops adding rows."""

from __future__ import annotations

from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.links import Link, anchors, list_rows

_NEXT = ("下一页", "下页", "后页", "next")


def next_page(page: ListPage, visited: set[str]) -> str | None:
    for link in anchors(page.text, page.url):
        if link.title.strip().lower().strip("<>» ›") in _NEXT and link.url not in visited:
            return link.url
    return None


async def walk(w: ListWalker, entry: ListPage, max_pages: int) -> list[Link]:
    rows = list_rows(entry.text, entry.url)
    seen = {r.url for r in rows}
    visited = {entry.url}
    page = entry
    for _ in range(max_pages - 1):
        url = next_page(page, visited)
        if url is None:
            break
        visited.add(url)
        got = await w.get(url, referer=entry.url, reuse=entry.unchanged)
        if got is None:
            break
        new = [r for r in list_rows(got.text, url) if r.url not in seen]
        if not new:
            break
        seen.update(r.url for r in new)
        rows.extend(new)
        page = got
    return rows
