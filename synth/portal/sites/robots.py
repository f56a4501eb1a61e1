"""Hosts whose robots.txt alone decides the crawl (research §8.5): disallow-all, 403, hanging."""

from __future__ import annotations

from gknb.synth.portal.corpus import Corpus
from gknb.synth.portal.http import SimResponse, html, text
from gknb.synth.portal.sites.base import Site

_HOME = ('<html><head><meta charset="utf-8"><title>首页</title></head><body>'
         '<a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a></body></html>')


class _RobotsSite(Site):
    outcome = ""

    def __init__(self, corpus: Corpus, host: str) -> None:
        super().__init__(host)
        self.route("/", lambda: html(_HOME))
        self.route("/zfxxgk/zfxxgknb/", lambda: html(_HOME))
        corpus.forbidden += [f"{self.base}/", f"{self.base}/zfxxgk/zfxxgknb/"]
        corpus.expect(f"{self.base}/", self.outcome)
        corpus.sites[host] = {"family": "generic", "robots": self.outcome}


class NoBotSite(_RobotsSite):
    """Baiduspider may, everyone else may not (the pbc.gov.cn pattern)."""

    outcome = "robots_disallowed"

    def robots(self) -> SimResponse:
        return text("User-agent: Baiduspider\nAllow: /\n\nUser-agent: *\nDisallow: /\n")


class Robots403Site(_RobotsSite):
    outcome = "robots_forbidden"

    def robots(self) -> SimResponse:
        return text("Forbidden", status=403)


class RobotsSlowSite(_RobotsSite):
    """robots.txt hangs for 90 s: the rules are unknown, so the host is deferred."""

    outcome = "robots_unavailable"

    def robots(self) -> SimResponse:
        answer = text("User-agent: *\nAllow: /\n")
        answer.delay = 90
        return answer
