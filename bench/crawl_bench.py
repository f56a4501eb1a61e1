"""Crawl throughput against the politeness bound: 50 simulated hosts at 0.05 s per-host delay.

With one request in flight per host and ``delay`` seconds between requests, no crawler can
exceed ``hosts / delay`` requests per second; this measures how close the crawler gets
(goal: 80%).  The simulator runs in its own process (the machine's other core) so the
numbers measure the crawler, not a shared event loop.  Two runs: a cold crawl (every body
downloaded) and a warm one (an unchanged portal: 304s and archived list pages).

    .venv/bin/python bench/crawl_bench.py [--hosts 50] [--delay 0.05] [--reports 20]

Prints a summary and writes bench/out/crawl.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gknb.extract.archive import Archive  # noqa: E402
from gknb.extract.crawl import crawl_sources  # noqa: E402
from gknb.extract.http.settings import FetchSettings  # noqa: E402
from gknb.extract.sources import Source  # noqa: E402
from gknb.synth.portal.app import CONTROL_HOST  # noqa: E402
from gknb.synth.portal.server import bench_host  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_simulator(hosts: int, reports: int) -> tuple[subprocess.Popen, int, dict[str, str]]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gknb.synth.portal.server", "--port", str(port), "--no-portals",
         "--bench-hosts", str(hosts), "--bench-reports", str(reports), "--time-scale", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    host_map = json.loads(line)["host_map"]
    deadline = time.monotonic() + 20
    while True:  # the JSON line comes just before uvicorn binds: wait for the socket
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return proc, port, host_map


def _server_log(port: int, reset: bool = False) -> list[dict]:
    path = "/reset" if reset else "/log"
    response = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"Host": CONTROL_HOST}, timeout=30)
    return response.json() if not reset else []


def _run(sources: list[Source], archive: Archive, settings: FetchSettings, port: int) -> dict:
    _server_log(port, reset=True)
    started = time.monotonic()
    results = asyncio.run(crawl_sources(sources, archive, settings))
    elapsed = time.monotonic() - started
    log = _server_log(port)
    per_host: dict[str, list[float]] = {}
    for entry in log:
        per_host.setdefault(entry["host"], []).append(entry["ts"])
    gaps = [b - a for ts in per_host.values() for a, b in zip(sorted(ts), sorted(ts)[1:])]
    requests = len(log)
    bound = len(sources) / settings.min_delay
    return {
        "requests": requests,
        "elapsed_s": round(elapsed, 3),
        "throughput_rps": round(requests / elapsed, 1),
        "politeness_bound_rps": round(bound, 1),
        "share_of_bound": round(requests / elapsed / bound, 3),
        "min_gap_s": round(min(gaps), 4) if gaps else None,
        "reports_found": sum(r.reports_found for r in results),
        "new": sum(r.new for r in results),
        "unchanged": sum(r.unchanged for r in results),
        "failed": sum(r.failed + r.blocked for r in results),
        "statuses": {str(s): sum(1 for e in log if e["status"] == s) for s in sorted({e["status"] for e in log})},
    }


def _crawl_at(delay: float, hosts: int, host_map: dict[str, str], port: int) -> dict:
    """A cold then a warm crawl of every bench host at ``delay``, into a fresh archive."""
    sources = [Source(name=f"bench{i:02d}", url=f"http://{bench_host(i)}/zfxxgknb/index.html", family="trs")
               for i in range(hosts)]
    settings = FetchSettings(min_delay=delay, default_delay=delay, host_map=host_map, resolve_dns=False,
                             read_timeout=10, request_budget=20)
    with tempfile.TemporaryDirectory() as tmp, Archive(Path(tmp) / "archive", Path(tmp) / "log.duckdb") as archive:
        return {"delay_s": delay, "cold": _run(sources, archive, settings, port),
                "warm": _run(sources, archive, settings, port)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--sweep", type=float, nargs="*", default=[0.1, 0.2],
                        help="further delays to run, to show where the bound is reachable on this machine")
    args = parser.parse_args()
    proc, port, host_map = _start_simulator(args.hosts, args.reports)
    try:
        runs = [_crawl_at(delay, args.hosts, host_map, port) for delay in [args.delay, *args.sweep]]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[0]
    out = {"hosts": args.hosts, "reports_per_host": args.reports, "cpus": os.cpu_count(), "load_before_exit": load,
           "goal_share": 0.8, "headline": runs[0], "sweep": runs[1:]}
    for run in runs:
        for name in ("cold", "warm"):
            r = run[name]
            print(f"delay {run['delay_s']} s {name}: {r['requests']} requests in {r['elapsed_s']} s = "
                  f"{r['throughput_rps']} req/s, {r['share_of_bound']:.0%} of the {r['politeness_bound_rps']} req/s bound "
                  f"(min per-host gap {r['min_gap_s']} s; statuses {r['statuses']})")
    target = ROOT / "bench" / "out" / "crawl.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)} (1-min load average {load} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
