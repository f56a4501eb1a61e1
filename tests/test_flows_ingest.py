"""The nightly flow over local documents: incremental re-runs, parser-version bumps, and a SIGKILL mid-run.

The corpus is the shared seed reports, each copied with a distinct trailing remark so every
copy has its own sha256 (a realistic mix of parsed, partial and failing documents).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.warehouse_snapshot import tree_digest, warehouse_rows

pytest_plugins = ["tests.prefect_fixtures"]
pytestmark = pytest.mark.integration

pytest.importorskip("gknb.load.warehouse", reason="the warehouse (issue 3) has not landed yet")
pytest.importorskip("gknb.load.export", reason="the warehouse exports (issue 3) have not landed yet")
if not (SHARED / "seeds").is_dir():
    pytest.skip("../shared/seeds is absent", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        text = seed.read_bytes()
        for i in range(copies):
            (folder / f"{seed.stem}-{i:03d}.txt").write_bytes(text + f"\n\n附：副本{i}\n".encode())
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), copies=4)


def test_second_run_parses_nothing_and_changes_nothing(prefect_api, corpus, tmp_path):
    from gknb.flows.nightly import nightly

    first = nightly(paths=[str(corpus)], data_dir=str(tmp_path))
    n_docs = len(list(corpus.iterdir()))
    assert first["documents"] == n_docs and first["parsed"] == n_docs and first["loaded"] == n_docs
    assert first["exported"] and first["totals"]["documents"] >= n_docs
    report = (tmp_path / "reports" / "latest.md").read_text(encoding="utf-8")
    release = (tmp_path / "export" / "LATEST").read_text(encoding="utf-8").strip()
    lines = report.splitlines()
    assert lines[0].startswith("verdict: ") and lines[2].startswith("# gknb run")
    assert f"- exports: {tmp_path / 'export' / release} (written)" in report
    rows, exports = warehouse_rows(tmp_path / "gknb.duckdb"), tree_digest(tmp_path / "export")

    second = nightly(paths=[str(corpus)], data_dir=str(tmp_path))
    assert (second["parsed"], second["loaded"], second["unchanged"]) == (0, 0, n_docs)
    assert not second["exported"]
    assert warehouse_rows(tmp_path / "gknb.duckdb") == rows
    assert tree_digest(tmp_path / "export") == exports
    assert len(list((tmp_path / "reports").glob("run-*.md"))) == 2


def test_parser_version_bump_reparses_everything(prefect_api, corpus, tmp_path, monkeypatch):
    from gknb.flows import pipeline
    from gknb.flows.nightly import nightly

    nightly(paths=[str(corpus)], data_dir=str(tmp_path))
    monkeypatch.setattr(pipeline, "PARSER_VERSION", "test-bump")
    monkeypatch.setattr("gknb.transform.parse.PARSER_VERSION", "test-bump")
    bumped = nightly(paths=[str(corpus)], data_dir=str(tmp_path))
    assert bumped["parsed"] == len(list(corpus.iterdir())) and bumped["unchanged"] == 0


def _api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def test_sigkill_mid_run_then_rerun_equals_uninterrupted_run(prefect_api, tmp_path):
    from gknb.flows.nightly import nightly

    corpus = make_corpus(tmp_path / "corpus", copies=15)
    killed_dir, clean_dir = tmp_path / "killed", tmp_path / "clean"
    env = {**os.environ, "PREFECT_API_URL": _api_url(), "GKNB_PARSE_BATCH": "2", "GKNB_WORKERS": "1",
           "PREFECT_LOGGING_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
    code = f"from gknb.flows.nightly import nightly; nightly(paths=[{str(corpus)!r}], data_dir={str(killed_dir)!r})"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    loads = 0
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:  # kill after a few batches are committed, well before the end
            if "loaded 2 documents" in line:
                loads += 1
                if loads == 3:
                    break
            assert time.monotonic() < deadline, "the nightly subprocess never reported a load"
        assert proc.poll() is None, "the run finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = warehouse_rows(killed_dir / "gknb.duckdb")
    n_docs = len(list(corpus.iterdir()))
    assert 0 < len(partial["documents"]) < n_docs

    resumed = nightly(paths=[str(corpus)], data_dir=str(killed_dir))
    assert resumed["unchanged"] == len(partial["documents"])  # what was committed is not parsed again
    assert resumed["parsed"] == n_docs - resumed["unchanged"]
    nightly(paths=[str(corpus)], data_dir=str(clean_dir))
    assert warehouse_rows(killed_dir / "gknb.duckdb") == warehouse_rows(clean_dir / "gknb.duckdb")
