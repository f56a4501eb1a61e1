"""Random report values with the shape, magnitudes and arithmetic of real annual reports.

The parser is judged on documents it has never seen, so its tests render values that are
*known* and check that parsing gives every cell back.  The values must look like real ones
(most cells 0, natural persons dominating, licensing counts in thousands, signed 2019
changes, fees as decimals) because the parser's heuristics — number spellings, identity
checks, the solver for glued digits — are only exercised by realistic numbers.

Every key comes from ``gknb.model.report``; nothing here retypes a row or column key.
"""

from __future__ import annotations

import functools
import random
from typing import Any

from gknb.model import eras
from gknb.model.eras import Era
from gknb.model.identity import PER_ROW, Identity
from gknb.model.report import (
    APPLICANT_KEYS,
    APPLICANT_PARTS,
    FORMAT_2019,
    FORMAT_2021,
    OUTCOME_PARTS,
    OUTCOME_TOTAL,
    OTHER_PROCESSING,
    TABLE4,
    TableSpec,
)
from gknb.transform import report as canonical
from gknb.transform.checks import run_checks

Report = dict[str, Any]
Table = dict[str, dict[str, Any]]

PLACES_CITY = ("杭州市", "鹤岗市", "哈尔滨市", "重庆市", "淮安市", "潍坊市", "绍兴市", "西安市", "咸阳市", "襄阳市")
PLACES_DISTRICT = (
    "阿城区", "九龙坡区", "洪泽区", "西湖区", "拱墅区", "汉阳区", "石景山区", "密云区", "鄠邑区", "越城区",
)
PLACES_COUNTY = ("昌乐县", "靖远县", "泾阳县", "平遥县", "德清县", "宁乡县", "沛县", "桐庐县")
TOWNS = ("下各镇", "大芦镇", "横山镇", "宝都镇", "城关镇", "白沙镇", "新塘镇")
STREETS = ("北山街道", "东湖街道", "龙泉街道", "青石街道", "宝都街道", "南苑街道")
DEPARTMENTS = (
    "卫生健康局", "卫生健康委员会", "财政局", "教育局", "民政局", "人力资源和社会保障局", "自然资源和规划局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "市场监督管理局", "司法局", "医疗保障局", "统计局",
)

# Where applications end up, by weight: most are granted, not held or petitions in disguise.
_OUTCOME_WEIGHTS = {
    "granted": 40, "partially_granted": 8, "unable_not_held": 25, "not_processed_petition": 5,
    "denied_third_party_rights": 3, "denied_process_information": 3, "denied_law_enforcement_files": 2,
    "denied_administrative_inquiry": 2, "denied_internal_affairs": 1, "denied_state_secret": 1,
    "denied_security_stability": 1,
    "denied_prohibited_by_law": 1, "unable_needs_creation": 3, "unable_still_unclear": 2,
    "not_processed_repeated": 3, "not_processed_publication": 1, "not_processed_mass_repeated": 1,
    "not_processed_confirm_or_reissue": 1, "other_no_correction": 3, "other_unpaid_fee": 1, "other_other": 3,
    "other_processing": 7,
}
_UNWEIGHED_OUTCOME = 1  # an outcome row of a form declared after these weights: as rare as the rarest


def random_agency(rng: random.Random) -> str:
    """An agency name of the kinds that publish reports: governments, departments, towns, streets."""
    kind = rng.choice(("department", "department", "government", "town", "street"))
    county = rng.choice(PLACES_DISTRICT + PLACES_COUNTY)
    if kind == "government":
        return rng.choice((county, rng.choice(PLACES_CITY))) + "人民政府"
    if kind == "town":
        return county + rng.choice(TOWNS) + "人民政府"
    if kind == "street":
        return county + rng.choice(STREETS) + "办事处"
    place = rng.choice((county, rng.choice(PLACES_CITY), rng.choice(PLACES_CITY) + county))
    return place + rng.choice(DEPARTMENTS)


