"""A generated corpus through the whole path: values -> HTML -> parser -> warehouse -> the same values.

Reports come from synth.values (known values; both formats, some with blank cells, some
inconsistent), rendered by synth.render.html in its three table styles, parsed by
transform.parse and ingested; the warehouse must hold every generated cell exactly (blank
as NULL), twice in a row with identical tables.
"""

from __future__ import annotations

import importlib.util
import random
from decimal import Decimal

import pytest

from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import dump
from gknb.transform.facts import report_id_for
from gknb.transform.parse import parse_bytes

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("gknb.synth.values") is None or importlib.util.find_spec("gknb.synth.render.html") is None,
        reason="gknb.synth.values / synth.render (the generated corpus) have not landed yet",
    ),
]

STYLES = ("word", "plain", "nested")
SHAPES = (
    ("applications", "fact_applications", "category", "applicant_type", "count"),
    ("active_disclosure", "fact_active_disclosure", "item", "measure", "value"),
    ("review_litigation", "fact_review_litigation", "proceeding", "outcome", "count"),
)


def _corpus(n: int) -> list[tuple[str, bytes, dict]]:
    from gknb.synth.render.html import render_tables_html
    from gknb.synth.values import random_report

    rng = random.Random(20250430)
    docs = []
    for i in range(n):
        fmt = "2019" if i % 3 == 0 else "2021"
        values = random_report(rng, fmt=fmt, consistent=i % 4 != 1, blank_rate=0.05 if i % 2 else 0.0)
        title = f"{values['agency']}{values['year']}年政府信息公开工作年度报告"
        tables = render_tables_html(values, style=STYLES[i % len(STYLES)], blank="")
        html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{tables}</body></html>"
        docs.append((f"https://sim{i % 3}.gov.cn/gkzl/{i}.html", html.encode("utf-8"), values))
    return docs


def test_generated_reports_load_exactly_and_idempotently(tmp_path):
    db = tmp_path / "corpus.duckdb"
    corpus = _corpus(18)
    with Warehouse(db) as wh:
        for source, body, _ in corpus:
            wh.ingest_report(parse_bytes(body, source))
    before = dump(db)
    with Warehouse(db) as wh:
        for source, body, _ in corpus:
            assert wh.ingest_report(parse_bytes(body, source)) == "unchanged"
        diffs = []
        for source, _, values in corpus:
            rid = report_id_for(source)
            for key, table, row_col, col_col, value_col in SHAPES:
                got = {
                    (r[0], r[1]): r[2]
                    for r in wh.con.execute(
                        f"SELECT {row_col}, {col_col}, {value_col} FROM {table} WHERE report_id = ?", [rid]
                    ).fetchall()
                }
                want = {(row, col): v for row, cols in (values[key] or {}).items() for col, v in cols.items()}
                for cell in set(got) | set(want):
                    g, w = got.get(cell, "MISSING"), want.get(cell, "MISSING")
                    same = (g == Decimal(str(w))) if isinstance(g, Decimal) and w is not None else g == w
                    if not same:
                        diffs.append(f"{source} {key}.{cell}: got {g!r}, want {w!r}")
        assert diffs == []
    assert dump(db) == before
