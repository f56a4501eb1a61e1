"""The synthetic report generator and its renderers, on their own (no parser involved).

The round-trip tests trust these values as ground truth, so the generator must be shown
to produce the spec's shape, hold or break the identities as asked, and blank cells as
None; and the renderers must draw the official merged layouts and never print a blank
as a number.
"""

from __future__ import annotations

import random
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from gknb.model.eras import era_of_format
from gknb.synth.render.grid import report_grids, split_grid
from gknb.synth.render.html import render_report_html, render_tables_html
from gknb.synth.render.text import LAYOUTS, render_text
from gknb.synth.values import all_cells, broken_identities, random_agency, random_report
from gknb.model.report import (
    APPLICANT_KEYS,
    OUTCOME_KEYS,
    TABLE4,
    TABLE3_2019,
    TABLE3_2021,
)

SEEDS = range(60)
FORMATS = [("2021", False), ("2021", True), ("2019", False)]


@pytest.mark.parametrize(("fmt", "single_other"), FORMATS)
def test_shape_follows_the_model(fmt: str, single_other: bool) -> None:
    report = random_report(random.Random(7), fmt=fmt, single_other_row=single_other)
    assert report["format_version"] == fmt
    t2 = era_of_format(fmt).table2
    assert list(report["active_disclosure"]) == [r.key for r in t2.rows]
    for row in t2.rows:
        assert tuple(report["active_disclosure"][row.key]) == row.measures
    t3 = TABLE3_2019 if single_other or fmt == "2019" else TABLE3_2021
    assert list(report["applications"]) == [r.key for r in t3.rows]
    assert all(tuple(cells) == APPLICANT_KEYS for cells in report["applications"].values())
    assert list(report["review_litigation"]) == [r.key for r in TABLE4.rows]
    assert all(tuple(cells) == OUTCOME_KEYS for cells in report["review_litigation"].values())


@pytest.mark.parametrize(("fmt", "single_other"), FORMATS)
def test_consistent_reports_hold_every_identity(fmt: str, single_other: bool) -> None:
    for seed in SEEDS:
        report = random_report(random.Random(seed), fmt=fmt, single_other_row=single_other)
        assert broken_identities(report) == [], seed


@pytest.mark.parametrize(("fmt", "single_other"), FORMATS)
def test_inconsistent_reports_break_some_identity(fmt: str, single_other: bool) -> None:
    for seed in SEEDS:
        report = random_report(random.Random(seed), fmt=fmt, single_other_row=single_other, consistent=False)
        assert broken_identities(report), seed
        assert all(v is None or v >= 0 for t, r, c in all_cells(report)
                   if t != "active_disclosure" for v in [report[t][r][c]])


@pytest.mark.parametrize("rate", [0.05, 0.3, 1.0])
def test_blank_rate_blanks_that_share_as_none(rate: float) -> None:
    for seed in range(20):
        report = random_report(random.Random(seed), blank_rate=rate)
        cells = all_cells(report)
        blanks = [c for c in cells if report[c[0]][c[1]][c[2]] is None]
        assert len(blanks) == round(rate * len(cells))
        if rate < 0.3:  # blanks fall on zero cells first, so identities still hold
            assert broken_identities(report) == []


def test_same_seed_same_report_and_realistic_magnitudes() -> None:
    reports = [random_report(random.Random(s)) for s in range(200)]
    assert reports[:5] == [random_report(random.Random(s)) for s in range(5)]
    new = [r["applications"]["new_received"] for r in reports]
    assert sum(n["natural_person"] for n in new) > 3 * sum(n["commercial_enterprise"] for n in new)
    assert max(n["total"] for n in new) >= 100
    zero_share = sum(1 for r in reports for t, row, c in all_cells(r) if r[t][row][c] == 0) / sum(
        len(all_cells(r)) for r in reports)
    assert zero_share > 0.5
    fees = [r["active_disclosure"]["administrative_fees"]["fees_10k_yuan"] for r in reports]
    assert any(isinstance(f, float) and f != int(f) for f in fees) and 0 in fees
    assert max(r["active_disclosure"]["administrative_licensing"]["decisions"] for r in reports) >= 1000
    changes = [random_report(random.Random(s), fmt="2019")["active_disclosure"]["administrative_licensing"]["change"]
               for s in range(100)]
    assert min(changes) < 0 < max(changes)


