"""Site C: Guangdong's gkmlpt (research §8.4), HTTP only, UTF-8, a JSON API.

``/gkmlpt/index`` carries ``window._CONFIG`` (SID and the category TREE); the API lists a
category and its descendants ten articles a page; report pages carry their body as
JSON-escaped HTML in ``_CONFIG.DETAIL``.  With ``single_page=True`` (the Zhaoqing quirk)
page 1 returns everything, ``post_count`` over-counts, and page 2 answers 404.
"""

from __future__ import annotations

import json
from html import escape

from gknb.synth.portal.corpus import Corpus, SimDistractor, SimReport
from gknb.synth.portal.http import SimRequest, SimResponse, data, html, not_found, text
from gknb.synth.portal.sites.base import Site, report_body

HOST = "www.gdsim.gov.cn"
PAGE_SIZE = 10
ROOT_CAT, DEPT_CAT, TOWN_CAT = 3001, 3002, 3003

Row = SimReport | SimDistractor


class GkmlptSite(Site):
    family = "gkmlpt"

    def __init__(self, corpus: Corpus, host: str = HOST, *, sid: str = "755099", district: str = "示例区",
                 departments: int = 6, towns: int = 2, single_page: bool = False) -> None:
        super().__init__(host)
        self.corpus, self.sid, self.district, self.single_page = corpus, sid, district, single_page
        self.rows: dict[int, list[Row]] = {DEPT_CAT: [], TOWN_CAT: []}
        names = corpus.rng.sample(("财政局", "教育局", "民政局", "司法局", "审计局", "统计局", "商务局", "水利局"), departments)
        for name in names:
            for year in (2022, 2023) if not single_page else (2023,):
                self.rows[DEPT_CAT].append(self._report(corpus.unit(f"{district}{name}", "department"), year))
        for name in corpus.rng.sample(("白沙镇", "青石街道", "新塘乡", "横山镇"), towns):
            for year in (2022, 2023):
                self.rows[TOWN_CAT].append(self._report(corpus.unit(name, "township"), year))
        if not single_page:
            for kind in ("interpretation", "website_annual_form"):
                item = corpus.distractor(host, kind, district, 2023)
                post = corpus.digits(6)
                item.url = f"{self.base}/gkmlpt/content/0/{post[:3]}/post_{post}.html"
                self.route(item.url.removeprefix(self.base), lambda item=item: self._detail(item.title, "<p>……</p>", []))
                self.rows[DEPT_CAT].append(item)
        for rows in self.rows.values():
            rows.sort(key=lambda r: r.published, reverse=True)
        self.route("/", lambda: html('<html><head><meta charset="utf-8"><title>首页</title></head><body>'
                                     '<a href="/gkmlpt/index">政府信息公开</a></body></html>'))
        self.route("/gkmlpt/index", self._index)
        corpus.sites[host] = {"family": self.family, "single_page_mode": single_page,
                              "nianbao_columns": [f"{self.base}/gkmlpt/api/all/{ROOT_CAT}?sid={sid}"]}

    def _report(self, unit, year: int) -> SimReport:  # noqa: ANN001
        report = self.corpus.new_report(self.host, unit, year)
        post = self.corpus.digits(6)
        report.url = f"{self.base}/gkmlpt/content/0/{post[:3]}/post_{post}.html"
        if report.attachment_ext:
            target = f"/attachment/0/{post[:2]}/{post}/{post}.{report.attachment_ext}"
            self.serve_file(target, self.corpus.attachment(report, self.base + target, disposition="rfc5987"))
        self.route(report.url.removeprefix(self.base), lambda: self._detail(
            report.title, report_body(report), [{"name": f.filename, "url": f.url.removeprefix(self.base)} for f in report.files]),
            report)
        return report

    def robots(self) -> SimResponse:
        return text(f"User-agent: *\nAllow: /\nSitemap: {self.base}/sitemap.xml\n")

    def _tree(self) -> list[dict]:
        dept, town = len(self.rows[DEPT_CAT]), len(self.rows[TOWN_CAT])
        return [{"id": 3000, "name": "政府信息公开", "children": [
            {"id": ROOT_CAT, "name": "政府信息公开年报", "post_count": dept + town, "children": [
                {"id": DEPT_CAT, "name": "区政府部门", "post_count": dept, "children": []},
                {"id": TOWN_CAT, "name": "镇街", "post_count": town, "children": []}]},
            {"id": 3010, "name": "政策解读", "jump_url": "/xxgk/zcjd/", "children": []}]}]

    def _index(self) -> SimResponse:
        config = (f"window._CONFIG = {{ SID: '{self.sid}', SITE_NAME: '{self.district}人民政府',\n TREE: "
                  f"{json.dumps(self._tree(), ensure_ascii=False)},\n SERVICE_AREA_ID: 440399, TEMPLATE: 'pc' }};")
        return html(f'<html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>'
                    f'<div id="app"></div><script>{config}</script></body></html>')

    def _article(self, row: Row) -> dict:
        is_report = isinstance(row, SimReport)
        return {
            "id": int(row.url.rsplit("_", 1)[-1].split(".")[0]), "title": row.title, "url": row.url, "post_url": row.url,
            "identifier": row.index_no() if is_report else "", "document_number": "",
            "publisher": row.unit.name if is_report else self.district,
            "date": int(row.published.timestamp()), "created_at": f"{row.published:%Y-%m-%d %H:%M:%S}",
            "display_publish_time": int(row.published.timestamp()), "classify_main_name": "政府信息公开年报",
            "attachment": [{"name": f.filename, "url": f.url.removeprefix(self.base)} for f in row.files] if is_report else [],
            "is_expired": 0, "is_abolished": 0,
        }

    def _detail(self, title: str, content: str, attachments: list[dict]) -> SimResponse:
        detail = {"title": title, "content": content, "attachment": attachments}
        payload = json.dumps(detail, ensure_ascii=False).replace("<", "\\u003C").replace(">", "\\u003E")
        return html(f'<html><head><meta charset="utf-8"><title>{escape(title)}</title></head><body><div id="app"></div>'
                    f"<script>window._CONFIG = {{ SID: '{self.sid}', DETAIL: {payload} }};</script></body></html>")

    async def dynamic(self, request: SimRequest) -> SimResponse | None:
        if not request.path.startswith("/gkmlpt/api/all/") or request.query.get("sid") != self.sid:
            return None
        try:
            cat = int(request.path.rsplit("/", 1)[-1])
            page = int(request.query.get("page", "1"))
        except ValueError:
            return not_found()
        if cat == ROOT_CAT:
            rows = sorted(self.rows[DEPT_CAT] + self.rows[TOWN_CAT], key=lambda r: r.published, reverse=True)
        elif cat in self.rows:
            rows = self.rows[cat]
        else:
            return not_found()
        if self.single_page:
            if page >= 2:
                return not_found()
            chunk, count = rows, len(rows) + 2  # post_count includes expired posts the list omits
        else:
            chunk, count = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE], len(rows)
        body = json.dumps({"classify": {"id": cat, "name": "政府信息公开年报", "post_count": count},
                           "articles": [self._article(r) for r in chunk]}, ensure_ascii=False)
        return data(body.encode("utf-8"), "application/json;charset=UTF-8")
