"""Plain, well-behaved portals for the throughput benchmark: a TRS list and small report pages.

They carry no generated tables (rendering thousands of reports would measure the renderer,
not the crawler); each page is a few kilobytes of report-shaped HTML.
"""

from __future__ import annotations

from gknb.synth.portal.corpus import NOW
from gknb.synth.portal.http import SimResponse, html
from gknb.synth.portal.sites.base import SECTION_HEADINGS, Site

PAGE_SIZE = 10


class BenchSite(Site):
    family = "trs"

    def __init__(self, host: str, reports: int = 20) -> None:
        super().__init__(host)
        rows = []
        for i in range(reports):
            title = f"示例单位{i:03d}2023年政府信息公开工作年度报告"
            path = f"/zfxxgknb/202401/t202401{(i % 28) + 1:02d}_{i:06d}.html"
            body = "".join(f"<p>{h}</p><p>{'本单位依法公开政府信息。' * 40}</p>" for h in SECTION_HEADINGS)
            self.route(path, lambda title=title, body=body: html(
                f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
                f'<div class="TRS_Editor">{body}</div></body></html>'))
            rows.append((title, path))
        pages = [rows[i:i + PAGE_SIZE] for i in range(0, len(rows), PAGE_SIZE)]
        for n, chunk in enumerate(pages):
            target = "/zfxxgknb/index.html" if n == 0 else f"/zfxxgknb/index_{n}.html"
            self.route(target, lambda chunk=chunk, n=n, count=len(pages): self._list(chunk, n, count))

    def _list(self, rows: list[tuple[str, str]], n: int, count: int) -> SimResponse:
        items = "".join(f'<li><a href="{path}" title="{title}">{title}</a><span>{NOW.isoformat()}</span></li>'
                        for title, path in rows)
        return html(f'<html><head><meta charset="utf-8"><meta name="ColumnName" content="政府信息公开年报"></head><body>'
                    f'<ul class="list">{items}</ul><script>createPageHTML({count}, {n}, "index", "html");</script></body></html>')
