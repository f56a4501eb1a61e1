"""One document in, one canonical report out: read it (``extract.read``), match the tables, run the checks.

Nothing that is wrong with a document escapes as an exception: an empty file, binary
junk, an oversized file, a truncated PDF or a page that is not a report each becomes a
Report whose ``status`` and ``error`` say what happened, so a batch goes on.
"""

from __future__ import annotations

from pathlib import Path

from gknb.extract.document import Document, ReadError
from gknb.extract.metablock import parse_metadata_block
from gknb.extract.read import file_bytes, read, read_with_scanned_pages, stored_bytes
from gknb.model.document import DocumentRecord
from gknb.model.issues import (FORMAT_FROM_YEAR, FORMAT_VARIANT, NO_STATISTICS_TABLE, OCR_UNBALANCED, TABLE_ALL_BLANK,
                               TABLE_MISSING, TRADITIONAL_SCRIPT)
from gknb.model.versions import PARSER_VERSION
from gknb.transform import matcher, metadata
from gknb.model import eras, media
from gknb.model import report as model
from gknb.model.report import TableSpec
from gknb.transform.checks import run_checks
from gknb.transform.legacy import read_legacy
from gknb.transform.ocr_cells import mark_ocr_cells
from gknb.transform.labels import is_traditional, to_simplified
from gknb.transform.report import CheckResult, Report


def parse_record(record: DocumentRecord, *, media_type: str | None = None, max_bytes: int | None = None) -> Report:
    """Parse the document a record keeps on disk (an archived body or a local file); never raises
    for a bad document.  What the worker pools run: a record pickles small, the body stays on disk.
    The bytes decide the format, the file name only tells markup from text (``extract.read``)."""
    try:
        data = stored_bytes(record, max_bytes)
    except ReadError as err:
        return _failed(_empty_report(record), err)
    return parse_document(data, record, media_type=media_type, max_bytes=max_bytes)


def parse_document(data: bytes, record: DocumentRecord, *, media_type: str | None = None,
                   max_bytes: int | None = None) -> Report:
    """Parse ``data``, the bytes ``record`` describes; never raises for a bad document."""
    report = _empty_report(record)
    try:
        doc = read(data, record, media_type=media_type, max_bytes=max_bytes)
    except ReadError as err:
        return _failed(report, err)
    build_report(doc, report)
    if doc.media_type == media.PDF and not doc.ocr and report.status != model.STATUS_PARSED:
        # A text PDF that lacks tables may have them on pages that are images.
        merged = read_with_scanned_pages(data, record)
        if merged is not None:
            return build_report(merged, _empty_report(record))
    return report


def parse_bytes(
    data: bytes,
    source: str,
    *,
    media_type: str | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> Report:
    """Parse bytes held in memory, named ``source``, with the HTTP ``headers`` they came with."""
    record = DocumentRecord.of_bytes(data, source, content_type=_header(headers, "content-type"))
    return parse_document(data, record, media_type=media_type, max_bytes=max_bytes)


def parse_path(
    path: str | Path,
    *,
    max_bytes: int | None = None,
    media_type: str | None = None,
    source: str | None = None,
) -> Report:
    """Parse a file; ``source`` names it in the report (default the path).  The file is read once,
    and one over the size limit is refused before it is read or hashed."""
    p = Path(path)
    name = source if source is not None else str(p)
    try:
        data = file_bytes(p, max_bytes)
    except ReadError as err:
        return _failed(Report(source=name, parser_version=PARSER_VERSION), err)
    record = DocumentRecord.of_bytes(data, name, path=p, file_name=p.name)
    return parse_document(data, record, media_type=media_type, max_bytes=max_bytes)


def _empty_report(record: DocumentRecord) -> Report:
    return Report(source=record.source, sha256=record.sha256, size=record.size, parser_version=PARSER_VERSION)


def _failed(report: Report, err: ReadError) -> Report:
    """A document that could not be read: its status and reason, and the checks (all skipped)."""
    report.media_type = err.media_type
    report.status, report.error = err.status, str(err)
    report.checks = run_checks(report)
    return report


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
    if layout.t2 is not None:
        t2 = matcher.read_rows_table(matcher.table2_form(toks, layout.t2), toks, *layout.t2, doc.complete)
        if t2.found:
            reads.append(t2)
        report.active_disclosure = t2.values
        report.issues.extend(t2.issues if t2.found else [])
    if layout.t3 is not None:
        t3 = matcher.read_table3(toks, layout.t3, doc.complete)
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
    _set_format(report, {r.spec.key: r.spec for r in reads if r.found})
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


def _set_format(report: Report, forms: dict[str, TableSpec]) -> None:
    """The report's form (gknb.model.eras) from the forms of the tables found."""
    if not forms:
        return
    t2, t3 = forms.get("active_disclosure"), forms.get("applications")
    if t2 is None and t3 is None:
        # Table 4 alone is the same in every form: the form is the one in force for the year.
        if report.year is not None:
            report.format_version = eras.era_in_force(report.year).format_version
            report.issues.append(FORMAT_FROM_YEAR("document", f"format: only Table 4 found; {report.format_version} is the form in force for {report.year}"))
        return
    era = eras.era_of(t2, t3)
    report.format_version = era.format_version
    if era.note:
        report.issues.append(FORMAT_VARIANT("document", era.note))


# Which table each check runs over: an OCR'd table that fails one is not published.
_CHECKED_TABLE = {i.check: i.over for i in eras.IDENTITIES}


def _blanks_could_balance(check: CheckResult) -> bool:
    """Whether a failed equation (``2 + blank != 12``) could hold with its blank cells (left null by
    OCR as unsure) at some count >= 0: then the failure says nothing about the cells that were read."""
    def bounds(terms: tuple[int | float | None, ...]) -> tuple[float, float]:
        known = sum(t for t in terms if t is not None)
        return known, float("inf") if None in terms else known

    (lmin, lmax), (rmin, rmax) = bounds(check.left), bounds(check.right)
    return check.blank_as_zero and lmin <= rmax and rmin <= lmax


def _hold_back_unbalanced_ocr_tables(report: Report) -> None:
    """An OCR'd table whose identities fail is left null (its cells kept in ``partial_tables``).

    A digit OCR dropped with high confidence (``12`` read as ``2``) and a source that does not
    add up look the same, and only the first is a wrong number: so where a page image was read,
    a table that does not balance is not published (unless cells OCR left blank could make it
    balance: then nothing read is contradicted).  Printed text never takes this path.
    """
    failing = {_CHECKED_TABLE[c.check] for c in report.checks
               if c.status == "fail" and c.check in _CHECKED_TABLE and not _blanks_could_balance(c)}
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
