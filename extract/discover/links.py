"""List rows and the title rules that decide what a link is.

A list row keeps the title and date it was listed with: the ``title`` attribute beats
anchor text, which portals truncate with "…" or pad with the date.  Titles decide the
kind: a report, a distractor that sits beside reports in 年报 columns (research §4.1),
or something else; duplicates (the same report reposted in a second column) are decided
per crawl by ``dedupe_key``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gknb.model import media

REPORT = "report"
DISTRACTOR = "distractor"
DUPLICATE = "duplicate"
OTHER = "other"

_REPORT_TITLE = re.compile(r"(?:政府|政务)?信息公开(?:工作)?(?:年度)?(?:报告|年报)|公开年报|信息公开年度报告")
# Checked before the report pattern: several of these contain "年度报告" themselves.
_DISTRACTORS = (
    ("website_annual_form", re.compile(r"网站(?:工作)?年度报表|网站年报|网站工作年度报告")),
    ("interpretation", re.compile(r"解读")),
    ("housing_fund_report", re.compile(r"住房公积金")),
    ("format_notice", re.compile(r"年度报告格式|国办公开办函")),
    ("compilation_notice", re.compile(r"关于.*(?:年度报告|年报).*(?:通知|函)|(?:编制|报送|发布)工作的通知")),
    ("publication_status", re.compile(r"公布情况|发布情况|公开情况的?通报")),
    ("rule_of_law_report", re.compile(r"法治政府建设")),
    ("work_plan", re.compile(r"工作要点|实施方案")),
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_TRS_FILE = re.compile(r"/[PW]0\d{8}\d+\.\w+$")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_ROW_TAGS = ("li", "tr", "dd", "dl", "p")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_XML_SCRIPT = re.compile(r"<script[^>]*type\s*=\s*[\"']?text/xml[\"']?[^>]*>(.*?)</script\s*>",
                         re.IGNORECASE | re.DOTALL)


@dataclass(slots=True)
class Link:
    url: str
    title: str
    date: str | None = None  # ISO date shown in the list row
    referer: str | None = None  # the list page it was found on
    kind: str = ""
    reason: str = ""
    attachments: list["Link"] = field(default_factory=list)  # known from the list itself (gkmlpt JSON)


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def dedupe_key(title: str) -> str:
    """Title with spacing, punctuation variants and ellipses removed: equal for reposts."""
    t = _SPACE.sub("", title)
    return t.replace("…", "").replace("...", "").replace("（", "(").replace("）", ")").replace("《", "").replace("》", "")


def classify_title(title: str) -> tuple[str, str]:
    """(kind, reason): ``report``, ``distractor`` with its kind, or ``other``."""
    t = _SPACE.sub("", title)
    for reason, pattern in _DISTRACTORS:
        if pattern.search(t):
            return DISTRACTOR, reason
    if _REPORT_TITLE.search(t):
        return REPORT, ""
    return OTHER, "title is not a report title"


def find_date(text: str) -> str | None:
    """The last date in a row (dates wrap across lines: ``2024-\\n01-\\n22``); 索引号 runs are skipped."""
    found = _DATE.findall(text)
    for year, month, day in reversed(found):
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def is_attachment(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    if PurePosixPath(path).suffix in media.ATTACHMENT_SUFFIXES:
        return True
    return "downfile.jsp" in path or "/attachment/" in path or bool(_TRS_FILE.search(parts.path))


def unwrap_inline_xml(html: str) -> str:
    """Expose Hanweb's ``<script type="text/xml"><datastore>…<![CDATA[<li>…]]>`` rows to an HTML parser."""
    html = _XML_SCRIPT.sub(lambda m: f"<div class=\"gknb-datastore\">{m.group(1)}</div>", html)
    return _CDATA.sub(lambda m: m.group(1), html)


MAX_NESTING = 2000  # real list pages nest a few dozen levels; lexbor builds deep trees in quadratic time
_TAG_EVENT = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
# Void elements never nest; these close themselves when a sibling opens, so they never nest deep either.
_FLAT_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr "
                       "li p td th tr dt dd option tbody thead tfoot colgroup".split())


def too_deep(html: str, limit: int = MAX_NESTING) -> bool:
    """True when elements nest deeper than ``limit``: one linear scan, before any parser sees the page
    (100,000 nested ``div``s cost lexbor minutes)."""
    depth = 0
    for m in _TAG_EVENT.finditer(html):
        closing, tag, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _FLAT_TAGS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > limit:
            return True
    return False


def resolve_href(base_url: str, href: str | None) -> str | None:
    """Absolute http(s) URL for an href, None for scripts, anchors and mail links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base_url, href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return parts._replace(fragment="").geturl()


def _row_of(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    for _ in range(4):
        if parent is None:
            return None
        if parent.tag in _ROW_TAGS:
            return parent
        parent = parent.parent
    return None


def anchor_title(node: LexborNode) -> str:
    """The ``title`` attribute when present (anchor text is often truncated), else the text."""
    attr = clean(node.attributes.get("title"))
    text = clean(node.text(deep=True))
    if attr and (not text or len(attr) >= len(text.rstrip("…. "))):
        return attr
    return text or attr


def anchors(html: str, base_url: str, *, selector: str = "a[href]") -> list[Link]:
    """Every link in ``html`` (after unwrapping inline XML rows) with its row's date."""
    tree = LexborHTMLParser(unwrap_inline_xml(html))
    out: list[Link] = []
    for node in tree.css(selector):
        url = resolve_href(base_url, node.attributes.get("href"))
        if url is None:
            continue
        row = _row_of(node)
        date = find_date(row.text(deep=True)) if row is not None else None
        out.append(Link(url=url, title=anchor_title(node), date=date, referer=base_url))
    return out


_ARTICLE = re.compile(
    r"/t\d{8}_\d+|/art_\d+_\d+|/art_[0-9a-f]{16,}|/post_\d+|/content_\d+|/c\d+/content|/\d{12,}\.s?html?$"
    r"|/doc_[0-9a-f]+|/info/\d+/\d+|/[0-9a-f]{32}\.s?html?$"
)


def looks_like_article(url: str) -> bool:
    return bool(_ARTICLE.search(urlsplit(url).path)) or is_attachment(url)


def list_rows(html: str, base_url: str, *, selector: str = "a[href]") -> list[Link]:
    """The rows of a list page: links that carry a date or point at an article or a file.

    Navigation (首页, 政府信息公开指南, pagers) has neither and is left out.
    """
    return [link for link in anchors(html, base_url, selector=selector)
            if link.date is not None or looks_like_article(link.url)]
