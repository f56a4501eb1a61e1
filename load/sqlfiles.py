"""The plain ``.sql`` files of ``sql/``: the generated schema, the views and the loader's checks.

They stay plain files so a researcher can read them and run them in the DuckDB shell;
the warehouse reads them from here at connect time.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
SCHEMA_FILE = SQL_DIR / "schema.sql"
VIEWS_DIR = SQL_DIR / "views"
CROSS_YEAR_CARRY_FILE = SQL_DIR / "checks" / "cross_year_carry.sql"
PRIMARY_REPORTS_FILE = SQL_DIR / "checks" / "primary_reports.sql"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def view_files() -> list[Path]:
    """Every view definition, in a fixed order (each view reads base tables only)."""
    return sorted(VIEWS_DIR.glob("*.sql"))
