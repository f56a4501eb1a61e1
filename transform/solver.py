"""Choose the one consistent reading of a row's value cells — or admit there is none.

A row of n cells is read from the value pieces found after its label.  When the pieces
are whole cells and there are exactly n, that is the reading.  When digits are glued
(``4400000044``), a cell is lost, or stray cells crowd in, several readings are possible;
the table's own identities (row total = sum of its parts, Table 4 groups summing to their
total) pick among them.  If more than one reading survives, the row stays unread: the
caller leaves its cells null and says why.  Nothing here invents a value that no identity
forces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from gknb.model.issues import (ROW_CELLS_INFERRED, ROW_CELLS_UNDECIDED, ROW_GLUED_INFERRED, ROW_GLUED_UNDECIDED, Issue,
                               IssueCode)
from gknb.transform.numbers import Number

Value = int | float | None
Reading = tuple[Value, ...]
# Called with a reading's first k values at each group boundary k; False prunes it.
PrefixCheck = Callable[[Reading], bool]

MAX_PART_DIGITS = 7
MAX_READINGS = 4096


class Piece(Protocol):
    """One value piece of a row: a whole number, a blank cell, or a glued digit run.
    The matcher's tokens are pieces themselves (no copy per row read)."""

    @property
    def kind(self) -> str: ...  # number | blank | glued

    @property
    def text(self) -> str: ...

    @property
    def number(self) -> Number | None: ...


@dataclass(frozen=True, slots=True)
class Item:
    """A piece the solver makes itself (a printed number re-read as a glued run)."""

    kind: str
    text: str
    number: Number | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row has no single reading, or how its reading was inferred: the issue code and the sentence."""

    code: IssueCode
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class RowRead:
    values: Reading | None  # None: no unique reading
    raws: tuple[str | None, ...] | None = None  # text of each cell as printed (None for blank/inferred)
    inferred: bool = False  # identities were needed to choose the reading
    problem: Problem | None = None  # why values is None, or what was inferred

    def issue(self, where: str, subject: str) -> Issue:
        """The row's problem as an issue whose detail reads ``subject: problem``."""
        assert self.problem is not None, "a row read directly has no problem to report"
        return self.problem.code(where, f"{subject}: {self.problem}")


@lru_cache(maxsize=16384)
def _splits(digits: str, k: int) -> tuple[tuple[str, ...], ...]:
    """All ways to cut a digit run into k numbers with no leading zeros (cached: the
    recursion meets the same tails again and again)."""
    if k == 1:
        if len(digits) > MAX_PART_DIGITS or (len(digits) > 1 and digits[0] == "0"):
            return ()
        return ((digits,),)
    out: list[tuple[str, ...]] = []
    first_max = 1 if digits[0] == "0" else min(MAX_PART_DIGITS, len(digits) - (k - 1))
    for i in range(1, first_max + 1):
        for rest in _splits(digits[i:], k - 1):
            out.append((digits[:i], *rest))
            if len(out) > MAX_READINGS:
                return tuple(out)
    return tuple(out)


def _value(item: Piece) -> Value:
    if item.kind == "blank":
        return None
    assert item.number is not None
    return item.number.value


def enumerate_readings(
    items: Sequence[Piece], n: int, boundaries: Sequence[int] = (), check: PrefixCheck | None = None
) -> list[tuple[Reading, tuple[str | None, ...]]]:
    """Every way the items fill exactly n cells (glued runs may fill several), pruned by ``check``."""
    results: list[tuple[Reading, tuple[str | None, ...]]] = []
    bset = set(boundaries)

    def rec(i: int, vals: list[Value], raws: list[str | None]) -> None:
        if len(results) > MAX_READINGS:
            return
        if i == len(items):
            if len(vals) == n:
                results.append((tuple(vals), tuple(raws)))
            return
        remaining_items = len(items) - i - 1
        item = items[i]
        if item.kind != "glued":
            if len(vals) >= n:
                return
            _push(rec, i, vals, raws, [_value(item)], [item.text if item.kind != "blank" else None])
            return
        max_k = n - len(vals) - remaining_items
        sign = item.text[:1] if item.text[:1] in "+-" else ""
        digits = item.text[len(sign) :]
        for k in range(1, max(0, min(max_k, len(digits))) + 1):
            for parts in _splits(digits, k):
                signed = (sign + parts[0], *parts[1:])  # the sign is the first number's
                _push(rec, i, vals, raws, [int(p) for p in signed], list(signed))

    def _push(recur, i, vals, raws, new_vals, new_raws) -> None:  # type: ignore[no-untyped-def]
        start = len(vals)
        vals.extend(new_vals)
        raws.extend(new_raws)
        ok = True
        if check is not None:
            for b in bset:
                if start < b <= len(vals) and not check(tuple(vals[:b])):
                    ok = False
                    break
        if ok:
            recur(i + 1, vals, raws)
        del vals[start:]
        del raws[start:]

    rec(0, [], [])
    return results


