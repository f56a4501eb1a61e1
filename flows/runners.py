"""The task runner a step uses, chosen by ``Settings.runner`` at run time.

Chosen when the flow runs rather than fixed in ``@flow(task_runner=...)``, so that one
deployment scales from threads on a laptop to a process pool or a Dask cluster by changing
``GKNB_TASK_RUNNER`` on the worker, not the code.  Only parsing fans out: workers return
per-document reports and the flow process stays the warehouse's single writer, loading them
one transaction per document in list order, so every runner leaves the same warehouse.
"""

from __future__ import annotations

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from gknb.model.settings import Settings


def make_runner(settings: Settings) -> TaskRunner:
    if settings.runner == "process":
        return ProcessPoolTaskRunner(max_workers=settings.workers)
    if settings.runner == "dask":
        return _dask_runner(settings)
    return ThreadPoolTaskRunner(max_workers=settings.workers)


def _dask_runner(settings: Settings) -> TaskRunner:
    """An existing cluster at ``GKNB_DASK_ADDRESS``, else a local one: worker processes on loopback.

    One thread per worker process: parsing is pure Python and holds the GIL, so a core is a process.
    """
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.workers, "threads_per_worker": 1, "processes": True,
                        "host": "127.0.0.1", "dashboard_address": None},
    )
