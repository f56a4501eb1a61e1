"""A night's verdict, its health log and its alert, on real loopback sockets and a real Prefect API.

Every portal is down (a closed loopback port): the night must end ``failed`` — Failed flow
state, exit code 1, ``verdict: failed`` as the run report's first line — and the alert URL
must receive the verdict.  The thresholds themselves are checked on ``judge`` directly.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gknb.flows.verdict import DEGRADED, FAILED, OK, Thresholds, judge

pytest_plugins = ["tests.prefect_fixtures"]
ROOT = Path(__file__).resolve().parents[1]


def closed_port() -> int:
    """A loopback port nothing listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver(ThreadingHTTPServer):
    """A loopback webhook that keeps what was posted to it."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.posts.append({"path": self.path, **json.loads(body or b"{}")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def __enter__(self) -> "Receiver":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def down_sources(path: Path, names: tuple[str, ...] = ("east", "west")) -> Path:
    port = closed_port()
    lines = ["sources:"] + [f"  - {{name: {n}, url: 'http://127.0.0.1:{port}/{n}/', allow_private_addresses: true}}"
                            for n in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FAST = {"min_delay": 0.0, "default_delay": 0.0, "max_retries": 0, "connect_timeout": 1.0}


@pytest.mark.integration
def test_every_portal_down_fails_the_night_alerts_and_keeps_health(prefect_api, tmp_path, monkeypatch):
    from gknb.flows.nightly import nightly

    data = tmp_path / "data"
    monkeypatch.setenv("GKNB_SOURCES", str(down_sources(tmp_path / "sources.yml")))
    with Receiver() as receiver:
        monkeypatch.setenv("GKNB_ALERT_URL", f"json://127.0.0.1:{receiver.server_port}/hook")
        first = nightly(data_dir=str(data), fetch_overrides=FAST, return_state=True)
        second = nightly(data_dir=str(data), fetch_overrides=FAST, return_state=True)

    assert first.is_failed() and second.is_failed()
    assert "no source reachable (2 of 2" in second.message
    night = second.result(raise_on_failure=False).summary
    assert night["verdict"] == FAILED and night["exit_code"] == 1
    report = (data / "reports" / "latest.md").read_text(encoding="utf-8")
    assert report.splitlines()[0].startswith("verdict: failed — no source reachable")
    assert len(receiver.posts) == 2
    alert = receiver.posts[-1]
    assert alert["path"] == "/hook" and alert["type"] == "failure"
    assert "verdict: failed" in alert["title"] and "## Source health" in alert["message"]
    # Health over time: two failing nights in a row, never a success, tonight's outcome mix.
    health = {row["source"]: row for row in night["health"]}
    assert set(health) == {"east", "west"}
    assert health["east"]["failing nights"] == 2 and health["east"]["last success"] == "never"
    assert "robots_unavailable" in health["east"]["outcomes"]
    assert "| east | blocked | never | 2 |" in report


@pytest.mark.integration
def test_cron_line_exits_non_zero_on_a_failed_night(prefect_api, tmp_path):
    """`python -m gknb.flows.nightly` (the documented cron line) against the session's API, with no
    source to crawl (an emptied sources file): nothing reachable is a failed night."""
    from prefect.settings import PREFECT_API_URL

    (tmp_path / "s.yml").write_text("sources: []\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": PREFECT_API_URL.value(),
           "GKNB_DATA_DIR": str(tmp_path / "data"), "GKNB_SOURCES": str(tmp_path / "s.yml")}
    with Receiver() as receiver:
        env["GKNB_ALERT_URL"] = f"json://127.0.0.1:{receiver.server_port}/"
        done = subprocess.run([sys.executable, "-m", "gknb.flows.nightly"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-2000:]
    assert [p["type"] for p in receiver.posts] == ["failure"]
    first_line = (tmp_path / "data" / "reports" / "latest.md").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "verdict: failed — no source reachable (no sources configured)"


def _judge(**changes):
    night = dict(crawl=[{"source": "a", "status": "ok", "reports_found": 5},
                        {"source": "b", "status": "ok", "reports_found": 3}],
                 crawled=True, parsed=8, parse_failures=0, reports_before=10, reports_now=12, export_error="",
                 previously_reporting={"a": 5, "b": 3}, thresholds=Thresholds())
    return judge(**{**night, **changes})


def test_verdict_thresholds():
    assert _judge().level == OK
    one_down = [{"source": "a", "status": "ok", "reports_found": 5}, {"source": "b", "status": "error", "error": "boom"}]
    assert _judge(crawl=one_down).level == DEGRADED  # 1 of 2 is not more than half
    assert _judge(crawl=one_down, thresholds=Thresholds(failed_source_share=0.4)).level == FAILED
    assert _judge(crawl=[]).level == FAILED
    shrunk = _judge(reports_now=9)
    assert shrunk.level == FAILED and "shrank from 10 to 9" in shrunk.reasons[0]
    silent = _judge(crawl=[{"source": "a", "status": "ok", "reports_found": 5},
                           {"source": "b", "status": "ok", "reports_found": 0}])
    assert silent.level == DEGRADED and "b (had 3)" in silent.reasons[0]
    assert _judge(parse_failures=2).level == DEGRADED  # 2 of 8 > 20 %
    assert _judge(parse_failures=1).level == OK
    assert _judge(export_error="OSError: disk full").level == FAILED
    every_report_blocked = [{"source": "a", "status": "ok", "reports_found": 5, "blocked": 5},
                            {"source": "b", "status": "ok", "reports_found": 3}]
    assert "a" in _judge(crawl=every_report_blocked).reasons[0]
    assert _judge(crawled=False, crawl=[]).level == OK  # local documents only: nothing was crawled


def test_the_summary_stays_readable_at_80_columns():
    """Long source names, every crawl column and the health table on an 80-column terminal."""
    from rich.console import Console

    from gknb.flows.summary import print_summary

    crawl = [{"source": name, "status": status, "reports_found": 1234, "new": 1234, "updated": 12, "unchanged": 999,
              "blocked": 5, "failed": 7, "attachments": 2345}
             for name, status in (("gkmlpt-single", "ok"), ("beijing-zfxxgk", "robots_unavailable"),
                                  ("a-very-long-source-name-of-a-county", "ok"))]
    health = [{"source": row["source"], "tonight": "ok", "last success": "2026-12-03 02:00", "failing nights": 0,
               "reports/night": "1234 1230 1229 1200 0 0 1234", "outcomes": "ok 12, not_modified 300"} for row in crawl]
    result = {"verdict": "degraded", "reasons": ["1 of 3 sources failed or blocked: beijing-zfxxgk"], "crawl": crawl,
              "health": health, "documents": 10, "unchanged": 2, "parsed": 8, "by_status": {"parsed": 8}, "loaded": 8,
              "totals": {"reports": 8}, "exported": True, "failing_checks": 0}
    console = Console(width=80, record=True, color_system=None)
    print_summary(console, result, Path("data/reports/latest.md"))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    row = next(line for line in lines if line.lstrip().startswith("gkmlpt-single"))
    assert row.split()[:9] == ["gkmlpt-single", "ok", "1234", "1234", "12", "999", "5", "7", "2345"]
    assert any(line.split()[:2] == ["beijing-zfxxgk", "blocked"] for line in lines)
    assert "  beijing-zfxxgk: robots_unavailable" in lines


@pytest.mark.integration
def test_a_night_that_stops_still_alerts(prefect_api, tmp_path, monkeypatch):
    """The warehouse path is a folder: the night raises before judging itself, and says so."""
    from gknb.flows.nightly import nightly

    data = tmp_path / "data"
    (data / "gknb.duckdb").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    with Receiver() as receiver:
        monkeypatch.setenv("GKNB_ALERT_URL", f"json://127.0.0.1:{receiver.server_port}/")
        state = nightly(paths=[str(tmp_path / "docs")], data_dir=str(data), return_state=True)
    assert state.is_failed()
    [alert] = receiver.posts
    assert alert["type"] == "failure" and alert["title"].startswith("gknb nightly: verdict: failed — the night stopped: ")
