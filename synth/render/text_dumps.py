"""Text that other tools made of real reports (issue 14): eight shapes that lose cells.

Researchers hold reports as archives of a page's text, ``pdftotext`` output, Markdown made by
OCR or language models and wiki mirrors.  Each renderer here reproduces one shape seen in
real reports, on the whole report (prose included), so that the round trips exercise the
same traps the real text sets:

1. ``pdf_prose_wrapped``: PDF text whose prose is hard-wrapped into short lines that name
   table rows next to counts ("本年新收政府信息公开申请 12 件"); Table 2's items sometimes out
   of form order; Table 3's labels sometimes in a block apart from its rows of values.
2. ``markdown_row_tables``: Markdown where each Table 3 row is its own small table under a
   heading that repeats the row name, with placeholder headers (数据1 … 数据6, 总计) and
   sometimes a stray header row whose cells are the row name.
3. ``one_line``: the whole report on one line, cells glued, sometimes a space between a
   label and its digits; Table 4's heading sometimes carries a stray character.
4. ``glued_sentence``: glued rows where Table 2's first label starts inside the sentence
   before it, and signed 2019 changes run into their neighbours (``行政处罚2-150``).
5. ``pipe_inner``: pipe rows without a leading bar, labels carrying long bracketed
   instructions (with digits in them).
6. ``traditional_annotated``: a Traditional mirror with pinyin or zhuyin readings in brackets
   after characters, in the title, the statistics period and the labels.
7. ``lone_bars``: a cell per line where a lone ``|`` starts each row and stands for a blank cell.
8. ``empty_template_*``: an empty template in layouts that drop blank cells (a cell per line,
   a cell per paragraph): every label and no value.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from opencc import OpenCC

from gknb.synth.render.grid import Grid, GridCell
from gknb.synth.render.outline import build_outline, variation_rng
from gknb.synth.render.text import render_text

_S2T = OpenCC("s2t")


def _shown(cell: GridCell) -> str:
    return "" if cell.blank else cell.flat


def _value_texts(row: tuple[GridCell, ...]) -> list[str]:
    return [t for t in (_shown(c) for c in row if c.value) if t]


def _label_text(row: tuple[GridCell, ...]) -> str:
    return "".join(c.flat for c in row if not c.value and c.text)


def _row_words(row: tuple[GridCell, ...]) -> list[str]:
    return [t for t in (_shown(c) for c in row) if t]


def _fields(row: tuple[GridCell, ...]) -> list[str]:
    """One field per cell starting in the row, blanks kept in place."""
    return [_shown(c) if c.value else c.flat for c in row]


def _outline_lines(report: dict[str, Any], table: Callable[[Grid], list[str]], prose: Callable[[str, str], list[str]]) -> list[str]:
    """The report's blocks: tables through ``table``, other blocks (kind, text) through ``prose``."""
    lines: list[str] = []
    for block in build_outline(report, break_labels=False).blocks:
        lines += table(block.grid) if block.grid is not None else prose(block.kind, block.text)
    return lines


# --- 1. PDF text with hard-wrapped prose -------------------------------------------------------


def _counts_sentence(report: dict[str, Any]) -> str:
    """Prose that names table rows next to their counts, as real overviews do."""
    t3 = report["applications"]
    t2 = report["active_disclosure"]

    def n(v: Any) -> str:
        return "若干" if v is None else str(v)

    punished = t2["administrative_punishment"]
    decisions = punished.get("decisions")
    return (
        f"本年新收政府信息公开申请 {n(t3['new_received']['total'])} 件，上年结转政府信息公开申请 "
        f"{n(t3['carried_over']['total'])} 件，其中予以公开 {n(t3['granted']['total'])} 件，结转下年度继续办理 "
        f"{n(t3['carried_forward']['total'])} 件；全年行政处罚 {n(decisions)} 件，行政许可事项持续公开"
    )


def _pdf_prose_wrapped(report: dict[str, Any]) -> str:
    rng = variation_rng(report, "pdf_prose_wrapped")
    width = rng.choice((18, 22, 26, 30))
    shuffle_t2 = rng.random() < 0.5
    label_blocks = rng.random() < 0.5

    def prose(kind: str, text: str) -> list[str]:
        if kind != "paragraph":
            return [text]
        if "政府信息公开申请" in text and "上年结转" in text:
            text = _counts_sentence(report) + "。" + text
        return [text[k : k + width] for k in range(0, len(text), width)]

    def table(grid: Grid) -> list[str]:
        rows = [r for r in grid.rows]
        if grid.key == "active_disclosure" and shuffle_t2:
            rows = _t2_groups_reordered(rows, rng)
        if grid.key == "applications" and label_blocks:
            return _t3_label_blocks(rows, rng)
        return [" ".join(_row_words(r)) for r in rows]

    return "\n".join(_outline_lines(report, table, prose)) + "\n"


