"""The documents a run may parse, as ``DocumentRecord``s, whether they came from the crawl archive or from disk.

Only records travel between tasks (never bytes or frames): they pickle cheaply to a process
pool and let the ingest step decide from the hash alone, before reading anything twice, whether
a document was already parsed by this parser version.  A local file is hashed here, once; an
archived body carries the hash the archive stored it under.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gknb.model.document import DocumentRecord
from gknb.model.settings import Settings


@dataclass
class LocalFiles:
    """What a list of paths named: the files found, the records of those that could be read, and why the others could not."""

    files: list[Path] = field(default_factory=list)
    records: list[DocumentRecord] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "PATH: cannot read: REASON"


def from_paths(paths: Iterable[str | Path], *, recursive: bool) -> LocalFiles:
    """The documents a user names on disk, by the rules ``gknb ingest`` has always shown its users.

    A file named is taken as it is; a folder gives its files in sorted order, its sub-folders only
    when ``recursive``, never a hidden file or anything under a hidden folder (an editor's swap
    file, ``.git``, ``.DS_Store`` are not reports).  A document is named by its resolved path, so
    the same file given as ``./a.pdf`` or ``/data/a.pdf``, or from another working directory, is
    one document in the warehouse.  A file that cannot be read is listed with the reason, and the
    others go on.
    """
    found = LocalFiles()
    for given in map(Path, paths):
        if given.is_dir():
            listing = given.rglob("*") if recursive else given.iterdir()
            found.files += sorted(f for f in listing
                                  if f.is_file() and not any(part.startswith(".") for part in f.relative_to(given).parts))
        else:
            found.files.append(given)
    for path in found.files:
        try:
            found.records.append(DocumentRecord.of_file(path, source=str(path.resolve())))
        except OSError as err:
            found.unreadable.append(f"{path}: cannot read: {err}")
    return found


def from_archive(settings: Settings) -> list[DocumentRecord]:
    """Every report page and attachment in the crawl archive at its latest content (read whole while
    the archive is open: the fetch log is not held open across the parse)."""
    from gknb.extract.archive import Archive

    with Archive(settings.archive_dir, settings.fetch_log) as archive:
        return list(archive.iter_documents())


def unique(records: Iterable[DocumentRecord]) -> list[DocumentRecord]:
    """One record per (sha256, source): the same bytes under two URLs are two documents, a repeat is not."""
    seen: dict[tuple[str, str], DocumentRecord] = {}
    for record in records:
        seen.setdefault((record.sha256, record.source), record)
    return list(seen.values())
