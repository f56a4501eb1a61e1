"""Find the statistics tables in a document's cells and assign their numbers to canonical cells.

One matcher for every format.  The document's cells are split into pieces (labels,
numbers, blanks, glued digit runs); row labels are recognised by their normalised text in
the order the official form prints them; each row takes the value pieces that belong to
it.  "Belong" uses the physical rows when the reader saw them: values in the label's own
row bind to it; rows of values without a label (PDF text where a tall label cell sits
beside its numbers) are paired, in order, with the labels that have no values of their
own between two anchored rows.  Without row structure, a label takes the values that
follow it up to the next label.  Every row is then read by transform.solver.

A table is returned only when every one of its rows was found and read (cells the
identities could not decide stay null and are reported); a table with rows missing or
with too few cells is incomplete and returned as None, never filled by position.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Callable

from gknb.extract.document import Document
from gknb.model import eras
from gknb.model import report as model
from gknb.model.identity import PER_COLUMN, Identity
from gknb.model.issues import ROW_GLUED_INFERRED, TABLE_INCOMPLETE, TABLE_NOT_FOUND, TABLE_PRINTED_EMPTY, Issue
from gknb.transform.labels import normalise
from gknb.model.report import RowSpec, TableSpec
from gknb.transform.numbers import Number, is_page_footer, split_cell
from gknb.transform.report import CellSource
from gknb.transform.solver import Problem, Reading, RowRead, solve_row

VALUE_KINDS = frozenset({"number", "blank", "glued"})
# Section headings that end the statistics part of a report.
_END_MARKERS = ("存在的主要问题", "改进情况", "其他需要报告", "主要问题及改进")
# Characters a heading's words may follow within its label: none (ordinals and marks are not in the key).
_HEADING_LEAD = 0


@dataclass(slots=True)
class Tok:
    kind: str  # label | number | blank | glued
    text: str
    number: Number | None
    key: str  # normalised label text ("" for values)
    row: int | None
    table: int | None
    idx: int = 0
    before_value: bool = False
    col: int | None = None  # the source cell's grid column, when the reader knew it  # a label directly followed by a value: its row name may end a longer run
    blanks_dropped: bool = False  # read from a layout that drops blank cells


# A bracketed explanation in a label ("(本列数据的勾稽关系为:第1项加第2项之和…)", "(区分处理的,只计这
#一情形…)"), one level of nested brackets allowed: stripped before matching, and its digits are no values.
_INSTRUCTION = re.compile(r"\((?=[^()]*[\u4e00-\u9fff])(?:[^()]|\([^()]{0,4}\)){6,}\)")

# Where a glued label run is cut: after a sentence end, before a section heading (二、 … 六、).
_SENTENCE_OR_SECTION = re.compile(r"(?<=[。；;])|(?=[一二三四五六]、)")

# Text layouts whose blank cells vanish (extract.readers.text): there a lost cell may be a blank.
_BLANK_DROPPING_LAYOUTS = frozenset({"paragraphs", "bare_cell_lines", "glued", "lines"})

# One piece of a cell: (kind, text, number, normalised key).
_Piece = tuple[str, str, Number | None, str]


def tokenize(doc: Document) -> list[Tok]:
    toks: list[Tok] = []
    append = toks.append
    for cell in doc.cells:
        for kind, text, number, key in _cell_pieces(cell.text, cell.glued):
            append(Tok(kind, text, number, key, cell.row, cell.table, col=cell.col))
    if doc.media_type in ("text", "pdf"):
        toks = _join_wrapped_labels(toks)
    if doc.media_type == "text" and doc.meta.get("text_layout") in _BLANK_DROPPING_LAYOUTS:
        for t in toks:
            t.blanks_dropped = True
    n = len(toks)
    for i, t in enumerate(toks):
        t.idx = i
        t.before_value = t.kind == "label" and i + 1 < n and toks[i + 1].kind in VALUE_KINDS
    return toks


def _join_wrapped_labels(toks: list[Tok]) -> list[Tok]:
    """PDF text of a label wrapped in its cell, the values printed on the line between its two
    halves ("2.其他法律行政法规禁止" / "0 0 0 0 0 0 0" / "公开"): one label on the values' line
    when the two halves together name a row and neither half names another.  A wrap can cut
    an ordinal from its dot ("（三）不予公开1" / values / ".属于国家秘密"): the digit goes back."""
    out: list[Tok] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        out.append(t)
        joined = _wrapped_label_at(toks, i) if t.kind == "label" and t.key and "。" not in t.text else None
        if joined is None:
            i += 1
            continue
        text, values, j = joined
        t.text, t.key, t.row = text, normalise(text), values[0].row
        out.extend(values)
        i = j + 1  # the tail is part of the label now
    return out


def _wrapped_label_at(toks: list[Tok], i: int) -> tuple[str, list[Tok], int] | None:
    """(label text, the values between, index of the tail) when toks[i] is the first half of a
    wrapped label; None otherwise."""
    n, t = len(toks), toks[i]
    j = i + 1
    while j < n and toks[j].kind in VALUE_KINDS:
        j += 1
    if j == i + 1 or j >= n or toks[j].kind != "label" or not toks[j].key or "。" in toks[j].text:
        return None
    values, tail = toks[i + 1 : j], toks[j]
    head_text = t.text
    first = values[0]
    if first.row == t.row and first.kind == "number" and len(first.text) == 1 and tail.text[:1] in ".．、":
        head_text, values = head_text + first.text, values[1:]  # the ordinal's digit, cut from its dot
    if not values or all(v.kind == "blank" for v in values):
        return None
    # The values are a line of their own between the halves.
    if len({v.row for v in values}) != 1 or (t.row is not None and values[0].row in (t.row, tail.row)):
        return None
    text = head_text + tail.text
    named = _rows_named(normalise(text), True, _ALL_ROWS)
    if not named:
        return None
    # （六）其他处理 is a row of its own in one layout and the group label of three in the other.
    head_named = tuple(r for r in _rows_named(t.key, True, _ALL_ROWS) if _ALL_ROWS[r] is not model.OTHER_PROCESSING)
    tail_named = _rows_named(tail.key, True, _ALL_ROWS)
    if (head_named and head_named != named) or (tail_named and tail_named != named):
        return None
    return text, values, j


@lru_cache(maxsize=131072)
def _cell_pieces(raw: str, glued: bool) -> tuple[_Piece, ...]:
    """The pieces of one cell's text.  A pure function of the text, and report templates repeat
    the same labels and small counts in every document, so it is cached across documents."""
    if not raw or (raw.isascii() and raw.isdigit() and (len(raw) == 1 or not glued)):
        # Most table cells: a blank or a plain ASCII count (no normalising or splitting needed).
        return (("number", raw, Number(int(raw)), ""),) if raw else (("blank", raw, None, ""),)
    if len(raw) > 120 and "。" in raw and not glued:
        # A paragraph of prose: never a table label or value, so neither normalised nor split.
        return (("label", raw, None, ""),)
    text = unicodedata.normalize("NFKC", raw)
    if is_page_footer(text):
        return ()
    if "(" in text:
        text = _INSTRUCTION.sub("", text)
        if not text.strip():
            return ()  # an explanation alone (the corner of Table 3) is no cell of the table
    pieces: list[_Piece] = []
    for piece in split_cell(text, glued):
        if glued and piece.kind == "label" and len(piece.text) > 1:
            # Glued text runs prose, headings and the first row's labels together ("…保障。二、主动公开
            # 政府信息情况第二十条…规章000"): each sentence and each section its own label.
            for part in _SENTENCE_OR_SECTION.split(piece.text):
                if key := normalise(part):
                    pieces.append(("label", part, None, key))
            continue
        key = normalise(piece.text) if piece.kind == "label" else ""
        if piece.kind == "label" and not key:
            continue  # punctuation-only fragments ("、", "）")
        pieces.append((piece.kind, piece.text, piece.number, key))
    return tuple(pieces)


# --- row recognition ------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _canonical_key(row: RowSpec) -> str:
    return normalise(row.label)


@lru_cache(maxsize=262144)
def _key_matches(key: str, row: RowSpec, before_value: bool) -> bool:
    """Does a label key name this row?  Size-limited so that prose never matches (callers also
    skip any label with a 。 in it)."""
    canon = _canonical_key(row)
    if len(key) > max(len(canon) + 12, 2 * len(canon)):
        # Glued text runs headers into the row name ("…现行有效件数规章000"): only the end of a
        # run that a value follows can name the row.
        if not before_value:
            return False
        key = key[-(len(canon) + 4) :]
    if row.generic:
        # 其他 / 总计: the whole label must be the generic word (after ordinals are gone).
        return key in row.patterns or key == canon
    if any(p in key for p in row.patterns):
        return True
    # Typos and truncations: a close overall match, tried only where enough characters agree.
    if len(key) >= 4 and len(canon) >= 4 and 0.6 <= len(key) / len(canon) <= 1.6:
        if len(set(key) & set(canon)) >= 0.6 * len(set(canon)):
            return difflib.SequenceMatcher(None, key, canon, autojunk=False).ratio() >= 0.8
    return False


@dataclass(slots=True)
class RowHit:
    row: RowSpec
    tok: Tok


def find_rows(toks: Sequence[Tok], rows: Sequence[RowSpec], start: int, stop: int, after_generic: dict[str, set[str]]) -> list[RowHit]:
    """Label tokens naming rows, in template order (each row at most once, order never goes back)."""
    hits: list[RowHit] = []
    last = -1
    rows = tuple(rows)
    for t in toks[start:stop]:
        if t.kind != "label" or "。" in t.text:
            continue
        for j in _rows_named(t.key, t.before_value, rows):
            if j <= last:
                continue
            r = rows[j]
            if r.generic:
                prev = hits[-1].row.key if hits else None
                if prev not in after_generic.get(r.key, ()):
                    continue
            hits.append(RowHit(r, t))
            last = j
            if not t.blanks_dropped:
                break
            # Where blank cells vanish, a label run can name several rows whose values all
            # vanished but the last's ("行政处罚行政强制1"): each row is named, the values go to the last.
    return hits


def find_rows_any_order(toks: Sequence[Tok], rows: Sequence[RowSpec], start: int, stop: int) -> list[RowHit]:
    """Label tokens naming rows in any order (Table 2's items printed out of form order in some
    PDFs): each row by its own label, preferring an occurrence with a value after it; in
    document order.  For tables without generic rows only (every label names its row alone)."""
    rows = tuple(rows)
    found: dict[int, Tok] = {}
    for t in toks[start:stop]:
        if t.kind != "label" or "。" in t.text:
            continue
        for j in _rows_named(t.key, t.before_value, rows):
            if j not in found or (t.before_value and not found[j].before_value):
                found[j] = t
                break
    return sorted((RowHit(rows[j], t) for j, t in found.items()), key=lambda h: h.tok.idx)


@lru_cache(maxsize=65536)
def _rows_named(key: str, before_value: bool, rows: tuple[RowSpec, ...]) -> tuple[int, ...]:
    """Positions of the rows a label key can name (labels repeat across documents: cached)."""
    return tuple(j for j, r in enumerate(rows) if _key_matches(key, r, before_value))


# --- binding values to rows ---------------------------------------------------------------------


def _values_after(toks: Sequence[Tok], i: int, stop: int, same_row: int | None) -> list[Tok]:
    """Value pieces after label i: skip labels before the first value (label continuations),
    stop at the next label after one (or at the end of the physical row)."""
    out: list[Tok] = []
    for t in toks[i + 1 : stop]:
        if same_row is not None and t.row != same_row:
            break
        if t.kind == "label":
            if out:
                break
            continue
        out.append(t)
    return out


def bind_values(toks: Sequence[Tok], hits: Sequence[RowHit], stop: int) -> dict[str, list[Tok]]:
    """Value pieces of every found row (see module docstring for the rule)."""
    bound: dict[str, list[Tok]] = {}
    hit_positions = [h.tok.idx for h in hits]
    for n, h in enumerate(hits):
        nxt = hit_positions[n + 1] if n + 1 < len(hits) else stop
        if h.tok.row is None:
            bound[h.row.key] = _values_after(toks, h.tok.idx, nxt, None)
        else:
            bound[h.row.key] = _values_after(toks, h.tok.idx, stop, h.tok.row)
    _pair_detached(toks, hits, bound, stop)
    return bound


def _pair_detached(toks: Sequence[Tok], hits: Sequence[RowHit], bound: dict[str, list[Tok]], stop: int) -> None:
    """Rows of values with no label, paired in order with labelled rows that got no values."""
    if not hits or hits[0].tok.row is None:
        return
    # Only a recognised row label makes a row a label row: stray label text beside values
    # (a vertical group label's single character, a wrapped fragment) does not.
    label_rows = {h.tok.row for h in hits}
    groups: list[list[Tok]] = []
    for t in toks[hits[0].tok.idx : stop]:
        if t.kind not in VALUE_KINDS or t.row in label_rows or t.row is None:
            continue
        if groups and groups[-1][0].row == t.row:
            groups[-1].append(t)
        else:
            groups.append([t])
    if not groups:
        return
    # Segments between anchored rows (rows whose values sit beside their label).
    segment_labels: list[RowHit] = []
    gi = 0

    def flush(until_idx: int) -> None:
        nonlocal gi, segment_labels
        seg_groups = []
        while gi < len(groups) and groups[gi][0].idx < until_idx:
            seg_groups.append(groups[gi])
            gi += 1
        if segment_labels:
            useful = seg_groups if len(seg_groups) == len(segment_labels) else [
                g for g in seg_groups if any(t.kind != "blank" for t in g)
            ]
            if len(useful) == len(segment_labels):
                for h, g in zip(segment_labels, useful):
                    bound[h.row.key] = g
        segment_labels = []

    for h in hits:
        if bound.get(h.row.key):
            flush(min(h.tok.idx, _first_idx_of_row(toks, h.tok)))
        else:
            segment_labels.append(h)
    flush(stop)


def _first_idx_of_row(toks: Sequence[Tok], tok: Tok) -> int:
    i = tok.idx
    while i > 0 and toks[i - 1].row == tok.row:
        i -= 1
    return i


def _align_to_header(run: list[Tok], first_col: int | None, n: int) -> list[Tok]:
    """A run too long with blanks at both ends (full-width rows whose last cells are blank):
    keep the cells under the header's value columns when the cells carry their columns."""
    if first_col is None or len(run) <= n or run[0].kind != "blank" or run[-1].kind != "blank":
        return run
    if any(t.col is None for t in run):
        return run
    aligned = [t for t in run if first_col <= t.col < first_col + n]  # type: ignore[operator]
    return aligned if len(aligned) == n else run


