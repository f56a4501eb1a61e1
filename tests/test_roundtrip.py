"""Render known values into every layout, parse them back, and compare every cell.

The parser is judged on reports it has never seen; these tests stand in for them with
synthetic reports whose values are known.  Two kinds of layout:

- explicit cells (HTML, DOCX, ruled PDF, tab rows, cell per line, markdown, and spaced text
  when nothing is blank): every cell, blanks included as None, must come back exactly;
- lossy layouts (cell per paragraph, glued, unruled PDF, spaced text with blanks) lose blank
  cells or cell boundaries: each table must come back exactly or be None with a warning —
  never with a wrong number.

``GKNB_ROUNDTRIP_SEEDS`` (default 4) sets how many seeds each layout × format runs;
raise it for a deeper sweep.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from gknb.synth.render.docx import render_docx
from gknb.synth.render.html import render_report_html
from gknb.synth.render.pdf import render_pdf
from gknb.synth.render.sheet import render_xls, render_xlsx
from gknb.synth.render.text import render_text
from gknb.synth.values import broken_identities, random_report
from gknb.model.report import TABLE_KEYS
from gknb.transform.parse import parse_bytes

SEEDS = range(int(os.environ.get("GKNB_ROUNDTRIP_SEEDS", "4")))
FORMATS = ("2021", "2019")
BLANK_RATE = 0.1


@dataclass(frozen=True)
class Layout:
    name: str
    media_type: str
    render: Callable[[dict[str, Any]], bytes]
    exact: bool  # explicit cells: every cell back, blanks as None
    blanks: bool = True  # whether its reports carry blank cells


def _text(layout: str) -> Callable[[dict[str, Any]], bytes]:
    return lambda report: render_text(report, layout).encode("utf-8")


_S2T = OpenCC("s2t")
_S2TW = OpenCC("s2tw")  # Taiwan standard characters: all in Big5 (s2t writes 爲, which is not)


def _traditional_html(converter: OpenCC) -> Callable[[dict[str, Any]], bytes]:
    """A Traditional-Chinese mirror of a report page (a 繁體 version of the portal)."""
    return lambda report: converter.convert(render_report_html(report, style="word").decode("utf-8")).encode("utf-8")


def _traditional_big5(layout: str) -> Callable[[dict[str, Any]], bytes]:
    """Traditional text saved as Big5 with no charset declared anywhere."""
    return lambda report: _S2TW.convert(render_text(report, layout)).encode("big5hkscs")


LAYOUTS = [
    Layout("html_word", "html", lambda r: render_report_html(r, style="word", blank="&nbsp;"), True),
    Layout("html_plain", "html", lambda r: render_report_html(r, style="plain", blank=""), True),
    Layout("html_nested", "html", lambda r: render_report_html(r, style="nested", blank="/"), True),
    Layout("html_split", "html", lambda r: render_report_html(r, style="word", blank="0", split_table3=True), True),
    Layout("html_gbk", "html", lambda r: render_report_html(r, style="plain", blank="&nbsp;", encoding="gbk"), True),
    Layout("html_msword_gbk", "html", lambda r: render_report_html(r, style="msword", encoding="gbk"), True),
    Layout("html_no_metadata", "html", lambda r: render_report_html(r, style="nested", with_metadata=False), True),
    Layout("text_cell_per_line", "text", _text("cell_per_line"), True),
    Layout("text_tab_rows", "text", _text("tab_rows"), True),
    Layout("text_markdown", "text", _text("markdown"), True),
    Layout("text_spaced", "text", _text("spaced"), True, blanks=False),
    Layout("html_traditional_mirror", "html", _traditional_html(_S2T), True),
    # Hong Kong variant characters (衞生), and Taiwan phrasing (資訊 for 信息, 檔案 for 文件).
    Layout("html_traditional_hk", "html", _traditional_html(OpenCC("s2hk")), True),
    Layout("html_traditional_tw_phrases", "html", _traditional_html(OpenCC("s2twp")), True),
    Layout("text_traditional_big5", "text", _traditional_big5("tab_rows"), True),
    Layout("docx", "docx", render_docx, True),
    Layout("xlsx", "xlsx", render_xlsx, True),
    Layout("xls", "xls", render_xls, True),
    Layout("pdf_ruled", "pdf", render_pdf, True),
    Layout("text_cell_per_paragraph", "text", _text("cell_per_paragraph"), False, blanks=False),
    Layout("text_glued", "text", _text("glued"), False, blanks=False),
    Layout("text_bare_lines", "text", _text("bare_lines"), True, blanks=False),
    Layout("text_pipe_cells", "text", _text("pipe_cells"), True, blanks=False),
    Layout("text_bare_lines_blanks", "text", _text("bare_lines"), False),
    Layout("text_pdf_wrapped", "text", _text("pdf_wrapped"), True, blanks=False),
    Layout("text_values_first", "text", _text("values_first"), True, blanks=False),
    Layout("text_pdf_wrapped_blanks", "text", _text("pdf_wrapped"), False),
    Layout("text_spaced_blanks", "text", _text("spaced"), False),
    Layout("pdf_unruled", "pdf", lambda r: render_pdf(r, ruled=False), False, blanks=False),
]


def make_report(seed: int, fmt: str, *, blanks: bool, consistent: bool = True) -> dict[str, Any]:
    """Seed-varied cases: every fourth 2021 report keeps the single （六）其他处理 row."""
    return random_report(
        random.Random(seed * 1009 + (fmt == "2019")),
        fmt=fmt,
        single_other_row=fmt == "2021" and seed % 4 == 1,
        consistent=consistent,
        blank_rate=BLANK_RATE if blanks and seed % 2 == 0 else 0.0,
    )


def cell_diffs(table: str, want: dict[str, Any], got: dict[str, Any] | None) -> list[str]:
    """Every cell that differs, as 'table.row.column: want X got Y' (whole table when None)."""
    if got is None:
        return [f"{table}: missing (None)"]
    diffs = []
    for row in sorted(set(want) | set(got)):
        w, g = want.get(row) or {}, got.get(row) or {}
        for col in list(w) + [c for c in g if c not in w]:
            if row not in got or row not in want or w.get(col, "absent") != g.get(col, "absent"):
                diffs.append(f"{table}.{row}.{col}: want {w.get(col, 'absent')!r} got {g.get(col, 'absent')!r}")
    return diffs


def parse_rendered(layout: Layout, report: dict[str, Any], label: str) -> Any:
    return parse_bytes(layout.render(report), f"{label}.{layout.media_type}", media_type=layout.media_type)


CASES = [(layout, seed, fmt) for layout in LAYOUTS for seed in SEEDS for fmt in FORMATS]


@pytest.mark.parametrize(("layout", "seed", "fmt"), CASES,
                         ids=[f"{lay.name}-{s}-{f}" for lay, s, f in CASES])
def test_roundtrip(layout: Layout, seed: int, fmt: str) -> None:
    _check_roundtrip(layout, make_report(seed, fmt, blanks=layout.blanks), f"{layout.name}-{seed}-{fmt}")


INCONSISTENT = [(layout, fmt) for layout in LAYOUTS for fmt in FORMATS]


@pytest.mark.parametrize(("layout", "fmt"), INCONSISTENT, ids=[f"{lay.name}-{f}" for lay, f in INCONSISTENT])
def test_roundtrip_of_a_report_that_does_not_add_up(layout: Layout, fmt: str) -> None:
    """Totals that do not add up are printed and must come back as printed (explicit layouts),
    or not at all (lossy ones): the identities may only choose among readings, never correct."""
    report = make_report(54, fmt, blanks=layout.blanks, consistent=False)  # 54: a table starting on a new PDF page
    assert broken_identities(report), "the generator must break an identity here"
    _check_roundtrip(layout, report, f"inconsistent-{layout.name}-{fmt}")


def _check_roundtrip(layout: Layout, report: dict[str, Any], label: str) -> None:
    parsed = parse_rendered(layout, report, label)
    problems = []
    if parsed.agency != report["agency"]:
        problems.append(f"agency: want {report['agency']!r} got {parsed.agency!r}")
    if parsed.year != report["year"]:
        problems.append(f"year: want {report['year']!r} got {parsed.year!r}")
    for table in TABLE_KEYS:
        got = getattr(parsed, table)
        if got == report[table]:
            continue
        if not layout.exact and got is None:
            assert parsed.warnings, f"{table} is None without a warning"
            continue
        problems += cell_diffs(table, report[table], got)
    assert not problems, f"{label} status={parsed.status}\n" + "\n".join(problems[:25] + parsed.warnings[:5])


EXPLICIT = [lay for lay in LAYOUTS if lay.exact and lay.blanks]  # layouts that keep blank cells


@pytest.mark.parametrize("layout", EXPLICIT, ids=[lay.name for lay in EXPLICIT])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_template_published_empty_is_three_tables_of_nulls(layout: Layout, fmt: str) -> None:
    """Agencies publish the form with every cell blank: the tables are there, every cell is
    null (never 0, never a missing table), and the report says it looks like an empty template."""
    report = random_report(random.Random(5), fmt=fmt, blank_rate=1.0)
    parsed = parse_rendered(layout, report, f"empty-{layout.name}-{fmt}")
    assert parsed.status == "parsed", parsed.warnings
    for table in TABLE_KEYS:
        got = getattr(parsed, table)
        assert got is not None, f"{table} missing: {parsed.warnings}"
        assert all(v is None for row in got.values() for v in row.values())
        assert got == report[table]
    assert any("every cell is blank" in w for w in parsed.warnings)


# --- glued text: the arithmetic must cut digits apart, and never cut them wrongly ----------

GLUED = next(lay for lay in LAYOUTS if lay.name == "text_glued")
GLUED_SEEDS = range(100, 100 + 6 * max(1, len(SEEDS)))


def test_glued_consistent_reports_mostly_come_back_and_never_wrong() -> None:
    """Tables 3 and 4 have identities that cut glued digits apart: most must come back.

    Table 2 has none, so ``行政规范性文件01027`` has several readings; it counts only
    towards "never wrong", and its share is printed.
    """
    recovered = {t: 0 for t in TABLE_KEYS}
    cases = 0
    wrong: list[str] = []
    for seed in GLUED_SEEDS:
        for fmt in FORMATS:
            report = make_report(seed, fmt, blanks=False)
            parsed = parse_rendered(GLUED, report, f"glued-{seed}-{fmt}")
            cases += 1
            for table in TABLE_KEYS:
                got = getattr(parsed, table)
                recovered[table] += got == report[table]
                if got is not None and got != report[table]:
                    wrong += [f"seed={seed} fmt={fmt} {d}" for d in cell_diffs(table, report[table], got)]
    print("\nglued, tables recovered exactly: " + ", ".join(
        f"{t} {n}/{cases} ({n / cases:.0%})" for t, n in recovered.items()))
    with_identities = recovered["applications"] + recovered["review_litigation"]
    assert not wrong, "glued tables came back wrong:\n" + "\n".join(wrong[:25])
    assert with_identities >= 0.8 * 2 * cases


def test_glued_inconsistent_reports_never_come_back_wrong() -> None:
    wrong: list[str] = []
    for seed in GLUED_SEEDS:
        report = make_report(seed, FORMATS[seed % 2], blanks=False, consistent=False)
        assert broken_identities(report)
        parsed = parse_rendered(GLUED, report, f"glued-bad-{seed}")
        for table in TABLE_KEYS:
            got = getattr(parsed, table)
            if got is not None and got != report[table]:
                wrong += [f"seed={seed} {d}" for d in cell_diffs(table, report[table], got)]
    assert not wrong, "inconsistent glued tables came back wrong:\n" + "\n".join(wrong[:25])


# --- truncation: a cut document never completes a table it does not wholly hold -------------


_SECTION_FOUR = re.compile(r"四、因?政府信息公开")  # either form's wording of the heading


def _text_end(text: str, next_heading: str) -> int:
    """End of a table in a text layout: the last character before the next section heading."""
    at = _SECTION_FOUR.search(text).start() if next_heading.startswith("四、") else text.index(next_heading)  # type: ignore[union-attr]
    return len(text[:at].rstrip("\n"))


def _html_end(page: str, table_index: int) -> int:
    """End of the text of the last cell of the ``table_index``-th data table of the page."""
    start = 0
    for _ in range(table_index + 1):
        start = page.index("</table>", start) + 1
    head = page[: page.rindex("</td>", 0, start)]
    while head.endswith(">"):
        head = head[: head.rindex("<")]
    return len(head)


def _truncation_docs() -> list[tuple[str, str, str, dict[str, int], dict[str, Any]]]:
    """(name, media type, text, end offset per table, report) for the documents to cut."""
    docs = []
    for seed, fmt in ((0, "2021"), (1, "2019"), (2, "2021")):
        report = make_report(seed, fmt, blanks=True)
        solid = make_report(seed, fmt, blanks=False)
        for layout in ("cell_per_line", "tab_rows", "spaced", "bare_lines", "pdf_wrapped"):
            r = report if layout in ("cell_per_line", "tab_rows") else solid  # the others lose blanks
            text = render_text(r, layout)
            ends = {"applications": _text_end(text, "四、政府信息公开行政复议"),
                    "review_litigation": _text_end(text, "五、存在的主要问题")}
            docs.append((f"{layout}-{seed}", "text", text, ends, r))
        # The metadata block may be a <table>: count data tables from the body container.
        page = render_report_html(report, style="word", blank="&nbsp;").decode()
        body = page.index('id="zoom"')
        ends = {"applications": body + _html_end(page[body:], 1), "review_litigation": body + _html_end(page[body:], 2)}
        docs.append((f"html-{seed}", "html", page, ends, report))
    return docs


TRUNCATION_DOCS = _truncation_docs()


@st.composite
def cuts(draw: st.DrawFn) -> tuple[int, int]:
    """A document and a cut position, biased to land near the ends of Tables 3 and 4."""
    i = draw(st.integers(0, len(TRUNCATION_DOCS) - 1))
    _, _, text, ends, _ = TRUNCATION_DOCS[i]
    near = draw(st.sampled_from(sorted(ends.values())))
    pos = draw(st.one_of(st.integers(0, len(text)), st.integers(max(0, near - 60), min(len(text), near + 60))))
    return i, pos


@settings(max_examples=int(os.environ.get("GKNB_TRUNCATION_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(cuts())
def test_a_cut_document_never_completes_a_table_it_does_not_hold(case: tuple[int, int]) -> None:
    i, pos = case
    name, media_type, text, ends, report = TRUNCATION_DOCS[i]
    parsed = parse_bytes(text[:pos].encode("utf-8"), f"cut-{name}", media_type=media_type)
    for table, end in ends.items():
        got = getattr(parsed, table)
        if got is None:
            continue
        assert pos >= end, f"{name} cut at {pos} (table ends at {end}): {table} complete from a partial table"
        assert got == report[table], f"{name} cut at {pos}: " + "; ".join(cell_diffs(table, report[table], got)[:10])
