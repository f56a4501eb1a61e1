"""Scanned reports read by OCR (issue 13): synthetic scans end to end, and bad scans refused.

OCR is slow on two cores, so the scans are made once per session and the recogniser is
loaded once per process; the whole file reads two page images of a report and a few tiny ones.
"""

from __future__ import annotations

import io
import random
import resource
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from bench.ocr_bench import cell_outcomes
from gknb.extract.readers.ocr import MIN_DIGIT_CONFIDENCE, Reading, accept
from gknb.model.issues import OCR_DIGITS_UNSURE, Issue
from gknb.synth.render.pdf import render_pdf
from gknb.synth.render.scan import ScanStyle, scan_image, scan_pages, scan_pdf
from gknb.synth.values import random_report
from gknb.extract.read import sniff_media_type
from gknb.transform.parse import parse_bytes

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.fixture(scope="session")
def truth():
    return random_report(random.Random(2024))


@pytest.fixture(scope="session")
def style():
    return ScanStyle(dpi=200, rotation=1.5, seal=True, blur=0.6, noise=6.0, jpeg_quality=80)


@pytest.fixture(scope="session")
def pages(truth, style):
    return scan_pages(truth, style, seed=3)


@pytest.fixture(scope="session")
def scanned_report(pages, style):
    return parse_bytes(scan_pdf(pages, style), "scan.pdf")


def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image)
    assert ok
    return buf.tobytes()


def _text_image(lines: list[str]) -> bytes:
    """A page of prose (no table) drawn with a CJK font, as a PNG."""
    img = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 36)
    for i, line in enumerate(lines):
        draw.text((80, 60 + 70 * i), line, fill=0, font=font)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels (valid header, one tiny IDAT)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


# --- a scanned report, end to end ------------------------------------------------------------


@pytest.mark.integration
def test_scanned_pdf_no_cell_wrong_and_most_exact(scanned_report, truth):
    """200 dpi, rotated 1.5°, a red seal over Table 3, JPEG: nothing wrong, ≥ 95% exact."""
    outcome = cell_outcomes(scanned_report, truth)
    assert outcome["wrong"] == 0, outcome
    assert outcome["exact"] >= 0.95 * sum(outcome.values()), outcome
    assert scanned_report.agency == truth["agency"] and scanned_report.year == truth["year"]


@pytest.mark.integration
def test_scanned_pdf_says_ocr_in_report_and_cells(scanned_report):
    data = scanned_report.to_dict()
    assert data["ocr"] is True and data["media_type"] == "pdf"
    assert data["cells"] and all(c["ocr"] for c in data["cells"])
    confident = [c["confidence"] for c in data["cells"] if c["raw"] is not None and c["confidence"] is not None]
    assert len(confident) >= 0.9 * sum(1 for c in data["cells"] if c["raw"] is not None)
    assert all(c >= MIN_DIGIT_CONFIDENCE for c in confident)
    assert any("straightened" in w for w in scanned_report.warnings)


@pytest.mark.integration
def test_every_null_from_an_unsure_reading_has_a_warning(scanned_report, truth):
    nulls = [
        (t, r, c) for t in ("active_disclosure", "applications", "review_litigation")
        if getattr(scanned_report, t) is not None
        for r, cols in truth[t].items() for c, v in cols.items()
        if v is not None and getattr(scanned_report, t)[r][c] is None
    ]
    unsure = [w for w in scanned_report.warnings if w.startswith("ocr page") and "left null" in w]
    assert len(unsure) >= len(nulls)


@pytest.mark.integration
def test_image_attachment_page_reads_its_table_never_wrong(pages, style, truth):
    """The last scanned page alone as a PNG attachment: Table 4 is on it, read exactly or not at all."""
    data = scan_image(pages[-1:], ScanStyle(dpi=style.dpi, jpeg_quality=0), fmt="png")
    assert sniff_media_type(data, "page.png") == "image"
    report = parse_bytes(data, "page.png")
    assert report.media_type == "image" and report.ocr
    assert report.review_litigation is not None
    outcome = cell_outcomes(report, {**truth, "active_disclosure": {}, "applications": {}})
    assert outcome["wrong"] == 0


@pytest.mark.integration
def test_text_pdf_whose_table_page_is_an_image(pages, truth):
    """Page 1 with its text layer, page 2 scanned: the image page is OCR'd and joins the text."""
    import pypdfium2

    text = pypdfium2.PdfDocument(render_pdf(truth))
    scanned = pypdfium2.PdfDocument(scan_pdf(pages, ScanStyle(dpi=200)))
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(text, [0])
    mixed.import_pages(scanned, [len(scanned) - 1])
    out = io.BytesIO()
    mixed.save(out)
    report = parse_bytes(out.getvalue(), "mixed.pdf")
    assert report.ocr and any("are images" in w for w in report.warnings)
    outcome = cell_outcomes(report, truth)
    assert outcome["wrong"] == 0 and outcome["exact"] >= 0.95 * sum(outcome.values()), outcome
    by_table = {c.table: c.ocr for c in report.cells}
    assert by_table["review_litigation"] is True  # Table 4 is on the scanned page