def _header_col(toks: Sequence[Tok], first_row: int, key: str, reach: int = 120) -> int | None:
    """Grid column of the header cell (自然人) printed above a table's first row."""
    for t in reversed(toks[max(0, first_row - reach) : first_row]):
        if t.kind == "label" and t.key == key:
            return t.col
    return None


def _is_closed(toks: Sequence[Tok], run: Sequence[Tok], doc_complete: bool) -> bool:
    """A run is closed when a label follows it somewhere, or it ends a grid table the reader saw
    end.  A document cut inside a row (or right after its last digit, which may itself be cut)
    leaves the row open, and an open row never completes a table."""
    if not run:
        return False
    last = run[-1]
    if last.table is not None and doc_complete:
        return True
    for t in reversed(toks):  # from the end: a document's last label is usually its last token
        if t.idx <= last.idx:
            return False
        if t.kind == "label":
            return True
    return False


# --- the tables -------------------------------------------------------------------------------


@dataclass(slots=True)
class TableRead:
    spec: TableSpec
    values: dict[str, dict[str, int | float | None]] | None  # None: missing or incomplete
    cells: list[CellSource] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    found: bool = False  # any row of the table was seen
    partial: dict[str, dict[str, int | float | None]] | None = None  # what was read of an incomplete table


def _reading_check(identity: Identity | None, columns: tuple[str, ...]) -> Callable[[Reading], bool] | None:
    """A table's row identity in the form the solver uses it: each group of ``len(columns)`` cells
    (Table 4 prints its three rows as one row of 15) ends with its total, the sum of the cells
    before it; a reading of one group or less (fewer cells, the rest blank) is one group.  The
    solver's lost-cell rule assumes this shape, so a declaration of another shape is refused."""
    if identity is None:
        return None
    parts = tuple(c for c in columns if c not in identity.left)
    if identity.left != (columns[-1],) or identity.right != parts:
        raise ValueError(f"{identity.check}: the solver needs the total as the last column, the parts before it")
    width = len(columns)

    def holds(reading: Reading) -> bool:
        vals = [0 if v is None else v for v in reading]
        if len(vals) <= width:  # one group: the common case, kept cheap (the solver calls this per candidate)
            return vals[-1] == sum(vals[:-1])
        return all(vals[g + width - 1] == sum(vals[g : g + width - 1]) for g in range(0, len(vals) - width + 1, width))

    return holds