def test_agency_names_look_like_publishers() -> None:
    rng = random.Random(3)
    names = {random_agency(rng) for _ in range(200)}
    assert len(names) > 50
    suffixes = ("人民政府", "办事处", "局", "委员会")
    assert all(name.endswith(suffixes) for name in names)
    assert any("街道办事处" in n for n in names) and any("镇人民政府" in n for n in names)


@pytest.mark.parametrize(("fmt", "span"), [("2021", 22), ("2019", 20)])
def test_html_table3_spans_as_the_official_form(fmt: str, span: int) -> None:
    report = random_report(random.Random(1), fmt=fmt)
    tree = LexborHTMLParser(render_tables_html(report, style="plain"))
    tables = tree.css("table")
    assert len(tables) == 3
    t3 = tables[1]
    rowspans = [int(td.attributes["rowspan"]) for td in t3.css("td[rowspan]")]
    expected = [3, 2, 2, span, 8, 3, 5] + ([3] if fmt == "2021" else [])
    assert rowspans == expected
    first = t3.css("tr")[0].css("td")
    assert (first[0].attributes.get("colspan"), first[1].attributes.get("colspan")) == ("3", "7")
    t4_spans = [td.attributes.get("colspan") for td in tables[2].css("tr")[0].css("td")]
    assert t4_spans == ["5", "10"]


def test_split_grid_keeps_every_cell_once() -> None:
    grid = report_grids(random_report(random.Random(2)))[1]
    first, second = split_grid(grid, len(grid.rows) // 2)
    assert len(first.matrix()) + len(second.matrix()) == len(grid.matrix())
    values = [s.cell.text for g in (first, second) for row in g.matrix() for s in row
              if s.cell.value and s.top and s.left]
    assert values == [s.cell.text for row in grid.matrix() for s in row if s.cell.value and s.top and s.left]


@pytest.mark.parametrize("blank", ["&nbsp;", "", "/", "0"])
def test_html_never_prints_a_blank_as_zero(blank: str) -> None:
    report = random_report(random.Random(4), blank_rate=1.0)
    page = render_report_html(report, style="word", blank=blank).decode()
    cells = [td.text(strip=True) for table in LexborHTMLParser(page).css("div#zoom table") for td in table.css("td")]
    assert cells and not any(re.fullmatch(r"[0０/—\-无]|\d+(\.\d+)?", c) for c in cells)


def test_html_zero_spelling_is_used_for_zeros_only() -> None:
    report = random_report(random.Random(5), blank_rate=0.05)
    page = render_tables_html(report, style="plain", blank="/")
    values = [td.text(strip=True) for td in LexborHTMLParser(page).css("td") if td.text(strip=True) in ("/", "0")]
    zeros = sum(1 for t, r, c in all_cells(report) if report[t][r][c] == 0)
    assert values.count("/") == zeros and "0" not in values


def test_gbk_page_declares_and_uses_gbk() -> None:
    report = random_report(random.Random(6))
    data = render_report_html(report, encoding="gbk")
    assert b"charset=gb2312" in data
    assert report["agency"] in data.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_layouts_print_blanks_as_nothing(layout: str) -> None:
    report = random_report(random.Random(8), blank_rate=1.0)
    text = render_text(report, layout)
    start = text.index("二、主动公开政府信息情况")
    end = text.index("五、存在的主要问题及改进情况")
    # Only the article numbers (第二十条第…项) and label ordinals (1.) hold digits.
    digits = re.findall(r"\d+", re.sub(r"\d+\.", "", text[start:end]))
    assert digits == []


def test_cell_per_line_marks_merged_and_blank_cells_with_a_bare_tab() -> None:
    report = random_report(random.Random(9), blank_rate=0.2)
    lines = render_text(report, "cell_per_line").split("\n")
    i = lines.index("\t（一）予以公开")
    assert lines[i - 1] == "\t三、本年度办理结果"
    row = lines[i + 1 : i + 8]
    expected = report["applications"]["granted"]
    assert row == ["\t" + ("" if v is None else str(v)) for v in expected.values()]
    j = lines.index("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert lines[j - 1] == "\t"  # the 三、 cell continuing its vertical merge
