"""A report as a sequence of blocks — title, headings, prose, tables — that every renderer walks.

Real reports share one skeleton (条例 第五十条): a title naming agency and year, a
preamble with the statistics period, six numbered sections, the three tables inside
sections 二 to 四.  The prose mentions numbers too (articles published, requests
received), as real prose does, so a parser that grabs the first number after a label
is caught out.  Variations (which wording, which label breaks) come from a random
generator seeded by the report itself: the same report always renders the same bytes,
which the portal simulator relies on for byte-stable pages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gknb.synth.render.grid import SECTION_HEADINGS, TABLE_HEADINGS, Grid, report_grids

_FORM_NOTICE = {
    "2021": "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            "（国办公开办函〔2021〕30号）",
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
            "（国办公开办函〔2019〕60号）",
}
_SUBSECTIONS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # title | heading | paragraph | table
    text: str = ""
    grid: Grid | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    title: str
    meta: dict[str, str]  # 索引号 · 发布机构 · 成文日期 · 发布日期, as a metadata block shows them
    blocks: list[Block] = field(default_factory=list)


def variation_rng(report: dict[str, Any], salt: str = "") -> random.Random:
    """Random choices of layout detail, fixed by the report (str seeds hash stably across runs)."""
    t3 = report["applications"]["new_received"]
    return random.Random(f"{report['agency']}|{report['year']}|{sorted(t3.items())}|{salt}")


def report_title(report: dict[str, Any]) -> str:
    return f"{report['agency']}{report['year']}年政府信息公开工作年度报告"


def publication_date(report: dict[str, Any]) -> date:
    """Departments publish in January of the next year, governments by the end of March (research §4.3)."""
    rng = variation_rng(report, "date")
    return date(report["year"] + 1, rng.randint(1, 3), rng.randint(1, 28))


def metadata(report: dict[str, Any]) -> dict[str, str]:
    rng = variation_rng(report, "meta")
    published = publication_date(report)
    written = published.replace(day=max(1, published.day - rng.randint(0, 5)))
    org = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789X")
    return {
        "索引号": f"{org}/{published.year}-{rng.randint(1, 400):05d}",
        "发布机构": report["agency"],
        "成文日期": written.isoformat(),
        "发布日期": published.isoformat(),
    }


def _total(report: dict[str, Any], row: str) -> str:
    value = report["applications"][row]["total"]
    return "若干" if value is None else str(value)


def _prose(report: dict[str, Any], rng: random.Random) -> dict[str, list[str]]:
    agency, year = report["agency"], report["year"]
    preamble = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{_FORM_NOTICE[report['format_version']]}"
        f"要求编制。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
        f"行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分组成。本报告中所列数据的统计期限自"
        f"{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}联系。"
    )
    published = rng.randint(40, 2000)
    overview = [
        f"{year}年，{agency}认真贯彻落实《条例》和上级关于政务公开工作的部署，坚持“公开为常态、不公开为例外”，"
        f"不断提升政务公开质量。",
        f"全年通过政府网站主动公开政府信息{published}条，通过政务新媒体发布信息{rng.randint(10, 900)}条。",
        f"全年收到政府信息公开申请{_total(report, 'new_received')}件，上年结转{_total(report, 'carried_over')}件，"
        f"均在法定期限内答复。",
        "严格落实保密审查制度，坚持“先审后发”，及时更新政府信息公开指南和目录。",
        "加强政府网站和政务新媒体日常监管，做好栏目内容保障。",
        "将政务公开工作纳入年度绩效考核，本年度未发生因政府信息公开工作被责任追究的情况。",
    ]
    problems = [
        "主要问题：政策解读形式较为单一，部分栏目更新不够及时。",
        f"改进措施：{year + 1}年，将进一步丰富解读形式，加强栏目日常维护，提升公开实效。",
    ]
    others = [
        f"{year}年，本机关未收取政府信息公开信息处理费。",
        f"{year}年度政务公开工作要点已全部落实。",
    ]
    return {"preamble": [preamble], "overview": overview, "problems": problems, "others": others}


# The 2019 form's wording of section four, still printed by many 2019-format reports.
_T4_HEADING_2019 = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"


def _table_heading(report: dict[str, Any], key: str) -> str:
    if key == "review_litigation" and report.get("format_version") == "2019":
        if variation_rng(report, "t4-heading").random() < 0.5:
            return _T4_HEADING_2019
    return TABLE_HEADINGS[key]


def build_outline(report: dict[str, Any], *, break_labels: bool = True) -> Outline:
    """The whole report: title, preamble, the six sections with prose and the three tables."""
    rng = variation_rng(report)
    prose = _prose(report, rng)
    grids = report_grids(report, rng if break_labels else None)
    blocks = [Block("title", report_title(report))]
    blocks += [Block("paragraph", p) for p in prose["preamble"]]
    blocks.append(Block("heading", SECTION_HEADINGS[0]))
    blocks.append(Block("paragraph", prose["overview"][0]))
    for sub, text in zip(_SUBSECTIONS, prose["overview"][1:], strict=True):
        blocks += [Block("heading", sub), Block("paragraph", text)]
    for grid in grids:
        blocks += [Block("heading", _table_heading(report, grid.key)), Block("table", grid=grid)]
    blocks.append(Block("heading", SECTION_HEADINGS[4]))
    blocks += [Block("paragraph", p) for p in prose["problems"]]
    blocks.append(Block("heading", SECTION_HEADINGS[5]))
    blocks += [Block("paragraph", p) for p in prose["others"]]
    return Outline(report_title(report), metadata(report), blocks)
