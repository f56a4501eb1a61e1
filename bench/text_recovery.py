"""What each text-dump layout recovers: cells exact / null / wrong over a sweep of seeds.

Renders synthetic reports (known values) in every layout of ``gknb.synth.render.text_dumps``,
parses them back and counts every table cell: *exact* (the value, or a blank read as a
blank), *null* (left null, or in a table left missing — the reading the rules allow when a
layout loses what is needed) and *wrong* (a value that differs — must be 0).  The year and
agency are counted the same way.

Usage: ``python -m bench.text_recovery [--seeds 40]``; writes bench/out/text_recovery.json.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gknb.synth.render.text_dumps import DUMP_LAYOUTS, render_dump
from gknb.synth.values import random_report
from gknb.model.report import TABLE_KEYS
from gknb.transform.parse import parse_bytes

FORMATS = ("2021", "2019")


def dump_report(layout: str, seed: int, fmt: str) -> dict[str, Any]:
    """The report a layout is measured on: empty templates for the ``empty_template`` layouts,
    otherwise every other seed with blank cells (10%)."""
    rng = random.Random(seed * 7919 + (fmt == "2019"))
    if layout.startswith("empty_template"):
        return random_report(rng, fmt=fmt, blank_rate=1.0)
    return random_report(rng, fmt=fmt, single_other_row=fmt == "2021" and seed % 4 == 1,
                         blank_rate=0.1 if seed % 2 == 0 else 0.0)


def cell_outcomes(report: dict[str, Any], parsed: Any) -> Counter[str]:
    """exact / null / wrong for every cell of the three tables."""
    counts: Counter[str] = Counter()
    for table in TABLE_KEYS:
        want, got = report[table], getattr(parsed, table)
        for row, cells in want.items():
            for col, w in cells.items():
                if got is None:
                    counts["null"] += 1
                    continue
                g = (got.get(row) or {}).get(col, "absent")
                counts["exact" if g == w else "null" if g is None else "wrong"] += 1
    return counts


def measure(layout: str, seeds: range) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for seed in seeds:
        for fmt in FORMATS:
            report = dump_report(layout, seed, fmt)
            text = render_dump(report, layout)
            parsed = parse_bytes(text.encode("utf-8"), f"{layout}-{seed}-{fmt}.txt", media_type="text")
            counts.update(cell_outcomes(report, parsed))
            for field in ("year", "agency"):
                got = getattr(parsed, field)
                counts[f"{field}_" + ("exact" if got == report[field] else "null" if got is None else "wrong")] += 1
    return {k: counts.get(k, 0) for k in ("exact", "null", "wrong", "year_exact", "year_null", "year_wrong",
                                          "agency_exact", "agency_null", "agency_wrong")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=40)
    ap.add_argument("--layout", action="append", help="only these layouts")
    args = ap.parse_args()
    results = {}
    for layout in args.layout or DUMP_LAYOUTS:
        r = measure(layout, range(args.seeds))
        results[layout] = r
        cells = r["exact"] + r["null"] + r["wrong"]
        print(f"{layout:28} cells exact {r['exact']:6} ({r['exact'] / cells:6.1%})  null {r['null']:6}  "
              f"wrong {r['wrong']:3}   year {r['year_exact']}/{r['year_null']}/{r['year_wrong']}  "
              f"agency {r['agency_exact']}/{r['agency_null']}/{r['agency_wrong']}", flush=True)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "text_recovery.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
