"""One name per agency, so that an agency's reports form one time series.

Printed names of one agency differ from year to year: spaces and full-width forms,
abbreviations (鹤岗市卫健委 for 鹤岗市卫生健康委员会), and a city prefix that is sometimes
left out (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in 2024).  Three steps, each
deterministic and each only ever *adding* what the name already implies:

1. ``normalise``: NFKC, no whitespace, Chinese brackets, and the abbreviations in
   ``ABBREVIATIONS`` expanded where they make up the whole department part of the name.
2. ``restore_city_prefix``: a name whose first division is county level or below (区, 县,
   旗, 镇, 乡, 街道) gets its parent division when other names in its *context* (the
   document's own metadata names, or the other reports of the same source) place that
   division under exactly one parent.  Two different parents (鼓楼区 is in 南京市 and in
   福州市) leave the name unchanged: a missing merge is visible, a wrong one is not.
3. ``region`` / ``admin_level`` from the divisions the canonical name starts with.

These names use no gazetteer (a county-level city printed without its prefecture, 昆山市,
reads as prefecture level); the stable identity, placed with the GB/T 2260 registry and the
source's jurisdiction, is ``transform/identity.py``'s ``agency_id``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Abbreviation -> official name, expanded only when it is the whole department part of
# the name (after the divisions).  Each is the usual short form of one official name;
# ambiguous short forms (文旅局: 文化和旅游局 or 文化广电和旅游局?) are deliberately absent.
ABBREVIATIONS: dict[str, str] = {
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "住建局": "住房和城乡建设局",
    "住建委": "住房和城乡建设委员会",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "工信局": "工业和信息化局",
    "应急局": "应急管理局",
    "人防办": "人民防空办公室",
    "教体局": "教育和体育局",
    # 人民政府 is every local government's legal name (宪法 第九十五条).
    "政府": "人民政府",
    "政府办": "人民政府办公室",
    "政府办公室": "人民政府办公室",
    "人民政府办": "人民政府办公室",
}

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
# A division name: 2-9 characters and a division suffix, shortest first (一字县 such as 沛县
# and 单县 allowed).  The look-arounds keep 市场, 社区, 城乡 and 城镇 from reading as divisions.
_DIVISION = re.compile(
    r"(?:[\u4e00-\u9fff]县"
    r"|[\u4e00-\u9fff]{2,9}?"
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|省|市(?!场)|地区|(?<!社)区|县|旗|州|盟|(?<!城)镇|(?<!城)乡|街道))"
)
_PROVINCE_SUFFIXES = ("省", "自治区", "特别行政区")
_PREFECTURE_SUFFIXES = ("自治州", "州", "盟", "地区")
_COUNTY_SUFFIXES = ("区", "县", "自治县", "旗", "自治旗")
_TOWNSHIP_SUFFIXES = ("镇", "乡", "街道")
_STRIP = "“”\"'《》「」『』*#：:,，。 "


def normalise(printed: str) -> str:
    """The printed name with layout noise removed and whole-name abbreviations expanded."""
    name = unicodedata.normalize("NFKC", printed)
    name = re.sub(r"[\s\u200b\ufeff]+", "", name).replace("(", "（").replace(")", "）").strip(_STRIP)
    divs = divisions(name)
    prefix = "".join(divs)
    department = name[len(prefix):]
    return prefix + ABBREVIATIONS.get(department, department)


def divisions(name: str) -> tuple[str, ...]:
    """The administrative divisions a name starts with: 淮安市洪泽区人民政府 -> (淮安市, 洪泽区)."""
    found: list[str] = []
    pos = 0
    while m := _DIVISION.match(name, pos):
        found.append(m.group())
        pos = m.end()
    return tuple(found)


def _level_of(division: str, parent: str | None) -> str:
    if division.endswith(_PROVINCE_SUFFIXES) or (parent is None and division in _MUNICIPALITIES):
        return "province"
    if division.endswith(_TOWNSHIP_SUFFIXES):
        return "township"
    if division.endswith(_COUNTY_SUFFIXES):
        return "county"
    if division.endswith("市") and parent is not None and not parent.endswith(_PROVINCE_SUFFIXES):
        return "county"  # a city under a prefecture (苏州市昆山市) is county level
    return "prefecture"  # 市, 州, 盟, 地区


def admin_level(name: str) -> str | None:
    """province, prefecture, county or township: the level of the deepest division named."""
    divs = divisions(name)
    if not divs:
        return None
    return _level_of(divs[-1], divs[-2] if len(divs) > 1 else None)


def region(name: str) -> str | None:
    return "".join(divisions(name)) or None


def _parents(names: Iterable[str]) -> dict[str, set[str]]:
    """Division -> every division the names print directly before it."""
    index: dict[str, set[str]] = defaultdict(set)
    for n in names:
        divs = divisions(n)
        for parent, child in zip(divs, divs[1:]):
            index[child].add(parent)
    return index


def _restore(name: str, parents: dict[str, set[str]]) -> str:
    for _ in range(3):  # township -> county -> prefecture at most
        divs = divisions(name)
        if not divs or _level_of(divs[0], None) not in ("county", "township"):
            return name
        found = parents.get(divs[0], set())
        if len(found) != 1:
            return name
        name = next(iter(found)) + name
    return name


def restore_city_prefix(name: str, context: Iterable[str]) -> str:
    """Prefix the parent division the context names place the name's first division under.

    Only names starting below prefecture level are completed (a city's province is not
    part of an agency's usual name), and only when every context name that places the
    division agrees on one parent.  Repeats for a township under a district under a city.
    """
    return _restore(name, _parents(context))


def canonical_agency(printed: str, context: Iterable[str] = ()) -> str:
    """Normalised name, completed from the context names (already-normalised or not)."""
    return restore_city_prefix(normalise(printed), [normalise(c) for c in context])


def canonical_names(names: Iterable[str]) -> dict[str, str]:
    """Normalised name -> canonical name within one source: every name is the others' context.

    The result depends only on the set of names, never on the order reports arrived in.
    """
    pool = sorted(set(names))
    parents = _parents(pool)
    return {n: _restore(n, parents) for n in pool}
