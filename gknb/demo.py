"""``gknb demo``: the whole pipeline offline, against simulated portals on 127.0.0.1.

The simulator (``gknb.synth.portal``) serves a generated corpus on one loopback port; the crawler
reaches its invented ``*.gov.cn`` hosts through a static host map (nothing is resolved, so
nothing can leave loopback).  The demo runs the real nightly flow over it, then prints the
run summary, a few queries a newcomer would ask, and where every file is.  Run it twice: the
second run is incremental — conditional requests, no body downloaded, nothing re-parsed.
"""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gknb.load.summary import EXAMPLE_QUERIES, FIRST_QUERY
from gknb.load.warehouse import Warehouse

# The crawler's politeness floor is for real portals; the simulator scales its clocks down
# (Retry-After, Crawl-delay) by the same factor so the demo's hundreds of requests take seconds.
DEMO_DELAY = 0.02
DEMO_TIME_SCALE = 0.02


def write_sources(path: Path, sources: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Simulated portals of `gknb demo` (127.0.0.1 only).\n"
                    + yaml.safe_dump({"sources": sources}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fetch_overrides(host_map: dict[str, str]) -> dict[str, Any]:
    return {"host_map": host_map, "resolve_dns": False, "min_delay": DEMO_DELAY,
            "default_delay": DEMO_DELAY, "time_scale": DEMO_TIME_SCALE}


def print_queries(console: Console, db_path: Path) -> None:
    with Warehouse(db_path) as wh:
        for title, sql in EXAMPLE_QUERIES:
            frame = wh.query(sql)
            table = Table(*frame.columns, title=title, title_justify="left")
            for row in frame.iter_rows():
                table.add_row(*("" if v is None else str(v) for v in row))
            console.print(table)
            console.print(f"[dim]{' '.join(sql.split())}[/]\n")


def gknb_command() -> str:
    """The gknb of this very environment, as a path that works when pasted (the venv is rarely on PATH)."""
    script = Path(sys.executable).with_name("gknb")
    return shlex.quote(str(script)) if script.exists() else f"{shlex.quote(sys.executable)} -m gknb"


def print_hints(console: Console, db_path: Path) -> None:
    gknb = gknb_command()
    db = shlex.quote(str(db_path))
    console.print("\nnext, paste any of these:")
    for line in (f"{gknb} query --db {db} \"{FIRST_QUERY}\"",
                 f"{gknb} checks --db {db}"):
        console.print(f"  {escape(line)}", soft_wrap=True, highlight=False)


def run_demo(data_dir: Path, reports: int) -> dict[str, Any]:
    from gknb.flows.nightly import run_night
    from gknb.load.release import latest
    from gknb.load.site.build import build_site
    from gknb.flows.progress import live_progress
    from gknb.model.settings import Settings
    from gknb.flows.summary import print_summary

    try:  # the simulator's demo entry point (issue 4): sites on one loopback port + a sized corpus
        from gknb.synth.portal.demo import start_demo_portal
    except ImportError as exc:
        raise SystemExit(f"gknb demo needs synth.portal.demo.start_demo_portal (portal simulator, issue 4): {exc}")

    console = Console()
    started = time.monotonic()
    settings = Settings.load(data_dir)
    settings.ensure_dirs()
    console.rule("[bold]gknb demo[/]")
    with start_demo_portal(data_dir / "portal", reports=reports) as portal:
        sources_file = write_sources(data_dir / "sources.yml", portal.sources)
        os.environ["GKNB_SOURCES"] = str(sources_file)
        console.print(f"simulated portals on {portal.address}: {', '.join(portal.host_map)} "
                      f"({portal.reports} reports)")
        console.print("crawling, parsing and loading (the first run takes a minute or two) …")
        with live_progress(console):
            result = run_night(data_dir=str(data_dir), fetch_overrides=fetch_overrides(portal.host_map))
    console.rule("[bold]the night[/]")
    print_summary(console, result, settings.reports_dir / "latest.md")
    print_queries(console, settings.db_path)
    site = build_site(settings.db_path, data_dir / "site", archive=settings.archive_dir)
    release = latest(settings.export_dir)
    console.rule("[bold]files[/]")
    for label, path in (("warehouse (DuckDB)", settings.db_path),
                        ("data release (parquet, CSV, datapackage.json, DATA.md, CITATION.cff)", release or settings.export_dir),
                        (f"site ({site.pages} pages; open in a browser, no server needed)", site.out / "index.html"),
                        ("run reports", settings.reports_dir),
                        ("archive of fetched bodies", settings.archive_dir), ("fetch log", settings.fetch_log),
                        ("sources crawled", sources_file)):
        console.print(f"{label}:\n  {path}", highlight=False)
    print_hints(console, settings.db_path)
    again = f"{gknb_command()} demo --data-dir {shlex.quote(str(data_dir))}"
    console.print(f"demo finished in {time.monotonic() - started:.1f} s; run it again for an incremental run:\n"
                  f"  {escape(again)}", highlight=False)
    return result
