"""OCR bench: synthetic scans at 150, 200 and 300 dpi read end to end (``parse_bytes``).

For each resolution, a few synthetic reports are rendered, printed, stamped with a red seal,
rotated, blurred, noised and JPEG-compressed into image-only PDFs (``gknb.synth.render.scan``);
every cell of the three tables is then compared with the truth: exact, null (left blank
with a warning) or wrong (must stay 0).  Reports pages/s and seconds per report.

    PYTHONPATH=. python -m bench.ocr_bench [--reports N] [--dpi 150 200 300]

writes bench/out/ocr.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from gknb.extract.readers.ocr import recogniser
from gknb.synth.render.scan import scan_pages, scan_pdf, styles
from gknb.synth.values import all_cells, random_report
from gknb.transform.parse import parse_bytes

OUT = Path(__file__).resolve().parent / "out" / "ocr.json"


def cell_outcomes(report, truth) -> dict[str, int]:
    """exact / null / wrong over every cell of the truth's three tables (a missing table: null)."""
    out = {"exact": 0, "null": 0, "wrong": 0}
    for table, row, col in all_cells(truth):
        want = truth[table][row][col]
        got_table = getattr(report, table)
        got = None if got_table is None else got_table.get(row, {}).get(col)
        if got == want and type(got) is type(want):
            out["exact"] += 1
        elif got is None:
            out["null"] += 1
        else:
            out["wrong"] += 1
    return out


def run(dpis: list[int], reports: int, seed: int = 7) -> list[dict]:
    recogniser()  # load the model outside the timings
    rows = []
    for dpi in dpis:
        totals = {"exact": 0, "null": 0, "wrong": 0}
        pages = 0
        seconds = 0.0
        for n in range(reports):
            rng = random.Random(seed * 1000 + n)
            truth = random_report(rng)
            style = styles(rng, dpi)
            images = scan_pages(truth, style, seed=n)
            data = scan_pdf(images, style)
            start = time.perf_counter()
            report = parse_bytes(data, f"scan-{dpi}-{n}.pdf")
            seconds += time.perf_counter() - start
            pages += len(images)
            for k, v in cell_outcomes(report, truth).items():
                totals[k] += v
        rows.append({
            "dpi": dpi, "reports": reports, "pages": pages, **totals,
            "exact_share": round(totals["exact"] / max(1, sum(totals.values())), 4),
            "pages_per_s": round(pages / seconds, 3), "seconds_per_report": round(seconds / reports, 1),
        })
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200, 300])
    args = parser.parse_args()
    rows = run(args.dpi, args.reports)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
