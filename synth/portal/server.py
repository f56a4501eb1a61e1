"""Run the portal simulator on 127.0.0.1: in a thread for tests, or as a process for bench/demo.

    python -m gknb.synth.portal.server --port 8765 [--time-scale 0.05] [--bench-hosts 50] [--no-portals]

prints one JSON line ``{"port": …, "host_map": {…}}`` once listening, so a parent process
can point the crawler (``FetchSettings.host_map``) at it.  ``SIM_TIME_SCALE`` sets the
default time scale.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
import yaml

from gknb.synth.portal.app import PortalApp
from gknb.synth.portal.corpus import Corpus
from gknb.synth.portal.sites.base import Site
from gknb.synth.portal.sites.bench import BenchSite

SIM_SOURCES = Path(__file__).with_name("sources.yml")  # the crawler's sources for these portals
PORTAL_HOSTS = {
    "hanweb": "www.hwsim.gov.cn",
    "trs": "www.trssim.gov.cn",
    "gkmlpt": "www.gdsim.gov.cn",
    "gkmlpt_single": "www.gdsim2.gov.cn",
    "hostile": "xxgk.hostsim.gov.cn",
    "nobot": "www.nobot.gov.cn",
    "robots403": "www.robots403.gov.cn",
    "robotslow": "www.robotslow.gov.cn",
}


DISTRICT_NAMES = ("东城", "西城", "南湖", "北山", "青云", "临江", "金沙", "石桥", "白鹭", "松林", "凤凰", "玉泉")


DISTRICT_SCAN_EVERY = 8  # every 8th PDF attachment of the demo's district portals is a scan


def bench_host(i: int) -> str:
    return f"bench{i:02d}.benchsim.gov.cn"


def default_time_scale() -> float:
    return float(os.environ.get("SIM_TIME_SCALE", "1.0"))


def district_host(i: int) -> str:
    return f"www.gdsim-d{i:02d}.gov.cn"


def district_name(i: int) -> str:
    return f"示例{DISTRICT_NAMES[i % len(DISTRICT_NAMES)]}区"


def district_code(i: int) -> str:
    """Each district its own jurisdiction under 示例市 (990100), even where names repeat after twelve."""
    if i >= 89:
        raise ValueError("at most 89 simulated districts fit under 示例市's codes 990111-990199")
    return f"9901{11 + i:02d}"


def site_jurisdictions(districts: int = 0) -> dict[str, str]:
    """Host -> declared region code of every simulated portal: the ground truth's jurisdictions."""
    family = yaml.safe_load(SIM_SOURCES.read_text(encoding="utf-8"))["sources"]
    codes = {urlsplit(s["url"]).netloc: s["region_code"] for s in family}
    return codes | {district_host(i): district_code(i) for i in range(districts)}


def build_app(*, seed: int = 20250430, time_scale: float | None = None, portals: bool = True,
              bench_hosts: int = 0, bench_reports: int = 20, districts: int = 0) -> PortalApp:
    """The simulator: the family portals (needs synth.values/render), ``districts`` more
    gkmlpt district portals (24 reports each, for a demo-sized corpus) and/or
    ``bench_hosts`` plain ones."""
    corpus = Corpus(seed)
    sites: list[Site] = []
    aliases: dict[str, str] = {}
    if districts:
        from gknb.synth.portal.sites.gkmlpt import GkmlptSite

        corpus.scan_every = DISTRICT_SCAN_EVERY  # the demo shows a few scanned reports read by OCR
        sites += [GkmlptSite(corpus, district_host(i), sid=str(756000 + i), district=district_name(i),
                             departments=8, towns=4) for i in range(districts)]
        corpus.scan_every = 0
    if portals:
        from gknb.synth.portal.sites.gkmlpt import GkmlptSite
        from gknb.synth.portal.sites.govcn import HostileSite
        from gknb.synth.portal.sites.hanweb import HanwebSite
        from gknb.synth.portal.sites.robots import NoBotSite, Robots403Site, RobotsSlowSite
        from gknb.synth.portal.sites.trs import TrsSite

        sites += [
            HanwebSite(corpus, PORTAL_HOSTS["hanweb"]),
            TrsSite(corpus, PORTAL_HOSTS["trs"]),
            GkmlptSite(corpus, PORTAL_HOSTS["gkmlpt"]),
            GkmlptSite(corpus, PORTAL_HOSTS["gkmlpt_single"], sid="755100", district="示例新区",
                       departments=4, towns=1, single_page=True),
            HostileSite(corpus, PORTAL_HOSTS["hostile"]),
            NoBotSite(corpus, PORTAL_HOSTS["nobot"]),
            Robots403Site(corpus, PORTAL_HOSTS["robots403"]),
            RobotsSlowSite(corpus, PORTAL_HOSTS["robotslow"]),
        ]
        aliases["127.0.0.1"] = PORTAL_HOSTS["hostile"]  # the hostile portal also answers on the bare IP
    sites += [BenchSite(bench_host(i), bench_reports) for i in range(bench_hosts)]
    corpus.jurisdictions = site_jurisdictions(districts)
    return PortalApp(sites, time_scale=default_time_scale() if time_scale is None else time_scale,
                     manifest=corpus.manifest, aliases=aliases)


class SimulatorServer:
    """uvicorn on 127.0.0.1 in a daemon thread; ``with SimulatorServer(app) as sim: sim.host_map()``."""

    def __init__(self, app: PortalApp, port: int = 0) -> None:
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                                access_log=False, timeout_keep_alive=60, backlog=2048)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="portal-simulator", daemon=True)
        self.port = 0

    def start(self) -> "SimulatorServer":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("portal simulator did not start")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> "SimulatorServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}{path}"

    def host_map(self) -> dict[str, str]:
        return host_map(self.app, self.port)


def host_map(app: PortalApp, port: int) -> dict[str, str]:
    """Every simulated portal name -> this server (bare-IP aliases need no mapping)."""
    return {host: f"127.0.0.1:{port}" for host in app.sites if not host[0].isdigit()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the offline portal simulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--time-scale", type=float, default=None)
    parser.add_argument("--bench-hosts", type=int, default=0)
    parser.add_argument("--bench-reports", type=int, default=20)
    parser.add_argument("--no-portals", action="store_true", help="only the plain benchmark hosts")
    parser.add_argument("--manifest", help="write the ground-truth manifest here")
    args = parser.parse_args()
    app = build_app(time_scale=args.time_scale, portals=not args.no_portals,
                    bench_hosts=args.bench_hosts, bench_reports=args.bench_reports)
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as fh:
            json.dump(app.manifest(), fh, ensure_ascii=False, indent=1)
    config = uvicorn.Config(app, host="127.0.0.1", port=args.port, log_level="warning", lifespan="off",
                            access_log=False, timeout_keep_alive=60, backlog=2048)
    server = uvicorn.Server(config)
    print(json.dumps({"port": args.port, "host_map": host_map(app, args.port)}), flush=True)
    server.run()


if __name__ == "__main__":
    main()
