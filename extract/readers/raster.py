"""A scanned page as geometry: cleaned, straightened, its ruled tables and its text lines.

OCR engines read text lines well and tables badly: they neither see cell boundaries nor
keep a blank cell.  So the page's structure comes from the image itself before any text is
read: the red seal is removed (it is red, the print is black), the page is turned straight
by the angle at which its rows of ink are sharpest, ruling lines are found by morphology
(long thin runs of ink), the regions they enclose are the cells, and the ink outside tables
is cut into lines and the lines into segments at wide gaps.  The recogniser then only ever
sees one line of text at a time, and every piece of text already has its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from gknb.extract.readers.grid_lines import merge_lines, nearest_line
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels

MAX_SKEW = 2.5  # degrees searched either way when straightening
SKEW_STEP = 0.1
RULE_FRACTION = 40  # a ruling is at least 1/RULE_FRACTION of the page wide (or tall)
MIN_TABLE_ROWS = 2
MIN_TABLE_COLUMNS = 2
LINE_GAP = 0.35  # blank rows inside one text line, in line heights
SEGMENT_GAP = 1.6  # a wider horizontal gap (in line heights) splits a line outside tables into cells
SEAL_GREY = 200  # a red seal is about this light in the red channel: at full resolution never ink
RULING_CONTRAST = 45  # at full resolution a ruling is this much darker than the paper (a 150 dpi hairline is faint)


def remove_red(image: np.ndarray) -> np.ndarray:
    """Grey page without red ink (seals, red letterheads): the red channel, in which red ink
    is nearly as light as paper and black print stays black, also where a seal covers it."""
    if image.ndim == 2:
        return image
    return np.ascontiguousarray(image[..., 2])


def remove_seal_strokes(image: np.ndarray, grey: np.ndarray) -> np.ndarray:
    """``grey`` with the seal's own strokes (clearly red, light in the red channel) turned to
    paper, for reading text; rulings are found before this, as it also thins a grey ruling
    under the seal."""
    if image.ndim == 2:
        return grey
    reddish = grey.astype(np.int16) - np.maximum(image[..., 0], image[..., 1]) > 60
    out = grey.copy()
    out[reddish & (grey > 150)] = 255
    return out


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu after a light median filter against scanner speckle)."""
    smooth = cv2.medianBlur(grey, 3)
    _, ink = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def faint_ink(grey: np.ndarray, contrast: int = 35, ceiling: int = 215) -> np.ndarray:
    """Ink as anything at least ``contrast`` grey levels darker than the paper and darker
    than ``ceiling``.  Otsu's threshold gives the light grey of a hairline ruling (scanned,
    or downscaled for the probe) to the paper."""
    smooth = cv2.medianBlur(grey, 3)
    paper = float(np.median(smooth))
    return np.where(smooth < min(paper - contrast, ceiling), 255, 0).astype(np.uint8)


def _rotate(image: np.ndarray, degrees: float, border: int, interpolation: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=interpolation, borderValue=border)


