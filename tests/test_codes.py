"""The codes_* tables: generated from the declarations, and every key a fact holds is one of them."""

from __future__ import annotations

import random

from gknb.load import sqlfiles
from gknb.load.warehouse import Warehouse
from gknb.model import codes
from gknb.synth.legacy import random_legacy_report
from gknb.synth.render.html import render_report_html
from gknb.synth.values import random_report
from gknb.transform.parse import parse_bytes


def test_codes_sql_is_generated_from_the_declarations():
    assert sqlfiles.read(sqlfiles.CODES_FILE) == codes.codes_sql(), "run: python -m gknb.model.codes > sql/codes.sql"


def test_every_fact_key_is_declared_in_its_codes_table(tmp_path):
    """PUDL-style foreign-key test over a generated warehouse: both forms, legacy reports, failures."""
    rng = random.Random(3)
    with Warehouse(tmp_path / "wh.duckdb") as wh:
        for i in range(6):
            values = random_report(rng, fmt="2019" if i % 3 == 0 else "2021", blank_rate=0.05)
            wh.ingest_report(parse_bytes(render_report_html(values), f"https://sim.gov.cn/{i}.html"))
        body, _ = random_legacy_report(rng, "national", "html")
        wh.ingest_report(parse_bytes(body, "https://sim.gov.cn/legacy.html"))
        wh.ingest_report(parse_bytes(b"%PDF-1.4 truncated", "https://sim.gov.cn/broken.pdf"))
        for vocab in codes.VOCABULARIES:
            assert wh.con.execute(f"SELECT count(*) FROM {vocab.table}").fetchone()[0] == len(vocab.rows)
            for table, column in vocab.fact_columns:
                used = wh.con.execute(f"SELECT count(DISTINCT {column}) FROM {table}").fetchone()[0]
                assert used > 0, f"{table}.{column} is empty: the test would prove nothing"
                unknown = wh.con.execute(
                    f"SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN (SELECT code FROM {vocab.table})"
                ).fetchall()
                assert unknown == [], f"{table}.{column} holds keys {vocab.table} does not declare"
