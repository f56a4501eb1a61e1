"""PDF reader: the hand-verified samples cell for cell, and PDFs drawn here with the traps of
real reports (tall merged cells, labels one character per line, a table over a page break
with a page number inside it, tables without rules, blank cells, spaced-out CJK, scans,
encrypted and cut files)."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Sequence

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from gknb.extract.document import Cell, Document, ReadError
from gknb.extract.readers.pdf import read_pdf
from tests.expected_cases import SAMPLES, cell_differences, expected_for, needs_shared
from gknb.model.report import APPLICANT_COLUMNS, OUTCOME_COLUMNS, TABLE4
from gknb.transform.parse import parse_bytes, parse_path

FONT = "STSong-Light"  # reportlab's built-in CID font: no font file, pdfium maps it back to Unicode
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SPACED_CJK = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")


def rows_of(doc: Document) -> dict[int, list[Cell]]:
    rows: dict[int, list[Cell]] = {}
    for cell in doc.cells:
        rows.setdefault(cell.row, []).append(cell)
    return rows


def row_texts(doc: Document, label: str) -> list[str]:
    """Texts of the row holding the cell ``label``, from that cell on."""
    rows = rows_of(doc)
    anchor = next(c for c in doc.cells if c.text == label)
    texts = [c.text for c in rows[anchor.row]]
    return texts[texts.index(label) :]


def assert_row_ids_well_formed(doc: Document) -> None:
    """Every cell has a row; row ids never go back, and each row's cells are contiguous."""
    ids = [c.row for c in doc.cells]
    assert None not in ids
    assert ids == sorted(ids)


# --- the samples ----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda p: p.name)
def sample(request):
    path = request.param
    return read_pdf(path.read_bytes(), path.name), expected_for(path)


@needs_shared
def test_sample_rows_hold_label_then_values(sample):
    doc, expected = sample
    for label, key in (("1.属于国家秘密", "denied_state_secret"), ("7.属于行政执法案卷", "denied_law_enforcement_files")):
        want = [str(expected["applications"][key][c.key]) for c in APPLICANT_COLUMNS]
        assert row_texts(doc, label) == [label, *want]
    new = next(c.text for c in doc.cells if c.text.startswith("一、本年新收"))
    assert row_texts(doc, new)[1:] == [str(expected["applications"]["new_received"][c.key]) for c in APPLICANT_COLUMNS]


@needs_shared
def test_sample_table4_values_are_one_row_of_fifteen_cells(sample):
    doc, expected = sample
    want = [str(expected["review_litigation"][r.key][c.key]) for r in TABLE4.rows for c in OUTCOME_COLUMNS]
    rows = [[c.text for c in cells] for cells in rows_of(doc).values()]
    assert want in rows
    cells = next(cells for cells in rows_of(doc).values() if [c.text for c in cells] == want)
    assert [c.col for c in cells] == list(range(15)) and len({c.table for c in cells}) == 1


@needs_shared
def test_sample_text_reads_naturally(sample):
    doc, expected = sample
    year = expected["year"]
    lines = doc.text.splitlines()
    assert lines[:2] == [expected["agency"], f"{year}年政府信息公开工作年度报告"]
    assert f"统计期限自{year}年1月1日起至{year}年12月31日止" in doc.text  # joined across a line wrap
    assert not SPACED_CJK.search(doc.text)
    assert not any(re.fullmatch(r"[-—\s]*\d+[-—\s]*", c.text) for c in doc.cells if c.table is None)  # "- 3 -" dropped


@needs_shared
def test_sample_structure(sample):
    doc, _ = sample
    assert_row_ids_well_formed(doc)
    texts = [c.text for c in doc.cells]
    # The group label written one character per line is one cell, before its first row's label.
    assert texts.count("三、本年度办理结果") == 1
    assert row_texts(doc, "三、本年度办理结果")[1] == "（一）予以公开"
    heading = texts.index("三、收到和处理政府信息公开申请情况")
    first = next(i for i, c in enumerate(doc.cells) if c.text.startswith("一、本年新收"))
    assert heading < first and doc.cells[heading].table is None
    # Table 3 runs over a page break: one table index on both pages.
    total = next(c for c in doc.cells if c.text == "（七）总计")
    assert doc.cells[first].table == total.table is not None


@needs_shared
def test_sample_metadata(sample):
    doc, expected = sample
    assert doc.meta["pdf_title"].endswith("政府信息公开工作年度报告")  # UTF-16LE with BOM, decoded
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.meta["pdf_created"])
    assert int(doc.meta["pdf_created"][:4]) == expected["year"] + 1