def skew_angle(ink: np.ndarray) -> float:
    """The rotation (degrees) under which the page's rows of ink are sharpest: printed lines
    and table rulings are horizontal on a straight page."""
    scale = min(1.0, 800 / max(ink.shape))
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink
    best, best_score = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, SKEW_STEP):
        profile = _rotate(small, float(angle), 0, cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best


def straighten(grey: np.ndarray, *others: np.ndarray) -> tuple[list[np.ndarray], float]:
    """The page (and ``others`` of its size) turned straight, and the angle turned by."""
    angle = skew_angle(binarise(grey))
    if abs(angle) < SKEW_STEP / 2:
        return [grey, *others], 0.0
    return [_rotate(g, angle, 255, cv2.INTER_LINEAR) for g in (grey, *others)], angle


def rulings(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines as masks: runs of ink far longer than any glyph."""
    h, w = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // RULE_FRACTION, 10), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(h // RULE_FRACTION, 10))))
    # Close the pixel gaps that noise and JPEG leave in a drawn line.
    horizontal = cv2.dilate(horizontal, np.ones((3, 9), np.uint8))
    vertical = cv2.dilate(vertical, np.ones((9, 3), np.uint8))
    return horizontal, vertical


@dataclass(slots=True)
class TableCell:
    box: Box  # the cell's inside, rulings excluded
    row: int  # first grid row
    col: int  # first grid column


@dataclass(slots=True)
class Table:
    """A ruled table: the regions its rulings enclose, laid on its grid lines."""

    box: Box
    columns: int
    rows: int
    cells: list[TableCell] = field(default_factory=list)


def ruling_mask(ink: np.ndarray) -> np.ndarray:
    """Every ruling line of the page as one mask."""
    horizontal, vertical = rulings(ink)
    return cv2.bitwise_or(horizontal, vertical)


def find_tables(ink: np.ndarray, lines: np.ndarray | None = None) -> list[Table]:
    """Ruled tables of the page, top to bottom: each cell is a region its rulings enclose.
    ``ink`` is best from ``faint_ink``: hairline rulings are light grey once scanned."""
    if lines is None:
        lines = ruling_mask(ink)
    h, w = ink.shape
    tol = max(4, w // 300)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables: list[Table] = []
    for i in range(1, count):
        x, y, bw, bh, _area = stats[i]
        if bw < w // 8 or bh < h // 60:
            continue
        region = lines[y : y + bh, x : x + bw]
        n, _lab, cstats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(region), connectivity=4)
        boxes: list[Box] = []
        for j in range(1, n):
            cx, cy, cw, ch, _ = cstats[j]
            touches_border = cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh
            if touches_border or cw < tol or ch < tol:
                continue  # outside the outer frame, or a sliver between doubled rules
            boxes.append((int(x + cx), int(y + cy), int(x + cx + cw), int(y + cy + ch)))
        xs = merge_lines([b[0] for b in boxes] + [b[2] for b in boxes], tol * 2)
        ys = merge_lines([b[1] for b in boxes] + [b[3] for b in boxes], tol * 2)
        if len(xs) - 1 < MIN_TABLE_COLUMNS or len(ys) - 1 < MIN_TABLE_ROWS:
            continue
        table = Table((int(x), int(y), int(x + bw), int(y + bh)), len(xs) - 1, len(ys) - 1)
        # Row by row, left to right, by grid position: on a page straightened to a tenth of a
        # degree the tops of one row's cells still differ by a pixel or two.
        table.cells = sorted((TableCell(b, nearest_line(ys, b[1]), nearest_line(xs, b[0])) for b in boxes), key=lambda c: (c.row, c.col))
        tables.append(table)
    tables.sort(key=lambda t: t.box[1])
    return tables


def _bands(profile: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of non-zero entries, joined across gaps shorter than ``min_gap``."""
    on = np.flatnonzero(profile)
    if on.size == 0:
        return []
    bands: list[list[int]] = [[int(on[0]), int(on[0]) + 1]]
    for v in on[1:]:
        if v - bands[-1][1] < min_gap:
            bands[-1][1] = int(v) + 1
        else:
            bands.append([int(v), int(v) + 1])
    return [(a, b) for a, b in bands]


def text_lines(ink: np.ndarray, box: Box, min_height: int) -> list[Box]:
    """Lines of ink inside ``box``, top to bottom, each cropped to its ink."""
    x0, y0, x1, y1 = box
    part = ink[y0:y1, x0:x1]
    rows = (part > 0).sum(axis=1)
    rows[rows < 2] = 0  # single specks are noise, not text
    out: list[Box] = []
    for top, bottom in _bands(rows, max(2, int(min_height * LINE_GAP))):
        if bottom - top < min_height // 3:
            continue
        cols = np.flatnonzero((part[top:bottom] > 0).sum(axis=0))
        if cols.size == 0:
            continue
        out.append((x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + bottom))
    return out


def segments(ink: np.ndarray, line: Box) -> list[Box]:
    """A line outside tables cut at gaps wider than ``SEGMENT_GAP`` line heights: the cells of
    a table drawn without rules, or the parts of a spread-out line."""
    x0, y0, x1, y1 = line
    cols = (ink[y0:y1, x0:x1] > 0).sum(axis=0)
    return [(x0 + a, y0, x0 + b, y1) for a, b in _bands(cols, max(4, int(SEGMENT_GAP * (y1 - y0))))]


def has_ink(ink: np.ndarray, box: Box, min_pixels: int) -> bool:
    x0, y0, x1, y1 = box
    return int((ink[y0:y1, x0:x1] > 0).sum()) >= min_pixels


def crop(grey: np.ndarray, box: Box, pad: int) -> np.ndarray:
    """A line of text with a white margin, the way the recogniser was trained to see it."""
    x0, y0, x1, y1 = box
    h, w = grey.shape
    piece = grey[max(0, y0 - 1) : min(h, y1 + 1), max(0, x0 - 1) : min(w, x1 + 1)]
    framed = cv2.copyMakeBorder(piece, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    return cv2.cvtColor(framed, cv2.COLOR_GRAY2BGR)  # the recogniser takes three channels