_ROW_CHECKS = {key: _reading_check(eras.row_identity(key), eras.LATEST.table(key).column_keys)
               for key in model.TABLE_KEYS}


def _assemble(spec: TableSpec, reads: dict[str, RowRead], labels: dict[str, str], tname: str) -> TableRead:
    """Values and provenance of a table whose rows are all found.  A row the identities could
    not decide makes the table incomplete: a null cell must only ever mean "blank in the
    source", so the table is None and what could be read is kept as its partial reading."""
    undecided = [row.key for row in spec.rows if reads[row.key].values is None]
    if undecided:
        partial = {k: dict(zip(spec.measures_of(spec.row(k)), r.values)) for k, r in reads.items() if r.values is not None}
        issues = [reads[k].issue(f"{spec.key}/{k}", f"{tname} {k}") for k in undecided]
        issues.append(TABLE_INCOMPLETE(spec.key, f"{tname}: incomplete (no single reading of {', '.join(undecided)}); table left null"))
        return TableRead(spec, None, issues=issues, found=True, partial=partial)
    tr = TableRead(spec, {}, found=True)
    assert tr.values is not None
    column_labels = spec.column_labels
    for row in spec.rows:
        rr = reads[row.key]
        measures = spec.measures_of(row)
        tr.values[row.key] = {}
        assert rr.values is not None
        row_label = labels.get(row.key, row.label)
        for m, v, raw in zip(measures, rr.values, rr.raws or (None,) * len(measures)):
            if m == "procurement_amount_yuan" and v is not None and raw and "万" in raw:
                v = round(float(v) * 10000, 2)
            tr.values[row.key][m] = v
            tr.cells.append(CellSource(spec.key, row.key, m, raw, row_label, column_labels.get(m, m), rr.inferred))
        if rr.inferred and rr.problem:
            tr.issues.append(rr.issue(f"{spec.key}/{row.key}", f"{tname} {row.key}"))
    return tr


