"""List-page rules that need no network: pagers, inline rows, gkmlpt trees, titles, dates."""

from __future__ import annotations

import pytest

from gknb.extract.crawl import classify_rows
from gknb.extract.discover import gkmlpt, hanweb, trs
from gknb.extract.discover.context import ListPage
from gknb.extract.discover.generic import next_page
from gknb.extract.discover.attachments import find_attachments
from gknb.extract.discover.columns import is_report_column
from gknb.extract.discover.detect import detect_family
from gknb.extract.discover.links import Link, anchors, classify_title, find_date, is_attachment, list_rows

BASE = "http://www.example.gov.cn/zfxxgk/zfxxgknb/bm/index.html"


def test_trs_pagers_are_told_apart() -> None:
    four = 'var currentPage = 0;//所在页从0开始\nvar countPage = 3//共多少页\ncreatePageHTML(countPage, currentPage, "index", "html");'
    assert trs.pager(four).later_pages(BASE) == [
        "http://www.example.gov.cn/zfxxgk/zfxxgknb/bm/index_1.html",
        "http://www.example.gov.cn/zfxxgk/zfxxgknb/bm/index_2.html",
    ]
    six = "createPageHTML('page_div',3, 1,'dezlist','shtml',25);"
    assert [u.rsplit("/", 1)[1] for u in trs.pager(six).later_pages(BASE)] == ["dezlist_2.shtml", "dezlist_3.shtml"]
    assert trs.pager('createPageHTML(1, 0, "index", "html")').later_pages(BASE) == []
    assert trs.pager("<p>no pager</p>") is None


def test_hanweb_inline_rows_proxy_total_and_ajax_form() -> None:
    page = ("<div><script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=2&webid=7\"></a>]]></nextgroup>"
            "<recordset><record><![CDATA[<li><a href=\"/art/2024/1/22/art_1_2.html\" title=\"示例市财政局2023年度政府信息公开工作年度报告\">示例市财政局2023年度…</a>"
            "<span class=\"time\">2024-\n01-\n22</span></li>]]></record></recordset></datastore></script></div>"
            "<script>$('#1').jpage({perPage: 15, totalRecord: 42, proxyUrl:'/module/web/jpage/dataproxy.jsp', "
            "ajaxParam: {col:1, appid:1, webid:7, path:'/', columnid:1229000150, webname:'示例市', permissiontype:0}});</script>")
    [row] = hanweb.records(page, "http://www.hwsim.gov.cn/col/col1/index.html")
    assert row.url == "http://www.hwsim.gov.cn/art/2024/1/22/art_1_2.html"
    assert row.title == "示例市财政局2023年度政府信息公开工作年度报告" and row.date == "2024-01-22"
    assert hanweb.total_records(page) == 42
    assert hanweb.total_records("<datastore><totalrecord>7</totalrecord>") == 7
    form = hanweb.ajax_form(page)
    assert form["columnid"] == "1229000150" and form["path"] == "/" and form["webname"] == "示例市"
    assert detect_family("http://x/col/col1/index.html", page) == "hanweb"


def test_gkmlpt_report_categories_are_the_topmost_nianbao_nodes() -> None:
    index = ("window._CONFIG = { SID: '755099', TREE: [{\"id\":3000,\"name\":\"政府信息公开\",\"children\":["
             "{\"id\":3001,\"name\":\"政府信息公开年报\",\"children\":[{\"id\":3002,\"name\":\"部门年报\",\"children\":[]}]},"
             "{\"id\":3010,\"name\":\"政策解读\",\"children\":[]}]}], SERVICE_AREA_ID: 1 };")
    assert gkmlpt.report_categories(index) == [(3001, "政府信息公开年报")]
    assert detect_family("http://x/gkmlpt/index", index) == "gkmlpt"
    link = gkmlpt.article_link({"url": "/gkmlpt/content/0/1/post_1.html", "title": " 标题 ", "created_at": "2024-01-19 16:00:00",
                                "attachment": [{"name": "年报.pdf", "url": "/attachment/0/1/1.pdf"}]},
                               "http://www.gdsim.gov.cn/gkmlpt/index", "api")
    assert (link.title, link.date) == ("标题", "2024-01-19")
    assert link.attachments[0].url == "http://www.gdsim.gov.cn/attachment/0/1/1.pdf"


