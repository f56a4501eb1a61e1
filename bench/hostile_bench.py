"""Hostile-corpus benchmark: each case of tests/hostile through the budgeted parse workers.

Prints, per case, its size on disk, the wall-clock time from hand-over to recorded outcome
(worker restarts included), the outcome and its reason; then the worst time and the peak memory
(max RSS) of any worker process.  Budgets are the settings' (``GKNB_PARSE_MEMORY_MB``,
``GKNB_PARSE_SECONDS``), so the figures are the ones a production run would meet.
Usage: ``python -m bench.hostile_bench`` (run from the repository root).
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from tests.hostile import CASES
from gknb.transform.isolate import ParsePool
from gknb.transform.parse import parse_bytes, parse_path


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="gknb-hostile-"))
    worst = 0.0
    handled = 0
    with ParsePool() as pool:
        print(f"budget: {pool.budget.memory_mb} MiB, {pool.budget.seconds:g} s per document")
        pool.run(parse_bytes, b"warm-up", "warm-up", source="warm-up")  # the first worker's start is not a case's cost
        for case, build in CASES.items():
            name, data = build()
            path = folder / name
            path.write_bytes(data)
            start = time.monotonic()
            report = pool.run(parse_path, path, source=str(path))
            elapsed = time.monotonic() - start
            worst = max(worst, elapsed)
            handled += report.status == "failed" and bool(report.error)
            print(f"{case:18} {len(data):>12,} B {elapsed:7.1f} s  {report.status}: {report.error}")
            path.unlink()
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{handled} of {len(CASES)} handled; worst {worst:.1f} s; peak worker memory {peak_mib:.0f} MiB")
    folder.rmdir()


if __name__ == "__main__":
    main()
