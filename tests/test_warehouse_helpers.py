"""Shared helpers of the warehouse tests: canonical report dicts with known values, table dumps.

Values come from synth.values (seeded, realistic, blanks where asked); the helper adds what
the parser adds on top: source, document sha256, checks, and for every cell the provenance
the parser gives (raw text, printed labels).
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import duckdb

from gknb.model.eras import era_of_format, era_of_rows
from gknb.model.versions import PARSER_VERSION
from gknb.model.tables import TABLES
from gknb.synth.values import random_report
from gknb.model import report as model
from gknb.transform.checks import run_checks
from gknb.transform.report import Report


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
) -> dict[str, Any]:
    """A parsed report as ``Report.to_dict()`` gives it: synth.values' known values, with cells and checks."""
    values = random_report(
        random.Random(seed), fmt=fmt, consistent=consistent, blank_rate=blank_rate, agency=agency, year=year
    )
    report = Report(
        source=source, status=model.STATUS_PARSED, agency=agency, year=year, format_version=fmt,
        title=f"{agency}{year}年政府信息公开工作年度报告", publication_date=f"{year + 1}-01-20", media_type="html",
        meta=meta or {}, parser_version=PARSER_VERSION,
        **{key: values[key] for key in model.TABLE_KEYS},
    )
    report.checks = run_checks(report)
    d = report.to_dict()
    labels = {**model.MEASURE_LABELS, **{c.key: c.label for c in (*model.APPLICANT_COLUMNS, *model.OUTCOME_COLUMNS)}}
    specs = {"active_disclosure": era_of_format(fmt).table2, "review_litigation": model.TABLE4,
             "applications": era_of_rows(values["applications"]).table3}
    d["cells"] = [
        {"table": key, "row": row, "column": col, "raw": None if v is None else str(v),
         "row_label": specs[key].row(row).label, "column_label": labels[col], "inferred": False}
        for key in model.TABLE_KEYS for row, cols in values[key].items() for col, v in cols.items()
    ]
    body = (content or f"{source}|{seed}|{fmt}|{blank_rate}|{consistent}").encode("utf-8")
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
