"""A PDF page read through pdfium: its glyphs with boxes and font size, and the paths drawn on it.

The reader's geometry was tuned on pdfminer's view of a page, so this module gives the same
view: a glyph's box runs from its origin over its advance width, and from the font's descent
to one font size above it (not pdfium's tight or loose glyph box); coordinates are points
from the top-left corner of the page as pdfplumber reports them (rotation and MediaBox
offset included); paths are split into subpaths and sorted into lines, rectangles and curves
by pdfminer's rules.  pdfium does the parsing in C, so what costs time here is the number of
calls into it and the price of each: the accessors are called through cffi with handles as
plain integers (pypdfium2's typed ctypes pointers cost a conversion on every call),
per-object values are cached, and the text of a page is fetched in one call.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Collection
from typing import Any, NamedTuple

import cffi
import pypdfium2
import pypdfium2.raw as pdfium

Matrix = tuple[float, float, float, float, float, float]
Metrics = tuple[float, float, float | None, float]  # see _metrics

_ffi = cffi.FFI()
_ffi.cdef(
    """
    typedef struct { float left, top, right, bottom; } FS_RECTF;
    typedef struct { float a, b, c, d, e, f; } FS_MATRIX;
    """
)


def _bind(function: Any, signature: str) -> Any:
    """A pdfium function called through cffi with handles as plain integers (``uintptr_t``,
    0 for none).  pypdfium2's ctypes bindings stay what opens and closes documents and
    pages; the accessors below are called thousands of times a page, and through cffi a
    call costs ~20% less than through ctypes with the same integer handles (0.26 against
    0.32 µs here; 0.38 µs with pypdfium2's typed pointers).  The function is pypdfium2's
    own (the same address in the same library), only called through another door."""
    result, arguments = signature.split("(", 1)
    return _ffi.cast(f"{result}(*)({arguments}", ctypes.cast(function, ctypes.c_void_p).value)


_count_chars = _bind(pdfium.FPDFText_CountChars, "int(uintptr_t)")
_get_text = _bind(pdfium.FPDFText_GetText, "int(uintptr_t, int, int, unsigned short*)")
_get_unicode = _bind(pdfium.FPDFText_GetUnicode, "unsigned int(uintptr_t, int)")
_text_object = _bind(pdfium.FPDFText_GetTextObject, "uintptr_t(uintptr_t, int)")
_loose_box = _bind(pdfium.FPDFText_GetLooseCharBox, "int(uintptr_t, int, FS_RECTF*)")
_char_origin = _bind(pdfium.FPDFText_GetCharOrigin, "int(uintptr_t, int, double*, double*)")
_font_size = _bind(pdfium.FPDFText_GetFontSize, "double(uintptr_t, int)")
_char_matrix = _bind(pdfium.FPDFText_GetMatrix, "int(uintptr_t, int, FS_MATRIX*)")
_unmapped = _bind(pdfium.FPDFText_HasUnicodeMapError, "int(uintptr_t, int)")
_object_font = _bind(pdfium.FPDFTextObj_GetFont, "uintptr_t(uintptr_t)")
_font_descent = _bind(pdfium.FPDFFont_GetDescent, "int(uintptr_t, float, float*)")
_count_objects = _bind(pdfium.FPDFPage_CountObjects, "int(uintptr_t)")
_get_object = _bind(pdfium.FPDFPage_GetObject, "uintptr_t(uintptr_t, int)")
_form_count = _bind(pdfium.FPDFFormObj_CountObjects, "int(uintptr_t)")
_form_object = _bind(pdfium.FPDFFormObj_GetObject, "uintptr_t(uintptr_t, unsigned long)")
_object_type = _bind(pdfium.FPDFPageObj_GetType, "int(uintptr_t)")
_object_matrix = _bind(pdfium.FPDFPageObj_GetMatrix, "int(uintptr_t, FS_MATRIX*)")
_draw_mode = _bind(pdfium.FPDFPath_GetDrawMode, "int(uintptr_t, int*, int*)")
_count_segments = _bind(pdfium.FPDFPath_CountSegments, "int(uintptr_t)")
_get_segment = _bind(pdfium.FPDFPath_GetPathSegment, "uintptr_t(uintptr_t, int)")
_segment_point = _bind(pdfium.FPDFPathSegment_GetPoint, "int(uintptr_t, float*, float*)")
_segment_type = _bind(pdfium.FPDFPathSegment_GetType, "int(uintptr_t)")
_segment_close = _bind(pdfium.FPDFPathSegment_GetClose, "int(uintptr_t)")

_PATH, _FORM = pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
_MOVE, _BEZIER = pdfium.FPDF_SEGMENT_MOVETO, pdfium.FPDF_SEGMENT_BEZIERTO
_SUBPATH = re.compile(r"m[^m]+")


class Glyph(NamedTuple):
    """One visible character: its text, box (points from the top-left) and font size.
    A tuple: thousands are made per page, and ``_tuple(Glyph, …)`` makes one in C."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size, at least the box height and 1 point
    mid: float  # the vertical centre


class Shape(NamedTuple):
    """A painted subpath, as pdfplumber sorts them: a line, a rectangle or a curve."""

    kind: str  # line | rect | curve
    x0: float
    top: float
    x1: float
    bottom: float
    stroke: bool
    points: list[tuple[float, float]]  # top-left coordinates; a curve's edges run between them


_tuple = tuple.__new__


class Frame:
    """User space to pdfplumber's page coordinates (x from the left, top from the top).

    pdfminer turns the page by its /Rotate and moves the MediaBox origin to 0; pdfplumber
    then measures ``top`` from the MediaBox height and adds the box's offsets back."""

    def __init__(self, page: pypdfium2.PdfPage) -> None:
        x0, y0, x1, y1 = (_decimal(v) for v in page.get_mediabox())
        rotation = page.get_rotation() % 360
        self.ctm: Matrix = {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }.get(rotation, (1, 0, 0, 1, -x0, -y0))
        left, right = sorted((x0, x1))
        low, high = sorted((y0, y1))
        if rotation in (90, 270):
            left, low, right, high = low, left, high, right
        self.height = high - low
        self.left = left  # pdfplumber's MediaBox x0, added back to every x
        self.top = self.height - high  # and its top, added to every top
        self.upright = rotation == 0
        # the usual page: MediaBox at the origin, not turned; x stays, top = height - y
        self.plain = self.ctm == (1, 0, 0, 1, 0, 0) and self.left == 0 and self.top == 0

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.left, self.height - (b * x + d * y + f) + self.top

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A user-space box as (x0, top, x1, bottom)."""
        (ax, at), (bx, bt) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


# --- glyphs ---------------------------------------------------------------------------------


def _decimal(value: float) -> float:
    """A float32 from pdfium back at the decimal the PDF wrote (7 significant digits), so
    that computed positions are pdfminer's to the last bit and ties fall the same way."""
    return float(f"{value:.7g}")


def _page_text(textpage: int, count: int) -> list[str]:
    """Every character of the text page, one string each, fetched in one call when pdfium's
    UTF-16 output lines up with its characters (it does unless a character is outside the BMP)."""
    buffer = _ffi.new("unsigned short[]", count + 1)
    _get_text(textpage, 0, count, buffer)
    text = _ffi.buffer(buffer)[: 2 * count].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return list(text)
    return [chr(_get_unicode(textpage, i)) for i in range(count)]


def page_glyphs(textpage: pypdfium2.PdfTextPage, frame: Frame, text_objects: dict[int, Metrics] | None = None) -> list[Glyph]:
    """The visible characters of a text page in content order.

    pdfminer's box: x from the origin over the advance (pdfium's loose box gives both), y
    from origin + descent × size (the font descriptor's descent, as FPDFFont_GetDescent
    reads it) to one font size above.  A character whose font has no Unicode mapping reads
    as ``(cid:N)``, as pdfminer writes it, so that glyph-id-only text is recognised.
    Office exports often make every character a text object of its own, so what a text
    object shares (font, size, scale) is looked up once per object, and computed once per
    font, size and scale.  The handles of the text objects read are the keys of ``text_objects``
    (``page_shapes`` skips them without asking pdfium their type)."""
    handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    count = _count_chars(handle)
    texts = _page_text(handle, count)
    rect, matrix = _ffi.new("FS_RECTF *"), _ffi.new("FS_MATRIX *")
    objects: dict[int, Metrics] = {} if text_objects is None else text_objects
    shared: dict[tuple[int, float, float, float], Metrics] = {}
    decimals: dict[float, float] = {}
    glyphs: list[Glyph] = []
    append = glyphs.append
    height, left, shift, upright = frame.height, frame.left, frame.top, frame.upright
    dx, dy = frame.ctm[4], frame.ctm[5]  # upright: the MediaBox origin moved to 0
    text_object, char_matrix, loose_box, unmapped = _text_object, _char_matrix, _loose_box, _unmapped
    object_font, font_size = _object_font, _font_size
    for i, text in enumerate(texts):
        if text.isspace():
            continue
        obj = text_object(handle, i)
        char_matrix(handle, i, matrix)
        y = matrix.f  # e, f: the glyph's origin
        metrics = objects.get(obj)
        if metrics is None:
            key = (object_font(obj), font_size(handle, i), matrix.a, matrix.d)
            metrics = shared.get(key)
            if metrics is None:
                metrics = shared[key] = _metrics(*key)
            objects[obj] = metrics
        low, high, vertical, across = metrics
        loose_box(handle, i, rect)
        rect_left, rect_right = rect.left, rect.right
        if unmapped(handle, i):
            text = f"(cid:{ord(text)})"
        f = decimals.get(y)
        if f is None:
            f = decimals[y] = _decimal(y)
        if vertical is not None and abs(rect_right - rect_left - vertical) < 1e-3:
            # pdfium's origin of a vertical glyph is its box's lower left (the matrix holds
            # the pen position); the box is one font size square (pdfminer's default metrics)
            ox, oy = _ffi.new("double *"), _ffi.new("double *")
            _char_origin(handle, i, ox, oy)
            x0, y0 = _decimal(ox[0]), _decimal(oy[0])
            x0, top, x1, bottom = frame.box(x0, y0, x0 + across, y0 + across)
            append(_tuple(Glyph, (text, x0, x1, top, bottom, max(x1 - x0, bottom - top, 1.0), (top + bottom) / 2)))
            continue
        y0, y1 = low + f, high + f
        if upright:
            top, bottom = height - (y1 + dy) + shift, height - (y0 + dy) + shift
            size = y1 - y0
            if bottom - top > size:
                size = bottom - top
            x0, x1 = rect_left + dx + left, rect_right + dx + left
            append(_tuple(Glyph, (text, x0, x1, top, bottom, size if size > 1.0 else 1.0, (top + bottom) / 2)))
        else:
            x0, top, x1, bottom = frame.box(rect_left, y0, rect_right, y1)
            append(_tuple(Glyph, (text, x0, x1, top, bottom, max(bottom - top, 1.0), (top + bottom) / 2)))
    return glyphs


def _metrics(font: int, raw: float, a: float, d: float) -> Metrics:
    """What the characters of a text object in this font, size and scale share: the bottom
    and top of their boxes above the baseline, the loose-box width that marks vertical
    writing (pdfium makes a vertical glyph's loose box one unscaled font size wide; only told
    apart when the object is scaled), and the font size across."""
    descent = _ffi.new("float *")
    desc = round(descent[0] * 1000) * 0.001 if _font_descent(font, 1.0, descent) else 0.0
    fs, d = _decimal(raw), _decimal(d)
    low = desc * fs
    vertical = raw if abs(a - 1) > 1e-6 else None
    return d * low, d * (low + fs), vertical, fs * _decimal(a)


# --- paths ----------------------------------------------------------------------------------


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_POINT = struct.Struct("<ffB?2x")  # pdfium's CFX_Path::Point: x, y, type, closes its figure
_layout_checked: bool | None = None  # whether the segment array reads as _POINT (checked once)


def _segments_by_call(path: int, count: int) -> list[tuple[float, float, int, bool]]:
    x, y = _ffi.new("float *"), _ffi.new("float *")
    out = []
    for k in range(count):
        segment = _get_segment(path, k)
        _segment_point(segment, x, y)
        out.append((x[0], y[0], _segment_type(segment), bool(_segment_close(segment))))
    return out


def _segments(path: int) -> list[tuple[float, float, int, bool]]:
    """The path's points as (x, y, type, closes).  pdfium keeps them in one array, so when
    the segment handles are evenly spaced the array is read at once (four calls per point
    otherwise); the record layout is checked against the API on the first path read."""
    global _layout_checked
    count = _count_segments(path)
    if count <= 0:
        return []
    first = _get_segment(path, 0)
    if not first:  # no segment array to read (pdfium gives one for every path it counts segments in)
        return []
    if _layout_checked is not False and (count == 1 or _get_segment(path, count - 1) - first == (count - 1) * _POINT.size):
        read = list(_POINT.iter_unpack(ctypes.string_at(first, count * _POINT.size)))
        if _layout_checked is None:
            _layout_checked = read == _segments_by_call(path, count)
        if _layout_checked:
            return read
    return _segments_by_call(path, count)


def _path_ops(path: int, matrix: Matrix) -> tuple[str, list[tuple[float, float]]]:
    """The path as pdfminer's operators (m, l, c for a Bézier's three points, h after a
    segment that closes its subpath) and their end points in user space (h: the start)."""
    a, b, c, d, e, f = matrix
    shape: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    start = (0.0, 0.0)
    for x, y, kind, closes in _segments(path):
        point = (a * x + c * y + e, b * x + d * y + f)
        if kind == _BEZIER:
            bezier += 1
            if bezier % 3:
                continue
            shape.append("c")
        elif kind == _MOVE:
            shape.append("m")
            start = point
        else:
            shape.append("l")
        pts.append(point)
        if closes:
            shape.append("h")
            pts.append(start)
    return "".join(shape), pts


def _classify(shape: str, pts: list[tuple[float, float]], stroke: bool, frame: Frame, out: list[Shape]) -> None:
    """pdfminer's ``paint_path``: one shape per subpath; "ml" is a line, a closed
    axis-aligned four-sided "mlllh" a rectangle, anything else a curve."""
    if shape[:1] != "m":
        return
    if shape.count("m") > 1:
        for m in _SUBPATH.finditer(shape):
            _classify(m.group(), pts[m.start() : m.end()], stroke, frame, out)
        return
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("mlh", "ml"):
        kind = "line"
        pts = pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        kind = "rect" if pts[0] == pts[4] and square else "curve"
    else:
        kind = "curve"
    xs, ys = zip(*pts)
    if frame.plain:
        height = frame.height
        x0, top, x1, bottom = min(xs), height - max(ys), max(xs), height - min(ys)
    else:
        x0, top, x1, bottom = frame.box(min(xs), min(ys), max(xs), max(ys))
    points = [frame.point(*p) for p in pts] if kind == "curve" else []
    out.append(_tuple(Shape, (kind, x0, top, x1, bottom, stroke, points)))


def _collect_shapes(
    handles: list[int], outer: Matrix | None, frame: Frame, out: list[Shape], text_objects: Collection[int] = ()
) -> None:
    matrix = _ffi.new("FS_MATRIX *")
    fill, stroke = _ffi.new("int *"), _ffi.new("int *")
    object_type, object_matrix, draw_mode = _object_type, _object_matrix, _draw_mode
    for obj in handles:
        if obj in text_objects:
            continue
        kind = object_type(obj)
        if kind != _PATH and kind != _FORM:
            continue
        object_matrix(obj, matrix)
        m: Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        if outer is not None:
            m = _compose(m, outer)
        if kind == _FORM:
            _collect_shapes([_form_object(obj, k) for k in range(_form_count(obj))], m, frame, out)
            continue
        draw_mode(obj, fill, stroke)
        if fill[0] or stroke[0]:
            _classify(*_path_ops(obj, m), bool(stroke[0]), frame, out)


def page_shapes(page: pypdfium2.PdfPage, frame: Frame, text_objects: Collection[int] = ()) -> list[Shape]:
    """The painted paths of the page (inside form XObjects too), in content order;
    ``text_objects`` (known text objects of the page) are passed over."""
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    shapes: list[Shape] = []
    _collect_shapes([_get_object(handle, k) for k in range(_count_objects(handle))], None, frame, shapes, text_objects)
    return shapes
