"""Hostile documents and faults (issue 12): each bounded, recorded as a failure with a reason, the rest
of its batch loaded, nothing written outside the data directory.

The corpus is generated in code (tests/hostile).  Budgets are small here (512 MiB, 10 s) so the
many-page PDF, which no pre-check refuses, costs one time budget.
"""

from __future__ import annotations

import os
import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gknb.model.document import DocumentRecord
from gknb.cli import app
from gknb.errors import GknbError, UsageError, WarehouseBusy, WarehouseUnreadable
from gknb.load.warehouse import Warehouse
from tests.hostile import CASES, good_report_html, pdf_many_pages
from tests.test_warehouse_helpers import make_report

pytestmark = pytest.mark.integration

runner = CliRunner()
BUDGET = {"GKNB_PARSE_MEMORY_MB": "512", "GKNB_PARSE_SECONDS": "10"}
# What each case's recorded reason says; the PDF cases name whichever bound met them first.
REASONS = {
    "docx_bomb": r"\.docx unpacks to [\d,]+ bytes, above",
    "xlsx_far_cell": r"worksheet 'Sheet' spans 1,048,576 rows x 16,384 columns",
    "xlsx_bomb": r"\.xlsx unpacks to [\d,]+ bytes, above",
    "pdf_flate_bomb": r"allocate|MiB|memory|took longer|stream|unreadable PDF",
    "pdf_many_pages": r"took longer than 10 s|exceeded 512 MiB|pages?",
    "html_huge_spans": r"spans 80,000,000 grid slots",
    "html_60mb": r"HTML page is [\d,]+ bytes, above",
    "html_nested_divs": r"nested 100,000 elements deep",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Each hostile case between good report pages: 00 good, 01 bad, 02 good, 03 bad, …"""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "00_good.html").write_bytes(good_report_html(1))
    for i, (case, build) in enumerate(CASES.items()):
        name, data = build()
        (folder / f"{2 * i + 1:02d}_{case}{Path(name).suffix}").write_bytes(data)
        (folder / f"{2 * i + 2:02d}_good.html").write_bytes(good_report_html(100 + i))
    return folder


def test_the_corpus_is_small_on_disk(corpus):
    sizes = {p.name: p.stat().st_size for p in corpus.iterdir()}
    hostile = {n: s for n, s in sizes.items() if "good" not in n}
    assert len(hostile) == len(CASES) == len(REASONS)
    assert sum(s for n, s in hostile.items() if "60mb" not in n) < 16 << 20  # bombs of a GiB in a MiB each


def test_ingest_records_each_hostile_document_as_failed_and_loads_every_good_one(corpus, tmp_path, monkeypatch):
    for key, value in BUDGET.items():
        monkeypatch.setenv(key, value)
    data_dir = tmp_path / "data"
    db = data_dir / "gknb.duckdb"
    before = set(tmp_path.parent.iterdir())
    out = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert out.exit_code == 0, out.output  # failed documents are recorded, not a command failure
    assert f"{len(CASES)} of {2 * len(CASES) + 1} documents failed to parse" in out.output
    with Warehouse(db, read_only=True) as wh:
        rows = wh.query("SELECT source, status, reason FROM documents ORDER BY source").rows()
        reports = wh.query("SELECT count(*) AS n FROM reports")["n"][0]
    assert len(rows) == 2 * len(CASES) + 1
    by_case = {Path(s).stem.split("_", 1)[1]: (status, reason) for s, status, reason in rows if "good" not in s}
    assert set(by_case) == set(CASES)
    for case, (status, reason) in by_case.items():
        assert status == "failed", case
        assert re.search(REASONS[case], reason or ""), (case, reason)
    assert all(status == "parsed" for s, status, _ in rows if "good" in s)
    assert reports == len(CASES) + 1
    # Nothing was written beside the data folder (the inputs are in their own temp folder).
    assert set(tmp_path.parent.iterdir()) == before
    assert {p.name for p in tmp_path.iterdir()} == {"data"}


def test_strict_ingest_exits_non_zero_and_says_how_many_failed(corpus, tmp_path, monkeypatch):
    for key, value in BUDGET.items():
        monkeypatch.setenv(key, value)
    files = [corpus / "00_good.html", next(corpus.glob("*html_nested_divs*"))]
    db = tmp_path / "gknb.duckdb"
    out = runner.invoke(app, ["ingest", *map(str, files), "--db", str(db), "--strict"])
    assert out.exit_code == 1
    assert "1 of 2 documents failed to parse" in out.output
    assert "nested 100,000 elements deep" in out.output


def test_the_flows_parse_step_keeps_to_the_budget(tmp_path, monkeypatch):
    """A document past its time budget in the flows' parse step; the next document still parses."""
    from gknb.flows.pipeline import parse_ref

    monkeypatch.setenv("GKNB_PARSE_SECONDS", "1")
    monkeypatch.setenv("GKNB_PARSE_MEMORY_MB", "512")
    name, data = pdf_many_pages()
    slow = tmp_path / "slow-body"  # archived bodies carry no suffix: the format comes from the bytes
    slow.write_bytes(data)
    good = tmp_path / "good-body"
    good.write_bytes(good_report_html(7))
    slow_sha = hashlib.sha256(data).hexdigest()
    slow_report = parse_ref(DocumentRecord(sha256=slow_sha, size=len(data), source="https://x.gov.cn/slow.pdf", path=slow))
    good_report = parse_ref(DocumentRecord.of_file(good, "https://x.gov.cn/good.html"))
    assert slow_report.status == "failed"
    assert re.search(r"took longer than 1 s|pages?", slow_report.error)  # the time budget or the PDF page cap
    assert slow_report.sha256 == slow_sha and slow_report.source == "https://x.gov.cn/slow.pdf"
    assert good_report.status == "parsed"


# --- gknb query cannot write or reach files ------------------------------------------------------


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "data" / "gknb.duckdb"
    with Warehouse(path) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/2023.html", "杭州市卫生健康委员会", 2023, seed=1))
    return path


def _fact_rows(path: Path) -> int:
    with Warehouse(path, read_only=True) as wh:
        return wh.query("SELECT count(*) AS n FROM fact_applications")["n"][0]


def test_query_attacks_fail_and_leave_the_warehouse_and_the_disk_alone(warehouse, tmp_path):
    other, copied, dumped = tmp_path / "other.duckdb", tmp_path / "out.csv", tmp_path / "dump"
    rows = _fact_rows(warehouse)
    attacks = [
        f"ATTACH '{other}' AS o; USE o; DETACH gknb; ATTACH '{warehouse}' AS w (READ_WRITE); DELETE FROM w.fact_applications",
        f"ATTACH '{warehouse}' AS w (READ_WRITE); DELETE FROM w.fact_applications",
        "DELETE FROM fact_applications",
        f"COPY (SELECT * FROM fact_applications) TO '{copied}'",
        f"EXPORT DATABASE '{dumped}'",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SET enable_external_access = true; SELECT * FROM read_text('/etc/passwd')",
        "RESET lock_configuration",
        "INSTALL httpfs",
        "LOAD httpfs",
    ]
    for sql in attacks:
        out = runner.invoke(app, ["query", sql, "--db", str(warehouse)])
        assert out.exit_code == 1, (sql, out.output)
        assert "query failed" in out.output
        assert "root:" not in out.output
    assert not other.exists() and not copied.exists() and not dumped.exists()
    assert _fact_rows(warehouse) == rows > 0
    # Ordinary queries and the views still work.
    out = runner.invoke(app, ["query", "SELECT count(*) AS n FROM fact_applications", "--db", str(warehouse), "--format", "csv"])
    assert out.output.splitlines() == ["n", str(rows)]
    out = runner.invoke(app, ["query", "SELECT agency, year FROM t3_wide LIMIT 1", "--db", str(warehouse), "--format", "csv"])
    assert out.exit_code == 0 and "2023" in out.output


# --- readers during a write, a second writer, a corrupt file, a full disk -------------------------


@pytest.fixture
def held(warehouse, tmp_path):
    """Another process holding the warehouse open for writing, as the nightly run does."""
    ready = tmp_path / "ready"
    code = (
        "import sys, time, pathlib; from gknb.load.warehouse import Warehouse\n"
        f"wh = Warehouse({str(warehouse)!r}); pathlib.Path({str(ready)!r}).write_text('x'); time.sleep(60)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert ready.exists()
    yield warehouse, proc.pid
    proc.kill()
    proc.wait()


def test_query_during_a_write_says_the_warehouse_is_busy_in_one_line(held, monkeypatch):
    warehouse, pid = held
    monkeypatch.setenv("GKNB_BUSY_WAIT_SECONDS", "0.5")
    out = runner.invoke(app, ["query", "SELECT 1", "--db", str(warehouse)])
    assert out.exit_code == WarehouseBusy.exit_code  # the CLI prints a GknbError as its one line
    [line] = out.stderr.strip().splitlines()
    assert line.startswith(f"error: {warehouse} is being written by process {pid} (a nightly run or an ingest) — ")
    assert "export" in line.split(" — ", 1)[1]
    with pytest.raises(WarehouseBusy, match=f"open in process {pid}"):  # a second writer
        Warehouse(warehouse, wait=0)


@pytest.fixture
def exported(warehouse) -> Path:
    out = warehouse.parent / "export"
    done = runner.invoke(app, ["export", "--out", str(out), "--db", str(warehouse)])
    assert done.exit_code == 0, done.output
    return out


def test_query_during_a_write_answers_selects_from_the_last_export(exported, held, monkeypatch):
    warehouse, pid = held
    monkeypatch.setenv("GKNB_BUSY_WAIT_SECONDS", "0.5")
    monkeypatch.delenv("GKNB_EXPORT_DIR", raising=False)
    sql = "SELECT count(*) AS n FROM fact_applications"
    out = runner.invoke(app, ["query", sql, "--db", str(warehouse), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == ["n", "175"]
    assert f"being written by process {pid}" in out.stderr and "answered from the last export" in out.stderr
    evil = exported / "parquet" / "evil.csv"
    out = runner.invoke(app, ["query", f"SELECT 1; COPY (SELECT 1) TO '{evil}'", "--db", str(warehouse)])
    assert out.exit_code == UsageError.exit_code and "only SELECT" in out.stderr
    out = runner.invoke(app, ["query", "SELECT * FROM read_text('/etc/passwd')", "--db", str(warehouse)])
    assert out.exit_code == 1 and "root:" not in out.output
    assert not evil.exists()


def test_query_waits_for_a_writer_that_finishes(held, monkeypatch):
    """Retries briefly: a writer that lets go within the wait does not fail the query."""
    import threading

    warehouse, pid = held
    monkeypatch.setenv("GKNB_BUSY_WAIT_SECONDS", "30")
    threading.Timer(1.0, os.kill, (pid, 9)).start()
    out = runner.invoke(app, ["query", "SELECT 42 AS answer", "--db", str(warehouse), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == ["answer", "42"]


def test_a_corrupt_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "gknb.duckdb"
    bad.write_bytes(b"not a database" * 1000)
    for attempt in (lambda: Warehouse(bad), lambda: Warehouse(bad, read_only=True), lambda: Warehouse.for_query(bad)):
        with pytest.raises(WarehouseUnreadable) as info:
            attempt()
        assert "\n" not in info.value.message and "not a valid DuckDB database file" in info.value.message
    out = runner.invoke(app, ["query", "SELECT 1", "--db", str(bad)])
    assert out.exit_code == WarehouseUnreadable.exit_code
    assert len(out.stderr.strip().splitlines()) == 1 and "not a valid DuckDB database file" in out.stderr


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_reports_no_space_not_a_rollback_error(small_disk):
    db = small_disk / "gknb.duckdb"
    with Warehouse(db) as wh:
        wh.ingest_report(make_report("https://a.gov.cn/2021.html", "杭州市卫生健康委员会", 2021, seed=1))
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        (small_disk / "filler").write_bytes(b"\0" * max(0, free - 4096))
        with pytest.raises(GknbError) as info:
            for year in range(2010, 2030):
                wh.ingest_report(make_report(f"https://a.gov.cn/{year}b.html", "杭州市卫生健康委员会", year, seed=year))
    assert info.value.message == f"cannot write {db}: no space left on device"
    assert "No space left on device" in str(info.value.__cause__)
    assert "no transaction is active" not in str(info.value.__cause__)


# --- text from documents never reaches the terminal raw --------------------------------------------


def test_markup_and_escape_sequences_from_documents_are_printed_inert(tmp_path, monkeypatch):
    for key, value in BUDGET.items():
        monkeypatch.setenv(key, value)
    evil = tmp_path / "\x1b]0;owned\x07\x1b[2Jreport.html"
    evil.write_bytes(b"<html><body>\x1b[31m[/] [bold]not a report</body></html>")
    missing = tmp_path / "a[" / "]b.html"  # the error names this path: "…a[/]b.html"
    out = runner.invoke(app, ["parse", str(evil), str(missing), str(tmp_path / "x[/]")])
    assert out.exit_code == 1
    assert "\x1b" not in out.output and "\x07" not in out.output
    assert "a[/]b.html" in out.output.replace("\n", "")  # printed, not read as markup
    assert out.output.count("status failed") == 2  # the documents after the bad name were printed
    out = runner.invoke(app, ["ingest", str(evil), str(missing), "--db", str(tmp_path / "data" / "gknb.duckdb")])
    assert "\x1b" not in out.output and "\x07" not in out.output
    out = runner.invoke(
        app, ["query", "SELECT '[/] [red]x' || chr(27) || '[2J' AS v", "--db", str(tmp_path / "data" / "gknb.duckdb")]
    )
    assert out.exit_code == 0, out.output
    assert "[/] [red]x" in out.output and "\x1b" not in out.output

