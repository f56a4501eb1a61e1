"""Site D: a gov.cn-style 政府信息公开平台 that misbehaves in every documented way (research §8.5).

robots.txt disallows ``/search/`` and ``/private/`` and asks ``Crawl-delay: 3``.  The 年报
list (``.overview_right``, TRS 0-based pager, a dated sidebar outside the list) links
ordinary reports and one report behind each failure: 瑞数 412, 加速乐 521, a 200 challenge
page, a CT6T 302-to-self cookie WAF, slow first bytes, a trickling body, flaky 503s, 429
with Retry-After, a soft 404, a 301 move, gzip without Content-Encoding, and redirects
to the simulator's bare IP and to 10.0.0.1.  Expected outcomes go to the manifest.
"""

from __future__ import annotations

import gzip
from collections import Counter
from html import escape

from gknb.synth.portal.corpus import Corpus, SimReport
from gknb.synth.portal.http import SimRequest, SimResponse, html, text
from gknb.synth.portal.sites.base import Site, report_body, truncated

HOST = "xxgk.hostsim.gov.cn"
LIST = "/gongkai/zfxxgkpt/zfxxgknb/"
MINISTRY = "示例部"
PAGE_SIZE = 10
RS_BODY = ('<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
           '<meta id="9DhefwqGPrzGxEp9hPaoag" content="c2ltdWxhdGVk" r="m">'
           '<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={};$_ts.nsd=48211;$_ts.cd="qyrlrAl";</script>'
           '<script type="text/javascript" charset="utf-8" src="/aBcDeF/gHiJkL.b4c45da.js" r="m"></script></head><body></body></html>')
JSL_BODY = "<script>document.cookie=('_')+('_jsl_clearance')+('=1700000000.1|0|sim');location.href=location.pathname</script>"
WAF_BODY = ("<html><script>var arg1='3F1B0C2D4E5A6978';" + "/* padding */" * 60 +
            "document.cookie=\"acw_sc__v2=\"+arg1;location.reload();</script></html>")
GONE_BODY = "<html><head><title>页面不存在</title></head><body><p>对不起，找不到您访问的页面。</p></body></html>"

# (path segment, unit suffix, expected outcome; None = a report the crawler must get)
SPECIALS = (
    ("rs", "机关党委", "blocked:js_challenge"),
    ("jsl", "离退休干部局", "blocked:js_challenge"),
    ("waf200", "信息中心", "blocked:js_challenge"),
    ("ct6t", "机关服务局", None),
    ("slow/ttfb-5", "档案馆", None),
    ("slow/ttfb-75", "宣传中心", "timeout"),
    ("slow/trickle", "培训中心", "timeout"),
    ("flaky", "研究院", None),
    ("ratelimit", "出版社", None),
    ("gone", "后勤中心", "soft_404"),
    ("moved", "科技司", None),
    ("gzip", "法规司", None),
    ("search", "人事司", "robots_disallowed"),
    ("private", "国际司", "robots_disallowed"),
    ("redirect-local", "监察局", "refused:private_address"),
    ("redirect-private", "审计室", "refused:private_address"),
)


