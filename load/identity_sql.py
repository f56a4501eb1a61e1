"""The declared identities as SQL over the fact tables (PUDL's sum-to-total data tests).

``identity_violations_sql()`` returns one row per report, identity and subject where the warehouse's
facts do not add up, written from the same declarations the parser's checks evaluate
(gknb.model.eras, gknb.model.legacy): the warehouse is tested against the model, not against the
parser's own ``check_results``, so the two agree only when both are right.  Blank is read as 0 and
a part a legacy table does not print is left out, as the checks do.
"""

from __future__ import annotations

from gknb.model import eras, legacy
from gknb.model.identity import PER_COLUMN, Identity
from gknb.model.tables import FACT_LEGACY_STATISTICS
from gknb.transform.facts import SHAPES

# Report key -> (fact table, row-key column, column-key column, value column).
_FACTS = {s.table_key: (s.decl.name, s.row_column, s.col_column, s.value_column) for s in SHAPES}
_FACTS["legacy_statistics"] = (FACT_LEGACY_STATISTICS.name, "indicator", None, "value")


def _list(keys: tuple[str, ...] | set[str]) -> str:
    return ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(keys))


def _sum(keys: tuple[str, ...], key_column: str, value: str) -> str:
    return f"coalesce(sum({value}) FILTER (WHERE {key_column} IN ({_list(keys)})), 0)"


def _printed(keys: tuple[str, ...], key_column: str) -> str:
    return f"count(DISTINCT {key_column}) FILTER (WHERE {key_column} IN ({_list(keys)})) = {len(set(keys))}"


def _table3_forms(identity: Identity) -> list[set[str]]:
    """The Table 3 row sets of the eras that declare this identity (its outcome rows differ by form)."""
    return [{r.key for r in era.table3.rows} for era in eras.ERAS if identity in era.identities]


def _select(identity: Identity) -> str:
    table, row_col, col_col, value = _FACTS[identity.over]
    # per column: the keys are rows, one result per column; per row: the keys are columns.
    key_col, subject = (row_col, col_col) if identity.per == PER_COLUMN else (col_col, row_col)
    if subject is None:  # one value column: the identity's name is the subject
        subject_sql, group = f"'{identity.name}'", "f.report_id"
    else:
        subject_sql, group = f"f.{subject}", f"f.report_id, f.{subject}"
    where = ""
    if identity.over == "applications" and identity.per == PER_COLUMN:
        forms = " OR ".join(f"(count(DISTINCT category) = {len(rows)} AND {_printed(tuple(rows), 'category')})"
                            for rows in _table3_forms(identity))
        where = f"WHERE f.report_id IN (SELECT report_id FROM {table} GROUP BY report_id HAVING {forms})"
    left, right = _sum(identity.left, key_col, value), _sum(identity.right, key_col, value)
    return (
        f"SELECT f.report_id, '{identity.check}' AS check_name, {subject_sql} AS subject, "
        f"{left} AS left_sum, {right} AS right_sum\n"
        f"FROM {table} AS f {where}\n"
        f"GROUP BY {group}\n"
        f"HAVING {_printed(identity.left, key_col)} AND {_printed(identity.needed, key_col)} AND {left} != {right}"
    )


def declared_identities() -> tuple[Identity, ...]:
    """Every identity of every era and of the legacy tables, each once."""
    return eras.IDENTITIES + legacy.IDENTITIES


def identity_violations_sql() -> str:
    """(report_id, check_name, subject, left_sum, right_sum) of every declared identity that fails."""
    return "\nUNION ALL\n".join(_select(i) for i in declared_identities())
