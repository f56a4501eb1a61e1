"""Synthetic scans: reports printed, stamped and scanned, as image-only PDFs and image files.

The synthetic PDF (``gknb.synth.render.pdf``) is rasterised by pdfium at the scan's resolution and
then spoilt the way a county office's scanner spoils a page: a red seal stamped over part
of a table (multiplied onto the print, so the black digits stay black under it), a slight
rotation, blur, sensor noise and JPEG compression.  Everything is drawn from a seeded
generator, so a scan is reproducible from its report and options.  pdfium needs a CJK font
on the machine to draw the labels (fonts-wqy-microhei; see .ci/run).
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pypdfium2
from PIL import Image

from gknb.synth.render.pdf import render_pdf

RED = (40, 30, 215)  # BGR of seal ink


@dataclass(frozen=True, slots=True)
class ScanStyle:
    dpi: int = 200
    rotation: float = 0.0  # degrees, counter-clockwise
    seal: bool = True  # a red seal over the upper part of the last page's table
    blur: float = 0.6  # Gaussian sigma in pixels at 200 dpi
    noise: float = 6.0  # standard deviation of grey-level noise
    jpeg_quality: int = 80  # 0: keep the pixels lossless (PNG/TIFF)


def styles(rng: random.Random, dpi: int) -> ScanStyle:
    """A plausible scanner: up to 2° of rotation, some blur and noise, usually a seal."""
    return ScanStyle(
        dpi=dpi,
        rotation=rng.uniform(-2.0, 2.0),
        seal=rng.random() < 0.7,
        blur=rng.uniform(0.3, 0.9),
        noise=rng.uniform(2.0, 8.0),
        jpeg_quality=rng.choice((70, 80, 90)),
    )


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """Each page of a PDF as a BGR image at ``dpi``."""
    doc = pypdfium2.PdfDocument(pdf)
    return [np.array(doc[i].render(scale=dpi / 72).to_numpy()[..., :3]) for i in range(len(doc))]


def stamp_seal(page: np.ndarray, centre: tuple[int, int], radius: int) -> np.ndarray:
    """A round official seal: ring, star and arc of ink, multiplied onto the page."""
    layer = np.full_like(page, 255)
    thickness = max(3, radius // 14)
    cv2.circle(layer, centre, radius, RED, thickness, cv2.LINE_AA)
    cv2.circle(layer, centre, int(radius * 0.82), RED, max(1, thickness // 3), cv2.LINE_AA)
    star = [
        (centre[0] + int(radius * 0.32 * (1 if k % 2 == 0 else 0.4) * np.sin(k * np.pi / 5)),
         centre[1] - int(radius * 0.32 * (1 if k % 2 == 0 else 0.4) * np.cos(k * np.pi / 5)))
        for k in range(10)
    ]
    cv2.fillPoly(layer, [np.array(star, np.int32)], RED, cv2.LINE_AA)
    for k in range(14):  # the arc of characters, as blocks of ink
        angle = np.pi * (0.8 + 1.4 * k / 13)
        x = centre[0] + int(radius * 0.62 * np.cos(angle))
        y = centre[1] + int(radius * 0.62 * np.sin(angle))
        s = max(3, radius // 9)
        cv2.rectangle(layer, (x - s, y - s), (x + s, y + s), RED, max(1, s // 3))
    return np.minimum(page, layer)


def spoil(page: np.ndarray, style: ScanStyle, rng: random.Random, *, seal: bool) -> np.ndarray:
    """One clean page as the scanner returns it."""
    h, w = page.shape[:2]
    if seal:
        page = stamp_seal(page, (int(w * rng.uniform(0.6, 0.75)), int(h * rng.uniform(0.2, 0.35))), int(w * 0.1))
    if style.rotation:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), style.rotation, 1.0)
        page = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    if style.blur:
        page = cv2.GaussianBlur(page, (0, 0), style.blur * style.dpi / 200)
    if style.noise:
        noise = np.random.default_rng(rng.randrange(2**32)).normal(0, style.noise, page.shape[:2])
        page = np.clip(page.astype(np.float32) + noise[..., None], 0, 255).astype(np.uint8)
    return page


def scan_pages(report: dict[str, Any], style: ScanStyle, seed: int = 0) -> list[np.ndarray]:
    """The report's pages scanned (BGR); the seal goes on the last page, over its table."""
    rng = random.Random(seed)
    pages = rasterise(render_pdf(report), style.dpi)
    return [spoil(p, style, rng, seal=style.seal and i == len(pages) - 1) for i, p in enumerate(pages)]


def _pil(page: np.ndarray) -> Image.Image:
    return Image.fromarray(cv2.cvtColor(page, cv2.COLOR_BGR2RGB))


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    """The image after a JPEG round trip (a PDF of scans holds JPEGs)."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


_FIXED_DATE = time.struct_time((2025, 4, 30, 0, 0, 0, 2, 120, 0))


def scan_pdf(pages: list[np.ndarray], style: ScanStyle) -> bytes:
    """Image-only PDF, one JPEG per page at the scan's resolution (no text layer)."""
    images = [_pil(p) for p in pages]
    if style.jpeg_quality:
        images = [_jpeg(i, style.jpeg_quality) for i in images]
    out = io.BytesIO()
    # Fixed dates: Pillow stamps the time of writing otherwise, and the simulator must serve the same
    # bytes every night (an unchanged portal is a second night with nothing new).
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(style.dpi),
                   creationDate=_FIXED_DATE, modDate=_FIXED_DATE)
    return out.getvalue()


def scan_image(pages: list[np.ndarray], style: ScanStyle, fmt: str = "jpeg") -> bytes:
    """An image attachment: a multi-page TIFF, or one long JPEG/PNG with the pages one above
    the other (as portals post a report as a single tall picture)."""
    out = io.BytesIO()
    if fmt == "tiff":
        images = [_pil(p) for p in pages]
        images[0].save(out, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate", dpi=(style.dpi, style.dpi))
        return out.getvalue()
    tall = _pil(np.vstack(pages))
    if fmt == "jpeg":
        tall.save(out, "JPEG", quality=style.jpeg_quality or 90, dpi=(style.dpi, style.dpi))
    else:
        tall.save(out, "PNG", dpi=(style.dpi, style.dpi))
    return out.getvalue()
