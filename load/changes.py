"""What changed between two releases: rows per table and year, reports added, changed, withdrawn.

Computed from the two release folders' parquet files only (never from the warehouse), so the
summary describes exactly the files a reader downloads.  A report is

- *added* when its ``report_id`` is in the new release's reports and not in the previous one,
- *withdrawn* in the opposite case (its rows are gone from every table),
- *changed* when any of its rows differ, in any exported base table keyed by ``report_id``
  (a new document version, a re-parse by a new parser version, a check result that moved).

A release is *unchanged* against the previous one when every content file (parquet, CSV,
DATA_DICTIONARY.md) has the same SHA-256; the files that name the release itself
(``RELEASE_FILES``) are left out of that comparison.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

SUMS_FILE = "SHA256SUMS"
# Files that name their own release (version, date, previous release): never compared.
RELEASE_FILES = frozenset({"datapackage.json", "DATA.md", "CHANGES.md", "changes.json", "CITATION.cff", SUMS_FILE})


@dataclass(frozen=True)
class RowCount:
    table: str
    year: int | None  # None: the table has no year column, or rows without a year
    previous: int
    current: int


@dataclass
class ChangeSummary:
    previous: str | None  # release id compared against; None for a first release
    rows: list[RowCount] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    files_changed: list[str] = field(default_factory=list)  # content files added, removed or rewritten

    @property
    def unchanged(self) -> bool:
        return self.previous is not None and not self.files_changed

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "unchanged": self.unchanged}, ensure_ascii=False, indent=2) + "\n"

    def headline(self) -> str:
        if self.previous is None:
            return "First release: every row and report is new."
        if self.unchanged:
            return f"No change against release {self.previous}: every data file is byte-identical."
        return (f"Against release {self.previous}: {len(self.added)} reports added, {len(self.changed)} changed, "
                f"{len(self.withdrawn)} withdrawn; {len(self.files_changed)} data files differ.")

    def to_markdown(self, release: str) -> str:
        out = [f"# Changes in release {release}", "", self.headline(), ""]
        for title, ids in (("added", self.added), ("changed", self.changed), ("withdrawn", self.withdrawn)):
            if ids and self.previous is not None:
                out += [f"## Reports {title} ({len(ids)})", "", ", ".join(f"`{i}`" for i in ids), ""]
        out += ["## Rows per table and year", "", "| table | year | previous | this release | change |", "|---|---|---|---|---|"]
        out += [f"| `{r.table}` | {'—' if r.year is None else r.year} | {r.previous:,} | {r.current:,} | "
                f"{r.current - r.previous:+,} |" for r in self.rows]
        return "\n".join(out) + "\n"


def read_sums(release: Path) -> dict[str, str]:
    """``SHA256SUMS`` as {path: digest}."""
    sums = {}
    for line in (release / SUMS_FILE).read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        sums[path] = digest
    return sums


def content_sums(sums: dict[str, str]) -> dict[str, str]:
    return {p: d for p, d in sums.items() if p not in RELEASE_FILES}


def _tables(release: Path | None) -> dict[str, Path]:
    if release is None:
        return {}
    return {p.stem: p for p in sorted((release / "parquet").glob("*.parquet"))}


def _columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    return [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]


def _counts(con: duckdb.DuckDBPyConnection, path: Path | None) -> dict[int | None, int]:
    if path is None:
        return {}
    by = "year" if "year" in _columns(con, path) else "NULL"
    return dict(con.execute(f"SELECT {by}, count(*) FROM read_parquet(?) GROUP BY ALL", [str(path)]).fetchall())


def _report_digests(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> dict[str, str]:
    """report_id -> one digest over its rows in every given table (order-independent)."""
    keyed = [p for p in paths if "report_id" in _columns(con, p)]
    if not keyed:
        return {}
    parts = [f"SELECT report_id, {i} AS t, md5(CAST(r AS VARCHAR)) AS h FROM read_parquet(?) AS r" for i in range(len(keyed))]
    sql = f"SELECT report_id, md5(string_agg(t || h, '' ORDER BY t, h)) FROM ({' UNION ALL '.join(parts)}) GROUP BY report_id"
    return dict(con.execute(sql, [str(p) for p in keyed]).fetchall())


def summarize(previous_id: str | None, previous: Path | None, current: Path, base_tables: list[str]) -> ChangeSummary:
    """Compare release folder ``current`` (sums already written) with ``previous`` (None: first release).

    ``base_tables`` are the tables whose rows belong to reports (the declared tables, not the
    views derived from them), by name.
    """
    before, after = _tables(previous), _tables(current)
    con = duckdb.connect()
    try:
        rows = []
        for name in sorted(set(before) | set(after)):
            old, new = _counts(con, before.get(name)), _counts(con, after.get(name))
            for year in sorted(set(old) | set(new), key=lambda y: (y is None, y or 0)):
                rows.append(RowCount(name, year, old.get(year, 0), new.get(year, 0)))
        old_reports = _report_digests(con, [before[n] for n in base_tables if n in before])
        new_reports = _report_digests(con, [after[n] for n in base_tables if n in after])
    finally:
        con.close()
    summary = ChangeSummary(previous_id, rows)
    summary.added = sorted(set(new_reports) - set(old_reports))
    summary.withdrawn = sorted(set(old_reports) - set(new_reports))
    summary.changed = sorted(r for r in set(new_reports) & set(old_reports) if new_reports[r] != old_reports[r])
    if previous is not None:
        a, b = content_sums(read_sums(previous)), content_sums(read_sums(current))
        summary.files_changed = sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))
    return summary
