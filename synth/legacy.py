"""Synthetic reports on 2008–2018 with known values, from the declaration in ``gknb.model.legacy``.

Three table styles real reports of those years print:

- ``national``: the 2014–2018 national 政府信息公开情况统计表 (统计指标 | 单位 | 统计数), every
  declared national indicator with its section headings;
- ``local_cumulative``: a municipal table before 2014 (指标名称 | 计量单位 | 本年度 | 历年累计) with a
  subset of the indicators and rows only local tables print;
- ``local_coded``: a statistics-bureau style table (指标名称 | 计量单位 | 代码 | 本期实际 | 本年累计)
  with a column-number row (甲 | 乙 | 丙 | 1 | 2) under the header.

Each renders as an HTML page, as tab-separated text rows or one cell per line; the values are
what a perfect reader returns (``expected_rows``).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from typing import Any

from gknb.model import legacy

STYLES = ("national", "local_cumulative", "local_coded")
LAYOUTS = ("html", "tab_rows", "cell_per_line")
_LOCAL_ONLY = (("依申请公开信息目录数", "条"), ("网上咨询数", "人次"), ("现场接待人数", "人次"))
_LOCAL_KEYS = ("proactive_disclosed", "applications_received", "received_in_person", "received_online",
               "received_by_letter", "received_by_email", "reply_granted", "reply_partially_granted", "refused_total",
               "administrative_review", "litigation", "complaints", "fees_10k_yuan")


@dataclass(frozen=True)
class LegacyRow:
    label: str  # as printed
    unit: str | None
    indicator: str  # key, or legacy.LOCAL_KEY
    value: int | float | None
    cumulative: int | float | None = None
    heading: bool = False  # a section heading row: no unit, no figures


def _figures(rng: random.Random, style: str) -> dict[str, int | float]:
    """Consistent values for every indicator the style prints (its identities hold)."""
    v: dict[str, int | float] = {}
    for channel in ("received_in_person", "received_by_fax", "received_online", "received_by_letter",
                    "received_by_email", "received_other_channels"):
        printed = legacy.BY_KEY[channel].national if style == "national" else channel in _LOCAL_KEYS
        v[channel] = rng.choice((0, 0, rng.randint(1, 40))) if printed else 0
    v["applications_received"] = sum(v[c] for c in ("received_in_person", "received_by_fax", "received_online",
                                                     "received_by_letter", "received_by_email",
                                                     "received_other_channels"))
    v["closed_on_time"] = max(v["applications_received"] - rng.randint(0, 3), 0)
    v["closed_extended"] = rng.randint(0, 3)
    v["applications_closed"] = v["closed_on_time"] + v["closed_extended"]
    replies = ("reply_already_public", "reply_granted", "reply_partially_granted", "reply_denied",
               "reply_not_this_agency", "reply_not_exist", "reply_asked_to_amend", "reply_other_route")
    for r in replies:
        v[r] = rng.choice((0, rng.randint(0, 15)))
    v["replies"] = sum(v[r] for r in replies)
    denial = [k for k in legacy.BY_KEY if k.startswith("denied_")]
    remaining = v["reply_denied"]
    for k in denial[:-1]:
        v[k] = rng.randint(0, remaining)
        remaining -= v[k]
    v[denial[-1]] = remaining
    v["refused_total"] = v["reply_denied"] + v["reply_not_exist"] + v["reply_not_this_agency"]
    for total, parts in (("administrative_review", ("review_upheld", "review_corrected", "review_other")),
                         ("litigation", ("litigation_upheld", "litigation_corrected", "litigation_other")),
                         ("staff", ("staff_full_time", "staff_part_time"))):
        for p in parts:
            v[p] = rng.randint(0, 4)
        v[total] = sum(v[p] for p in parts)
    for key, ind in legacy.BY_KEY.items():
        if key not in v:
            v[key] = round(rng.uniform(0, 30), 2) if ind.unit == "万元" else rng.randint(0, 5000 if ind.unit == "条" else 60)
    if rng.random() < 0.5:
        v["fees_10k_yuan"] = 0
    return v


def legacy_rows(rng: random.Random, style: str, *, consistent: bool = True, blank_rate: float = 0.0) -> list[LegacyRow]:
    """The rows a table of ``style`` prints, in order, with their values."""
    if style not in STYLES:
        raise ValueError(f"unknown legacy style {style!r}")
    v = _figures(rng, style)
    if not consistent:
        v["applications_received"] += rng.randint(1, 5)
    rows: list[LegacyRow] = []
    if style == "national":
        section = None
        for ind in legacy.INDICATORS:
            if not ind.national:
                continue
            if ind.section != section:
                section = ind.section
                if section not in (legacy.S_REVIEW, legacy.S_LITIGATION, legacy.S_COMPLAINTS, legacy.S_FEES):
                    rows.append(LegacyRow(section, None, "", None, heading=True))
            rows.append(LegacyRow(ind.label, ind.unit, ind.key, v[ind.key]))
    else:
        for key in _LOCAL_KEYS:
            ind = legacy.BY_KEY[key]
            label = ind.label.lstrip("（一二三四五六七八九十）、.0123456789")
            rows.append(LegacyRow(label, ind.unit, key, v[key], v[key] + rng.randint(0, 500)))
        for label, unit in _LOCAL_ONLY:
            value = rng.randint(0, 900)
            rows.append(LegacyRow(label, unit, legacy.LOCAL_KEY, value, value + rng.randint(0, 5000)))
    if blank_rate:
        rows = [r if r.heading or rng.random() >= blank_rate else LegacyRow(r.label, r.unit, r.indicator, None, None)
                for r in rows]
    return rows


def expected_rows(rows: list[LegacyRow], style: str) -> list[tuple[str, str, int | float | None, int | float | None]]:
    """(indicator, label, value, cumulative) a perfect reader returns, in order."""
    cumulative = style != "national"
    return [(r.indicator, r.label, r.value, r.cumulative if cumulative else None) for r in rows if not r.heading]


def _header(style: str) -> list[str]:
    return {"national": ["统计指标", "单位", "统计数"],
            "local_cumulative": ["指标名称", "计量单位", "本年度", "历年累计"],
            "local_coded": ["指标名称", "计量单位", "代码", "本期实际", "本年累计"]}[style]


def _shown(x: int | float | None) -> str:
    return "" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))


def table_cells(rows: list[LegacyRow], style: str) -> list[list[str]]:
    """The table as printed: header, (column-number row), one list of cell texts per row."""
    width = len(_header(style))
    out = [_header(style)]
    if style == "local_coded":
        out.append(["甲", "乙", "丙", "1", "2"])
    code = 0
    for r in rows:
        if r.heading:
            out.append([r.label] + ["——"] * (width - 1))
            continue
        cells = [r.label, r.unit or ""]
        if style == "local_coded":
            code += 1
            cells.append(f"{code:02d}")
        cells.append(_shown(r.value))
        if style != "national":
            cells.append(_shown(r.cumulative))
        out.append(cells)
    return out


def render_legacy(agency: str, year: int, rows: list[LegacyRow], style: str, layout: str) -> bytes:
    """A whole report: title, preamble, a paragraph of prose, the statistics table in ``layout``."""
    title = f"{agency}{year}年政府信息公开工作年度报告"
    prose = [f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
             f"{year}年，我单位认真贯彻落实《条例》，全年共受理政府信息公开申请，均按时予以答复。",
             "附表：政府信息公开情况统计表"]
    cells = table_cells(rows, style)
    if layout == "html":
        trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in cells)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in prose)
        page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
                f"<body><h1>{html.escape(title)}</h1>{body}<table border=\"1\">{trs}</table></body></html>")
        return page.encode("utf-8")
    if layout == "tab_rows":
        lines = [title, *prose, *("\t".join(row) for row in cells)]
    elif layout == "cell_per_line":
        lines = [title, *prose, *(c for row in cells for c in row if c)]
    else:
        raise ValueError(f"unknown layout {layout!r}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def random_legacy_report(rng: random.Random, style: str, layout: str, *, consistent: bool = True,
                         blank_rate: float = 0.0) -> tuple[bytes, dict[str, Any]]:
    """A rendered legacy report and its truth: agency, year, style, expected rows."""
    from gknb.synth.values import random_agency

    agency = random_agency(rng)
    year = rng.randint(2014, 2018) if style == "national" else rng.randint(2008, 2013)
    rows = legacy_rows(rng, style, consistent=consistent, blank_rate=blank_rate)
    truth = {"agency": agency, "year": year, "style": style, "layout": layout, "rows": expected_rows(rows, style)}
    return render_legacy(agency, year, rows, style, layout), truth
