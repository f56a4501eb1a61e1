"""Attachments of a report page: file links in the body, or gkmlpt's ``DETAIL`` JSON.

Only links that are files (.pdf .doc .docx .wps .xls…, ``downfile.jsp``, ``/attachment/``,
TRS ``P0….pdf``) count; 解读 pages and navigation are not attachments.  Table images
(``W0….png``) are left out: they are not documents the parser reads.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from gknb.extract.discover.gkmlpt import balanced_json
from gknb.extract.discover.links import Link, anchors, clean, is_attachment

_DETAIL = re.compile(r"\bDETAIL\s*:\s*\{")
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|bmp)$", re.IGNORECASE)


def _detail_json(text: str) -> dict | None:
    m = _DETAIL.search(text)
    if not m:
        return None
    raw = balanced_json(text, m.end() - 1)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def find_attachments(page_url: str, text: str, date: str | None = None) -> list[Link]:
    """File links of a report page, in page order, each URL once."""
    found: list[Link] = []
    seen: set[str] = set()

    def add(link: Link) -> None:
        if link.url not in seen and is_attachment(link.url) and not _IMAGE.search(link.url):
            seen.add(link.url)
            link.date, link.referer = date, page_url
            found.append(link)

    detail = _detail_json(text)
    if detail is not None:
        for att in detail.get("attachment") or []:
            if isinstance(att, dict) and att.get("url"):
                add(Link(url=urljoin(page_url, att["url"]), title=clean(att.get("name"))))
        content = detail.get("content")
        if isinstance(content, str):
            for link in anchors(content, page_url):
                add(link)
    for link in anchors(text, page_url):
        add(link)
    return found
