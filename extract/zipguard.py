"""Refuse an Office archive (.docx, .xlsx) whose entries unpack to more than a report could need.

A zip bomb is a few kilobytes that declare gigabytes: a ``word/document.xml`` inflating to
4 GiB.  python-docx and openpyxl read whole parts into memory, so the sum of the declared
sizes is checked from the central directory before any part is opened; Python's zipfile
never returns more than an entry declares (a lying entry fails its CRC), so the sum holds.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from gknb.extract.document import ReadError

MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a report with its pictures unpacks to a few MiB
MAX_ENTRIES = 10_000


def check_archive(data: bytes, kind: str) -> None:
    """Raise ReadError when the archive is unreadable or unpacks past the limits."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ReadError(f"not a readable {kind}: {type(err).__name__}: {err}") from None
    if len(entries) > MAX_ENTRIES:
        raise ReadError(f"{kind} archive holds {len(entries):,} entries, above the limit of {MAX_ENTRIES:,}")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"{kind} unpacks to {unpacked:,} bytes, above the {MAX_UNPACKED_BYTES:,}-byte limit (a zip bomb?)"
        )
