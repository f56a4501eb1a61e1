"""``gknb site`` built from a small generated warehouse, then read in a real browser.

Reports come from synth.values (known values, both formats, a few blanks, some that break
their own identities), rendered as portal HTML, parsed and ingested as the corpus tests do;
their bodies go into a real crawl archive so that archived-copy links point at real files.
The browser is Debian's headless Chromium driven by playwright (``/usr/bin/chromium``; never
a downloaded browser): every page from ``file://``, no console error, no broken link, a
number's provenance on click, the agency charts' points against the warehouse, search, and
screenshots at 1280 px in ``tests/artifacts/site/``.
"""

from __future__ import annotations

import json
import random
import struct
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import duckdb
import pytest

from gknb.extract.archive import Archive
from gknb.load.site.build import NotASiteFolder, agency_href, build_site, report_href
from gknb.load.warehouse import Warehouse
from gknb.synth.render.html import render_tables_html
from gknb.synth.values import random_report
from gknb.transform.parse import parse_bytes

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts" / "site"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Which years each agency reports (a gap, a single year, a 2019-format year) and which
# reports break their identities or carry blank cells.
AGENCIES = {
    "杭州市西湖区财政局": (2020, 2021, 2022, 2023),
    "淮安市洪泽区人民政府": (2021, 2023),
    "潍坊市昌乐县教育局": (2022,),
}
INCONSISTENT = {("淮安市洪泽区人民政府", 2023), ("杭州市西湖区财政局", 2022)}
WITH_BLANKS = {("杭州市西湖区财政局", 2021)}
HOSTILE_SOURCE = 'https://sim9.gov.cn/gkzl/list.html?a=1&b="><script>alert(1)</script>'


def _documents() -> list[tuple[str, bytes]]:
    rng = random.Random(20261203)
    docs = []
    for n, (agency, years) in enumerate(AGENCIES.items()):
        for year in years:
            values = random_report(rng, fmt="2019" if year <= 2020 else "2021", agency=agency, year=year,
                                   consistent=(agency, year) not in INCONSISTENT,
                                   blank_rate=0.1 if (agency, year) in WITH_BLANKS else 0.0)
            title = f"{agency}{year}年政府信息公开工作年度报告"
            tables = render_tables_html(values, style=("word", "plain", "nested")[year % 3], blank="")
            body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{tables}</body></html>"
            docs.append((f"https://sim{n}.gov.cn/gkzl/{year}.html", body.encode("utf-8")))
    docs[-1] = (HOSTILE_SOURCE, docs[-1][1])
    docs.append(("https://sim1.gov.cn/gkzl/broken.html", b"<html><body>\xff\xfe not a report</body></html>"))
    return docs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("site")
    db, archive_dir, out = root / "gknb.duckdb", root / "archive", root / "site"
    with Archive(archive_dir, root / "fetchlog.duckdb") as archive, Warehouse(db) as wh:
        for source, body in _documents():
            archive.put(body)
            wh.ingest_report(parse_bytes(body, source))
    summary = build_site(db, out, archive=archive_dir)
    return {"db": db, "out": out, "archive": archive_dir, "summary": summary}


def _agency_id(db: Path, printed: str) -> str:
    """The agency_id the warehouse placed a printed agency name at (the key of its page)."""
    (found,) = _query(db, "SELECT DISTINCT agency_id FROM reports WHERE agency_canonical = ?", [printed])
    return found[0]


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# --- the files -------------------------------------------------------------------------------


def test_a_page_per_agency_and_per_report(site):
    out = site["out"]
    agencies = [a for (a,) in _query(site["db"], "SELECT DISTINCT agency_canonical FROM reports")]
    report_ids = [r for (r,) in _query(site["db"], "SELECT report_id FROM reports")]
    assert sorted(agencies) == sorted(AGENCIES)
    assert len(report_ids) == sum(len(y) for y in AGENCIES.values())
    for name in agencies:
        assert name in (out / agency_href(_agency_id(site["db"], name))).read_text(encoding="utf-8")
    for rid in report_ids:
        assert (out / report_href(rid)).is_file()
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert len(pages) == site["summary"].pages == 1 + len(agencies) + len(report_ids)


