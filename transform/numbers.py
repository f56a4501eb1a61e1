"""Cell text to numbers, and cell text to label/number pieces.

A table cell holds a count (``44``, ``０``, ``1,234``), a zero spelling (``—``, ``/``,
``无``), a signed change (``+173``), a decimal with a unit (``1424.4万元``), a change in words (``减4``) or nothing.
Text extracted from PDFs and pasted from Word can also run a label and its numbers
together (``行政规范性文件8855698``): ``split_cell`` separates labels from digit runs and
marks runs whose cell boundaries were lost as *glued*, for the solver to read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZERO_SPELLINGS = frozenset({"—", "-", "/", "无", "－", "–", "——", "--", "─", "―", "\\", "／", "×", "x", "X"})

_NUMBER = re.compile(r"^([+\-]?)(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d+))?\s*(万元|元|万|件|条|个|次|项)?$")
# A digit run inside text; the lookarounds keep years, dates, document numbers and
# amounts-in-prose (2023年, 第711号, 21件) out of the table values.
_DIGIT_RUN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d年月日号条项件个次人名家份期届批级类种%％])")
_WORDED_CHANGE = re.compile(r"^(增加|减少|增|减)\s*(\d[\d,，.]*\s*(?:万元|元|万|件|条|个|次|项)?)$")
_ORDINAL_AFTER = re.compile(r"^[.．、](?=[^\d\s])")
_PAGE_FOOTER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|共\s*\d+\s*页\s*第\s*\d+\s*页)$")


@dataclass(frozen=True, slots=True)
class Number:
    value: int | float
    unit: str | None = None


def parse_number(text: str) -> Number | None:
    """The number a whole cell spells, or None when the cell is not a number."""
    return _parse_nfkc(unicodedata.normalize("NFKC", text).strip())


def _parse_nfkc(t: str) -> Number | None:
    if not t:
        return None
    if t.isdigit():
        return Number(int(t))
    if t in ZERO_SPELLINGS:
        return Number(0)
    m = _NUMBER.match(t)
    if not m:
        # A change written in words: 增4 / 增加4 is +4, 减4 / 减少4 is −4.
        worded = _WORDED_CHANGE.match(t)
        if not worded:
            return None
        number = _parse_nfkc(worded.group(2))
        if number is None or number.value < 0:
            return None
        return Number(-number.value, number.unit) if worded.group(1).startswith("减") else number
    sign, digits, frac, unit = m.groups()
    digits = digits.replace(",", "").replace("，", "")
    if frac is not None:
        value: int | float = float(f"{digits}.{frac}")
    else:
        value = int(digits)
    if sign == "-":
        value = -value
    return Number(value, unit)


def is_page_footer(text: str) -> bool:
    """``text`` NFKC-normalised: a page number line ("- 3 -", "第 3 页 共 5 页")."""
    return bool(_PAGE_FOOTER.match(text.strip()))


@dataclass(frozen=True, slots=True)
class Piece:
    """A label, a number, a blank, or a glued digit run (several numbers without separators)."""

    kind: str  # label | number | blank | glued
    text: str
    number: Number | None = None


def split_cell(text: str, glued: bool = False) -> list[Piece]:
    """Split one cell's text into pieces.

    Whitespace separates pieces.  A word that is a whole number is a number; a word that
    mixes text and digits is split into label and digit runs, and those runs are glued
    (their cell boundaries are unknown) — as is any number in a cell the reader marked glued.
    ``text`` must already be NFKC-normalised (the tokenizer normalises every cell once).
    """
    t = text.strip()
    if not t:
        return [Piece("blank", "")]
    whole = _parse_nfkc(t)
    if whole is not None and not (glued and _is_digit_run(t)):
        return [Piece("number", t, whole)]
    pieces: list[Piece] = []
    for word in t.split():
        num = _parse_nfkc(word)
        if num is not None:
            if glued and _is_digit_run(word):
                pieces.append(Piece("glued", word))
            else:
                pieces.append(Piece("number", word, num))
            continue
        _split_word(word, pieces)
    return _merge_labels(pieces)


def _is_digit_run(word: str) -> bool:
    """Two or more digits, maybe signed: in glued text, possibly several cells."""
    digits = word[1:] if word[:1] in "+-" else word
    return len(digits) > 1 and digits.isdigit()


def _split_word(word: str, out: list[Piece]) -> None:
    pos = 0
    for m in _DIGIT_RUN.finditer(word):
        start, end = m.span(1)
        run = m.group(1)
        if start > pos and word[start - 1] in "+-":
            # A sign inside a glued run belongs to the number after it ("行政处罚0-20": 0, -2, 0):
            # dropped, it would turn a decrease into an increase.
            start -= 1
            run = word[start:end]
        tail = word[end:]
        if _is_bracketed_year(word, start, end):
            continue  # 本年(2023)制发件数: a year in a header, not a value
        if tail in (".", "．") and start > 0 and len(run) == 1:
            continue  # "（五）不予处理1." cut where a PDF line ends: the next label's ordinal
        if _ORDINAL_AFTER.match(tail):
            # "…0000000" + "2.没有现成信息": the last digit is the next label's ordinal.
            if len(run) == 1 or "." in run:
                continue
            run, end = run[:-1], end - 1
        if start > pos:
            out.append(Piece("label", word[pos:start]))
        if "." in run or not _is_digit_run(run):
            out.append(Piece("number", run, _parse_nfkc(run)))
        else:
            out.append(Piece("glued", run))
        pos = end
    if pos < len(word):
        out.append(Piece("label", word[pos:]))


def _is_bracketed_year(word: str, start: int, end: int) -> bool:
    return (
        end - start == 4 and word[start : start + 2] in ("19", "20")
        and start > 0 and word[start - 1] in "(（" and word[end : end + 1] in (")", "）")
    )


def _merge_labels(pieces: list[Piece]) -> list[Piece]:
    """Adjacent label pieces form one label ("4.无正当理由大量反复" + "申请")."""
    merged: list[Piece] = []
    for p in pieces:
        if p.kind == "label" and merged and merged[-1].kind == "label":
            merged[-1] = Piece("label", merged[-1].text + p.text)
        else:
            merged.append(p)
    return merged
