"""The plain ``.sql`` files of ``sql/``: the generated schema, the views and the loader's checks.

They stay plain files so a researcher can read them and run them in the DuckDB shell; they
ship inside the package (``gknb.sql``), so an installed wheel reads the same files as a
source checkout, through importlib.resources.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

SQL_DIR: Traversable = files("gknb.sql")
SCHEMA_FILE = SQL_DIR / "schema.sql"
CODES_FILE = SQL_DIR / "codes.sql"  # the codes_* tables, generated from model/codes.py
VIEWS_DIR = SQL_DIR / "views"
CROSS_YEAR_CARRY_FILE = SQL_DIR / "checks" / "cross_year_carry.sql"
PRIMARY_REPORTS_FILE = SQL_DIR / "checks" / "primary_reports.sql"


def read(path: Traversable) -> str:
    return path.read_text(encoding="utf-8")


def view_files() -> list[Traversable]:
    """Every view definition, in a fixed order (each view reads base tables only)."""
    return sorted((p for p in VIEWS_DIR.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
