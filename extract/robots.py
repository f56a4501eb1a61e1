"""robots.txt as a per-host policy (research §3.6, RFC 9309 with gov.cn practice).

404/410 (and other 4xx) mean "no rules"; 401/403 mean permission cannot be established, so
the host is not crawled and is flagged; 5xx, timeouts and refused connections leave the
rules unknown, so the host is deferred rather than crawled blind.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

from gknb.model.fetch import ROBOTS_FORBIDDEN, ROBOTS_UNAVAILABLE

ALLOW_ALL = "allow_all"
PARSED = "parsed"
MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB; a crawler may ignore the rest


@dataclass(frozen=True)
class RobotsPolicy:
    state: str  # allow_all | parsed | robots_forbidden | robots_unavailable
    rules: Protego | None = None
    detail: str = ""

    @property
    def usable(self) -> bool:
        """False when the host must not be crawled at all this run."""
        return self.state in (ALLOW_ALL, PARSED)

    def allows(self, url: str, agent: str) -> bool:
        if self.state == ALLOW_ALL:
            return True
        if self.rules is None:
            return False
        return self.rules.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(agent)
        return float(delay) if delay is not None else None


def policy_from_answer(status: int | None, body: bytes | None, failure: str = "") -> RobotsPolicy:
    """The policy for a robots.txt answer; ``status`` None means no answer (``failure`` says why)."""
    if status is None:
        return RobotsPolicy(ROBOTS_UNAVAILABLE, detail=failure or "no answer")
    if status in (401, 403):
        return RobotsPolicy(ROBOTS_FORBIDDEN, detail=f"robots.txt answered {status}")
    if status >= 500 or status == 429:
        return RobotsPolicy(ROBOTS_UNAVAILABLE, detail=f"robots.txt answered {status}")
    if status >= 400:
        return RobotsPolicy(ALLOW_ALL, detail=f"robots.txt answered {status}")
    if status != 200:
        return RobotsPolicy(ROBOTS_UNAVAILABLE, detail=f"robots.txt answered {status}")
    text = (body or b"")[:MAX_BYTES].decode("utf-8", errors="replace")
    if "<html" in text[:512].lower():
        # A 200 HTML page at /robots.txt (soft 404 or a CMS error page) carries no rules.
        return RobotsPolicy(ALLOW_ALL, detail="robots.txt is an HTML page")
    return RobotsPolicy(PARSED, rules=Protego.parse(text))
