"""The extraction engine's pieces on the cases real reports throw at it."""

from __future__ import annotations

import json
import random
import re
import subprocess
import unicodedata
import sys

import pytest
from opencc import OpenCC

from gknb.extract.decode import decode_bytes
from gknb.extract.readers.ole import OLE_MAGIC
from tests.expected_cases import SEEDS, cell_differences, expected_for, needs_shared
from gknb.transform.labels import normalise
from gknb.transform.numbers import Number, parse_number, split_cell
from gknb.transform.parse import parse_bytes, parse_path
from gknb.transform.solver import Item, solve_row


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("0", 0, None), ("０", 0, None), ("—", 0, None), ("/", 0, None), ("无", 0, None), ("1,234", 1234, None),
        ("１２", 12, None), ("+173", 173, None), ("-18", -18, None), ("1424.4万元", 1424.4, "万元"),
        ("251000元", 251000, "元"), ("7730.28", 7730.28, None), ("减4", -4, None), ("增12", 12, None),
        ("减少3", -3, None), ("增加1,200", 1200, None),
    ],
)
def test_numbers(text, value, unit):
    assert parse_number(text) == Number(value, unit)


@pytest.mark.parametrize("text", ["", "  ", "abc", "1.属于国家秘密", "2023年", "4 0 0"])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_split_cell_separates_glued_digits_and_ordinals():
    text = unicodedata.normalize("NFKC", "8.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息23000000232.没有现成信息")
    kinds = [(p.kind, p.text) for p in split_cell(text)]
    assert kinds == [
        ("label", "8.属于行政查询事项"), ("glued", "0000000"), ("label", "(四)无法提供1.本机关不掌握相关政府信息"),
        ("glued", "2300000023"), ("label", "2.没有现成信息"),
    ]
    assert [p.kind for p in split_cell("规章 0 0 0")] == ["label", "number", "number", "number"]
    assert [p.kind for p in split_cell("本年收到申请21件，办结2023年")] == ["label"]
    assert [p.kind for p in split_cell("本年(2023)制发件数")] == ["label"]


def test_normalise_brackets_spaces_ordinals():
    assert normalise("（二）部分公开") == normalise("(二) 部分\n公开") == "部分公开"
    assert normalise("2.其他法律行政法规禁止公开") == "其他法律行政法规禁止公开"


def test_glued_row_read_by_row_identity():
    def total(reading):
        return reading[-1] == sum(v or 0 for v in reading[:-1])

    read, _ = solve_row([Item("glued", "230100024")], 7, identity=total)
    assert read.values == (23, 0, 1, 0, 0, 0, 24) and read.inferred
    # 44,0,0,0,0,0,44 and 4,40,0,0,0,0,44 both add up: the row alone cannot decide.
    read, cands = solve_row([Item("glued", "440000044")], 7, identity=total)
    assert read.values is None and sorted(c[0] for c in cands) == [(4, 40, 0, 0, 0, 0, 44), (44, 0, 0, 0, 0, 0, 44)]


