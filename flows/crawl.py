"""Crawl every source into the content-addressed archive: one Prefect task per source.

Politeness lives in the crawler (one request in flight per host, per-host delay, robots);
this layer adds what only an orchestrator can: a global concurrency limit named after each
host, so that two sources on one host, or two workers on two machines, never crawl it at the
same time; and task retries for transient failures only (a dropped connection, a timeout),
never for a block, a robots refusal or a bug, which retrying would only make worse.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.concurrency.asyncio import concurrency
from prefect.task_runners import ThreadPoolTaskRunner

from gknb.extract.archive import Archive
from gknb.extract.crawl import CrawlResult, crawl_source, failed_crawl
from gknb.extract.sources import Source
from gknb.flows import pipeline, progress
from gknb.flows.pipeline import RunSources
from gknb.model.settings import Settings

CRAWL_RETRIES = 2
TRANSIENT = (httpx.TransportError, ConnectionError, TimeoutError)


def host_limit_name(host: str) -> str:
    """The global concurrency limit of one host (names allow letters, digits, dashes, dots, colons)."""
    return f"host:{host.split(':')[0]}"


def is_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry condition: only network-level failures are worth another attempt."""
    try:
        state.result()
    except TRANSIENT:
        return True
    except Exception:
        return False
    return False


def ensure_host_limits(hosts: set[str], limit: int = 1) -> None:
    """Create (idempotently) one global concurrency limit per host before any crawl task takes a slot."""
    with get_client(sync_client=True) as client:
        for host in sorted(hosts):
            client.upsert_global_concurrency_limit_by_name(host_limit_name(host), limit)


def fetch_settings(overrides: dict[str, Any] | None) -> Any:
    from gknb.extract.http.settings import FetchSettings

    return FetchSettings().with_overrides(**(overrides or {}))


# The crawl step's open archive, looked up by a key the task is given.  Task parameters stay plain
# data: Prefect keeps a task's parameters for the life of the process, and an archive (a
# DuckDB connection) kept that way outlives its close.
_OPEN_ARCHIVES: dict[str, Any] = {}


@task(name="crawl-source", retries=CRAWL_RETRIES, retry_delay_seconds=[5, 30],
      retry_jitter_factor=0.5, retry_condition_fn=is_transient, cache_policy=NO_CACHE)
async def crawl_source_task(source: Source, archive_key: str, fetch_overrides: dict[str, Any] | None) -> CrawlResult:
    """Crawl one source while holding its host's slot; the archive is shared by the run's threads."""
    archive = _OPEN_ARCHIVES[archive_key]
    async with concurrency(host_limit_name(source.host), occupy=1, strict=True):
        result = await crawl_source(source, archive, fetch_settings(fetch_overrides),
                                    on_result=lambda _source, _kind, _fetched: progress.note(progress.FETCHED))
    get_run_logger().info("crawled %s: %s", source.name,
                          {k: v for k, v in dataclasses.asdict(result).items() if not isinstance(v, (list, dict))})
    return result


def on_prefect(fetch_overrides: dict[str, Any] | None) -> RunSources:
    """The flows' way to run a crawl step's sources: one Prefect task per source, a limit per host.

    Crawling waits on sockets, so it always runs on threads, one per source, whatever runner
    parsing uses.  A task that still fails after its retries becomes its source's failed result.
    """

    def run(sources: list[Source], archive: Archive) -> list[CrawlResult]:
        if not sources:
            return []
        logger = get_run_logger()
        ensure_host_limits({s.host for s in sources})
        progress.note(progress.SOURCES, 0, total=len(sources))
        results = []
        key = str(id(archive))
        _OPEN_ARCHIVES[key] = archive
        try:
            with ThreadPoolTaskRunner(max_workers=len(sources)) as runner:
                futures = [runner.submit(crawl_source_task, {"source": s, "archive_key": key,
                                                             "fetch_overrides": fetch_overrides}) for s in sources]
                for future in futures:  # counted as each ends, whatever the order
                    future.add_done_callback(lambda _done: progress.note(progress.SOURCES))
                for source, future in zip(sources, futures):
                    future.wait()
                    if future.state.is_completed():
                        results.append(future.result())
                    else:  # one portal down must not stop the others or the parse/load that follows
                        error = future.state.message or "crawl failed"
                        logger.error("crawl of %s failed: %s", source.name, error)
                        results.append(failed_crawl(source, error))
        finally:
            _OPEN_ARCHIVES.pop(key, None)
        return results

    return run


def crawl_sources(settings: Settings, names: list[str] | None, fetch_overrides: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The crawl step of ``crawl_flow`` and ``nightly`` (``pipeline.crawl``), its results as plain data
    for the run report, the verdict and the source health."""
    results = pipeline.crawl(settings, pipeline.sources_to_crawl(settings, names), on_prefect(fetch_overrides))
    return [dataclasses.asdict(r) for r in results]


@flow(name="gknb-crawl", log_prints=True)
def crawl_flow(sources: list[str] | None = None, data_dir: str | None = None,
               fetch_overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Crawl the named sources (all by default) into the archive."""
    settings = Settings.load(data_dir)
    settings.ensure_dirs()
    return crawl_sources(settings, sources, fetch_overrides)