def read_rows_table(
    spec: TableSpec,
    toks: Sequence[Tok],
    start: int,
    stop: int,
    doc_complete: bool,
    after_generic: dict[str, set[str]] | None = None,
    hits: list[RowHit] | None = None,
    bound: dict[str, list[Tok]] | None = None,
) -> TableRead:
    """Tables 2 and 3: row labels down the side, values across (``bound``: the values already
    bound to exactly these ``hits``, when the caller has them).  A table whose rows keep an
    identity (Table 3's applicant sum) lets it choose among readings of a row."""
    tname = f"table{spec.number}"
    if hits is None:
        hits = find_rows(toks, spec.rows, start, stop, after_generic or {})
        if spec.number == 2 and len(hits) < len(spec.rows) and start < len(toks) and _is_heading(toks[start], _T2_HEADINGS):
            # Under its heading, Table 2's items may come in another order.
            unordered = find_rows_any_order(toks, spec.rows, start, stop)
            hits = unordered if len(unordered) > len(hits) else hits
    if not hits:
        return TableRead(spec, None, issues=[TABLE_NOT_FOUND(spec.key, f"{tname}: not found")])
    if bound is None:
        bound = bind_values(toks, hits, stop)
    labels = {h.row.key: h.tok.text for h in hits}
    missing = [r.key for r in spec.rows if r.key not in bound]
    if not missing and _printed_empty(toks, start, stop):
        return _empty_table(spec, labels, tname)
    reads: dict[str, RowRead] = {}
    pending: dict[str, list[tuple[Reading, tuple[str | None, ...]]]] = {}
    short: list[str] = []
    first_value_col = _header_col(toks, hits[0].tok.idx, "自然人") if spec.number == 3 else None
    for row in spec.rows:
        run = bound.get(row.key)
        if run is None:
            continue
        n = len(spec.measures_of(row))
        run = _align_to_header(run, first_value_col, n)
        identity = _ROW_CHECKS[spec.key]
        if not run:
            short.append(f"{row.key} (no cells)")
            continue
        if not _is_closed(toks, run, doc_complete):
            short.append(f"{row.key} (the document ends inside the row)")
            continue
        rr, cands = solve_row(run, n, identity=identity, closed=True, zero_fill=not run[0].blanks_dropped)
        reads[row.key] = rr
        if rr.values is None:
            if cands:
                pending[row.key] = cands
            else:
                short.append(f"{row.key} ({rr.problem})")
    partial = {k: dict(zip(spec.measures_of(spec.row(k)), r.values)) for k, r in reads.items() if r.values is not None}
    if missing or short:
        why = []
        if missing:
            why.append(f"rows not found: {', '.join(missing)}")
        if short:
            why.append(f"rows with too few cells: {', '.join(short)}")
        return TableRead(spec, None, issues=[TABLE_INCOMPLETE(spec.key, f"{tname}: incomplete ({'; '.join(why)}); table left null")], found=True, partial=partial)
    if pending and spec.number == 3:
        _resolve_across_rows(spec, reads, pending)
    return _assemble(spec, reads, labels, tname)


