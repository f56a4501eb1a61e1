"""The task runner a step uses, chosen by ``FlowSettings.runner`` at run time.

Chosen when the flow runs rather than fixed in ``@flow(task_runner=...)``, so that one
deployment scales from threads on a laptop to a process pool (or, by adding a kind here, a
Dask cluster) by changing ``GKNB_TASK_RUNNER`` on the worker, not the code.
"""

from __future__ import annotations

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from gknb.flows.settings import FlowSettings


def make_runner(settings: FlowSettings) -> TaskRunner:
    if settings.runner == "process":
        return ProcessPoolTaskRunner(max_workers=settings.workers)
    return ThreadPoolTaskRunner(max_workers=settings.workers)