@needs_shared
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_parses_to_the_expected_report(path):
    report = parse_path(path)
    assert report.media_type == "pdf" and report.status == "parsed", report.error
    assert cell_differences(report, expected_for(path)) == []


@needs_shared
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_cut_sample_is_a_failure_with_a_reason(path):
    data = path.read_bytes()
    for share in (0.1, 0.35, 0.6, 0.9, 0.999):
        with pytest.raises(ReadError) as err:
            read_pdf(data[: int(len(data) * share)], "cut.pdf")
        assert err.value.status == "failed" and "PDF" in str(err.value)
    report = parse_bytes(data[: len(data) * 6 // 10], "cut.pdf")
    assert report.status == "failed" and "PDF" in report.error


# --- PDFs drawn here ------------------------------------------------------------------------

SIZE = 10.0
LEFT, TOP = 60.0, 780.0
WIDTHS = [30.0, 150.0, 40.0, 40.0, 40.0]  # group label, row label, three value columns
ROW_HEIGHT = 30.0


def _centred(canvas: Canvas, lines: Sequence[str], x: float, y_mid: float, leading: float = SIZE * 1.3) -> None:
    y = y_mid + (len(lines) - 1) * leading / 2 - SIZE / 3
    for line in lines:
        canvas.drawCentredString(x, y, line)
        y -= leading


def _table_rows(values: list[list[int | None]]) -> list[tuple[str, list[str], list[int | None]]]:
    """(group label part, row label lines, values) of a small Table-3-like block."""
    labels = [["（一）予以公开"], ["（二）部分公开（区分处理的，", "只计这一情形）"], ["1.属于国家秘密"], ["2.其他法律行政法规禁止公开"]]
    return [("", label, row) for label, row in zip(labels, values)]


def _draw_page_table(canvas: Canvas, rows, *, ruled: bool, group: str, top: float) -> None:
    """Rows under one tall group cell; values centred in their columns."""
    y = top
    x_values = [LEFT + sum(WIDTHS[:i]) + WIDTHS[i] / 2 for i in range(2, 5)]
    for _, label, vals in rows:
        if ruled:
            for i, w in enumerate(WIDTHS[1:], 1):
                canvas.rect(LEFT + sum(WIDTHS[:i]), y - ROW_HEIGHT, w, ROW_HEIGHT)
        _centred(canvas, label, LEFT + WIDTHS[0] + WIDTHS[1] / 2, y - ROW_HEIGHT / 2)
        for x, v in zip(x_values, vals):
            if v is not None:
                canvas.drawCentredString(x, y - ROW_HEIGHT / 2 - SIZE / 3, str(v))
        y -= ROW_HEIGHT
    if ruled:
        canvas.rect(LEFT, y, WIDTHS[0], top - y)
    _centred(canvas, list(group), LEFT + WIDTHS[0] / 2, (top + y) / 2, leading=SIZE * 1.1)  # one char per line


def _report_pdf(values: list[list[int | None]], *, ruled: bool) -> bytes:
    """Title spaced out, a wrapped preamble, a heading, then the table cut by a page break
    with the page number between its halves."""
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(FONT, 16)
    canvas.drawCentredString(297, TOP, "示例县人民政府")
    text = canvas.beginText(150, TOP - 24)
    text.setFont(FONT, 16)
    text.setCharSpace(6)  # justified or letter-spaced titles: "2 0 2 3 年 政 府 …"
    text.textOut("2023年政府信息公开工作年度报告")
    text.setCharSpace(0)
    canvas.drawText(text)
    canvas.setFont(FONT, SIZE)
    preamble = "本报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。本报告由示例县人民政府办公室编制，如有疑问请联系。"
    # The first line fills the text width (to x=535), so the sentence wraps inside a date.
    cut = max(n for n in range(len(preamble)) if pdfmetrics.stringWidth(preamble[:n], FONT, SIZE) <= 535 - LEFT - 2 * SIZE)
    canvas.drawString(LEFT + 2 * SIZE, TOP - 60, preamble[:cut])
    canvas.drawString(LEFT, TOP - 60 - SIZE * 1.6, preamble[cut:])
    canvas.drawString(LEFT + 2 * SIZE, TOP - 100, "三、收到和处理政府信息公开申请情况")
    rows = _table_rows(values)
    _draw_page_table(canvas, rows[:2], ruled=ruled, group="三、本年", top=TOP - 115)
    canvas.drawCentredString(297, 40, "- 1 -")
    canvas.showPage()
    canvas.setFont(FONT, SIZE)
    _draw_page_table(canvas, rows[2:], ruled=ruled, group="度结果", top=TOP)
    canvas.drawString(LEFT + 2 * SIZE, TOP - 3 * ROW_HEIGHT, "四、政府信息公开行政复议、行政诉讼情况")
    canvas.drawCentredString(297, 40, "第 2 页 共 2 页")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


VALUES = [[3, 0, 3], [12, None, 12], [0, 0, None], [1, 4, 5]]


def test_ruled_table_over_a_page_break_cell_for_cell():
    doc = read_pdf(_report_pdf(VALUES, ruled=True), "ruled.pdf")
    assert_row_ids_well_formed(doc)
    table = [[(c.col, c.text) for c in cells] for cells in rows_of(doc).values() if cells[0].table is not None]

    def vals(row):
        return [(c, "" if v is None else str(v)) for c, v in zip((2, 3, 4), row)]

    assert table == [
        [(0, "三、本年"), (1, "（一）予以公开"), *vals(VALUES[0])],
        [(1, "（二）部分公开（区分处理的，只计这一情形）"), *vals(VALUES[1])],
        [(0, "度结果"), (1, "1.属于国家秘密"), *vals(VALUES[2])],
        [(1, "2.其他法律行政法规禁止公开"), *vals(VALUES[3])],
    ]
    assert len({c.table for c in doc.cells if c.table is not None}) == 1  # continued, not a new table
    assert "- 1 -" not in doc.text and "第 2 页" not in doc.text


def test_text_outside_tables_reads_naturally():
    doc = read_pdf(_report_pdf(VALUES, ruled=True), "ruled.pdf")
    lines = doc.text.splitlines()
    assert lines[:2] == ["示例县人民政府", "2023年政府信息公开工作年度报告"]
    assert lines[2].startswith("本报告中所列数据统计期限自2023年1月1日起至2023年12月31日止。")
    assert lines[3] == "三、收到和处理政府信息公开申请情况"
    assert lines[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    free = [c for c in doc.cells if c.table is None]
    assert [c.text for c in free] == lines[:4] + lines[-1:]
    assert all(c.col is None for c in free)


def test_table_without_rules_gives_rows_with_labels_values_and_blanks():
    values = [[3, 0, 3], [12, None, 12], [0, 0, None], [1, 4, 5]]
    doc = read_pdf(_report_pdf(values, ruled=False), "plain.pdf")
    assert_row_ids_well_formed(doc)
    shown = [["" if v is None else str(v) for v in row] for row in values]
    # The two-line label sits above and below its numbers; it is put back in their row.
    assert row_texts(doc, "（二）部分公开（区分处理的，只计这一情形）")[1:] == shown[1]
    assert row_texts(doc, "1.属于国家秘密")[1:] == shown[2]
    assert row_texts(doc, "2.其他法律行政法规禁止公开")[1:] == shown[3]
    assert doc.text.splitlines()[3] == "三、收到和处理政府信息公开申请情况"


def test_scan_without_text_layer_needs_ocr():
    out = io.BytesIO()
    canvas = Canvas(out)
    for _ in range(2):
        canvas.rect(100, 100, 300, 400, fill=1)  # a scanned page: an image, no characters
        canvas.showPage()
    canvas.save()
    with pytest.raises(ReadError) as err:
        read_pdf(out.getvalue(), "scan.pdf")
    assert err.value.status == "needs_ocr"
    # parse_bytes hands it to OCR (tests/test_ocr.py), which finds no text on a black box.
    report = parse_bytes(out.getvalue(), "scan.pdf")
    assert report.status == "not_report" and "no readable text" in report.error


def test_encrypted_pdf_is_a_failure_with_a_reason():
    out = io.BytesIO()
    canvas = Canvas(out, encrypt=pdfencrypt.StandardEncryption("user", ownerPassword="owner", strength=128))
    canvas.setFont(FONT, 12)
    canvas.drawString(100, 700, "示例县人民政府2023年政府信息公开工作年度报告")
    canvas.save()
    with pytest.raises(ReadError, match="encrypted") as err:
        read_pdf(out.getvalue(), "locked.pdf")
    assert err.value.status == "failed"


@pytest.mark.parametrize("data", [b"", b"<html>not a pdf</html>", b"%PDF-1.7\n1 0 obj garbage\n%%EOF", bytes(range(256)) * 40])
def test_bytes_that_are_no_pdf_are_a_read_error(data):
    with pytest.raises(ReadError) as err:
        read_pdf(data, "junk.pdf")
    assert err.value.status == "failed"


# --- whole synthetic reports (synth.render.pdf draws them as Word prints them) -----------------


@pytest.mark.parametrize("seed", range(4))
def test_synthetic_reports_round_trip(seed):
    from gknb.synth.render.pdf import render_pdf
    from gknb.synth.values import random_report

    rng = random.Random(seed)
    truth = random_report(rng, fmt="2019" if seed == 3 else "2021")
    with_blanks = random_report(rng, blank_rate=0.08)
    for ruled in (True, False):
        report = parse_bytes(render_pdf(truth, ruled=ruled), f"{seed}.pdf")
        assert cell_differences(report, truth) == [], f"ruled={ruled}"
    # Blanks: ruled tables keep every blank cell; without rules a table may be lost (a row
    # whose only cell is blank leaves nothing on the page) but is never read wrong.
    assert cell_differences(parse_bytes(render_pdf(with_blanks, ruled=True), "b.pdf"), with_blanks) == []
    plain = parse_bytes(render_pdf(with_blanks, ruled=False), "b.pdf")
    for table in ("active_disclosure", "applications", "review_litigation"):
        got = getattr(plain, table)
        assert got is None or got == with_blanks[table], table


def test_fake_bold_characters_are_read_once():
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(FONT, 14)
    for dx, dy in ((0, 0), (0.3, 0.2), (0.6, 0)):  # bold faked by overprinting, as WPS exports do
        canvas.drawString(100 + dx, 700 + dy, "示例县人民政府2023年政府信息公开工作年度报告")
    canvas.drawString(100, 600, "行政许可")
    canvas.drawString(300, 600, "550")
    canvas.drawString(350, 600, "550")  # a real repeat stays
    canvas.save()
    doc = read_pdf(out.getvalue(), "bold.pdf")
    assert doc.text.splitlines() == ["示例县人民政府2023年政府信息公开工作年度报告", "行政许可 550 550"]
    assert [c.text for c in doc.cells] == ["示例县人民政府2023年政府信息公开工作年度报告", "行政许可", "550", "550"]


# --- hostile PDFs ---------------------------------------------------------------------------


def _pages_pdf(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for n in range(pages):
        canvas.setFont(FONT, 12)
        canvas.drawString(100, 700, f"第{n + 1}部分")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pdf_over_the_page_cap_is_refused_before_reading(monkeypatch):
    data = _pages_pdf(301)  # the default cap is 300 pages
    with pytest.raises(ReadError, match="301 pages, over the cap of 300") as err:
        read_pdf(data, "long.pdf")
    assert err.value.status == "failed"
    monkeypatch.setenv("GKNB_MAX_PDF_PAGES", "3")
    report = parse_bytes(_pages_pdf(4), "four.pdf")
    assert report.status == "failed" and "GKNB_MAX_PDF_PAGES" in report.error
    text = read_pdf(_pages_pdf(3), "three.pdf").text  # at the cap: read, every page
    assert all(f"第{n}部分" in text for n in (1, 2, 3))


def _info_pdf(title: bytes) -> bytes:
    """A one-page PDF whose Info /Title is the given string token, written uncompressed."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", b"<< /Title " + title + b" >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-16"])
def test_document_title_in_the_producers_encoding(encoding):
    """WPS writes titles as GBK or UTF-8 bytes, which PDF readers take for PDFDocEncoding
    (GBK 信 is C5 C5, 政 D5 FE; the UTF-8 of 政 holds AD, which PDFDocEncoding leaves undefined)."""
    import pypdfium2

    from gknb.extract.readers.pdf_meta import pdf_metadata

    title = "洪泽区人民政府2023年政府信息公开工作年度报告"
    raw = title.encode(encoding)
    token = b"<" + raw.hex().encode() + b">" if encoding != "gbk" else b"(" + raw + b")"
    data = _info_pdf(token)
    assert pdf_metadata(pypdfium2.PdfDocument(data), data)["pdf_title"] == title


@pytest.mark.parametrize("box", [(-30, -40, 565.2756, 801.8898), (20, 30, 615.2756, 871.8898)])
def test_a_mediabox_away_from_the_origin_reads_the_same(box):
    """Glyphs and rules are placed relative to the MediaBox, wherever its origin lies."""
    import pypdfium2

    from gknb.synth.render.pdf import render_pdf
    from gknb.synth.values import random_report

    data = render_pdf(random_report(random.Random(5)))
    pdf = pypdfium2.PdfDocument(data)
    for page in pdf:
        page.set_mediabox(*box)
    moved = io.BytesIO()
    pdf.save(moved)
    assert read_pdf(moved.getvalue(), "moved.pdf").cells == read_pdf(data, "report.pdf").cells
