"""Scanned pages to positioned cells: layout from the image, text from rapidocr's recogniser.

``raster`` finds each page's ruled tables, cells and text lines; the recogniser (PP-OCR's
model, shipped inside the rapidocr-onnxruntime wheel, run on CPU by onnxruntime) reads one
line crop at a time.  Cells come out exactly as the PDF reader emits them (row, column and
table index for ruled tables, one cell per segment elsewhere) so the matcher cannot tell a
scan from a text PDF, except that every cell says ``ocr`` and how confident the reading was.

Never a wrong number: a digit string the recogniser is not sure of, or that is not a clean
number, becomes a blank cell with a warning, never a guess; identities downstream choose
among readings but never repair one.  Pages are first looked at at low resolution and only
pages with a ruled table (and the first page, for the title) are read at full resolution.
A per-document time budget turns a scan that would stall a night into a recorded failure.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import cv2
import numpy as np

from gknb.extract.document import Cell, Document, ReadError
from gknb.extract.readers import raster
from gknb.model.settings import settings
from gknb.model.issues import (OCR_DESKEWED, OCR_DIGITS_UNSURE, OCR_INK_UNREAD, OCR_READ, OCR_TEXT_DROPPED,
                               Issue)

MIN_DIGIT_CONFIDENCE = 0.90  # a digit string read less surely than this is left blank
MIN_TEXT_CONFIDENCE = 0.50  # a label or line read less surely than this is dropped
SCAN_DPI = 200  # pages without a known resolution are read as if scanned at this
REC_HEIGHT = 48  # the recogniser's input height
STRIP_WIDTH = REC_HEIGHT * 32
STRIP_GAP = REC_HEIGHT // 2  # white between crops: wider gaps confuse the model more than they separate
REC_BATCH = 4
# Glyphs a printed zero is drawn as in one font or another (Latin, Greek and Cyrillic O, circles).
ZERO_SHAPES = frozenset("0OoＯｏ０〇○◯ΟοОо")
DROP_DOUBT = 0.3  # a character this probable in a frame the decoder left blank casts doubt on the crop
PROBE_WIDTH = 1000  # pixels: the low-resolution look for table pages
TABLE_CONTINUES = 0.02  # of the page width: a table continues on the next page when its sides are this close

_DIGITS = re.compile(r"\d")
_NUMBER = re.compile(r"^[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-]?\d+(?:\.\d+)?$")
_DASH = re.compile(r"^[-—–/／－]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_PAGE_MARK = re.compile(r"^[-—–_~·\s]*\d{1,4}[-—–_~·\s]*$|^第\s*\d+\s*页")


@lru_cache(maxsize=1)
def recogniser() -> Any:
    """rapidocr's text recogniser, loaded once per process (its model ships in the wheel).
    One thread: parsing fans out over worker processes, and onnxruntime's spinning thread
    pool is several times slower than one thread on a machine whose cores are all busy."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1).text_rec


@dataclass(slots=True)
class Reading:
    text: str
    confidence: float  # the least sure character's probability (0 when nothing was read)
    mean: float | None = None  # the characters' mean probability (a label is judged as a whole)


def _height_scaled(crop: np.ndarray) -> np.ndarray:
    h, w = crop.shape[:2]
    width = max(1, round(w * REC_HEIGHT / h))
    return cv2.resize(crop, (width, REC_HEIGHT), interpolation=cv2.INTER_AREA if h > REC_HEIGHT else cv2.INTER_CUBIC)


