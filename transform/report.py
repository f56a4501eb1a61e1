"""The canonical report: what one parsed document becomes (report-model.md, last section).

``Report.to_dict()`` is exactly the JSON object of the spec, plus provenance keys the
warehouse needs (document sha256, metadata, where every cell came from).  A table that is
missing or incomplete is ``None``; a blank cell is ``None``; nothing here is ever 0 unless
the document printed a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gknb.model.issues import Issue
from gknb.model.report import STATUS_FAILED

Table = dict[str, dict[str, Any]]  # row key -> column/measure key -> int | float | None


@dataclass(slots=True)
class CellSource:
    """Where one value came from: enough to find it again in the document."""

    table: str  # active_disclosure | applications | review_litigation
    row: str
    column: str
    raw: str | None  # the cell text as printed (None for a blank cell)
    row_label: str  # the row label as printed
    column_label: str  # the column/measure label (as printed where the reader saw it)
    inferred: bool = False  # value fixed by the table's own identities, not read directly
    ocr: bool = False  # the cell was read from a page image by OCR
    confidence: float | None = None  # the recogniser's confidence in that reading (OCR only)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "raw": self.raw,
            "row_label": self.row_label,
            "column_label": self.column_label,
            "inferred": self.inferred,
            "ocr": self.ocr,
            "confidence": self.confidence,
        }


@dataclass(slots=True)
class CheckResult:
    """One identity over one subject.  ``left``/``right`` are the terms compared (``None``: a blank
    cell), so what a failure means can be weighed without reading ``detail`` back; they are not part
    of the report's JSON, which says the same in ``detail``."""

    check: str
    subject: str  # applicant column, row key or proceeding the check ran over
    status: str  # pass | fail | skipped
    detail: str = ""
    blank_as_zero: bool = False
    left: tuple[int | float | None, ...] = ()
    right: tuple[int | float | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "subject": self.subject,
            "status": self.status,
            "detail": self.detail,
            "blank_as_zero": self.blank_as_zero,
        }


@dataclass(slots=True)
class Report:
    source: str
    status: str = STATUS_FAILED
    agency: str | None = None
    year: int | None = None
    format_version: str | None = None
    active_disclosure: Table | None = None
    applications: Table | None = None
    review_litigation: Table | None = None
    checks: list[CheckResult] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # in the order met; ``warnings`` are their texts
    error: str | None = None
    # Provenance and metadata beyond the spec's minimum.
    title: str | None = None
    publication_date: str | None = None  # ISO date as printed in the metadata block
    media_type: str | None = None
    sha256: str | None = None
    size: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    cells: list[CellSource] = field(default_factory=list)
    # What could be read of tables that are incomplete (rows missing, too few cells, or cells
    # no single reading decides); never merged into the tables above.
    partial_tables: dict[str, Table] = field(default_factory=dict)
    parser_version: str = ""
    # Reports on 2008–2018 (format_version 2014 or legacy): the indicator rows of their
    # statistics table (gknb.transform.legacy), None for the 2019/2021 forms.
    legacy_statistics: list[dict[str, Any]] | None = None
    ocr: bool = False  # some of the document was read from page images by OCR

    @property
    def warnings(self) -> list[str]:
        """The spec's ``warnings``: the issues' sentences, as the report JSON has always carried them."""
        return [issue.detail for issue in self.issues]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "agency": self.agency,
            "year": self.year,
            "format_version": self.format_version,
            "active_disclosure": self.active_disclosure,
            "applications": self.applications,
            "review_litigation": self.review_litigation,
            "checks": [c.to_dict() for c in self.checks],
            "warnings": self.warnings,
            "issues": [issue.to_dict() for issue in self.issues],
            "error": self.error,
            "title": self.title,
            "publication_date": self.publication_date,
            "media_type": self.media_type,
            "sha256": self.sha256,
            "size": self.size,
            "meta": dict(self.meta),
            "cells": [c.to_dict() for c in self.cells],
            "partial_tables": dict(self.partial_tables),
            "parser_version": self.parser_version,
            "legacy_statistics": None if self.legacy_statistics is None else [dict(r) for r in self.legacy_statistics],
            "ocr": self.ocr,
        }
