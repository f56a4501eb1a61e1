"""The minimum bar: every cell, agency and year of the hand-verified seeds and samples."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from reportlab.pdfgen import canvas

from tests.expected_cases import SAMPLES, SEEDS, cell_differences, expected_for, needs_shared
from gknb.model.report import TABLE3_2021
from gknb.transform.parse import parse_bytes, parse_path

pytestmark = needs_shared  # (the scanned-PDF test builds its own document but lives with its siblings)


@pytest.mark.parametrize("path", SEEDS + SAMPLES, ids=lambda p: p.name)
def test_every_cell_agency_and_year(path):
    report = parse_path(path)
    assert report.status in ("parsed", "partial"), report.error
    assert cell_differences(report, expected_for(path)) == []


def _failing(report):
    return sorted((c.check, c.subject) for c in report.checks if c.status == "fail")


def test_seed_001_source_inconsistency_is_flagged():
    report = parse_path(next(p for p in SEEDS if p.name.startswith("001")))
    assert _failing(report) == [("t3_balance", "commercial_enterprise"), ("t3_balance", "natural_person")]
    detail = next(c.detail for c in report.checks if c.check == "t3_balance" and c.subject == "natural_person")
    assert detail == "1 + 0 != 2 + 0"


def test_seed_002_incomplete_table4_is_null_not_filled():
    report = parse_path(next(p for p in SEEDS if p.name.startswith("002")))
    assert report.review_litigation is None
    assert report.status == "partial"
    assert any("table4" in w and "4 cells for 15" in w for w in report.warnings)
    assert {c.status for c in report.checks if c.check == "t4_outcome_sum"} == {"skipped"}


def test_seed_004_blank_rows_stay_null_and_year_conflict_is_warned():
    report = parse_path(next(p for p in SEEDS if p.name.startswith("004")))
    assert report.applications["other_unpaid_fee"]["total"] is None
    assert any("2022" in w for w in report.warnings)
    blank_checks = [c for c in report.checks if c.blank_as_zero]
    assert blank_checks and all(c.status == "pass" for c in blank_checks)


def test_hongze_2023_mixed_format_and_table4_failures():
    report = parse_path(next(p for p in SAMPLES if p.name == "hongze_2023.pdf"))
    assert report.format_version == "2021"
    assert "other_processing" in report.applications
    assert _failing(report) == [("t4_outcome_sum", "administrative_review"), ("t4_outcome_sum", "litigation_after_review")]


def test_provenance_points_at_printed_cells():
    report = parse_path(next(p for p in SEEDS if p.name.startswith("002")))
    cell = next(c for c in report.cells if c.row == "new_received" and c.column == "natural_person")
    assert cell.raw == "44" and "本年新收" in cell.row_label and not cell.inferred
    assert len([c for c in report.cells if c.table == "applications"]) == len(TABLE3_2021.rows) * 7


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_a_cut_seed_never_yields_a_table_it_does_not_contain(path):
    """Cut the document at many points inside and after Table 3: Tables 3 and 4 come back
    either whole and equal to the uncut reading, or as None."""
    text = path.read_text(encoding="utf-8")
    full = parse_bytes(text.encode(), path.name, media_type="text")
    start = text.find("本年新收")
    assert start > 0
    for cut in range(start - 100, len(text), 11):
        cut_report = parse_bytes(text[:cut].encode(), path.name, media_type="text")
        for table in ("applications", "review_litigation"):
            got = getattr(cut_report, table)
            assert got is None or got == getattr(full, table), f"cut at {cut}: {table} invented"


def naive_text(path, tolerance: float = 3.0) -> str:
    """Text as a plain extractor lays it out (pdfplumber's ``extract_text`` defaults): characters
    whose tops are within 3 points are one line, a gap wider than 3 points is a space."""
    pdf = pypdfium2.PdfDocument(path)
    lines: list[list[tuple[float, float, float, str]]] = []
    for page in pdf:
        textpage = page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            if (ch := textpage.get_text_range(i, 1)).strip():
                x0, _, x1, top = textpage.get_charbox(i, loose=True)
                chars.append((-top, x0, x1, ch))
        page_lines: list[list[tuple[float, float, float, str]]] = []
        for c in sorted(chars):
            if page_lines and c[0] - page_lines[-1][-1][0] <= tolerance:
                page_lines[-1].append(c)
            else:
                page_lines.append([c])
        lines += [sorted(line, key=lambda c: c[1]) for line in page_lines]
    pdf.close()
    return "\n".join(
        line[0][3] + "".join((" " if c[1] - p[2] > tolerance else "") + c[3] for p, c in zip(line, line[1:]))
        for line in lines
    )


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_pdf_extracted_text_with_detached_labels(path):
    """The samples' naive text extraction puts tall label cells on lines of their own, away from
    their numbers ("4 0 0 0 0 0 4" between two halves of a label): still every cell."""
    text = naive_text(path)
    assert "\n4 0 0 0 0 0 4\n" in text or "\n9 0 0 0 0 0 9\n" in text  # a label's halves around its values
    report = parse_bytes(text.encode("utf-8"), f"{path.stem}.txt", media_type="text")
    assert report.status == "parsed"
    assert cell_differences(report, expected_for(path)) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_truncated_pdf_is_a_failure_with_a_reason(path):
    data = path.read_bytes()
    report = parse_bytes(data[: len(data) * 6 // 10], "cut.pdf")
    assert report.status == "failed" and "PDF" in report.error


def test_pdf_without_text_layer_goes_to_ocr():
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(100, 100, 300, 400, fill=1)  # a scanned page: an image, no characters
    pdf.showPage()
    pdf.save()
    report = parse_bytes(buf.getvalue(), "scan.pdf")
    # OCR (tests/test_ocr.py) finds no text on a black box: recorded, never a table.
    assert report.status == "not_report" and "no readable text" in report.error and report.applications is None
