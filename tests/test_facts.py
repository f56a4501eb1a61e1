"""Reports -> fact frames: one row per printed cell, blank stays NULL, provenance kept, schemas exact."""

from __future__ import annotations

import random
from decimal import Decimal

import polars as pl
import pytest

from gknb.model.tables import CHECK_RESULTS, FACT_ACTIVE_DISCLOSURE, FACT_APPLICATIONS, FACT_REVIEW_LITIGATION
from tests.test_warehouse_helpers import make_report
from gknb.model import report as model
from gknb.transform.facts import CATEGORIES, FactError, build_facts, report_id_for

AGENCY = "淮安市洪泽区人民政府"


def _facts(report, rid="r1"):
    return build_facts([(report, rid, AGENCY)])


def test_every_cell_becomes_one_row_with_the_declared_schema():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=1)
    f = _facts(report)
    assert f["fact_applications"].height == len(model.TABLE3_2021.rows) * len(model.APPLICANT_KEYS)
    assert f["fact_review_litigation"].height == 15
    assert f["fact_active_disclosure"].height == sum(len(r.measures) for r in model.TABLE2_2021.rows)
    assert f["check_results"].height == len(report["checks"])
    for decl in (FACT_APPLICATIONS, FACT_ACTIVE_DISCLOSURE, FACT_REVIEW_LITIGATION, CHECK_RESULTS):
        assert f[decl.name].schema == decl.polars_schema
    apps = f["fact_applications"]
    assert apps["report_id"].unique().to_list() == ["r1"]
    assert apps["agency"].unique().to_list() == [AGENCY]
    assert apps["year"].unique().to_list() == [2023]
    assert apps["document_sha256"].unique().to_list() == [report["sha256"]]


def test_values_and_provenance_match_the_report_cell_for_cell():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=2, blank_rate=0.2)
    apps = _facts(report)["fact_applications"]
    cells = {(c["row"], c["column"]): c for c in report["cells"] if c["table"] == "applications"}
    for row in apps.iter_rows(named=True):
        assert row["count"] == report["applications"][row["category"]][row["applicant_type"]]
        cell = cells[(row["category"], row["applicant_type"])]
        assert (row["raw"], row["row_label"], row["column_label"], row["inferred"]) == (
            cell["raw"], cell["row_label"], cell["column_label"], cell["inferred"]
        )
        assert row["source_table"] == "applications"


def test_blank_stays_null_never_zero():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=3, blank_rate=0.3, consistent=False)
    blanks = sum(v is None for t in model.TABLE_KEYS for cols in report[t].values() for v in cols.values())
    assert blanks > 0
    f = _facts(report)
    nulls = f["fact_applications"]["count"].null_count() + f["fact_review_litigation"]["count"].null_count()
    nulls += f["fact_active_disclosure"]["value"].null_count()
    assert nulls == blanks
    assert f["fact_applications"].filter(pl.col("count").is_null())["raw"].null_count() == (
        f["fact_applications"]["count"].null_count()
    )


def test_missing_table_has_no_rows_and_other_tables_are_kept():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=4)
    report["review_litigation"] = None
    report["cells"] = [c for c in report["cells"] if c["table"] != "review_litigation"]
    f = _facts(report)
    assert f["fact_review_litigation"].is_empty()
    assert f["fact_applications"].height == 175


def test_2019_format_keeps_its_own_keys():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2020, seed=5, fmt=model.FORMAT_2019)
    f = _facts(report)
    cats = set(f["fact_applications"]["category"])
    assert "other_processing" in cats and "other_other" not in cats
    measures = set(f["fact_active_disclosure"]["measure"])
    assert {"procurement_amount_yuan", "previous_year_items", "change"} <= measures
    assert "issued" not in measures


def test_fees_are_exact_decimals():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=6)
    report["active_disclosure"]["administrative_fees"]["fees_10k_yuan"] = 12.34
    value = _facts(report)["fact_active_disclosure"].filter(pl.col("measure") == "fees_10k_yuan")["value"].item()
    assert value == Decimal("12.34")


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"),
    [
        ("applications", "granted", "natural_person", 1.5, "not a whole number"),
        ("applications", "granted", "natural_person", "7", "not a number"),
        ("applications", "granted", "martians", 1, "unknown columns"),
        ("applications", "abducted", "total", 1, "unknown rows"),
        ("active_disclosure", "administrative_fees", "fees_10k_yuan", 1e15, "out of range"),
    ],
)
def test_anything_outside_the_model_is_refused(table, row, column, value, message):
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=7)
    report[table].setdefault(row, {})[column] = value
    with pytest.raises(FactError, match=message):
        _facts(report)


def test_row_order_is_the_model_order_whatever_the_input_order():
    report = make_report("https://a.gov.cn/1.html", AGENCY, 2023, seed=8)
    shuffled = dict(report)
    rows = list(report["applications"].items())
    random.Random(0).shuffle(rows)
    shuffled["applications"] = {k: dict(reversed(list(v.items()))) for k, v in rows}
    a = _facts(report)["fact_applications"]
    b = _facts(shuffled)["fact_applications"]
    assert a.equals(b)
    order = [c for c in CATEGORIES if c in report["applications"]]
    assert a["category"].unique(maintain_order=True).to_list() == order


def test_report_id_is_stable_per_source():
    assert report_id_for("https://a.gov.cn/1.html") == report_id_for("https://a.gov.cn/1.html")
    assert report_id_for("https://a.gov.cn/1.html") != report_id_for("https://a.gov.cn/2.html")
    assert len(report_id_for("x")) == 16