def _printed_empty(toks: Sequence[Tok], start: int, stop: int) -> bool:
    """Every label of the table and not one value in its region, and the region closed by the
    landmark after it (the next table or section, so a cut document never qualifies): a template
    published empty in a layout that drops blank cells (a cell per line or paragraph).  Every
    cell is blank; nothing is there to be placed."""
    if stop >= len(toks) or toks[stop].kind != "label":
        return False
    return not any(t.kind in VALUE_KINDS for t in toks[start:stop])


def _empty_table(spec: TableSpec, labels: dict[str, str], tname: str) -> TableRead:
    reads = {row.key: RowRead((None,) * len(spec.measures_of(row))) for row in spec.rows}
    read = _assemble(spec, reads, labels, tname)
    read.issues.append(TABLE_PRINTED_EMPTY(spec.key, f"{tname}: every label and no value printed; every cell null"))
    return read


def _resolve_across_rows(spec: TableSpec, reads: dict[str, RowRead], pending: dict[str, list]) -> None:
    """Ambiguous Table 3 rows: keep the combinations under which the column identities that
    involve those rows hold (an unrelated inconsistency elsewhere in the source must not veto)."""
    keys = list(pending)
    sizes = 1
    for k in keys:
        sizes *= len(pending[k])
    if sizes > 200_000:
        return
    era = eras.era_of(None, spec)
    used = [i for i in era.identities if i.over == spec.key and i.per == PER_COLUMN and set(i.left + i.right) & set(keys)]
    survivors: list[tuple] = []
    for combo in product(*(pending[k] for k in keys)):
        table = {k: r.values for k, r in reads.items() if r.values is not None}
        for k, (vals, _raws) in zip(keys, combo):
            table[k] = vals
        if _columns_hold(table, used, len(spec.columns)):
            survivors.append(combo)
    if not survivors:
        return
    for pos, k in enumerate(keys):
        options = {c[pos][0] for c in survivors}
        if len(options) == 1:
            vals, raws = survivors[0][pos]
            reads[k] = RowRead(vals, raws, inferred=True, problem=Problem(ROW_GLUED_INFERRED, "glued digits read by the table's column identities"))