def _t2_groups_reordered(rows: list[tuple[GridCell, ...]], rng: random.Random) -> list[tuple[GridCell, ...]]:
    """Table 2's item groups (第二十条第（x）项 and the rows under it) in another order."""
    groups: list[list[tuple[GridCell, ...]]] = []
    for r in rows:
        if len(r) == 1 and r[0].text.startswith("第二十条"):
            groups.append([r])
        else:
            groups[-1].append(r)
    rng.shuffle(groups)
    return [r for g in groups for r in g]


def _t3_label_blocks(rows: list[tuple[GridCell, ...]], rng: random.Random) -> list[str]:
    """Header rows as they are; then a run of body rows whose labels are printed as one block and
    their values as label-less lines after it (tall label cells extracted apart from the values)."""
    header = [r for r in rows if not any(c.value for c in r)]
    body = [r for r in rows if any(c.value for c in r)]
    start = rng.randint(2, len(body) - 6)
    stop = start + rng.randint(3, 5)
    lines = [" ".join(_row_words(r)) for r in header]
    lines += [" ".join(_row_words(r)) for r in body[:start]]
    lines += [_label_text(r) for r in body[start:stop]]
    lines += [" ".join(_value_texts(r)) for r in body[start:stop]]
    lines += [" ".join(_row_words(r)) for r in body[stop:]]
    return lines


# --- 2. Markdown, each Table 3 row its own table ---------------------------------------------------


def _markdown_row_tables(report: dict[str, Any]) -> str:
    rng = variation_rng(report, "markdown_row_tables")
    placeholders = [f"数据{k}" for k in range(1, 7)] + ["总计"]

    def md_table(rows: list[list[str]]) -> list[str]:
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return ["", *lines, ""]

    def table(grid: Grid) -> list[str]:
        if grid.key != "applications":
            return md_table([_fields(r) for r in grid.rows])
        lines: list[str] = []
        for r in grid.rows:
            if not any(c.value for c in r):
                lines += ["", " ".join(_row_words(r)), ""]
                continue
            name = _label_text(r)
            values = [_shown(c) for c in r if c.value]
            lines += ["", f"#### {name}"]
            roll = rng.random()
            if roll < 0.3:  # a stray header row made of the row name
                lines += md_table([[name] * 2, placeholders, values])
            elif roll < 0.5:  # the row name again, beside its values
                lines += md_table([["项目", *placeholders], [name, *values]])
            else:
                lines += md_table([placeholders, values])
        return lines

    def prose(kind: str, text: str) -> list[str]:
        prefix = {"title": "# ", "heading": "## "}.get(kind, "")
        return [prefix + text, ""]

    return "\n".join(_outline_lines(report, table, prose)) + "\n"


# --- 3. the whole report on one line; 4. glued rows starting inside a sentence ------------------


def _glued_rows(grid: Grid, rng: random.Random, spaced: float) -> list[str]:
    """Each row's texts run together; a label sometimes keeps a space before its digits."""
    out = []
    for r in grid.rows:
        label, values = _label_text(r), "".join(_value_texts(r))
        gap = " " if label and values and rng.random() < spaced else ""
        out.append(label + gap + values if any(c.value for c in r) else "".join(_row_words(r)))
    return out


def _one_line(report: dict[str, Any]) -> str:
    rng = variation_rng(report, "one_line")

    def table(grid: Grid) -> list[str]:
        return ["".join(_glued_rows(grid, rng, 0.3))]

    def prose(kind: str, text: str) -> list[str]:
        if kind == "heading" and text.startswith("四、") and rng.random() < 0.5:
            cut = rng.randint(2, len(text) - 1)
            text = text[:cut] + rng.choice("丨口*") + text[cut:]
        return [text]

    return "".join(_outline_lines(report, table, prose)) + "\n"


def _glued_sentence(report: dict[str, Any]) -> str:
    """Prose and headings each on a line, but Table 2 runs on from the sentence and heading
    before it, and every table's rows are glued, a few rows to a line."""
    rng = variation_rng(report, "glued_sentence")
    lines: list[str] = []
    pending = ""
    for block in build_outline(report, break_labels=False).blocks:
        if block.grid is None:
            if pending:
                lines.append(pending)
                pending = ""
            if block.kind == "heading" and block.text.startswith("二、") and lines:
                pending = lines.pop() + block.text  # the sentence, the heading and the table on one line
            else:
                lines.append(block.text)
            continue
        rows = _glued_rows(block.grid, rng, 0.0)
        for r in rows:
            pending += r
            if rng.random() < 0.5:
                lines.append(pending)
                pending = ""
        if pending:
            lines.append(pending)
            pending = ""
    return "\n".join(lines) + "\n"