def test_low_confidence_digits_are_null_with_a_warning():
    issues: list[Issue] = []
    assert accept(Reading("12", MIN_DIGIT_CONFIDENCE - 0.05), "here", issues) == ("", MIN_DIGIT_CONFIDENCE - 0.05)
    assert accept(Reading("1O", 0.99), "there", issues)[0] == ""  # not a clean number: never repaired
    assert accept(Reading("12", 0.99), "fine", issues) == ("12", 0.99)
    assert [(i.code, i.where) for i in issues] == [(OCR_DIGITS_UNSURE.code, "here"), (OCR_DIGITS_UNSURE.code, "there")]
    assert "left null" in issues[0].detail


# --- what is not a report --------------------------------------------------------------------


@pytest.mark.integration
def test_page_without_a_table_invents_none():
    data = _text_image(["关于做好政府信息公开工作的通知", "各有关单位：现将有关事项通知如下。", "请认真贯彻落实。"])
    report = parse_bytes(data, "notice.png")
    assert report.ocr and report.status in ("not_report", "partial")
    assert (report.active_disclosure, report.applications, report.review_litigation) == (None, None, None)
    assert report.cells == []


@pytest.mark.integration
def test_image_inside_docx_is_read_by_ocr():
    import docx

    document = docx.Document()
    document.add_picture(io.BytesIO(_text_image(["政府信息公开工作年度报告", "本报告依据条例编制。"])))
    out = io.BytesIO()
    document.save(out)
    report = parse_bytes(out.getvalue(), "scan.docx")
    assert report.media_type == "docx" and report.ocr
    assert report.status in ("not_report", "partial") and report.error != "Word document with images and no text (scanned pages): needs OCR"


def test_blank_page_is_a_recorded_failure():
    report = parse_bytes(_png(np.full((1600, 1200, 3), 255, np.uint8)), "blank.png")
    assert report.status == "not_report" and "no readable text" in report.error


def test_noise_photo_is_not_a_report():
    rng = np.random.default_rng(5)
    photo = cv2.GaussianBlur(rng.integers(0, 256, (900, 1200, 3), dtype=np.uint8), (0, 0), 3)
    ok, buf = cv2.imencode(".jpg", photo)
    report = parse_bytes(buf.tobytes(), "photo.jpg")
    assert report.status in ("not_report", "failed") and report.error
    assert (report.active_disclosure, report.applications, report.review_litigation) == (None, None, None)


def test_huge_image_is_refused_from_its_header():
    """20,000 × 20,000 px (1.2 GB decoded): refused with its size before any pixel is decoded."""
    # Above the per-page limit but below Pillow's own bomb guard: refused with its dimensions.
    report = parse_bytes(_png_header(9_000, 9_000), "big.png")
    assert report.status == "failed" and "9,000 × 9,000 px" in report.error
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = parse_bytes(_png_header(20_000, 20_000), "huge.png")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert report.status == "failed"
    assert "too large for OCR" in report.error and "400000000 pixels" in report.error
    assert grown_kib < 100 * 1024


def test_ocr_time_budget_is_a_recorded_failure(pages, style, monkeypatch):
    monkeypatch.setenv("GKNB_OCR_SECONDS", "0")
    report = parse_bytes(scan_pdf(pages, style), "slow.pdf")
    assert report.status == "failed" and "GKNB_OCR_SECONDS" in report.error


def test_image_magic_bytes_are_sniffed():
    assert sniff_media_type(b"\xff\xd8\xff\xe0" + bytes(20), "x.bin") == "image"
    assert sniff_media_type(b"\x89PNG\r\n\x1a\n" + bytes(20), "x.bin") == "image"
    assert sniff_media_type(b"II*\x00" + bytes(20), "x.bin") == "image"
    assert sniff_media_type(b"MM\x00*" + bytes(20), "x.bin") == "image"


def test_synthetic_scan_pdfs_are_the_same_bytes_every_time():
    """The simulator serves scans every night: a date stamped at writing would make each night a new version."""
    from gknb.synth.render.scan import styles

    style = styles(random.Random(4), 150)
    page = np.full((60, 40), 255, dtype=np.uint8)
    data = scan_pdf([page], style)
    assert b"/CreationDate (D:20250430000000Z)" in data and b"/ModDate (D:20250430000000Z)" in data
