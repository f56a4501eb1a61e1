"""The documents a run may parse, named by content hash, whether they came from the crawl archive or from disk.

Only paths and hashes travel between tasks (never bytes or frames): they pickle cheaply to a
process pool and let the ingest step decide from the hash alone, before reading anything
twice, whether a document was already parsed by this parser version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gknb.extract.archive import sha256_file
from gknb.model.settings import Settings


@dataclass(frozen=True, slots=True)
class DocumentRef:
    sha256: str
    path: str  # where the bytes are on disk
    source: str  # URL for crawled documents, the path for local files
    # What the fetcher knew (None for local files): the warehouse records it with the version.
    fetched_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None


def from_paths(paths: Iterable[str | Path]) -> Iterator[DocumentRef]:
    """Files and (recursively) the files in folders, in a stable order."""
    for given in paths:
        root = Path(given)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            yield DocumentRef(sha256=sha256_file(path), path=str(path), source=str(path))


def from_archive(settings: Settings) -> Iterator[DocumentRef]:
    """Every report page and attachment in the crawl archive at its latest content."""
    from gknb.extract.archive import Archive

    with Archive(settings.archive_dir, settings.fetch_log) as archive:
        docs = list(archive.iter_documents())
    for doc in docs:
        yield DocumentRef(sha256=doc.sha256, path=str(doc.path), source=doc.url, fetched_at=doc.fetched_at,
                          etag=doc.etag, last_modified=doc.last_modified)


def unique(refs: Iterable[DocumentRef]) -> list[DocumentRef]:
    """One ref per (sha256, source): the same bytes under two URLs are two documents, a repeat is not."""
    seen: dict[tuple[str, str], DocumentRef] = {}
    for ref in refs:
        seen.setdefault((ref.sha256, ref.source), ref)
    return list(seen.values())
