"""The offline demo's portals: every simulated CMS family plus more gkmlpt districts.

``start_demo_portal`` serves them on one loopback port and yields what the demo needs: the
address, the host map that sends the invented ``*.gov.cn`` names to it, the sources to
crawl, and how many reports the corpus holds (a few of them broken, blocked or inconsistent,
as on real portals).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gknb.synth.portal.app import PortalApp
from gknb.synth.portal.server import SIM_SOURCES, SimulatorServer, build_app, district_host

REPORTS_PER_DISTRICT = 24  # 8 departments × 2 years + 4 towns × 2 years
FAMILY_REPORTS = 100  # the Hanweb, TRS, gkmlpt and gov.cn portals of the crawler tests


@dataclass(frozen=True)
class DemoPortal:
    address: str
    host_map: dict[str, str]
    sources: list[dict[str, Any]]
    reports: int
    manifest: dict[str, Any]
    app: PortalApp  # its ``log`` is every request the portals answered


def _sources(districts: int) -> list[dict[str, Any]]:
    family = yaml.safe_load(SIM_SOURCES.read_text(encoding="utf-8"))["sources"]
    extra = [
        {"name": f"district-{i:02d}", "url": f"http://{district_host(i)}/", "family": "gkmlpt", "region": "模拟市",
         "admin_level": "county", "verified_offline": True}
        for i in range(districts)
    ]
    return family + extra


@contextmanager
def start_demo_portal(folder: Path, *, reports: int = 300, time_scale: float = 0.02) -> Iterator[DemoPortal]:
    """Serve a corpus of at least ``reports`` reports on 127.0.0.1 until the block ends.

    ``folder`` receives the ground-truth manifest (``manifest.json``) so the demo's numbers
    can be checked against what the portals really published.
    """
    districts = max(0, -(-(reports - FAMILY_REPORTS) // REPORTS_PER_DISTRICT))
    app = build_app(time_scale=time_scale, districts=districts)
    manifest = app.manifest()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, default=str), encoding="utf-8")
    with SimulatorServer(app) as server:
        yield DemoPortal(
            address=f"127.0.0.1:{server.port}",
            host_map=server.host_map(),
            sources=_sources(districts),
            reports=len(manifest["reports"]),
            manifest=manifest,
            app=app,
        )
