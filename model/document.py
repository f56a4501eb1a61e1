"""What is known of one stored document version, declared once and carried unchanged.

A document's identity (its sha256) and provenance (where it came from, what the server said it
was) are settled where its bytes enter gknb: the crawl archive when a body is stored, or the
intake of a local file.  The one ``DocumentRecord`` built there travels to the reader (which
uses the content type, charset and file name), to the parser and to the warehouse (which stores
its sha256 and fetch facts): nothing downstream hashes the bytes again or copies the provenance
into a look-alike record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


def sha256_bytes(data: bytes) -> str:
    """The content address of bytes in memory."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The content address of a file on disk, read in blocks (never whole into memory)."""
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One document version: its content address and everything known of it besides its bytes.

    Small and picklable by design: records, not bytes, travel to parse workers.  Fetch facts
    are None for local files.
    """

    sha256: str
    size: int | None  # bytes; None when not known (an archived body lost from disk)
    source: str  # the URL a crawled document was fetched from, the path of a local file: the warehouse's key
    path: Path | None = None  # where the bytes are on disk (archive body or the file); None for bytes in memory
    file_name: str | None = None  # the server's name for it (Content-Disposition, title, URL), or the file's name
    content_type: str | None = None  # the HTTP Content-Type as sent, charset included
    media_hint: str | None = None  # the crawler's guess of the format from type and name (pdf, doc, html, …)
    fetched_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    portal: str | None = None  # the crawl source (sources.yml) it was found on
    link_kind: str | None = None  # report | attachment
    list_title: str | None = None  # the link text on the list page
    list_date: str | None = None  # the date the list page printed beside it
    referer: str | None = None  # the list or report page the link was found on

    @classmethod
    def of_bytes(cls, data: bytes, source: str, **known: object) -> DocumentRecord:
        """The record of bytes held in memory (hashed here, once)."""
        return cls(sha256=sha256_bytes(data), size=len(data), source=source, **known)  # type: ignore[arg-type]

    @classmethod
    def of_file(cls, path: str | Path, source: str | None = None) -> DocumentRecord:
        """The record of a local file, named by ``source`` (default its path), hashed here, once.
        Raises OSError when the file cannot be read."""
        p = Path(path)
        return cls(sha256=sha256_file(p), size=p.stat().st_size, source=source if source is not None else str(p),
                   path=p, file_name=p.name)
