"""A table identity as data: ``sum(left) = sum(right)``, per column or per row of one table.

The forms print totals beside their parts, and three consumers need the same equations: the
checks report where a source does not add up, the matcher lets them choose among readings of
glued digits, and the synthetic generator breaks them on purpose.  Declaring each identity once
(in ``gknb.model.eras`` and ``gknb.model.legacy``) keeps the three from drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PER_COLUMN = "column"  # left/right name rows; the identity holds in every column
PER_ROW = "row"  # left/right name columns; the identity holds in every row


@dataclass(frozen=True)
class Identity:
    """``sum(left) = sum(right)`` over the table ``over`` (a report key: applications,
    review_litigation, legacy_statistics), for each column (``per="column"``: the keys are rows)
    or each row (``per="row"``: the keys are columns).

    ``name`` is the subject of its one result where the table has a single value column (the
    legacy tables); otherwise each column or row key is a subject.  ``required`` are the right-hand
    keys that must be printed for the check to run at all (a legacy table printing two of four
    channels cannot be summed); ``None``: all of them.
    """

    check: str
    over: str
    per: Literal["column", "row"]
    left: tuple[str, ...]
    right: tuple[str, ...]
    name: str = ""
    required: tuple[str, ...] | None = None

    @property
    def needed(self) -> tuple[str, ...]:
        """The right-hand keys without which the identity is skipped."""
        return self.right if self.required is None else self.required

    @property
    def formula(self) -> str:
        return f"{' + '.join(self.left)} = {' + '.join(self.right)}"