@pytest.mark.parametrize(("title", "kind", "reason"), [
    ("示例市卫生健康委员会2023年度政府信息公开工作年度报告", "report", ""),
    ("2022年上海市政府信息公开工作年度报告", "report", ""),
    ("示例县2023年政府网站工作年度报表", "distractor", "website_annual_form"),
    ("《示例市2023年政府信息公开工作年度报告》解读", "distractor", "interpretation"),
    ("示例市住房公积金2023年年度报告", "distractor", "housing_fund_report"),
    ("国务院办公厅政府信息公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", "distractor", "format_notice"),
    ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", "distractor", "compilation_notice"),
    ("石狮市2023年政府信息公开工作年度报告公布情况", "distractor", "publication_status"),
    ("示例市2023年法治政府建设年度报告", "distractor", "rule_of_law_report"),
    ("政府信息公开指南", "other", "title is not a report title"),
])
def test_titles_decide_what_a_link_is(title: str, kind: str, reason: str) -> None:
    assert classify_title(title) == (kind, reason)


def test_reposts_are_duplicates_and_each_url_counts_once() -> None:
    title = "示例市财政局2023年度政府信息公开工作年度报告"
    rows = classify_rows([Link("http://a/1.html", title), Link("http://a/1.html", title),
                          Link("http://a/2.html", title.replace("年度政府", "年度 政府")), Link("http://a/3.html", "年报解读")])
    assert [(r.url, r.kind) for r in rows] == [("http://a/1.html", "report"), ("http://a/2.html", "duplicate"),
                                               ("http://a/3.html", "distractor")]


def test_rows_keep_title_attribute_and_date_and_skip_navigation() -> None:
    html = ('<a href="/">首页</a><ul><li><a href="./202401/t20240118_1.html" title="示例县财政局2023年政府信息公开工作年度报告">'
            "示例县财政局2023年政府信息公开…</a><span>2024-01-18</span></li>"
            '<li><a href="javascript:void(0)">更多</a></li><li><a href="./P020240118512345678901.pdf">附件.pdf</a></li></ul>')
    rows = list_rows(html, BASE)
    assert [(r.title, r.date) for r in rows] == [("示例县财政局2023年政府信息公开工作年度报告", "2024-01-18"), ("附件.pdf", None)]
    assert [a.url for a in anchors(html, BASE)][0] == "http://www.example.gov.cn/"
    assert find_date("索引号 11440399007000000X/2026-02-00018 发布 2024年1月9日") == "2024-01-09"
    assert find_date("无日期") is None


def test_attachments_of_a_report_page() -> None:
    page = ('<div id="zoom"><a href="/module/download/downfile.jsp?classid=0&showname=a.pdf&filename=0e71.pdf">年报.pdf</a>'
            '<a href="./W020240118512345678901.png">表格</a><a href="/art/2024/1/23/art_1_9.html">解读</a>'
            '<a href="./P020240118512345678901.wps">年报.wps</a></div>'
            "<script>window._CONFIG = { DETAIL: {\"content\":\"\\u003Ca href=\\\"/attachment/0/1/2.docx\\\"\\u003Ex\\u003C/a\\u003E\","
            "\"attachment\":[{\"name\":\"正式.pdf\",\"url\":\"/attachment/0/1/1.pdf\"}]} };</script>")
    found = find_attachments(BASE, page, "2024-01-18")
    assert [(a.url.rsplit("/", 1)[1], a.title) for a in found] == [
        ("1.pdf", "正式.pdf"), ("2.docx", "x"), ("downfile.jsp?classid=0&showname=a.pdf&filename=0e71.pdf", "年报.pdf"),
        ("P020240118512345678901.wps", "年报.wps"),
    ]
    assert all(a.date == "2024-01-18" and a.referer == BASE for a in found)
    assert is_attachment("http://x/caac/202401/P020240103569247124102.pdf") and not is_attachment("http://x/a.html")


def test_report_columns_by_meta_or_slug() -> None:
    assert is_report_column("http://x/col/col1/index.html", '<meta name="ColumnName" content="政府信息公开年报">')
    assert is_report_column("http://x/zwgk/zfxxgknb/index.html", "")
    assert not is_report_column("http://x/col/col2/index.html", '<meta name="ColumnName" content="年报解读">')


def test_generic_walker_follows_the_next_page_link_once() -> None:
    page = ListPage("http://x.gov.cn/nb/1.html", '<a href="1.html">首页</a> <a href="2.html">下一页</a> <a href="9.html">尾页</a>',
                    result=None)  # type: ignore[arg-type]
    assert next_page(page, {"http://x.gov.cn/nb/1.html"}) == "http://x.gov.cn/nb/2.html"
    assert next_page(page, {"http://x.gov.cn/nb/2.html"}) is None