def _columns_hold(table: dict[str, Reading | None], identities: Sequence[Identity], width: int) -> bool:
    """Every identity holds in every column (blank read as 0); a row not read fails it."""
    def v(k: str, c: int) -> int | float | None:
        row = table.get(k)
        if row is None:
            return None
        return 0 if row[c] is None else row[c]

    for c in range(width):
        for identity in identities:
            left, right = [v(k, c) for k in identity.left], [v(k, c) for k in identity.right]
            if None in left or None in right or sum(left) != sum(right):  # type: ignore[arg-type]
                return False
    return True


def read_table4(toks: Sequence[Tok], start: int, stop: int, doc_complete: bool) -> TableRead:
    """Table 4: three proceedings × five outcomes, printed as one row of 15 under a 3-level header
    (or, in some reports, as three labelled rows of five)."""
    spec = model.TABLE4
    transposed = _table4_transposed(toks, start, stop, doc_complete)
    if transposed is not None:
        return transposed
    values = [t for t in toks[start:stop] if t.kind in VALUE_KINDS]
    if not values:
        heads = find_rows(toks, spec.rows, start, stop, {})
        if len(heads) == len(spec.rows) and _printed_empty(toks, start, stop):
            return _empty_table(spec, {}, "table4")
    if values and values[0].row is not None:
        values = _table4_value_rows(toks[start:stop])
    if not values:
        return TableRead(spec, None, issues=[TABLE_INCOMPLETE(spec.key, "table4: no values found; table left null")], found=True)
    if not _is_closed(toks, values, doc_complete):
        return TableRead(spec, None, issues=[TABLE_INCOMPLETE(spec.key, "table4: the document ends inside the table; table left incomplete")], found=True)
    rr, _ = solve_row(values, 15, identity=_ROW_CHECKS[spec.key], boundaries=(5, 10), closed=True, zero_fill=not values[0].blanks_dropped)
    if rr.values is None:
        return TableRead(spec, None, issues=[TABLE_INCOMPLETE(spec.key, f"table4: {rr.problem}; table left incomplete")], found=True)
    reads = {}
    for g, row in enumerate(spec.rows):
        raws = rr.raws[g * 5 : g * 5 + 5] if rr.raws else None
        reads[row.key] = RowRead(rr.values[g * 5 : g * 5 + 5], raws, rr.inferred, rr.problem)
    return _assemble(spec, reads, {}, "table4")


def _table4_value_rows(region: Sequence[Tok]) -> list[Tok]:
    """The value row(s) of Table 4: physical rows holding only values (header rows, even with
    blank cells, hold labels).  Rows of blanks are artefacts when a row with numbers exists;
    a table published empty has only its one row of 15 blanks."""
    rows: dict[int | None, list[Tok]] = {}
    for t in region:
        rows.setdefault(t.row, []).append(t)
    groups = [g for g in rows.values() if all(t.kind in VALUE_KINDS for t in g)]
    filled = [g for g in groups if any(t.kind != "blank" for t in g)]
    if filled:
        return [t for g in filled for t in g]
    empty = [g for g in groups if len(g) == 15]
    return empty[-1] if empty else []


