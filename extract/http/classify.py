"""Recognise answers that are not content: anti-bot challenges and soft 404s.

Gov WAFs (瑞数 412 with ``$_ts``, 加速乐 521 with ``__jsl_clearance``, Alibaba
``acw_sc__v2``) often answer 200 with a script that sets a cookie and reloads.  Such a
body must never reach the parser, and must not be retried hot.  The checks work on raw
bytes (the fetcher decodes nothing): each phrase is searched in its UTF-8 and GB18030
spellings.
"""

from __future__ import annotations

import re

from gknb.model.fetch import BLOCKED_CHALLENGE, BLOCKED_FORBIDDEN, SOFT_404


_CHALLENGE_MARKERS = (b"$_ts", b"__jsl_clearance", b"_jsl_clearance", b"acw_sc__v2", b"__jsluid")
_JS_PHRASES = ("please enable javascript", "enable javascript", "访问异常", "安全验证")
_NOT_FOUND_PHRASES = ("页面不存在", "找不到您访问的页面", "您访问的页面不存在", "非法请求", "页面未找到", "404 not found")
_SMALL_PAGE = 2048  # soft 404 and JS-only pages are short; real report pages are not
_TEXTUAL = ("text/", "application/xhtml", "application/xml", "application/json", "application/javascript")
_SCRIPT = re.compile(rb"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(rb"<[^>]*>")
_SPACE = re.compile(rb"(?:\s|&nbsp;)+")


def _spellings(phrases: tuple[str, ...]) -> tuple[bytes, ...]:
    out: list[bytes] = []
    for p in phrases:
        for enc in ("utf-8", "gb18030"):
            b = p.encode(enc)
            if b not in out:
                out.append(b)
    return tuple(out)


_JS_BYTES = _spellings(_JS_PHRASES)
_NOT_FOUND_BYTES = _spellings(_NOT_FOUND_PHRASES)


def looks_textual(content_type: str | None, body: bytes) -> bool:
    """HTML/XML/JSON/text by header, or markup-looking bytes when the header says nothing useful."""
    ct = (content_type or "").lower()
    if any(ct.startswith(t) for t in _TEXTUAL):
        return True
    head = body[:64].lstrip().lower()
    return (not ct or ct.startswith("application/octet-stream")) and head.startswith((b"<", b"{"))


def visible_text_size(body: bytes) -> int:
    """Bytes of text left once scripts and tags are removed: a JS-only page has next to none."""
    stripped = _TAG.sub(b" ", _SCRIPT.sub(b" ", body))
    return len(_SPACE.sub(b"", stripped))


def classify_answer(status: int, content_type: str | None, body: bytes) -> str | None:
    """``blocked:…`` or ``soft_404`` when the answer is not content, else None."""
    if status in (412, 521):
        return BLOCKED_CHALLENGE
    if status == 403:
        return BLOCKED_FORBIDDEN
    if status != 200 or not looks_textual(content_type, body):
        return None
    head = body[:4096]
    lowered = head.lower()
    if any(m in head for m in _CHALLENGE_MARKERS):
        return BLOCKED_CHALLENGE
    small = len(body) < _SMALL_PAGE
    if small and any(p in lowered for p in _JS_BYTES):
        return BLOCKED_CHALLENGE
    if small and b"document.cookie" in lowered and visible_text_size(body) < 64:
        return BLOCKED_CHALLENGE
    if small and any(p in lowered for p in _NOT_FOUND_BYTES):
        return SOFT_404
    return None
