"""What a response body is: its filename, whether it is a sniffed gzip, its media-type hint."""

from __future__ import annotations

import re
import zlib
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, unquote_to_bytes, urlsplit

_RFC5987 = re.compile(rb"filename\*\s*=\s*([A-Za-z0-9_\-]+)'[^']*'([^;\s]+)", re.IGNORECASE)
_PLAIN = re.compile(rb'filename\s*=\s*(?:"([^"]*)"|([^;]+))', re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"

MEDIA_BY_EXT = {
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps", ".xls": "xls", ".xlsx": "xlsx",
    ".rtf": "rtf", ".ofd": "ofd", ".zip": "zip", ".html": "html", ".htm": "html", ".shtml": "html",
    ".jsp": "html", ".txt": "text", ".png": "image", ".jpg": "image", ".jpeg": "image",
}
_MEDIA_BY_TYPE = (
    ("application/pdf", "pdf"), ("wordprocessingml", "docx"), ("application/msword", "doc"),
    ("application/vnd.ms-works", "wps"), ("spreadsheetml", "xlsx"), ("application/vnd.ms-excel", "xls"),
    ("text/html", "html"), ("application/xhtml", "html"), ("text/plain", "text"), ("application/json", "json"),
    ("xml", "xml"), ("image/", "image"),
)


class TooLarge(Exception):
    pass


def _decode_name(raw: bytes) -> str:
    """Raw header bytes: UTF-8 if they are, else GBK (GB18030) as many gov servers send."""
    if b"%" in raw:
        raw = unquote_to_bytes(raw)
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def filename_from_disposition(raw_header: bytes | None) -> str | None:
    """File name from Content-Disposition: RFC 5987 ``filename*`` first, then ``filename``.

    Takes the header's raw bytes: httpx would decode them as Latin-1, mangling the raw
    GBK names some portals send.
    """
    if not raw_header:
        return None
    m = _RFC5987.search(raw_header)
    if m:
        charset = m.group(1).decode("ascii").lower()
        try:
            return unquote_to_bytes(m.group(2)).decode(charset).strip() or None
        except (LookupError, UnicodeDecodeError):
            return _decode_name(m.group(2)).strip() or None
    m = _PLAIN.search(raw_header)
    if m:
        name = _decode_name((m.group(1) if m.group(1) is not None else m.group(2)).strip())
        return PurePosixPath(name.replace("\\", "/")).name or None
    return None


def filename_from_url(url: str) -> str | None:
    """A name from the URL: Hanweb ``downfile.jsp?showname=`` or the last path segment."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for key in ("showname", "filename", "fileName", "name"):
        if query.get(key):
            return PurePosixPath(query[key][0]).name or None
    name = PurePosixPath(unquote(parts.path)).name
    return name or None


def media_hint(content_type: str | None, filename: str | None, url: str) -> str:
    """pdf | docx | doc | wps | xls | html | … from the file name, else the header, else the URL."""
    for candidate in (filename, filename_from_url(url)):
        # A file name says what a file is; page names (.html, .jsp) say less than the header.
        media = MEDIA_BY_EXT.get(PurePosixPath(candidate.lower()).suffix) if candidate else None
        if media not in (None, "html"):
            return media
    ct = (content_type or "").lower()
    for needle, media in _MEDIA_BY_TYPE:
        if needle in ct:
            return media
    ext = PurePosixPath(urlsplit(url).path.lower()).suffix
    return MEDIA_BY_EXT.get(ext, "html" if not ext else "unknown")


def gunzip_sniffed(body: bytes, content_encoding: str | None, max_bytes: int) -> tuple[bytes, bool]:
    """Inflate a gzip body the server sent without saying so; (body, was_sniffed).

    Some gov servers (CNIPA) gzip everything even with no Accept-Encoding; httpx only
    inflates what Content-Encoding announces.  Bounded so a gzip bomb cannot fill memory.
    """
    if content_encoding or not body.startswith(_GZIP_MAGIC):
        return body, False
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        return body, False
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise TooLarge(f"gzip body inflates beyond {max_bytes} bytes")
    return out, True
