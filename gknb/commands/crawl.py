"""``gknb crawl``: fetch the declared portals politely into the archive and summarise the run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from gknb.extract.archive import Archive
from gknb.model.settings import Settings
from gknb.extract.crawl import CrawlResult, crawl_sources, is_blocked
from gknb.extract.http.fetcher import FetchResult
from gknb.extract.http.settings import FetchSettings
from gknb.extract.sources import DEFAULT_SOURCES, Source, SourceError
from gknb.flows import pipeline
from gknb.cli import app
from gknb.errors import GknbError, UsageError


def _host_map(pairs: list[str], sources: list[Source]) -> dict[str, str]:
    """``HOST=IP:PORT`` pairs; ``*=IP:PORT`` maps every host of the chosen sources (the demo)."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        host, sep, target = pair.partition("=")
        if not sep or ":" not in target:
            raise typer.BadParameter(f"expected HOST=IP:PORT, got {pair!r}", param_hint="--host-map")
        hosts = {h for s in sources for h in s.hosts} if host.strip() == "*" else {host.strip().lower()}
        mapping.update(dict.fromkeys(hosts, target.strip()))
    return mapping


class _HostProgress:
    """One progress line per source: requests made, documents new, blocked and failed answers."""

    def __init__(self, progress: Progress, sources: list[Source]) -> None:
        self.progress = progress
        self.counts = {s.name: {"fetched": 0, "new": 0, "blocked": 0, "failed": 0} for s in sources}
        self.tasks = {s.name: progress.add_task(s.name, total=None, host=s.host, detail="starting") for s in sources}

    def __call__(self, source: Source, kind: str, result: FetchResult) -> None:
        c = self.counts[source.name]
        c["fetched"] += 1
        if result.change in ("new", "updated"):
            c["new"] += 1
        elif is_blocked(result.outcome):
            c["blocked"] += 1
        elif not result.ok:
            c["failed"] += 1
        detail = (f"{c['fetched']} fetched · {c['new']} new · {c['blocked']} blocked · {c['failed']} failed"
                  f" · last {kind} {result.outcome}")
        self.progress.update(self.tasks[source.name], advance=1, detail=detail)

    def finish(self, results: list[CrawlResult]) -> None:
        for result in results:
            self.progress.update(self.tasks[result.source], total=1, completed=1, detail=f"done: {result.status}")


class _InProcess:
    """The CLI's way to run a crawl step's sources: asyncio over one shared fetcher in this process,
    a progress line per source, and the archive's size before and after for the closing line."""

    def __init__(self, console: Console, settings: FetchSettings, max_pages: int | None) -> None:
        self.console, self.settings, self.max_pages = console, settings, max_pages
        self.before = self.after = (0, 0)

    def __call__(self, sources: list[Source], archive: Archive) -> list[CrawlResult]:
        self.before = archive.stats()
        columns = (SpinnerColumn(), TextColumn("[bold]{task.description}[/] [dim]{task.fields[host]}[/]"),
                   TextColumn("{task.fields[detail]}"), TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=False) as progress:
            tracker = _HostProgress(progress, sources)
            results = asyncio.run(crawl_sources(sources, archive, self.settings, max_pages=self.max_pages,
                                                on_result=tracker))
            tracker.finish(results)
        self.after = archive.stats()
        return results


def summary_table(results: list[CrawlResult]) -> Table:
    table = Table(title="crawl summary (reports found, new, updated, same, blocked, failed; distractors, duplicates)")
    table.add_column("source", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for column in ("found", "new", "upd", "same", "blk", "fail", "dist", "dup"):
        table.add_column(column, justify="right")
    for r in results:
        colour = "green" if r.status == "ok" else "red"
        table.add_row(r.source, f"[{colour}]{r.status}[/]", str(r.reports_found), str(r.new), str(r.updated),
                      str(r.unchanged), str(r.blocked), str(r.failed), str(r.distractors), str(r.duplicates))
    return table


def reason_lines(results: list[CrawlResult]) -> list[str]:
    """Why fetches were blocked or failed, per source: outcome × count; why a crawl raised (as the run
    report says it); and which crawls a budget cut short."""
    lines = [f"{r.source}: " + ", ".join(f"{k}×{v}" for k, v in r.reasons.items()) for r in results if r.reasons]
    lines += [f"{r.source}: crawl failed: {r.error}" for r in results if r.error]
    return lines + [f"{r.source}: stopped by its {r.stopped.replace('_', ' ')}, {r.not_fetched} reports left "
                    f"for the next run" for r in results if r.stopped]


@app.command()
def crawl(
    source: list[str] = typer.Option(None, "--source", "-s", help="crawl only this source (repeatable)"),
    max_pages: int = typer.Option(None, "--max-pages", min=1, help="list pages walked per 年报 column"),
    sources_file: Path = typer.Option(None, "--sources", help="sources YAML (default: GKNB_SOURCES, else the shipped sources)"),
    archive_dir: Path = typer.Option(None, "--archive", help="content-addressed body store (default: archive/ in GKNB_DATA_DIR, ./data)"),
    fetch_log: Path = typer.Option(None, "--fetch-log", help="DuckDB file of the fetch log (default: fetchlog.duckdb in GKNB_DATA_DIR)"),
    delay: float = typer.Option(FetchSettings.min_delay, "--delay", min=0.0,
                                help="seconds between requests to one host; sources and Crawl-delay may only raise it"),
    host_map: list[str] = typer.Option(
        None, "--host-map", help="HOST=IP:PORT static resolution, or *=IP:PORT for every source host (simulator/demo)"),
    offline: bool = typer.Option(False, "--offline", help="no DNS: only --host-map names and IP literals"),
    time_scale: float = typer.Option(1.0, "--time-scale", help="scale Retry-After/Crawl-delay (simulator only)"),
) -> None:
    """Crawl government portals politely into the archive: robots.txt, per-host pacing, conditional requests."""
    console = Console()
    given = {"sources_file": sources_file, "archive_dir": archive_dir, "fetch_log": fetch_log}
    # the same sources, data dir, archive and fetch log the nightly uses, unless an option names them
    paths = Settings.load().model_copy(update={k: v for k, v in given.items() if v is not None})
    try:
        chosen = pipeline.sources_to_crawl(paths, source)
    except (SourceError, OSError) as exc:
        raise UsageError(f"sources: {exc}", hint=f"check {paths.sources_file or DEFAULT_SOURCES} or the --source names") from exc
    settings = FetchSettings(min_delay=delay, default_delay=delay, host_map=_host_map(host_map or [], chosen),
                             resolve_dns=not offline, time_scale=time_scale)
    local = _InProcess(console, settings, max_pages)
    results = pipeline.crawl(paths, chosen, local)
    (files_before, bytes_before), (files_after, bytes_after) = local.before, local.after
    console.print(summary_table(results))
    for line in reason_lines(results):
        console.print(f"  [yellow]{line}[/]")
    console.print(f"archive {paths.archive_dir}: {files_after} bodies (+{files_after - files_before}), "
                  f"{bytes_after / 1e6:.1f} MB (+{(bytes_after - bytes_before) / 1e6:.2f} MB); fetch log {paths.fetch_log}")
    not_crawled = [f"{r.source} ({r.status})" for r in results if r.status != "ok"]
    if not_crawled:
        raise GknbError(f"could not crawl {len(not_crawled)} of {len(results)} sources: {', '.join(not_crawled)}",
                        hint="the fetch log and the reasons above say why; portals that block or are down "
                             "are retried on the next run")
