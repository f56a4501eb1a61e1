"""Parsing fanned out to a Dask cluster leaves the same warehouse as the thread runner.

The cluster is a real ``distributed.LocalCluster``: a scheduler and two worker processes
talking over TCP on 127.0.0.1, reached by address as a user reaches an existing cluster
(``GKNB_TASK_RUNNER=dask GKNB_DASK_ADDRESS=tcp://…``).  The corpus is generated in mixed
formats (HTML, PDF, DOCX, text) by ``gknb.synth.archive``.
"""

from __future__ import annotations

import pytest

from gknb.synth.archive import write_archive
from tests.warehouse_snapshot import warehouse_rows

distributed = pytest.importorskip("distributed", reason="Dask's distributed is not installed")

pytest_plugins = ["tests.prefect_fixtures"]
pytestmark = pytest.mark.integration

DOCUMENTS = 24


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    write_archive(folder, DOCUMENTS, seed=11)
    for truth in folder.glob("truth-*.jsonl"):  # the truth is for checking, not a document to ingest
        truth.rename(folder.parent / truth.name)
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as local:
        yield local


def _parse_tasks_run(cluster) -> int:
    """Parse tasks whose result a worker held, from the scheduler's own transition counts."""
    return sum(prefix.state_counts["memory"] for name, prefix in cluster.scheduler.task_prefixes.items()
               if name.startswith("parse"))


def test_dask_cluster_loads_the_same_warehouse_as_threads(prefect_api, corpus, cluster, tmp_path, monkeypatch):
    from gknb.flows.ingest import ingest_flow

    monkeypatch.setenv("GKNB_PARSE_BATCH", "4")
    monkeypatch.setenv("GKNB_TASK_RUNNER", "thread")
    threads = ingest_flow(paths=[str(corpus)], data_dir=str(tmp_path / "threads"))

    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    before = _parse_tasks_run(cluster)
    monkeypatch.setenv("GKNB_TASK_RUNNER", "dask")
    monkeypatch.setenv("GKNB_DASK_ADDRESS", cluster.scheduler_address)
    dask = ingest_flow(paths=[str(corpus)], data_dir=str(tmp_path / "dask"))

    assert _parse_tasks_run(cluster) - before == DOCUMENTS // 4  # every batch ran on the cluster
    assert (dask.parsed, dask.loaded, dask.by_status) == (threads.parsed, threads.loaded, threads.by_status)
    assert dask.parsed == DOCUMENTS and dask.by_status.get("parsed", 0) > DOCUMENTS // 2
    assert warehouse_rows(tmp_path / "dask" / "gknb.duckdb") == warehouse_rows(tmp_path / "threads" / "gknb.duckdb")
