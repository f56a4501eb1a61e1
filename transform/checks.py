"""The report's own arithmetic (report-model.md, "Consistency checks").

A check over a missing or incomplete table is ``skipped``, never passed.  A check that
touches a blank cell reads it as 0 and says so (``blank_as_zero``): blank usually means
zero, but not always, and the reader of the result should know which it was.
The cross-year carry check needs two reports and lives with the warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence

from gknb.model import report as model
from gknb.transform.report import CheckResult, Report

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
    return CheckResult(check, subject, "pass" if ok else "fail", detail, blank)


def _skipped(check: str, subjects: Sequence[str], why: str) -> list[CheckResult]:
    return [CheckResult(check, s, "skipped", why) for s in subjects]


def run_checks(report: Report) -> list[CheckResult]:
    results: list[CheckResult] = []
    t3 = report.applications
    cols = model.APPLICANT_KEYS
    if t3 is None:
        why = "table 3 missing or incomplete"
        results += _skipped(model.CHECK_T3_BALANCE, cols, why)
        results += _skipped(model.CHECK_T3_OUTCOMES_SUM, cols, why)
        results += _skipped(model.CHECK_T3_APPLICANT_SUM, [r.key for r in model.TABLE3_2021.rows], why)
    else:
        outcome_rows = model.OUTCOME_ROWS_SINGLE_OTHER if "other_processing" in t3 else model.OUTCOME_ROWS
        for c in cols:
            results.append(
                _equation(
                    model.CHECK_T3_BALANCE, c,
                    [t3["new_received"][c], t3["carried_over"][c]],
                    [t3["total_processed"][c], t3["carried_forward"][c]],
                )
            )
        for c in cols:
            results.append(
                _equation(model.CHECK_T3_OUTCOMES_SUM, c, [t3["total_processed"][c]], [t3[r][c] for r in outcome_rows])
            )
        for row, cells in t3.items():
            results.append(
                _equation(model.CHECK_T3_APPLICANT_SUM, row, [cells["total"]], [cells[c] for c in model.APPLICANT_PARTS])
            )
    t4 = report.review_litigation
    if t4 is None:
        results += _skipped(model.CHECK_T4_OUTCOME_SUM, model.PROCEEDING_KEYS, "table 4 missing or incomplete")
    else:
        for p in model.PROCEEDING_KEYS:
            cells = t4[p]
            results.append(
                _equation(model.CHECK_T4_OUTCOME_SUM, p, [cells["total"]], [cells[k] for k in model.OUTCOME_KEYS[:-1]])
            )
    return results
