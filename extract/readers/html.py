"""HTML report pages to cells, with rowspan/colspan laid out on a true grid.

Report pages are Word pasted into a CMS: every cell wrapped in <p><span>, blanks as
&nbsp;, labels broken with <br>, tables nested inside layout tables, sometimes split in
pieces.  Data tables (tables with no table inside) become grid cells, one Cell per
source cell at its first slot with its grid column; everything else becomes one Cell per
block of text.  Guangdong gkmlpt pages carry the body as JSON in ``window._CONFIG.DETAIL``:
that body is read instead of the almost empty visible page.

Three shapes are refused before they cost the machine: a page above ``MAX_HTML_BYTES`` (a
report page is well under 1 MB; a 60 MB table page took 72 s and 3.3 GB), markup nested deeper than
``MAX_DEPTH`` (the HTML parser's scope checks make deep nesting quadratic: 40,000 nested
divs take 18 s, 100,000 minutes) and a table whose spans cover more than ``MAX_TABLE_SLOTS``
grid slots (2,000 cells of colspan=200 rowspan=200 would lay out 80 million).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gknb.model import media
from gknb.extract.decode import decode_bytes
from gknb.extract.document import Cell, Document, ReadError
from gknb.model.issues import Issue

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "select", "option", "button", "iframe", "svg"})
_BLOCK = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr",
        "section", "article", "header", "footer", "blockquote", "pre", "center", "form", "tr", "caption", "title",
        "main", "aside", "nav", "body", "html",
    }
)
_GKMLPT_CONTENT = re.compile(r'DETAIL\s*[:=]\s*\{.*?"content"\s*:\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_WS = re.compile(r"\s+")
_CELL_TAGS = frozenset({"td", "th"})
_NO_SPAN = (1, 1)
MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 800  # real report pages nest a few dozen levels; the walk below recurses once per level
# Under this many tags even the worst nesting parses in well under a second (10,000 nested divs:
# 0.4 s) and the walk's own recursion limit refuses it, so the scan (as costly as the parse on a
# normal page) is kept for big pages.
_SCAN_ABOVE_TAGS = 10_000
MAX_TABLE_SLOTS = 250_000  # a statistics table has a few hundred slots
# Elements that never hold children, or whose end tag pages usually leave out (the parser closes
# them itself): they do not deepen the tree, so the depth scan does not count them.
_FLAT = (
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "param", "keygen", "frame", "basefont", "bgsound", "p", "li", "dt", "dd", "tr", "td", "th", "option",
    "optgroup", "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "html", "head", "body",
)
# An open ("") or end ("/") tag of any other element; only the slash is captured, so the scan stays in C.
_NESTING_TAG = re.compile(r"<(/?)(?!(?:%s)[\s/>])[A-Za-z]" % "|".join(_FLAT), re.IGNORECASE)


def check_depth(html: str) -> None:
    """Refuse markup nested deeper than MAX_DEPTH, counted from the tags before parsing.

    An end tag never takes the count below zero, so stray end tags cannot hide deep nesting."""
    if html.count("<") <= _SCAN_ABOVE_TAGS:
        return
    steps = (-1 if slash else 1 for slash in _NESTING_TAG.findall(html))
    deepest = max(accumulate(steps, lambda depth, step: max(0, depth + step), initial=0))
    if deepest > MAX_DEPTH:
        raise ReadError(f"HTML nested {deepest:,} elements deep, above the limit of {MAX_DEPTH}")


def _span(attrs: dict[str, str | None], name: str) -> int:
    raw = attrs.get(name)
    if not raw:
        return 1
    try:
        return max(1, min(int(raw.strip().rstrip(";")), 200))
    except ValueError:
        return 1


class _Walker:
    """Depth-first walk emitting cells in reading order."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.row = 0
        self.table = 0

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.buf)).strip()
        self.buf.clear()
        if text:
            self.cells.append(Cell(text, row=self.row))
            self.lines.append(text)
            self.row += 1

    def walk(self, node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
            elif tag in _SKIP or tag == "-comment" or tag is None:
                continue
            elif tag == "table":
                self.flush()
                if len(child.css("table")) == 1:  # lexbor's css() includes the node itself
                    self.grid(child)
                else:
                    self.walk(child)
                    self.flush()
            elif tag in _BLOCK or tag in ("td", "th"):
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def grid(self, table: LexborNode) -> None:
        """Lay the table's cells on a true grid: each source cell once, at its first free slot."""
        # Spans are read only where a cell declares one: most cells have none, and building
        # every cell's attribute dict costs more than the rest of the walk.
        spans = {
            n.mem_id: (_span(a, "colspan"), _span(a, "rowspan"))
            for n in table.css("td[colspan],td[rowspan],th[colspan],th[rowspan]")
            for a in (n.attributes,)
        }
        slots = sum(cs * rs for cs, rs in spans.values())
        if slots > MAX_TABLE_SLOTS:
            raise ReadError(f"HTML table {self.table + 1} spans {slots:,} grid slots, above the limit of {MAX_TABLE_SLOTS:,}")
        # Slots still covered by a rowspan from above: row offset -> set of columns.
        pending: dict[int, set[int]] = {}
        cells, lines, row, tno = self.cells, self.lines, self.row, self.table
        for r, tr in enumerate(table.css("tr")):
            taken = pending.pop(r, ())
            c = 0
            line: list[str] = []
            for td in tr.iter():  # a data table's cells are the row's children
                if td.tag not in _CELL_TAGS:
                    continue
                while c in taken:
                    c += 1
                cs, rs = spans.get(td.mem_id, _NO_SPAN) if spans else _NO_SPAN
                if rs > 1:
                    for dr in range(1, rs):
                        pending.setdefault(r + dr, set()).update(range(c, c + cs))
                text = td.text_lexbor().strip()  # the deep text content, as text(deep=True, separator="")
                if "  " in text or "\n" in text or "\t" in text or "\xa0" in text:
                    text = " ".join(text.split())
                cells.append(Cell(text, row, c, tno))
                line.append(text)
                c += cs
            if line:
                lines.append("\t".join(line))
            row += 1
        self.row = row
        self.table += 1


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    meta: dict[str, str] = {}
    head = tree.head
    # <meta> belongs in <head>; only a page whose head has none is searched whole.
    tags = (head.css("meta") if head is not None else []) or tree.css("meta")
    for m in tags:
        attrs = m.attributes
        name = attrs.get("name") or attrs.get("property")
        content = attrs.get("content")
        if name and content and name.lower() not in ("viewport",):
            meta.setdefault(name, content.strip())
    title = (head.css_first("title") if head is not None else None) or tree.css_first("title")
    if title is not None:
        t = title.text(strip=True)
        if t:
            meta.setdefault("title", t)
    return meta


def gkmlpt_body(html: str) -> str | None:
    """The report body a gkmlpt detail page keeps as JSON in window._CONFIG.DETAIL."""
    m = _GKMLPT_CONTENT.search(html)
    if not m:
        return None
    try:
        return json.loads(f'"{m.group(1)}"')
    except json.JSONDecodeError:
        return None


def read_html(data: bytes, source: str, content_type: str | None = None) -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise ReadError(f"HTML page is {len(data):,} bytes, above the {MAX_HTML_BYTES:,}-byte limit for a page")
    html, encoding, issues = decode_bytes(data, content_type)
    return read_html_text(html, source, encoding=encoding, issues=issues)


def read_html_text(html: str, source: str, *, encoding: str = "utf-8", issues: list[Issue] | None = None) -> Document:
    check_depth(html)
    tree = LexborHTMLParser(html)
    meta = _meta_tags(tree)
    meta["encoding"] = encoding
    body_html = gkmlpt_body(html)
    root: LexborNode | None
    if body_html is not None:
        check_depth(body_html)
        root = LexborHTMLParser(body_html).body
    else:
        root = tree.body or tree.root
    walker = _Walker()
    if root is not None:
        try:
            walker.walk(root)
        except RecursionError:
            raise ReadError("HTML nested too deep to walk (past about 900 levels)") from None
        walker.flush()
    source_html = body_html if body_html is not None else html
    complete = len(_TABLE_CLOSE.findall(source_html)) >= len(_TABLE_OPEN.findall(source_html))
    return Document(
        source=source,
        media_type=media.HTML,
        cells=walker.cells,
        text="\n".join(walker.lines),
        meta=meta,
        complete=complete,
        issues=list(issues or []),
    )
