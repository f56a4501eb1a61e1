"""Parse each document in a worker process under a memory and a wall-clock budget.

A few kilobytes can cost gigabytes or minutes inside a reader (a zip bomb, a spreadsheet cell at
XFD1048576, a Flate stream that inflates to 1.5 GiB, thousands of PDF pages).  The readers'
cheap pre-checks refuse the shapes we know; this is the guard for the ones nobody listed.  A
worker runs with ``RLIMIT_AS`` set, so an allocation past the budget fails inside the worker
instead of taking the machine, and the caller waits at most the time budget.  A worker that
runs out of memory, dies or overruns is killed and replaced, and the document it held is
recorded ``failed`` with the reason, so the documents after it still load.

Workers are kept and reused (a process start and the readers' imports cost about a second),
one per concurrent caller: ``gknb ingest`` uses one, the flows' thread runner one per thread.
Settings: ``GKNB_PARSE_MEMORY_MB`` (address space of a worker, default 2048) and
``GKNB_PARSE_SECONDS`` (per document, default 120).
"""

from __future__ import annotations

import atexit
import importlib
import math
import os
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from gknb.model.document import DocumentRecord
from gknb.model.settings import Settings, settings, variable
from gknb.model.versions import PARSER_VERSION
from gknb.model.report import STATUS_FAILED
from gknb.transform.report import Report

MEMORY_ENV = variable("parse_memory_mb")
SECONDS_ENV = variable("parse_seconds")
# Modules a worker imports before it says it is ready, so start-up is not charged to a document.
_PRELOAD = ("gknb.transform.parse", "gknb.extract.readers.pdf", "gknb.extract.readers.docx", "gknb.extract.readers.sheet")
_START_SECONDS = 120.0  # a loaded machine can take long to start Python; this is not a document's time

_OK, _MEMORY, _ERROR = "ok", "memory", "error"


@dataclass(frozen=True)
class Budget:
    """What one document may cost: address space of its worker (MiB) and wall-clock seconds."""

    memory_mb: int = Settings.model_fields["parse_memory_mb"].default
    seconds: float = Settings.model_fields["parse_seconds"].default

    @classmethod
    def from_env(cls) -> Budget:
        """The budget the environment sets (``GKNB_PARSE_MEMORY_MB``, ``GKNB_PARSE_SECONDS``, validated there)."""
        current = settings()
        return cls(memory_mb=current.parse_memory_mb, seconds=current.parse_seconds)


def _serve(requests: Connection, answers: Connection, memory_mb: int, seconds: float) -> None:
    """Worker loop: limit the address space, import the readers, then answer requests until EOF.

    Each request also arms an alarm a little past the time budget, whose default action ends the
    process: a worker whose parent died mid-document (kill -9) does not parse on for ever."""
    limit = memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    for name in _PRELOAD:
        importlib.import_module(name)
    answers.send(_OK)
    while True:
        try:
            fn, args, kwargs = requests.recv()
        except EOFError:
            return
        signal.alarm(math.ceil(seconds) + 5)
        try:
            answer: tuple[str, Any] = (_OK, fn(*args, **kwargs))
        except MemoryError:
            answer = (_MEMORY, None)
        except Exception as err:  # the parse functions record bad documents; this is a bug, reported
            answer = (_ERROR, f"{type(err).__name__}: {err}")
        signal.alarm(0)
        try:
            answers.send(answer)
        except MemoryError:
            answers.send((_MEMORY, None))
        if answer[0] == _MEMORY:
            return  # a process that ran out of memory may be in any state: the pool replaces it