def test_glued_text_never_invents_table2_cells():
    text = (
        "某县财政局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件8855698"
        "第二十条第(五)项信息内容本年处理决定数量行政许可550第二十条第(六)项信息内容本年处理决定数量行政处罚12行政强制3"
        "第二十条第(八)项信息内容本年收费金额(单位:万元)行政事业性收费0\n三、收到和处理政府信息公开申请情况\n"
    )
    report = parse_bytes(text.encode(), "glued.txt")
    # 8855698 splits into three counts in many ways: the table is incomplete, not guessed,
    # and a null cell never stands for an undecided one.
    assert report.active_disclosure is None
    partial = report.partial_tables["active_disclosure"]
    assert partial["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert partial["administrative_licensing"] == {"decisions": 550}
    assert "normative_documents" not in partial
    assert any("normative_documents" in w and "readings" in w for w in report.warnings)


def test_decode_gbk_without_header_and_wrong_declared_charset():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>喆山镇</body></html>'
    data = page.encode("gb18030")
    text, enc, warnings = decode_bytes(data, "text/html")
    assert "喆山镇" in text and enc == "gb18030" and not warnings
    text, enc, warnings = decode_bytes(data, "text/html; charset=utf-8")
    assert "喆山镇" in text and warnings  # the header lied; detection overruled it


@needs_shared
def test_traditional_mirror_reads_the_same():
    seed = next(p for p in SEEDS if p.name.startswith("002"))
    traditional = OpenCC("s2t").convert(seed.read_text(encoding="utf-8"))
    report = parse_bytes(traditional.encode("utf-8"), "mirror.txt")
    assert cell_differences(report, expected_for(seed)) == []
    assert any("Traditional" in w for w in report.warnings)


@needs_shared
def test_one_cell_per_paragraph_with_gbk_encoding():
    seed = next(p for p in SEEDS if p.name.startswith("002"))
    report = parse_bytes(seed.read_text(encoding="utf-8").encode("gb18030"), "gbk.txt")
    assert cell_differences(report, expected_for(seed)) == []


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"", "failed", "empty"),
        (bytes(range(256)) * 64, "failed", "binary"),
        (b"<html><body><p>\xe4\xbb\x8a\xe5\xa4\xa9\xe5\xa4\xa9\xe6\xb0\x94</p></body></html>", "not_report", "not an annual report"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "failed", ""),
        (b"PK\x03\x04garbage", "failed", "zip"),
    ],
)
def test_bad_input_is_a_recorded_failure(data, status, message):
    report = parse_bytes(data, "bad")
    assert report.status == status
    assert message in (report.error or "")
    assert report.applications is None and all(c.status == "skipped" for c in report.checks)


def test_size_limit_refuses_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"0" * 2048)
    report = parse_path(big, max_bytes=1024)
    assert report.status == "failed" and "limit" in report.error


@needs_shared
def test_cli_one_bad_document_does_not_stop_the_rest(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    seed = next(p for p in SEEDS if p.name.startswith("000"))
    proc = subprocess.run(
        [sys.executable, "-m", "gknb", "parse", "--json", str(empty), str(seed)], capture_output=True, text=True, timeout=120
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1
    assert [d["status"] for d in lines] == ["failed", "parsed"]
    assert lines[1]["agency"] == "阿城区卫生健康局"


@needs_shared
def test_template_published_empty_gives_tables_of_nulls_not_zeros():
    seed = next(p for p in SEEDS if p.name.startswith("000"))
    empty = re.sub(r"(?m)^\t\d+$", "\t", seed.read_text(encoding="utf-8"))
    report = parse_bytes(empty.encode(), "empty.txt")
    assert report.status == "parsed"
    for table in (report.active_disclosure, report.applications, report.review_litigation):
        assert table is not None and all(v is None for row in table.values() for v in row.values())
    assert sum("every cell is blank" in w for w in report.warnings) == 3
    assert all(c.status == "pass" and c.blank_as_zero for c in report.checks)


@needs_shared
def test_legacy_word_binary_text_stream_is_read_as_table_rows():
    """A .doc/.wps keeps CJK text as UTF-16LE with U+0007 cell marks: rebuild one around seed 003."""
    seed = next(p for p in SEEDS if p.name.startswith("003"))
    lines = seed.read_text(encoding="utf-8").split("\n")
    stream = "\r".join(("\x07".join(ln.split("\t")) + "\x07\x07") if "\t" in ln else ln for ln in lines)
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(3000))
    data = OLE_MAGIC + junk[:1500] + stream.encode("utf-16-le") + junk
    report = parse_bytes(data, "report.wps")
    assert report.media_type == "doc"
    assert cell_differences(report, expected_for(seed)) == []
    unreadable = parse_bytes(OLE_MAGIC + junk, "empty.doc")
    assert unreadable.status == "failed" and "no readable Chinese text stream" in unreadable.error


# --- metadata stated the ways real reports state it ------------------------------------------

@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("宿迁市2023年政府信息公开工作年度报告", "宿迁市", 2023),  # the city's own report: a bare place
        ("Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告", "威海市文登区信访局", 2022),  # flipbook furniture
        ("杭州市西湖区人民政府2021年政府信息公开工作年度报告", "杭州市西湖区人民政府", 2021),
    ],
)
def test_agency_and_year_from_the_title(title, agency, year):
    from gknb.transform.metadata import detect

    info = detect(f"{title}\n一、总体情况\n本机关认真贯彻《条例》。", {})
    assert (info.agency, info.year) == (agency, year)


