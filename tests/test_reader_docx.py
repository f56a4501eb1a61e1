"""DOCX: merged cells both ways, blanks, paragraphs between tables, a table split in two,
layout tables around the report, content controls, text boxes, headers, bad files."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gknb.extract.document import ReadError
from gknb.extract.readers.docx import read_docx
from gknb.model import report as model
from gknb.transform.parse import parse_bytes

GROUP_SIZES = {model.G_DENIED: 8, model.G_UNABLE: 3, model.G_NOT_PROCESSED: 5, model.G_OTHER: 3}


def _table3(doc, values: dict[str, list[int | None]], rows: tuple[model.RowSpec, ...]) -> None:
    """Table 3 as Word draws it: 3 label columns merged down and across, 7 value columns."""
    table = doc.add_table(rows=3 + len(rows), cols=10)
    head = table.cell(0, 0).merge(table.cell(2, 2))
    head.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for j, label in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        table.cell(2, 4 + j).text = label
    first_outcome = next(i for i, r in enumerate(rows) if r.group)
    last_outcome = max(i for i, r in enumerate(rows) if r.group)
    table.cell(3 + first_outcome, 0).merge(table.cell(3 + last_outcome, 0)).text = "三、本年度办理结果"
    seen: set[str] = set()
    for i, row in enumerate(rows):
        r = 3 + i
        if row.group in GROUP_SIZES:
            if row.group not in seen:
                seen.add(row.group)
                table.cell(r, 1).merge(table.cell(r + GROUP_SIZES[row.group] - 1, 1)).text = row.group
            table.cell(r, 2).text = row.label
        elif row.group:
            table.cell(r, 1).merge(table.cell(r, 2)).text = row.label
        else:
            table.cell(r, 0).merge(table.cell(r, 2)).text = row.label
        for j, v in enumerate(values[row.key]):
            table.cell(r, 3 + j).text = "" if v is None else str(v)


def _report_docx(values, rows) -> bytes:
    doc = new_docx()
    doc.add_paragraph("示例县财政局2023年政府信息公开工作年度报告")
    doc.add_paragraph("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。")
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    _table3(doc, values, rows)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    doc.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("seed", range(6))
def test_table3_with_merged_cells_and_blanks_round_trips(seed):
    rng = random.Random(seed)
    rows = model.TABLE3_2019.rows if seed % 2 else model.TABLE3_2021.rows
    values = {r.key: [None if rng.random() < 0.1 else rng.randint(0, 30) for _ in range(7)] for r in rows}
    report = parse_bytes(_report_docx(values, rows), "report.docx")
    assert report.media_type == "docx"
    assert report.agency == "示例县财政局" and report.year == 2023
    got = {k: [v[c] for c in model.APPLICANT_KEYS] for k, v in report.applications.items()}
    assert got == values


def test_merged_cells_appear_once_at_their_first_slot():
    rows = model.TABLE3_2021.rows
    values = {r.key: [0] * 7 for r in rows}
    doc = read_docx(_report_docx(values, rows), "x.docx")
    texts = [c.text for c in doc.cells]
    assert texts.count("三、本年度办理结果") == 1 and texts.count("（三）不予公开") == 1
    def row_of(label):
        anchor = next(c for c in doc.cells if c.text == label)
        return [(c.col, c.text) for c in doc.cells if c.row == anchor.row]

    # The first row of a vertical merge carries the group label; the rows below do not repeat it.
    assert row_of("1.属于国家秘密")[:2] == [(1, "（三）不予公开"), (2, "1.属于国家秘密")]
    assert row_of("2.其他法律行政法规禁止公开") == [(2, "2.其他法律行政法规禁止公开")] + [(c, "0") for c in range(3, 10)]
    assert doc.text.splitlines()[0] == "示例县财政局2023年政府信息公开工作年度报告"


def _saved(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _cells(data: bytes) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(c.text, c.row, c.col, c.table) for c in read_docx(data, "x.docx").cells]


def test_body_order_merges_blanks_and_a_split_table_cell_for_cell():
    doc = new_docx()
    doc.sections[0].header.paragraphs[0].text = "示例县人民政府门户网站"
    doc.sections[0].footer.paragraphs[0].text = "第 1 页"
    doc.add_paragraph("二、主动公开政府信息情况")
    t2 = doc.add_table(rows=3, cols=4)
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t2.cell(0, c).text = text
    t2.cell(1, 0).text, t2.cell(1, 1).text, t2.cell(1, 3).text = "规章", "0", "3"  # (1, 2) left blank
    t2.cell(2, 0).text = "行政规范性文件"
    t2.cell(2, 1).merge(t2.cell(2, 2)).text = "5"  # gridSpan
    t2.cell(2, 3).text = "7"
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    first = doc.add_table(rows=2, cols=3)  # a table split in two, as a page break pasted leaves it
    first.cell(0, 0).merge(first.cell(1, 0)).text = "三、本年度办理结果"  # vMerge restart + continue
    label = first.cell(0, 1)
    label.text = "（二）部分公开"
    label.add_paragraph("（区分处理的）")  # a label wrapped over two paragraphs
    first.cell(0, 2).text = "4"
    run = first.cell(1, 1).paragraphs[0].add_run("1.属于")
    run.add_break()  # and over a line break
    first.cell(1, 1).paragraphs[0].add_run("国家秘密")
    doc.add_paragraph("")  # empty paragraphs are not cells
    second = doc.add_table(rows=2, cols=3)
    second.cell(0, 0).merge(second.cell(1, 0))  # the rest of the cut merge: empty
    second.cell(0, 1).text, second.cell(0, 2).text = "2.其他法律行政法规禁止公开", "0"
    second.cell(1, 1).text, second.cell(1, 2).text = "3.危及“三安全一稳定”", "1"
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    assert _cells(_saved(doc)) == [
        ("二、主动公开政府信息情况", 0, None, None),
        ("信息内容", 1, 0, 0), ("本年制发件数", 1, 1, 0), ("本年废止件数", 1, 2, 0), ("现行有效件数", 1, 3, 0),
        ("规章", 2, 0, 0), ("0", 2, 1, 0), ("", 2, 2, 0), ("3", 2, 3, 0),
        ("行政规范性文件", 3, 0, 0), ("5", 3, 1, 0), ("7", 3, 3, 0),
        ("三、收到和处理政府信息公开申请情况", 4, None, None),
        ("三、本年度办理结果", 5, 0, 1), ("（二）部分公开（区分处理的）", 5, 1, 1), ("4", 5, 2, 1),
        ("1.属于国家秘密", 6, 1, 1), ("", 6, 2, 1),
        ("", 7, 0, 2), ("2.其他法律行政法规禁止公开", 7, 1, 2), ("0", 7, 2, 2),
        ("3.危及“三安全一稳定”", 8, 1, 2), ("1", 8, 2, 2),
        ("四、政府信息公开行政复议、行政诉讼情况", 9, None, None),
    ]
    assert "第 1 页" not in read_docx(_saved(doc), "x.docx").text


def test_layout_table_around_the_report_is_read_as_body():
    doc = new_docx()
    frame = doc.add_table(rows=1, cols=1)  # portals wrap the whole report in a one-cell table
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "示例县2023年政府信息公开工作年度报告"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "行政许可", "550"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "行政处罚", ""
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    doc.add_paragraph("五、存在的主要问题及改进情况")
    assert _cells(_saved(doc)) == [
        ("示例县2023年政府信息公开工作年度报告", 0, None, None),
        ("行政许可", 1, 0, 1), ("550", 1, 1, 1),
        ("行政处罚", 2, 0, 1), ("", 2, 1, 1),
        ("三、收到和处理政府信息公开申请情况", 3, None, None),
        ("五、存在的主要问题及改进情况", 4, None, None),
    ]


def test_content_controls_grid_before_and_text_boxes():
    doc = new_docx()
    body = doc.element.body
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>示例县人民政府</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(0, sdt)
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "信息内容", "本年制发件数", "现行有效件数"
    table.cell(1, 1).text, table.cell(1, 2).text = "3", "8"
    # Row 2 starts one grid column in (w:gridBefore) and has only two cells.
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    box = (
        f'<w:p {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r>'
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内文字</w:t>"
        "</w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
        "<w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    body.insert(len(body) - 1, parse_xml(box))  # before w:sectPr
    got = read_docx(_saved(doc), "x.docx")
    assert [(c.text, c.col, c.table) for c in got.cells] == [
        ("示例县人民政府", None, None),
        ("信息内容", 0, 0), ("本年制发件数", 1, 0), ("现行有效件数", 2, 0),
        ("3", 1, 0), ("8", 2, 0),
        ("框内文字", None, None),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_synthetic_reports_round_trip(seed):
    from gknb.synth.render.docx import render_docx
    from gknb.synth.values import random_report
    from tests.expected_cases import cell_differences

    truth = random_report(random.Random(seed), fmt="2019" if seed == 3 else "2021", blank_rate=0.1 * (seed % 2))
    report = parse_bytes(render_docx(truth), "synthetic.docx")
    assert report.media_type == "docx"
    assert cell_differences(report, truth) == []


def test_images_without_text_need_ocr():
    doc = new_docx()
    doc.add_paragraph("")._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:drawing/></w:r>"))  # a scanned page
    with pytest.raises(ReadError) as err:
        read_docx(_saved(doc), "scan.docx")
    assert err.value.status == "needs_ocr"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 not really a zip",
        b"plain text, not a zip",
        _zip({"hello.txt": b"a zip with no Word document"}),
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>cut"}),
    ],
    ids=["bad-zip", "not-zip", "no-document", "broken-xml"],
)
def test_not_a_docx_is_a_read_error(data):
    with pytest.raises(ReadError) as err:
        read_docx(data, "bad.docx")
    assert err.value.status == "failed"
    assert parse_bytes(data, "bad.docx", media_type="docx").status == "failed"
