"""Read the statistics table of a report on 2008–2018 into indicator rows.

The tables of those years are lists, not grids: one indicator per row, its unit, the year's
figure and sometimes a cumulative one (统计指标 | 单位 | 统计数; 指标名称 | 计量单位 | 本年度 | 历年累计;
指标名称 | 计量单位 | 代码 | 本期实际 | 本年累计).  The header says which columns a row has; each row is
read by position when the reader saw its cells (a grid row, a tab row), and in order when it did
not (one cell per line), where a row whose figures cannot be placed without guessing keeps them
null with a warning.  Indicators are named by ``gknb.model.legacy``; rows its list does not know
keep their printed label under the key ``local``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gknb.extract.document import Cell, Document
from gknb.model import legacy
from gknb.model.issues import LEGACY_CELL_COUNT, LEGACY_NOT_A_NUMBER, LEGACY_PRINTED_TWICE, Issue
from gknb.transform.labels import normalise
from gknb.transform.numbers import parse_number

_LABEL_HEADERS = ("统计指标", "指标名称", "指标", "项目", "统计项目")
_UNIT_HEADERS = ("单位", "计量单位")
_CODE_HEADERS = ("代码", "序号", "编号")
_VALUE_HEADERS = ("统计数", "本年度", "本期实际", "本年数", "数量", "数值", "本年", "统计数据")
_CUMULATIVE_HEADERS = ("历年累计", "本年累计", "累计数", "累计")
UNITS = frozenset({"条", "件", "次", "个", "人", "人次", "篇", "万元", "元", "项", "份", "场", "期", "批"})
_NO_UNIT = frozenset({"", "-", "--", "----", "—", "——", "/"})
_SECTION_WORDS = {legacy.S_ACTIVE: "主动公开情况", legacy.S_RESPONSE: "回应解读情况",
                  legacy.S_REQUESTS: "依申请公开情况", legacy.S_CAPACITY: "机构建设和保障经费",
                  legacy.S_TRAINING: "会议和培训情况"}
MIN_ROWS = 3  # fewer indicator rows than this is not a statistics table


@dataclass
class LegacyRead:
    format_version: str
    rows: list[dict[str, Any]]
    issues: list[Issue] = field(default_factory=list)
    ambiguous: int = 0  # rows whose figures could not be placed (kept null)


@dataclass
class _Header:
    columns: list[str]  # kinds in printed order: label | unit | code | value | cumulative | other
    labels: dict[str, str]  # kind -> header text as printed


def _rows(doc: Document) -> Iterator[tuple[bool, list[Cell]]]:
    """Cells grouped into the rows the reader saw: ``(positional, cells)``.

    A cell without a row (one cell per line or paragraph) is a row of its own, not positional.
    """
    current: list[Cell] = []
    key: tuple[int | None, int] | None = None
    for cell in doc.cells:
        if cell.row is None:
            if current:
                yield True, current
                current, key = [], None
            yield False, [cell]
            continue
        k = (cell.table, cell.row)
        if key is not None and k != key and current:
            yield True, current
            current = []
        key = k
        current.append(cell)
    if current:
        yield True, current


def _kind(text: str) -> str | None:
    key = normalise(text)
    if not key:
        return None
    if key in _UNIT_HEADERS:
        return "unit"
    if key in _CODE_HEADERS:
        return "code"
    if key in _CUMULATIVE_HEADERS:
        return "cumulative"
    if key in _VALUE_HEADERS or key.endswith("统计数"):
        return "value"
    if key in _LABEL_HEADERS:
        return "label"
    return None


def _header(texts: list[str]) -> _Header | None:
    kinds = [_kind(t) for t in texts]
    if "label" in kinds and "unit" in kinds and ("value" in kinds or "cumulative" in kinds):
        columns = [k or "other" for k in kinds]
        return _Header(columns, {k: t.strip() for k, t in zip(columns, texts) if k != "other"})
    return None


def _match(label: str, section: str | None) -> legacy.Indicator | None:
    """The indicator a printed label names, told apart by section when two share a label."""
    key = normalise(label)
    hits: dict[str, tuple[int, legacy.Indicator]] = {}
    for ind in legacy.INDICATORS:
        length = max((len(p) for p in ind.patterns if p in key), default=0)
        if length:
            hits[ind.key] = (length, ind)
    if not hits:
        return None
    best = max(length for length, _ in hits.values())
    candidates = [ind for length, ind in hits.values() if length == best]
    if len(candidates) > 1 and section is not None:
        candidates = [ind for ind in candidates if ind.section == section] or candidates
    return candidates[0] if len(candidates) == 1 else None


def _section_of(label: str) -> str | None:
    key = normalise(label)
    for section, word in _SECTION_WORDS.items():
        if word in key:
            return section
    return None


def _is_label(text: str) -> bool:
    """Text that can name an indicator: two Chinese characters at least, not a number or a unit."""
    t = text.strip()
    return parse_number(t) is None and t not in UNITS and sum("\u4e00" <= ch <= "\u9fff" for ch in t) >= 2


class _Reader:
    def __init__(self, header: _Header) -> None:
        self.header = header
        self.rows: list[dict[str, Any]] = []
        self.issues: list[Issue] = []
        self.section: str | None = None
        self.ambiguous = 0
        self.seen: dict[str, dict[str, Any]] = {}

    @property
    def figure_kinds(self) -> list[str]:
        return [k for k in self.header.columns if k in ("value", "cumulative")]

    def add(self, label: str, unit: str | None, figures: dict[str, str | None]) -> None:
        section = _section_of(label)
        ind = _match(label, self.section)
        if ind is not None and ind.section != self.section:
            self.section = ind.section
        elif ind is None and section is not None:
            self.section = section
        if unit is None and all(v is None or v.strip() in _NO_UNIT for v in figures.values()):
            return  # a section heading (一、主动公开情况 | —— | ——): no unit, no figures to keep
        values: dict[str, float | int | None] = {}
        for kind in ("value", "cumulative"):
            raw = figures.get(kind)
            number = parse_number(raw) if raw not in (None, "") else None
            if raw not in (None, "") and number is None:
                self.issues.append(LEGACY_NOT_A_NUMBER(
                    f"legacy/{label.strip()}", f"legacy: {label.strip()!r} {kind} {raw!r} is not a number; left blank"))
            values[kind] = None if number is None else number.value
        key = ind.key if ind is not None else legacy.LOCAL_KEY
        row = {
            "row_order": len(self.rows), "indicator": key, "label": label.strip(), "unit": unit,
            "value": values["value"], "cumulative": values["cumulative"],
            "value_label": self.header.labels.get("value"), "cumulative_label": self.header.labels.get("cumulative"),
            "raw": figures.get("value"), "cumulative_raw": figures.get("cumulative"),
        }
        if key != legacy.LOCAL_KEY and key in self.seen:
            first = self.seen[key]
            if (first["value"], first["cumulative"]) != (row["value"], row["cumulative"]):
                self.issues.append(LEGACY_PRINTED_TWICE(
                    f"legacy/{key}", f"legacy: {key} printed twice with different figures; the first is kept"))
            return
        self.seen[key] = row
        self.rows.append(row)

    def positional(self, texts: list[str]) -> None:
        """A row whose cells the reader saw: each column by its place under the header."""
        cols = self.header.columns
        if len(texts) != len(cols):
            # Section headings span the row; anything else that does not fit is not placed.
            label = next((t for t in texts if _is_label(t)), None)
            if label is not None and all(not t.strip() or t.strip() == label.strip() or t.strip() in _NO_UNIT
                                         for t in texts):
                self.add(label, None, {})
            elif label is not None and any(parse_number(t) is not None for t in texts if t.strip()):
                self.ambiguous += 1
                self.issues.append(LEGACY_CELL_COUNT(
                    f"legacy/{label.strip()}",
                    f"legacy: row {label.strip()!r} has {len(texts)} cells for {len(cols)} columns; its figures are left blank"))
                self.add(label, None, {"value": None})
            return
        by_kind = dict(zip(cols, texts))
        label = by_kind.get("label", "")
        if not _is_label(label):
            return
        unit = (by_kind.get("unit") or "").strip()
        if unit not in UNITS and unit not in _NO_UNIT:
            return  # not a data row (a column-number row such as 甲 | 乙 | 1 | 2)
        figures = {k: (by_kind.get(k) or "").strip() or None for k in ("value", "cumulative") if k in by_kind}
        self.add(label, unit if unit not in _NO_UNIT else None, figures)

    def stream(self, texts: list[str]) -> None:
        """Rows whose cells came one per line: label, unit, [code], figures, until the next label."""
        i = 0
        kinds = self.figure_kinds
        while i < len(texts):
            label = texts[i]
            if not _is_label(label) or _header([label]) is not None or _kind(label) is not None:
                i += 1
                continue
            j = i + 1
            unit = None
            if j < len(texts) and texts[j].strip() in UNITS | _NO_UNIT:
                unit = texts[j].strip() if texts[j].strip() in UNITS else None
                j += 1
            if "code" in self.header.columns and j < len(texts) and texts[j].strip().isdigit() and len(texts[j].strip()) <= 3:
                j += 1
            figures: list[str] = []
            while j < len(texts) and not _is_label(texts[j]):
                if texts[j].strip():
                    figures.append(texts[j].strip())
                j += 1
            if len(figures) == len(kinds):
                self.add(label, unit, dict(zip(kinds, figures)))
            elif not figures:
                self.add(label, unit, {})
            else:
                self.ambiguous += 1
                self.issues.append(LEGACY_CELL_COUNT(
                    f"legacy/{label.strip()}", f"legacy: {label.strip()!r} has {len(figures)} figures for {len(kinds)} columns "
                    "and no cell boundaries to place them; left blank"))
                self.add(label, unit, {k: None for k in kinds} | {"value": None})
            i = j


def read_legacy(doc: Document) -> LegacyRead | None:
    """The legacy statistics table of ``doc``, or None when it has none."""
    # A row of one cell cannot fill a table row: it is one cell of a list printed a cell per line.
    rows = [(positional and len(cells) > 1, cells) for positional, cells in _rows(doc)]
    header: _Header | None = None
    start = 0
    for n, (positional, cells) in enumerate(rows):
        if positional:
            header = _header([c.text for c in cells])
        else:  # a header printed one cell per line: gather the run of header words
            run = []
            for _, following in rows[n:n + 8]:
                if len(following) != 1 or _kind(following[0].text) is None:
                    break
                run.append(following[0].text)
            header = _header(run) if len(run) >= 3 else None
            if header is not None:
                start = n + len(run)
                break
        if header is not None:
            start = n + 1
            break
    if header is None:
        return None
    reader = _Reader(header)
    pending: list[str] = []
    for positional, cells in rows[start:]:
        if positional:
            if pending:
                reader.stream(pending)
                pending = []
            reader.positional([c.text for c in cells])
        else:
            pending.append(cells[0].text)
    if pending:
        reader.stream(pending)
    national = sum(1 for r in reader.rows if r["indicator"] != legacy.LOCAL_KEY)
    if len(reader.rows) < MIN_ROWS or national == 0:
        return None
    marked = any(r["indicator"] in legacy.NATIONAL_MARKERS for r in reader.rows)
    fmt = legacy.FORMAT_2014 if marked else legacy.FORMAT_LEGACY
    return LegacyRead(fmt, reader.rows, reader.issues, reader.ambiguous)