def test_document_text_is_escaped(site):
    (rid,) = _query(site["db"], "SELECT report_id FROM reports WHERE source = ?", [HOSTILE_SOURCE])[0]
    page = (site["out"] / report_href(rid)).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_index_is_a_script_listing_every_agency_and_region(site):
    text = (site["out"] / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.GKNB_INDEX = "
    assert text.startswith(prefix)
    entries = json.loads(text[len(prefix):].rstrip().rstrip(";"))
    regions = {r for (r,) in _query(site["db"], "SELECT DISTINCT region FROM reports WHERE region IS NOT NULL")}
    assert {e["name"] for e in entries if e["kind"] == "agency"} == set(AGENCIES)
    assert {e["name"] for e in entries if e["kind"] == "region"} == regions
    assert all((site["out"] / urldefrag(e["href"]).url).is_file() for e in entries)


def test_rebuilds_its_own_folder_and_refuses_anyone_elses(site, tmp_path):
    again = tmp_path / "again"
    first = build_site(site["db"], again)
    stray = again / "report" / "stale.html"
    stray.write_text("old", encoding="utf-8")
    assert build_site(site["db"], again).pages == first.pages
    assert not stray.exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(NotASiteFolder):
        build_site(site["db"], foreign)
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "keep me"


def test_cli_builds_the_site_beside_the_warehouse(site, tmp_path):
    from typer.testing import CliRunner

    from gknb.cli import app

    out = tmp_path / "cli-site"
    result = CliRunner().invoke(app, ["site", "--db", str(site["db"]), "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"{site['summary'].pages} pages" in result.output
    # The archive beside the warehouse is found without --archive.
    assert 'class="archived"' in next((out / "report").iterdir()).read_text(encoding="utf-8")
    missing = CliRunner().invoke(app, ["site", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)])
    assert missing.exit_code == 2


# --- in the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []  # console errors, uncaught exceptions, failed requests
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url} {r.failure}"))
    yield page
    context.close()


def _file_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_page_loads_cleanly_with_no_broken_link(site, page):
    out = site["out"].resolve()
    start = (out / "index.html").as_uri()
    queue, seen, problems = deque([start]), {start}, []
    anchors: dict[str, set[str]] = {}  # page -> fragments linked to it
    files_linked: set[Path] = set()
    external = 0
    while queue:
        url = queue.popleft()
        page.problems.clear()
        page.goto(url)
        problems += [f"{url}: {p}" for p in page.problems]
        for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"):
            target, fragment = urldefrag(href)
            scheme = urlsplit(target).scheme
            if scheme in ("http", "https"):
                external += 1
                continue
            assert scheme == "file", href
            path = _file_path(target)
            if fragment:
                anchors.setdefault(target, set()).add(fragment)
            if path.suffix == ".html":
                if not path.is_file():
                    problems.append(f"{url}: broken link {href}")
                elif target not in seen:
                    seen.add(target)
                    queue.append(target)
            else:
                files_linked.add(path)
    for target, fragments in anchors.items():
        page.goto(target)
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        problems += [f"{target}: no element #{f}" for f in fragments - ids]
    assert problems == []
    assert {_file_path(u) for u in seen} == set(out.rglob("*.html"))  # every page reachable from the index
    assert external > 0  # the sources' URLs
    archived = {p for p in files_linked if p.suffix == ".bin"}
    assert archived and all(p.is_file() and site["archive"].resolve() in p.parents for p in archived)
    assert all(p.is_file() for p in files_linked)


def test_a_number_shows_its_provenance_when_asked(site, page):
    rid, row_label, column_label, raw, inferred = _query(site["db"], """
        SELECT report_id, row_label, column_label, raw, inferred FROM fact_applications
        WHERE category = 'new_received' AND applicant_type = 'natural_person' AND raw IS NOT NULL
        ORDER BY report_id LIMIT 1""")[0]
    page.goto((site["out"] / report_href(rid)).resolve().as_uri())
    panel = page.locator("#provenance")
    assert panel.is_hidden()
    page.locator("#applications tr[data-row=new_received] td[data-column=natural_person]").click()
    assert panel.is_visible()
    assert panel.locator("[data-field=row-label]").inner_text() == row_label
    assert panel.locator("[data-field=column-label]").inner_text() == column_label
    assert panel.locator("[data-field=raw]").inner_text() == raw
    assert panel.locator("[data-field=inferred]").inner_text().startswith("是" if inferred else "否")
    assert page.problems == []


def test_failed_checks_are_listed_and_their_cells_marked(site, page):
    failing = _query(site["db"], """
        SELECT report_id, count(*), list(detail) FROM check_results
        WHERE status = 'fail' AND check_name LIKE 't%' GROUP BY report_id ORDER BY report_id""")
    assert failing, "the inconsistent reports should fail a check of their own"
    for rid, n, details in failing:
        page.goto((site["out"] / report_href(rid)).resolve().as_uri())
        assert page.locator("#failed-checks tr.check.fail").count() >= n
        listed = page.locator("#failed-checks").inner_text()
        assert all(d in listed for d in details)
        marked = page.locator("td.cell.disagree")
        assert marked.count() > 0
        marked.first.click()
        assert "t3_" in page.locator("#provenance [data-field=checks]").inner_text() or \
            "t4_" in page.locator("#provenance [data-field=checks]").inner_text()


def test_agency_charts_have_a_point_per_year_with_a_number(site, page):
    for agency in AGENCIES:
        page.goto((site["out"] / agency_href(_agency_id(site["db"], agency))).resolve().as_uri())
        years = dict(_query(site["db"], """
            SELECT category, count(DISTINCT year) FROM fact_applications
            WHERE agency = ? AND applicant_type = 'total' AND count IS NOT NULL GROUP BY category""", [agency]))
        chart = page.locator("svg.chart[data-table=applications]").first
        first, last = _query(site["db"], "SELECT min(year), max(year) FROM reports WHERE agency_canonical = ?",
                             [agency])[0]
        assert chart.locator("text.year").all_text_contents() == [str(y) for y in range(first, last + 1)]
        for series in ("new_received", "granted", "carried_over", "total_processed"):
            assert chart.locator(f".point[data-series={series}]").count() == years.get(series, 0), (agency, series)
        t4_years = _query(site["db"], """
            SELECT count(DISTINCT year) FROM fact_review_litigation
            WHERE agency = ? AND proceeding = 'administrative_review' AND outcome = 'total' AND count IS NOT NULL""",
            [agency])[0][0]
        t4 = page.locator("svg.chart[data-table=review_litigation] .point[data-series=administrative_review]")
        assert t4.count() == t4_years
    assert {len(y) for y in AGENCIES.values()} == {1, 2, 4}  # the counts above are not all one number
    # 洪泽区 reported 2021 and 2023: 2022 is on the axis and no line is drawn across it.
    page.goto((site["out"] / agency_href(_agency_id(site["db"], "淮安市洪泽区人民政府"))).resolve().as_uri())
    assert page.locator("svg.chart path.line").count() == 0
    assert page.locator("svg.chart .point").count() > 0


def test_search_finds_agencies_by_name_and_region(site, page):
    page.goto((site["out"] / "index.html").resolve().as_uri())
    page.fill("#search", "洪泽")
    hits = page.locator("#search-results a")
    texts = hits.all_inner_texts()
    assert any(t.startswith("淮安市洪泽区人民政府") for t in texts)
    page.locator("#search-results a.hit-agency").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "淮安市洪泽区人民政府"
    page.fill("#search", "西湖区")  # a region: its entry and the agencies in it
    kinds = page.eval_on_selector_all("#search-results a", "els => els.map(e => e.className)")
    assert any("hit-region" in k for k in kinds) and any("hit-agency" in k for k in kinds)
    assert page.problems == []


def _png_width(path: Path) -> int:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", head[16:20])[0]


def test_screenshots_at_1280(site, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    rid = _query(site["db"], "SELECT report_id FROM check_results WHERE status = 'fail' ORDER BY report_id LIMIT 1")[0][0]
    shots = {"overview": "index.html", "agency": agency_href(_agency_id(site["db"], "杭州市西湖区财政局")), "report": report_href(rid)}
    for name, rel in shots.items():
        page.goto((site["out"] / rel).resolve().as_uri())
        if name == "report":
            page.locator("td.cell.disagree").first.click()
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert _png_width(path) == 1280
        # Nothing wider than the viewport: the page reads at 1280 px without scrolling sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, name
    assert page.problems == []
