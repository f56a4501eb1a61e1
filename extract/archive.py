"""Content-addressed archive of every fetched body, plus an append-only fetch log.

Bodies are stored once by sha256 under ``<root>/ab/<sha256>.bin`` (never rewritten, so
an archive copied or synced elsewhere stays valid); what was fetched, when, how and with
what result goes to the ``fetch_log`` table of its own DuckDB file (default
``data/fetchlog.duckdb``), kept apart from the warehouse (``data/gknb.duckdb``, owned by
``load/``) so that crawling and loading never contend for one writer.  Discovered links,
including the distractors and duplicates that were *not* fetched, go to ``crawl_links``.

"The warehouse can be rebuilt from the archive with no network": ``iter_documents()``
yields the ``DocumentRecord`` of every report document and attachment: the hash computed
when its body was stored, its path, and what the server said of it (content type, file name).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow as pa

from gknb.model.document import DocumentRecord, sha256_bytes
from gknb.model.fetch import BLOCKED

DEFAULT_ROOT = Path("data/archive")
DEFAULT_LOG = Path("data/fetchlog.duckdb")
DOCUMENT_KINDS = ("report", "attachment")


@dataclass(slots=True)
class FetchRecord:
    """One row of ``fetch_log``: one logical fetch (retries and redirects folded in)."""

    crawl_id: str
    source: str
    url: str
    request_key: str  # method + URL (+ form digest): what conditional state is keyed by
    method: str = "GET"
    final_url: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    status: int | None = None
    outcome: str = ""
    reason: str = ""
    sha256: str | None = None  # content now known for this URL (carried over on a 304)
    size: int | None = None  # bytes of that content
    bytes_downloaded: int = 0  # body bytes that crossed the wire this time
    duration_ms: float = 0.0
    attempts: int = 0
    content_type: str | None = None
    filename: str | None = None
    media_hint: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: str = "{}"  # JSON of selected response headers
    redirects: str = "[]"  # JSON list of the URLs passed through
    referer: str | None = None  # the list or report page the link was found on
    link_kind: str = ""  # robots | list | report | attachment
    list_title: str | None = None
    list_date: str | None = None


@dataclass(slots=True)
class LinkRecord:
    """One row of ``crawl_links``: a link seen on a list page and what it was taken for."""

    crawl_id: str
    source: str
    url: str
    kind: str  # report | distractor | duplicate | other
    reason: str = ""
    title: str | None = None
    date: str | None = None
    referer: str | None = None
    found_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


@dataclass(frozen=True, slots=True)
class KnownContent:
    """The latest content the log knows for a request key: what a 304 refers to."""

    sha256: str
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    content_type: str | None = None
    filename: str | None = None
    media_hint: str | None = None


_ARROW_TYPES = {
    "fetched_at": pa.timestamp("us", tz="UTC"), "found_at": pa.timestamp("us", tz="UTC"),
    "status": pa.int32(), "size": pa.int64(), "bytes_downloaded": pa.int64(),
    "duration_ms": pa.float64(), "attempts": pa.int32(),
}
_SQL_TYPES = {
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE", pa.string(): "VARCHAR",
}


def _schema(cls: type) -> pa.Schema:
    return pa.schema([(f.name, _ARROW_TYPES.get(f.name, pa.string())) for f in fields(cls)] + [("seq", pa.int64())])


def _ddl(table: str, schema: pa.Schema) -> str:
    cols = ", ".join(f"{f.name} {_SQL_TYPES[f.type]}" for f in schema)
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


_FETCH_SCHEMA = _schema(FetchRecord)
_LINK_SCHEMA = _schema(LinkRecord)


class Archive:
    """Write-once body store + buffered append-only logs.  One writer process at a time."""

    def __init__(self, root: str | Path = DEFAULT_ROOT, log_path: str | Path = DEFAULT_LOG,
                 *, flush_every: int = 500) -> None:
        self.root = Path(root)
        self.log_path = Path(log_path)
        self.root.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._db = duckdb.connect(str(self.log_path))
        self._db.execute(_ddl("fetch_log", _FETCH_SCHEMA))
        self._db.execute(_ddl("crawl_links", _LINK_SCHEMA))
        self._lock = threading.Lock()
        self._flush_every = flush_every
        self._fetch_rows: list[FetchRecord] = []
        self._link_rows: list[LinkRecord] = []
        self._seq = self._db.execute("SELECT coalesce(max(seq), 0) FROM fetch_log").fetchone()[0]
        self._known = self._load_known()
        self._blocked = self._load_blocked()

    # --- bodies ----------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        return body_path(self.root, sha256)

    def put(self, body: bytes) -> tuple[str, bool]:
        """Store ``body`` once; returns (sha256, newly_written)."""
        sha = sha256_bytes(body)
        path = self.path_for(sha)
        if path.exists():
            return sha, False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)  # atomic: a crash never leaves half a body under its hash
        return sha, True

    def read(self, sha256: str) -> bytes | None:
        path = self.path_for(sha256)
        return path.read_bytes() if path.exists() else None

    def stats(self) -> tuple[int, int]:
        """(files, bytes) currently in the body store."""
        files = [p for p in self.root.glob("*/*.bin")]
        return len(files), sum(p.stat().st_size for p in files)

    # --- conditional state ---------------------------------------------------------------

    def _load_known(self) -> dict[str, KnownContent]:
        rows = self._db.execute(
            """SELECT request_key, sha256, etag, last_modified, fetched_at, content_type, filename, media_hint
               FROM fetch_log WHERE sha256 IS NOT NULL
               QUALIFY row_number() OVER (PARTITION BY request_key ORDER BY seq DESC) = 1"""
        ).fetchall()
        return {r[0]: KnownContent(*r[1:]) for r in rows}

    def _load_blocked(self) -> dict[str, datetime]:
        rows = self._db.execute(
            f"SELECT request_key, max(fetched_at) FROM fetch_log WHERE outcome LIKE '{BLOCKED}%' GROUP BY 1"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def known(self, request_key: str) -> KnownContent | None:
        with self._lock:
            return self._known.get(request_key)

    def blocked_since(self, request_key: str) -> datetime | None:
        with self._lock:
            return self._blocked.get(request_key)

    # --- logs --------------------------------------------------------------------------

    def record(self, rec: FetchRecord) -> None:
        with self._lock:
            self._seq += 1
            self._fetch_rows.append(rec)
            if rec.sha256 is not None:
                self._known[rec.request_key] = KnownContent(rec.sha256, rec.etag, rec.last_modified, rec.fetched_at,
                                                            rec.content_type, rec.filename, rec.media_hint)
            if rec.outcome.startswith(BLOCKED):
                self._blocked[rec.request_key] = rec.fetched_at
            if len(self._fetch_rows) >= self._flush_every:
                self._flush_locked()

    def record_links(self, links: list[LinkRecord]) -> None:
        with self._lock:
            self._link_rows.extend(links)

    def _append(self, table: str, schema: pa.Schema, rows: list, first_seq: int) -> None:
        if not rows:
            return
        columns = {name: [getattr(r, name) for r in rows] for name in schema.names if name != "seq"}
        columns["seq"] = list(range(first_seq, first_seq + len(rows)))
        batch = pa.table(columns, schema=schema)  # noqa: F841 - read by DuckDB's replacement scan
        self._db.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")

    def _flush_locked(self) -> None:
        self._append("fetch_log", _FETCH_SCHEMA, self._fetch_rows, self._seq - len(self._fetch_rows) + 1)
        self._append("crawl_links", _LINK_SCHEMA, self._link_rows, 0)
        self._fetch_rows.clear()
        self._link_rows.clear()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def close(self) -> None:
        self.flush()
        self._db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        """Read the logs (flushed first); for the CLI summary, tests and the flows."""
        self.flush()
        with self._lock:
            return self._db.execute(sql, params or []).fetchall()

    # --- rebuilding without the network ------------------------------------------------

    def iter_documents(self) -> Iterator[DocumentRecord]:
        """Every report page and attachment at its latest known content, by URL.

        A URL whose last fetch failed keeps the content it last had: a portal being down
        tonight does not remove a report from the warehouse.  A 304 logs no size; the stored
        body's size on disk stands in (never a re-hash: the body is stored under its hash).
        """
        rows = self.query(
            """SELECT sha256, size, url, filename, content_type, media_hint, fetched_at, etag, last_modified,
                      source, link_kind, list_title, list_date, referer
               FROM fetch_log
               WHERE sha256 IS NOT NULL AND link_kind IN ('report', 'attachment')
               QUALIFY row_number() OVER (PARTITION BY request_key ORDER BY seq DESC) = 1
               ORDER BY url"""
        )
        for (sha, size, url, filename, content_type, media, fetched_at, etag, lm, portal, kind, title, date,
             referer) in rows:
            path = self.path_for(sha)
            yield DocumentRecord(
                sha256=sha, size=size if size is not None else _size_on_disk(path), source=url, path=path,
                file_name=filename, content_type=content_type, media_hint=media, fetched_at=fetched_at, etag=etag,
                last_modified=lm, portal=portal, link_kind=kind, list_title=title, list_date=date, referer=referer)


def _size_on_disk(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None  # a body lost from the archive: reading it records the failure


def body_path(root: Path, sha256: str) -> Path:
    """Where the archive under ``root`` keeps the body with this hash (readers need no open Archive)."""
    return root / sha256[:2] / f"{sha256}.bin"


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)

