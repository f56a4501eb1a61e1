"""Errors a user can cause are one line with what to do, exit 2 for usage and 1 for failure.

Run as real processes: the point is what reaches the terminal and the exit code, and that
a bad argument is refused before Prefect starts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "GKNB_"))}
    full_env.update(PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "prefect"), COLUMNS="100", **env)
    return subprocess.run([sys.executable, *args], cwd=tmp_path, env=full_env, capture_output=True, text=True,
                          timeout=120)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unknown_source_in_nightly_is_one_usage_line(tmp_path):
    done = run(["-m", "gknb", "nightly", "--source", "atlantis"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line, no traceback
    assert "unknown source(s): atlantis — known sources: hangzhou" in done.stderr
    assert not (tmp_path / "prefect").exists()  # refused before Prefect was touched


def test_serve_without_a_reachable_server_is_one_line(tmp_path):
    done = run(["-m", "gknb", "serve"], tmp_path, PREFECT_API_URL=f"http://127.0.0.1:{closed_port()}/api")
    assert done.returncode == 1
    assert done.stderr.startswith("error: no Prefect server answers at http://127.0.0.1:")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_debug_shows_the_traceback(tmp_path):
    done = run(["-m", "gknb", "--debug", "serve"], tmp_path, PREFECT_API_URL=f"http://127.0.0.1:{closed_port()}/api")
    assert done.returncode == 1 and "Traceback" in done.stderr and "PrefectUnavailable" in done.stderr


def test_prefect_start_up_failure_is_one_line_and_non_zero(tmp_path):
    """The cron line with a start-up timeout no server can meet: tried, then one clear line."""
    done = run(["-m", "gknb.flows.nightly"], tmp_path, GKNB_PREFECT_STARTUP_TIMEOUT="0.01",
               GKNB_PREFECT_STARTUP_ATTEMPTS="2", GKNB_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("gknb nightly:")]
    assert "did not start within 0.01 s (2 attempts" in line and "GKNB_PREFECT_STARTUP_TIMEOUT" in line


def test_the_demo_hints_run_when_pasted(tmp_path):
    """The commands the demo prints at its end, pasted as printed (venv not on PATH, cwd elsewhere)."""
    import shlex

    from rich.console import Console

    from gknb.demo import print_hints
    from gknb.load.warehouse import Warehouse

    db = tmp_path / "demo data" / "gknb.duckdb"  # a space in the path, as a home folder may have
    db.parent.mkdir()
    Warehouse(db).close()
    console = Console(width=80, record=True, color_system=None)
    print_hints(console, db)
    commands = [line.strip() for line in console.export_text().splitlines() if "--db" in line]
    assert len(commands) == 2
    for command in commands:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
        done = subprocess.run(shlex.split(command), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr[-1000:])
