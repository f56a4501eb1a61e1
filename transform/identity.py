"""Which agency a report is: a stable ``agency_id`` from the printed name and the portal's jurisdiction.

Identity rules (the data dictionary repeats them):

* The name is read from the document (its printed agency, else its title), in Simplified
  script (Traditional converted), normalised (``gknb.transform.agency.normalise``: spaces,
  full-width forms, whole-part abbreviations such as 卫健委), and renamed bodies are carried
  to their current name through ``RENAMED`` (卫生和计划生育委员会 → 卫生健康委员会 since 2018).
* The divisions the name starts with are looked up in the GB/T 2260 registry *within the
  jurisdiction of the portal that published it* (``extract/sources.yml``).  A name that names
  no division belongs to that jurisdiction (洪泽区人民政府 on 淮安市洪泽区's portal is 淮安市
  洪泽区人民政府); with no jurisdiction (a local file) the divisions must name exactly one
  registry entry.  Anything else — a division outside the jurisdiction, a name two entries
  share (鼓楼区), no name at all — is an *issue*, never a guess.
* A township or street (镇, 乡, 街道) is its own agency under its county's code: the same
  town name in two counties is two agencies; 街道, 镇 and 乡 of one name are three.
* ``agency_id`` = region code + a hash of the name below the divisions (town and body), so
  it is the same for every printing of the name and for every year, and two units differ
  in code or in name.  A government (人民政府) and its general office (人民政府办公室) differ
  in name, so they are two agencies.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from gknb.transform import agency as names
from gknb.transform.labels import to_simplified
from gknb.model.regions import Registry

# Renamed bodies: (old department name, current name, year the current name took effect).
# One agency under both names; only whole renames, never mergers of several bodies.
RENAMED: tuple[tuple[str, str, int], ...] = (
    ("卫生和计划生育委员会", "卫生健康委员会", 2018),
    ("卫生和计划生育局", "卫生健康局", 2018),
    ("卫计委", "卫生健康委员会", 2018),
    ("卫计局", "卫生健康局", 2018),
    ("环境保护局", "生态环境局", 2018),
    ("环境保护厅", "生态环境厅", 2018),
    ("国土资源局", "自然资源局", 2018),
    ("国土资源厅", "自然资源厅", 2018),
)
# Sector of a department: the first keyword its name contains.
SECTORS: tuple[tuple[str, str], ...] = (
    ("卫生健康", "health"), ("医疗保障", "health"), ("疾病预防控制", "health"),
    ("教育", "education"), ("公安", "public_security"), ("自然资源", "natural_resources"),
    ("规划", "natural_resources"), ("林业", "natural_resources"), ("财政", "finance"), ("税务", "finance"),
    ("民政", "civil_affairs"), ("生态环境", "environment"), ("住房", "housing"), ("城乡建设", "housing"),
    ("交通", "transport"), ("农业", "agriculture"), ("水利", "water"), ("商务", "commerce"),
    ("文化", "culture"), ("旅游", "culture"), ("市场监督", "market_regulation"), ("统计", "statistics"),
    ("司法", "justice"), ("审计", "audit"), ("应急管理", "emergency"), ("退役军人", "veterans"),
    ("人力资源", "human_resources"), ("发展和改革", "development"), ("工业和信息化", "industry"),
    ("政务服务", "government_services"), ("人民防空", "civil_defence"), ("体育", "sport"),
)
KINDS = ("government", "office", "department", "township", "other")
GOVERNMENT = "人民政府"
OFFICES = ("人民政府办公室", "人民政府办公厅")
_TOWNSHIP_BODIES = ("人民政府", "办事处")
_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "厅", "办公室", "办", "署", "部", "总队", "支队")
_TITLE_NOISE = re.compile(r"《|》|\d{4}\s*年度?|政府信息公开(?:工作)?年度?报告.*$")


@dataclass(frozen=True)
class Agency:
    agency_id: str
    canonical_name: str
    region_code: str
    admin_level: str  # central | province | prefecture | county | township
    kind: str  # government | office | department | township | other
    sector: str | None
    parent_id: str | None  # the government of the portal that published it


@dataclass(frozen=True)
class Resolution:
    name: str | None  # the name resolved: printed (or from the title), normalised, renames applied
    agency: Agency | None
    issue: str | None  # why no agency: the name could not be placed


def agency_id(region_code: str, local_name: str) -> str:
    return f"{region_code}-{hashlib.sha256(local_name.encode('utf-8')).hexdigest()[:10]}"


@lru_cache(maxsize=65536)
def clean_name(printed: str) -> str:
    """Simplified script, normalised, renamed bodies under their current name (cached: names repeat every year)."""
    name = names.normalise(to_simplified(unicodedata.normalize("NFKC", printed)))
    prefix = "".join(names.divisions(name))
    body = name[len(prefix):]
    for old, new, _year in RENAMED:
        if body.endswith(old):
            body = body[: -len(old)] + new
    return prefix + body


def name_from_title(title: str | None) -> str | None:
    """The agency part of a report title (示例县财政局2023年度政府信息公开工作年度报告 -> 示例县财政局)."""
    if not title:
        return None
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).strip() or None


def _is_township(division: str) -> bool:
    return division.endswith(("镇", "乡", "街道"))


def _kind(body: str, central: bool) -> str:
    if body == GOVERNMENT and not central:
        return "government"
    if body in OFFICES:
        return "office"
    return "department" if body.endswith(_DEPARTMENT_ENDINGS) else "other"


def sector_of(body: str) -> str | None:
    return next((sector for keyword, sector in SECTORS if keyword in body), None)


def resolve(printed: str | None, jurisdiction: str | None, registry: Registry, title: str | None = None) -> Resolution:
    """The agency of a report printed ``printed`` on a portal serving ``jurisdiction`` (a code, or None)."""
    raw = printed or name_from_title(title)
    if not raw:
        return Resolution(None, None, "no agency name printed and none in the title")
    name = clean_name(raw)
    divs = names.divisions(name)
    upper = tuple(d for d in divs if not _is_township(d))
    towns = tuple(d for d in divs if _is_township(d))
    if upper and divs[: len(upper)] != upper or len(towns) > 1:
        return Resolution(name, None, f"{name}: divisions out of order")
    body = name[len("".join(divs)):]
    if jurisdiction is not None and registry.get(jurisdiction) is None:
        return Resolution(name, None, f"{name}: jurisdiction {jurisdiction} is not in the registry")
    if upper:
        found = registry.find(upper, within=jurisdiction)
        if len(found) != 1:
            where = f" within {jurisdiction}" if jurisdiction else ""
            what = "no registry division" if not found else f"{len(found)} registry divisions ({', '.join(sorted(found))})"
            return Resolution(name, None, f"{name}: {''.join(upper)} matches {what}{where}")
        code = found.pop()
    elif jurisdiction is not None:
        code = jurisdiction
    else:
        return Resolution(name, None, f"{name}: names no division and its source declares no jurisdiction")
    region = registry.get(code)
    assert region is not None
    central = region.level == "central"
    if towns:
        if central:
            return Resolution(name, None, f"{name}: a township under the central jurisdiction")
        town_body = body if body not in _TOWNSHIP_BODIES else ""
        local = towns[0] + town_body
        kind = "township" if not town_body else _kind(town_body, False)
        level = "township"
    else:
        if not body:
            return Resolution(name, None, f"{name}: a division without a body (no 人民政府, department or office)")
        local, kind, level = body, _kind(body, central), region.level
    parent = None if central or jurisdiction is None else agency_id(jurisdiction, GOVERNMENT)
    aid = agency_id(code, local)
    return Resolution(name, Agency(
        agency_id=aid, canonical_name=registry.prefix(code) + local, region_code=code, admin_level=level,
        kind=kind, sector=sector_of(body) if kind == "department" else None,
        parent_id=parent if parent != aid else None,
    ), None)
