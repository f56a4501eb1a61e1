"""Parsed reports -> one ``LoadBatch``: the rows every warehouse table gets from them.

A batch is what the warehouse loads in one transaction.  Building it is pure (polars
only, no database), so the same frames serve ``gknb ingest``, the Prefect flows and the
load benchmark, which builds its frames directly from random values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from gknb.model.document import DocumentRecord
from gknb.model.issues import UNREAD_BY_STATUS, Issue
from gknb.model.tables import DOCUMENTS, ISSUES, PER_REPORT_TABLES, REPORTS
from gknb.transform import agency as agency_names
from gknb.model import report as model
from gknb.transform.facts import FactError, as_dict, build_facts, report_id_for
from gknb.transform.report import Report

REPORT_STATUSES = (model.STATUS_PARSED, model.STATUS_PARTIAL)


@dataclass
class LoadBatch:
    """Rows for every table; ``documents`` has one row per document, sources unique."""

    documents: pl.DataFrame
    reports: pl.DataFrame
    per_report: dict[str, pl.DataFrame] = field(default_factory=dict)  # fact tables + check_results
    issues: pl.DataFrame = field(default_factory=ISSUES.empty_frame)  # per document version, every status

    def __post_init__(self) -> None:
        if self.documents["source"].is_duplicated().any():
            raise ValueError("a batch holds one version per source: load versions in separate batches")
        for decl in PER_REPORT_TABLES:
            self.per_report.setdefault(decl.name, decl.empty_frame())


def source_group(source: str) -> str:
    """The 'same source' of report-model's agency rule: a URL's host, a file's folder."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.netloc.lower()
    return str(Path(source).parent)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _date(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _reason(report: dict[str, Any]) -> str | None:
    """Why the status is what it is: the error, or for a partial report the parser's warnings."""
    if report.get("error"):
        return report["error"]
    if report["status"] == model.STATUS_PARTIAL:
        return "; ".join(report.get("warnings") or ()) or None
    return None


def _identity(report: dict[str, Any], record: DocumentRecord | None) -> tuple[str, int | None]:
    """(sha256, size) as computed when the bytes entered (the record), else as the report carries them."""
    if record is not None:
        return record.sha256, record.size
    if report.get("sha256"):
        return report["sha256"], report.get("size") or 0
    raise ValueError(f"{report['source']}: no sha256 and no record; a document never read cannot be recorded")


def document_agency(report: dict[str, Any]) -> str | None:
    """Canonical name from the document alone: its printed name, its metadata names as context."""
    if not report.get("agency"):
        return None
    return agency_names.canonical_agency(report["agency"], (report.get("meta") or {}).values())


def build_batch(
    items: Iterable[tuple[Report | dict[str, Any], DocumentRecord | None]],
    *,
    ingested_at: datetime | None = None,
) -> LoadBatch:
    """Rows of all tables for ``(report, record)`` items, in item order.  The record (None for a
    report built without one, which then carries its own sha256) supplies the document's identity
    and fetch facts: the warehouse stores the hash computed when the bytes entered.

    Only parsed and partial reports get a reports row and facts; a report whose facts
    cannot be built is recorded as a failed document with the reason.
    """
    now = ingested_at or utc_now()
    docs: list[dict[str, Any]] = []
    reports: list[dict[str, Any]] = []
    per_report: list[dict[str, pl.DataFrame]] = []
    versions: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (report, its documents row) for the issues
    for item, record in items:
        report = as_dict(item)
        sha256, size = _identity(report, record)
        report = {**report, "sha256": sha256}
        rid = report_id_for(report["source"])
        doc = {
            "source": report["source"], "sha256": sha256, "report_id": rid, "media_type": report.get("media_type"),
            "size_bytes": report.get("size") or size, "ingested_at": now,
            "fetched_at": record and record.fetched_at, "etag": record and record.etag,
            "last_modified": record and record.last_modified, "status": report["status"],
            "reason": _reason(report), "parser_version": report.get("parser_version") or "",
            "is_latest": True, "warnings": _json(report.get("warnings")), "meta": _json(report.get("meta")),
        }
        docs.append(doc)
        versions.append((report, doc))
        if report["status"] not in REPORT_STATUSES:
            continue
        name = document_agency(report)
        try:
            per_report.append(build_facts([(report, rid, name)]))
        except FactError as err:
            doc["status"], doc["reason"] = model.STATUS_FAILED, f"facts: {err}"
            continue
        reports.append({
            "report_id": rid, "source": report["source"], "source_group": source_group(report["source"]),
            "document_sha256": sha256, "agency": report.get("agency"), "agency_normalized": name,
            "agency_canonical": name, "agency_id": None, "jurisdiction_code": None, "is_primary": False,
            "tables_read": None, "primary_reason": None, "region": name and agency_names.region(name),
            "admin_level": name and agency_names.admin_level(name), "year": report.get("year"),
            "format_version": report.get("format_version"), "status": report["status"], "title": report.get("title"),
            "publication_date": _date(report.get("publication_date")), "parser_version": doc["parser_version"],
            "agency_year_reports": None, "warnings": doc["warnings"],
        })
    return LoadBatch(
        documents=pl.DataFrame(docs, schema=DOCUMENTS.polars_schema),
        reports=pl.DataFrame(reports, schema=REPORTS.polars_schema),
        per_report={d.name: pl.concat([f[d.name] for f in per_report] or [d.empty_frame()]) for d in PER_REPORT_TABLES},
        issues=pl.DataFrame([row for report, doc in versions for row in _issue_rows(report, doc, now)],
                            schema=ISSUES.polars_schema),
    )


def _issue_rows(report: dict[str, Any], doc: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """The issues table's rows of one document version: the parser's, in the order it met them, then for a
    document not read the issue its status stands for, with its reason."""
    logged = [Issue(**issue) for issue in report.get("issues") or ()]
    if doc["status"] in UNREAD_BY_STATUS:
        logged.append(UNREAD_BY_STATUS[doc["status"]]("document", doc["reason"] or ""))
    group = source_group(doc["source"])
    return [issue_row(doc["source"], doc["sha256"], doc["report_id"], group, i, issue, now)
            for i, issue in enumerate(logged)]


def issue_row(source: str, sha256: str, report_id: str, group: str, order: int | None, issue: Issue,
              recorded_at: datetime) -> dict[str, Any]:
    """One row of the ``issues`` table: the document version it belongs to, then the issue (``order``
    None: the warehouse numbers it after the document's own, as for the resolver's)."""
    return {"source": source, "document_sha256": sha256, "report_id": report_id, "source_group": group,
            "issue_order": order, "code": issue.code, "level": issue.level, "location": issue.where,
            "detail": issue.detail, "recorded_at": recorded_at}