class HostileSite(Site):
    family = "govcn"

    def __init__(self, corpus: Corpus, host: str = HOST) -> None:
        super().__init__(host)
        self.corpus = corpus
        self.hits: Counter[str] = Counter()
        self.rows: list[SimReport] = []
        self.special: dict[str, tuple[str, SimReport]] = {}  # path -> (kind, report)
        for unit_name in ("", "办公厅"):
            report = self._report(f"{MINISTRY}{unit_name}", None)
            self.route(report.url.removeprefix(self.base), lambda report=report: self._page(report), report)
        for segment, suffix, outcome in SPECIALS:
            path = f"/{segment}/{corpus.digits(6)}.html"
            report = self._report(f"{MINISTRY}{suffix}", path, expected=outcome is None)
            self.special[path] = (segment, report)
            if segment == "moved":
                target = f"{LIST}moved/{corpus.digits(6)}.html"
                self.route(target, lambda report=report: self._page(report), report)
                report.also_at.append(self.base + target)
                self.special[path] = (f"moved:{target}", report)
            if segment == "redirect-local":  # what the bare-IP redirect leads to, when a test allows it
                self.route(f"{LIST}local.html", lambda report=report: self._page(report), report)
            if outcome is not None:
                corpus.expect(report.url, outcome)
                if outcome == "robots_disallowed":
                    corpus.forbidden.append(report.url)
        self.rows.sort(key=lambda r: r.published, reverse=True)
        pages = [self.rows[i:i + PAGE_SIZE] for i in range(0, len(self.rows), PAGE_SIZE)]
        for n, chunk in enumerate(pages):
            target = f"{LIST}index.html" if n == 0 else f"{LIST}index_{n}.html"
            self.route(target, lambda chunk=chunk, n=n, count=len(pages): self._list(chunk, n, count))
        corpus.sites[host] = {"family": self.family, "crawl_delay": 3, "nianbao_columns": [f"{self.base}{LIST}index.html"]}

    def _report(self, unit_name: str, path: str | None, *, expected: bool = True) -> SimReport:
        """A report at ``path``, or at a TRS t-date path from its publication date."""
        unit = self.corpus.unit(unit_name, "department")
        report = self.corpus.new_report(self.host, unit, 2023, delivery="html", expected=expected)
        day = report.published
        report.url = self.base + (path or f"{LIST}{day:%Y%m}/t{day:%Y%m%d}_{self.corpus.digits(6)}.html")
        self.rows.append(report)
        return report

    def robots(self) -> SimResponse:
        return text("User-agent: *\nDisallow: /search/\nDisallow: /private/\nCrawl-delay: 3\n")

    def _list(self, rows: list[SimReport], n: int, count: int) -> SimResponse:
        items = "".join(f'<li><a href="{escape(r.url.removeprefix(self.base))}" title="{escape(r.title)}">'
                        f"{escape(truncated(r.title))}</a><span>{r.published.date().isoformat()}</span></li>" for r in rows)
        sidebar = '<div class="sidebar"><ul><li><a href="/xinwen/2025/04/01/1.html">部长会见来访代表团</a><span>2025-04-01</span></li></ul></div>'
        pager = (f"var currentPage = {n};//所在页从0开始\nvar countPage = {count}//共多少页\n"
                 'createPageHTML(countPage, currentPage, "index", "html");')
        return html(f'<html><head><meta charset="utf-8"><meta name="ColumnName" content="政府信息公开年报">'
                    f"<title>政府信息公开年报</title></head><body>{sidebar}<div class=\"overview_right\"><ul>{items}</ul>"
                    f"<script>{pager}</script></div></body></html>")

    def _page(self, report: SimReport) -> SimResponse:
        day = report.published
        return html(
            f'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{escape(report.title)}"></head><body>'
            f'<table class="bd1"><tbody><tr><td><b>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</b></td><td>{report.index_no()}</td>'
            f"<td><b>主题分类：</b></td><td>综合政务\\政务公开</td></tr><tr><td><b>发文机关：</b></td><td>{report.unit.name}</td>"
            f"<td><b>成文日期：</b></td><td>{day:%Y年%m月%d日}</td></tr>"
            f'<tr><td><b>标　　题：</b></td><td colspan="3">{escape(report.title)}</td></tr>'
            f"<tr><td><b>发文字号：</b></td><td></td><td><b>发布日期：</b></td><td>{day:%Y年%m月%d日}</td></tr></tbody></table>"
            f'<div class="pages_content" id="UCAP-CONTENT">{report_body(report)}</div></body></html>',
            last_modified=day)

    async def dynamic(self, request: SimRequest) -> SimResponse | None:
        entry = self.special.get(request.path)
        if entry is None:
            return None
        kind, report = entry
        self.hits[request.path] += 1
        hit = self.hits[request.path]
        page = self._page(report)
        if kind == "rs":
            return SimResponse(status=412, body=RS_BODY.encode(), headers=[
                ("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", "FSSBBIl1UgzbN7NO=sim; path=/")])
        if kind == "jsl":
            return SimResponse(status=521, body=JSL_BODY.encode(), headers=[("Content-Type", "text/html")])
        if kind == "waf200":
            return SimResponse(status=200, body=WAF_BODY.encode(), headers=[("Content-Type", "text/html")])
        if kind == "ct6t":
            if "CT6T=abc" not in request.headers.get("cookie", ""):
                return SimResponse(status=302, headers=[("Location", request.path), ("Set-Cookie", "CT6T=abc; Path=/")])
            return page
        if kind == "slow/ttfb-5":
            page.delay = 5
            return page
        if kind == "slow/ttfb-75":
            page.delay = 75
            return page
        if kind == "slow/trickle":
            return SimResponse(status=200, body=b"<html>" + b"." * 60 + b"</html>",
                               headers=[("Content-Type", "text/html")], trickle_interval=2)
        if kind == "flaky":
            if hit <= 2:
                return SimResponse(status=503, body=b"Service Unavailable", headers=[("Content-Type", "text/plain")])
            return page
        if kind == "ratelimit":
            if hit == 1:
                return SimResponse(status=429, body=b"Too Many Requests",
                                   headers=[("Content-Type", "text/plain"), ("Retry-After", "7")])
            return page
        if kind == "gone":
            return SimResponse(status=200, body=GONE_BODY.encode(), headers=[("Content-Type", "text/html; charset=utf-8")])
        if kind.startswith("moved:"):
            return SimResponse(status=301, headers=[("Location", kind.removeprefix("moved:"))])
        if kind == "gzip":
            page.body = gzip.compress(page.body, mtime=0)
            return page
        if kind == "redirect-local":
            return SimResponse(status=302, headers=[("Location", f"http://127.0.0.1:{request.server_port}{LIST}local.html")])
        if kind == "redirect-private":
            return SimResponse(status=302, headers=[("Location", f"http://10.0.0.1{LIST}private.html")])
        return page  # search/private: served if asked, which a polite crawler never does
