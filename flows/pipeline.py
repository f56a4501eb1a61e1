"""The pipeline's steps in plain Python: what the ``gknb`` commands and the Prefect flows both run.

One loop per step, so the CLI and the flows cannot drift apart: ``crawl`` picks the sources from
the settings, keeps the archive open for the step and hands the sources to the caller's way of
running them (the CLI's asyncio over one shared fetcher, the flows' Prefect task per source with
a concurrency limit per host), each way turning a source whose crawl raised into the same
``CrawlResult`` (``extract.crawl.failed_crawl``); ``ingest`` is the skip-unchanged
rule (``Warehouse.unchanged``, one query in load/), the parse fan-out with a bounded window of
batches in flight, and the single writer loading them in list order; ``export`` publishes a
release; ``warehouse_figures`` reads what a run reports about the warehouse.  How a batch is
parsed (a Prefect task on a thread, process or Dask runner, or the CLI's local isolating pool)
and how it is loaded (a Prefect task, or the CLI's per-document transaction) is passed in;
nothing here imports Prefect, so the CLI runs without a Prefect server.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from gknb.flows import documents, progress
from gknb.model.document import DocumentRecord
from gknb.load.warehouse import UNCHANGED, Warehouse
from gknb.model.settings import Settings
from gknb.model.versions import PARSER_VERSION
from gknb.transform.isolate import ParsePool, shared_pool
from gknb.transform.report import Report

if TYPE_CHECKING:  # the crawler (httpx, the fetcher) is imported by a crawl step, not by parse workers
    from gknb.extract.archive import Archive
    from gknb.extract.crawl import CrawlResult
    from gknb.extract.sources import Source

_LOADED_OK = ("parsed", "partial")
SUMMARY_TABLES = ("documents", "reports", "fact_applications", "fact_active_disclosure",
                  "fact_review_litigation", "check_results")


class Pending(Protocol):
    """A parse batch under way: a Prefect future, or the CLI's deferred local parse."""

    def result(self) -> list[Report]: ...


Submit = Callable[[list[DocumentRecord]], Pending]
RunSources = Callable[[list["Source"], "Archive"], list["CrawlResult"]]
"""How a crawl step runs its sources into the open archive: one result per source, in their order."""
Load = Callable[[list[tuple[DocumentRecord, Report]]], dict[str, str]]


@dataclass
class IngestSummary:
    """What the ingest step did, for the run report and the CLI's table."""

    documents: int = 0  # distinct documents offered
    unchanged: int = 0  # already the latest version, read by this parser version: not read again
    parsed: int = 0
    loaded: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)  # source, status, error
    outcomes: Counter[str] = field(default_factory=Counter)  # load outcome (new, replaced, unchanged …) -> documents

    def add(self, report: Report) -> None:
        self.parsed += 1
        self.by_status[report.status] = self.by_status.get(report.status, 0) + 1
        if report.status not in _LOADED_OK:
            self.failures.append({"source": report.source, "status": report.status, "error": report.error or ""})


@dataclass
class Deferred:
    """A parse run when its result is asked for: the CLI's stand-in for a task runner's future."""

    run: Callable[[], list[Report]]

    def result(self) -> list[Report]:
        return self.run()


def sources_to_crawl(settings: Settings, names: list[str] | None) -> list[Source]:
    """The settings' sources file (the sources shipped with gknb by default), narrowed to ``names``;
    raises ``SourceError`` for a bad file or an unknown name."""
    from gknb.extract.sources import DEFAULT_SOURCES, load_sources, select_sources

    return select_sources(load_sources(settings.sources_file or DEFAULT_SOURCES), names)


def crawl(settings: Settings, sources: list[Source], run: RunSources) -> list[CrawlResult]:
    """Crawl ``sources`` into the settings' archive and fetch log, run the way ``run`` runs them.

    The archive is one object for the whole step, opened and closed here: it is the fetch log's
    single writer and serialises its own appends, whichever threads or tasks crawl.
    """
    from gknb.extract.archive import Archive

    with Archive(settings.archive_dir, settings.fetch_log) as archive:
        return run(sources, archive)


def to_parse(wh: Warehouse, refs: Sequence[DocumentRecord]) -> list[DocumentRecord]:
    """The refs the warehouse does not hold as unchanged (``Warehouse.unchanged``), in the given order."""
    candidates = pl.DataFrame({"source": [r.source for r in refs], "sha256": [r.sha256 for r in refs],
                               "parser_version": [PARSER_VERSION] * len(refs)},
                              schema={"source": pl.String, "sha256": pl.String, "parser_version": pl.String})
    done = wh.unchanged(candidates)
    return [ref for ref in refs if (ref.source, ref.sha256) not in done]


