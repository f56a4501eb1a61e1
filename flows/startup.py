"""Reach a Prefect API before any flow runs: the one place every entry point starts Prefect.

``gknb demo``, ``gknb nightly`` and the cron line (``python -m gknb.flows.nightly``) all call
``ensure_prefect_api`` first.  With ``PREFECT_API_URL`` set, the server must answer its health
check; without it, Prefect's temporary (ephemeral) server is started here, with a start-up
timeout sized for a loaded machine and a few attempts, instead of lazily by the first API
call with Prefect's default 20 s.  Either way a failure is one ``PrefectUnavailable`` line,
not a 150-line traceback from deep inside the first task.
"""

from __future__ import annotations

import os

from gknb.errors import GknbError, UsageError
from gknb.model.settings import settings

QUIET_PREFECT = {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
HEALTH_TIMEOUT = 5.0


class PrefectUnavailable(GknbError):
    """No Prefect API could be reached or started."""


def prepare_environment() -> None:
    """Telemetry off and the ephemeral start-up timeout set, before Prefect is first imported."""
    for key, value in QUIET_PREFECT.items():
        os.environ.setdefault(key, value)
    try:
        timeout = settings().prefect_startup_timeout
    except UsageError:
        return  # this runs on import; the command reading the settings says what is wrong, in one line
    # Anything that starts the ephemeral server lazily (a subprocess, a worker) waits as long.
    os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = str(int(max(1.0, timeout)))


def _check_remote(api_url: str) -> None:
    import httpx

    try:
        answer = httpx.get(api_url.rstrip("/") + "/health", timeout=HEALTH_TIMEOUT)
    except httpx.HTTPError as exc:
        raise PrefectUnavailable(f"no Prefect server answers at {api_url} ({type(exc).__name__})",
                                 hint="start one with `prefect server start`, or unset PREFECT_API_URL "
                                      "to use a temporary server") from exc
    if answer.status_code != 200:
        raise PrefectUnavailable(f"the Prefect server at {api_url} answered {answer.status_code} to its health check",
                                 hint="check the server's log")


def _start_ephemeral(timeout: float, attempts: int) -> None:
    from prefect.server.api.server import SubprocessASGIServer

    last = ""
    for _ in range(attempts):
        server = SubprocessASGIServer()
        try:
            server.start(timeout=timeout)  # type: ignore[arg-type] - a float is compared, never required int
            return
        except Exception as exc:  # Prefect raises RuntimeError with the server's whole output
            last = str(exc).split(".")[0]
            server.stop()  # kills the process and forgets the instance, so the next attempt is clean
    raise PrefectUnavailable(
        f"Prefect's temporary API server did not start within {timeout:g} s ({attempts} attempts: {last})",
        hint="raise GKNB_PREFECT_STARTUP_TIMEOUT, or set PREFECT_API_URL to a running `prefect server start`")


def ensure_prefect_api() -> None:
    """Make sure flows have an API to talk to; raises PrefectUnavailable (one line) if not."""
    prepare_environment()
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url:
        from prefect.settings import PREFECT_API_URL

        api_url = PREFECT_API_URL.value()
    if api_url:
        _check_remote(api_url)
    else:
        current = settings()
        _start_ephemeral(current.prefect_startup_timeout, current.prefect_startup_attempts)
