"""Text PDFs to cells, rebuilt from the positions of the words on each page.

Naive text extraction runs neighbouring table cells together (``1 0 1 0 0`` for the
numbers 10, 1, 0, 0 …) or spaces out every character.  Here words are taken with their
boxes (pdfplumber), grouped into lines by their vertical centre, and split into cells
wherever the horizontal gap between words is wider than the characters are tall — table
columns are far apart, characters of one cell are not.  One line is one row of cells.
Labels vertically centred in tall cells land on lines of their own; the matcher pairs
them with their value rows.  A PDF whose pages carry no characters is a scan: needs_ocr.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.document import Cell, Document, ReadError

_CJK = re.compile(r"[\u2e80-\u303f\u3400-\u9fff\uff00-\uffef]")
LINE_TOLERANCE = 3.0  # points between word centres on one line
CELL_GAP = 0.9  # a gap wider than this many character heights starts a new cell


def _join(left: str, right: str) -> str:
    """Join words of one cell: no space between CJK characters, a space between Latin words."""
    if not left:
        return right
    if _CJK.match(left[-1]) or _CJK.match(right[0]):
        return left + right
    return f"{left} {right}"


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    centres: list[float] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid = (w["top"] + w["bottom"]) / 2
        if lines and mid - centres[-1] <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
            centres.append(mid)
    return lines


def _cells(line: list[dict[str, Any]]) -> list[str]:
    line.sort(key=lambda w: w["x0"])
    height = max(1.0, min(w["bottom"] - w["top"] for w in line))
    cells: list[str] = []
    last_x1: float | None = None
    for w in line:
        if last_x1 is not None and w["x0"] - last_x1 <= height * CELL_GAP:
            cells[-1] = _join(cells[-1], w["text"])
        else:
            cells.append(w["text"])
        last_x1 = w["x1"]
    return cells


def _meta(pdf: pdfplumber.PDF) -> dict[str, str]:
    info = pdf.metadata or {}
    out = {}
    for key, name in (("Title", "pdf_title"), ("Author", "pdf_author"), ("CreationDate", "pdf_created")):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-16" if value.startswith(b"\xfe\xff") else "latin-1", errors="ignore")
        if value:
            out[name] = str(value).strip()
    if "pdf_created" in out:  # D:20240118093000+08'00' -> 2024-01-18
        m = re.search(r"(\d{4})(\d{2})(\d{2})", out["pdf_created"])
        out["pdf_created"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else out["pdf_created"]
    return out


def read_pdf(data: bytes, source: str) -> Document:
    cells: list[Cell] = []
    text_lines: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            meta = _meta(pdf)
            pages = pdf.pages
            if not pages:
                raise ReadError("PDF has no pages")
            for page in pages:
                words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
                for line in _lines(words):
                    row = len(text_lines)
                    texts = _cells(line)
                    cells.extend(Cell(t, row=row, col=col) for col, t in enumerate(texts))
                    text_lines.append(" ".join(texts))
    except ReadError:
        raise
    except PDFPasswordIncorrect:
        raise ReadError("encrypted PDF (password required)") from None
    except (PDFSyntaxError, Exception) as err:  # pdfminer raises many types on broken files
        raise ReadError(f"unreadable or truncated PDF: {type(err).__name__}: {err}".strip()) from None
    if not cells:
        raise ReadError(f"PDF with {len(pages)} page(s) and no text layer (scanned): needs OCR", status="needs_ocr")
    return Document(source=source, media_type="pdf", cells=cells, text="\n".join(text_lines), meta=meta)