def random_report(
    rng: random.Random,
    *,
    fmt: str = FORMAT_2021,
    single_other_row: bool = False,
    consistent: bool = True,
    blank_rate: float = 0.0,
    agency: str | None = None,
    year: int | None = None,
    era: Era | None = None,
) -> Report:
    """A canonical report dict (report-model.md) with realistic values.

    ``consistent=False`` breaks one to three of the report's identities by mistyping a
    total, as real reports do.  ``blank_rate`` blanks that share of all cells (None); it
    blanks zero cells first because in real reports an empty cell is an unfilled zero, so
    the identities still hold when blanks are read as 0.  ``era`` (gknb.model.eras) gives the
    form's tables directly, in place of ``fmt`` and ``single_other_row``.
    """
    if era is None:
        forms = [e for e in eras.ERAS if e.format_version == fmt]
        if not forms:
            raise ValueError(f"unknown format {fmt!r}")
        # A form with a single （六） row where asked (the 2019 form has only that one).
        era = next((e for e in forms if (OTHER_PROCESSING.key in e.outcome_rows) == single_other_row), forms[0])
    if year is None:
        year = rng.randint(2019, 2020) if era.format_version == FORMAT_2019 else rng.randint(2021, 2024)
    report: Report = {
        "agency": agency or random_agency(rng),
        "year": year,
        "format_version": era.format_version,
        "active_disclosure": _table2(rng, era.table2),
        "applications": _table3(rng, era.table3, era.outcome_rows),
        "review_litigation": _table4(rng),
    }
    if not consistent:
        _break_identities(rng, report, era)
    if blank_rate > 0:
        _blank_cells(rng, report, blank_rate)
    return report


# --- Table 2 ------------------------------------------------------------------------------


def _mostly_zero(rng: random.Random, p_zero: float, low: int, high: int) -> int:
    return 0 if rng.random() < p_zero else rng.randint(low, high)


def _fees(rng: random.Random) -> float | int:
    """Fees in 10k yuan: mostly 0, else a two-decimal amount like 7730.28."""
    if rng.random() < 0.6:
        return 0
    return round(rng.randint(1, 999_999) / 100, 2)