# --- 5. pipe rows without a leading bar, bracketed instructions --------------------------------

_INSTRUCTIONS = (
    "（本列数据的勾稽关系为：第1项加第2项之和，等于第3项加第4项之和）",
    "（本项数据等于第（一）项至第（六）项之和，共7列）",
    "（注：2项以上情形的，只计1项）",
)


def _pipe_inner(report: dict[str, Any]) -> str:
    rng = variation_rng(report, "pipe_inner")

    def table(grid: Grid) -> list[str]:
        lines = []
        for r in grid.rows:
            fields = _fields(r)
            labels = [i for i, c in enumerate(r) if not c.value]
            if labels and any(c.value for c in r) and rng.random() < 0.25:
                fields[labels[-1]] += rng.choice(_INSTRUCTIONS)
            lines.append(" | ".join(fields) + " |")
        return lines

    def prose(kind: str, text: str) -> list[str]:
        return [text]

    return "\n".join(_outline_lines(report, table, prose)) + "\n"


# --- 6. Traditional mirror with readings in brackets ----------------------------------------------

_READINGS = {
    "報": ("bào", "bao4", "ㄅㄠˋ"), "告": ("gào", "gao4", "ㄍㄠˋ"), "年": ("nián", "nian2", "ㄋㄧㄢˊ"),
    "統": ("tǒng", "tong3", "ㄊㄨㄥˇ"), "計": ("jì", "ji4", "ㄐㄧˋ"), "開": ("kāi", "kai1", "ㄎㄞ"),
    "請": ("qǐng", "qing3", "ㄑㄧㄥˇ"), "數": ("shù", "shu4", "ㄕㄨˋ"), "處": ("chǔ", "chu3", "ㄔㄨˇ"),
    "規": ("guī", "gui1", "ㄍㄨㄟ"), "復": ("fù", "fu4", "ㄈㄨˋ"), "訴": ("sù", "su4", "ㄙㄨˋ"),
    "審": ("shěn", "shen3", "ㄕㄣˇ"), "總": ("zǒng", "zong3", "ㄗㄨㄥˇ"), "期": ("qī", "qi1", "ㄑㄧ"),
}


def _traditional_annotated(report: dict[str, Any]) -> str:
    rng = variation_rng(report, "traditional_annotated")
    style = rng.randrange(3)  # tone marks, tone numbers, zhuyin
    text = _S2T.convert(render_text(report, "tab_rows"))
    out = []
    for ch in text:
        out.append(ch)
        if ch in _READINGS and rng.random() < 0.4:
            out.append(f"({_READINGS[ch][style]})" if rng.random() < 0.5 else f"（{_READINGS[ch][style]}）")
    return "".join(out)


# --- 7. a cell per line, lone bars ----------------------------------------------------------------------


def _lone_bars(report: dict[str, Any]) -> str:
    def table(grid: Grid) -> list[str]:
        lines: list[str] = []
        for r in grid.rows:
            lines.append("|")
            lines += [_shown(c) or "|" for c in r]
        return lines + ["|"]

    def prose(kind: str, text: str) -> list[str]:
        return [text]

    return "\n".join(_outline_lines(report, table, prose)) + "\n"


# --- 8. empty templates in layouts that drop blank cells ------------------------------------------


def _dropping(layout: str) -> Callable[[dict[str, Any]], str]:
    return lambda report: render_text(report, layout)


DUMP_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "pdf_prose_wrapped": _pdf_prose_wrapped,
    "markdown_row_tables": _markdown_row_tables,
    "one_line": _one_line,
    "glued_sentence": _glued_sentence,
    "pipe_inner": _pipe_inner,
    "traditional_annotated": _traditional_annotated,
    "lone_bars": _lone_bars,
    "empty_template_bare_lines": _dropping("bare_lines"),
    "empty_template_paragraphs": _dropping("cell_per_paragraph"),
}
DUMP_LAYOUTS = tuple(DUMP_RENDERERS)


def render_dump(report: dict[str, Any], layout: str) -> str:
    """The whole report as text in one of ``DUMP_LAYOUTS``."""
    if layout not in DUMP_RENDERERS:
        raise ValueError(f"unknown text dump layout {layout!r}")
    return DUMP_RENDERERS[layout](report)
