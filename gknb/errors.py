"""Errors a user can cause or meet, each carrying the one line that tells what to do.

Code anywhere below the CLI raises these (or lets the CLI translate a known library error
into one); ``gknb.cli.main`` prints ``message`` (and ``hint``) on one line each and exits with
``exit_code`` — 2 for a usage mistake, 1 for a failure — with no traceback unless ``--debug``.
"""

from __future__ import annotations


class GknbError(Exception):
    """A failure the user should read as one line: what happened, and what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(GknbError):
    """The command was asked for something it cannot do as written (bad name, missing file)."""

    exit_code = 2


class WarehouseBusy(GknbError):
    """Another process holds the warehouse's write lock (a nightly run, an ingest)."""


class WarehouseUnreadable(GknbError):
    """The warehouse file is missing, corrupt or not a DuckDB database."""