def _signed_change(rng: random.Random, base: int) -> int:
    """A 2019-format 本年增/减: a signed change no larger than the item count allows."""
    return 0 if rng.random() < 0.4 else rng.randint(-min(base, 60), max(5, base // 2))


def _table2(rng: random.Random, spec: TableSpec) -> Table:
    values: dict[str, int | float] = {}
    table: Table = {}
    for row in spec.rows:
        cells: dict[str, int | float] = {}
        for measure in row.measures:
            cells[measure] = _table2_value(rng, row.key, measure, values)
        table[row.key] = cells
    return table


def _table2_value(rng: random.Random, row: str, measure: str, seen: dict[str, int | float]) -> int | float:
    if measure == "fees_10k_yuan":
        return _fees(rng)
    if row == "rules":  # counties and departments make no rules
        return _mostly_zero(rng, 0.85, 1, 5)
    if measure in ("issued", "newly_made", "newly_published", "repealed"):
        return _mostly_zero(rng, 0.4, 1, 12)
    if measure in ("in_force", "total_published"):
        return rng.randint(0, 80)
    if measure == "previous_year_items":
        seen[row] = rng.randint(0, 120) if row != "administrative_fees" else _mostly_zero(rng, 0.5, 1, 15)
        return seen[row]
    if measure == "change":
        return _signed_change(rng, int(seen.get(row, 0)))
    if measure == "decisions":
        scale = {"administrative_licensing": 9000, "other_external_services": 800,
                 "administrative_punishment": 500, "administrative_coercion": 30}[row]
        return _mostly_zero(rng, 0.3, 1, rng.choice((scale // 20 or 1, scale)))
    if measure == "procurement_items":
        return _mostly_zero(rng, 0.3, 1, 60)
    if measure == "procurement_amount_yuan":
        if rng.random() < 0.3:
            return 0
        amount = rng.randint(10_000, 90_000_000)
        return amount if rng.random() < 0.6 else round(amount + rng.randint(1, 99) / 100, 2)
    raise KeyError(f"{row}/{measure}")


# --- Table 3 ------------------------------------------------------------------------------


def _table3(rng: random.Random, spec: TableSpec, outcome_rows: tuple[str, ...]) -> Table:
    """Per applicant column: new + carried = processed + carried forward, outcomes sum to processed."""
    scale = rng.choice((0, 3, 12, 40, 150, 400))
    table: Table = {r.key: {} for r in spec.rows}
    for col in APPLICANT_PARTS:
        if col == "natural_person":
            new = rng.randint(0, scale)
            carried = _mostly_zero(rng, 0.6, 1, max(1, scale // 10))
        else:
            new = _mostly_zero(rng, 0.75, 1, max(1, scale // 8))
            carried = _mostly_zero(rng, 0.9, 1, 2)
        available = new + carried
        forward = _mostly_zero(rng, 0.5, 1, max(1, available // 5)) if available else 0
        forward = min(forward, available)
        processed = available - forward
        outcomes = _spread(rng, processed, outcome_rows)
        table["new_received"][col] = new
        table["carried_over"][col] = carried
        for key in outcome_rows:
            table[key][col] = outcomes[key]
        table["total_processed"][col] = processed
        table["carried_forward"][col] = forward
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_PARTS)
    return {row: {c: cells[c] for c in APPLICANT_KEYS} for row, cells in table.items()}


def _spread(rng: random.Random, n: int, rows: tuple[str, ...]) -> dict[str, int]:
    """Deal n applications over the outcome rows, favouring the few common outcomes."""
    counts = dict.fromkeys(rows, 0)
    if n == 0:
        return counts
    # A report uses only a handful of outcome rows; pick them first, then deal.
    weight = {r: _OUTCOME_WEIGHTS.get(r, _UNWEIGHED_OUTCOME) for r in rows}
    used = sorted(set(rng.choices(rows, weights=[weight[r] for r in rows], k=rng.randint(1, 6))))
    weights = [weight[r] for r in used]
    for key in rng.choices(used, weights=weights, k=n):
        counts[key] += 1
    return counts


# --- Table 4 ------------------------------------------------------------------------------


def _table4(rng: random.Random) -> Table:
    table: Table = {}
    for row in TABLE4.rows:
        parts = {k: _mostly_zero(rng, 0.7, 1, 6) for k in OUTCOME_PARTS}
        table[row.key] = {**parts, OUTCOME_TOTAL: sum(parts.values())}
    return table


# --- Inconsistency and blanks ----------------------------------------------------------------


def _break_identities(rng: random.Random, report: Report, era: Era) -> None:
    """Mistype one to three printed totals, each breaking the identity of the form it is the total of."""
    breakers = [functools.partial(_break, rng, report[i.over], i) for i in era.identities]
    for breaker in rng.sample(breakers, k=rng.randint(1, 3)):
        breaker()


def _break(rng: random.Random, table: Table, identity: Identity) -> None:
    """Mistype the identity's total (its one left-hand term; where both sides are sums, as in
    new + carried = processed + carried forward, the last right-hand one) in a random row, or in a
    random part column of the table (a total column would break the row sums too)."""
    total = identity.left[0] if len(identity.left) == 1 else identity.right[-1]
    if identity.per == PER_ROW:
        _mistype(rng, table[rng.choice(list(table))], total)
        return
    row_sum = eras.row_identity(identity.over)
    columns = row_sum.right if row_sum is not None else tuple(table[total])
    _mistype(rng, table[total], rng.choice(columns))


def _mistype(rng: random.Random, cells: dict[str, Any], column: str) -> None:
    """Replace a cell with a plausible wrong count (never negative, never the right one)."""
    right = cells[column]
    wrong = right + rng.choice((1, 2, 10)) if right < 2 or rng.random() < 0.5 else right - rng.randint(1, right)
    cells[column] = wrong


def all_cells(report: Report) -> list[tuple[str, str, str]]:
    """(table, row, column) of every cell of the report's three tables, in document order."""
    return [
        (table, row, col)
        for table in ("active_disclosure", "applications", "review_litigation")
        for row, cells in report[table].items()
        for col in cells
    ]


def _blank_cells(rng: random.Random, report: Report, rate: float) -> None:
    cells = all_cells(report)
    n = round(min(rate, 1.0) * len(cells))
    zeros = [c for c in cells if report[c[0]][c[1]][c[2]] == 0]
    others = [c for c in cells if report[c[0]][c[1]][c[2]] != 0]
    rng.shuffle(zeros)
    rng.shuffle(others)
    for table, row, col in (zeros + others)[:n]:
        report[table][row][col] = None


def broken_identities(report: Report) -> list[str]:
    """The identities of the report's form (gknb.model.eras) that it breaks, blanks read as 0, as
    ``check:subject`` (the parser's own checks, run on the generated values).

    Tests use it to know what a generated report claims about itself: none for a
    consistent one, at least one for an inconsistent one.
    """
    tables = canonical.Report(
        source="", format_version=report["format_version"], active_disclosure=report["active_disclosure"],
        applications=report["applications"], review_litigation=report["review_litigation"],
    )
    return [f"{c.check}:{c.subject}" for c in run_checks(tables) if c.status == "fail"]
