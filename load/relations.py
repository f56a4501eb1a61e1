"""What a release exports: every declared table and every analysis view, described alike.

The list is generic: the tables are ``gknb.model.tables.TABLES`` and the views are the files of
``sql/views/``, so a table or view added there is exported, described and checked without
touching the export.  Column types are read from the warehouse (``DESCRIBE``) and mapped to
types every reader shares:

- ``DECIMAL`` becomes ``DOUBLE``: pandas would get Python ``Decimal`` objects and R/Excel
  cannot use them; the amounts are printed with at most 4 decimals and 15 significant digits,
  which a DOUBLE holds exactly as printed.  The unit is in the measure's name
  (``fees_10k_yuan`` is 万元, ``procurement_amount_yuan`` is 元; every other measure is a count).
- ``HUGEINT`` (what a SUM over BIGINT gives) becomes ``BIGINT``; a value that does not fit
  fails the export rather than being rounded.
- Nested values (lists, structs, maps) become JSON text, so parquet and CSV hold the same
  value and every tool (Stata, Excel, frictionless) can read the column.

Descriptions come from the declarations; a view column takes the description of the declared
column of the same name, else the report-model label of the Table 3 row it holds, else the
view's own header comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from gknb.load import sqlfiles
from gknb.model.codes import VOCABULARIES, Vocabulary
from gknb.model.tables import AGENCY, REPORT_ID, TABLES, YEAR, TableDecl
from gknb.model import report as model
from gknb.model.eras import all_rows

_FRICTIONLESS = {
    "VARCHAR": "string", "BIGINT": "integer", "INTEGER": "integer", "SMALLINT": "integer", "TINYINT": "integer",
    "UBIGINT": "integer", "UINTEGER": "integer", "USMALLINT": "integer", "UTINYINT": "integer",
    "DOUBLE": "number", "FLOAT": "number", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime",
}
_NESTED = re.compile(r"(.*\[\d*\]|STRUCT\(.*|MAP\(.*|UNION\(.*)")


@dataclass(frozen=True)
class ExportColumn:
    name: str
    warehouse_type: str  # as DESCRIBE reports it in the warehouse
    description: str
    description_zh: str
    nullable: bool = True

    @property
    def is_json(self) -> bool:
        return bool(_NESTED.fullmatch(self.warehouse_type))

    @property
    def type(self) -> str:
        """The DuckDB type every export file holds (see the module docstring)."""
        if self.warehouse_type.startswith("DECIMAL"):
            return "DOUBLE"
        if self.warehouse_type == "HUGEINT":
            return "BIGINT"
        if self.is_json:
            return "VARCHAR"
        return self.warehouse_type

    @property
    def expr(self) -> str:
        """SQL giving the exported value from the warehouse column."""
        quoted = f'"{self.name}"'
        if self.is_json:
            return f"to_json({quoted})::VARCHAR"
        if self.type != self.warehouse_type:
            return f"CAST({quoted} AS {self.type})"
        return quoted

    @property
    def select(self) -> str:
        return f'{self.expr} AS "{self.name}"'

    @property
    def frictionless_type(self) -> str:
        if self.warehouse_type.endswith("]"):
            return "array"
        if self.type not in _FRICTIONLESS:
            raise ValueError(f"column {self.name}: type {self.type} has no export mapping (add it in load/relations.py)")
        return _FRICTIONLESS[self.type]

    @property
    def label_zh(self) -> str:
        """A short Chinese header: the declared Chinese description up to its first clause."""
        return re.split(r"[：；（(，,]", self.description_zh, maxsplit=1)[0].strip() or self.name


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" (model/tables.py) or "view" (sql/views/)
    description: str
    description_zh: str
    columns: tuple[ExportColumn, ...]
    primary_key: tuple[str, ...]  # declared tables only; a view has none
    defined_in: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def has(self, column: str) -> bool:
        return column in self.column_names

    @property
    def order_by(self) -> str:
        """Rows sorted by year first, so each parquet row group covers few years and readers that
        filter on year skip the rest; then by key (views: by every column) for a fixed byte order."""
        rest = ", ".join(f'"{k}"' for k in self.primary_key) if self.primary_key else "ALL"
        if self.has("year") and self.primary_key:
            return f'"year" NULLS LAST, {rest}'
        return rest

    def select_sql(self) -> str:
        return f"SELECT {', '.join(c.select for c in self.columns)} FROM {self.name} ORDER BY {self.order_by}"


def _described(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {name}").fetchall()]


def _declared_columns() -> dict[str, tuple[str, str]]:
    """Every declared column's description by name: the shared fields first (a view's ``agency``
    is the canonical name, as in the fact tables), then the first table declaring the name."""
    out = {c.name: (c.description, c.description_zh) for c in (REPORT_ID, AGENCY, YEAR)}
    for decl in TABLES:
        for c in decl.columns:
            out.setdefault(c.name, (c.description, c.description_zh))
    return out


def _table3_labels() -> dict[str, str]:
    return {r.key: r.label for r in all_rows("applications")}


def view_comment(path_text: str) -> str:
    return " ".join(line.removeprefix("--").strip() for line in path_text.splitlines() if line.startswith("--"))


def _view_column(name: str, type_: str, view: str, declared: dict[str, tuple[str, str]]) -> ExportColumn:
    labels = _table3_labels()
    where = f"sql/views/{view}.sql"
    if name in declared:
        en, zh = declared[name]
    elif name in labels:
        en, zh = f"Table 3 row `{name}`, 总计 (total) column; NULL where blank", f"表三 {labels[name]}（总计列）"
    elif name.startswith("share_"):
        part = name.removeprefix("share_")
        en, zh = f"{part} / total_processed; NULL where total_processed is blank or 0", f"{part} 占（七）总计的比例"
    else:
        en, zh = f"see {where}", ""
    return ExportColumn(name, type_, en, zh)


def table_relation(con: duckdb.DuckDBPyConnection, decl: TableDecl) -> Relation:
    types = dict(_described(con, decl.name))
    columns = tuple(ExportColumn(c.name, types[c.name], c.description, c.description_zh, c.nullable) for c in decl.columns)
    return Relation(decl.name, "table", decl.description, decl.description_zh, columns, decl.primary_key, "model/tables.py")


def view_relation(con: duckdb.DuckDBPyConnection, name: str, sql_text: str) -> Relation:
    declared = _declared_columns()
    columns = tuple(_view_column(n, t, name, declared) for n, t in _described(con, name))
    comment = view_comment(sql_text)
    return Relation(name, "view", comment, f"分析视图，定义见 sql/views/{name}.sql", columns, (), f"sql/views/{name}.sql")


def codes_relation(con: duckdb.DuckDBPyConnection, vocab: Vocabulary) -> Relation:
    types = dict(_described(con, vocab.table))
    used_by = vocab.used_by
    columns = (ExportColumn("code", types["code"], f"The key {used_by} holds", "键", False),
               ExportColumn("label_zh", types["label_zh"], "The official Chinese label", "中文名称", False),
               ExportColumn("note", types["note"], "Group, section or formula", "分组、栏目或公式"))
    return Relation(vocab.table, "table", vocab.description, f"代码表：{used_by}", columns, ("code",), "model/codes.py")


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every declared table, the codes_* tables, then every view, in a fixed order."""
    out = [table_relation(con, decl) for decl in TABLES]
    out += [codes_relation(con, vocab) for vocab in VOCABULARIES]
    out += [view_relation(con, path.stem, sqlfiles.read(path)) for path in sqlfiles.view_files()]
    return out
