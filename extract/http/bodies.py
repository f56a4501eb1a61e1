"""What a response body is: its filename, whether it is a sniffed gzip, its media-type hint."""

from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, unquote_to_bytes, urlsplit

from gknb.model import media

_RFC5987 = re.compile(rb"filename\*\s*=\s*([A-Za-z0-9_\-]+)'[^']*'([^;\s]+)", re.IGNORECASE)
_PLAIN = re.compile(rb'filename\s*=\s*(?:"([^"]*)"|([^;]+))', re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"

MAX_NAME_CHARS = 200  # file systems cap names at 255 bytes; CJK names take 3 bytes a character


class TooLarge(Exception):
    pass


def safe_filename(name: str | None) -> str | None:
    """A server-supplied name made safe to store and print: last path segment only (no ``../``),
    no NUL or control characters (no terminal escapes), no leading dots, bounded length."""
    if not name:
        return None
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in name)
    base = PurePosixPath(cleaned.replace("\\", "/")).name.strip().lstrip(".").strip()
    if len(base) > MAX_NAME_CHARS:
        suffix = PurePosixPath(base).suffix[:16]
        base = base[: MAX_NAME_CHARS - len(suffix)] + suffix
    return base or None


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
            return safe_filename(unquote_to_bytes(m.group(2)).decode(charset))
        except (LookupError, UnicodeDecodeError):
            return safe_filename(_decode_name(m.group(2)))
    m = _PLAIN.search(raw_header)
    if m:
        return safe_filename(_decode_name((m.group(1) if m.group(1) is not None else m.group(2)).strip()))
    return None


def filename_from_url(url: str) -> str | None:
    """A name from the URL: Hanweb ``downfile.jsp?showname=`` or the last path segment."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    for key in ("showname", "filename", "fileName", "name"):
        if query.get(key):
            return safe_filename(query[key][0])
    return safe_filename(PurePosixPath(unquote(parts.path)).name)


def media_hint(content_type: str | None, filename: str | None, url: str) -> str:
    """A ``gknb.model.media`` key (pdf, docx, wps, html, …) from the file name, else the header, else the URL."""
    for candidate in (filename, filename_from_url(url)):
        # A file name says what a file is; page names (.html, .jsp) say less than the header.
        named = media.of_suffix(PurePosixPath(candidate).suffix) if candidate else None
        if named is not None and named.key != media.HTML:
            return named.key
    declared = media.of_content_type(content_type)
    if declared is not None:
        return declared.key
    ext = PurePosixPath(urlsplit(url).path.lower()).suffix
    named = media.of_suffix(ext)
    return named.key if named else media.HTML if not ext else media.UNKNOWN


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
