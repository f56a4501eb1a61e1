"""The hostile corpus, generated in code: documents of a few kilobytes to a few megabytes that cost
gigabytes or minutes to read when nothing bounds them (issue 12, "Hostile input and faults").

Bombs are honest: each declares its true unpacked size and checksum, so a reader without the
pre-checks really inflates it.  They are built from one deflate block repeated (compressed once,
byte-aligned by a full flush, so copies can follow each other), which makes a bomb of
hundreds of MiB under a megabyte on disk and about a second to build (the checksums are the cost).

``CASES`` maps each case name to a builder returning (file name, bytes).
"""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable

# What a bomb unpacks to: past both bounds that meet it (the 256 MiB archive cap, the tests' 512 MiB
# budget); the files were 1.5 to 4 GiB, the same case at a higher checksum cost.
BOMB_BYTES = 768 << 20
_CHUNK = b" " * (1 << 20)  # whitespace is legal at the end of any XML document and in a PDF content stream


def repeated_deflate(prefix: bytes, unpacked: int) -> tuple[bytes, int, int, int]:
    """Raw deflate of ``prefix`` followed by spaces up to ``unpacked`` bytes: (stream, crc32, adler32, size)."""
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(prefix) + first.flush(zlib.Z_FULL_FLUSH)
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = block.compress(_CHUNK) + block.flush(zlib.Z_FULL_FLUSH)
    times = max(0, unpacked - len(prefix)) // len(_CHUNK)
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(times):
        crc, adler = zlib.crc32(_CHUNK, crc), zlib.adler32(_CHUNK, adler)
    final_empty_block = b"\x03\x00"
    return head + piece * times + final_empty_block, crc, adler, len(prefix) + times * len(_CHUNK)


def build_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from already-deflated entries (name, raw deflate, crc32, unpacked size)."""
    out = io.BytesIO()
    central = []
    for name, raw, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0))
        out.write(encoded + raw)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                        len(encoded), 0, 0, 0, 0, 0, offset) + encoded
        )
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _with_bomb(archive: bytes, target: str, unpacked: int) -> bytes:
    """``archive`` rebuilt with ``target`` padded by trailing spaces to ``unpacked`` bytes."""
    import zipfile

    entries = []
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            data = z.read(name)
            if name == target:
                raw, crc, _adler, size = repeated_deflate(data, unpacked)
                entries.append((name, raw, crc, size))
            else:
                c = zlib.compressobj(6, zlib.DEFLATED, -15)
                entries.append((name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)))
    return build_zip(entries)


def good_report_html(seed: int) -> bytes:
    """A synthetic report page that parses: the good documents around the bad ones."""
    from gknb.synth.render.html import render_report_html
    from gknb.synth.values import random_report

    return render_report_html(random_report(random.Random(seed)))


def _docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2023年政府信息公开工作年度报告")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xlsx(cells: dict[str, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bomb() -> tuple[str, bytes]:
    """word/document.xml inflating to 768 MiB (the issue's: 4 GiB)."""
    return "bomb.docx", _with_bomb(_docx(), "word/document.xml", BOMB_BYTES)


def xlsx_far_cell() -> tuple[str, bytes]:
    """Two cells, at A1 and XFD1048576: a dense grid of 17 billion slots."""
    return "far-cell.xlsx", _xlsx({"A1": "政府信息公开", "XFD1048576": "1"})


def xlsx_bomb() -> tuple[str, bytes]:
    return "bomb.xlsx", _with_bomb(_xlsx({"A1": "政府信息公开"}), "xl/worksheets/sheet1.xml", BOMB_BYTES)


def simple_pdf(contents: list[bytes]) -> bytes:
    """A PDF with one page per content stream (already encoded, filter in the tuple) and Helvetica."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for stream in contents:
        page_no = len(objects) + 1
        kids.append(f"{page_no} 0 R".encode())
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {page_no + 1} 0 R >>".encode()
        )
        objects.append(stream)
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(data: bytes, filters: str = "") -> bytes:
    return f"<< /Length {len(data)}{filters} >>\nstream\n".encode() + data + b"\nendstream"


def pdf_flate_bomb() -> tuple[str, bytes]:
    """One page whose Flate content stream inflates to 768 MiB (the issue's: 1.5 GiB)."""
    raw, _crc, adler, _size = repeated_deflate(b"BT /F1 12 Tf 72 720 Td (2023) Tj ET\n", BOMB_BYTES)
    zlib_stream = b"\x78\xda" + raw + struct.pack(">I", adler)
    return "flate-bomb.pdf", simple_pdf([_stream(zlib_stream, " /Filter /FlateDecode")])


def pdf_many_pages(pages: int = 2000) -> tuple[str, bytes]:
    """A text PDF of 2,000 pages of 40 lines each: minutes and gigabytes without a budget."""
    line = b"(Government information disclosure annual report 2023, section 1, row 12345) '\n"
    page = b"BT /F1 9 Tf 40 800 Td 12 TL\n" + line * 40 + b"ET"
    return "many-pages.pdf", simple_pdf([_stream(page)] * pages)


def html_huge_spans() -> tuple[str, bytes]:
    """2,000 cells of colspan=200 rowspan=200: 80 million grid slots to lay out."""
    row = "<tr>" + '<td colspan="200" rowspan="200">1</td>' * 100 + "</tr>"
    return "spans.html", f"<html><body><table>{row * 20}</table></body></html>".encode()


def html_60mb() -> tuple[str, bytes]:
    """A 60 MB page of one table (72 s and 3.3 GB to read without a cap)."""
    row = "<tr>" + "".join(f"<td>{i}</td>" for i in range(20)) + "</tr>\n"
    return "huge.html", ("<html><body><table>" + row * (60_000_000 // len(row)) + "</table></body></html>").encode()


def html_nested_divs(depth: int = 100_000) -> tuple[str, bytes]:
    """100,000 nested divs: quadratic in the HTML parser, then a RecursionError in a recursive walk."""
    return "nested.html", ("<html><body>" + "<div>" * depth + "2023" + "</div>" * depth + "</body></html>").encode()


CASES: dict[str, Callable[[], tuple[str, bytes]]] = {
    "docx_bomb": docx_bomb,
    "xlsx_far_cell": xlsx_far_cell,
    "xlsx_bomb": xlsx_bomb,
    "pdf_flate_bomb": pdf_flate_bomb,
    "pdf_many_pages": pdf_many_pages,
    "html_huge_spans": html_huge_spans,
    "html_60mb": html_60mb,
    "html_nested_divs": html_nested_divs,
}
