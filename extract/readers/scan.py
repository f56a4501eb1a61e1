"""Scanned documents to cells: which pages to OCR, from which kind of file.

A scan is any document whose numbers exist only as pixels: an image attachment, a PDF
without a text layer (or one whose table pages alone are images), a Word file holding page
photos.  This module picks the page images and hands them to ``ocr``; an OCR failure of any
kind becomes a ReadError with its reason, so the batch records it and goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gknb.extract.document import Document, ReadError
from gknb.extract.readers import image, ocr
from gknb.model.issues import OCR_PAGES_FAILED, OCR_READ


def _pages(data: bytes, media_type: str) -> Iterator[ocr.PageImage]:
    if media_type == "image":
        return image.image_pages(data)
    if media_type == "pdf":
        return image.pdf_pages(data)
    if media_type == "docx":
        return image.docx_images(data)
    raise ReadError(f"{media_type} document without text: OCR reads images, PDFs and Word files only", status="needs_ocr")


def _guarded(read: Callable[[], Document]) -> Document:
    try:
        return read()
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("OCR ran out of memory on this document") from None
    except Exception as err:  # an engine or decoder error must not stop a batch
        raise ReadError(f"OCR failed: {type(err).__name__}: {err}") from None


def read_scan(data: bytes, source: str, media_type: str) -> Document:
    """A whole document read by OCR."""
    return _guarded(lambda: ocr.read_pages(_pages(data, media_type), source, media_type))


def add_scanned_pages(doc: Document, data: bytes, numbers: list[int]) -> Document | None:
    """A text PDF whose table pages are images: those pages (1-based ``numbers``) read by OCR,
    their cells after the text layer's; None (with a warning on ``doc``) when OCR fails."""
    try:
        scanned = _guarded(lambda: ocr.read_pages(image.pdf_pages(data, numbers), doc.source, doc.media_type))
    except ReadError as err:
        doc.issues.append(OCR_PAGES_FAILED("document", f"ocr: page(s) {', '.join(map(str, numbers))} are images and could not be read: {err}"))
        return None
    offset = 1 + max((c.row for c in doc.cells if c.row is not None), default=-1)
    tables = 1 + max((c.table for c in doc.cells if c.table is not None), default=-1)
    for cell in scanned.cells:
        cell.row = None if cell.row is None else cell.row + offset
        cell.table = None if cell.table is None else cell.table + tables
    return Document(
        source=doc.source,
        media_type=doc.media_type,
        cells=doc.cells + scanned.cells,
        text=f"{doc.text}\n{scanned.text}",
        meta=doc.meta,
        complete=doc.complete,
        issues=[*doc.issues, OCR_READ("document", f"ocr: page(s) {', '.join(map(str, numbers))} are images"), *scanned.issues],
        ocr=True,
    )
