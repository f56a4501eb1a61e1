"""The document-information strings of a PDF (title, author, creation date), decoded as their producers meant them.

Chinese producers write UTF-16 with a little-endian BOM (pdfium decodes it) or GBK bytes,
which pdfium, like the PDF standard, reads as PDFDocEncoding: "ºéÔóÇø…" for 洪泽区.  Such a
string is turned back into its bytes and decoded as UTF-8, then GB18030.  PDFDocEncoding
leaves 0x9F and 0xAD undefined (pdfium gives U+0000 for both), so a NUL stands for either
byte: UTF-8 is strict enough to tell which, and otherwise the reading whose bytes appear in
the file (an Info dictionary written uncompressed) is taken, or the field is left out.
"""

from __future__ import annotations

import ctypes
import itertools
import re

import pypdfium2
import pypdfium2.raw as pdfium

_PDF_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_UNDEFINED = (0x9F, 0xAD)  # PDFDocEncoding bytes without a character
_HIGH = "•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž"  # PDFDocEncoding 0x80-0x9E
_BYTE_OF = {ch: 0x80 + i for i, ch in enumerate(_HIGH)} | {"€": 0xA0}
_BYTE_OF |= {chr(b): b for b in range(0xA1, 0x100) if b != 0xAD}
_MAX_GUESSES = 256


def meta_text(pdf: pypdfium2.PdfDocument, key: str) -> str:
    """One Info entry as pdfium decodes it (UTF-16 with either BOM, or PDFDocEncoding)."""
    size = pdfium.FPDF_GetMetaText(pdf.raw, key.encode("ascii"), None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium.FPDF_GetMetaText(pdf.raw, key.encode("ascii"), buffer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def _as_bytes(text: str) -> list[bytes] | None:
    """The byte strings a PDFDocEncoding reading could come from (several where it holds a
    NUL), or None when the text is not such a reading of high bytes."""
    if not any(ch in _BYTE_OF for ch in text):
        return None
    if not all(ch < "\x7f" or ch in _BYTE_OF for ch in text):
        return None
    parts = [[bytes([_BYTE_OF[ch]]) if ch in _BYTE_OF else ch.encode("ascii")] for ch in text]
    for part, ch in zip(parts, text):
        if ch == "\x00":
            part[:] = [bytes([b]) for b in _UNDEFINED]
    if 2 ** text.count("\x00") > _MAX_GUESSES:
        return []
    return [b"".join(choice) for choice in itertools.product(*parts)]


def _decoded(text: str, data: bytes) -> str:
    """The string as its producer meant it: PDFDocEncoding mojibake decoded as UTF-8 or GB18030."""
    candidates = _as_bytes(text)
    if candidates is None:
        return text.strip("\x00 \ufeff")
    for encoding in ("utf-8", "gb18030"):
        readings = {}
        for raw in candidates:
            try:
                readings[raw] = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        if len(readings) > 1:
            readings = {raw: s for raw, s in readings.items() if raw in data}
        if len(set(readings.values())) == 1:
            return next(iter(readings.values())).strip()
        if readings:
            return ""
    return "" if "\x00" in text else text.strip()


def pdf_metadata(pdf: pypdfium2.PdfDocument, data: bytes) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, name in (("Title", "pdf_title"), ("Author", "pdf_author"), ("CreationDate", "pdf_created")):
        text = _decoded(meta_text(pdf, key), data).strip()
        if name == "pdf_created":  # D:20240226144123+08'00' -> 2024-02-26
            m = _PDF_DATE.search(text)
            text = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""
        if text:
            meta[name] = text
    return meta
