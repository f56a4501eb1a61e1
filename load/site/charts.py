"""Line charts as plain SVG geometry, computed at build time.

A chart needs no script and no network: the template draws the axes, one path per series
and one ``<circle class="point">`` per number.  A blank (NULL) number is no point and
breaks its line: blank is not 0, and a line drawn through it would say it was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 28
PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    year: int
    value: int
    report_id: str


@dataclass
class Series:
    key: str
    label: str
    color: str
    points: list[Point] = field(default_factory=list)
    path: str = ""  # SVG path data: one "M … L …" run per stretch of consecutive years with numbers

    @property
    def by_year(self) -> dict[int, int]:
        return {p.year: p.value for p in self.points}


@dataclass
class Chart:
    title: str
    table_key: str
    series: list[Series]
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT

    @property
    def points(self) -> int:
        return sum(len(s.points) for s in self.series)


def _nice_max(top: int) -> int:
    """The smallest 1, 2 or 5 × 10^k at or above ``top`` (at least 1), so ticks read as round numbers."""
    if top <= 1:
        return 1
    base = 10 ** math.floor(math.log10(top))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= top)


def line_chart(
    title: str,
    table_key: str,
    years: list[int],
    lines: list[tuple[str, str, dict[int, tuple[int | None, str]]]],
) -> Chart:
    """``lines``: (series key, label, {year: (value or None, report_id)}) in legend order.

    ``years`` is every year on the axis, those without a number included: a missing year
    must break the lines, not be skipped over by them."""
    values = [v for _, _, by_year in lines for v, _ in by_year.values() if v is not None]
    top = _nice_max(max(values, default=0))
    span = max(len(years) - 1, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i: int) -> float:
        return round(LEFT + (plot_w * i / span if len(years) > 1 else plot_w / 2), 1)

    def y_of(v: int) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    series = []
    for n, (key, label, by_year) in enumerate(lines):
        s = Series(key, label, PALETTE[n % len(PALETTE)])
        runs: list[list[Point]] = [[]]
        for i, year in enumerate(years):
            value, report_id = by_year.get(year, (None, ""))
            if value is None:
                runs.append([])
                continue
            point = Point(x_of(i), y_of(value), year, value, report_id)
            s.points.append(point)
            runs[-1].append(point)
        s.path = " ".join(
            "M" + " L".join(f"{p.x},{p.y}" for p in run) for run in runs if len(run) > 1
        )
        series.append(s)
    step = 1 if top <= 5 else top // (4 if str(top)[0] == "2" else 5)  # 5 or 6 round ticks
    y_ticks = [(y_of(v), f"{v:,}") for v in range(0, top + 1, step)]
    return Chart(title, table_key, series, [(x_of(i), y) for i, y in enumerate(years)], y_ticks)
