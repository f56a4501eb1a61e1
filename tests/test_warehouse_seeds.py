"""The hand-verified seeds and samples, parsed and loaded: the warehouse holds exactly the expected facts.

Facts are read back from DuckDB and compared with ``../shared/*/expected/*.json`` cell for
cell (0 is not NULL), with agency, canonical agency and year, and every fact must point at
its document version and its printed cell.  Ingesting twice changes nothing.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gknb.cli import app
from gknb.load.warehouse import Warehouse
from tests.expected_cases import SAMPLES, SEEDS, expected_for, needs_shared
from tests.test_warehouse_helpers import dump
from gknb.transform.facts import report_id_for

pytestmark = [needs_shared, pytest.mark.integration]

needs_pdf_reader = pytest.mark.skipif(
    importlib.util.find_spec("gknb.extract.readers.pdf") is None, reason="the PDF reader (extract/readers/pdf.py) has not landed yet"
)
CASES = [pytest.param(p, id=p.name) for p in SEEDS] + [pytest.param(p, id=p.name, marks=needs_pdf_reader) for p in SAMPLES]
FACT_SHAPES = (
    ("applications", "fact_applications", "category", "applicant_type", "count"),
    ("active_disclosure", "fact_active_disclosure", "item", "measure", "value"),
    ("review_litigation", "fact_review_litigation", "proceeding", "outcome", "count"),
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Seeds and samples ingested with the real CLI into one warehouse, twice."""
    db = tmp_path_factory.mktemp("seeds") / "gknb.duckdb"
    folders = [str(p) for p in {Path(p).parent for p in SEEDS + SAMPLES}]
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", *folders, "--db", str(db)])
    assert first.exit_code == 0, first.output
    before = dump(db)
    second = runner.invoke(app, ["ingest", *folders, "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert "unchanged" in second.output
    return db, before


def _same(got, want) -> bool:
    if want is None or got is None:
        return got is want
    if isinstance(got, Decimal):
        return got == Decimal(str(want))
    return type(got) is type(want) and got == want


@pytest.mark.parametrize("path", CASES)
def test_facts_are_exactly_the_expected_cells(loaded, path):
    db, _ = loaded
    expected = expected_for(path)
    rid = report_id_for(str(path.resolve()))
    with Warehouse(db, read_only=True) as wh:
        report = wh.query("SELECT * FROM reports WHERE report_id = ?", [rid])
        assert report.height == 1, f"{path.name} has no report"
        r = report.row(0, named=True)
        assert (r["agency"], r["year"]) == (expected["agency"], expected["year"])
        if "agency_canonical" in expected:
            assert r["agency_canonical"] == expected["agency_canonical"]
        diffs = []
        for key, table, row_col, col_col, value_col in FACT_SHAPES:
            facts = wh.query(f"SELECT * FROM {table} WHERE report_id = ?", [rid])
            want = expected[key]
            if want is None:
                if facts.height:
                    diffs.append(f"{key}: {facts.height} facts for a table expected missing")
                continue
            got = {(f[row_col], f[col_col]): f for f in facts.iter_rows(named=True)}
            cells = {(row, col): v for row, cols in want.items() for col, v in cols.items()}
            if set(got) != set(cells):
                diffs.append(f"{key}: cells {sorted(set(got) ^ set(cells))} differ")
            for cell, value in cells.items():
                fact = got.get(cell)
                if fact is None:
                    continue
                if not _same(fact[value_col], value):
                    diffs.append(f"{key}.{cell}: got {fact[value_col]!r}, want {value!r}")
                if fact["document_sha256"] != r["document_sha256"] or not fact["row_label"] or not fact["column_label"]:
                    diffs.append(f"{key}.{cell}: provenance missing")
                if value is not None and not fact["raw"] and not fact["inferred"]:
                    diffs.append(f"{key}.{cell}: a value without its printed text")
        assert diffs == []


def test_ingesting_twice_gives_identical_tables(loaded):
    db, before = loaded
    assert dump(db) == before
    assert len(before["reports"]) >= len(SEEDS)


def test_hongze_reports_form_one_time_series(loaded):
    db, _ = loaded
    if importlib.util.find_spec("gknb.extract.readers.pdf") is None:
        pytest.skip("the PDF reader (extract/readers/pdf.py) has not landed yet")
    with Warehouse(db, read_only=True) as wh:
        series = wh.query(
            "SELECT year, agency_canonical FROM reports WHERE source LIKE '%hongze%' ORDER BY year"
        ).rows()
    assert series == [(2023, "淮安市洪泽区人民政府"), (2024, "淮安市洪泽区人民政府")]


def test_failing_checks_of_the_seeds_are_in_the_warehouse(loaded):
    db, _ = loaded
    seed_001 = next(p for p in SEEDS if p.name.startswith("001"))
    with Warehouse(db, read_only=True) as wh:
        failing = wh.query(
            "SELECT subject, detail FROM check_results WHERE report_id = ? AND status = 'fail' ORDER BY subject",
            [report_id_for(str(seed_001.resolve()))],
        ).rows()
    assert failing == [("commercial_enterprise", "1 + 0 != 0 + 0"), ("natural_person", "1 + 0 != 2 + 0")]


def test_a_partial_document_says_why(loaded):
    db, _ = loaded
    seed_002 = next(p for p in SEEDS if p.name.startswith("002"))
    with Warehouse(db, read_only=True) as wh:
        status, reason = wh.query("SELECT status, reason FROM documents WHERE source = ?", [str(seed_002.resolve())]).row(0)
    assert status == "partial" and "table4" in reason
