"""``gknb site``: a static site from a warehouse — an overview, a page per agency, a page per report.

The site is plain files: it opens from ``file://`` and from any static host, with no server,
no CDN and no web fonts (Chinese text uses the reader's own fonts).  Charts are SVG drawn at
build time; the search index is a script (``window.GKNB_INDEX``) because browsers refuse to
fetch JSON from ``file://``.  Every string from a document goes through Jinja's autoescape.
Links to source documents are their URLs; links to archived copies are relative paths from
the page to the archive, so a site built beside its data folder keeps working when both move.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import jinja2

from gknb.extract.archive import body_path
from gknb.load.site import data
from gknb.load.site.charts import Chart, line_chart
from gknb.load.site.tables import compared_cells, table3_era, table_views
from gknb.load.warehouse import Warehouse
from gknb.model import report as model
from gknb.model.eras import Era, all_rows

MARKER = ".gknb-site"  # a folder holding this file was built here and may be rebuilt in place
ASSETS = ("site.css", "site.js")
STATUSES = (model.STATUS_PARSED, model.STATUS_PARTIAL, model.STATUS_NOT_REPORT, model.STATUS_NEEDS_OCR,
            model.STATUS_FAILED)
UNKNOWN_REGION = "（未识别地区）"

T3_LABELS = {r.key: r.label for r in all_rows("applications")}  # every form's rows: a chart spans years of both
CHECK_SUBJECT_LABELS = {
    **{c.key: c.label for c in model.APPLICANT_COLUMNS},
    **T3_LABELS,
    **{r.key: r.label for r in model.TABLE4.rows},
}


class NotASiteFolder(ValueError):
    """The output folder holds files this builder did not write: it is never emptied."""


@dataclass(frozen=True)
class SiteSummary:
    out: Path
    pages: int
    agencies: int
    reports: int


def slug(key: object) -> str:
    """A file name for any agency key or region name: short, stable, safe on every static host."""
    return hashlib.sha256(str(key).encode("utf-8")).hexdigest()[:12]


def agency_href(agency: object) -> str:
    """The page of an agency by its key (data.AGENCY)."""
    return f"agency/{slug(agency)}.html"


def report_href(report_id: str) -> str:
    return f"report/{report_id}.html"


def region_anchor(region: str | None) -> str:
    return f"region-{slug(region or UNKNOWN_REGION)}"


class Links:
    """Hrefs from a page in a sub-folder of the site to a document's source and archived copy."""

    def __init__(self, out: Path, archive: Path | None) -> None:
        self.page_dir = out.resolve() / "report"  # agency/ and report/ sit at the same depth
        self.archive = archive.resolve() if archive else None

    def _relative(self, target: Path) -> str:
        return Path(os.path.relpath(target, self.page_dir)).as_posix()

    def source(self, source: str) -> str | None:
        """A URL as it is; a local file by relative path while it exists; else no link."""
        if urlsplit(source).scheme in ("http", "https"):
            return source
        path = Path(source)
        return self._relative(path) if path.is_absolute() and path.is_file() else None

    def archived(self, sha256: str) -> str | None:
        if self.archive is None:
            return None
        path = body_path(self.archive, sha256)
        return self._relative(path) if path.is_file() else None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gknb.load.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(agency_href=agency_href, report_href=report_href, region_anchor=region_anchor,
                       subject_label=lambda s: CHECK_SUBJECT_LABELS.get(s, s), statuses=STATUSES,
                       unknown_region=UNKNOWN_REGION)
    env.filters["warnings"] = lambda raw: json.loads(raw) if raw else []
    return env


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise NotASiteFolder(f"{out} is not empty and was not built by gknb site; choose an empty or new folder")
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True)
    (out / "agency").mkdir()
    (out / "report").mkdir()
    (out / MARKER).write_text("built by gknb site; rebuilt in place\n", encoding="utf-8")