def _table4_transposed(toks: Sequence[Tok], start: int, stop: int, doc_complete: bool) -> TableRead | None:
    spec = model.TABLE4
    hits = find_rows(toks, spec.rows, start, stop, {})
    if len(hits) != 3:
        return None
    if hits[0].tok.row is not None and len({h.tok.row for h in hits}) != 3:
        return None  # the standard layout prints the three as column headers, two on one row
    bound = bind_values(toks, hits, stop)
    if not all(sum(t.kind != "blank" for t in bound.get(r.key, [])) >= 1 and len(bound.get(r.key, [])) >= 4 for r in spec.rows):
        return None
    reads = {}
    for row in spec.rows:
        run = bound[row.key]
        rr, _ = solve_row(run, 5, identity=_ROW_CHECKS[spec.key], closed=_is_closed(toks, run, doc_complete), zero_fill=not run[0].blanks_dropped)
        if rr.values is None:
            return TableRead(spec, None, issues=[TABLE_INCOMPLETE(f"{spec.key}/{row.key}", f"table4 {row.key}: {rr.problem}; table left incomplete")], found=True)
        reads[row.key] = rr
    return _assemble(spec, reads, {h.row.key: h.tok.text for h in hits}, "table4")


# --- locating the tables ---------------------------------------------------------------------------


def _first(labels: Sequence[Tok], pred, start: int = 0, stop: int | None = None) -> int | None:  # type: ignore[no-untyped-def]
    """Index (in the token stream) of the first label at or after token ``start`` and before
    ``stop`` for which ``pred`` holds."""
    for t in labels:
        if t.idx < start:
            continue
        if stop is not None and t.idx >= stop:
            return None
        if pred(t):
            return t.idx
    return None


def _is_heading(t: Tok, patterns: Sequence[str], lead: int = _HEADING_LEAD) -> bool:
    """A heading stands alone, or opens a run of glued labels (never sits inside prose): its
    words open the label.  A line of hard-wrapped prose that happens to hold them further in
    ("信息情况、收到和处理政府信息公开申请情况、政府…") continues a paragraph.
    ``patterns`` are normalised (see _T2_HEADINGS); Table 4's are parts of its two wordings
    (因政府信息公开工作被申请行政复议、提起行政诉讼情况), found anywhere in the label (``lead`` 40).
    """
    if not t.key or "。" in t.text or t.text[:1] in _CONTINUATION:
        return False
    head = t.key[:40]
    return any(0 <= head.find(p) <= lead for p in patterns)


def _is_end_marker(t: Tok) -> bool:
    return "。" not in t.text[:30] and any(m in t.key[:30] for m in _END_MARKERS)


_T3_START_ROWS = tuple(eras.LATEST.table3.row(k) for k in model.T3_RECEIVED_ROWS)
_T2_HEADINGS = tuple(normalise(p) for p in model.TABLE2_2021.heading_patterns)
_T3_HEADINGS = tuple(normalise(p) for p in model.TABLE3_2021.heading_patterns)
_T4_HEADINGS = tuple(normalise(p) for p in model.TABLE4.heading_patterns)
# A line that opens with these continues a paragraph a PDF hard-wrapped: never a heading.
_CONTINUATION = frozenset("、，,。；;：:）)》”")
_T4_HEADER_WORDS = ("未经复议直接起诉", "复议后起诉")


@dataclass(slots=True)
class Layout:
    """Where each table's region starts and stops in the token stream."""

    t2: tuple[int, int] | None
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None


def _full_row_after(toks: Sequence[Tok], t: Tok, n: int) -> bool:
    """At least n cells of values follow the label before the next label (a glued run may be
    several cells): a table row, not a count that prose names."""
    cells = 0
    for v in toks[t.idx + 1 :]:
        if v.kind == "label":
            break
        cells += len(v.text.lstrip("+-")) if v.kind == "glued" else 1
    return cells >= n