def test_the_portal_column_name_above_the_title_is_not_the_title():
    from gknb.transform.metadata import detect

    info = detect("政府信息公开年报\n葫芦岛市高新区管委会2024年政府信息公开工作年度报告\n一、总体情况", {})
    assert (info.agency, info.year) == ("葫芦岛市高新区管委会", 2024)


def test_agency_and_year_named_after_the_verb_in_the_preamble():
    from gknb.transform.metadata import detect

    text = "根据《中华人民共和国政府信息公开条例》要求，特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。"
    info = detect(f"{text}\n一、总体情况", {})
    assert (info.agency, info.year) == ("湛江市人民政府地方志办公室", 2023)


@pytest.mark.parametrize(
    ("opening", "year"),
    [("2020年，县审计局认真贯彻执行《条例》。", 2020), ("2019年我局政府信息公开工作运行良好。", 2019),
     ("全年主动公开信息26条，截止2020年12月31日历年累计公开26条。", 2020),
     ("现将我局2020年度政府信息公开情况报告如下：", 2020), ("现向社会汇报我镇2023年政府信息公开工作。", 2023),
     ("本局高度重视政府信息公开工作。2019年，文登区住建局共主动公开政府信息227条。2019年，收到申请3件。"
      "2020年，将进一步加强。", 2019)],
)
def test_year_a_report_without_title_still_states(opening, year):
    from gknb.transform.metadata import detect

    info = detect(f"一、总体情况\n{opening}\n二、主动公开政府信息情况", {})
    assert info.year == year
    assert any("no title or statistics period" in i.detail for i in info.issues)


def test_a_page_with_table_4_alone_under_the_2019_heading():
    """One page of a PDF flipbook: the end of Table 3 and Table 4 under the 2019 form's heading.
    Table 4 is read, Table 3 is not invented, and the form is the one in force for the year."""
    from gknb.synth.render.text import render_text
    from gknb.synth.values import random_report

    report = random_report(random.Random(3), fmt="2019")
    text = render_text(report, "tab_rows")
    old_heading = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    text = text.replace("四、政府信息公开行政复议、行政诉讼情况", old_heading)
    page = "Page 9 - 2020年报\n" + text[text.index(old_heading):]
    parsed = parse_bytes(page.encode(), "page9.txt")
    assert parsed.review_litigation == report["review_litigation"]
    assert parsed.applications is None and parsed.active_disclosure is None
    assert parsed.year == report["year"]
    assert parsed.format_version == ("2019" if report["year"] <= 2020 else "2021")


def test_workbooks_are_told_apart_from_word_files_by_their_bytes():
    from gknb.synth.render.sheet import render_xls, render_xlsx
    from gknb.synth.values import random_report
    from gknb.extract.read import sniff_media_type

    report = random_report(random.Random(4))
    assert sniff_media_type(render_xlsx(report), "附件1") == "xlsx"
    assert sniff_media_type(render_xls(report), "附件2") == "xls"
    damaged = parse_bytes(render_xls(report)[:3000], "cut.xls")
    assert damaged.status == "failed" and "xls" in (damaged.error or "")
