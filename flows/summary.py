"""A night's summary on a terminal, readable at 80 columns (the run report's markdown is for files).

Rendering the run report's markdown on a terminal squeezed its 14-column crawl table into
unreadable slivers; here every table has short columns, the source name never wraps, and
details that do not fit a column (why a source failed, its outcome mix) are lines below.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gknb.flows.run_report import CRAWL_COLUMNS
from gknb.flows.verdict import DEGRADED, FAILED, source_outcome

_COLOURS = {"ok": "green", DEGRADED: "yellow", FAILED: "red", "blocked": "yellow"}


CRAWL_LEGEND = "[bold]crawl[/]: reports found, new, changed, unchanged, blocked, failed; attachments"
HEALTH_LEGEND = "[bold]source health[/]: failing nights in a row, reports found per night (newest first)"


def _compact() -> Table:
    """Legends are printed above the tables: a title would wrap at the (narrow) table's width."""
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))


def crawl_table(crawl: list[dict[str, Any]]) -> Table:
    table = _compact()
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column("outcome", no_wrap=True)
    for name, _ in CRAWL_COLUMNS[1:]:
        table.add_column(name, justify="right", no_wrap=True)
    for row in crawl:
        outcome = source_outcome(row)
        table.add_row(escape(str(row["source"])), f"[{_COLOURS.get(outcome, 'red')}]{outcome}[/]",
                      *(str(row.get(key, "")) for _, key in CRAWL_COLUMNS[1:]))
    return table


def health_table(health: list[dict[str, Any]]) -> Table:
    table = _compact()
    for name in ("source", "tonight", "last success", "failing", "reports/night"):
        table.add_column(name, no_wrap=name != "reports/night", justify="right" if name == "failing" else "left",
                         max_width=18 if name == "source" else None, overflow="ellipsis")
    for row in health:
        table.add_row(escape(row["source"]), f"[{_COLOURS.get(row['tonight'], 'red')}]{row['tonight']}[/]",
                      row["last success"], str(row["failing nights"]), row["reports/night"])
    return table


def _by_code(issues: list[dict[str, Any]]) -> str:
    """A run's new issues (the run report's rows) as one line: how many, the most frequent codes."""
    by_code: Counter[str] = Counter()
    for row in issues:
        by_code[row["code"]] += row["issues"]
    return (f"{sum(by_code.values())} new (" + ", ".join(f"{c} {n}" for c, n in by_code.most_common(5))
            + (", …" if len(by_code) > 5 else "") + ")")


def print_summary(console: Console, result: dict[str, Any], report_path: Path) -> None:
    """The verdict first, then crawl, health, parse/load and warehouse figures, then where the report is."""
    level = result["verdict"]
    console.print(f"[bold {_COLOURS.get(level, 'red')}]verdict: {level}[/]"
                  + "".join(f"\n  - {escape(reason)}" for reason in result["reasons"]))
    if result["crawl"]:
        console.print(CRAWL_LEGEND)
        console.print(crawl_table(result["crawl"]))
        for row in result["crawl"]:
            why = row.get("error") or (row.get("status") if row.get("status") not in (None, "ok") else "") or (
                f"stopped by its {row['stopped'].replace('_', ' ')}" if row.get("stopped") else "")
            if why:
                console.print(f"  [yellow]{escape(row['source'])}[/]: {escape(str(why))}", soft_wrap=False)
    if result.get("health"):
        console.print(HEALTH_LEGEND)
        console.print(health_table(result["health"]))
        for row in result["health"]:
            if row["tonight"] != "ok" and row["outcomes"]:
                console.print(f"  [yellow]{escape(row['source'])}[/] fetches: {escape(row['outcomes'])}")
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(result["by_status"].items())) or "none"
    console.print(f"documents: {result['documents']} in scope, {result['unchanged']} unchanged, "
                  f"{result['parsed']} parsed ({statuses}), {result['loaded']} loaded")
    for label, key in (("crawl issues", "crawl_issues"), ("issues", "issues")):
        if result.get(key):
            console.print(f"{label}: {_by_code(result[key])}")
    console.print("warehouse: " + ", ".join(f"{name} {count}" for name, count in result["totals"].items()))
    console.print(f"exports {'written' if result['exported'] else 'not rewritten'}; "
                  f"{result['failing_checks']} failing checks; run report: {report_path}")
    if result.get("alert_error"):
        console.print(f"[red]alert not delivered:[/] {escape(result['alert_error'])}")
