"""The documents a run may parse, as ``DocumentRecord``s, whether they came from the crawl archive or from disk.

Only records travel between tasks (never bytes or frames): they pickle cheaply to a process
pool and let the ingest step decide from the hash alone, before reading anything twice, whether
a document was already parsed by this parser version.  A local file is hashed here, once; an
archived body carries the hash the archive stored it under.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from gknb.model.document import DocumentRecord
from gknb.model.settings import Settings


def from_paths(paths: Iterable[str | Path]) -> Iterator[DocumentRecord]:
    """Files and (recursively) the files in folders, in a stable order."""
    for given in paths:
        root = Path(given)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            yield DocumentRecord.of_file(path)


def from_archive(settings: Settings) -> Iterator[DocumentRecord]:
    """Every report page and attachment in the crawl archive at its latest content."""
    from gknb.extract.archive import Archive

    with Archive(settings.archive_dir, settings.fetch_log) as archive:
        records = list(archive.iter_documents())
    yield from records


def unique(records: Iterable[DocumentRecord]) -> list[DocumentRecord]:
    """One record per (sha256, source): the same bytes under two URLs are two documents, a repeat is not."""
    seen: dict[tuple[str, str], DocumentRecord] = {}
    for record in records:
        seen.setdefault((record.sha256, record.source), record)
    return list(seen.values())
