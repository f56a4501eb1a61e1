"""Live progress of a night for whoever watches a terminal: sources crawled, documents fetched, loaded.

The steps report what they finish through ``note``; a terminal front end (``gknb nightly``,
``gknb demo``) shows it with ``live_progress``.  With no one watching — a deployment run, the
cron line, a test — ``note`` does nothing, so the steps never depend on a display.  Steps run
on threads of this process (the crawl's tasks, the flow's load loop), hence the lock.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

SOURCES, FETCHED, DOCUMENTS, LOADED = "sources", "fetched", "documents", "loaded"


class Listener(Protocol):
    def __call__(self, event: str, amount: int, total: int | None) -> None: ...


_listeners: list[Listener] = []
_lock = threading.Lock()


def note(event: str, amount: int = 1, *, total: int | None = None) -> None:
    """``amount`` more of ``event`` done; ``total`` (when known) is how many there will be."""
    with _lock:
        for listener in _listeners:
            listener(event, amount, total)


class _RichListener:
    """One progress line per stage; a stage's line appears when its first event arrives."""

    LABELS = {SOURCES: "sources crawled", FETCHED: "pages and files fetched", DOCUMENTS: "documents parsed and loaded"}

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, object] = {}

    def _task(self, stage: str):  # noqa: ANN202 - rich's TaskID
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(self.LABELS[stage], total=None)
        return self.tasks[stage]

    def __call__(self, event: str, amount: int, total: int | None) -> None:
        stage = DOCUMENTS if event == LOADED else event
        task = self._task(stage)
        if total is not None:
            self.progress.update(task, total=total)
        if event != DOCUMENTS:
            self.progress.advance(task, amount)


@contextlib.contextmanager
def live_progress(console: Console) -> Iterator[None]:
    """Show the night's progress on ``console`` until the block ends (once, at the end, when not a terminal)."""
    columns = (TextColumn("{task.description:<28}"), BarColumn(bar_width=24), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        listener = _RichListener(progress)
        with _lock:
            _listeners.append(listener)
        try:
            yield
        finally:
            with _lock:
                _listeners.remove(listener)
