"""Fixtures for the crawler tests: the portal simulator on loopback and a crawler pointed at it.

Loaded with ``pytest_plugins = ["tests.portal_fixtures"]`` by the test_crawl_* modules, which
use it through fixtures only (importing it directly would defeat pytest's assertion rewriting).
Time runs at SIM_TIME_SCALE (0.02): the simulator's sleeps, Retry-After and Crawl-delay
shrink by that factor and the crawler's settings are sized to match, so the hostile
portal's 75 s hang costs 1.5 s.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Callable

import pytest

from gknb.extract.archive import Archive
from gknb.extract.crawl import CrawlResult, crawl_sources
from gknb.extract.http.settings import FetchSettings
from gknb.extract.sources import Source, load_sources
from gknb.synth.portal.server import SIM_SOURCES, SimulatorServer, build_app

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

SIM_TIME_SCALE = 0.02
DELAY = 0.05  # the crawler's per-host floor in tests


def _settings(sim: SimulatorServer, **overrides: object) -> FetchSettings:
    return FetchSettings(
        min_delay=DELAY, default_delay=DELAY, connect_timeout=1.0, read_timeout=0.5, request_budget=1.0,
        max_retries=2, backoff_base=0.01, backoff_max=0.05, time_scale=SIM_TIME_SCALE,
        host_map=sim.host_map(), resolve_dns=False,
    ).with_overrides(**overrides)


def _crawl(sources: list[Source], archive: Archive, settings: FetchSettings) -> dict[str, CrawlResult]:
    results = asyncio.run(crawl_sources(sources, archive, settings))
    return {r.source: r for r in results}


@pytest.fixture(scope="module")
def portal() -> SimulatorServer:
    """A fresh simulator per test module (tests change its state: logs, revisions, counters)."""
    with SimulatorServer(build_app(time_scale=SIM_TIME_SCALE)) as sim:
        yield sim


@pytest.fixture(scope="module")
def sim_sources() -> list[Source]:
    return load_sources(SIM_SOURCES)


@pytest.fixture(scope="module")
def sim_sources_file() -> Path:
    return SIM_SOURCES


@pytest.fixture(scope="module")
def sim_settings(portal: SimulatorServer) -> Callable[..., FetchSettings]:
    """Crawler settings for the simulator: ``sim_settings(max_retries=0)`` overrides fields."""
    return lambda **overrides: _settings(portal, **overrides)


@pytest.fixture(scope="module")
def run_crawl() -> Callable[[list[Source], Archive, FetchSettings], dict[str, CrawlResult]]:
    """Crawl sources (concurrently, one fetcher) and return their results by source name."""
    return _crawl


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    with Archive(tmp_path / "archive", tmp_path / "fetchlog.duckdb") as store:
        yield store
