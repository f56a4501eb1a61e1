"""One document in, one canonical report out: choose the reader, match the tables, run the checks.

Nothing that is wrong with a document escapes as an exception: an empty file, binary
junk, an oversized file, a truncated PDF or a page that is not a report each becomes a
Report whose ``status`` and ``error`` say what happened, so a batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from io import BytesIO
from pathlib import Path

from gknb.extract.decode import decode_bytes
from gknb.extract.document import Document, ReadError
from gknb.extract.metablock import parse_metadata_block
from gknb.extract.readers.html import read_html
from gknb.extract.readers.image_kind import image_kind
from gknb.extract.readers.ole import read_ole
from gknb.extract.readers.text import read_text
from gknb.model.issues import (FORMAT_FROM_YEAR, FORMAT_SINGLE_OTHER, NO_STATISTICS_TABLE, OCR_UNBALANCED, TABLE_ALL_BLANK,
                               TABLE_MISSING, TRADITIONAL_SCRIPT)
from gknb.model.versions import PARSER_VERSION
from gknb.transform import matcher, metadata
from gknb.model import report as model
from gknb.transform.checks import run_checks
from gknb.transform.legacy import read_legacy
from gknb.transform.ocr_cells import mark_ocr_cells
from gknb.transform.labels import is_traditional, to_simplified
from gknb.transform.report import Report

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_OLE_WORKBOOK = "Workbook".encode("utf-16-le")
_BIFF8_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"  # record 0x0809, 16 bytes, BIFF8, workbook globals
_HTML_HINTS = (b"<html", b"<!doctype", b"<table", b"<body", b"<div", b"<meta", b"<p>", b"<p ")
_SUFFIXES = {
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".jsp": "html",
    ".txt": "text", ".md": "text", ".text": "text",
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "doc", ".xlsx": "xlsx", ".xls": "xls",
    ".jpg": "image", ".jpeg": "image", ".png": "image", ".tif": "image", ".tiff": "image",
}


def max_bytes_setting() -> int:
    """Size limit for one document: ``GKNB_MAX_DOCUMENT_BYTES`` or 64 MiB."""
    raw = os.environ.get("GKNB_MAX_DOCUMENT_BYTES")
    return int(raw) if raw and raw.isdigit() else DEFAULT_MAX_BYTES


def sniff_media_type(data: bytes, source: str = "", content_type: str | None = None) -> str:
    """The format of a document from its bytes first, then its declared type and name."""
    if image_kind(data) is not None:
        return "image"
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ReadError("zip archive that is not a Word document or an Excel workbook")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Excel 97+ keeps its cells in a stream the OLE directory names "Workbook" (in UTF-16), which
        # opens with a BIFF8 BOF record; a truncated file may keep only the latter.  Anything else
        # (a Word file named .xls included) is read as a Word/WPS document.
        return "xls" if _OLE_WORKBOOK in data or _BIFF8_BOF in data else "doc"
    lowered = head.lower()
    if any(h in lowered for h in _HTML_HINTS) or (content_type or "").startswith("text/html"):
        return "html"
    suffix = Path(source).suffix.lower()
    if _SUFFIXES.get(suffix) == "html":
        return "html"
    if _looks_binary(data):
        raise ReadError("binary data that is not a PDF, DOCX, HTML or text document")
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        # UTF-16 text has NULs too; it starts with a BOM when it is text.
        return not (sample.startswith(b"\xff\xfe") or sample.startswith(b"\xfe\xff"))
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def read_document(data: bytes, source: str, media_type: str, content_type: str | None = None) -> Document:
    """The reader for the format; a scan (``needs_ocr`` from the PDF or DOCX reader, or an
    image file) goes to OCR instead of being recorded unread.  The OCR stack (opencv, numpy,
    onnxruntime: ~0.5 GB of address space) is imported only when a scan needs it."""
    if media_type != "image":
        try:
            return _read_format(data, source, media_type, content_type)
        except ReadError as err:
            if err.status != model.STATUS_NEEDS_OCR:
                raise
    from gknb.extract.readers.scan import read_scan

    return read_scan(data, source, media_type)


def _read_format(data: bytes, source: str, media_type: str, content_type: str | None) -> Document:
    if media_type == "html":
        return read_html(data, source, content_type)
    if media_type == "text":
        text, _enc, issues = decode_bytes(data, content_type, sniff_meta=False)
        doc = read_text(text, source)
        doc.issues.extend(issues)
        return doc
    if media_type == "pdf":
        from gknb.extract.readers.pdf import read_pdf

        return read_pdf(data, source)
    if media_type == "docx":
        from gknb.extract.readers.docx import read_docx

        return read_docx(data, source)
    if media_type == "doc":
        return read_ole(data, source)
    if media_type in ("xlsx", "xls"):
        from gknb.extract.readers.sheet import read_xls, read_xlsx

        return read_xlsx(data, source) if media_type == "xlsx" else read_xls(data, source)
    raise ReadError(f"unknown media type {media_type!r}")


def parse_bytes(
    data: bytes,
    source: str,
    *,
    media_type: str | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Parse one document; never raises for a bad document."""
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    report = Report(
        source=source, sha256=hashlib.sha256(data).hexdigest(), size=len(data), parser_version=PARSER_VERSION
    )
    content_type = _header(headers, "content-type")
    try:
        if not data.strip():
            raise ReadError("empty document")
        if len(data) > limit:
            raise ReadError(f"document is {len(data):,} bytes, above the {limit:,}-byte limit")
        mt = media_type or sniff_media_type(data, source, content_type)
        report.media_type = mt
        doc = read_document(data, source, mt, content_type)
    except ReadError as err:
        report.status, report.error = err.status, str(err)
        report.checks = run_checks(report)
        return report
    except MemoryError:
        raise  # the budgeted worker (transform.isolate) records it and replaces itself
    except Exception as err:  # a reader bug must not stop a batch: record it
        report.status, report.error = model.STATUS_FAILED, f"reader error: {type(err).__name__}: {err}"
        report.checks = run_checks(report)
        return report
    build_report(doc, report)
    if mt == "pdf" and not doc.ocr and report.status != model.STATUS_PARSED:
        report = _with_scanned_pages(data, source, report)
    return report


