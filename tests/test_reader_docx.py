"""DOCX: merged cells both ways, blanks, paragraphs between tables, a table split in two."""

from __future__ import annotations

import io
import random

import pytest
from docx import Document as new_docx

from extract.document import ReadError
from extract.readers.docx import read_docx
from transform import model
from transform.parse import parse_bytes

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


def test_not_a_docx_is_a_read_error():
    with pytest.raises(ReadError):
        read_docx(b"PK\x03\x04 not really a zip", "bad.docx")
