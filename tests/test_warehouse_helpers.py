"""Shared helpers of the warehouse tests: canonical report dicts with known values, table dumps.

Reports are built from transform/model.py, so every key is the model's; values come from a
seeded random generator, with blanks where asked, and every cell carries provenance the
way the parser gives it (raw text, printed labels).
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import duckdb

from gknb import PARSER_VERSION
from load.schema import TABLES
from transform import model
from transform.checks import run_checks
from transform.report import Report


def _table(spec: model.TableSpec, rng: random.Random, blank_rate: float, fees: bool = False) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in spec.rows:
        out[row.key] = {}
        for m in spec.measures_of(row):
            blank = rng.random() < blank_rate
            value: Any = rng.randint(0, 40)
            if fees and m in ("fees_10k_yuan", "procurement_amount_yuan"):
                value = round(rng.uniform(0, 500), 2)
            out[row.key][m] = None if blank else value
    return out


def _balanced_t3(t3: dict[str, dict[str, Any]], rows: tuple[str, ...]) -> None:
    """Make the columns add up (t3_balance, t3_outcomes_sum, t3_applicant_sum pass)."""
    for row in t3:
        parts = [t3[row][c] or 0 for c in model.APPLICANT_PARTS]
        t3[row]["total"] = sum(parts)
    for c in model.APPLICANT_KEYS:
        t3["total_processed"][c] = sum(t3[r][c] or 0 for r in rows)
        t3["new_received"][c] = t3["total_processed"][c] + (t3["carried_forward"][c] or 0) - (t3["carried_over"][c] or 0)


def make_report(
    source: str,
    agency: str,
    year: int,
    seed: int,
    *,
    fmt: str = model.FORMAT_2021,
    blank_rate: float = 0.0,
    consistent: bool = True,
    content: str = "",
    meta: dict[str, str] | None = None,
    carried_over: int | None = None,
) -> dict[str, Any]:
    """A parsed report as ``Report.to_dict()`` gives it, with cells and checks."""
    rng = random.Random(seed)
    t3_spec = model.table3_spec(fmt == model.FORMAT_2019)
    t3 = _table(t3_spec, rng, blank_rate)
    if carried_over is not None:
        t3["carried_over"] = {c: carried_over for c in model.APPLICANT_KEYS}
    if consistent:
        outcome_rows = model.OUTCOME_ROWS_SINGLE_OTHER if fmt == model.FORMAT_2019 else model.OUTCOME_ROWS
        _balanced_t3(t3, outcome_rows)
    tables = {
        "active_disclosure": (model.table2_spec(fmt), _table(model.table2_spec(fmt), rng, blank_rate, fees=True)),
        "applications": (t3_spec, t3),
        "review_litigation": (model.TABLE4, _table(model.TABLE4, rng, blank_rate)),
    }
    report = Report(
        source=source, status=model.STATUS_PARSED, agency=agency, year=year, format_version=fmt,
        title=f"{agency}{year}年政府信息公开工作年度报告", publication_date=f"{year + 1}-01-20", media_type="html",
        meta=meta or {}, parser_version=PARSER_VERSION,
    )
    for key, (_spec, values) in tables.items():
        setattr(report, key, values)
    report.checks = run_checks(report)
    d = report.to_dict()
    labels = {**model.MEASURE_LABELS, **{c.key: c.label for c in (*model.APPLICANT_COLUMNS, *model.OUTCOME_COLUMNS)}}
    d["cells"] = [
        {"table": key, "row": row, "column": col, "raw": None if v is None else str(v),
         "row_label": spec.row(row).label, "column_label": labels[col], "inferred": False}
        for key, (spec, values) in tables.items() for row, cols in values.items() for col, v in cols.items()
    ]
    body = (content or f"{source}|{seed}|{fmt}|{blank_rate}").encode("utf-8")
    d["sha256"], d["size"] = hashlib.sha256(body).hexdigest(), len(body)
    return d


def failed_report(source: str, status: str = model.STATUS_FAILED, content: str = "junk") -> dict[str, Any]:
    body = content.encode("utf-8")
    return Report(
        source=source, status=status, error="reader error: not a report", sha256=hashlib.sha256(body).hexdigest(),
        size=len(body), parser_version=PARSER_VERSION,
    ).to_dict()


def dump(db: Path | str) -> dict[str, list[tuple]]:
    """Every row of every declared table, in key order: equal dumps mean identical contents."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t.name: con.sql(f"SELECT * FROM {t.name} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()