def locate(toks: Sequence[Tok]) -> Layout:
    """Every landmark is a label: the searches look at label tokens only.  Table 3 opens at its
    first row's label only where the table's heading precedes it or a full row of values
    follows it: hard-wrapped prose names the same rows next to single counts."""
    labels = [t for t in toks if t.kind == "label"]
    t3_head = _first(labels, lambda t: _is_heading(t, _T3_HEADINGS))
    n3 = len(model.APPLICANT_COLUMNS)
    t3_start = _first(labels, lambda t: bool(_rows_named(t.key, t.before_value, _T3_START_ROWS)) and "。" not in t.text
                      and ((t3_head is not None and t.idx > t3_head) or _full_row_after(toks, t, n3)))
    t4_search_from = t3_start if t3_start is not None else 0
    t4_head = _first(labels, lambda t: _is_heading(t, _T4_HEADINGS, 40), t4_search_from)
    if t4_head is None and t3_start is not None:
        t4_head = _first(labels, lambda t: t.key in ("行政复议", "行政复议行政诉讼"), t4_search_from)
    if t4_head is None and t3_start is not None:
        # A heading with a stray character in it ("行政丨诉讼"): Table 4's own header words.
        t4_head = _first(labels, lambda t: "。" not in t.text and any(w in t.key for w in _T4_HEADER_WORDS), t4_search_from)
    end = len(toks)
    if t4_head is not None:
        t4_end = _first(labels, _is_end_marker, t4_head + 1)
        t4 = (t4_head, t4_end if t4_end is not None else end)
    else:
        t4 = None
    t3 = None
    if t3_start is not None:
        t3_stop = t4_head if t4_head is not None else (_first(labels, _is_end_marker, t3_start) or end)
        t3 = (t3_start, t3_stop)
    t2_stop = t3_start if t3_start is not None else (t4_head if t4_head is not None else end)
    t2_head = _first(labels, lambda t: _is_heading(t, _T2_HEADINGS), 0, t2_stop)
    t2 = (t2_head if t2_head is not None else 0, t2_stop)
    return Layout(t2, t3, t4)


def table2_form(toks: Sequence[Tok], region: tuple[int, int]) -> TableSpec:
    """The form of Table 2: the first era whose markers a label of the region holds, else the latest."""
    marked = [e for e in eras.ERAS if e.table2_markers]
    for t in toks[region[0] : region[1]]:
        if t.kind == "label":
            for era in marked:
                if any(m in t.key for m in era.table2_markers):
                    return era.table2
    return eras.LATEST.table2


T3_FORMS = eras.table_forms("applications")
T3_ROWS_ALL = eras.all_rows("applications")
# Every row of every table in every form: what a label fragment is tested against.
_ALL_ROWS = tuple(dict.fromkeys(row for key in model.TABLE_KEYS for spec in eras.table_forms(key) for row in spec.rows))
# A generic row (其他, 总计) is trusted only right after a row that precedes it in some form.
T3_AFTER_GENERIC = {row.key: {spec.rows[i - 1].key for spec in T3_FORMS for i, r in enumerate(spec.rows) if r is row and i}
                    for row in T3_ROWS_ALL if row.generic}


def _form_keys(spec: TableSpec) -> tuple[TableSpec, frozenset[str], frozenset[str]]:
    """A Table 3 form with the rows only it prints and the rows of other forms it does not print (its
    group labels aside: （六）其他处理 heads three rows in 2021)."""
    own = {r.key for r in spec.rows} - {r.key for other in T3_FORMS if other is not spec for r in other.rows}
    groups = {r.group for r in spec.rows}
    return spec, frozenset(own), frozenset(r.key for r in T3_ROWS_ALL if r not in spec.rows and r.label not in groups)


_T3_FORM_KEYS = tuple(_form_keys(spec) for spec in T3_FORMS)


def _table3_form(toks: Sequence[Tok], start: int, stop: int, bound: dict[str, list[Tok]]) -> TableSpec:
    """The （六）其他处理 layout of Table 3: the form whose own rows (no other form prints them) hold
    values, where no row of another form was found but one this form prints as a group label
    (（六）其他处理 over three rows); an empty template (every label, no value) is told by its own rows
    found.  Otherwise the latest form."""
    empty = not any(t.kind in VALUE_KINDS for t in toks[start:stop])
    for spec, own, others in _T3_FORM_KEYS:
        shown = any(bound.get(k) for k in own) or (empty and any(k in bound for k in own))
        if shown and not any(k in bound for k in others):
            return spec
    return eras.LATEST.table3


def read_table3(toks: Sequence[Tok], region: tuple[int, int], doc_complete: bool) -> TableRead:
    """Table 3 in any form's （六）其他处理 layout (the read's ``spec`` says which)."""
    start, stop = region
    combined = TableSpec("applications", 3, eras.LATEST.table3.title, T3_ROWS_ALL, model.APPLICANT_COLUMNS)
    hits = find_rows(toks, combined.rows, start, stop, T3_AFTER_GENERIC)
    bound = bind_values(toks, hits, stop) if hits else {}
    spec = _table3_form(toks, start, stop, bound)
    keys = {r.key for r in spec.rows}
    if all(h.row.key in keys for h in hits):
        # The combined search found exactly this layout's rows: no need to search again, nor to bind again.
        spec_hits, spec_bound = hits, (bound if hits else None)
    else:
        spec_hits, spec_bound = None, None  # "(六)其他处理" matched as a group label: search with this form's rows alone
    return read_rows_table(spec, toks, start, stop, doc_complete, T3_AFTER_GENERIC, hits=spec_hits, bound=spec_bound)
