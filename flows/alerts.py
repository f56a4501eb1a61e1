"""Tell someone when a night is not ``ok``: the verdict and the run report's summary, via apprise.

apprise (installed with Prefect) speaks to e-mail, Slack, Matrix, ntfy, a plain JSON webhook
(``json://host:port/path``) and ~100 more services from one URL, so the operator configures
one variable, ``GKNB_ALERT_URL``, and no gknb code knows any service.  A failed delivery is
logged and recorded in the run report; it never turns a night's verdict worse or better.
"""

from __future__ import annotations

from gknb.flows.verdict import DEGRADED, FAILED, OK, Verdict

MAX_BODY = 4000  # characters of the run report's summary: chat services cut longer messages
_NOTIFY_TYPES = {DEGRADED: "warning", FAILED: "failure", OK: "success"}


def summary_text(report_markdown: str) -> str:
    """The run report, cut to what a chat or mail notification shows whole."""
    return report_markdown if len(report_markdown) <= MAX_BODY else report_markdown[:MAX_BODY] + "\n…"


def send_alert(url: str, verdict: Verdict, report_markdown: str, title_prefix: str = "gknb nightly") -> str:
    """Deliver the alert; returns "" when delivered, else why not (for the log and the run report)."""
    import apprise

    notifier = apprise.Apprise()
    if not notifier.add(url):
        return f"GKNB_ALERT_URL is not a URL apprise understands: {url.split('://')[0]}://…"
    delivered = notifier.notify(title=f"{title_prefix}: {verdict.line()}", body=summary_text(report_markdown),
                                notify_type=_NOTIFY_TYPES[verdict.level])
    return "" if delivered else "the alert service did not accept the notification"
