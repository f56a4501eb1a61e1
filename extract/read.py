"""Bytes plus what is known of them (a ``DocumentRecord``) to a ``Document``: the one way in to the readers.

Deciding the format is part of reading, and one rule for every document, a local file or an
archived body: the bytes decide (magic numbers, zip members, OLE streams).  Only where they cannot,
markup against plain text, does the name speak: a ``.txt`` is text even when it quotes a tag, an
``.html`` is markup even without one; without a telling name, HTML tags or a text/html
Content-Type make it markup.  A suffix never overrules the bytes: portals serve HTML as ``.doc``
and PDFs behind ``.html`` links, and users rename files.  The record's Content-Type
travels to the HTML and text readers, whose decoder (``extract.decode``) ranks a byte-order mark
above the HTTP charset, the HTTP charset above a ``<meta>`` one, and detection last.  A scan
(the PDF or DOCX reader's ``needs_ocr``, or an image) goes to OCR instead of being recorded
unread.  Anything that cannot be read raises ``ReadError`` carrying the format it was taken for.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from gknb.extract.decode import decode_bytes
from gknb.extract.document import Document, ReadError
from gknb.extract.readers.html import read_html
from gknb.extract.readers.image_kind import image_kind
from gknb.extract.readers.ole import read_ole
from gknb.extract.readers.text import read_text
from gknb.model import media
from gknb.model.document import DocumentRecord
from gknb.model.report import STATUS_FAILED, STATUS_NEEDS_OCR
from gknb.model.settings import settings

_OLE_WORKBOOK = "Workbook".encode("utf-16-le")
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"  # record 0x0809, 16 bytes, BIFF8, workbook globals
_HTML_HINTS = (b"<html", b"<!doctype", b"<table", b"<body", b"<div", b"<meta", b"<p>", b"<p ")


def media_type_for_name(name: str | None) -> str | None:
    """The format a file name's suffix stands for (gknb.model.media), None when the suffix says nothing."""
    named = media.of_suffix(Path(name).suffix) if name else None
    return named.read_as if named else None


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise ReadError(f"document is {size:,} bytes, above the {limit:,}-byte limit")


def file_bytes(path: Path, max_bytes: int | None = None, size: int | None = None) -> bytes:
    """The bytes of a file on disk (``size``: as already known, else ``stat``); a file over the size
    limit is refused before it is read."""
    try:
        _check_size(path.stat().st_size if size is None else size,
                    max_bytes if max_bytes is not None else settings().max_document_bytes)
        return path.read_bytes()
    except OSError as err:
        raise ReadError(f"cannot read file: {err}") from err


def stored_bytes(record: DocumentRecord, max_bytes: int | None = None) -> bytes:
    """The bytes of a record kept on disk (an archived body, a local file taken in)."""
    if record.path is None:
        raise ReadError("cannot read file: the record names no file")
    return file_bytes(record.path, max_bytes, record.size)


def name_of(record: DocumentRecord) -> str:
    """The name that hints at a record's format: its file name (the local file's, or the server's from
    Content-Disposition) when its suffix is telling, else the path of its URL (or of the file)."""
    if media_type_for_name(record.file_name):
        return record.file_name or ""
    return urlsplit(record.source).path or record.source