def _agency_charts(reports: list[dict[str, Any]], rows: list[dict[str, Any]]) -> tuple[list[int], list[Chart]]:
    """The agency's charts over every year from its first report to its last (a year with no
    report, or none read whole, shows as a gap)."""
    reported = [r["year"] for r in reports if r["year"] is not None]
    years = list(range(min(reported), max(reported) + 1)) if reported else []
    values: dict[tuple[str, str], dict[int, tuple[int | None, str]]] = {}
    for r in rows:
        values.setdefault((r["table_key"], r["series"]), {})[r["year"]] = (r["value"], r["report_id"])

    def lines(table_key: str, keys: tuple[str, ...], labels: dict[str, str]) -> list[tuple[str, str, dict]]:
        return [(k, labels[k], values.get((table_key, k), {})) for k in keys]

    t4_labels = {r.key: r.label for r in model.TABLE4.rows}
    return years, [
        line_chart("收到和处理申请（表三，总计）", "applications", years, lines("applications", data.T3_SERIES, T3_LABELS)),
        line_chart("不予公开，按理由（表三，总计）", "applications", years,
                   lines("applications", data.T3_DENIED_SERIES, T3_LABELS)),
        line_chart("行政复议、行政诉讼（表四，总计）", "review_litigation", years,
                   lines("review_litigation", data.T4_SERIES, t4_labels)),
    ]


def _failed_cells(checks: list[dict[str, Any]], era: Era) -> dict[tuple[str, str, str], list[str]]:
    failed: dict[tuple[str, str, str], list[str]] = {}
    for c in checks:
        if c["status"] == "fail":
            for cell in compared_cells(c["check_name"], c["subject"], era):
                failed.setdefault(cell, []).append(f"{c['check_name']}: {c['detail']}")
    return failed


def group_by(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _search_index(agencies: list[dict[str, Any]]) -> str:
    regions = sorted({a["region"] for a in agencies if a["region"]})
    entries = [{"kind": "region", "name": r, "region": r, "href": f"index.html#{region_anchor(r)}"} for r in regions]
    entries += [{"kind": "agency", "name": a["name"], "region": a["region"] or "", "href": agency_href(a["agency"])}
                for a in agencies]
    return "window.GKNB_INDEX = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"


def build_site(db: Path, out: Path, *, archive: Path | None = None) -> SiteSummary:
    """Write the whole site under ``out`` (emptied first if an earlier build wrote it)."""
    with Warehouse(db, read_only=True) as wh:
        _prepare(out)
        return _write_site(wh.con, out, archive)


def _write_site(con: duckdb.DuckDBPyConnection, out: Path, archive: Path | None) -> SiteSummary:
    overview = {
        "totals": data.totals(con), "per_year": data.reports_per_year(con), "checks": data.check_rates(con),
        "coverage": data.coverage(con), "parse_status": data.parse_status(con),
    }
    agencies = data.agencies(con)
    series = group_by(data.series(con), "agency")
    reports = data.reports(con)
    documents = group_by(data.documents(con), "report_id")
    env = _environment()
    links = Links(out, archive)
    for name in ASSETS:
        (out / "assets" / name).write_bytes(resources.files("gknb.load.site").joinpath("static", name).read_bytes())
    (out / "assets" / "search-index.js").write_text(_search_index(agencies), encoding="utf-8")

    years = sorted({c["year"] for c in overview["coverage"]})
    heat: dict[str | None, dict[int, int]] = {}
    for c in overview["coverage"]:
        heat.setdefault(c["region"], {})[c["year"]] = c["agencies"]
    by_portal, by_format = overview["parse_status"]
    reports_by_agency = group_by(reports, "agency")
    pages = 0

    def write(path: str, template: str, root: str, **context: Any) -> None:
        nonlocal pages
        html = env.get_template(template).render(root=root, **context)
        (out / path).write_text(html, encoding="utf-8")
        pages += 1

    write("index.html", "overview.html", "", totals=overview["totals"], per_year=overview["per_year"],
          checks=overview["checks"], by_portal=by_portal, by_format=by_format, years=years, heat=heat,
          heat_max=max((c["agencies"] for c in overview["coverage"]), default=1),
          agencies_by_region=group_by(agencies, "region"), unattributed=reports_by_agency.get(None, []))

    for agency in agencies:
        key = agency["agency"]
        own_reports = reports_by_agency[key]
        agency_years, charts = _agency_charts(own_reports, series.get(key, []))
        write(agency_href(key), "agency.html", "../", agency=agency, charts=charts, years=agency_years,
              reports=own_reports, documents=[(r, d) for r in own_reports for d in documents.get(r["report_id"], [])],
              links=links)

    details = data.report_details(con, [r["report_id"] for r in reports])
    for report, (rid, detail) in zip(reports, details, strict=True):
        failed = _failed_cells(detail.checks, table3_era(detail.facts))
        write(report_href(rid), "report.html", "../", report=report, documents=documents.get(rid, []),
              tables=table_views(report["format_version"], detail.facts, failed), checks=detail.checks,
              check_counts=Counter(c["status"] for c in detail.checks), links=links)

    return SiteSummary(out=out, pages=pages, agencies=len(agencies), reports=len(reports))
