"""Report pages as portals serve them: Word tables pasted into a CMS page.

Four table styles (portals-research.md §8.6): ``word`` wraps every cell in
``<p align=center><span style=…>`` with width styles and breaks labels with ``<br>``,
as pasting from Word does; ``msword`` is Word's own "Save as Web Page" output (MsoNormal
paragraphs, labels split over several ``<span lang=EN-US>`` runs, ``<o:p>`` blanks, unquoted
attributes and the hidden column-width row Word adds after each table); ``plain`` is bare
``<td>`` cells; ``nested`` puts each table in a TRS_Editor div and a layout table, so the
data table is a table inside a table.

``blank`` is how the page fills a cell with nothing to report.  Whitespace tokens
(``&nbsp;``, ``""``) fill cells blank in the source (None).  Zero spellings (``0``, ``/``,
``—``…) are what some pages print for zero; the spec reads them as 0, so such a page
prints its zero cells with the token and leaves None cells empty — a blank cell is never
written as something the parser must read as 0.
"""

from __future__ import annotations

import html
from typing import Any

from gknb.synth.render.grid import TABLE_HEADINGS, Grid, GridCell, split_grid
from gknb.synth.render.outline import build_outline, variation_rng

STYLES = ("word", "msword", "plain", "nested")
ZERO_SPELLINGS = ("0", "０", "/", "—", "-", "无")
_WORD_TD = "border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"
_WORD_SPAN = "font-family:宋体;font-size:10.5pt"
_LABEL_WIDTH_PX = {"active_disclosure": 160, "applications": 60, "review_litigation": 36}


def cell_text(cell: GridCell, blank: str) -> str:
    """The cell's inner HTML: escaped text with ``<br>`` breaks, or the blank/zero token."""
    zero_token = blank in ZERO_SPELLINGS
    if cell.value and cell.blank:
        return "&nbsp;" if zero_token else blank
    if cell.value and cell.zero and zero_token:
        return blank
    return "<br>".join(html.escape(part, quote=False) for part in cell.text.split("\n"))


def _td(cell: GridCell, inner: str, style: str, width: int) -> str:
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
        f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    )
    if style == "msword":
        return _msword_td(cell, inner, width)
    if style != "word":
        return f"<td{spans}>{inner}</td>"
    return (
        f'<td{spans} valign="center" style="width:{width * cell.colspan}px;{_WORD_TD}">'
        f'<p align="center" style="text-align:center"><span style="{_WORD_SPAN}">{inner}</span></p></td>'
    )


