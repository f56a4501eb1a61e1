"""The hand-verified seeds and samples in ../shared, and a cell-by-cell comparison helper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED
from gknb.model.report import TABLE_KEYS
from gknb.transform.report import Report

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
SAMPLES = sorted((SHARED / "samples").glob("*.pdf"))
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared (seeds and samples) is not beside the checkout")


def expected_for(path: Path) -> dict:
    return json.loads((path.parent / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))


def cell_differences(report: Report, expected: dict) -> list[str]:
    """Every cell, table presence, agency and year that differs (type included: 0 is not None)."""
    diffs = []
    for key in ("agency", "year"):
        if getattr(report, key) != expected[key]:
            diffs.append(f"{key}: got {getattr(report, key)!r}, want {expected[key]!r}")
    for table in TABLE_KEYS:
        want, got = expected[table], getattr(report, table)
        if want is None or got is None:
            if want != got:
                diffs.append(f"{table}: got {'a table' if got else None}, want {'a table' if want else None}")
            continue
        if set(want) != set(got):
            diffs.append(f"{table}: rows {sorted(set(got) ^ set(want))} differ")
        for row, cols in want.items():
            for col, value in cols.items():
                g = got.get(row, {}).get(col, "MISSING")
                if g != value or type(g) is not type(value):
                    diffs.append(f"{table}.{row}.{col}: got {g!r}, want {value!r}")
    return diffs
