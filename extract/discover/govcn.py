"""gov.cn-style 政府信息公开平台 lists: rows in ``.overview_right``, TRS pager (research §2.4)."""

from __future__ import annotations

from gknb.extract.discover import trs
from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.links import Link

CONTAINER = ".overview_right"


def is_govcn(text: str) -> bool:
    return "overview_right" in text


async def walk(w: ListWalker, entry: ListPage, max_pages: int) -> list[Link]:
    """Only the list container's rows: these pages carry a sidebar of unrelated dated links."""
    return await trs.walk(w, entry, max_pages, selector=f"{CONTAINER} a[href]")
