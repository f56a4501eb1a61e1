"""The report's own arithmetic (report-model.md, "Consistency checks"): the identities its form
declares (gknb.model.eras, gknb.model.legacy), evaluated on the tables read.

A check over a missing or incomplete table is ``skipped``, never passed.  A check that
touches a blank cell reads it as 0 and says so (``blank_as_zero``): blank usually means
zero, but not always, and the reader of the result should know which it was.
The cross-year carry check needs two reports and lives with the warehouse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gknb.model import eras, legacy
from gknb.model.identity import PER_COLUMN, Identity
from gknb.transform.report import CheckResult, Report, Table

Num = int | float | None


def _fmt(x: Num) -> str:
    if x is None:
        return "blank"
    if type(x) is float and x.is_integer():
        return str(int(x))
    return str(x)


def _equation(check: str, subject: str, left: Sequence[Num], right: Sequence[Num]) -> CheckResult:
    blank = None in left or None in right
    if blank:
        lsum = sum(0 if x is None else x for x in left)
        rsum = sum(0 if x is None else x for x in right)
    else:
        lsum, rsum = sum(left), sum(right)  # type: ignore[arg-type]
    ok = lsum == rsum
    fmt = _fmt if blank or type(lsum) is not int or type(rsum) is not int else str  # all counts: plain str
    detail = f"{' + '.join(map(fmt, left))} {'=' if ok else '!='} {' + '.join(map(fmt, right))}"
    return CheckResult(check, subject, "pass" if ok else "fail", detail, blank, tuple(left), tuple(right))


def evaluate(identity: Identity, subject: str, values: Mapping[str, Num]) -> CheckResult | None:
    """The identity over one column or row (``values``: key -> number, a key absent where it was not
    printed).  None where a left-hand term is not printed (nothing to check); skipped where a
    needed right-hand term is not; right-hand terms not printed are left out of the sum."""
    if not all(k in values for k in identity.left):
        return None
    if not all(k in values for k in identity.needed):
        return CheckResult(identity.check, subject, "skipped", "parts not printed")
    return _equation(identity.check, subject, [values[k] for k in identity.left],
                     [values[k] for k in identity.right if k in values])


def _over_table(identity: Identity, table: Table, columns: Sequence[str]) -> list[CheckResult]:
    """One result per column (the keys are rows) or per row (the keys are columns), in table order."""
    if identity.per == PER_COLUMN:
        results = [evaluate(identity, c, {row: cells[c] for row, cells in table.items()}) for c in columns]
    else:
        results = [evaluate(identity, row, cells) for row, cells in table.items()]
    return [r for r in results if r is not None]


def legacy_checks(report: Report) -> list[CheckResult]:
    """The identities of a legacy table (model/legacy.py), where its total and its parts are printed.

    A table that prints too few of the parts (two of four channels) is skipped for that identity.
    """
    values = {row["indicator"]: row["value"] for row in report.legacy_statistics or ()
              if row["indicator"] != legacy.LOCAL_KEY}
    return [r for i in legacy.IDENTITIES if (r := evaluate(i, i.name, values)) is not None]


def run_checks(report: Report) -> list[CheckResult]:
    """Every identity of the report's form, in declaration order.  The form's Table 3 is told by the
    rows read (a 2019 Table 2 may stand above either （六） layout); without Table 3 the subjects of
    its skipped checks are the latest form's."""
    if report.format_version in legacy.LEGACY_FORMATS:
        return legacy_checks(report)
    t3 = report.applications
    era = eras.era_of_rows(None if t3 is None else t3.keys())
    results: list[CheckResult] = []
    for identity in era.identities:
        spec = era.table(identity.over)
        table: Table | None = getattr(report, identity.over)
        if table is None:
            subjects = spec.column_keys if identity.per == PER_COLUMN else tuple(r.key for r in spec.rows)
            why = f"table {spec.number} missing or incomplete"
            results += [CheckResult(identity.check, s, "skipped", why) for s in subjects]
        else:
            results += _over_table(identity, table, spec.column_keys)
    return results
