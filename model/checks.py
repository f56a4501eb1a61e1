"""Every check, declared once: its name, its Chinese label, what it runs over and its formula.

The data release's DATA.md prints these, ``codes_checks`` (model/codes.py) is generated from them,
and a test holds every check name the parser and the warehouse produce to a declaration here, so
a documented formula cannot go missing.  The formulas of the table identities are written from
their declarations (model/eras.py, model/legacy.py), never retyped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gknb.model import legacy
from gknb.model import report as model
from gknb.model.eras import ERA_2021, ERA_2021_SINGLE_OTHER, T4_IDENTITY


@dataclass(frozen=True)
class CheckDecl:
    """A check as a researcher reads it; ``summary`` is its one-line note in ``codes_checks``."""

    name: str
    label_zh: str
    summary: str
    over: str  # what one result row (its ``subject``) is about
    formula: str
    meaning: str


def _sum(keys: Sequence[str]) -> str:
    return " + ".join(keys)


def _identity(check: str) -> str:
    return next(i.formula for i in ERA_2021.identities if i.check == check)


_OTHER_2021 = [k for k in ERA_2021.outcome_rows if k not in ERA_2021_SINGLE_OTHER.outcome_rows]

CHECKS: tuple[CheckDecl, ...] = (
    CheckDecl(
        model.CHECK_T3_BALANCE, "收支平衡", "new_received + carried_over = total_processed + carried_forward",
        "each applicant column of Table 3 (subject = column key)",
        _identity(model.CHECK_T3_BALANCE),
        "本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理",
    ),
    CheckDecl(
        model.CHECK_T3_OUTCOMES_SUM, "办理结果合计", "total_processed = sum of the outcome rows",
        "each applicant column of Table 3 (subject = column key)",
        f"{_identity(model.CHECK_T3_OUTCOMES_SUM)}; where the table has a single （六）其他处理 row "
        f"(2019 format, some 2021 tables) other_processing stands for {_sum(_OTHER_2021)}",
        "（七）总计 = 各项办理结果之和",
    ),
    CheckDecl(
        model.CHECK_T3_APPLICANT_SUM, "申请人合计", "total = sum of the applicant columns",
        "each row of Table 3 (subject = row key)",
        _identity(model.CHECK_T3_APPLICANT_SUM),
        "总计列 = 自然人 + 各类法人或其他组织",
    ),
    CheckDecl(
        model.CHECK_T4_OUTCOME_SUM, "复议诉讼合计", "total = upheld + corrected + other + pending",
        "each proceeding of Table 4 (subject = proceeding key)",
        T4_IDENTITY.formula,
        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ),
    CheckDecl(
        model.CHECK_CROSS_YEAR_CARRY, "跨年度结转", "carried_forward of year Y = carried_over of year Y+1",
        "each applicant column, between the year Y-1 and year Y reports of one canonical agency "
        "(stored on the year-Y report; sql/checks/cross_year_carry.sql)",
        "carried_forward of year Y-1 = carried_over of year Y",
        "上年度结转下年度继续办理 = 本年度上年结转",
    ),
    CheckDecl(
        model.CHECK_AGENCY_IDENTITY, "机关定位", "the printed name placed in a region (fail: no agency_id)",
        "each report whose printed agency name could not be placed (subject = agency; load/identity.py)",
        "agency_id found for the printed agency name (fail: none, the report stays out of the agency views)",
        "报告机关名称可定位到行政区划",
    ),
    CheckDecl(
        legacy.CHECK_LEGACY_SUM, "2008—2018统计表合计", "a legacy identity (model/legacy.py)",
        "each identity of a 2008–2018 statistics table whose total is printed (subject = identity name)",
        legacy.identities_text(),
        "合计 = 各分项之和",
    ),
)