def sniff_media_type(data: bytes, name: str = "", content_type: str | None = None) -> str:
    """The format of a document from its bytes; its ``name`` and declared type only tell markup from text."""
    if image_kind(data) is not None:
        return media.IMAGE
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return media.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return media.DOCX
        if "xl/workbook.xml" in names:
            return media.XLSX
        raise ReadError("zip archive that is not a Word document or an Excel workbook")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Excel 97+ keeps its cells in a stream the OLE directory names "Workbook" (in UTF-16), which
        # opens with a BIFF8 BOF record; a truncated file may keep only the latter.  Anything else
        # (a Word file named .xls included) is read as a Word/WPS document.
        return media.XLS if _OLE_WORKBOOK in data or _BIFF8_BOF in data else media.DOC
    named = media_type_for_name(name)
    if named == media.TEXT and not _looks_binary(data):
        return media.TEXT
    lowered = head.lower()
    declared = media.of_content_type(content_type)
    if named == media.HTML or any(h in lowered for h in _HTML_HINTS) or (declared is not None and declared.key == media.HTML):
        return media.HTML
    if _looks_binary(data):
        raise ReadError("binary data that is not a PDF, DOCX, HTML or text document")
    return media.TEXT


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it starts with a BOM when it is text.
        return not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def read(data: bytes, record: DocumentRecord, *, media_type: str | None = None,
         max_bytes: int | None = None) -> Document:
    """Read a document of the format ``media_type``, by default the one its bytes show
    (``sniff_media_type``, with the record's name and Content-Type as the hint where bytes cannot tell).

    Raises ``ReadError`` (with ``media_type`` set once the format is known) for an empty or
    oversized document and for one no reader can read; a reader's own bug is one too, so a
    batch goes on.  ``MemoryError`` passes: the budgeted worker (transform.isolate) records it.
    """
    if not data.strip():
        raise ReadError("empty document")
    _check_size(len(data), max_bytes if max_bytes is not None else settings().max_document_bytes)
    mt = media_type
    try:
        mt = mt or sniff_media_type(data, name_of(record), record.content_type)
        return _read_or_scan(data, record, mt)
    except ReadError as err:
        err.media_type = mt
        raise
    except MemoryError:
        raise
    except Exception as err:  # a reader bug must not stop a batch: it is recorded as this document's failure
        raise ReadError(f"reader error: {type(err).__name__}: {err}", STATUS_FAILED, media_type=mt) from err


def _read_or_scan(data: bytes, record: DocumentRecord, media_type: str) -> Document:
    """The reader for the format; a scan goes to OCR.  The OCR stack (opencv, numpy, onnxruntime:
    ~0.5 GB of address space) is imported only when a scan needs it."""
    if media_type != media.IMAGE:
        try:
            return _read_format(data, record, media_type)
        except ReadError as err:
            if err.status != STATUS_NEEDS_OCR:
                raise
    from gknb.extract.readers.scan import read_scan

    return read_scan(data, record.source, media_type)


def _read_format(data: bytes, record: DocumentRecord, media_type: str) -> Document:
    source, content_type = record.source, record.content_type
    if media_type == media.HTML:
        return read_html(data, source, content_type)
    if media_type == media.TEXT:
        text, _enc, issues = decode_bytes(data, content_type, sniff_meta=False)
        doc = read_text(text, source)
        doc.issues.extend(issues)
        return doc
    if media_type == media.PDF:
        from gknb.extract.readers.pdf import read_pdf

        return read_pdf(data, source)
    if media_type == media.DOCX:
        from gknb.extract.readers.docx import read_docx

        return read_docx(data, source)
    if media_type == media.DOC:
        return read_ole(data, source)
    if media_type in (media.XLSX, media.XLS):
        from gknb.extract.readers.sheet import read_xls, read_xlsx

        return read_xlsx(data, source) if media_type == media.XLSX else read_xls(data, source)
    raise ReadError(f"unknown media type {media_type!r}")


def read_with_scanned_pages(data: bytes, record: DocumentRecord) -> Document | None:
    """A text PDF read again with its image-only pages added by OCR; None when it has none (or OCR
    found nothing to add).  Asked for by the parser when the text layer alone held no whole tables,
    so the costly page scan runs only for the PDFs that need it."""
    from gknb.extract.readers.image import image_only_pages
    from gknb.extract.readers.scan import add_scanned_pages

    pages = image_only_pages(data)
    if not pages:
        return None
    # The text layer read afresh: the parser simplifies Traditional text in place.
    return add_scanned_pages(_read_format(data, record, media.PDF), data, pages)