def _strip_edge_blanks(items: list[Piece], n: int) -> list[Piece]:
    """Drop blank cells at the edges of a run that is too long (label-column artefacts)."""
    while len(items) > n and items and items[-1].kind == "blank":
        items = items[:-1]
    while len(items) > n and items and items[0].kind == "blank":
        items = items[1:]
    return items


def solve_row(
    items: Sequence[Piece],
    n: int,
    *,
    identity: Callable[[Reading], bool] | None = None,
    boundaries: Sequence[int] = (),
    closed: bool = True,
    zero_fill: bool = True,
) -> tuple[RowRead, list[tuple[Reading, tuple[str | None, ...]]]]:
    """Read a row of n cells.  Returns the read and, when ambiguous, the surviving candidates
    (so that a caller can use identities across rows to decide).  ``zero_fill=False`` where the
    layout drops blank cells: the lost cell can only have been a blank, so it is null (never 0)
    and only the positions where the identity holds without it are readings."""
    items = list(items)
    has_glued = any(it.kind == "glued" for it in items)
    if not has_glued:
        items = _strip_edge_blanks(items, n)
        if len(items) == n:
            return RowRead(tuple(_value(i) for i in items), tuple(i.text if i.kind != "blank" else None for i in items)), []
        if len(items) > n:
            return _choose_window(items, n, identity, boundaries)
        if len(items) == n - 1 and identity is not None and closed and items:
            read, cands = _fill_lost_cell(items, n, identity, zero_fill)
            if read.values is not None:
                return read, cands
        regrouped = [Item("glued", i.text) if _may_be_glued(i) else i for i in items]
        if closed and identity is not None and zero_fill and regrouped != items:
            # Only an identity may confirm that a printed number was really several cells.
            # Too few cells, but some "numbers" could be several cells run together.  Not where
            # blank cells vanish: there a short row is as well explained by blanks, and a row that
            # does not add up with them would be "repaired" by cutting its total.
            read, cands = solve_row(regrouped, n, identity=identity, boundaries=boundaries, closed=closed, zero_fill=zero_fill)
            if read.values is not None or cands:
                return read, cands
        return RowRead(None, problem=Problem(ROW_CELLS_UNDECIDED, f"{len(items)} cells for {n}")), []

    def full_check(prefix: Reading) -> bool:
        return identity(prefix) if (identity is not None and len(prefix) == n) else True

    cands = enumerate_readings(items, n, tuple(boundaries) + (n,), _combine(full_check, identity, boundaries))
    cands = _distinct(cands)
    if len(cands) == 1 and not zero_fill and not boundaries and _reads_with_blanks(items, n, identity):
        # Where blank cells vanish, the digits may also be fewer cells and blanks ("551": 5, 5, 1 or
        # 55, 1 and a blank), under the identity too: forced only when they cannot.
        return RowRead(None, problem=Problem(ROW_GLUED_UNDECIDED, f"glued digits {' '.join(i.text for i in items)} also read as fewer cells and blanks")), []
    if len(cands) == 1:
        vals, raws = cands[0]
        glued = " ".join(i.text for i in items if i.kind == "glued")
        return RowRead(vals, raws, inferred=True, problem=Problem(ROW_GLUED_INFERRED, f"glued digits {glued} have one consistent reading")), []
    if not cands:
        return RowRead(None, problem=Problem(ROW_GLUED_UNDECIDED, f"glued digits {' '.join(i.text for i in items)} fit no consistent reading of {n} cells")), []
    return RowRead(None, problem=Problem(ROW_GLUED_UNDECIDED, f"glued digits {' '.join(i.text for i in items)} have {len(cands)} readings")), cands


