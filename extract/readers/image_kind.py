"""Is it a picture? JPEG, PNG or TIFF from the magic bytes, without loading any image library.

Kept apart from ``image.py`` (which loads opencv and numpy, ~0.5 GB of address space) so that
telling formats apart costs nothing in a parse worker that never meets a scan.
"""

from __future__ import annotations

_IMAGE_MAGIC = {
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}


def image_kind(data: bytes) -> str | None:
    """jpeg, png or tiff from the file's magic bytes; None for anything else."""
    return next((kind for magic, kind in _IMAGE_MAGIC.items() if data.startswith(magic)), None)
