"""One Prefect API for the whole test session (a temporary SQLite server on loopback).

Loaded with ``pytest_plugins = ["tests.prefect_fixtures"]``; starting the harness costs
seconds, so every flow test shares one, and each xdist worker gets its own.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_api():
    """Yields once the harness's API answers; flows in the session run against it."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield
