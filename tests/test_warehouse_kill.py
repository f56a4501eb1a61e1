"""kill -9 in the middle of a load: the file holds the document whole or not at all.

A child process loads documents into a real DuckDB file.  The loader's test hook
(GKNB_TEST_PAUSE_IN_LOAD="N:FILE") stops the N-th load inside its transaction, after the
document's documents, reports and fact_applications rows are written but before the rest,
and writes FILE; the parent then SIGKILLs the child and reopens the file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gknb.load.warehouse import PAUSE_ENV, Warehouse
from tests.test_warehouse_helpers import dump, make_report
from gknb.transform.facts import report_id_for

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import sys
from gknb.load.batch import build_batch
from gknb.load.warehouse import Warehouse
from tests.test_warehouse_helpers import make_report

db, first, last, seed_offset, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "batch"
reports = [make_report(f"https://a.gov.cn/{i}.html", f"淮安市区{i % 7}局", 2015 + i % 9, seed=i + seed_offset)
           for i in range(first, last)]
with Warehouse(db) as wh:
    if batch:
        wh.load(build_batch((r, None) for r in reports))
    else:
        for r in reports:
            wh.ingest_report(r)
"""


def _run_and_kill(db: Path, tmp_path: Path, first: int, last: int, pause_at: int, *, seed_offset: int = 0, batch: bool = False):
    ready = tmp_path / f"ready-{first}-{last}-{seed_offset}"
    env = {**os.environ, PAUSE_ENV: f"{pause_at}:{ready}", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(first), str(last), str(seed_offset), "batch" if batch else "one"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while not ready.exists():
            if child.poll() is not None:
                raise AssertionError(f"child ended before the pause: {child.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise AssertionError("child never reached the pause point")
            time.sleep(0.02)
        assert int(ready.read_text()) == child.pid
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()


def _assert_whole(db: Path) -> dict[str, list[tuple]]:
    """Every report in the file has all of its rows, of one document version, and nothing else does."""
    with Warehouse(db) as wh:
        q = wh.con.execute
        reports = dict(q("SELECT report_id, document_sha256 FROM reports").fetchall())
        assert q("SELECT count(*) FROM documents WHERE status = 'parsed'").fetchall()[0][0] >= len(reports)
        for table, per_report in (("fact_applications", 175), ("fact_review_litigation", 15), ("fact_active_disclosure", 10)):
            counts = dict(q(f"SELECT report_id, count(*) FROM {table} GROUP BY ALL").fetchall())
            assert counts == {rid: per_report for rid in reports}, table
            shas = dict(q(
                f"SELECT report_id, any_value(document_sha256) FROM {table} "
                "GROUP BY ALL HAVING count(DISTINCT document_sha256) = 1"
            ).fetchall())
            assert shas == reports, table
        checks = dict(q(
            "SELECT report_id, count(*) FROM check_results WHERE check_name <> 'cross_year_carry' GROUP BY ALL"
        ).fetchall())
        assert set(checks) == set(reports)
        latest = dict(q("SELECT report_id, sha256 FROM documents WHERE is_latest").fetchall())
        assert latest == reports
    return dump(db)


def test_kill_mid_document_leaves_the_documents_before_it(tmp_path):
    db = tmp_path / "kill.duckdb"
    _run_and_kill(db, tmp_path, 0, 40, pause_at=25)
    _assert_whole(db)
    with Warehouse(db) as wh:
        ids = {r[0] for r in wh.con.execute("SELECT report_id FROM reports").fetchall()}
        assert ids == {report_id_for(f"https://a.gov.cn/{i}.html") for i in range(24)}
        assert wh.con.execute("SELECT count(*) FROM documents").fetchall()[0][0] == 24
        # the run can simply be repeated: the killed document and the rest load normally
        for i in range(24, 40):
            wh.ingest_report(make_report(f"https://a.gov.cn/{i}.html", f"淮安市区{i % 7}局", 2015 + i % 9, seed=i))
    _assert_whole(db)


def test_kill_mid_replacement_keeps_the_old_version_whole(tmp_path):
    db = tmp_path / "replace.duckdb"
    with Warehouse(db) as wh:
        for i in range(5):
            wh.ingest_report(make_report(f"https://a.gov.cn/{i}.html", f"淮安市区{i % 7}局", 2015 + i % 9, seed=i))
    before = _assert_whole(db)
    # new versions of documents 2..4; killed inside the first replacement
    _run_and_kill(db, tmp_path, 2, 5, pause_at=1, seed_offset=100)
    assert _assert_whole(db) == before


def test_kill_mid_batch_loads_none_of_the_batch(tmp_path):
    db = tmp_path / "batch.duckdb"
    with Warehouse(db) as wh:
        for i in range(3):
            wh.ingest_report(make_report(f"https://a.gov.cn/{i}.html", f"淮安市区{i % 7}局", 2015 + i % 9, seed=i))
    before = _assert_whole(db)
    _run_and_kill(db, tmp_path, 3, 60, pause_at=1, batch=True)
    assert _assert_whole(db) == before
