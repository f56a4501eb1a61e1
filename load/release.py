"""Immutable, citable releases of the warehouse: one new folder per export, never overwritten.

Layout of the export folder::

    export/
      2026-12-03.1/            a release: YYYY-MM-DD (UTC) + sequence of the day
        parquet/<table>.parquet  one file per declared table and per view
        csv/<table>.csv          tool CSV (UTF-8 with BOM), a data package resource
        excel/<table>.csv        Excel CSV (Chinese second header line, ="…" identifiers)
        datapackage.json         Frictionless Data Package (version = the release id)
        DATA.md                  coverage, method, checks with formulas, limitations
        DATA_DICTIONARY.md       every column and code
        CHANGES.md, changes.json change summary against the previous release
        CITATION.cff             how to cite this release
        SHA256SUMS               sha256sum -c compatible digest of every other file
      LATEST                   the latest release's id (a text file: works everywhere)
      latest -> 2026-12-03.1   relative symlink to it (where the file system has symlinks)
      .lock                    held while an export runs

How a release is made: the files are written into a hidden temporary folder inside the export
folder (``.tmp-*``), and only a complete folder is renamed into place, then ``LATEST`` and
``latest`` are replaced atomically.  A failed or killed export leaves the previous release and
the pointers as they were, and no partial file in sight (a killed run's ``.tmp-*`` is removed by
the next export).  One export at a time per export folder (an exclusive ``.lock``).

An unchanged warehouse makes no new release: when every data file of the new export has the
digest of the latest release's, the temporary folder is dropped and the latest release is
returned with a change summary that says nothing changed (``force=True`` cuts a release
anyway; its data files are then byte-identical to the previous release's).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gknb.model.document import sha256_file
from gknb.model.versions import __version__
from gknb.load import export as export_tables
from gknb.load.changes import SUMS_FILE, ChangeSummary, summarize
from gknb.load.data_md import data_md, release_connection
from gknb.load.datapackage import data_sources, datapackage
from gknb.load.export import ExportSummary
from gknb.load.warehouse import Warehouse

LATEST_FILE = "LATEST"
LATEST_LINK = "latest"
TEMP_PREFIX = ".tmp-"
LOCK_FILE = ".lock"
RELEASE_ID = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d+)")


@dataclass
class Release:
    path: Path  # the release folder
    created: bool  # False: the warehouse was unchanged and ``path`` is the existing latest release
    changes: ChangeSummary
    export: ExportSummary

    @property
    def id(self) -> str:
        return self.path.name


def latest(export_dir: Path) -> Path | None:
    """The release ``LATEST`` names, or None before the first release."""
    pointer = Path(export_dir) / LATEST_FILE
    if not pointer.is_file():
        return None
    release = Path(export_dir) / pointer.read_text(encoding="utf-8").strip()
    return release if release.is_dir() else None


def next_release_id(export_dir: Path, now: datetime) -> str:
    day = now.astimezone(timezone.utc).strftime("%Y-%m-%d")
    taken = [int(m.group(2)) for p in export_dir.iterdir() if (m := RELEASE_ID.fullmatch(p.name)) and m.group(1) == day]
    return f"{day}.{max(taken, default=0) + 1}"


def write_sums(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS_FILE)
    lines = [f"{sha256_file(p)}  {p.relative_to(folder).as_posix()}" for p in files]
    (folder / SUMS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def citation_cff(version: str, created: str) -> str:
    return f"""cff-version: 1.2.0
message: "If you use this data, please cite this release and the agencies' reports it was read from."
type: dataset
title: "China government information disclosure annual reports (政府信息公开工作年度报告), data release {version}"
version: "{version}"
date-released: "{created[:10]}"
authors:
  - name: "gknb contributors"
license: CC-BY-4.0
keywords:
  - China
  - government transparency
  - 政府信息公开
abstract: >-
  Tables 2-4 of the annual reports on government information disclosure, read by gknb
  {__version__}, with every number's provenance and the reports' own consistency checks.
"""


def _write_release_files(folder: Path, summary: ExportSummary, changes: ChangeSummary, *,
                         version: str, created: str, previous: str | None, sources_file: Path | None) -> None:
    package = datapackage(summary, version=version, created=created, previous=previous,
                          sources=data_sources(folder / "parquet" / "documents.parquet", sources_file))
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    con = release_connection(folder)
    try:
        (folder / "DATA.md").write_text(data_md(con, summary, version=version, created=created), encoding="utf-8")
    finally:
        con.close()
    (folder / "CHANGES.md").write_text(changes.to_markdown(version), encoding="utf-8")
    (folder / "changes.json").write_text(changes.to_json(), encoding="utf-8")
    (folder / "CITATION.cff").write_text(citation_cff(version, created), encoding="utf-8")
    write_sums(folder)


def _replace_atomically(path: Path, write) -> None:
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    write(tmp)
    os.replace(tmp, path)


def point_latest(export_dir: Path, release_id: str) -> None:
    _replace_atomically(export_dir / LATEST_FILE, lambda p: p.write_text(release_id + "\n", encoding="utf-8"))
    try:
        _replace_atomically(export_dir / LATEST_LINK, lambda p: p.symlink_to(release_id, target_is_directory=True))
    except OSError:  # no symlinks here (some Windows setups): LATEST alone is the pointer
        pass


@contextmanager
def _locked(export_dir: Path) -> Iterator[None]:
    with (export_dir / LOCK_FILE).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_stale_temp(export_dir: Path) -> None:
    for p in export_dir.glob(f"{TEMP_PREFIX}*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def publish(db: str | Path | Warehouse, export_dir: str | Path, *, csv: bool = True, force: bool = False,
            sources_file: Path | None = None, now: datetime | None = None) -> Release:
    """Export the warehouse as a new release under ``export_dir`` (see the module docstring)."""
    export_dir = Path(export_dir)
    export_dir.mkdir(parents=True, exist_ok=True)
    with _locked(export_dir):
        _remove_stale_temp(export_dir)
        previous = latest(export_dir)
        tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=export_dir))
        try:
            summary = export_tables.export(db, tmp, csv=csv)
            write_sums(tmp)  # the data files' digests, to compare with the previous release
            base = [t.name for t in summary.tables if t.relation.kind == "table"]
            changes = summarize(previous.name if previous else None, previous, tmp, base)
            if previous is not None and changes.unchanged and not force:
                shutil.rmtree(tmp)
                summary.out = previous
                return Release(previous, False, changes, summary)
            when = now or datetime.now(timezone.utc)
            version = next_release_id(export_dir, when)
            created = when.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
            _write_release_files(tmp, summary, changes, version=version, created=created,
                                 previous=previous.name if previous else None, sources_file=sources_file)
            os.chmod(tmp, 0o755)  # mkdtemp makes it private; a release is for everyone
            target = export_dir / version
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        point_latest(export_dir, version)
    summary.out = target
    return Release(target, True, changes, summary)