class _Worker:
    """One worker process, started as ``python -m gknb.transform.isolate`` and spoken to over two pipes.

    Not multiprocessing's spawn: that re-runs the parent's main script in the child, which breaks
    any script that starts a flow without an ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, budget: Budget) -> None:
        from_parent, to_child = os.pipe()
        from_child, to_parent = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gknb.transform.isolate", str(from_parent), str(to_parent),
             str(budget.memory_mb), str(budget.seconds)],
            pass_fds=(from_parent, to_parent), stdin=subprocess.DEVNULL, env=env,
        )
        os.close(from_parent)
        os.close(to_parent)
        self.requests = Connection(to_child, readable=False)
        self.answers = Connection(from_child, writable=False)
        self.ready = False

    def call(self, request: tuple[Callable[..., Report], tuple[Any, ...], dict[str, Any]], seconds: float) -> tuple[str, Any]:
        """Send one request and wait for its answer: (ok|memory|error|timeout|died, value)."""
        try:
            if not self.ready:
                if not self.answers.poll(_START_SECONDS):
                    return "died", "the parse worker did not start"
                self.answers.recv()
                self.ready = True
            self.requests.send(request)
            if not self.answers.poll(seconds):
                return "timeout", None
            return self.answers.recv()
        except (EOFError, OSError):
            try:
                return "died", self.process.wait(5)
            except subprocess.TimeoutExpired:
                return "died", None

    def stop(self) -> None:
        self.requests.close()
        self.answers.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class ParsePool:
    """Reusable budgeted workers; ``run`` and ``parse`` are safe to call from several threads at once."""

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget or Budget.from_env()
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def run(self, fn: Callable[..., Report], *args: Any, source: str, **kwargs: Any) -> Report:
        """``fn(*args, **kwargs)`` in a worker (``fn`` a module-level parse function, picklable by name);
        a document that breaks the budget becomes a failed Report for ``source``."""
        return self._run(fn, args, kwargs, Report(source=source, parser_version=PARSER_VERSION))

    def parse(self, record: DocumentRecord, **kwargs: Any) -> Report:
        """``transform.parse.parse_record(record, **kwargs)`` in a worker; a document that breaks the
        budget becomes a failed Report that still carries the record's sha256 and size."""
        from gknb.transform.parse import parse_record

        failed = Report(source=record.source, sha256=record.sha256, size=record.size, parser_version=PARSER_VERSION)
        return self._run(parse_record, (record,), kwargs, failed)

    def _run(self, fn: Callable[..., Report], args: tuple[Any, ...], kwargs: dict[str, Any], failed: Report) -> Report:
        with self._lock:
            worker = self._idle.pop() if self._idle else _Worker(self.budget)
        outcome, value = worker.call((fn, args, kwargs), self.budget.seconds)
        if outcome == _OK:
            # A worker that ran OCR holds its models' memory (hundreds of MiB of address space that
            # counts against the budget): it is retired, so the next document starts with the full budget.
            with self._lock:
                if self._closed or getattr(value, "ocr", False):
                    worker.stop()
                else:
                    self._idle.append(worker)
            return value
        worker.stop()
        failed.status, failed.error = STATUS_FAILED, self._reason(outcome, value)
        return failed

    def _reason(self, outcome: str, value: Any) -> str:
        mb, seconds = self.budget.memory_mb, self.budget.seconds
        if outcome == _MEMORY:
            return f"exceeded {mb} MiB while parsing ({MEMORY_ENV})"
        if outcome == "timeout":
            return f"took longer than {seconds:g} s to parse ({SECONDS_ENV})"
        if outcome == _ERROR:
            return f"reader error: {value}"
        if isinstance(value, int) and -value in signal.valid_signals():
            # A native reader that cannot allocate aborts or segfaults rather than raising.
            return f"parse worker killed by {signal.Signals(-value).name}, most likely past {mb} MiB ({MEMORY_ENV})"
        return f"parse worker died ({value}), most likely past {mb} MiB ({MEMORY_ENV})"

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.stop()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_shared: ParsePool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ParsePool:
    """The process-wide pool the flows' parse tasks share, rebuilt when the budget settings change."""
    global _shared
    budget = Budget.from_env()
    with _shared_lock:
        if _shared is None or _shared.budget != budget:
            if _shared is not None:
                _shared.close()
            _shared = ParsePool(budget)
        return _shared


@atexit.register
def _close_shared() -> None:
    if _shared is not None:
        _shared.close()


if __name__ == "__main__":
    _serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False),
        int(sys.argv[3]), float(sys.argv[4]),
    )
