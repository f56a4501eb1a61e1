"""Parse the documents that are new or changed and load them into the warehouse.

"Changed" is decided by content hash alone: a document whose sha256 the warehouse already
holds with the current ``gknb.model.versions.PARSER_VERSION`` is not read again.  Bumping the parser version
makes every stored document eligible, so a parser fix reaches the whole history in one run.

Parsing fans out over the task runner in batches; loading stays on the flow's thread, in the
order the documents were listed, one warehouse transaction per parse batch (``GKNB_PARSE_BATCH``
documents).  A run killed at any point therefore leaves whole documents loaded (at most one
batch's work is lost), and the next run parses exactly the rest and ends where an uninterrupted
run would have.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from gknb.flows import documents, warehouse_io
from gknb.flows.runners import make_runner
from gknb.flows.settings import FlowSettings
from gknb.model.document import DocumentRecord
from gknb.model.versions import PARSER_VERSION
from gknb.transform.report import Report

_LOADED_OK = ("parsed", "partial")
IN_FLIGHT_PER_WORKER = 3  # parse batches submitted ahead of the writer, per worker


@dataclass
class IngestSummary:
    """What the ingest step did, for the run report."""

    documents: int = 0  # distinct documents offered
    unchanged: int = 0  # already parsed by this parser version: not read
    parsed: int = 0
    loaded: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)  # source, status, error

    def add(self, report: Report) -> None:
        self.parsed += 1
        self.by_status[report.status] = self.by_status.get(report.status, 0) + 1
        if report.status not in _LOADED_OK:
            self.failures.append({"source": report.source, "status": report.status, "error": report.error or ""})


def parse_ref(record: DocumentRecord) -> Report:
    """One document to its report, in a budgeted worker (transform.isolate): a file that vanished,
    a document past its memory or time budget becomes a failed report, not an exception."""
    from gknb.transform.isolate import shared_pool

    # The format comes from the bytes, as archived bodies are named by hash.
    return shared_pool().parse(record)


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(refs: list[DocumentRecord]) -> list[Report]:
    return [parse_ref(ref) for ref in refs]


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(db_path: str, pairs: list[tuple[DocumentRecord, Report]]) -> int:
    """Load a parse batch's reports in one transaction; returns how many were loaded."""
    logger = get_run_logger()
    with warehouse_io.open_warehouse(Path(db_path)) as wh:
        warehouse_io.load_reports(wh, [(report, ref) for ref, report in pairs])
    logger.info("loaded %d documents (last: %s)", len(pairs), pairs[-1][1].source if pairs else "-")
    return len(pairs)


def to_parse(refs: Iterable[DocumentRecord], done: set[tuple[str, str]]) -> list[DocumentRecord]:
    """The refs whose (source, bytes) this parser version has not read yet, in the given order."""
    return [ref for ref in refs if (ref.source, ref.sha256) not in done]


def batches(items: Sequence[DocumentRecord], size: int) -> list[list[DocumentRecord]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def ingest_refs(refs: Sequence[DocumentRecord], settings: FlowSettings) -> IngestSummary:
    """The step body shared by ``ingest_flow`` and ``nightly``: skip unchanged, parse the rest, load in order."""
    logger = get_run_logger()
    refs = documents.unique(refs)
    summary = IngestSummary(documents=len(refs))
    with warehouse_io.open_warehouse(settings.db_path) as wh:
        done = warehouse_io.parsed_versions(wh, PARSER_VERSION)
    pending = to_parse(refs, done)
    summary.unchanged = len(refs) - len(pending)
    logger.info("%d documents: %d unchanged, %d to parse (parser %s, %s runner x%d)", len(refs),
                summary.unchanged, len(pending), PARSER_VERSION, settings.runner, settings.workers)
    if not pending:
        return summary
    chunks = iter(batches(pending, settings.parse_batch))
    with make_runner(settings) as runner:
        # A bounded window of batches in flight: the workers stay busy while the single writer loads,
        # and parsed reports never pile up in memory ahead of it (a national archive is 130,000 documents).
        window: deque[tuple[list[DocumentRecord], Any]] = deque()

        def submit_next() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                window.append((chunk, runner.submit(parse_batch, {"refs": chunk})))

        for _ in range(settings.workers * IN_FLIGHT_PER_WORKER):
            submit_next()
        while window:  # submission order: the warehouse sees documents in list order
            chunk, future = window.popleft()
            submit_next()
            reports = future.result()
            for report in reports:
                summary.add(report)
            summary.loaded += load_batch(str(settings.db_path), list(zip(chunk, reports)))
    logger.info("parsed %d documents: %s", summary.parsed,
                ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())))
    return summary


@flow(name="gknb-ingest", log_prints=True)
def ingest_flow(paths: list[str] | None = None, data_dir: str | None = None) -> IngestSummary:
    """Parse and load documents: the given files/folders, or (no paths) everything in the crawl archive."""
    settings = FlowSettings.from_env(data_dir)
    settings.ensure_dirs()
    refs = list(documents.from_paths(paths)) if paths else list(documents.from_archive(settings))
    return ingest_refs(refs, settings)
