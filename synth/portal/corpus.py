"""Deterministic units, reports and distractors for the simulated portals, and the manifest.

Everything derives from one ``random.Random(seed)`` and a fixed "now" (2025-04-30), so two
builds serve byte-identical portals and the manifest (what a perfect crawler must find)
is stable.  Sites decide URL shapes; the corpus holds what is true about each item.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from gknb.synth.portal import files

NOW = date(2025, 4, 30)
CST = timezone(timedelta(hours=8))

DEPARTMENTS = (
    "财政局", "教育局", "卫生健康委员会", "民政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "农业农村局", "商务局", "文化广电旅游局", "市场监督管理局", "统计局", "医疗保障局",
    "司法局", "审计局", "应急管理局", "退役军人事务局", "水利局", "人力资源和社会保障局",
)
TOWNS = ("东湖街道", "横山镇", "下各镇", "城关镇", "龙泉街道", "新塘乡", "白沙镇", "大芦镇", "青石街道")
# Delivery forms cycle in this order so every form appears on every site of useful size.
DELIVERIES = ("html", "html+pdf", "html", "pdf", "html", "docx", "html", "html+pdf", "doc", "html", "wps",
              "html", "xls", "html")
TABLE_STYLES = ("word", "plain", "nested")
BLANKS = ("&nbsp;", "", "0", "/")
DISTRACTOR_KINDS = (
    "website_annual_form", "interpretation", "housing_fund_report", "format_notice",
    "compilation_notice", "publication_status",
)


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # government | office | department | township
    org_code: str


@dataclass
class SimFile:
    url: str
    filename: str
    ext: str
    body: bytes
    disposition: str = "none"  # rfc5987 | gbk | none: how the server names it

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass
class SimReport:
    key: str
    site: str
    unit: Unit
    year: int
    fmt: str  # "2021" | "2019"
    delivery: str  # html | html+pdf | pdf | docx | doc | wps | xls
    published: datetime
    title: str
    values: Any  # synth.values.random_report(...)
    style: str
    blank: str
    url: str = ""
    also_at: list[str] = field(default_factory=list)
    files: list[SimFile] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    revision: int = 0  # bumped by the simulator to publish a changed version

    @property
    def has_html_tables(self) -> bool:
        return self.delivery.startswith("html")

    @property
    def attachment_ext(self) -> str | None:
        return self.delivery.split("+")[-1] if self.delivery != "html" else None

    def index_no(self) -> str:
        return f"{self.unit.org_code}/{self.published.year}-{int(self.key.split('-')[-1]) + 100:05d}"

    def tables_html(self) -> str:
        from gknb.synth.render.html import render_tables_html

        html = render_tables_html(self.values, style=self.style, blank=self.blank)
        if self.revision:
            html += f"<p>（本报告于{NOW.isoformat()}第{self.revision}次修订）</p>"
        return html


@dataclass
class SimDistractor:
    site: str
    url: str
    title: str
    kind: str
    published: datetime


@dataclass
class Outcome:
    """A URL whose expected crawl outcome is not a report (blocked, timeout, refused…)."""

    url: str
    outcome: str


class Corpus:
    def __init__(self, seed: int = 20250430) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.reports: list[SimReport] = []
        self.distractors: list[SimDistractor] = []
        self.outcomes: list[Outcome] = []
        self.forbidden: list[str] = []
        self.sites: dict[str, dict[str, Any]] = {}
        self.jurisdictions: dict[str, str] = {}  # host -> region code its portal serves
        self._serial = 0
        # Serve every Nth PDF attachment as a scan (image-only pages, stamped, skewed) so
        # the demo shows reports read by OCR; 0 keeps every PDF a text PDF.
        self.scan_every = 0
        self._pdfs = 0

    # --- ids ---------------------------------------------------------------------------

    def hex32(self) -> str:
        return "%032x" % self.rng.getrandbits(128)

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def org_code(self) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(8)) + self.rng.choice("0123456789X")

    def unit(self, name: str, kind: str) -> Unit:
        return Unit(name, kind, self.org_code())

    # --- items -------------------------------------------------------------------------

    def publish_time(self, unit: Unit, year: int) -> datetime:
        """Departments and townships in January of Y+1, governments in March (research §4.3)."""
        if unit.kind in ("government",):
            day = date(year + 1, 3, self.rng.randint(1, 31))
        else:
            day = date(year + 1, 1, self.rng.randint(2, 31))
        return datetime(day.year, day.month, day.day, self.rng.randint(8, 17), self.rng.randint(0, 59), tzinfo=CST)

    def title(self, unit: Unit, year: int) -> str:
        pattern = self.rng.choice((
            "{unit}{year}年度政府信息公开工作年度报告",
            "{unit}{year}年政府信息公开工作年度报告",
            "{year}年{unit}政府信息公开工作年度报告",
        ))
        return pattern.format(unit=unit.name, year=year)

    def new_report(self, site: str, unit: Unit, year: int, *, fmt: str | None = None,
                   delivery: str | None = None, published: datetime | None = None,
                   flags: tuple[str, ...] = (), expected: bool = True) -> SimReport:
        """A report; ``expected=False`` for one a correct crawler cannot get (blocked, refused…)."""
        from gknb.synth.values import random_report

        self._serial += 1
        fmt = fmt or ("2019" if year <= 2020 else "2021")
        report = SimReport(
            key=f"{site}-{self._serial}", site=site, unit=unit, year=year, fmt=fmt,
            delivery=delivery or DELIVERIES[self._serial % len(DELIVERIES)],
            published=published or self.publish_time(unit, year), title=self.title(unit, year),
            values=random_report(self.rng, fmt=fmt, consistent=True, agency=unit.name, year=year),
            style=self.rng.choice(TABLE_STYLES), blank=self.rng.choice(BLANKS), flags=list(flags),
        )
        if report.published.date() > date(year + 1, 3, 31):
            report.flags.append("late_publication")
        if expected:
            self.reports.append(report)
        return report

    def attachment(self, report: SimReport, url: str, *, ext: str | None = None,
                   disposition: str = "none") -> SimFile:
        ext = ext or report.attachment_ext or "pdf"
        scanned = False
        if ext == "pdf" and self.scan_every:
            self._pdfs += 1
            scanned = self._pdfs % self.scan_every == 0
        body = files.payload("scan" if scanned else ext, report.title, report.values)
        if scanned:
            report.flags.append("scanned")
        attached = SimFile(url=url, filename=f"{report.title}.{ext}", ext=ext, body=body, disposition=disposition)
        report.files.append(attached)
        return attached

    def distractor(self, site: str, kind: str, place: str, year: int) -> SimDistractor:
        titles = {
            "website_annual_form": f"{place}{year}年政府网站工作年度报表",
            "interpretation": f"《{place}{year}年政府信息公开工作年度报告》解读",
            "housing_fund_report": f"{place}住房公积金{year}年年度报告",
            "format_notice": "国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）",
            "compilation_notice": f"关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
            "publication_status": f"{place}{year}年政府信息公开工作年度报告公布情况",
        }
        day = date(year + 1, 1, self.rng.randint(5, 28))
        item = SimDistractor(site=site, url="", title=titles[kind], kind=kind,
                             published=datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST))
        self.distractors.append(item)
        return item

    def expect(self, url: str, outcome: str) -> None:
        self.outcomes.append(Outcome(url, outcome))

    # --- ground truth ------------------------------------------------------------------

    def unit_id(self, report: SimReport) -> str:
        """One unit of the ground truth: its portal's jurisdiction and its name (two 白沙镇 in two districts are two)."""
        return f"{self.jurisdictions.get(report.site, report.site)}/{report.unit.name}"

    def manifest(self) -> dict[str, Any]:
        return {
            "now": NOW.isoformat(),
            "seed": self.seed,
            "sites": self.sites,
            "reports": [
                {
                    "site": r.site, "canonical_url": r.url, "also_at": list(r.also_at), "title": r.title,
                    "unit": r.unit.name, "unit_type": r.unit.kind, "org_code": r.unit.org_code,
                    "unit_id": self.unit_id(r), "region_code": self.jurisdictions.get(r.site),
                    "index_no": r.index_no(), "stats_year": r.year, "publish_date": r.published.date().isoformat(),
                    "format": r.fmt, "delivery": r.delivery, "revision": r.revision,
                    "attachments": [{"url": f.url, "filename": f.filename, "ext": f.ext, "sha256": f.sha256}
                                    for f in r.files],
                    "flags": list(r.flags),
                    "values": r.values,
                }
                for r in self.reports
            ],
            "distractors": [{"site": d.site, "url": d.url, "title": d.title, "kind": d.kind} for d in self.distractors],
            "blocked": [{"url": o.url, "outcome": o.outcome} for o in self.outcomes],
            "forbidden_urls": list(self.forbidden),
        }
