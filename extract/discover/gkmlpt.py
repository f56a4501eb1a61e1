"""Guangdong 政府信息公开目录管理平台 (gkmlpt): a JSON API behind ``/gkmlpt/index``.

``window._CONFIG`` on the index page names the site (SID) and its category TREE; each
年报 category is listed by ``/gkmlpt/api/all/{id}?page=N&sid=SID`` (descendants
included), ten or so articles a page until ``classify.post_count`` is reached.  Some sites
put everything on page 1 and answer 404 for page 2 (research §2.3): that is the end, not
an error worth reporting.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from gknb.extract.discover.context import ListPage, ListWalker
from gknb.extract.discover.links import Link, clean, find_date

_SID = re.compile(r"\bSID\s*:\s*['\"]?(\w+)")
_TREE = re.compile(r"\bTREE\s*:\s*\[")
_CATEGORY = re.compile(r"年报|年度报告")
INDEX_PATH = "/gkmlpt/index"


def is_gkmlpt(url: str, text: str) -> bool:
    return "/gkmlpt/" in urlsplit(url).path or ("_CONFIG" in text and bool(_SID.search(text)) and "TREE" in text)


def index_url(url: str) -> str:
    return urljoin(url, INDEX_PATH)


def balanced_json(text: str, start: int) -> str | None:
    """The JSON value opening at ``text[start]`` (``[`` or ``{``), brackets inside strings ignored."""
    depth, in_string, escape = 0, False, False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    return None


def report_categories(text: str) -> list[tuple[int, str]]:
    """Top-most TREE nodes named like a 年报 column (their API listing includes descendants)."""
    m = _TREE.search(text)
    raw = balanced_json(text, m.end() - 1) if m else None
    if raw is None:
        return []
    try:
        tree = json.loads(raw)
    except json.JSONDecodeError:
        return []
    found: list[tuple[int, str]] = []

    def visit(nodes: list) -> None:
        for node in nodes:
            if not isinstance(node, dict):
                continue
            name = str(node.get("name", ""))
            if _CATEGORY.search(name) and "解读" not in name and node.get("id") is not None:
                found.append((int(node["id"]), name))
            else:
                visit(node.get("children") or [])

    visit(tree)
    return found


def _date(article: dict) -> str | None:
    for key in ("created_at", "display_publish_time", "date"):
        value = article.get(key)
        if isinstance(value, (int, float)) and value > 0:
            return datetime.fromtimestamp(value, timezone.utc).date().isoformat()
        if isinstance(value, str) and (found := find_date(value)):
            return found
    return None


def article_link(article: dict, base_url: str, referer: str) -> Link | None:
    url = article.get("url") or article.get("post_url")
    if not url:
        return None
    link = Link(url=urljoin(base_url, url), title=clean(article.get("title")), date=_date(article), referer=referer)
    for att in article.get("attachment") or []:
        if isinstance(att, dict) and att.get("url"):
            link.attachments.append(Link(url=urljoin(base_url, att["url"]), title=clean(att.get("name")),
                                         date=link.date, referer=link.url))
    return link


async def walk(w: ListWalker, entry: ListPage, max_pages: int) -> list[Link]:
    sid = _SID.search(entry.text)
    if sid is None:
        return []
    rows: list[Link] = []
    seen: set[str] = set()
    for cat_id, _name in report_categories(entry.text):
        post_count: int | None = None
        collected = 0
        for page_no in range(1, max_pages + 1):
            url = urljoin(entry.url, f"/gkmlpt/api/all/{cat_id}?page={page_no}&sid={sid.group(1)}")
            page = await w.get(url, referer=entry.url, reuse=entry.unchanged, missing_ok=page_no >= 2)
            if page is None:
                break  # includes the page>=2 404 of single-page sites
            try:
                data = json.loads(page.text)
            except json.JSONDecodeError:
                break
            classify = data.get("classify") or {}
            post_count = classify.get("post_count", post_count)
            articles = data.get("articles") or []
            if not articles:
                break
            for article in articles:
                link = article_link(article, entry.url, url)
                if link is not None and link.url not in seen:
                    seen.add(link.url)
                    rows.append(link)
            collected += len(articles)
            if post_count is not None and collected >= post_count:
                break
    return rows