def _msword_td(cell: GridCell, inner: str, width: int) -> str:
    """A cell as Word writes it: unquoted attributes, the text cut into style runs."""
    spans = (f" colspan={cell.colspan}" if cell.colspan > 1 else "") + (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "")
    if inner in ("", "&nbsp;"):
        runs = "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    elif cell.value:
        runs = f"<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\"'>{inner}<o:p></o:p></span>"
    else:
        # Word starts a new run where the ordinal, a bracket or the font changes.
        cut = inner.find("<br>") if ("<" in inner or "&" in inner) else max(1, len(inner) // 3)
        cut = cut if cut > 0 else len(inner)
        runs = (f"<span style='font-size:10.5pt;font-family:宋体'>{inner[:cut]}</span>"
                f"<span lang=EN-US style='font-size:10.5pt'>{inner[cut:]}</span><span lang=EN-US><o:p></o:p></span>")
    return (
        f"<td width={width * cell.colspan}{spans} valign=top style='width:{width * cell.colspan * 0.75:.1f}pt;"
        f"border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
        f"<p class=MsoNormal align=center style='text-align:center'>{runs}</p></td>"
    )


def _msword_table(grid: Grid, rows: str, width: int) -> str:
    """Word's table, with the hidden row of column widths it appends for old browsers."""
    ncols = sum(c.colspan for c in grid.rows[0])
    widths = "".join(f"<td width={width} style='border:none'></td>" for _ in range(ncols))
    return (
        "<div class=WordSection1><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
        "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>"
        f"{rows}<![if !supportMisalignedColumns]><tr height=0>{widths}</tr><![endif]></table></div>"
        "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
    )


def grid_html(grid: Grid, *, style: str = "word", blank: str = "&nbsp;") -> str:
    """One data table: rowspan/colspan exactly as the official form."""
    if style not in STYLES:
        raise ValueError(f"unknown table style {style!r}")
    width = _LABEL_WIDTH_PX[grid.key]
    rows = "".join(
        "<tr>" + "".join(_td(c, cell_text(c, blank), style, width) for c in row) + "</tr>" for row in grid.rows
    )
    if style == "msword":
        return _msword_table(grid, rows, width)
    if style == "word":
        return (
            '<table border="1" cellspacing="0" cellpadding="0" width="600" '
            f'style="border-collapse:collapse;border:none"><tbody>{rows}</tbody></table>'
        )
    table = f'<table border="1" cellspacing="1"><tbody>{rows}</tbody></table>'
    if style == "nested":
        return f'<div class="TRS_Editor"><div><table width="100%"><tr><td>{table}</td></tr></table></div></div>'
    return table


def _table_parts(grid: Grid, style: str, blank: str, split_table3: bool) -> list[str]:
    """One table, or Table 3 cut in two where a page broke it."""
    if split_table3 and grid.key == "applications":
        first, second = split_grid(grid, len(grid.rows) // 2)
        return [grid_html(first, style=style, blank=blank), "<p>&nbsp;</p>",
                grid_html(second, style=style, blank=blank)]
    return [grid_html(grid, style=style, blank=blank)]


def _heading(text: str) -> str:
    return f"<p><strong>{html.escape(text)}</strong></p>"


def render_tables_html(report: dict[str, Any], *, style: str = "word", blank: str = "&nbsp;") -> str:
    """Sections 二 to 四: each heading and its table, for a page body that brings the other sections."""
    outline = build_outline(report, break_labels=style == "word")
    parts: list[str] = []
    for block in outline.blocks:
        if block.kind == "table" and block.grid is not None:
            parts += [_heading(TABLE_HEADINGS[block.grid.key]), *_table_parts(block.grid, style, blank, False)]
    return "".join(parts)


def _metadata_block(meta: dict[str, str], as_table: bool) -> str:
    if as_table:
        cells = [f"<td>{k}：</td><td>{html.escape(v)}</td>" for k, v in meta.items()]
        return ('<table class="xxgk_table"><tr>' + "".join(cells[:2]) + "</tr><tr>"
                + "".join(cells[2:]) + "</tr></table>")
    items = "".join(f"<li><b>{k}：</b>{html.escape(v)}</li>" for k, v in meta.items())
    return f'<ul class="xxgk_info">{items}</ul>'



def render_report_html(
    report: dict[str, Any],
    *,
    style: str = "word",
    blank: str = "&nbsp;",
    with_metadata: bool = True,
    split_table3: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    """A whole report page: gov-site <meta> tags, metadata block, title, six sections, tables."""
    outline = build_outline(report, break_labels=style in ("word", "msword"))
    rng = variation_rng(report, "html")
    title = html.escape(outline.title)
    charset = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        if encoding.lower() in ("gbk", "gb2312", "gb18030")
        else f'<meta charset="{encoding}">'
    )
    head = (
        f"<head>{charset}<meta name=\"SiteName\" content=\"政府信息公开\">"
        f"<meta name=\"ArticleTitle\" content=\"{title}\">"
        f"<meta name=\"PubDate\" content=\"{outline.meta['发布日期']} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}\">"
        f"<meta name=\"ContentSource\" content=\"{html.escape(report['agency'])}\">"
        f"<title>{title}</title></head>"
    )
    body: list[str] = []
    for block in outline.blocks:
        if block.kind == "title":
            body.append(f'<h1 class="title">{title}</h1>')
        elif block.kind == "heading":
            body.append(_heading(block.text))
        elif block.kind == "paragraph":
            body.append(f'<p style="text-indent:2em">{html.escape(block.text)}</p>')
        elif block.grid is not None:
            body += _table_parts(block.grid, style, blank, split_table3)
    meta = _metadata_block(outline.meta, rng.random() < 0.5) if with_metadata else ""
    page = (
        f"<!DOCTYPE html><html>{head}<body>"
        '<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>'
        f"{meta}<div id=\"zoom\" class=\"article\">{''.join(body)}</div>"
        '<div class="footer">主办单位：示例市人民政府办公室</div></body></html>'
    )
    return page.encode(encoding, errors="xmlcharrefreplace")
