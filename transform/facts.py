"""Canonical reports -> tidy fact frames, one row per printed cell, with its provenance.

Input is the report as JSON (``Report.to_dict()``); output are polars frames with the
exact schemas declared in model/tables.py.  Every cell of every table that was read
becomes a row, blank cells included with a NULL value (blank is not 0); a table the
parser left missing (None) has no rows.  Rows come out in a fixed order (report, then
the model's row and column order) so that every write downstream is deterministic.
Keys outside model/report.py are refused (``FactError``): a fact table only ever
holds the vocabulary of report-model.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

import polars as pl

from gknb.model import legacy
from gknb.model.eras import all_rows
from gknb.model.tables import (
    CHECK_RESULTS, FACT_ACTIVE_DISCLOSURE, FACT_APPLICATIONS, FACT_LEGACY_STATISTICS, FACT_REVIEW_LITIGATION, TableDecl,
)
from gknb.model import report as model
from gknb.transform.report import Report


class FactError(ValueError):
    """A report holds something the fact tables cannot: an unknown key or a non-number."""


def report_id_for(source: str) -> str:
    """A report is identified by its source, so a new version of the document keeps its id."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


# Row orders across every form (keys one form lacks in their printed place).
CATEGORIES = tuple(r.key for r in all_rows("applications"))
ITEMS = tuple(r.key for r in all_rows("active_disclosure"))
MEASURES = tuple(model.MEASURE_LABELS)


@dataclass(frozen=True)
class _Shape:
    """How one statistics table becomes one fact table."""

    decl: TableDecl
    table_key: str
    row_column: str
    col_column: str
    value_column: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]


SHAPES = (
    _Shape(FACT_APPLICATIONS, "applications", "category", "applicant_type", "count", CATEGORIES, model.APPLICANT_KEYS),
    _Shape(FACT_ACTIVE_DISCLOSURE, "active_disclosure", "item", "measure", "value", ITEMS, MEASURES),
    _Shape(
        FACT_REVIEW_LITIGATION, "review_litigation", "proceeding", "outcome", "count",
        model.PROCEEDING_KEYS, model.OUTCOME_KEYS,
    ),
)
_DECIMAL_STEP = Decimal(1).scaleb(-FACT_ACTIVE_DISCLOSURE.column("value").polars_dtype.scale)
_DECIMAL_LIMIT = Decimal(10) ** (
    FACT_ACTIVE_DISCLOSURE.column("value").polars_dtype.precision - FACT_ACTIVE_DISCLOSURE.column("value").polars_dtype.scale
)


def _count(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactError(f"{where}: {value!r} is not a number")
    if isinstance(value, float):
        if not value.is_integer():
            raise FactError(f"{where}: {value!r} is not a whole number")
        return int(value)
    return value


def _decimal(value: Any, where: str) -> Decimal | None:
    """Exact decimal of the parsed number (repr of a float is the number as printed)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactError(f"{where}: {value!r} is not a number")
    try:
        d = Decimal(value if isinstance(value, int) else repr(value)).quantize(_DECIMAL_STEP, ROUND_HALF_EVEN)
    except InvalidOperation as err:
        raise FactError(f"{where}: {value!r} is not a finite number") from err
    if abs(d) >= _DECIMAL_LIMIT:
        raise FactError(f"{where}: {value!r} is out of range")
    return d


def as_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, Report) else report


class _Columns:
    """Column-wise accumulator: one frame per table for a whole batch of reports."""

    def __init__(self, decl: TableDecl) -> None:
        self.decl = decl
        self.data: dict[str, list[Any]] = {c: [] for c in decl.column_names}

    def add(self, **row: Any) -> None:
        for name, values in self.data.items():
            values.append(row.get(name))

    def frame(self) -> pl.DataFrame:
        df = pl.DataFrame(self.data, schema=self.decl.polars_schema)
        return df.sort("report_id", maintain_order=True)


def _add_table(out: _Columns, shape: _Shape, report: dict[str, Any], report_id: str, agency: str | None) -> None:
    values = report.get(shape.table_key)
    if values is None:
        return
    unknown = sorted(set(values) - set(shape.rows))
    if unknown:
        raise FactError(f"{shape.table_key}: unknown rows {unknown}")
    cells = {(c["row"], c["column"]): c for c in report.get("cells") or () if c["table"] == shape.table_key}
    convert = _decimal if shape.value_column == "value" else _count
    for row in shape.rows:
        if row not in values:
            continue
        unknown = sorted(set(values[row]) - set(shape.cols))
        if unknown:
            raise FactError(f"{shape.table_key}.{row}: unknown columns {unknown}")
        for col in shape.cols:
            if col not in values[row]:
                continue
            cell = cells.get((row, col), {})
            out.add(
                report_id=report_id, agency=agency, year=report.get("year"),
                **{shape.row_column: row, shape.col_column: col},
                **{shape.value_column: convert(values[row][col], f"{shape.table_key}.{row}.{col}")},
                document_sha256=report.get("sha256"), source_table=shape.table_key,
                row_label=cell.get("row_label"), column_label=cell.get("column_label"),
                raw=cell.get("raw"), inferred=cell.get("inferred"),
            )


def _legacy_number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FactError(f"{where}: {value!r} is not a number")
    return float(value)


def _add_legacy(out: _Columns, report: dict[str, Any], report_id: str, agency: str | None) -> None:
    for row in report.get("legacy_statistics") or ():
        if row["indicator"] != legacy.LOCAL_KEY and row["indicator"] not in legacy.BY_KEY:
            raise FactError(f"legacy_statistics: unknown indicator {row['indicator']!r}")
        where = f"legacy_statistics.{row['row_order']}"
        out.add(
            report_id=report_id, agency=agency, year=report.get("year"),
            **{k: row.get(k) for k in ("row_order", "indicator", "label", "unit", "value_label", "cumulative_label",
                                       "raw", "cumulative_raw")},
            value=_legacy_number(row.get("value"), where), cumulative=_legacy_number(row.get("cumulative"), where),
            document_sha256=report.get("sha256"),
        )


def _add_checks(out: _Columns, report: dict[str, Any], report_id: str, agency: str | None) -> None:
    for c in report.get("checks") or ():
        out.add(
            report_id=report_id, agency=agency, year=report.get("year"), check_name=c["check"],
            subject=c["subject"], status=c["status"], detail=c.get("detail") or None,
            blank_as_zero=bool(c.get("blank_as_zero")),
        )


def build_facts(entries: Iterable[tuple[Report | dict[str, Any], str, str | None]]) -> dict[str, pl.DataFrame]:
    """Fact and check frames for ``(report, report_id, canonical agency)`` entries.

    Returns ``{table name: frame}`` for the fact tables (the three 2019/2021 tables and the legacy
    statistics) and check_results.
    Raises FactError naming the first offending cell.
    """
    fact_columns = [(_Columns(s.decl), s) for s in SHAPES]
    legacy_rows = _Columns(FACT_LEGACY_STATISTICS)
    checks = _Columns(CHECK_RESULTS)
    for report, report_id, agency in entries:
        d = as_dict(report)
        if d.get("sha256") is None:
            raise FactError("report has no document sha256: facts would lose their provenance")
        for out, shape in fact_columns:
            _add_table(out, shape, d, report_id, agency)
        _add_legacy(legacy_rows, d, report_id, agency)
        _add_checks(checks, d, report_id, agency)
    frames = {out.decl.name: out.frame() for out, _ in fact_columns}
    frames[FACT_LEGACY_STATISTICS.name] = legacy_rows.frame()
    frames[CHECK_RESULTS.name] = checks.frame()
    return frames
