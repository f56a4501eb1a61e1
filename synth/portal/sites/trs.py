"""Site B: a TRS WCM portal served in GBK with no charset header (research §8.3).

The pages declare ``charset=gb2312`` in a meta tag but hold GBK-only characters (喆山镇),
so a strict GB2312 decode fails.  The 年报 root links sub-columns: 部门 (0-based
``index_N.html`` whose pager over-claims by one page: the extra page is a 350-byte stub),
乡镇街道 (six-argument 1-based ``index_N.shtml``), 本级, and a year folder holding a
mis-filed report.  robots.txt disallows ``/was5/`` (search) and ``/protect/``, both linked.
The 404 page is Latin-1.
"""

from __future__ import annotations

from html import escape

from gknb.synth.portal.corpus import Corpus, SimDistractor, SimReport
from gknb.synth.portal.http import SimResponse, html, not_found, text
from gknb.synth.portal.sites.base import Site, report_body, truncated

HOST = "www.trssim.gov.cn"
COUNTY = "示例县"
ROOT = "/zwgk/zfxxgk/zfxxgknb/"
PAGE_SIZE = 10

Row = SimReport | SimDistractor


def _gbk_page(body: str, *, last_modified=None) -> SimResponse:  # noqa: ANN001
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + body)
    return html(page, charset=None, encoding="gb18030", last_modified=last_modified)


