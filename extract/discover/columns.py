"""From a portal's home (or any page below it) to its 年报 columns, and their rows.

Breadth-first over same-source pages: outside a 年报 column only links named like the
政府信息公开 landing or a 年报 column are followed; inside one, its sub-columns (部门,
乡镇街道, year folders) are too — any non-article link under the column's folder.  Each
column page is walked by the family its markup shows (research §6.1–6.2).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from gknb.extract.discover import generic, gkmlpt, govcn, hanweb, trs
from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.detect import detect_family
from gknb.extract.discover.links import DISTRACTOR, Link, anchors, classify_title, looks_like_article

_WALKERS = {"hanweb": hanweb.walk, "trs": trs.walk, "govcn": govcn.walk, "gkmlpt": gkmlpt.walk, "generic": generic.walk}
_COLUMN_NAME = re.compile(r"年报|年度报告")
_LANDING_NAME = re.compile(r"^(?:政府)?信息公开$|^政务公开$|^政府信息公开(?:专栏|目录|平台)$|^法定主动公开内容$")
_COLUMN_SLUG = re.compile(r"/(?:zfxxgknb|xxgknb|gknb|zfxxgkndbg|xxgknbgs|ndbg)(?:/|$)", re.IGNORECASE)
_COLUMN_META = re.compile(r"<meta[^>]+name=[\"']?Column(?:Name|Type)[\"']?[^>]+content=[\"']([^\"']*)", re.IGNORECASE)
_PAGER_PAGE = re.compile(r"(?:^|/)(?:index|list|\w+list)_\d+\.\w+$|dataproxy\.jsp|/gkmlpt/api/", re.IGNORECASE)
MAX_COLUMNS = 40
MAX_DEPTH = 4


@dataclass
class Discovery:
    rows: list[Link] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (url, family) of every column walked


def _column_prefix(url: str) -> str:
    path = urlsplit(url).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def is_report_column(url: str, text: str) -> bool:
    """A 年报 column by its ColumnName/ColumnType meta or its folder slug."""
    metas = " ".join(_COLUMN_META.findall(text[:8192]))
    return bool(_COLUMN_NAME.search(metas) and "解读" not in metas) or bool(_COLUMN_SLUG.search(urlsplit(url).path))


def _is_column_link(link: Link) -> bool:
    title = link.title.replace(" ", "")
    if looks_like_article(link.url) or link.date is not None or _PAGER_PAGE.search(urlsplit(link.url).path):
        return False
    return bool(_COLUMN_NAME.search(title)) and classify_title(title)[0] != DISTRACTOR


def _is_landing_link(link: Link) -> bool:
    return bool(_LANDING_NAME.search(link.title.replace(" ", "")))


def _sub_column_links(page: ListPage, prefixes: list[str]) -> list[Link]:
    """Links under a 年报 column's folder that are neither rows nor pager pages."""
    out = []
    for link in anchors(page.text, page.url):
        path = urlsplit(link.url).path
        if (any(path.startswith(p) and path != p for p in prefixes) and link.date is None
                and not looks_like_article(link.url) and not _PAGER_PAGE.search(path)
                and classify_title(link.title)[0] != DISTRACTOR):
            out.append(link)
    return out


async def discover(w: ListWalker, start_url: str, family_hint: str = "auto") -> Discovery:
    result = Discovery()
    hosts = w.source.hosts
    first = gkmlpt.index_url(start_url) if family_hint == "gkmlpt" and "/gkmlpt/" not in start_url else start_url
    queue: deque[tuple[str, int, bool, str | None]] = deque([(first, 0, False, None)])
    queued = {first}
    column_prefixes: list[str] = []
    while queue and len(result.columns) < MAX_COLUMNS:
        url, depth, in_column, referer = queue.popleft()
        page = await w.get(url, referer=referer)
        if page is None:
            continue
        family = detect_family(page.url, page.text)
        in_column = in_column or family == "gkmlpt" or is_report_column(page.url, page.text)
        if in_column:
            result.columns.append((page.url, family))
            column_prefixes.append(_column_prefix(page.url))
            result.rows.extend(await _WALKERS[family](w, page, w.max_pages))
        if family == "gkmlpt" or depth >= MAX_DEPTH:
            continue
        candidates: list[tuple[Link, bool]] = [
            (link, True) for link in anchors(page.text, page.url) if _is_column_link(link)
        ]
        if in_column:
            candidates += [(link, True) for link in _sub_column_links(page, column_prefixes)]
        else:
            candidates += [(link, False) for link in anchors(page.text, page.url) if _is_landing_link(link)]
        for link, into_column in candidates:
            if link.url in queued or urlsplit(link.url).netloc.lower() not in hosts:
                continue
            queued.add(link.url)
            queue.append((link.url, depth + 1, into_column, page.url))
    return result