def _with_scanned_pages(data: bytes, source: str, report: Report) -> Report:
    """A text PDF that lacks tables may have them on pages that are images: read those pages
    by OCR and build the report again from the text layer plus them."""
    from gknb.extract.readers.image import image_only_pages
    from gknb.extract.readers.scan import add_scanned_pages

    pages = image_only_pages(data)
    if not pages:
        return report
    # The text layer read again: build_report simplifies Traditional text in place.
    merged = add_scanned_pages(_read_format(data, source, "pdf", None), data, pages)
    if merged is None:
        return report
    fresh = Report(source=source, sha256=report.sha256, size=report.size, parser_version=PARSER_VERSION)
    return build_report(merged, fresh)


def parse_path(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    media_type: str | None = None,
    source: str | None = None,
    by_suffix: bool = True,
) -> Report:
    """Parse a file; ``source`` names it in the report (default the path).  ``by_suffix=False``
    decides the format from the bytes alone (archived bodies are named by hash, not by type)."""
    p = Path(path)
    name = source if source is not None else str(p)
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    try:
        size = p.stat().st_size
        if size > limit:
            return Report(
                source=name, status=model.STATUS_FAILED, size=size, parser_version=PARSER_VERSION,
                error=f"document is {size:,} bytes, above the {limit:,}-byte limit",
            )
        data = p.read_bytes()
    except OSError as err:
        return Report(source=name, status=model.STATUS_FAILED, error=f"cannot read file: {err}", parser_version=PARSER_VERSION)
    if media_type is None and by_suffix:
        media_type = _SUFFIXES.get(p.suffix.lower())
    return parse_bytes(data, name, media_type=media_type, max_bytes=limit)


