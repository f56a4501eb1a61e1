"""The warehouse held against the simulator's ground truth: is every agency-year counted once?

Used by the identity tests and to measure a ``gknb demo`` warehouse
(``python -m gknb.synth.portal.truth DEMO_DATA_DIR``).  A warehouse report is matched to the
manifest report it came from by URL (the page, a repost, an attachment); a manifest unit is
``unit_id`` (its jurisdiction's code and its name: the same town name in two districts is
two units).  What "counted" means follows the warehouse: when ``reports.is_primary``
exists only primary reports count, as in every view; before it existed, every report did.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb


def unit_key(entry: dict[str, Any]) -> str:
    """The manifest's unit identity; ``site|name`` for manifests written before units had ids."""
    return entry.get("unit_id") or f"{entry['site']}|{entry['unit']}"


def url_index(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every URL a manifest report can be loaded from -> that report."""
    index: dict[str, dict[str, Any]] = {}
    for entry in manifest["reports"]:
        for url in (entry["canonical_url"], *entry["also_at"], *(a["url"] for a in entry["attachments"])):
            index[url] = entry
    return index


def true_new_received(entry: dict[str, Any]) -> int | None:
    return entry["values"]["applications"].get("new_received", {}).get("total")


@dataclass
class Measurement:
    agency_years: int = 0  # in the manifest
    counted_once: int = 0
    counted_more: int = 0
    never: int = 0  # no counted report (not fetched, not read, or no primary)
    identities: int = 0  # warehouse agency identities holding manifest reports
    merged_identities: int = 0  # identities covering more than one manifest unit
    merged_units: int = 0  # manifest units inside such identities
    split_units: int = 0  # manifest units spread over more than one identity
    unplaced_reports: int = 0  # counted reports without an identity
    read_without_count: int = 0  # agency-years with a report loaded but none counted
    totals: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # year -> (warehouse, truth of read, truth)
    wrong_primary_totals: int = 0  # counted reports whose new_received total was read and differs from the truth
    unread_totals: int = 0  # counted reports without a new_received total (a table not read: null, never a guess)

    def lines(self) -> list[str]:
        out = [
            f"agency-years in the manifest: {self.agency_years}; counted once {self.counted_once}, "
            f"more than once {self.counted_more}, never {self.never}",
            f"identities {self.identities}: {self.merged_identities} cover more than one unit "
            f"({self.merged_units} units merged); {self.split_units} units split over several; "
            f"{self.unplaced_reports} counted reports without identity; "
            f"{self.read_without_count} agency-years loaded but not counted",
            f"counted reports whose new_received total differs from the truth: {self.wrong_primary_totals}; "
            f"without a value: {self.unread_totals}",
            "new_received by year: warehouse / truth of the agency-years with a value read / truth of all",
        ]
        for year, (got, read, truth) in sorted(self.totals.items()):
            out.append(f"  {year}: {got} / {read} / {truth} ({(got - truth) / truth:+.1%} of all)" if truth else
                       f"  {year}: {got} / {read} / {truth}")
        return out


def measure(con: duckdb.DuckDBPyConnection, manifest: dict[str, Any]) -> Measurement:
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'reports'").fetchall()}
    identity = "agency_id" if "agency_id" in columns else "agency_canonical"
    counted = "is_primary" if "is_primary" in columns else "true"
    rows = con.execute(
        f"SELECT r.source, r.{identity}, r.year, f.count FROM reports AS r LEFT JOIN fact_applications AS f "
        "ON f.report_id = r.report_id AND f.category = 'new_received' AND f.applicant_type = 'total' "
        f"WHERE {counted}"
    ).fetchall()
    by_url = url_index(manifest)
    loaded = {(unit_key(by_url[s]), by_url[s]["stats_year"]) for (s,) in con.execute("SELECT source FROM reports").fetchall()
              if s in by_url}
    m = Measurement()
    truth_years: dict[tuple[str, int], dict[str, Any]] = {}
    for entry in manifest["reports"]:
        truth_years[(unit_key(entry), entry["stats_year"])] = entry
    m.agency_years = len(truth_years)
    counts: Counter[tuple[str, int]] = Counter()
    units_of: dict[str, set[str]] = defaultdict(set)
    identities_of: dict[str, set[str]] = defaultdict(set)
    got: Counter[int] = Counter()
    read_truth: Counter[int] = Counter()
    read: Counter[tuple[str, int]] = Counter()  # agency-year -> counted reports with a value
    for source, ident, year, new_received in rows:
        entry = by_url.get(source)
        if entry is None:
            continue
        key = (unit_key(entry), entry["stats_year"])
        counts[key] += 1
        if ident is None:
            m.unplaced_reports += 1
        else:
            units_of[ident].add(key[0])
            identities_of[key[0]].add(ident)
        got[entry["stats_year"]] += new_received or 0
        if new_received is None:
            m.unread_totals += 1
            continue
        if new_received != true_new_received(entry):
            m.wrong_primary_totals += 1
        read[key] += 1
    for key, times in read.items():
        read_truth[key[1]] += (true_new_received(truth_years[key]) or 0) * times
    m.counted_once = sum(1 for k in truth_years if counts[k] == 1)
    m.counted_more = sum(1 for k in truth_years if counts[k] > 1)
    m.never = sum(1 for k in truth_years if counts[k] == 0)
    m.read_without_count = sum(1 for k in loaded if counts[k] == 0)
    m.identities = len(units_of)
    merged = [u for u in units_of.values() if len(u) > 1]
    m.merged_identities = len(merged)
    m.merged_units = len(set().union(*merged)) if merged else 0
    m.split_units = sum(1 for ids in identities_of.values() if len(ids) > 1)
    truth: Counter[int] = Counter()
    for entry in manifest["reports"]:
        truth[entry["stats_year"]] += true_new_received(entry) or 0
    m.totals = {y: (got[y], read_truth[y], truth[y]) for y in sorted(set(truth) | set(got))}
    return m


def main() -> None:
    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "demo-data")
    manifest = json.loads((data_dir / "portal" / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(data_dir / "gknb.duckdb"), read_only=True)
    try:
        print("\n".join(measure(con, manifest).lines()))
    finally:
        con.close()


if __name__ == "__main__":
    main()
