"""Page images for OCR: image files (JPEG, PNG, TIFF), image-only PDF pages, images in a DOCX.

Every source is checked from its header before any pixel is decoded: a 20,000 × 20,000
image is 400 megapixels (1.2 GB as BGR), which one bad attachment must not cost.  Pages are
handed out lazily: a small probe first (to find table pages), the full page only when read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import cv2
import numpy as np
from PIL import Image

from gknb.extract.document import ReadError
from gknb.extract.readers.image_kind import image_kind
from gknb.extract.readers.ocr import PROBE_WIDTH, SCAN_DPI, PageImage

MAX_PIXELS = 60_000_000  # per page: an A4 page at 600 dpi is 35 MP
MAX_PAGES = 60
MAX_DPI = 300  # PDF pages are rendered at their images' resolution, at most this


def _check_size(width: int, height: int, what: str) -> None:
    if width * height > MAX_PIXELS:
        raise ReadError(
            f"{what} is {width:,} × {height:,} px ({width * height / 1e6:.0f} megapixels), "
            f"above the {MAX_PIXELS / 1e6:.0f}-megapixel limit for OCR"
        )


def _probe(grey: np.ndarray) -> np.ndarray:
    scale = PROBE_WIDTH / grey.shape[1]
    return cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey


def _to_bgr(frame: Image.Image) -> np.ndarray:
    if frame.mode not in ("RGB", "L"):
        frame = frame.convert("RGB")
    array = np.array(frame)  # a writable copy: the reader whitens rulings in place
    return array if array.ndim == 2 else cv2.cvtColor(array, cv2.COLOR_RGB2BGR)


def image_pages(data: bytes) -> Iterator[PageImage]:
    """The frames of an image file (a TIFF may hold several pages), size-checked from the header."""
    try:
        img = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError as err:
        raise ReadError(f"image too large for OCR: {err}") from None
    except Exception as err:
        raise ReadError(f"unreadable image: {type(err).__name__}: {err}") from None
    frames = getattr(img, "n_frames", 1)
    if frames > MAX_PAGES:
        raise ReadError(f"image with {frames} frames, above the {MAX_PAGES}-page limit for OCR")
    for n in range(frames):
        img.seek(n)
        _check_size(*img.size, f"image page {n + 1}")
        try:
            pixels = _to_bgr(img)
        except Exception as err:
            raise ReadError(f"unreadable image page {n + 1}: {type(err).__name__}: {err}") from None
        grey = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
        yield PageImage(n + 1, _probe(grey), lambda pixels=pixels: pixels)


def _page_dpi(page: object) -> float:
    """The resolution of the largest image on a PDF page (a scan's own), or SCAN_DPI."""
    import pypdfium2.raw as pdfium_c

    width_pt = page.get_width()  # type: ignore[attr-defined]
    best = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):  # type: ignore[attr-defined]
        try:
            px_w, _px_h = obj.get_px_size()
            left, _bottom, right, _top = obj.get_bounds()
        except Exception:
            continue
        if right - left > width_pt * 0.3:
            best = max(best, px_w / ((right - left) / 72))
    return min(best or SCAN_DPI, MAX_DPI)


def pdf_pages(data: bytes, numbers: list[int] | None = None) -> Iterator[PageImage]:
    """Pages of a PDF rendered as images (all pages, or the 1-based ``numbers``)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        raise ReadError(f"unreadable PDF: {err}") from None
    if len(pdf) > MAX_PAGES:
        raise ReadError(f"scanned PDF with {len(pdf)} pages, above the {MAX_PAGES}-page limit for OCR")
    for index in range(len(pdf)):
        if numbers is not None and index + 1 not in numbers:
            continue
        page = pdf[index]
        dpi = _page_dpi(page)
        _check_size(int(page.get_width() * dpi / 72), int(page.get_height() * dpi / 72), f"PDF page {index + 1}")
        probe = page.render(scale=PROBE_WIDTH / page.get_width(), grayscale=True).to_numpy().copy()

        def load(page: object = page, dpi: float = dpi) -> np.ndarray:
            # pdfium renders BGR(x); the generator keeps the document open until the page is read.
            return np.array(page.render(scale=dpi / 72).to_numpy()[..., :3])  # type: ignore[attr-defined]

        yield PageImage(index + 1, probe, load)


def image_only_pages(data: bytes) -> list[int]:
    """1-based numbers of a text PDF's pages that carry no text but an image (scanned pages)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    out: list[int] = []
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return out
    for index in range(len(pdf)):
        page = pdf[index]
        if page.get_textpage().count_chars() > 0:
            continue
        if any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))):
            out.append(index + 1)
    return out


def docx_images(data: bytes) -> Iterator[PageImage]:
    """The images of a Word document (word/media), in their order, as pages."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        number = 0
        for name in names:
            blob = z.read(name)
            if image_kind(blob) is None:
                continue
            for page in image_pages(blob):
                number += 1
                page.number = number
                yield page
