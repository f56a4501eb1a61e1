"""A table read from page images is published only when what was read does not contradict itself.

OCR can drop a digit with high confidence (``12`` read as ``2``); such a misread and a source that
does not add up look alike, and only one of them is a wrong number, so an OCR'd table whose
identities fail is left null (kept in ``partial_tables``) unless cells OCR left blank could make it
balance.  The documents are synthetic HTML reports read as if OCR had produced their cells.
"""

from __future__ import annotations

import random

from gknb.synth.render.html import render_report_html
from gknb.synth.values import random_report
from gknb.extract.read import read
from gknb.model.document import DocumentRecord
from gknb.transform.parse import build_report
from gknb.transform.report import Report


def _as_ocr(values: dict, edit=None) -> Report:
    data = render_report_html(values, style="plain", blank="")
    doc = read(data, DocumentRecord.of_bytes(data, "scan.pdf"), media_type="html")
    doc.ocr = True
    for cell in doc.cells:
        cell.ocr = True
    if edit:
        edit(doc)
    return build_report(doc, Report(source="scan.pdf", sha256="0" * 64))


def _review_cells(doc):
    """Table 4's value row, review outcomes first: upheld, corrected, other, pending, total."""
    table = max(c.table for c in doc.cells if c.table is not None)
    row = max(c.row for c in doc.cells if c.table == table)
    return [c for c in doc.cells if c.table == table and c.row == row][:5]


def _values(seed: int) -> dict:
    values = random_report(random.Random(seed))
    values["review_litigation"]["administrative_review"] = {"upheld": 5, "corrected": 4, "other": 2, "pending": 1,
                                                            "total": 12}
    return values


def test_a_balanced_ocr_table_is_published():
    report = _as_ocr(_values(1))
    assert report.review_litigation["administrative_review"]["total"] == 12
    assert report.applications is not None and report.ocr


def test_a_dropped_digit_makes_the_ocr_table_null_not_wrong():
    def misread(doc):
        total = _review_cells(doc)[4]
        assert total.text.strip() == "12"
        total.text = "2"  # the thin 1 lost in binarising, read with high confidence

    report = _as_ocr(_values(1), misread)
    assert report.review_litigation is None and report.status == "partial"
    assert report.partial_tables["review_litigation"]["administrative_review"]["total"] == 2
    assert any("read by OCR and its identities do not hold" in w for w in report.warnings)
    assert not any(c.table == "review_litigation" for c in report.cells)
    assert report.applications is not None  # the tables that balance are still published


def test_blank_cells_that_could_balance_keep_the_table():
    def unsure(doc):
        upheld = _review_cells(doc)[0]
        assert upheld.text.strip() == "5"
        upheld.text = ""  # OCR was unsure: left blank, so 12 = blank + 4 + 2 + 1 still can hold

    report = _as_ocr(_values(1), unsure)
    assert report.review_litigation["administrative_review"] == {"upheld": None, "corrected": 4, "other": 2,
                                                                 "pending": 1, "total": 12}
