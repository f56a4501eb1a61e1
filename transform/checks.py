"""The report's own arithmetic (report-model.md, "Consistency checks").

A check over a missing or incomplete table is ``skipped``, never passed.  A check that
touches a blank cell reads it as 0 and says so (``blank_as_zero``): blank usually means
zero, but not always, and the reader of the result should know which it was.
The cross-year carry check needs two reports and lives with the warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gknb.model import legacy
from gknb.model import report as model
from gknb.transform.report import CheckResult, Report

Num = int | float | None


@dataclass(frozen=True)
class CheckDecl:
    """A check as a researcher reads it: what it runs over and its formula in report-model keys.

    The data release's DATA.md prints these; a test holds every check name ``run_checks`` and
    the warehouse produce to a declaration here, so the documented formula cannot go missing.
    """

    name: str
    over: str  # what one result row (its ``subject``) is about
    formula: str
    meaning: str


def _sum(keys: Sequence[str]) -> str:
    return " + ".join(keys)


CHECKS: tuple[CheckDecl, ...] = (
    CheckDecl(
        model.CHECK_T3_BALANCE, "each applicant column of Table 3 (subject = column key)",
        "new_received + carried_over = total_processed + carried_forward",
        "本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理",
    ),
    CheckDecl(
        model.CHECK_T3_OUTCOMES_SUM, "each applicant column of Table 3 (subject = column key)",
        f"total_processed = {_sum(model.OUTCOME_ROWS)}; where the table has a single （六）其他处理 row "
        f"(2019 format, some 2021 tables) other_processing stands for "
        f"{_sum([k for k in model.OUTCOME_ROWS if k not in model.OUTCOME_ROWS_SINGLE_OTHER])}",
        "（七）总计 = 各项办理结果之和",
    ),
    CheckDecl(
        model.CHECK_T3_APPLICANT_SUM, "each row of Table 3 (subject = row key)",
        f"total = {_sum(model.APPLICANT_PARTS)}",
        "总计列 = 自然人 + 各类法人或其他组织",
    ),
    CheckDecl(
        model.CHECK_T4_OUTCOME_SUM, "each proceeding of Table 4 (subject = proceeding key)",
        f"total = {_sum(model.OUTCOME_KEYS[:-1])}",
        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ),
    CheckDecl(
        model.CHECK_CROSS_YEAR_CARRY,
        "each applicant column, between the year Y-1 and year Y reports of one canonical agency "
        "(stored on the year-Y report; sql/checks/cross_year_carry.sql)",
        "carried_forward of year Y-1 = carried_over of year Y",
        "上年度结转下年度继续办理 = 本年度上年结转",
    ),
)


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


def legacy_checks(report: Report) -> list[CheckResult]:
    """The identities of a legacy table (model/legacy.py), where its total and its parts are printed.

    A table that prints too few of the parts (two of four channels) is skipped for that identity.
    """
    values = {row["indicator"]: row["value"] for row in report.legacy_statistics or ()
              if row["indicator"] != legacy.LOCAL_KEY}
    results = []
    for identity in legacy.IDENTITIES:
        if identity.total not in values:
            continue
        if not all(part in values for part in identity.required):
            results.append(CheckResult(legacy.CHECK_LEGACY_SUM, identity.name, "skipped", "parts not printed"))
            continue
        parts = [values[p] for p in identity.parts if p in values]
        results.append(_equation(legacy.CHECK_LEGACY_SUM, identity.name, [values[identity.total]], parts))
    return results


def run_checks(report: Report) -> list[CheckResult]:
    if report.format_version in legacy.LEGACY_FORMATS:
        return legacy_checks(report)
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
