"""Placing a batch's reports at load: ``agency_id``, jurisdiction, the agencies they name, the names that cannot be placed.

The rules are ``transform/identity.py``'s; this module only brings them the jurisdiction of
each report's source (``extract/sources.yml``, or ``$GKNB_SOURCES`` as the flows use) and
turns the results into rows: the reports' new columns, ``agencies`` rows and, for a name
that cannot be placed, a failing ``agency_identity`` check — the report stays loaded and
queryable, it is only never primary — and an ``agency_unplaced`` issue, so the issue log and the
run report's counts name it beside the document's reading issues.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl

from gknb.load.batch import issue_row, utc_now
from gknb.model.issues import AGENCY_UNPLACED
from gknb.model.report import CHECK_AGENCY_IDENTITY
from gknb.extract.sources import DEFAULT_SOURCES, Source, load_sources
from gknb.model.tables import AGENCIES, CHECK_RESULTS, ISSUES
from gknb.transform import identity
from gknb.model.regions import Registry, registry
from gknb.model.settings import settings

NOT_PLACED = "agency not placed (check agency_identity)"


def jurisdictions(sources: list[Source], regions: Registry) -> dict[str, str]:
    """Host -> region code of every source that declares one; simulated codes are declared in ``regions``.

    A host two sources share with different jurisdictions maps to neither: which one a
    document belongs to would be a guess.
    """
    by_host: dict[str, set[str]] = {}
    for s in sorted((s for s in sources if s.region_code), key=lambda s: s.region_code):  # parents first
        if regions.get(s.region_code) is None:
            regions.declare(s.region_code, s.region or s.name)
        for host in s.hosts:
            by_host.setdefault(host, set()).add(s.region_code)
    return {host: codes.pop() for host, codes in by_host.items() if len(codes) == 1}


@dataclass(frozen=True)
class Placed:
    reports: pl.DataFrame  # the batch with agency_id, jurisdiction_code, is_primary and placed_* columns
    agencies: pl.DataFrame
    issues: pl.DataFrame  # check_results rows
    logged: pl.DataFrame  # issues rows, issue_order null: the warehouse appends them after the document's own


class Placer:
    """The registry plus host -> jurisdiction code of every declared source."""

    def __init__(self, regions: Registry, by_host: dict[str, str]) -> None:
        self.registry = regions
        self.by_host = by_host

    @classmethod
    def from_sources(cls, path: str | Path | None = None) -> Placer:
        regions = registry()
        sources = load_sources(path or settings().sources_file or DEFAULT_SOURCES)
        return cls(regions, jurisdictions(sources, regions))

    def jurisdiction(self, source: str) -> str | None:
        parts = urlsplit(source)
        if parts.scheme not in ("http", "https"):
            return None
        return self.by_host.get(parts.netloc.lower()) or self.by_host.get((parts.hostname or "").lower())

    def place(self, reports: pl.DataFrame) -> Placed:
        agencies: dict[str, dict[str, object]] = {}
        columns: dict[str, list[object]] = {k: [] for k in (
            "agency_id", "jurisdiction_code", "primary_reason", "placed_name", "placed_level", "placed_region")}
        issues: list[dict[str, object]] = []
        logged: list[dict[str, object]] = []
        now = utc_now()
        for row in reports.iter_rows(named=True):
            code = self.jurisdiction(row["source"])
            found = identity.resolve(row["agency"], code, self.registry, title=row["title"])
            agency = found.agency
            columns["jurisdiction_code"].append(code)
            columns["agency_id"].append(agency and agency.agency_id)
            columns["primary_reason"].append(None if agency else NOT_PLACED)
            columns["placed_name"].append(agency and agency.canonical_name)
            columns["placed_level"].append(agency and agency.admin_level)
            columns["placed_region"].append(agency and agency.region_code)
            if agency is None:
                issues.append({
                    "report_id": row["report_id"], "agency": row["agency_canonical"], "year": row["year"],
                    "check_name": CHECK_AGENCY_IDENTITY, "subject": "agency", "status": "fail",
                    "detail": found.issue, "blank_as_zero": False, "related_report_id": None,
                })
                logged.append(issue_row(row["source"], row["document_sha256"], row["report_id"], row["source_group"],
                                        None, AGENCY_UNPLACED(row["agency"] or "document", found.issue), now))
            elif agency.agency_id not in agencies:
                agencies[agency.agency_id] = {
                    "agency_id": agency.agency_id, "canonical_name": agency.canonical_name, "names_seen": None,
                    "region_code": agency.region_code, **self.registry.names(agency.region_code),
                    "admin_level": agency.admin_level, "kind": agency.kind, "sector": agency.sector,
                    "parent_id": agency.parent_id,
                }
        placed = reports.with_columns(
            *(pl.Series(k, v, dtype=pl.String) for k, v in columns.items()),
            is_primary=pl.lit(False),
        )
        return Placed(
            reports=placed,
            agencies=pl.DataFrame(list(agencies.values()), schema=AGENCIES.polars_schema),
            issues=pl.DataFrame(issues, schema=CHECK_RESULTS.polars_schema),
            logged=pl.DataFrame(logged, schema=ISSUES.polars_schema),
        )
