"""Every ``GKNB_*`` setting, declared once: where a run keeps its files, how it spreads its work, its limits.

The same code runs on a laptop (``./data``), in the demo (``./demo-data``) or on a worker whose
data dir is a mounted volume, and only the environment differs.  Paths derive from the data dir
unless a variable names them explicitly, so moving one directory moves the whole pipeline state;
an entry point given a data dir (``--data-dir``, the flows' ``data_dir``) anchors every path
there.  A malformed value is a one-line ``UsageError`` naming the variable, never a traceback
from deep inside a run.  The README's table of variables is generated from these fields
(``python -m gknb.model.settings``) and a test keeps the two equal.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gknb.errors import UsageError

PREFIX = "GKNB_"
RUNNER_KINDS = ("thread", "process", "dask")
# Paths derived from the data dir when their variable is unset: field -> name inside the data dir.
_DERIVED = {"db_path": "gknb.duckdb", "archive_dir": "archive", "fetch_log": "fetchlog.duckdb", "export_dir": "export"}


class Settings(BaseSettings):
    """The environment of a run, read and validated at once."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True,
                                      populate_by_name=True)

    data_dir: Path = Field(Path("data"), description="the directory every path below derives from")
    db_path: Path | None = Field(None, validation_alias="GKNB_DB",
                                 description="the DuckDB warehouse (default: gknb.duckdb in the data dir)")
    archive_dir: Path | None = Field(None, validation_alias="GKNB_ARCHIVE",
                                     description="content-addressed bodies the crawler fetched (default: archive/)")
    fetch_log: Path | None = Field(None, validation_alias="GKNB_FETCHLOG",
                                   description="the crawler's fetch log and source health, DuckDB (default: fetchlog.duckdb)")
    export_dir: Path | None = Field(None, validation_alias="GKNB_EXPORT_DIR",
                                    description="data releases (default: export/ beside the warehouse)")
    sources_file: Path | None = Field(None, validation_alias="GKNB_SOURCES",
                                      description="the sources YAML (default: the sources shipped with gknb)")
    # Parsing is CPU-bound pure Python: processes (or Dask workers) scale it past one core; threads
    # suit small batches (no process start-up, no pickling).
    runner: Literal["thread", "process", "dask"] = Field("thread", validation_alias="GKNB_TASK_RUNNER",
                                                          description="where parse batches run: thread, process or dask")
    workers: int = Field(default_factory=lambda: min(4, os.cpu_count() or 1), ge=1,
                         description="parse workers (default: the cores, at most 4)")
    parse_batch: int = Field(25, ge=1, description="documents per parse task and per load transaction")
    dask_address: str | None = Field(None, description="a running Dask scheduler (tcp://host:8786); unset: a local cluster")
    parse_memory_mb: int = Field(2048, ge=64, description="address space of a parse worker, MiB")
    parse_seconds: float = Field(120.0, gt=0, description="wall-clock seconds one document may take to parse")
    max_document_bytes: int = Field(64 * 1024 * 1024, ge=1, description="documents larger than this are refused")
    max_pdf_pages: int = Field(300, ge=1, description="PDFs with more pages are refused before reading")
    ocr_seconds: float = Field(120.0, ge=0, description="seconds of OCR one document may take")
    busy_wait_seconds: float = Field(10.0, ge=0, description="how long a command waits for another process to let go of the warehouse")
    verdict_failed_source_share: float = Field(0.5, ge=0, le=1, description="share of failing or blocked sources that fails the night")
    verdict_parse_failure_rate: float = Field(0.2, ge=0, le=1, description="share of failed parses that degrades the night")
    prefect_startup_timeout: float = Field(120.0, gt=0, description="seconds the temporary Prefect server gets to start")
    prefect_startup_attempts: int = Field(3, ge=1, description="tries to start the temporary Prefect server")
    alert_url: str | None = Field(None, description="an apprise URL alerted when a night is not ok")
    test_pause_in_load: str | None = Field(None, description="test hook: N:PATH stops the N-th load inside its transaction")

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        for name, inside in _DERIVED.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, self.data_dir / inside)
        return self

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> Settings:
        """The settings of this environment; ``data_dir`` (when given) anchors every path, whatever the variables say."""
        given: dict[str, Any] = {} if data_dir is None else {**dict.fromkeys(_DERIVED), "data_dir": Path(data_dir)}
        try:
            return cls(**given)
        except ValidationError as exc:
            raise UsageError(one_line(exc)) from None

    @property
    def reports_dir(self) -> Path:
        """Run reports (run-<timestamp>.md, latest.md) and the export state."""
        return self.data_dir / "reports"

    @property
    def export_dir_named(self) -> bool:
        """Whether ``GKNB_EXPORT_DIR`` (or the caller) named the export folder rather than the data dir deriving it."""
        return "export_dir" in self.model_fields_set

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.archive_dir, self.export_dir, self.reports_dir, self.db_path.parent):
            path.mkdir(parents=True, exist_ok=True)


def settings() -> Settings:
    """The environment's settings, validated (a malformed variable is a ``UsageError``).

    Built once per distinct set of ``GKNB_*`` values: readers ask for their limits on every
    document, and validating the whole object costs ~4 ms, a tenth of reading a PDF report.
    Keying on the variables keeps a changed environment (a test, an entry point's override) seen.
    """
    return _settings_for(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


@functools.lru_cache(maxsize=8)
def _settings_for(environment: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.load()


def variable(name: str) -> str:
    """The environment variable of a field."""
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else PREFIX + name.upper()


def one_line(exc: ValidationError) -> str:
    """The first problem, said as what the variable must be."""
    err = exc.errors()[0]
    where = str(err["loc"][0]) if err["loc"] else ""
    name = where if where.startswith(PREFIX) else variable(where) if where else "a GKNB_ variable"
    kind, ctx, got = err["type"], err.get("ctx", {}), err.get("input")
    if kind in ("int_parsing", "int_from_float"):
        return f"{name} must be a whole number, got {got!r}"
    if kind == "float_parsing":
        return f"{name} must be a number, got {got!r}"
    if kind == "literal_error":
        return f"{name} must be one of {', '.join(RUNNER_KINDS)}, got {got!r}"
    bounds = {"greater_than_equal": "at least {ge}", "greater_than": "more than {gt}", "less_than_equal": "at most {le}"}
    if kind in bounds:
        return f"{name} must be {bounds[kind].format(**ctx)}, got {got!r}"
    return f"{name}: {err['msg']}, got {got!r}"


def markdown_table() -> str:
    """The README's table of variables."""
    rows = ["| variable | default | what it sets |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = "cores, at most 4"
        elif field.default is None:
            default = ""
        else:
            default = f"`{field.default}`"
        rows.append(f"| `{variable(name)}` | {default} | {field.description} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