def parse_ref(record: DocumentRecord, pool: ParsePool | None = None) -> Report:
    """One document to its report, in a budgeted worker (transform.isolate): a file that vanished,
    a document past its memory or time budget becomes a failed report, not an exception.

    ``pool`` defaults to the process-wide pool the flows' parse tasks share."""
    return (pool or shared_pool()).parse(record)


def load_reports(wh: Warehouse, pairs: list[tuple[DocumentRecord, Report]]) -> dict[str, str]:
    """Parsed documents in one transaction, whole or not at all; returns source -> outcome.

    A transaction costs the single writer ~0.15 s of bookkeeping (documents, agencies, primary
    reports, cross-year checks) whatever it holds: one per parse batch instead of one per
    document loads ten times faster.  A source that repeats in ``pairs`` starts a new transaction.
    """
    from gknb.load.batch import build_batch

    outcomes: dict[str, str] = {}
    for group in _one_version_per_source(pairs):
        outcomes |= wh.load(build_batch([(report, record) for record, report in group]))
        progress.note(progress.LOADED, len(group))
    return outcomes


def _one_version_per_source(pairs: list[tuple[DocumentRecord, Report]]) -> list[list[tuple[DocumentRecord, Report]]]:
    groups: list[list[tuple[DocumentRecord, Report]]] = [[]]
    seen: set[str] = set()
    for ref, report in pairs:
        if report.source in seen:
            groups.append([])
            seen.clear()
        seen.add(report.source)
        groups[-1].append((ref, report))
    return [g for g in groups if g]


def batches(items: Sequence[DocumentRecord], size: int) -> Iterator[list[DocumentRecord]]:
    return (list(items[i : i + size]) for i in range(0, len(items), size))


def ingest(refs: Sequence[DocumentRecord], warehouse: Warehouse | Path, *,
           parser: Callable[[], AbstractContextManager[Submit]], load: Load, batch_size: int,
           in_flight: int) -> IngestSummary:
    """Skip what is unchanged, parse the rest in batches, load each batch in list order.

    A bounded window of ``in_flight`` batches is submitted ahead of the writer: the workers
    stay busy while it loads, and parsed reports never pile up in memory ahead of it (a
    national archive is 130,000 documents).  Loading in submission order means every runner
    leaves the same warehouse, and a run killed anywhere loses at most the batch in hand.
    ``parser`` opens the workers (a task runner, a local pool) only when something is to parse.
    ``warehouse`` is asked which documents are unchanged: an open one (the CLI's, which ``load``
    writes too), or its path, opened for the question only (the flows, whose load tasks open their own).
    """
    refs = documents.unique(refs)
    summary = IngestSummary(documents=len(refs))
    if isinstance(warehouse, Warehouse):
        pending = to_parse(warehouse, refs)
    else:
        with Warehouse(warehouse) as wh:
            pending = to_parse(wh, refs)
    summary.unchanged = len(refs) - len(pending)
    if summary.unchanged:
        summary.outcomes[UNCHANGED] += summary.unchanged
    if not pending:
        return summary
    chunks = batches(pending, batch_size)
    window: deque[tuple[list[DocumentRecord], Pending]] = deque()
    with parser() as submit:

        def submit_next() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                window.append((chunk, submit(chunk)))

        for _ in range(in_flight):
            submit_next()
        while window:
            chunk, future = window.popleft()
            submit_next()
            reports = future.result()
            for report in reports:
                summary.add(report)
            summary.outcomes.update(load(list(zip(chunk, reports))).values())
            summary.loaded += len(chunk)
    return summary


def export(db_path: Path, out: Path, *, sources_file: Path | None = None, csv: bool = True, force: bool = False) -> Any:
    """A new release of the warehouse under ``out`` (none when its content is unchanged, unless ``force``)."""
    from gknb.load.release import publish

    return publish(db_path, out, csv=csv, force=force, sources_file=sources_file)


def warehouse_figures(
    db_path: Path, since: datetime
) -> tuple[list[dict[str, Any]], dict[str, int], list[dict[str, Any]]]:
    """Every failing check of every report (``gknb checks``' query), the summary tables' row counts,
    and the issues logged since ``since`` (a run's start) per source group and code."""
    from gknb.load import quality

    with Warehouse(db_path) as wh:
        return quality.failures(wh).to_dicts(), wh.row_counts(SUMMARY_TABLES), wh.issue_counts(since)
