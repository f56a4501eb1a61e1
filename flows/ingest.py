"""Parse the documents that are new or changed and load them into the warehouse.

"Changed" is decided before reading, by ``Warehouse.unchanged`` (the rule the CLI and every load
use too): a document whose sha256 is its source's latest version in the warehouse, read by the
current ``gknb.model.versions.PARSER_VERSION``, is not read again.  Bumping the parser version
makes every stored document eligible, so a parser fix reaches the whole history in one run.

The loop is ``gknb.flows.pipeline.ingest``: parsing fans out over the task runner in batches;
loading stays on the flow's thread, in the order the documents were listed, one warehouse transaction per parse batch (``GKNB_PARSE_BATCH``
documents).  A run killed at any point therefore leaves whole documents loaded (at most one
batch's work is lost), and the next run parses exactly the rest and ends where an uninterrupted
run would have.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from gknb.flows import documents, pipeline
from gknb.model.document import DocumentRecord
from gknb.flows.pipeline import IngestSummary, parse_ref
from gknb.flows.runners import make_runner
from gknb.load.warehouse import Warehouse
from gknb.model.settings import Settings
from gknb.model.versions import PARSER_VERSION
from gknb.transform.report import Report

IN_FLIGHT_PER_WORKER = 3  # parse batches submitted ahead of the writer, per worker


@task(name="parse-batch", cache_policy=NO_CACHE)
def parse_batch(refs: list[DocumentRecord]) -> list[Report]:
    return [parse_ref(ref) for ref in refs]


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(db_path: str, pairs: list[tuple[DocumentRecord, Report]]) -> dict[str, str]:
    """Load a parse batch's reports in one transaction; returns source -> load outcome."""
    with Warehouse(Path(db_path)) as wh:
        outcomes = pipeline.load_reports(wh, pairs)
    get_run_logger().info("loaded %d documents (last: %s)", len(pairs), pairs[-1][1].source if pairs else "-")
    return outcomes


def ingest_refs(refs: list[DocumentRecord], settings: Settings) -> IngestSummary:
    """The ingest step (``pipeline.ingest``) with parse batches as tasks on the settings' runner."""

    @contextlib.contextmanager
    def parse_tasks() -> Iterator[pipeline.Submit]:
        with make_runner(settings) as runner:
            yield lambda chunk: runner.submit(parse_batch, {"refs": chunk})

    summary = pipeline.ingest(
        refs, settings.db_path, parser=parse_tasks,
        load=lambda pairs: load_batch(str(settings.db_path), pairs),
        batch_size=settings.parse_batch, in_flight=settings.workers * IN_FLIGHT_PER_WORKER)
    get_run_logger().info(
        "%d documents: %d unchanged, %d parsed (parser %s, %s runner x%d): %s", summary.documents,
        summary.unchanged, summary.parsed, PARSER_VERSION, settings.runner, settings.workers,
        ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())) or "-")
    return summary


def local_refs(paths: list[str]) -> list[DocumentRecord]:
    """The documents named on disk (``documents.from_paths``, the CLI's rules; folders always
    recursively, as a flow has no ``-r``); a file that cannot be read is logged and left out."""
    found = documents.from_paths(paths, recursive=True)
    for line in found.unreadable:
        get_run_logger().error("%s", line)
    return found.records


@flow(name="gknb-ingest", log_prints=True)
def ingest_flow(paths: list[str] | None = None, data_dir: str | None = None) -> IngestSummary:
    """Parse and load documents: the given files/folders, or (no paths) everything in the crawl archive."""
    settings = Settings.load(data_dir)
    settings.ensure_dirs()
    refs = local_refs(paths) if paths else documents.from_archive(settings)
    return ingest_refs(refs, settings)