def _strips(crops: list[np.ndarray]) -> list[tuple[np.ndarray, list[tuple[int, int, int]]]]:
    """Crops packed side by side into strips of STRIP_WIDTH, white between them: the model
    costs the same for a one-digit crop as for a line, so a row of cells is read at once.
    A line longer than a strip gets a strip of its own width.  Each strip comes with
    (crop index, x0, x1) of what it holds."""
    out: list[tuple[np.ndarray, list[tuple[int, int, int]]]] = []
    strip = np.full((REC_HEIGHT, STRIP_WIDTH, 3), 255, np.uint8)
    spans: list[tuple[int, int, int]] = []
    x = STRIP_GAP
    for i, crop in enumerate(crops):
        piece = _height_scaled(crop)
        width = piece.shape[1]
        if width + 2 * STRIP_GAP > STRIP_WIDTH:
            wide = np.full((REC_HEIGHT, -(-(width + 2 * STRIP_GAP) // 8) * 8, 3), 255, np.uint8)
            wide[:, STRIP_GAP : STRIP_GAP + width] = piece
            out.append((wide, [(i, STRIP_GAP, STRIP_GAP + width)]))
            continue
        if x + width + STRIP_GAP > STRIP_WIDTH and spans:
            out.append((strip, spans))
            strip, spans, x = np.full((REC_HEIGHT, STRIP_WIDTH, 3), 255, np.uint8), [], STRIP_GAP
        strip[:, x : x + width] = piece
        spans.append((i, x, x + width))
        x += width + STRIP_GAP
    if spans:
        out.append((strip, spans))
    return out


def _batches(packed: list[tuple[np.ndarray, list[tuple[int, int, int]]]]) -> list[list[tuple[np.ndarray, list[tuple[int, int, int]]]]]:
    """Strips of one width in batches of REC_BATCH (a wide line alone)."""
    batches: list[list[tuple[np.ndarray, list[tuple[int, int, int]]]]] = []
    for item in packed:
        last = batches[-1] if batches else None
        if last and len(last) < REC_BATCH and last[0][0].shape == item[0].shape:
            last.append(item)
        else:
            batches.append([item])
    return batches


def _character(label: str) -> str:
    """The character a class of the model prints: NFKC form, zero for any zero shape."""
    k = unicodedata.normalize("NFKC", label)
    return "0" if k in ZERO_SHAPES else k


@lru_cache(maxsize=1)
def _same_character_classes(charset: tuple[str, ...]) -> list[list[int]]:
    """For each class of the model, the classes that print the same character: full- and
    half-width forms (７ and 7), and the shapes a zero takes (0, O, o).  The model's doubt
    between them is no doubt about the character, so their probabilities add up."""
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(charset):
        groups.setdefault(_character(c), []).append(i)
    out = [groups[_character(c)] for c in charset]
    out[0] = [0]  # the CTC blank
    return out


def recognise(crops: list[np.ndarray]) -> list[Reading]:
    """Each crop's text and confidence.  Greedy CTC decoding of the model's output, each
    character given to the crop under its time step."""
    if not crops:
        return []
    rec = recogniser()
    charset = rec.postprocess_op.character
    same = _same_character_classes(tuple(charset))
    representative = np.array([group[0] for group in same])
    chars: list[list[tuple[str, float]]] = [[] for _ in crops]
    doubts = [0.0] * len(crops)
    for batch in _batches(_strips(crops)):
        tensor = np.stack([(s.astype(np.float32).transpose(2, 0, 1) / 255 - 0.5) / 0.5 for s, _ in batch])
        preds = rec.session(tensor)[0]
        for (strip, spans), pred in zip(batch, preds):
            step = strip.shape[1] / pred.shape[0]

            def owner(centre: float) -> int:
                return min(spans, key=lambda sp: 0 if sp[1] <= centre < sp[2] else min(abs(centre - sp[1]), abs(centre - sp[2])))[0]

            ids = representative[pred.argmax(axis=1)]  # 0 then O in two frames is one zero
            t = 0
            while t < len(ids):
                cid, end = int(ids[t]), t + 1
                while end < len(ids) and ids[end] == cid:
                    end += 1
                frames = pred[t:end]
                if cid == 0:
                    # A blank stretch inside a crop where some character came close: a digit
                    # the decoder may have dropped ("10" read as "1") makes the crop unsure.
                    rival = float(frames[:, 1:].max()) if frames.shape[1] > 1 else 0.0
                    centre = (t + end) / 2 * step
                    if rival > DROP_DOUBT and any(sp[1] <= centre < sp[2] for sp in spans):
                        doubts[owner(centre)] = max(doubts[owner(centre)], rival)
                elif not _character(charset[cid]).isspace():
                    # Which character, given that one is there: the model's doubt between a
                    # glyph and the blank is about where the glyph's frames end, not what it is.
                    group = frames[:, same[cid]].sum(axis=1)
                    prob = float((group / np.maximum(1e-6, 1 - frames[:, 0])).max())
                    chars[owner((t + end) / 2 * step)].append((_character(charset[cid]), min(1.0, prob)))
                t = end
    return [
        Reading(
            "".join(c for c, _ in got),
            min([p for _, p in got] + [1 - doubt], default=0.0) if got else 0.0,
            sum(p for _, p in got) / len(got) if got else 0.0,
        )
        for got, doubt in zip(chars, doubts)
    ]


class Budget:
    """The document's OCR time; exceeding it is a recorded failure, not a stalled batch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self, what: str) -> None:
        if time.monotonic() > self.deadline:
            raise ReadError(f"OCR took longer than the {self.seconds:g} s budget (GKNB_OCR_SECONDS) at {what}")


@dataclass(slots=True)
class PageImage:
    """One page as pixels: ``load`` decodes at full resolution only when the page is read."""

    number: int
    probe: np.ndarray  # grey, about PROBE_WIDTH wide, for finding table pages
    load: Callable[[], np.ndarray]  # BGR or grey at full resolution


@dataclass
class _Builder:
    """Pages to cells with document-wide row ids and table indexes (as the PDF reader does)."""

    cells: list[Cell] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    row: int = 0
    tables: int = 0
    last_table: tuple[int, raster.Table, int] | None = None  # (index, table, page width)


def is_table_page(probe: np.ndarray) -> bool:
    """Does the low-resolution page hold a ruled table (only such pages are read in full)?"""
    return bool(raster.find_tables(raster.faint_ink(probe)))


def _value_like(text: str) -> bool:
    """Text that is (or is meant to be) a number rather than a label: digits and no Chinese."""
    return bool(_DIGITS.search(text)) and not _CJK.search(text) or (0 < len(text) <= 3 and not _CJK.search(text))


def accept(reading: Reading, where: str, issues: list[Issue]) -> tuple[str, float]:
    """The text kept for a cell: a number only when read surely and cleanly, else blank."""
    text = reading.text.replace(" ", "")
    if _value_like(text) and not _DASH.match(text):
        if reading.confidence < MIN_DIGIT_CONFIDENCE or not _NUMBER.match(text):
            issues.append(OCR_DIGITS_UNSURE(
                where, f"ocr {where}: {reading.text!r} read with confidence {reading.confidence:.2f}; left null"
            ))
            return "", reading.confidence
        return text, reading.confidence
    if not text:
        issues.append(OCR_INK_UNREAD(where, f"ocr {where}: ink that reads as nothing; left null"))
        return "", 0.0
    # A label is matched by its whole text, and a misread one only loses its row, never
    # moves a number: its characters' mean probability decides.
    surety = reading.confidence if reading.mean is None else reading.mean
    if surety < MIN_TEXT_CONFIDENCE:
        issues.append(OCR_TEXT_DROPPED(where, f"ocr {where}: text {reading.text!r} read with confidence {surety:.2f}; dropped"))
        return "", surety
    return reading.text, surety


def read_page(image: np.ndarray, number: int, builder: _Builder, *, tables_only: bool) -> None:
    """One page at full resolution into the builder's cells."""
    red = raster.remove_red(image)
    (red, grey), angle = raster.straighten(red, raster.remove_seal_strokes(image, red))
    if angle:
        builder.issues.append(OCR_DESKEWED(f"page {number}", f"ocr page {number}: straightened by {angle:.1f}°"))
    lines = raster.ruling_mask(raster.faint_ink(red, raster.RULING_CONTRAST, raster.SEAL_GREY))
    tables = raster.find_tables(ink=lines, lines=lines)
    # A table's text is read without its rulings: a stroke of a cell's border in a crop reads as a glyph.
    for table in tables:
        x0, y0, x1, y1 = table.box
        grey[y0:y1, x0:x1][lines[y0:y1, x0:x1] > 0] = 255
    ink = raster.binarise(grey)
    height, width = grey.shape
    line_px = max(8, width // 120)  # the smallest text line worth reading (about 6 pt on A4)
    pad = max(3, line_px // 4)  # text fills about three quarters of the recogniser's line height
    speck = max(6, line_px // 2)
    rule_margin = max(2, width // 400)  # keep the cell's rulings (slightly bent by the straightening) out of its text
    pieces: list[raster.Box] = []  # line crops for the recogniser, in reading order
    blocks: list[tuple[int, Any]] = []  # (top, table or line box) in reading order
    mask = ink.copy()
    for table in tables:
        x0, y0, x1, y1 = table.box
        mask[y0:y1, x0:x1] = 0
        blocks.append((y0, table))
    if not tables_only or tables:
        for line in raster.text_lines(mask, (0, 0, width, height), line_px):
            if line[3] - line[1] >= line_px // 2 and raster.has_ink(mask, line, speck):
                blocks.append((line[1], line))
    blocks.sort(key=lambda b: b[0])
    layout: list[tuple[str, Any, list[int]]] = []  # (kind, object, piece indexes)
    for _top, block in blocks:
        if isinstance(block, raster.Table):
            for cell in block.cells:
                box = _shrink(cell.box, rule_margin)
                idx = []
                if raster.has_ink(ink, box, speck):
                    for line in raster.text_lines(ink, box, line_px // 2):
                        idx.append(len(pieces))
                        pieces.append(line)
                layout.append(("cell", (block, cell), idx))
        else:
            idx = []
            for seg in raster.segments(mask, block):
                idx.append(len(pieces))
                pieces.append(seg)
            layout.append(("line", block, idx))
    readings = recognise([raster.crop(grey, box, pad) for box in pieces])
    _emit(layout, readings, number, width, builder)


def _shrink(box: raster.Box, by: int) -> raster.Box:
    x0, y0, x1, y1 = box
    return (x0 + by, y0 + by, max(x0 + by + 1, x1 - by), max(y0 + by + 1, y1 - by))


def _emit(layout: list[tuple[str, Any, list[int]]], readings: list[Reading], page: int, width: int, b: _Builder) -> None:
    current: raster.Table | None = None
    table_index = 0
    row_of: dict[int, int] = {}
    text_seen = False  # a line of text above: a table below it does not continue the last page's
    for kind, obj, idx in layout:
        if kind == "cell":
            table, cell = obj
            if table is not current:
                current, row_of = table, {}
                table_index = _table_index(b, table, width, continuing=not text_seen)
                b.last_table = (table_index, table, width)
            if cell.row not in row_of:
                row_of[cell.row] = b.row
                b.row += 1
                b.text.append("")
            parts = [readings[i] for i in idx]
            where = f"page {page} table {table_index + 1} row {cell.row + 1} column {cell.col + 1}"
            joined = Reading(
                "".join(p.text for p in parts),
                min((p.confidence for p in parts), default=1.0),
                min((p.mean if p.mean is not None else p.confidence for p in parts), default=1.0),
            )
            text, confidence = accept(joined, where, b.issues)
            b.cells.append(
                Cell(text, row=row_of[cell.row], col=cell.col, table=table_index, ocr=True,
                     confidence=round(confidence, 3) if parts else None)
            )
            if text:
                b.text[-1] = f"{b.text[-1]}\t{text}" if b.text[-1] else text
            continue
        if len(idx) == 1 and _PAGE_MARK.match(readings[idx[0]].text):
            continue  # a page number does not end a table
        texts = [accept(readings[i], f"page {page} line", b.issues) for i in idx]
        texts = [(t, c) for t, c in texts if t]
        if not texts:
            continue
        current, b.last_table, text_seen = None, None, True
        for text, confidence in texts:
            b.cells.append(Cell(text, row=b.row, ocr=True, confidence=round(confidence, 3)))
        b.text.append(" ".join(t for t, _ in texts))
        b.row += 1


def _table_index(b: _Builder, table: raster.Table, width: int, *, continuing: bool) -> int:
    """A table at the top of a page continues the one that ended the page before when its
    columns and sides line up; otherwise it is a new table."""
    if continuing and b.last_table is not None:
        index, prev, prev_width = b.last_table
        tol = TABLE_CONTINUES * width
        if (
            prev.columns == table.columns
            and abs(prev.box[0] / prev_width * width - table.box[0]) <= tol
            and abs(prev.box[2] / prev_width * width - table.box[2]) <= tol
        ):
            return index
    b.tables += 1
    return b.tables - 1


def read_pages(pages: Iterable[PageImage], source: str, media_type: str, *, budget: Budget | None = None) -> Document:
    """Scanned pages to a Document of OCR'd cells.  The first page is always read (its title
    names the agency and year); later pages only when the low-resolution look finds a table."""
    budget = budget or Budget(settings().ocr_seconds)
    builder = _Builder()
    count = read = 0
    for page in pages:
        count += 1
        budget.check(f"page {page.number}")
        has_table = is_table_page(page.probe)
        if page.number > 1 and not has_table:
            builder.last_table = None
            continue
        read += 1
        read_page(page.load(), page.number, builder, tables_only=page.number > 1)
    if count == 0:
        raise ReadError("scan with no pages")
    budget.check("the end of the document")
    if not any(c.text for c in builder.cells):
        raise ReadError(f"scan of {count} page(s) with no readable text (blank or not a document)", status="not_report")
    if builder.tables == 0 and not any(_CJK.search(c.text) for c in builder.cells):
        raise ReadError(f"scan of {count} page(s) with no table and no Chinese text: not a report", status="not_report")
    builder.issues.insert(0, OCR_READ("document", f"ocr: read {read} of {count} page(s) by OCR"))
    return Document(
        source=source,
        media_type=media_type,
        cells=builder.cells,
        text="\n".join(t for t in builder.text if t),
        issues=builder.issues,
        ocr=True,
    )
