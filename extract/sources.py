"""Portal sources declared as data (``extract/sources.yml``), loaded and validated strictly.

One small entry per portal, zavod-style: users add a portal by editing YAML, never code.
Validation reads every entry to the end and reports all problems at once, so a typo in
one entry names itself instead of failing the whole crawl halfway through.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from gknb.model.regions import SIMULATED_PREFIX, is_registered

DEFAULT_SOURCES = Path(__file__).with_name("sources.yml")

FAMILIES = ("hanweb", "trs", "gkmlpt", "govcn", "generic", "auto")
ADMIN_LEVELS = ("central", "province", "prefecture", "county", "township")

_KEYS = {
    "name", "url", "family", "region", "region_code", "admin_level", "delay", "max_pages",
    "allow_private_addresses", "allowed_hosts", "verified_offline", "notes",
}


class SourceError(ValueError):
    """The sources file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str  # portal home, 政府信息公开 landing or the 年报 column itself
    family: str = "auto"
    region: str = ""
    # The jurisdiction the portal serves: a 6-digit GB/T 2260 code (model/data/regions.csv),
    # 100000 for central bodies, 99xxxx for the simulator's invented places.  Reports found
    # on the portal are placed in it (transform/identity.py).
    region_code: str = ""
    admin_level: str = "county"  # level of the agencies whose reports the portal hosts
    delay: float | None = None  # seconds between requests to one host; never below the crawler floor
    max_pages: int | None = None  # list pages walked per column
    # Loopback/private targets are refused unless this is set; for the simulator and the demo only.
    allow_private_addresses: bool = False
    allowed_hosts: tuple[str, ...] = ()  # extra hosts redirects and attachments may lead to
    verified_offline: bool = False  # True only for entries exercised against the simulator
    notes: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()

    @property
    def hosts(self) -> frozenset[str]:
        """Every host this source may fetch from: its own plus the declared extras."""
        return frozenset({self.host, *(h.lower() for h in self.allowed_hosts)})


def _check_entry(i: int, raw: Any) -> tuple[Source | None, list[str]]:
    where = f"entry {i + 1}"
    if not isinstance(raw, dict):
        return None, [f"{where}: expected a mapping, got {type(raw).__name__}"]
    where = f"entry {i + 1} ({raw.get('name', '?')})"
    problems = [f"{where}: unknown key {k!r}" for k in sorted(set(raw) - _KEYS)]
    for key in ("name", "url"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.append(f"{where}: {key} is required")
    url = raw.get("url") or ""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is not None and url and (parts.scheme not in ("http", "https") or not parts.netloc):
        problems.append(f"{where}: url must be an absolute http(s) URL, got {url!r}")
    family = raw.get("family", "auto")
    if family not in FAMILIES:
        problems.append(f"{where}: family {family!r} not one of {', '.join(FAMILIES)}")
    level = raw.get("admin_level", "county")
    if level not in ADMIN_LEVELS:
        problems.append(f"{where}: admin_level {level!r} not one of {', '.join(ADMIN_LEVELS)}")
    code = str(raw.get("region_code", ""))
    if code and not (len(code) == 6 and code.isdigit()):
        problems.append(f"{where}: region_code must be a 6-digit GB/T 2260 code, got {code!r}")
    elif code and not code.startswith(SIMULATED_PREFIX) and not is_registered(code):
        problems.append(f"{where}: region_code {code} is not in the division registry (model/data/regions.csv)")
    delay = raw.get("delay")
    if delay is not None and (not isinstance(delay, (int, float)) or delay < 0):
        problems.append(f"{where}: delay must be a non-negative number of seconds")
    max_pages = raw.get("max_pages")
    if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
        problems.append(f"{where}: max_pages must be a positive integer")
    hosts = raw.get("allowed_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        problems.append(f"{where}: allowed_hosts must be a list of host names")
    for key in ("allow_private_addresses", "verified_offline"):
        if not isinstance(raw.get(key, False), bool):
            problems.append(f"{where}: {key} must be true or false")
    if problems:
        return None, problems
    return Source(
        name=raw["name"], url=url, family=family, region=str(raw.get("region", "")), region_code=code,
        admin_level=level, delay=None if delay is None else float(delay), max_pages=max_pages,
        allow_private_addresses=raw.get("allow_private_addresses", False),
        allowed_hosts=tuple(hosts), verified_offline=raw.get("verified_offline", False),
        notes=str(raw.get("notes", "")),
    ), []


def parse_sources(text: str) -> list[Source]:
    """Sources from YAML text: a top-level ``sources:`` list of entries."""
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceError("the sources file needs a top-level 'sources:' list")
    sources: list[Source] = []
    problems: list[str] = []
    for i, raw in enumerate(data["sources"]):
        source, errs = _check_entry(i, raw)
        problems.extend(errs)
        if source is not None:
            sources.append(source)
    seen: set[str] = set()
    for s in sources:
        if s.name in seen:
            problems.append(f"duplicate source name {s.name!r}")
        seen.add(s.name)
    if problems:
        raise SourceError("; ".join(problems))
    return sources


def load_sources(path: str | Path = DEFAULT_SOURCES) -> list[Source]:
    return parse_sources(Path(path).read_text(encoding="utf-8"))


def select_sources(sources: list[Source], names: list[str] | None) -> list[Source]:
    """The named sources, in file order; all of them when no names are given."""
    if not names:
        return list(sources)
    known = {s.name for s in sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SourceError(f"unknown source(s): {', '.join(unknown)}")
    return [s for s in sources if s.name in names]

