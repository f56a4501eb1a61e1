"""Title, agency, statistics year and publication date of a report.

Sources, most trusted first: the title (``{agency}{year}年政府信息公开工作年度报告``, with the
agency sometimes on the line above or after the year), the page's metadata block and
<meta> tags (发布机构, ContentSource), the preamble (本报告由…编制, 反映了…年度…工作) and the
signature line.  The statistics year comes from the title and is checked against the
统计期限 sentence; a disagreement is reported, never silently resolved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gknb.extract.halfwidth import half_width
from gknb.model.issues import (YEAR_FROM_DATE, YEAR_FROM_TEXT, YEAR_OTHER_NAMED, YEAR_PERIOD_SPANS, YEAR_TITLE_DISAGREES,
                               Issue)

_TITLE_TAIL = r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)"
_TITLE = re.compile(
    r"(?P<unit>[^\s，。；：:、]{0,40}?)(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<unit2>[^\s，。；：:、]{0,30}?)" + _TITLE_TAIL
)
_TITLE_YEAR_AFTER = re.compile(r"(?P<unit>[^\s，。；：:、]{0,40}?)" + _TITLE_TAIL + r"[（(](?P<year>(?:19|20)\d{2})\s*年度?[)）]")
_OPENING_TITLE = re.compile(r"^[^。]{0,80}?" + _TITLE_TAIL)
_TITLE_NO_YEAR = re.compile(r"^(?P<unit>[^\s，。；：:、]{0,40}?)" + _TITLE_TAIL + r"$")
_PERIOD = re.compile(
    r"统计(?:期限|时限|时段|区间|时间|周期)[^0-9]{0,12}?(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"[^0-9]{0,10}(?P<y2>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|管理委员会|街道办事处|办事处|局|委|厅|署|部|院|中心|街道|镇|乡|所|站|队|会|处|办)$"
)
_PREAMBLE_PATTERNS = (
    re.compile(r"本(?:年度)?报告由(?P<a>[^，,。;、（(]{2,40}?)(?:根据|依据|按照|编制|负责|依照)"),
    re.compile(r"反映了?(?P<a>[^，,。;、（(]{2,40}?)(?:19|20)\d{2}\s*年度?(?:政府信息公开|政务公开)"),
    # "…要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。"
    re.compile(r"编制(?P<a>[^，,。;、（(]{2,40}?)(?:19|20)\d{2}\s*年度?(?:政府信息公开|政务公开)"),
)
_PREAMBLE_ANCHORS = (("报告由",), ("反映",), ("编制",))
# "{agency}根据《…政府信息公开条例》…编制": found from the verb, the agency read backwards from it
# (a pattern that starts with the agency's character class would be tried at every position).
_BY_REGULATION_VERB = re.compile("(?:根据|依据|按照)《")
_BY_REGULATION_TAIL = re.compile(r"(?:根据|依据|按照)《[^》]*政府信息公开条例》[^。]{0,60}?编制")
_NAME_BEFORE = re.compile(r"[^，,。;、（(：:\s]{2,40}$")
_META_AGENCY_KEYS = ("发布机构", "发布单位", "发文机关", "信息来源", "来源", "ContentSource", "所属机构", "author")
_META_DATE_KEYS = ("发布日期", "公开日期", "PubDate", "成文日期", "生成日期", "pdf_created")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_NOISE_PREFIX = re.compile(r"^(?:#+|关于|[\d一二三四五六七八九十]+[、.．])")


@dataclass(slots=True)
class ReportMeta:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    publication_date: str | None = None
    # The agency the preamble names (本报告由…编制), often with its city where the title has none.
    preamble_agency: str | None = None
    issues: list[Issue] = field(default_factory=list)


_WS = re.compile(r"\s+")


def _flat(s: str) -> str:
    """Half-width text without whitespace, brackets written one way (（…）)."""
    return _WS.sub("", s).replace("(", "（").replace(")", "）")


def _squash(s: str) -> str:
    return _flat(half_width(s))


_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|州|盟|旗|自治区|自治州|自治县)$")
_NOT_CJK_PREFIX = re.compile(r"^[^\u4e00-\u9fff（(]+")


def _valid_agency(name: str | None, place_ok: bool = False) -> str | None:
    """``name`` if it reads as an agency.  ``place_ok``: a bare place (宿迁市, 西湖区) is the
    agency too — in a title "宿迁市2023年…报告" is the city government's own report."""
    if not name:
        return None
    name = _NOISE_PREFIX.sub("", name.strip("“”\"'《》*#：: ")).strip()
    # Viewer and page furniture before the name ("Page 8 - ", "PDF|"): no agency starts in ASCII.
    name = _NOT_CJK_PREFIX.sub("", name)
    if not (2 <= len(name) <= 40):
        return None
    if not (_AGENCY_SUFFIX.search(name) or (place_ok and len(name) >= 3 and _PLACE_SUFFIX.search(name))):
        return None
    if any(w in name for w in ("报告", "条例", "年度", "信息公开")):
        return None
    return name


