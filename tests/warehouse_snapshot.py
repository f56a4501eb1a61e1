"""What two warehouses or two export folders are compared by: rows without write times, file digests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

TABLES = ("documents", "reports", "fact_applications", "fact_active_disclosure",
          "fact_review_litigation", "check_results")


def warehouse_rows(db: Path, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that record when a row was written."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in tables:
            cols = [name for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()
                    if "TIMESTAMP" not in kind.upper() and not name.endswith("_at")]
            out[table] = con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {table} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
