"""Where a pipeline run keeps its files and how it spreads its work, read once from the environment.

Every flow, the CLI commands and the demo take one ``FlowSettings``: the same code runs on a
laptop (``./data``), in the demo (``./demo-data``) or on a worker whose data dir is a mounted
volume, and only the environment differs.  Paths derive from the data dir unless an env var
names them explicitly, so moving one directory moves the whole pipeline state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from gknb.errors import UsageError

RUNNER_KINDS = ("thread", "process", "dask")


def _env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw) if raw else default


def env_number(name: str, default: float, kind: type[int] | type[float] = float) -> float:
    """A number (``kind=int``: a whole one) from the environment; a malformed one is a usage error naming the variable."""
    raw = os.environ.get(name, "")
    try:
        return kind(raw) if raw else default
    except ValueError as exc:
        what = "a whole number" if kind is int else "a number"
        raise UsageError(f"{name} must be {what}, got {raw!r}") from exc


@dataclass(frozen=True)
class FlowSettings:
    data_dir: Path
    db_path: Path  # the DuckDB warehouse (GKNB_DB, shared with ``gknb ingest/query/export``)
    archive_dir: Path  # content-addressed bodies fetched by the crawler
    fetch_log: Path  # the crawler's append-only fetch log (DuckDB)
    export_dir: Path  # parquet + datapackage.json + DATA_DICTIONARY.md
    reports_dir: Path  # run-<timestamp>.md and latest.md
    sources_file: Path | None  # None: the sources shipped with the package
    # Parsing is CPU-bound pure Python: processes (or Dask workers) scale it past one core; threads
    # suit the I/O-bound crawl and small batches (no process start-up, no pickling).
    runner: str = "thread"
    workers: int = 4
    parse_batch: int = 25  # documents per parse task: task overhead amortised, work still spread
    dask_address: str | None = None  # GKNB_DASK_ADDRESS: a running Dask scheduler (tcp://host:8786)

    def __post_init__(self) -> None:
        if self.runner not in RUNNER_KINDS:
            raise UsageError(f"GKNB_TASK_RUNNER must be one of {', '.join(RUNNER_KINDS)}, got {self.runner!r}")
        if self.workers < 1 or self.parse_batch < 1:
            raise UsageError("GKNB_WORKERS and GKNB_PARSE_BATCH must be positive")

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, **overrides: object) -> "FlowSettings":
        """Settings from ``GKNB_*`` variables; ``data_dir`` (then ``GKNB_DATA_DIR``, then ./data) anchors the paths."""
        root = Path(data_dir) if data_dir is not None else _env_path("GKNB_DATA_DIR", Path("data"))
        sources = os.environ.get("GKNB_SOURCES")
        settings = cls(
            data_dir=root,
            db_path=_env_path("GKNB_DB", root / "gknb.duckdb") if data_dir is None else root / "gknb.duckdb",
            archive_dir=_env_path("GKNB_ARCHIVE", root / "archive") if data_dir is None else root / "archive",
            fetch_log=_env_path("GKNB_FETCHLOG", root / "fetchlog.duckdb") if data_dir is None else root / "fetchlog.duckdb",
            export_dir=_env_path("GKNB_EXPORT_DIR", root / "export") if data_dir is None else root / "export",
            reports_dir=root / "reports",
            sources_file=Path(sources) if sources else None,
            runner=os.environ.get("GKNB_TASK_RUNNER", "thread"),
            workers=env_number("GKNB_WORKERS", min(4, os.cpu_count() or 1), int),
            parse_batch=env_number("GKNB_PARSE_BATCH", 25, int),
            dask_address=os.environ.get("GKNB_DASK_ADDRESS") or None,
        )
        return replace(settings, **overrides) if overrides else settings

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.archive_dir, self.export_dir, self.reports_dir, self.db_path.parent):
            path.mkdir(parents=True, exist_ok=True)