class TrsSite(Site):
    family = "trs"

    def __init__(self, corpus: Corpus, host: str = HOST) -> None:
        super().__init__(host)
        self.corpus = corpus
        government = corpus.unit(f"{COUNTY}人民政府", "government")
        office = corpus.unit(f"{COUNTY}人民政府办公室", "office")
        departments = [corpus.unit(f"{COUNTY}{d}", "department") for d in corpus.rng.sample(
            ("财政局", "教育局", "民政局", "水利局", "司法局", "应急管理局", "农业农村局", "交通运输局"), 6)]
        towns = [corpus.unit(n, "township") for n in ("喆山镇", "城关镇", "龙泉街道", "新塘乡", "白沙镇", "青石街道")]
        self.columns: dict[str, list[Row]] = {"bm": [], "xzjd": [], "sbj": [], "2022n": []}
        for unit in departments:
            for year in (2020, 2022, 2023):
                fmt = "2019" if year == 2020 or (year == 2023 and unit is departments[0]) else "2021"
                self.columns["bm"].append(self._report("bm", unit, year, fmt=fmt))
        for unit in towns:
            for year in (2022, 2023):
                self.columns["xzjd"].append(self._report("xzjd", unit, year))
        for unit in (government, office):
            self.columns["sbj"].append(self._report("sbj", unit, 2023))
        self.columns["2022n"].append(self._report("2022n", government, 2022))
        misfiled = self._report("2022n", corpus.unit(f"{COUNTY}政务服务中心", "department"), 2023,
                                flags=("year_folder_mismatch",))
        self.columns["2022n"].append(misfiled)
        for column, kinds in (("bm", ("website_annual_form", "interpretation", "housing_fund_report")),
                              ("xzjd", ("compilation_notice", "publication_status")), ("sbj", ("format_notice",))):
            for kind in kinds:
                item = corpus.distractor(host, kind, COUNTY, 2023)
                item.url = self._article_url(column, item.published)
                self.route(item.url.removeprefix(self.base),
                           lambda item=item: _gbk_page(f"<title>{escape(item.title)}</title></head><body>"
                                                       f"<h1>{escape(item.title)}</h1></body></html>"))
                self.columns[column].append(item)
        for rows in self.columns.values():
            rows.sort(key=lambda r: r.published, reverse=True)
        search = "/was5/web/search?searchword=%C4%EA%B1%A8"
        protected = "/protect/zfxxgknb/index.html"
        corpus.forbidden += [self.base + search, self.base + protected]
        self.route("/zwgk/zfxxgk/", lambda: _gbk_page(
            "<title>政府信息公开</title></head><body><ul>"
            f'<li><a href="{ROOT}index.html">政府信息公开年报</a></li>'
            '<li><a href="/zwgk/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>'
            f'<li><a href="{search}">站内搜索</a></li></ul></body></html>'))
        self.route(f"{ROOT}index.html", self._root)
        self._list_pages("bm", "部门年报", four_arg=True)
        self._list_pages("xzjd", "乡镇街道年报", four_arg=False)
        self._list_pages("sbj", "本级政府年报", four_arg=True)
        self._list_pages("2022n", "2022年", four_arg=True)
        corpus.sites[host] = {"family": self.family, "encoding": "gbk",
                              "nianbao_columns": [f"{self.base}{ROOT}{c}/" for c in self.columns]}
        self._protected = protected

    def _article_url(self, column: str, day) -> str:  # noqa: ANN001
        return f"{self.base}{ROOT}{column}/{day:%Y%m}/t{day:%Y%m%d}_{self.corpus.digits(7)}.html"

    def _report(self, column: str, unit, year: int, *, fmt: str | None = None,  # noqa: ANN001
                flags: tuple[str, ...] = ()) -> SimReport:
        report = self.corpus.new_report(self.host, unit, year, fmt=fmt, flags=flags)
        report.url = self._article_url(column, report.published)
        folder = report.url.rsplit("/", 1)[0]
        if report.attachment_ext:
            day = report.published
            name = f"P0{day:%Y%m%d}{self.corpus.digits(12)}.{report.attachment_ext}"
            self.serve_file(f"{folder}/{name}".removeprefix(self.base),
                            self.corpus.attachment(report, f"{folder}/{name}"))
        self.route(report.url.removeprefix(self.base), lambda: self._report_page(report), report)
        return report

    def robots(self) -> SimResponse:
        return text("User-agent: *\nDisallow: /was5/\nDisallow: /protect/\n")

    def not_found(self) -> SimResponse:
        return not_found(charset="iso-8859-1")

    def _root(self) -> SimResponse:
        links = "".join(f'<li><a href="{ROOT}{path}">{name}</a></li>' for path, name in (
            ("bm/index.html", "部门年报"), ("xzjd/index.shtml", "乡镇街道年报"), ("sbj/index.html", "本级政府年报"),
            ("2022n/index.html", "2022年"),
        ))
        return _gbk_page(
            '<meta name="ColumnName" content="政府信息公开年报"><title>政府信息公开年报</title></head><body>'
            f'<ul class="sub-columns">{links}<li><a href="{self._protected}">政府信息公开年报（内部）</a></li></ul>'
            '<script>createPageHTML(1, 0, "index", "html");</script></body></html>')

    def _list_pages(self, column: str, name: str, *, four_arg: bool) -> None:
        rows = self.columns[column]
        pages = [rows[i:i + PAGE_SIZE] for i in range(0, len(rows), PAGE_SIZE)] or [[]]
        ext = "html" if four_arg else "shtml"
        for n, chunk in enumerate(pages):
            if four_arg:
                target = f"{ROOT}{column}/index.html" if n == 0 else f"{ROOT}{column}/index_{n}.html"
                claimed = len(pages) + 1 if len(pages) > 1 else 1  # over-claims: the extra page is a stub
                pager = (f"var currentPage = {n};//所在页从0开始\nvar countPage = {claimed}//共多少页\n"
                         'createPageHTML(countPage, currentPage, "index", "html");')
            else:
                target = f"{ROOT}{column}/index.{ext}" if n == 0 else f"{ROOT}{column}/index_{n + 1}.{ext}"
                pager = f"createPageHTML('page_div',{len(pages)},{n + 1},'index','{ext}',{len(rows)});"
            self.route(target, lambda chunk=chunk, pager=pager: self._list_page(name, chunk, pager))
            if n == 0 and four_arg:
                self.route(f"{ROOT}{column}/", lambda chunk=chunk, pager=pager: self._list_page(name, chunk, pager))
        if four_arg and len(pages) > 1:
            stub = f"{ROOT}{column}/index_{len(pages)}.html"
            self.route(stub, lambda: _gbk_page("<title></title></head><body><div class=\"list\"></div></body></html>"))

    def _list_page(self, name: str, rows: list[Row], pager: str) -> SimResponse:
        items = "".join(
            f'<li><a href="./{r.url.rsplit("/", 2)[-2]}/{r.url.rsplit("/", 1)[-1]}" target="_blank" '
            f'title="{escape(r.title)}">{escape(truncated(r.title, 16))}</a><span>{r.published.date().isoformat()}</span></li>'
            for r in rows)
        return _gbk_page(
            f'<meta name="ColumnName" content="{name}"><meta name="SiteIDCode" content="3399000002"><title>{name}</title></head>'
            f'<body><div class="nav"><a href="/">首页</a> <a href="{ROOT}index.html">政府信息公开年报</a></div>'
            f'<div class="list"><ul>{items}</ul></div><div class="page"><script language="JavaScript">{pager}</script></div>'
            "</body></html>")

    def _report_page(self, report: SimReport) -> SimResponse:
        day = report.published
        links = " ".join(f'<a href="./{f.url.rsplit("/", 1)[-1]}">{escape(f.filename)}</a>' for f in report.files)
        return _gbk_page(
            f'<meta name="ArticleTitle" content="{escape(report.title)}"><meta name="PubDate" content="{day:%Y-%m-%d %H:%M}">'
            f'<meta name="ContentSource" content="{report.unit.name}"><meta name="Keywords" content="年报">'
            f"<title>{escape(report.title)}</title></head><body>"
            f'<div class="xxgk-info"><ul><li><span>索引号：</span>{report.index_no()}</li>'
            f"<li><span>发文机关：</span>{report.unit.name}</li><li><span>成文日期：</span>{day:%Y年%m月%d日}</li>"
            f"<li><span>标题：</span>{escape(report.title)}</li><li><span>发布日期：</span>{day:%Y年%m月%d日}</li></ul></div>"
            f'<div class="TRS_Editor"><div class="TRS_Editor">{report_body(report, links)}</div></div></body></html>',
            last_modified=day)
