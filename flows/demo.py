"""``gknb demo``: the whole pipeline offline, against simulated portals on 127.0.0.1.

The simulator (``gknb.synth.portal``) serves a generated corpus on one loopback port; the crawler
reaches its invented ``*.gov.cn`` hosts through a static host map (nothing is resolved, so
nothing can leave loopback).  The demo runs the real nightly flow over it, then prints the
run summary, a few queries a newcomer would ask, and where every file is.  Run it twice: the
second run is incremental — conditional requests, no body downloaded, nothing re-parsed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

EXAMPLE_QUERIES: tuple[tuple[str, str], ...] = (
    ("Applications received per statistics year (Table 3, 本年新收, all applicants)",
     """SELECT year, count(DISTINCT report_id) AS reports, sum(count) AS new_applications
        FROM fact_applications WHERE category = 'new_received' AND applicant_type = 'total'
        GROUP BY year ORDER BY year"""),
    ("Agencies with the most denials (不予公开, all reasons, all years)",
     """SELECT agency, sum(count) AS denied
        FROM fact_applications WHERE category LIKE 'denied_%' AND applicant_type = 'total'
        GROUP BY agency HAVING sum(count) > 0 ORDER BY denied DESC, agency LIMIT 5"""),
    ("Reports whose Table 3 does not balance (t3_balance fails)",
     """SELECT r.agency, r.year, count(*) AS failing_columns
        FROM check_results c JOIN reports r USING (report_id)
        WHERE c.check_name = 't3_balance' AND c.status = 'fail'
        GROUP BY r.agency, r.year ORDER BY r.year, r.agency LIMIT 10"""),
)

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
    from gknb.flows import warehouse_io

    with warehouse_io.open_warehouse(db_path) as wh:
        for title, sql in EXAMPLE_QUERIES:
            cur = wh.con.execute(sql)
            table = Table(*(d[0] for d in cur.description), title=title, title_justify="left")
            for row in cur.fetchall():
                table.add_row(*("" if v is None else str(v) for v in row))
            console.print(table)
            console.print(f"[dim]{' '.join(sql.split())}[/]\n")


def run_demo(data_dir: Path, reports: int) -> dict[str, Any]:
    from gknb.flows.nightly import nightly
    from gknb.flows.settings import FlowSettings

    try:  # the simulator's demo entry point (issue 4): sites on one loopback port + a sized corpus
        from gknb.synth.portal.demo import start_demo_portal
    except ImportError as exc:
        raise SystemExit(f"gknb demo needs synth.portal.demo.start_demo_portal (portal simulator, issue 4): {exc}")

    console = Console()
    started = time.monotonic()
    settings = FlowSettings.from_env(data_dir)
    settings.ensure_dirs()
    console.rule("[bold]gknb demo[/]")
    with start_demo_portal(data_dir / "portal", reports=reports) as portal:
        sources_file = write_sources(data_dir / "sources.yml", portal.sources)
        os.environ["GKNB_SOURCES"] = str(sources_file)
        console.print(f"simulated portals on {portal.address}: {', '.join(portal.host_map)} "
                      f"({portal.reports} reports)")
        result = nightly(data_dir=str(data_dir), fetch_overrides=fetch_overrides(portal.host_map))
    console.print(Markdown((settings.reports_dir / "latest.md").read_text(encoding="utf-8")))
    print_queries(console, settings.db_path)
    console.rule("[bold]files[/]")
    for label, path in (("warehouse (DuckDB)", settings.db_path), ("exports (parquet, datapackage.json, "
                        "DATA_DICTIONARY.md)", settings.export_dir), ("run reports", settings.reports_dir),
                        ("archive of fetched bodies", settings.archive_dir), ("fetch log", settings.fetch_log),
                        ("sources crawled", sources_file)):
        console.print(f"{label:<60} {path}")
    console.print(f"\ntry: gknb query \"SELECT * FROM reports LIMIT 5\"   (with GKNB_DB={settings.db_path})")
    console.print(f"demo finished in {time.monotonic() - started:.1f} s; run `gknb demo` again for an incremental run.")
    return result