def _lines(text: str) -> list[str]:
    """The head and tail lines of a (half-width) document: where titles and signatures are.
    A document run onto one long first line (text dumps) still opens with its title."""
    nonblank = [line for line in text.splitlines() if line.strip()]
    raw = [line for line in nonblank if len(line) <= 200]
    if len(raw) > 60:
        raw = raw[:50] + raw[-5:]
    if nonblank and len(nonblank[0]) > 200 and (opening := _OPENING_TITLE.match(nonblank[0].strip())):
        raw.insert(0, opening.group(0))
    return [_flat(line) for line in raw]


def find_title(lines: list[str], meta: dict[str, str]) -> tuple[str | None, str | None, int | None]:
    """(title, agency in the title, year in the title) from the first title-like line.

    A line that is only the generic name (政府信息公开年报: the portal's column heading above
    the real title) is kept as a last resort while the lines below are searched."""
    candidates = [meta[k] for k in ("ArticleTitle", "title", "标题", "名称", "pdf_title") if meta.get(k)]
    candidates = [_squash(c) for c in candidates] + lines[:40]
    fallback: tuple[str | None, str | None, int | None] = (None, None, None)
    for line in candidates:
        if len(line) > 80 or "。" in line:
            continue
        m = _TITLE.search(line) or _TITLE_YEAR_AFTER.search(line)
        if m:
            unit = m.group("unit") or (m.groupdict().get("unit2") or "")
            return line, _valid_agency(unit, place_ok=True), int(m.group("year"))
        m = _TITLE_NO_YEAR.match(line)
        if m:
            agency = _valid_agency(m.group("unit"), place_ok=True)
            if agency is not None:
                return line, agency, None
            if fallback[0] is None:
                fallback = (line, None, None)
    return fallback


def _title_with_previous_line(lines: list[str]) -> str | None:
    """Agency printed on its own line above the title ("重庆市九龙坡区卫生健康委员会" / "2023年…报告")."""
    for i, line in enumerate(lines[:40]):
        if re.match(r"^(?:19|20)\d{2}年度?" + _TITLE_TAIL, line) and i > 0:
            return _valid_agency(lines[i - 1])
    return None


def detect(text: str, meta: dict[str, str]) -> ReportMeta:
    # Titles, preambles, 统计期限 sentences and signatures sit at the two ends of a report.
    ends = (text if len(text) <= 12000 else text[:8000] + "\n" + text[-4000:])
    ends = half_width(ends)
    lines = _lines(ends)
    out = ReportMeta()
    title, title_agency, title_year = find_title(lines, meta)
    out.title = title
    flat = _flat(ends)
    agency = title_agency or _title_with_previous_line(lines)
    if agency is None:
        for k in _META_AGENCY_KEYS:
            agency = _valid_agency(meta.get(k))
            if agency:
                break
    out.preamble_agency = _preamble_agency(flat[:6000])
    if agency is None:
        agency = out.preamble_agency
    if agency is None and lines:
        agency = _valid_agency(lines[-1]) or (len(lines) > 1 and _valid_agency(lines[-2])) or None
    out.agency = agency or None

    period = _PERIOD.search(flat)
    period_year = int(period.group("y1")) if period else None
    if period and period.group("y1") != period.group("y2"):
        out.issues.append(YEAR_PERIOD_SPANS("metadata/year", f"statistics period spans {period.group('y1')}–{period.group('y2')}"))
    out.publication_date = _publication_date(meta)
    if title_year is not None:
        out.year = title_year
        if period_year is not None and period_year != title_year:
            out.issues.append(YEAR_TITLE_DISAGREES(
                "metadata/year", f"year: title says {title_year}, statistics period says {period_year}; title kept"))
    elif period_year is not None:
        out.year = period_year
    elif (stated := _year_in_text(ends[:6000])) is not None:
        out.year, how = stated
        out.issues.append(YEAR_FROM_TEXT("metadata/year", f"year: no title or statistics period names it; {out.year} read from {how}"))
    elif out.publication_date:
        out.year = int(out.publication_date[:4]) - 1
        out.issues.append(YEAR_FROM_DATE(
            "metadata/year", f"year: not stated; {out.year} inferred from the publication date {out.publication_date}"))
    _warn_other_years(flat, out)
    return out