def _reads_with_blanks(items: Sequence[Piece], n: int, identity: Callable[[Reading], bool] | None) -> bool:
    """Do the items also fill n-1 or n-2 cells, the rest blank, with the identity holding (a blank
    read as 0 leaves a sum row's identity as it is)?"""
    for m in range(n - 1, max(0, n - 3), -1):
        check = (lambda r, m=m: len(r) < m or identity(r)) if identity is not None else None
        if enumerate_readings(items, m, (m,), check):
            return True
    return False


def _may_be_glued(item: Piece) -> bool:
    return item.kind == "number" and item.text.isdigit() and len(item.text) > 1


def _combine(full_check: PrefixCheck, identity, boundaries) -> PrefixCheck:  # type: ignore[no-untyped-def]
    """Prefix check: the identity at the end, and group identities at inner boundaries."""
    inner = set(boundaries)

    def check(prefix: Reading) -> bool:
        if len(prefix) in inner and identity is not None:
            return identity(prefix)
        return full_check(prefix)

    return check


def _distinct(cands: list[tuple[Reading, tuple[str | None, ...]]]) -> list[tuple[Reading, tuple[str | None, ...]]]:
    seen: dict[Reading, tuple[str | None, ...]] = {}
    for vals, raws in cands:
        seen.setdefault(vals, raws)
    return list(seen.items())


def _choose_window(items, n, identity, boundaries):  # type: ignore[no-untyped-def]
    windows = []
    for s in range(len(items) - n + 1):
        w = items[s : s + n]
        windows.append((tuple(_value(i) for i in w), tuple(i.text if i.kind != "blank" else None for i in w)))
    distinct = _distinct(windows)
    if len(distinct) > 1 and identity is not None:
        distinct = [c for c in distinct if identity(c[0])]
    if len(distinct) == 1:
        vals, raws = distinct[0]
        return RowRead(vals, raws, inferred=True, problem=Problem(ROW_CELLS_INFERRED, f"{len(items)} cells for {n}; one consistent reading")), []
    return RowRead(None, problem=Problem(ROW_CELLS_UNDECIDED, f"{len(items)} cells for {n}; {len(distinct)} readings")), distinct


def _fill_lost_cell(items, n, identity, zero_fill):  # type: ignore[no-untyped-def]
    """One cell missing: each position it could have held, with the value the identity forces."""
    known = [_value(i) for i in items]
    raws_known = [i.text if i.kind != "blank" else None for i in items]
    cands = []
    for pos in range(n):
        vals = known[:pos] + [0] + known[pos:]
        raws = raws_known[:pos] + [None] + raws_known[pos:]
        forced = _forced_value(vals, pos, identity)
        if forced is None or (forced and not zero_fill):
            continue  # where only blank cells vanish, the lost cell is a blank: the identity must hold without it
        vals[pos] = forced if zero_fill else None
        cands.append((tuple(vals), tuple(raws)))
    distinct = _distinct(cands)
    if len(distinct) == 1:
        vals, raws = distinct[0]
        return RowRead(vals, raws, inferred=True, problem=Problem(ROW_CELLS_INFERRED, f"{n - 1} cells for {n}; the lost cell is fixed by the row's identity")), []
    return RowRead(None, problem=Problem(ROW_CELLS_UNDECIDED, f"{n - 1} cells for {n}; {len(distinct)} readings")), distinct


def _forced_value(vals: list[Value], pos: int, identity: Callable[[Reading], bool]) -> int | None:
    """The non-negative value at ``pos`` that makes the identity hold, if the row is a sum row."""
    # Identities here are all "last = sum(others)" per group; solve by trying the two
    # linear forms directly rather than searching.
    n = len(vals)
    as_zero = [0 if v is None else v for v in vals]
    if pos == n - 1:
        candidate = sum(as_zero[:-1])
    else:
        candidate = as_zero[-1] - (sum(as_zero[:-1]) - as_zero[pos])
    if not isinstance(candidate, int) or candidate < 0:
        return None
    trial = list(vals)
    trial[pos] = candidate
    return candidate if identity(tuple(trial)) else None
