"""Bytes to text, deciding the encoding ourselves.

httpx assumes UTF-8 when a response names no charset and selectolax parses bytes as
UTF-8, so neither can be trusted with a GBK page.  Order: byte-order mark, the HTTP
header's charset, a ``<meta>`` charset in the first bytes, then detection.  GB2312 and
GBK labels are read as GB18030, their superset, so characters such as 喆 survive; undeclared
double-byte text is read as GB18030 or Big5 by which of the two reads as Chinese.  A
declared encoding that does not decode the bytes is overruled, with a warning.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from gknb.model.issues import CHARSET_OVERRULED, Issue

_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "euc-cn", "cp936", "ms936", "gb18030"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def normalise_encoding(label: str | None) -> str | None:
    """Python codec name for an encoding label, GB family mapped to gb18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return normalise_encoding(m.group(1)) if m else None


def charset_from_meta(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return normalise_encoding(m.group(1).decode("ascii", "ignore")) if m else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# Characters frequent in every report, written the same in Simplified and Traditional: the
# right decoding of a page is full of them, a wrong double-byte decoding almost never.
_COMMON = "的年月日人政府信息公本中在和有工作情法行不予其他一二三四五六"


def _common_score(text: str) -> int:
    sample = text[:6000]
    return sum(sample.count(ch) for ch in _COMMON)


def _detect(data: bytes) -> tuple[str, str]:
    """UTF-8 if it decodes; else GB18030 or Big5, whichever reads as Chinese (GB18030 decodes
    almost any bytes, Big5 mirrors of Traditional sites included); else the detector's guess."""
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    gb = _strict(data, "gb18030")
    if gb is not None:
        big5 = _strict(data, "big5hkscs")
        if big5 is not None and _common_score(big5) > _common_score(gb):
            return big5, "big5hkscs"
        return gb, "gb18030"
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        enc = normalise_encoding(best.encoding) or best.encoding
        return data.decode(enc, errors="replace"), enc
    return data.decode("utf-8", errors="replace"), "utf-8"


def decode_bytes(
    data: bytes, content_type: str | None = None, *, sniff_meta: bool = True
) -> tuple[str, str, list[Issue]]:
    """Decode ``data``; returns (text, encoding used, issues)."""
    issues: list[Issue] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc, issues
    declared = [("header", charset_from_content_type(content_type))]
    if sniff_meta:
        declared.append(("meta", charset_from_meta(data)))
    for where, enc in declared:
        if enc is None:
            continue
        text = _strict(data, enc)
        if text is not None:
            return text, enc, issues
        issues.append(CHARSET_OVERRULED(f"charset/{where}", f"declared {where} charset {enc} does not decode the bytes; detected instead"))
    text, enc = _detect(data)
    return text, enc, issues


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) for an HTML page: header charset, then <meta>, then detection."""
    text, enc, _ = decode_bytes(data, content_type)
    return text, enc