_REPORT_OF_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年度?的?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:情况)?(?:报告|年报|工作)"
)
_SENTENCE_YEAR = re.compile(r"(?:^|[。！；;])((?:19|20)\d{2})年度?(?:[,，]|[我本全])")
_AS_OF_YEAR_END = re.compile(r"截[止至]((?:19|20)\d{2})年(?:底|末|12月31日)")


def _year_in_text(head_text: str) -> tuple[int, str] | None:
    """The year a report without title or 统计期限 still states, in its running text: the report
    it says it is ("现将我局2020年度政府信息公开情况报告如下", "汇报我镇2023年政府信息公开工作"),
    the year its sentences open with ("2020年，县审计局…", "。2019年我局…": the most frequent,
    so that a closing "2024年，将…" does not win), or "截至2020年12月31日"."""
    head = [_WS.sub("", line) for line in head_text.splitlines()[:60]]  # long paragraphs included
    for line in head:
        m = _REPORT_OF_YEAR.search(line)
        if m:
            return int(m.group(1)), f"“{m.group()}”"
    opened = [int(m.group(1)) for line in head for m in _SENTENCE_YEAR.finditer(line)]
    if opened:
        year = max(dict.fromkeys(opened), key=opened.count)  # most frequent, earliest on a tie
        return year, "the years its sentences open with"
    for line in head:
        m = _AS_OF_YEAR_END.search(line)
        if m:
            return int(m.group(1)), f"“{m.group()}”"
    return None


def _preamble_agency(flat: str) -> str | None:
    """The agency a preamble names.  Each pattern ends in fixed words (编制, 年度…公开, 条例》),
    so it runs only on the short windows around those words, not across the whole text."""
    for pat, anchors in zip(_PREAMBLE_PATTERNS, _PREAMBLE_ANCHORS):
        for anchor in anchors:
            at = flat.find(anchor)
            while at != -1:
                window = flat[max(0, at - 4) : at + 80]
                for m in pat.finditer(window):
                    name = _valid_agency(m.group("a"))
                    if name:
                        return name
                at = flat.find(anchor, at + 1)
    for verb in _BY_REGULATION_VERB.finditer(flat):
        at = verb.start()
        if _BY_REGULATION_TAIL.match(flat, at):
            m = _NAME_BEFORE.search(flat, max(0, at - 40), at)
            name = _valid_agency(m.group()) if m else None
            if name:
                return name
    return None


def _warn_other_years(flat: str, out: ReportMeta) -> None:
    """A preamble naming another year's report (a copied template) is worth a warning."""
    if out.year is None:
        return
    for m in re.finditer(r"((?:19|20)\d{2})年(?:度)?" + _TITLE_TAIL, flat[:4000]):
        y = int(m.group(1))
        if y != out.year:
            out.issues.append(YEAR_OTHER_NAMED(
                "metadata/year", f"year: the text also names a {y} report (statistics year {out.year} kept)"))
            return


def _publication_date(meta: dict[str, str]) -> str | None:
    for k in _META_DATE_KEYS:
        v = meta.get(k)
        if not v:
            continue
        m = _DATE.search(unicodedata.normalize("NFKC", v))
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