def _header(headers: dict[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None


def _simplify(doc: Document) -> None:
    """Traditional mirrors are read as Simplified, once, before anything looks at the text."""
    doc.text = to_simplified(doc.text)
    for cell in doc.cells:
        cell.text = to_simplified(cell.text)
    doc.meta = {k: to_simplified(v) for k, v in doc.meta.items()}
    doc.issues.append(TRADITIONAL_SCRIPT("document", "Traditional Chinese text read as Simplified"))


def build_report(doc: Document, report: Report) -> Report:
    """Fill ``report`` from a read document: tables, metadata, status, checks."""
    if is_traditional(doc.text):
        _simplify(doc)
    report.media_type = doc.media_type
    report.ocr = doc.ocr
    report.issues.extend(doc.issues)
    meta = {**parse_metadata_block(doc.text), **doc.meta}
    report.meta = meta
    info = metadata.detect(doc.text, meta)
    report.title, report.agency, report.year = info.title, info.agency, info.year
    report.publication_date = info.publication_date
    if info.preamble_agency:
        report.meta["preamble_agency"] = info.preamble_agency
    report.issues.extend(info.issues)
    before_tables = len(report.issues)

    toks = matcher.tokenize(doc)
    layout = matcher.locate(toks)
    reads: list[matcher.TableRead] = []
    fmt2 = None
    if layout.t2 is not None:
        fmt2 = matcher.table2_format(toks, layout.t2)
        t2 = matcher.read_rows_table(model.table2_spec(fmt2), toks, *layout.t2, doc.complete)
        if t2.found:
            reads.append(t2)
        report.active_disclosure = t2.values
        report.issues.extend(t2.issues if t2.found else [])
        if not t2.found:
            fmt2 = None
    single_other = False
    if layout.t3 is not None:
        t3, single_other = matcher.read_table3(toks, layout.t3, doc.complete)
        reads.append(t3)
        report.applications = t3.values
        report.issues.extend(t3.issues)
    if layout.t4 is not None:
        t4 = matcher.read_table4(toks, *layout.t4, doc.complete)
        reads.append(t4)
        report.review_litigation = t4.values
        report.issues.extend(t4.issues)
    for r in reads:
        report.cells.extend(r.cells)
        if r.values is None and r.partial:
            report.partial_tables[r.spec.key] = r.partial
        if r.values is not None and all(v is None for row in r.values.values() for v in row.values()):
            report.issues.append(TABLE_ALL_BLANK(r.spec.key, f"table{r.spec.number}: every cell is blank (a template published empty?)"))

    if doc.ocr:
        mark_ocr_cells(doc, report)
    found = any(r.found for r in reads)
    t3_found = any(r.found and r.spec.number == 3 for r in reads)
    if fmt2 == model.FORMAT_2019:
        report.format_version = model.FORMAT_2019
    elif found and fmt2 is None and not t3_found:
        # Table 4 alone is the same in both forms: the form is the one in force for the year.
        if report.year is not None:
            report.format_version = model.FORMAT_2019 if report.year <= 2020 else model.FORMAT_2021
            report.issues.append(FORMAT_FROM_YEAR("document", f"format: only Table 4 found; {report.format_version} is the form in force for {report.year}"))
    elif found:
        report.format_version = model.FORMAT_2019 if (single_other and fmt2 is None) else model.FORMAT_2021
        if single_other and fmt2 == model.FORMAT_2021:
            report.issues.append(FORMAT_SINGLE_OTHER("applications/other_processing", "format: 2021 tables with a single （六）其他处理 row (other_processing)"))
    tables = (report.active_disclosure, report.applications, report.review_litigation)
    # A table of the years before 2019 is tried only where no 2019/2021 table could be read whole;
    # when one is there, what the 2019/2021 matcher made of its rows (a 规范性文件 row read as
    # Table 2) is dropped with its warnings.
    legacy_read = None if any(t is not None for t in tables) else read_legacy(doc)
    if legacy_read is not None:
        del report.issues[before_tables:]
        report.cells.clear()
        report.partial_tables.clear()
        report.active_disclosure = report.applications = report.review_litigation = None
        report.format_version = legacy_read.format_version
        report.legacy_statistics = legacy_read.rows
        report.issues.extend(legacy_read.issues)
        report.status = model.STATUS_PARTIAL if legacy_read.ambiguous else model.STATUS_PARSED
    elif not found:
        if report.title is not None:
            report.status = model.STATUS_PARTIAL
            report.issues.append(NO_STATISTICS_TABLE("document", "no statistics table found in the document"))
        else:
            report.status = model.STATUS_NOT_REPORT
            report.error = "no report title and no statistics table: not an annual report"
    elif all(t is not None for t in tables):
        report.status = model.STATUS_PARSED
    else:
        report.status = model.STATUS_PARTIAL
        for key, t in zip(model.TABLE_KEYS, tables):
            if t is None:
                report.issues.append(TABLE_MISSING(key, f"{key}: table missing"))
    report.checks = run_checks(report)
    if report.ocr:
        _hold_back_unbalanced_ocr_tables(report)
    return report


# Which table each check runs over: an OCR'd table that fails one is not published.
_CHECKED_TABLE = {model.CHECK_T3_BALANCE: "applications", model.CHECK_T3_OUTCOMES_SUM: "applications",
                  model.CHECK_T3_APPLICANT_SUM: "applications", model.CHECK_T4_OUTCOME_SUM: "review_litigation"}


def _blanks_could_balance(detail: str) -> bool:
    """Whether a failed equation (``2 + blank != 12``) could hold with its blank cells (left null by
    OCR as unsure) at some count >= 0: then the failure says nothing about the cells that were read."""
    sides = []
    for side in detail.split("!="):
        terms = [t.strip() for t in side.split("+")]
        known = sum(float(t) for t in terms if t != "blank")
        sides.append((known, float("inf") if "blank" in terms else known))
    (lmin, lmax), (rmin, rmax) = sides
    return "blank" in detail and lmin <= rmax and rmin <= lmax


def _hold_back_unbalanced_ocr_tables(report: Report) -> None:
    """An OCR'd table whose identities fail is left null (its cells kept in ``partial_tables``).

    A digit OCR dropped with high confidence (``12`` read as ``2``) and a source that does not
    add up look the same, and only the first is a wrong number: so where a page image was read,
    a table that does not balance is not published (unless cells OCR left blank could make it
    balance: then nothing read is contradicted).  Printed text never takes this path.
    """
    failing = {_CHECKED_TABLE[c.check] for c in report.checks
               if c.status == "fail" and c.check in _CHECKED_TABLE and not _blanks_could_balance(c.detail)}
    if not failing:
        return
    for key in sorted(failing):
        table = getattr(report, key)
        if table is None:
            continue
        report.partial_tables[key] = table
        setattr(report, key, None)
        report.cells = [c for c in report.cells if c.table != key]
        report.issues.append(OCR_UNBALANCED(key, f"{key}: read by OCR and its identities do not hold; left null (cells in partial_tables)"))
    report.status = model.STATUS_PARTIAL
    report.checks = run_checks(report)
