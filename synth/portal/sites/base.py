"""What every simulated portal shares: static routes, revisions, report page bodies."""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from gknb.synth.portal.corpus import SimFile, SimReport
from gknb.synth.portal.http import SimRequest, SimResponse, data, not_found

SECTION_HEADINGS = (
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
)
_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword", "wps": "application/vnd.ms-works", "xls": "application/vnd.ms-excel",
}


class Site:
    """A router over exact request targets, plus ``dynamic`` for what cannot be precomputed."""

    family = "generic"

    def __init__(self, host: str) -> None:
        self.host = host
        self.base = f"http://{host}"
        self._routes: dict[str, Callable[[], SimResponse]] = {}
        self._reports: dict[str, SimReport] = {}
        self._cache: dict[str, SimResponse] = {}

    def route(self, target: str, render: Callable[[], SimResponse], report: SimReport | None = None) -> None:
        self._routes[target] = render
        if report is not None:
            self._reports[target] = report

    def robots(self) -> SimResponse:
        return not_found()

    def not_found(self) -> SimResponse:
        return not_found()

    async def dynamic(self, request: SimRequest) -> SimResponse | None:
        return None

    async def handle(self, request: SimRequest) -> SimResponse:
        if request.path == "/robots.txt":
            return self.robots()
        if request.method in ("GET", "HEAD") and request.target in self._routes:
            if request.target not in self._cache:
                self._cache[request.target] = self._routes[request.target]()
            return self._cache[request.target]
        return await self.dynamic(request) or self.not_found()

    def mutate(self, target: str) -> bool:
        report = self._reports.get(target)
        if report is None:
            return False
        report.revision += 1
        self._cache.pop(target, None)
        return True

    def serve_file(self, target: str, attached: SimFile) -> None:
        """An attachment route named the way the file says (RFC 5987, raw GBK or by URL only)."""
        headers: list[tuple[str, str]] = []
        content_type = _MEDIA.get(attached.ext, "application/octet-stream")
        if attached.disposition == "rfc5987":
            content_type = "application/octet-stream"
            headers.append(("Content-Disposition", f"attachment; filename*=UTF-8''{quote(attached.filename)}"))
        elif attached.disposition == "gbk":
            content_type = "application/octet-stream"
            raw = attached.filename.encode("gb18030").decode("latin-1")  # raw GBK bytes on the wire
            headers.append(("Content-Disposition", f'attachment; filename="{raw}"'))
        self.route(target, lambda: data(attached.body, content_type, headers=headers))


def report_body(report: SimReport, attachment_links: str = "") -> str:
    """The six sections with the tables inline, or only the attachment for attachment-only reports."""
    if not report.has_html_tables:
        return f"<p>{report.title}</p><p>附件：{attachment_links}</p>"
    intro = (f"<p>{SECTION_HEADINGS[0]}</p><p>本报告由{report.unit.name}编制。本报告中所列数据的统计期限自"
             f"{report.year}年1月1日起至{report.year}年12月31日止。</p>")
    outro = (f"<p>{SECTION_HEADINGS[4]}</p><p>公开工作仍有不足，将持续改进。</p>"
             f"<p>{SECTION_HEADINGS[5]}</p><p>无。</p>")
    files = f"<p>附件：{attachment_links}</p>" if attachment_links else ""
    return intro + report.tables_html() + outro + files


def truncated(title: str, limit: int = 20) -> str:
    """Anchor text as list templates cut it; the full title stays in the ``title`` attribute."""
    return title if len(title) <= limit else title[:limit] + "…"
