"""Site A: a 大汉 Hanweb JCMS portal (research §8.2), UTF-8.

Home → 政府信息公开 landing → 政府信息公开年报 column (inline ``<datastore>``, then GET
``dataproxy.jsp?page=N``) → 部门年报 sub-column (inline rows, then POST
``startrecord/endrecord`` only, holding one duplicate repost).  The older proxy path
``/module/jpage/dataproxy.jsp`` answers 404.  Attachments come from ``downfile.jsp``
named by RFC 5987 (one by raw GBK bytes).  No robots.txt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Union
from urllib.parse import quote

from gknb.synth.portal.corpus import Corpus, SimDistractor, SimReport
from gknb.synth.portal.http import SimRequest, SimResponse, html, not_found
from gknb.synth.portal.sites.base import Site, report_body, truncated

HOST = "www.hwsim.gov.cn"
CITY = "示例市"
COLUMN = 1229000150
SUB_COLUMN = 1229000151
LANDING = 1229000100
WEBID, UNIT_ID = 7, 339901
PROXY = "/module/web/jpage/dataproxy.jsp"

Row = Union[SimReport, SimDistractor, "Repost"]


def _row_html(row: Row) -> str:
    day = row.published.date()
    # Some list templates wrap the date over three lines; the crawler must join them.
    shown = f"{day.year}-\n{day.month:02d}-\n{day.day:02d}" if day.day % 5 == 0 else day.isoformat()
    return (f'<li><a href="{escape(row.url)}" title="{escape(row.title)}" target="_blank">'
            f"{escape(truncated(row.title))}</a><span class=\"bt-right\">{shown}</span></li>")


def _records(rows: list[Row]) -> str:
    return "".join(f"<record><![CDATA[{_row_html(r)}]]></record>" for r in rows)


class HanwebSite(Site):
    family = "hanweb"

    def __init__(self, corpus: Corpus, host: str = HOST) -> None:
        super().__init__(host)
        self.corpus = corpus
        self.per_page = 8  # GET page size of the main column
        self.sub_per_page, self.sub_group = 3, 2  # jpage settings of the POST-only sub-column
        government = corpus.unit(f"{CITY}人民政府", "government")
        office = corpus.unit(f"{CITY}人民政府办公室", "office")
        towns = [corpus.unit(n, "township") for n in ("东湖街道", "横山镇", "下各镇")]
        departments = [corpus.unit(f"{CITY}{d}", "department") for d in corpus.rng.sample(
            ("财政局", "教育局", "卫生健康委员会", "民政局", "生态环境局", "统计局", "商务局", "审计局"), 7)]
        self.main: list[Row] = []
        self.sub: list[Row] = []
        for year in (2021, 2022, 2023):
            for unit in (government, office, *towns):
                self.main.append(self._report(unit, year))
            for unit in departments:
                self.sub.append(self._report(unit, year))
        late = self.sub[-1]
        late.published = late.published.replace(month=4, day=15)
        late.flags.append("late_publication")
        for kind in ("website_annual_form", "interpretation", "housing_fund_report", "format_notice",
                     "compilation_notice", "publication_status"):
            item = corpus.distractor(host, kind, CITY, 2023)
            item.url = f"{self.base}/art/{item.published.year}/{item.published.month}/{item.published.day}/art_{COLUMN}_{corpus.digits(7)}.html"
            self.route(item.url.removeprefix(self.base), lambda item=item: self._distractor_page(item))
            self.main.append(item)
        repost_of = self.main[0]
        assert isinstance(repost_of, SimReport)
        repost_url = f"{self.base}/art/2024/3/20/art_{SUB_COLUMN}_{corpus.digits(7)}.html"
        repost_of.also_at.append(repost_url)
        self.route(repost_url.removeprefix(self.base), lambda: self._report_page(repost_of), repost_of)
        self.sub.append(Repost(repost_url, repost_of.title, repost_of.published.replace(month=3, day=20)))
        self.main.sort(key=lambda r: r.published, reverse=True)
        self.sub.sort(key=lambda r: r.published, reverse=True)
        self.route("/", self._home)
        self.route(f"/col/col{LANDING}/index.html", self._landing)
        self.route(f"/col/col{COLUMN}/index.html", self._column)
        self.route(f"/col/col{SUB_COLUMN}/index.html", self._sub_column)
        corpus.sites[host] = {"family": self.family, "nianbao_columns": [
            f"{self.base}/col/col{COLUMN}/index.html", f"{self.base}/col/col{SUB_COLUMN}/index.html"]}

    # --- building --------------------------------------------------------------------

    def _report(self, unit, year: int) -> SimReport:  # noqa: ANN001
        report = self.corpus.new_report(self.host, unit, year)
        day = report.published
        column = COLUMN if unit.kind != "department" else SUB_COLUMN
        if self.corpus.rng.random() < 0.2:
            path = f"/col/col{column}/art/{day.year}/art_{self.corpus.hex32()}.html"  # jpaas-style
        else:
            path = f"/art/{day.year}/{day.month}/{day.day}/art_{column}_{self.corpus.digits(7)}.html"
        report.url = self.base + path
        if report.attachment_ext:
            name = report.title + "." + report.attachment_ext
            target = (f"/module/download/downfile.jsp?classid=0&showname={quote(name)}"
                      f"&filename={self.corpus.hex32()}.{report.attachment_ext}")
            disposition = "gbk" if len(self.corpus.reports) % 7 == 3 else "rfc5987"
            self.serve_file(target, self.corpus.attachment(report, self.base + target, disposition=disposition))
        self.route(path, lambda: self._report_page(report), report)
        return report

    # --- pages -----------------------------------------------------------------------

    def _page(self, title: str, column_name: str, body: str) -> str:
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="SiteName" content="{CITY}人民政府">'
                f'<meta name="SiteDomain" content="{self.host}"><meta name="SiteIDCode" content="3399000001">'
                f'<meta name="ColumnName" content="{column_name}"><meta name="ColumnType" content="{column_name}">'
                f"<title>{escape(title)}</title></head><body>{body}</body></html>")

    def _session(self) -> list[tuple[str, str]]:
        return [("Set-Cookie", "JSESSIONID=SIM0001; Path=/; HttpOnly")]

    def _home(self) -> SimResponse:
        nav = (f'<a href="/col/col{LANDING}/index.html">政府信息公开</a> <a href="/col/col1229000200/index.html">新闻动态</a>'
               f'<ul><li><a href="/art/2025/4/1/art_1229000200_1.html">{CITY}召开春季工作会议</a><span>2025-04-01</span></li></ul>')
        return html(self._page(f"{CITY}人民政府", "首页", nav), extra_headers=self._session())

    def _landing(self) -> SimResponse:
        links = (f'<ul class="nav"><li><a href="/col/col1229000101/index.html">政府信息公开指南</a></li>'
                 f'<li><a href="/col/col1229000102/index.html">政府信息公开制度</a></li>'
                 f'<li><a href="/col/col{COLUMN}/index.html">政府信息公开年报</a></li>'
                 f'<li><a href="/col/col1229000160/index.html">政府网站工作年度报表</a></li></ul>')
        return html(self._page("政府信息公开", "政府信息公开", links))

    def _column(self) -> SimResponse:
        rows = self.main[: self.per_page]
        next_group = (f"{PROXY}?page=2&appid=1&webid={WEBID}&path=/&columnid={COLUMN}&unitid={UNIT_ID}"
                      f"&webname={quote(CITY)}&permissiontype=0")
        body = (f'<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>'
                f'<div class="sub-nav"><a href="/col/col{SUB_COLUMN}/index.html">部门年报</a></div>'
                f'<div id="{UNIT_ID}"><script type="text/xml"><datastore>'
                f'<nextgroup><![CDATA[<a href="{escape(next_group)}"></a>]]></nextgroup>'
                f"<recordset>{_records(rows)}</recordset></datastore></script></div>"
                f"<script>$(function(){{ $('#{UNIT_ID}').jpage({{ perPage: {self.per_page}, totalRecord: {len(self.main)}, "
                f"proxyUrl: '{PROXY}', groupSize: 1 }}); }});</script>")
        return html(self._page("政府信息公开年报", "政府信息公开年报", body))

    def _sub_column(self) -> SimResponse:
        rows = self.sub[: self.sub_per_page]
        body = (f'<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报 &gt; 部门年报</div>'
                f'<div id="{UNIT_ID + 1}"><script type="text/xml"><datastore>'
                f"<recordset>{_records(rows)}</recordset></datastore></script></div>"
                f"<script>$(function(){{ $('#{UNIT_ID + 1}').jpage({{ dataStore: dataStore, perPage: {self.sub_per_page}, "
                f"totalRecord: {len(self.sub)}, proxyUrl: '{PROXY}', groupSize: {self.sub_group}, "
                f"ajaxParam: {{col:1, appid:1, webid:{WEBID}, path:'/', columnid:{SUB_COLUMN}, sourceContentType:1, "
                f"unitid:{UNIT_ID + 1}, webname:'{CITY}', permissiontype:0}} }}); }});</script>")
        return html(self._page("部门年报", "政府信息公开年报", body))

    def _report_page(self, report: SimReport) -> SimResponse:
        day = report.published
        links = " ".join(f'<a href="{escape(f.url)}">{escape(f.filename)}</a>' for f in report.files)
        body = (f'<table class="xxgk_table"><tbody><tr><td>索&nbsp;引&nbsp;号</td><td>{report.index_no()}</td>'
                f"<td>公开方式</td><td>主动公开</td></tr><tr><td>发布机构</td><td>{report.unit.name}</td>"
                f"<td>成文日期</td><td>{day.date().isoformat()}</td></tr>"
                f'<tr><td>组配分类</td><td colspan="3">政府信息公开年报</td></tr></tbody></table>'
                f'<h1 class="title">{escape(report.title)}</h1><div class="info">时间：{day:%Y-%m-%d %H:%M} '
                f"来源：{report.unit.name} 浏览次数：<span id=\"hits\"></span></div>"
                f'<meta name="ContentStart"><div id="zoom"><!--ZJEG_RSS.content.begin-->{report_body(report, links)}'
                f'<!--ZJEG_RSS.content.end--></div><meta name="ContentEnd">'
                f'<div class="xgjd"><a href="/art/{day.year}/{day.month}/{day.day}/art_{COLUMN}_9{day.day:02d}{day.month:02d}.html">'
                f"《{escape(report.title)}》解读</a></div>")
        head_meta = (f'<meta name="ArticleTitle" content="{escape(report.title)}"><meta name="PubDate" content="{day:%Y-%m-%d %H:%M}">'
                     f'<meta name="ContentSource" content="{report.unit.name}">')
        page = self._page(report.title, "政府信息公开年报", body).replace("</head>", head_meta + "</head>", 1)
        return html(page, last_modified=day)

    def _distractor_page(self, item: SimDistractor) -> SimResponse:
        return html(self._page(item.title, "政府信息公开年报", f"<h1>{escape(item.title)}</h1><div id=\"zoom\"><p>……</p></div>"))

    # --- the proxy ---------------------------------------------------------------------

    def _proxy_answer(self, rows: list[Row], total: int, pages: int) -> SimResponse:
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{total}</totalrecord>'
               f"<totalpage>{pages}</totalpage><recordset>{_records(rows)}</recordset></datastore>")
        return SimResponse(status=200, body=xml.encode("utf-8"),
                           headers=[("Content-Type", "text/xml;charset=UTF-8")], cacheable=True)

    async def dynamic(self, request: SimRequest) -> SimResponse | None:
        if request.path != PROXY:
            return None
        query = request.query
        if request.method == "GET":
            if query.get("columnid") != str(COLUMN) or query.get("unitid") != str(UNIT_ID):
                return self._proxy_answer([], 0, 0)
            page = max(1, int(query.get("page", "1") or 1))
            rows = self.main[(page - 1) * self.per_page: page * self.per_page]
            return self._proxy_answer(rows, len(self.main), -(-len(self.main) // self.per_page))
        if request.method == "POST":
            form = request.form
            if form.get("columnid") != str(SUB_COLUMN) or form.get("unitid") != str(UNIT_ID + 1):
                return self._proxy_answer([], 0, 0)
            start = max(1, int(query.get("startrecord", "1")))
            end = min(int(query.get("endrecord", str(start))), len(self.sub))
            rows = self.sub[start - 1: end]
            answer = self._proxy_answer(rows, len(self.sub), -(-len(self.sub) // self.sub_per_page))
            answer.cacheable = False
            return answer
        return not_found()


@dataclass
class Repost:
    """The same report listed again in a second column, under another URL (a duplicate repost)."""

    url: str
    title: str
    published: datetime
